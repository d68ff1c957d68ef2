"""A mail backend whose server refuses every message, as a dead or hostile relay would."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """Raises what smtplib raises when the server answers 550; counts the tries."""

    tries = 0

    def send_messages(self, email_messages):
        RefusingBackend.tries += 1
        if self.fail_silently:
            return 0
        raise smtplib.SMTPDataError(550, b"5.7.1 Relaying denied")
