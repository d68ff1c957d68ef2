"""The sign-in and password forms, with Bootstrap styling and sensible autocomplete hints."""

from django.contrib.auth import forms as auth_forms
from django.template import loader
from django.utils import translation

from common.forms import BootstrapFormMixin
from mailing.tasks import queue_mail


class LoginForm(BootstrapFormMixin, auth_forms.AuthenticationForm):
    """Sign in with a username and password."""


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    """Change one's own password, knowing the old one."""


class PasswordResetForm(BootstrapFormMixin, auth_forms.PasswordResetForm):
    """Ask for a reset link by email, sent in the account's language, not the page's."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Queue the mail, subject, body and link (its prefix too) in the account's language.

        Like every mail, it leaves after the request commits (`mailing`), from
        DEFAULT_FROM_EMAIL, as plain text: the reset view sets neither a sender nor HTML.
        """
        user = context["user"]
        with translation.override(user.language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
            queue_mail(user, subject, body, address=to_email)


class SetPasswordForm(BootstrapFormMixin, auth_forms.SetPasswordForm):
    """Choose a new password from a reset link."""
