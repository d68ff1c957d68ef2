"""Demonstration data: IOM Morocco's partners, 40-odd plausible facilities and one user per role.

The records are in demo/data (accounts.toml, facilities.toml); this module reads them and creates
the organisations, facilities and users. The organisations and facilities are fictional (apart
from public institutions such as Entraide Nationale) but placed in real towns, with the provinces
and service codes loaded by the migrations. `demo.synthetic_facilities` adds thousands of
generated rows for load tests.
"""

import random
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from accounts.models import DEMO_EMAIL_DOMAIN, Organisation, User
from facilities.models import Facility, Province, Region, ServiceCategory, TargetGroup

from .data import load
from .facility_names import DEMO_NAMES

ALL_REGIONS = "all"

# key: name, acronym, kind, regions ("all" or HCP codes), phone, email
ORGANISATIONS = load("accounts")["organisations"]
# username, role, organisation key, first name, last name (the password is DEMO_PASSWORD)
DEMO_USERS = load("accounts")["users"]
# key: commune, province code, latitude, longitude, area code, postal code
TOWNS = load("facilities")["towns"]
# key: French, Arabic and English texts
OPENING_HOURS = load("facilities")["opening_hours"]
ACCESS_CONDITIONS = load("facilities")["access_conditions"]
# kind (or "returnees"): target groups, services, access conditions key, description
PROFILES = load("facilities")["profiles"]


@dataclass(frozen=True)
class DemoFacility:
    """One demonstration facility; the profile (by default its kind) fills in the rest."""

    code: str
    name: str
    kind: str
    organisation: str
    town: str
    capacity: int | None
    occupancy: int | None
    address: str
    owner: str
    mode: str
    status: str
    published: bool
    hours: str
    profile: str
    languages: tuple[str, ...]
    translated: bool
    extra_services: tuple[str, ...]
    name_ar: str
    name_en: str

    @classmethod
    def from_data(cls, row, defaults) -> "DemoFacility":
        """A facility from its row of facilities.toml, completed by [facility_defaults]."""
        fields = {"capacity": None, "occupancy": None, **defaults, **row}
        fields["kind"] = Facility.Kind(fields["kind"])
        fields["mode"] = Facility.ManagementMode(fields["mode"])
        fields["status"] = Facility.Status(fields["status"])
        return cls(**fields)


DEMO_FACILITIES = [
    DemoFacility.from_data(row, load("facilities")["facility_defaults"])
    for row in load("facilities")["facilities"]
]


def seed_organisations() -> tuple[dict[str, Organisation], int]:
    """Create the demonstration organisations that are missing; existing ones are left as they are.

    Returns the organisations by key and how many were created.
    """
    regions = {region.code: region for region in Region.objects.all()}
    organisations, created_count = {}, 0
    for key, row in ORGANISATIONS.items():
        organisation, created = Organisation.objects.get_or_create(
            name=row["name"],
            defaults={
                "acronym": row["acronym"],
                "kind": Organisation.Kind(row["kind"]),
                "phone": row.get("phone", ""),
                "email": row.get("email", ""),
            },
        )
        if created:
            codes = regions if row["regions"] == ALL_REGIONS else row["regions"]
            organisation.regions.set([regions[code] for code in codes])
            created_count += 1
        organisations[key] = organisation
    return organisations, created_count


def seed_facilities(organisations: dict[str, Organisation]) -> int:
    """Create the demonstration facilities that are missing (keyed on their DEMO- code).

    Facilities that already exist keep whatever was changed in them, except that an Arabic or
    English name they lack is filled in (see `name_demo_facilities`). Returns how many were
    created.
    """
    name_demo_facilities()
    existing = set(
        Facility.objects.filter(code__in=[f.code for f in DEMO_FACILITIES]).values_list(
            "code", flat=True
        )
    )
    provinces = {p.code: p for p in Province.objects.select_related("region")}
    services = {s.code: s for s in ServiceCategory.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    created = 0
    for demo in DEMO_FACILITIES:
        if demo.code in existing:
            continue
        facility = build_demo_facility(demo, organisations, provinces)
        profile = PROFILES[demo.profile or demo.kind]
        # One history record that already lists the services and groups, rather than three
        # (created, groups changed, services changed): skip history until the last M2M write.
        facility.skip_history_when_saving = True
        facility.full_clean()
        facility.save()
        facility.target_groups.set([groups[code] for code in profile["target_groups"]])
        del facility.skip_history_when_saving
        facility.services.set(
            [services[code] for code in (*profile["services"], *demo.extra_services)]
        )
        facility.history.update(history_type="+", history_change_reason="Demo data (seed_demo)")
        created += 1
    return created


def name_demo_facilities() -> int:
    """Give existing demonstration facilities the Arabic or English name they lack.

    Databases seeded before facilities had these names get them; a name typed by staff is kept.
    Each facility named gets one history record saying why. Returns how many were named.
    """
    named = 0
    missing = Q(name_ar="") | Q(name_en="")
    for facility in Facility.objects.filter(missing, code__in=DEMO_NAMES):
        arabic, english = DEMO_NAMES[facility.code]
        facility.name_ar = facility.name_ar or arabic
        facility.name_en = facility.name_en or english
        facility._change_reason = "Demo data (seed_demo): names in Arabic and English"
        facility.save(update_fields=["name_ar", "name_en", "updated_at"])
        named += 1
    return named


def build_demo_facility(
    demo: DemoFacility, organisations: dict[str, Organisation], provinces: dict[str, Province]
) -> Facility:
    """An unsaved Facility from a DemoFacility row, placed a few hundred metres from its town."""
    town = TOWNS[demo.town]
    commune = town["commune"]
    province = provinces[town["province"]]
    profile = PROFILES[demo.profile or demo.kind]
    # Seeded by the code: the same facility always gets the same jitter and phone number.
    rng = random.Random(demo.code)  # noqa: S311 (demo data, not security)
    hours = OPENING_HOURS[demo.hours]
    access = ACCESS_CONDITIONS[profile["access"]]
    translations = {"name_ar": demo.name_ar, "name_en": demo.name_en}
    for language in ("ar", "en"):
        if demo.translated:
            translations[f"opening_hours_{language}"] = hours[language]
            translations[f"access_conditions_{language}"] = access[language]
            translations[f"description_{language}"] = profile["description"][language]
    return Facility(
        code=demo.code,
        name=demo.name,
        kind=demo.kind,
        managing_organisation=organisations[demo.organisation],
        management_mode=demo.mode,
        owner_authority=demo.owner,
        region=province.region,
        province=province,
        commune=commune,
        address=f"{demo.address}, {commune}" if demo.address else "",
        postal_code=town["postal_code"],
        latitude=jitter(town["latitude"], rng),
        longitude=jitter(town["longitude"], rng),
        capacity=demo.capacity,
        occupancy=demo.occupancy,
        languages=list(demo.languages),
        opening_hours_fr=hours["fr"],
        access_conditions_fr=access["fr"],
        description_fr=profile["description"]["fr"],
        phone=f"+212 {town['area_code']}-{rng.randint(300000, 999999)}",
        whatsapp=f"+212 6{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"
        if rng.random() < 0.6
        else "",
        status=demo.status,
        is_published=demo.published,
        **translations,
    )


def jitter(coordinate: str, rng: random.Random, spread: float = 0.006) -> Decimal:
    """A coordinate moved by up to `spread` degrees (about 650 m), to six decimals."""
    return (Decimal(coordinate) + Decimal(str(rng.uniform(-spread, spread)))).quantize(
        Decimal("0.000001")
    )


# The secret of the demo accounts' authenticator app (those whose role requires a second factor):
# published like DEMO_PASSWORD, so it exists only with DEBUG on. Add it to an app with the key
# `seed_demo` prints, or read the current code with `manage.py demo_totp USERNAME`.
DEMO_TOTP_KEY = b"manara-demo-totp-key".hex()


def seed_second_factors(accounts: list[tuple[User, bool]]) -> list[User]:
    """Enrol the demo users who need a second factor with DEMO_TOTP_KEY (DEBUG only, like
    `seed_users`); returns those that use it. A user who already has an app keeps it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import permissions, twofactor

    enrolled = []
    for user, _has_demo_password in accounts:
        device = twofactor.app_device(user)
        if device is None and permissions.needs_second_factor(user):
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(
                user=user, name=twofactor.APP_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
            )
        if device is not None and device.key == DEMO_TOTP_KEY:
            enrolled.append(user)
    return enrolled


def seed_users(
    organisations: dict[str, Organisation], password: str, reset_passwords: bool = False
) -> list[tuple[User, bool]]:
    """Create the missing demonstration users with `password`; never call this unless DEBUG is on.

    Existing users keep their role, organisation and password, unless `reset_passwords` is true,
    in which case only their password changes. Returns each user and whether its password is now
    `password`.
    """
    accounts = []
    for row in DEMO_USERS:
        username, role = row["username"], User.Role(row["role"])
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                role=role,
                organisation=organisations[row["organisation"]],
                first_name=row["first_name"],
                last_name=row["last_name"],
                email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                is_coordinator=row.get("is_coordinator", False),
                is_staff=role == User.Role.ADMIN,
                is_superuser=role == User.Role.ADMIN,
            )
        elif not reset_passwords:
            accounts.append((user, False))
            continue
        user.set_password(password)
        user.save()
        accounts.append((user, True))
    return accounts
