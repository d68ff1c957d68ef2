"""The sign-in and password forms, with Bootstrap styling and sensible autocomplete hints."""

from django.contrib.auth import forms as auth_forms

from config.forms import BootstrapFormMixin


class LoginForm(BootstrapFormMixin, auth_forms.AuthenticationForm):
    """Sign in with a username and password."""


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    """Change one's own password, knowing the old one."""


class PasswordResetForm(BootstrapFormMixin, auth_forms.PasswordResetForm):
    """Ask for a reset link by email."""


class SetPasswordForm(BootstrapFormMixin, auth_forms.SetPasswordForm):
    """Choose a new password from a reset link."""
