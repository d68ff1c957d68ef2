"""Morocco's administrative map, the shared service taxonomy and the reception facilities."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import permissions
from common.concurrency import VersionedModel

from .managers import FacilityManager

# Morocco's bounding box, Western Sahara's southern provinces included (Lagouira ~20.8 N).
MOROCCO_LATITUDE = (Decimal("20.5"), Decimal("36.1"))
MOROCCO_LONGITUDE = (Decimal("-17.3"), Decimal("-0.9"))
# A facility may be over-crowded, but more than three people per place is a typing error.
MAX_OCCUPANCY_RATIO = 3


def localized(
    instance, field: str, language: str | None = None, *, french_field: str | None = None
) -> tuple[str, bool]:
    """Return the text of `field_<lang>` in the active language and whether it fell back to French.

    French is the language every record must have; Arabic and English are added by translators.
    `french_field` names the French text when it is not `field_fr` (a facility's `name`).
    """
    language = (language or get_language() or "fr")[:2]
    french = getattr(instance, french_field or f"{field}_fr", "") or ""
    if language == "fr":
        return french, False
    text = getattr(instance, f"{field}_{language}", "") or ""
    if text:
        return text, False
    return french, True


class TranslatedName(models.Model):
    """Reference data named in French, Arabic and English; `name` follows the active language."""

    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")[0]


class Region(TranslatedName):
    """One of Morocco's 12 regions (2015 division), with its HCP code and OCHA p-code."""

    code = models.CharField(_("HCP code"), max_length=2, unique=True)
    pcode = models.CharField(_("OCHA p-code"), max_length=10, blank=True)
    capital_fr = models.CharField(_("capital"), max_length=80, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=4, null=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=4, null=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Province(TranslatedName):
    """A province or prefecture, with its 3-digit HCP code (unique nationally)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture")

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="provinces"
    )
    code = models.CharField(_("HCP code"), max_length=3, unique=True)
    pcode = models.CharField(_("OCHA p-code"), max_length=10, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["region__code", "name_fr"]
        verbose_name = _("province or prefecture")
        verbose_name_plural = _("provinces and prefectures")


class ServiceCategory(TranslatedName):
    """A kind of service, shared by facilities and by the referral pathways."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")


class TargetGroup(TranslatedName):
    """A group of people a facility is meant for (women, unaccompanied minors, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_vulnerable = models.BooleanField(
        _("vulnerable group"),
        default=True,
        help_text=_("Counts towards a facility's priority when it serves this group."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Facility(VersionedModel):
    """A place that receives migrants: who runs it, where it is, whom it serves and how.

    What the public pages say about it is in French, Arabic and English (name, opening hours,
    access conditions, description), French being required. The commune and the address stay as
    written: they are a postal address, to be copied onto an envelope or typed into a map, and
    the province and region beside them on a public page are named in the visitor's language.
    The slug of its public address is made once from the French name, the same in every language.
    """

    class Kind(models.TextChoices):
        RECEPTION_CENTRE = "reception_centre", _("Reception centre")
        SHELTER = "shelter", _("Shelter")
        DAY_CENTRE = "day_centre", _("Day centre")
        WOMEN_SAFE_SPACE = "women_safe_space", _("Safe space for women")
        CHILD_PROTECTION = "child_protection", _("Child protection unit")
        LISTENING_CENTRE = "listening_centre", _("Listening and guidance centre")
        HEALTH_CENTRE = "health_centre", _("Health centre")
        MULTIPURPOSE = "multipurpose", _("Multipurpose social centre")
        TRANSIT = "transit", _("Transit centre")
        OTHER = "other", _("Other")

    class ManagementMode(models.TextChoices):
        DIRECT = "direct", _("Direct management")
        DELEGATED = "delegated", _("Delegated management")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Open")
        TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")
        UNDER_RENOVATION = "under_renovation", _("Under renovation")
        PLANNED = "planned", _("Planned")
        CLOSED = "closed", _("Closed")

    LANGUAGE_CHOICES = [
        ("ar", _("Arabic")),
        ("ary", _("Moroccan Arabic (Darija)")),
        ("zgh", _("Tamazight")),
        ("fr", _("French")),
        ("en", _("English")),
        ("es", _("Spanish")),
        ("wo", _("Wolof")),
        ("bm", _("Bambara")),
        ("ff", _("Fula")),
        ("ln", _("Lingala")),
        ("pt", _("Portuguese")),
    ]

    # The fields people edit, in groups and in order: the back office's fieldsets, the staff form
    # (all but the code, which the system gives) and the spreadsheet's columns are made from it.
    EDITED_FIELDS = (
        (_("Identity"), ("code", "name", "kind", "name_ar", "name_en", "status", "is_published")),
        (_("Management"), ("managing_organisation", "management_mode", "owner_authority")),
        (
            _("Location"),
            ("region", "province", "commune", "address", "postal_code", "latitude", "longitude"),
        ),
        (
            _("People and services"),
            ("capacity", "occupancy", "target_groups", "services", "languages"),
        ),
        (
            _("Information for migrants"),
            (
                "opening_hours_fr",
                "opening_hours_ar",
                "opening_hours_en",
                "access_conditions_fr",
                "access_conditions_ar",
                "access_conditions_en",
                "description_fr",
                "description_ar",
                "description_en",
            ),
        ),
        (_("Contacts"), ("phone", "whatsapp", "email", "contact_person")),
        (_("Verification"), ("last_verified_on",)),
    )

    @classmethod
    def edited_field_names(cls) -> list[str]:
        return [name for _group, names in cls.EDITED_FIELDS for name in names]

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        blank=True,
        help_text=_("Left empty, it is made from the region code and a number."),
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True, editable=False)
    name = models.CharField(_("name (French)"), max_length=200)
    name_ar = models.CharField(
        _("name (Arabic)"),
        max_length=200,
        blank=True,
        help_text=_("Left empty, the public pages show the French name."),
    )
    name_en = models.CharField(
        _("name (English)"),
        max_length=200,
        blank=True,
        help_text=_("Left empty, the public pages show the French name."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    managing_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("managing organisation"),
        on_delete=models.PROTECT,
        related_name="managed_facilities",
    )
    management_mode = models.CharField(
        _("management mode"),
        max_length=20,
        choices=ManagementMode.choices,
        default=ManagementMode.DELEGATED,
    )
    owner_authority = models.CharField(
        _("owner authority"),
        max_length=200,
        blank=True,
        help_text=_("The public authority that owns the building, if any."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="facilities"
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province or prefecture"),
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{5}$", _("A Moroccan postal code has five digits."))],
        help_text=_("Five digits, for example 60000 in Oujda."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Number of places.")
    )
    occupancy = models.PositiveIntegerField(
        _("occupancy"), null=True, blank=True, help_text=_("People present at the last count.")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="facilities", blank=True
    )
    services = models.ManyToManyField(
        ServiceCategory, verbose_name=_("services"), related_name="facilities", blank=True
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    opening_hours_fr = models.CharField(_("opening hours (French)"), max_length=200, blank=True)
    opening_hours_ar = models.CharField(_("opening hours (Arabic)"), max_length=200, blank=True)
    opening_hours_en = models.CharField(_("opening hours (English)"), max_length=200, blank=True)
    access_conditions_fr = models.TextField(_("access conditions (French)"), blank=True)
    access_conditions_ar = models.TextField(_("access conditions (Arabic)"), blank=True)
    access_conditions_en = models.TextField(_("access conditions (English)"), blank=True)
    description_fr = models.TextField(_("public description (French)"), blank=True)
    description_ar = models.TextField(_("public description (Arabic)"), blank=True)
    description_en = models.TextField(_("public description (English)"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown in the public directory for migrants.")
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[target_groups, services],
        # The version stays in history: it tells a stale form which records came after its page.
        excluded_fields=["updated_at", "slug", "changed_by", "changed_at"],
    )
    objects = FacilityManager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        indexes = [
            models.Index(fields=["region", "status"]),
            models.Index(fields=["is_published", "status"]),
            models.Index(fields=["kind"]),
            # The staff list's orderings (default and sortable columns): a page of 50 read from
            # the index instead of a sort of the whole table (EXPLAIN at 10,000 facilities).
            models.Index(fields=["name", "id"], name="facility_name_order"),
            models.Index(fields=["capacity"], name="facility_capacity_order"),
            models.Index(fields=["occupancy"], name="facility_occupancy_order"),
            models.Index(fields=["updated_at"], name="facility_updated_order"),
            # The published-data stamp every public cache keys on (`directory.freshness`):
            # COUNT(*) and MAX(updated_at) of the published rows from this index alone (EXPLAIN
            # at 10,000 facilities, 7,157 published: an index-only scan, 1.3 ms once vacuumed).
            models.Index(
                fields=["updated_at"],
                condition=models.Q(is_published=True, status="active"),
                name="facility_published_stamp",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="facility_coordinates_both_or_neither",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = self._next_code()
        if not self.slug:
            self.slug = slugify(f"{self.name}-{self.code}")[:220]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("facilities:detail", args=[self.pk])

    def clean(self):
        """Check what a form cannot: coordinates in Morocco, a sane occupancy, a coherent place."""
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.latitude is not None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        if self.latitude is not None and not (
            MOROCCO_LATITUDE[0] <= self.latitude <= MOROCCO_LATITUDE[1]
        ):
            errors["latitude"] = _(
                "The latitude must be in Morocco (between %(min)s and %(max)s)."
            ) % {
                "min": MOROCCO_LATITUDE[0],
                "max": MOROCCO_LATITUDE[1],
            }
        if self.longitude is not None and not (
            MOROCCO_LONGITUDE[0] <= self.longitude <= MOROCCO_LONGITUDE[1]
        ):
            errors["longitude"] = _(
                "The longitude must be in Morocco (between %(min)s and %(max)s)."
            ) % {"min": MOROCCO_LONGITUDE[0], "max": MOROCCO_LONGITUDE[1]}
        if (
            self.occupancy is not None
            and self.capacity is not None
            and self.occupancy > self.capacity * MAX_OCCUPANCY_RATIO
        ):
            errors["occupancy"] = _(
                "An occupancy of %(occupancy)s for %(capacity)s places is not plausible; "
                "check both figures."
            ) % {"occupancy": self.occupancy, "capacity": self.capacity}
        if self.province_id and self.region_id and self.province.region_id != self.region_id:
            errors["province"] = _("%(province)s is not in the region %(region)s.") % {
                "province": self.province,
                "region": self.region,
            }
        if errors:
            raise ValidationError(errors)

    def _next_code(self) -> str:
        prefix = f"F{self.region.code}-"
        last = (
            Facility.objects.filter(code__startswith=prefix)
            .order_by("-code")
            .values_list("code", flat=True)
            .first()
        )
        number = (
            int(last.removeprefix(prefix)) + 1
            if last and last.removeprefix(prefix).isdigit()
            else 1
        )
        return f"{prefix}{number:05d}"

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def occupancy_rate(self) -> int | None:
        """Occupancy as a percentage of capacity, or None when either figure is missing."""
        if not self.capacity or self.occupancy is None:
            return None
        return round(100 * self.occupancy / self.capacity)

    @property
    def postal_address(self) -> str:
        """Street, commune and province as one line, in the active language's list separator
        (Arabic's own comma). Only the parts that are known, each once: a blank street prints
        no placeholder, and a commune already written at the end of the street or named like
        its province is not repeated."""
        province = self.province.name if self.province_id else ""
        parts: list[str] = []
        printed: set[str] = set()
        for part in (self.address.strip(), self.commune.strip(), province):
            if part and part.casefold() not in printed:
                parts.append(part)
                printed.update(piece.strip().casefold() for piece in re.split("[,،]", part))
        return pgettext("list separator", ", ").join(parts)

    def language_names(self) -> list[str]:
        names = dict(self.LANGUAGE_CHOICES)
        return [str(names.get(code, code)) for code in self.languages]

    @property
    def public_name(self) -> tuple[str, bool]:
        """The name in the active language and whether it fell back to the French `name`."""
        return localized(self, "name", french_field="name")

    def description(self) -> tuple[str, bool]:
        return localized(self, "description")

    def access_conditions(self) -> tuple[str, bool]:
        return localized(self, "access_conditions")

    def opening_hours(self) -> tuple[str, bool]:
        return localized(self, "opening_hours")

    @classmethod
    def can_be_created_by(cls, user) -> bool:
        """IOM roles create any facility; a partner creates those its organisation manages."""
        return user.is_authenticated and permissions.collects_data(user)
