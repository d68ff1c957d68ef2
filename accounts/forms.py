"""The sign-in and password forms, with Bootstrap styling and sensible autocomplete hints."""

from django.contrib.auth import forms as auth_forms
from django.utils import translation

from config.forms import BootstrapFormMixin


class LoginForm(BootstrapFormMixin, auth_forms.AuthenticationForm):
    """Sign in with a username and password."""


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    """Change one's own password, knowing the old one."""


class PasswordResetForm(BootstrapFormMixin, auth_forms.PasswordResetForm):
    """Ask for a reset link by email, sent in the account's language, not the page's."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Render subject, body and link (its language prefix too) in the account's language."""
        with translation.override(context["user"].language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class SetPasswordForm(BootstrapFormMixin, auth_forms.SetPasswordForm):
    """Choose a new password from a reset link."""
