"""The sign-in and password forms, with Bootstrap styling and sensible autocomplete hints."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

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


class CodeForm(BootstrapFormMixin, forms.Form):
    """A code of the authenticator app (six digits) or, at sign-in, a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, digits_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if digits_only:
            self.fields["code"].label = _("Six-digit code from the app")
            self.fields["code"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9 ]*"})
        else:
            self.fields["code"].help_text = _(
                "The six digits your authenticator app shows now, or one of your recovery codes."
            )


class IdentityCheckForm(BootstrapFormMixin, forms.Form):
    """The password, or a code of the app, again before a case's identity is shown."""

    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Or a code of your authenticator app"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, with_password=True, with_code=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_password:
            del self.fields["password"]
            self.fields["code"].label = _("Code of your authenticator app")
        if not with_code:
            del self.fields["code"]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("password", "code")):
            raise forms.ValidationError(
                _("Enter your password or a code of your app.")
                if len(self.fields) > 1
                else self.fields["code"].error_messages["required"]
            )
        return cleaned
