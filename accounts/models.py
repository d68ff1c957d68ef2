"""Organisations and the people who work in them, with the role that decides what they may do,
and the invitations that bring new people in."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import permissions
from common.concurrency import VersionedModel

# The e-mail domain of the demonstration accounts `seed_demo` makes (DEBUG only). With DEBUG off
# they open nothing (accounts/backends.py) and `check --deploy` lists them (accounts/checks.py).
DEMO_EMAIL_DOMAIN = "demo.manara.invalid"

LANGUAGES = [("fr", "Français"), ("ar", "العربية"), ("en", "English")]


class OrganisationQuerySet(models.QuerySet):
    def users_managed_by(self, user) -> "OrganisationQuerySet":
        """The organisations whose users `user` manages: every one for IOM roles, their own for a
        coordinator, none for anyone else (rules in accounts/permissions.py)."""
        if permissions.manages_users_of_every_organisation(user):
            return self.all()
        if permissions.coordinates_an_organisation(user):
            return self.filter(pk=user.organisation_id)
        return self.none()


class Organisation(VersionedModel):
    """An organisation that runs facilities, assesses them or refers people: IOM, NGOs, ..."""

    class Kind(models.TextChoices):
        IOM = "iom", _("IOM")
        GOVERNMENT = "government", _("Government")
        NGO = "ngo", _("NGO")
        UN_AGENCY = "un_agency", _("UN agency")
        PRIVATE = "private", _("Private sector")
        ACADEMIC = "academic", _("Academic")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # A lazy reference: the Region model belongs to `facilities`, which depends on this app.
    regions = models.ManyToManyField(
        "facilities.Region",
        verbose_name=_("regions covered"),
        related_name="organisations",
        blank=True,
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    requires_two_factor = models.BooleanField(
        _("requires two-factor sign-in"),
        default=False,
        help_text=_(
            "Its people must sign in with a code from an authenticator app as well as their "
            "password (always the case for administrators and IOM staff)."
        ),
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class User(VersionedModel, AbstractUser):
    """A person who signs in. The role, not Django's permission tables, decides what they may do."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        IOM_STAFF = "iom_staff", _("IOM staff")
        PARTNER = "partner", _("Partner")
        VIEWER = "viewer", _("Viewer")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=LANGUAGES, default="fr"
    )
    is_coordinator = models.BooleanField(
        _("coordinator"),
        default=False,
        help_text=_(
            "A partner who invites, deactivates and reactivates the users of their own "
            "organisation."
        ),
    )

    objects = UserManager()

    # Signing in stamps last_login: not a change anyone edits, so it moves no version.
    UNVERSIONED_FIELDS = frozenset({"last_login"})

    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "changed_by", "changed_at"]
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def language(self) -> str:
        """The language Manara writes to this person in: the preferred one, else French.

        Every mail and notification uses it, so an empty or unknown preference cannot leak the
        sender's language (or Django's German) into a message.
        """
        if self.preferred_language in dict(settings.LANGUAGES):
            return self.preferred_language
        return settings.LANGUAGE_CODE

    @property
    def is_demo(self) -> bool:
        """A demonstration account of `seed_demo`: its e-mail is at DEMO_EMAIL_DOMAIN."""
        return self.email.lower().endswith("@" + DEMO_EMAIL_DOMAIN)

    # The roles, as templates and code read them; the rules are in accounts/permissions.py.
    @property
    def is_admin(self) -> bool:
        """True for Manara administrators (and Django superusers, who can do anything anyway)."""
        return permissions.is_admin(self)

    @property
    def is_iom(self) -> bool:
        """True for the roles that read and write everything: admin and IOM staff."""
        return permissions.is_iom(self)

    @property
    def is_partner(self) -> bool:
        """True for partner staff, whose writes are limited to their organisation's records."""
        return permissions.is_partner(self)

    @property
    def is_viewer(self) -> bool:
        """True for viewers, who read and aggregate but never write."""
        return permissions.is_viewer(self)


INVITATION_DAYS = 7


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def with_related(self) -> "InvitationQuerySet":
        """With the organisation, the inviter and the account it made, for lists."""
        return self.select_related("organisation", "invited_by", "user")

    def pending(self) -> "InvitationQuerySet":
        """Neither accepted, cancelled nor expired: its link still opens an account."""
        return self.filter(
            accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
        )

    def by_token(self, token: str) -> "Invitation | None":
        """The invitation whose link carries `token` (whatever its state), or None."""
        if not token or len(token) > 100:
            return None
        return self.with_related().filter(token_hash=_token_hash(token)).first()


class Invitation(models.Model):
    """A person asked by e-mail to join an organisation with a role, through a single-use link.

    The link's token is random (256 bits) and only its SHA-256 is stored: a copy of the database
    opens no account, a new token (`renew`) kills the old link at once, and accepting is one
    conditional update, so a link works once even when clicked twice. A slow hash would add
    nothing against a random 256-bit token.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=20, choices=User.Role.choices)
    is_coordinator = models.BooleanField(_("coordinator"), default=False)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES, default="fr")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.cancelled_at:
            return self.Status.CANCELLED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def new_token(self) -> str:
        """A fresh token for the link (the old one stops working), valid INVITATION_DAYS from
        now; returned once, to put in the mail, never stored."""
        token = secrets.token_urlsafe(32)
        self.token_hash = _token_hash(token)
        start = self.created_at if self._state.adding else timezone.now()
        self.expires_at = start + datetime.timedelta(days=INVITATION_DAYS)
        return token

    def claim(self) -> bool:
        """Mark a pending invitation accepted, once: False when it was accepted, cancelled or
        had expired meanwhile (a second click, a resend), writing nothing."""
        now = timezone.now()
        claimed = (
            Invitation.objects.pending()
            .filter(pk=self.pk, token_hash=self.token_hash)
            .update(accepted_at=now)
        )
        if claimed:
            self.accepted_at = now
        return bool(claimed)
