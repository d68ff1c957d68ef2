"""Organisations and the people who work in them, with the role that decides what they may do."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import permissions
from common.concurrency import VersionedModel

# The e-mail domain of the demonstration accounts `seed_demo` makes (DEBUG only). With DEBUG off
# they open nothing (accounts/backends.py) and `check --deploy` lists them (accounts/checks.py).
DEMO_EMAIL_DOMAIN = "demo.manara.invalid"


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
        _("preferred language"),
        max_length=5,
        choices=[("fr", "Français"), ("ar", "العربية"), ("en", "English")],
        default="fr",
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
