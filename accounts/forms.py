"""The sign-in, password and invitation forms, with Bootstrap styling and sensible autocomplete
hints."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.forms import BootstrapFormMixin
from mailing.tasks import queue_mail

from . import permissions
from .invitations import email_has_account
from .models import Invitation, Organisation, User


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


class InvitationForm(BootstrapFormMixin, forms.ModelForm):
    """Invite someone by e-mail into an organisation with a role the inviter may give.

    The lists offer only the organisations and roles the inviter may choose; a posted choice
    outside them is refused with a message saying why, and nothing is written.
    """

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True)
    )

    class Meta:
        model = Invitation
        fields = [
            "email",
            "first_name",
            "last_name",
            "organisation",
            "role",
            "is_coordinator",
            "language",
        ]
        labels = {"language": _("Language of the invitation and of Manara for them")}
        help_texts = {
            "is_coordinator": _(
                "Partners only: they may invite, deactivate and reactivate the users of their "
                "organisation."
            )
        }

    def __init__(self, *args, inviter: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.inviter = inviter
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        if not permissions.is_iom(inviter):
            organisation = inviter.organisation
            self.fields["organisation"].widget.choices = [(organisation.pk, str(organisation))]
            self.fields["organisation"].initial = organisation.pk
        # Without script the list cannot follow the organisation chosen: it offers the roles of
        # the organisation given (or any the inviter may give) and clean() checks the pair.
        organisation = self.initial_organisation()
        if organisation is not None:
            offered = set(permissions.invitable_roles(inviter, organisation))
        else:
            offered = {
                role
                for kind in Organisation.Kind.values
                for role in permissions.invitable_roles(inviter, Organisation(kind=kind))
            }
        self.fields["role"].widget.choices = [
            choice for choice in User.Role.choices if choice[0] in offered
        ]

    def initial_organisation(self):
        """The organisation chosen (posted, else given), for the roles offered."""
        value = self.data.get("organisation") if self.is_bound else None
        value = value or self.initial.get("organisation") or self.fields["organisation"].initial
        if isinstance(value, Organisation):
            return value
        return Organisation.objects.filter(pk=value).first() if str(value).isdigit() else None

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"].strip())
        if email_has_account(email):
            raise forms.ValidationError(
                _("An account with this address already exists: no invitation is needed.")
            )
        if Invitation.objects.pending().filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("This address already has a pending invitation: resend it from the list.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        organisation, role = cleaned.get("organisation"), cleaned.get("role")
        if organisation is None or not role:
            return cleaned
        if not permissions.manages_users_of(self.inviter, organisation):
            self.add_error(
                "organisation", _("You may invite people into your own organisation only.")
            )
        elif not permissions.may_invite(self.inviter, organisation, role):
            self.add_error(
                "role",
                _("You may not give this role in this organisation: choose one of those offered."),
            )
        elif cleaned.get("is_coordinator") and role != User.Role.PARTNER:
            self.add_error("is_coordinator", _("Only partners can be coordinators."))
        return cleaned


class AcceptInvitationForm(BootstrapFormMixin, auth_forms.SetPasswordMixin, forms.Form):
    """The invited person's name and password (Django's password validators)."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1, password2 = auth_forms.SetPasswordMixin.create_password_fields()

    def __init__(self, *args, invitation: Invitation, **kwargs):
        kwargs.setdefault(
            "initial", {"first_name": invitation.first_name, "last_name": invitation.last_name}
        )
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        cleaned = super().clean()
        # The validators compare the password with the person's name and address.
        person = User(
            username=self.invitation.email,
            email=self.invitation.email,
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        self.validate_passwords()
        self.validate_password_for_user(person)
        return cleaned
