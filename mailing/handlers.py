"""The report of an unhandled error to ADMINS, queued like every mail instead of sent from the
failing request (Django's `AdminEmailHandler` talks to the mail server before the 500 leaves).

The rows are written outside the failed request's transaction (Django has rolled it back by the
time the error is logged). When they cannot be written (the database is down, often the very
cause of the error), the report is sent from a thread of its own: the person who met the error
still gets their page at once, and the report is not lost.
"""

import threading

from django.conf import settings
from django.db import transaction
from django.utils.log import AdminEmailHandler


class QueuedAdminEmailHandler(AdminEmailHandler):
    """`AdminEmailHandler` whose mails go through `mailing.tasks.queue_mails`."""

    def send_mail(self, subject, message, *args, **kwargs):
        if not settings.ADMINS:
            return
        # Imported here: logging is configured before the apps (and their models) are loaded.
        from .tasks import Mail, queue_mails

        try:
            with transaction.atomic():
                queue_mails(
                    Mail(None, f"{settings.EMAIL_SUBJECT_PREFIX}{subject}", message, "", address)
                    for _name, address in settings.ADMINS
                )
        except Exception:  # noqa: BLE001 (whatever stops the queue, the report must still go)
            threading.Thread(
                target=super().send_mail, args=(subject, message, *args), kwargs=kwargs, daemon=True
            ).start()
