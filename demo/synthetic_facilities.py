"""Synthetic facilities in bulk, for load tests and benchmarks (`seed_demo --facilities N`).

Rows are inserted with bulk_create (history is not recorded for them), spread over the 12
regions, each in a province of its region and near the regional capital.
"""

import random

from django.db import transaction
from django.db.models.functions import Length
from django.utils.text import slugify

from accounts.models import Organisation
from facilities.models import Facility, Region, ServiceCategory, TargetGroup

from .data import load
from .facilities import OPENING_HOURS, jitter

S = Facility.Status

SYNTHETIC_PREFIX = "SYN-"
# French names of the kinds, for generated facility names (the model's labels are translatable),
# from demo/data/facilities.toml; the kinds are drawn in this order.
SYNTHETIC_NAMES = {
    Facility.Kind(kind): name for kind, name in load("facilities")["synthetic_names"].items()
}
SYNTHETIC_KINDS = list(SYNTHETIC_NAMES)
SYNTHETIC_STATUSES = [S.ACTIVE] * 16 + [S.TEMPORARILY_CLOSED, S.UNDER_RENOVATION, S.PLANNED]


def next_synthetic_number() -> int:
    """The number the next synthetic facility gets: one more than the highest SYN- code."""
    last = (
        Facility.objects.filter(code__startswith=SYNTHETIC_PREFIX)
        .order_by(Length("code").desc(), "-code")
        .values_list("code", flat=True)
        .first()
    )
    suffix = last.removeprefix(SYNTHETIC_PREFIX) if last else ""
    return int(suffix) + 1 if suffix.isdigit() else 1


@transaction.atomic
def create_synthetic_facilities(count: int, batch_size: int = 1000) -> list[str]:
    """Add `count` generated facilities in bulk, spread over the 12 regions; returns their codes.

    Rows are inserted with bulk_create, which skips Facility.save() and the history: codes
    (SYN-000001, continuing after the existing ones) and slugs are set here, and synthetic
    facilities have no history records. Managing organisations are drawn from the existing NGOs and
    government bodies (any organisation if there are none).
    """
    organisations = list(
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.NGO, Organisation.Kind.GOVERNMENT]
        ).values_list("pk", flat=True)
    ) or list(Organisation.objects.values_list("pk", flat=True))
    if not organisations:
        raise ValueError("Synthetic facilities need at least one organisation: run seed_demo.")
    regions = list(Region.objects.prefetch_related("provinces"))
    service_ids = list(ServiceCategory.objects.values_list("pk", flat=True))
    group_ids = list(TargetGroup.objects.values_list("pk", flat=True))
    first = next_synthetic_number()
    rng = random.Random(first)  # noqa: S311 (load-test data, not security)
    services_field = Facility._meta.get_field("services")
    groups_field = Facility._meta.get_field("target_groups")
    codes = []
    for start in range(0, count, batch_size):
        batch = []
        for number in range(first + start, first + min(start + batch_size, count)):
            region = regions[number % len(regions)]
            code = f"{SYNTHETIC_PREFIX}{number:06d}"
            kind = rng.choice(SYNTHETIC_KINDS)
            name = f"{SYNTHETIC_NAMES[kind]} {region.capital_fr} {number}"
            capacity = rng.choice([None, *range(10, 150, 5)])
            batch.append(
                Facility(
                    code=code,
                    slug=slugify(f"{name}-{code}")[:220],
                    name=name,
                    kind=kind,
                    managing_organisation_id=rng.choice(organisations),
                    management_mode=rng.choice(Facility.ManagementMode.values),
                    region=region,
                    province=rng.choice(region.provinces.all()),
                    commune=region.capital_fr,
                    postal_code=f"{rng.randint(10, 93)}{rng.choice(['000', '100', '250'])}",
                    latitude=jitter(str(region.latitude), rng, spread=0.15),
                    longitude=jitter(str(region.longitude), rng, spread=0.15),
                    capacity=capacity,
                    occupancy=rng.randint(0, capacity) if capacity else None,
                    languages=rng.sample(["ar", "ary", "zgh", "fr", "en", "es"], 3),
                    opening_hours_fr=OPENING_HOURS["weekdays"]["fr"],
                    phone=f"+212 5{rng.randint(22, 39)}-{rng.randint(300000, 999999)}",
                    status=rng.choice(SYNTHETIC_STATUSES),
                    is_published=rng.random() < 0.85,
                )
            )
        created = Facility.objects.bulk_create(batch)
        if any(facility.pk is None for facility in created):
            # Databases that cannot return ids from a bulk insert: read them back by code.
            ids = dict(
                Facility.objects.filter(code__in=[f.code for f in batch]).values_list("code", "pk")
            )
            for facility in created:
                facility.pk = ids[facility.code]
        _bulk_link(services_field, created, service_ids, rng, 2, 6)
        _bulk_link(groups_field, created, group_ids, rng, 1, 4)
        codes.extend(facility.code for facility in created)
    return codes


def _bulk_link(m2m_field, facilities, target_ids, rng, fewest, most) -> None:
    """Insert M2M through rows linking each facility to a few random targets, in one query."""
    through = m2m_field.remote_field.through
    source = f"{m2m_field.m2m_field_name()}_id"
    target = f"{m2m_field.m2m_reverse_field_name()}_id"
    rows = [
        through(**{source: facility.pk, target: target_id})
        for facility in facilities
        for target_id in rng.sample(target_ids, rng.randint(fewest, min(most, len(target_ids))))
    ]
    through.objects.bulk_create(rows, batch_size=5000)
