"""Synthetic cases, referrals and notifications in bulk, for the referrals benchmark.

Rows are inserted with bulk_create: no history, no status log, no mail. Cases carry no name nor
phone (those columns are encrypted; an empty value is stored empty) and a reference of their own,
SYN-<year>-000001 and on, so they never take a number from the real sequences. Referrals go from
IOM or one of three synthetic partner organisations to another of them, in every status, about a
fifth still waiting for an answer (half of those overdue).
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from accounts.models import Organisation
from facilities.models import Region, ServiceCategory
from notifications.kinds import Kind
from notifications.models import Notification
from notifications.services import written_in_every_language
from referrals.models import ActorProfile, ActorService, Case, Referral

S = Referral.Status

SYNTHETIC_PREFIX = "SYN-"
# The partner organisations the referrals go between (the first one is measured).
PARTNER_NAMES = [
    "Association de banc d'essai Oriental",
    "Association de banc d'essai Casablanca",
    "Association de banc d'essai Souss",
]
REGION_CODES = ["02", "06", "05", "09"]
CATEGORY_COUNT = 3
# How often each status comes up; SENT is split into overdue and not yet due.
STATUS_WEIGHTS = {
    S.DRAFT: 5,
    S.SENT: 20,
    S.ACCEPTED: 10,
    S.IN_PROGRESS: 15,
    S.DECLINED: 10,
    S.COMPLETED: 30,
    S.CLOSED: 10,
}
SERVICE = "Accompagnement psychosocial"
REASON = "Accompagnement à la réintégration (données synthétiques)."


@dataclass(frozen=True)
class SyntheticNetwork:
    """The organisations referrals go between: IOM and the partners, with their services."""

    iom: Organisation
    partners: list[Organisation]
    services: dict[int, list[ActorService]]  # by receiving organisation's pk


@transaction.atomic
def seed_network() -> SyntheticNetwork:
    """The IOM organisation (the existing one, else a new one) and three partner organisations,
    each an actor offering three services in four regions; made once, found again after."""
    iom = Organisation.objects.filter(kind=Organisation.Kind.IOM).order_by("pk").first()
    if iom is None:
        iom = Organisation.objects.create(name="OIM (banc d'essai)", kind=Organisation.Kind.IOM)
    regions = list(Region.objects.filter(code__in=REGION_CODES))
    categories = list(ServiceCategory.objects.order_by("order", "pk")[:CATEGORY_COUNT])
    partners, services = [], {}
    for name in PARTNER_NAMES:
        organisation, _created = Organisation.objects.get_or_create(
            name=name, defaults={"kind": Organisation.Kind.NGO}
        )
        actor, _created = ActorProfile.objects.get_or_create(
            organisation=organisation,
            defaults={"level": ActorProfile.Level.REGIONAL, "standing": "current"},
        )
        actor.regions.add(*regions)
        offered = []
        for category in categories:
            service, _created = ActorService.objects.get_or_create(actor=actor, category=category)
            service.regions.add(*regions)
            offered.append(service)
        partners.append(organisation)
        services[organisation.pk] = offered
    return SyntheticNetwork(iom=iom, partners=partners, services=services)


def next_synthetic_number() -> int:
    """The number the next synthetic case gets: one more than the highest SYN- reference."""
    last = (
        Case.objects.filter(reference__startswith=SYNTHETIC_PREFIX)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    suffix = last.rsplit("-", 1)[-1] if last else ""
    return int(suffix) + 1 if suffix.isdigit() else 1


def synthetic_reference(number: int) -> str:
    return f"{SYNTHETIC_PREFIX}{timezone.localdate().year}-{number:06d}"


@transaction.atomic
def create_synthetic_referrals(
    count: int, network: SyntheticNetwork, batch_size: int = 2000, seed: int = 19
) -> list[str]:
    """Add `count` cases, each with one referral, in bulk; returns the cases' references.

    Six referrals in ten are sent by IOM, the others by a partner; each goes to a service of a
    partner other than its sender, in a region where that service is offered.
    """
    rng = random.Random(seed)  # noqa: S311 (load-test data, not security)
    regions = {region.pk: region for region in Region.objects.filter(code__in=REGION_CODES)}
    region_ids = list(regions)
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    vulnerabilities = [code for code, _label in Case.VULNERABILITIES]
    senders = [network.iom] * 6 + network.partners + network.partners[:1]
    today = timezone.localdate()
    now = timezone.now()
    first = next_synthetic_number()
    references = []
    for start in range(0, count, batch_size):
        numbers = range(first + start, first + min(start + batch_size, count))
        cases = []
        for number in numbers:
            sender = senders[number % len(senders)]
            cases.append(
                Case(
                    reference=synthetic_reference(number),
                    programme=Case.Programme.AVRR
                    if sender == network.iom
                    else Case.Programme.OTHER,
                    owner=sender,
                    sex=rng.choice(["female", "male", "undisclosed"]),
                    age_band=rng.choice(Case.AgeBand.values),
                    region_id=rng.choice(region_ids),
                    vulnerabilities=rng.sample(vulnerabilities, rng.randint(0, 2)),
                    consent_given=True,
                    consent_on=today - datetime.timedelta(days=rng.randint(1, 700)),
                    full_name="",
                    phone="",
                )
            )
        created = Case.objects.bulk_create(cases)
        if any(case.pk is None for case in created):
            # Databases that cannot return ids from a bulk insert: read them back by reference.
            ids = dict(
                Case.objects.filter(reference__in=[c.reference for c in cases]).values_list(
                    "reference", "pk"
                )
            )
            for case in created:
                case.pk = ids[case.reference]
        Referral.objects.bulk_create(
            [_referral(case, network, rng, statuses, weights, today, now) for case in created]
        )
        references.extend(case.reference for case in created)
    return references


def _referral(case, network, rng, statuses, weights, today, now) -> Referral:
    receiver = rng.choice([p for p in network.partners if p.pk != case.owner_id])
    status = rng.choices(statuses, weights)[0]
    sent_days_ago = rng.randint(1, 400)
    sent_at = None if status == S.DRAFT else now - datetime.timedelta(days=sent_days_ago)
    if status == S.SENT:
        # Half of the referrals waiting for an answer are overdue.
        days = -rng.randint(1, 30) if rng.random() < 0.5 else rng.randint(0, 10)
        due_on = today + datetime.timedelta(days=days)
    elif status == S.DRAFT:
        due_on = None
    else:
        due_on = today - datetime.timedelta(days=sent_days_ago - 7)
    answered = status not in (S.DRAFT, S.SENT)
    return Referral(
        case_id=case.pk,
        service=rng.choice(network.services[receiver.pk]),
        from_organisation_id=case.owner_id,
        to_organisation=receiver,
        reason=REASON,
        urgency=rng.choice([Referral.Urgency.NORMAL] * 4 + [Referral.Urgency.URGENT]),
        due_on=due_on,
        status=status,
        sent_at=sent_at,
        answered_at=sent_at + datetime.timedelta(days=2) if answered else None,
        completed_at=sent_at + datetime.timedelta(days=30) if status == S.COMPLETED else None,
    )


def create_synthetic_notifications(user, count: int, seed: int = 19) -> int:
    """Give `user` `count` referral notifications, one in three unread, over the last 90 days,
    each about one of the referrals `user` may read (or about none when there is none)."""
    rng = random.Random(seed)  # noqa: S311 (load-test data, not security)
    referrals = list(
        Referral.objects.visible_to(user)
        .order_by("-pk")
        .values_list("pk", "case__reference", "status")[:count]
    )
    # The status as each language writes it, once per status rather than once per notification.
    labels = {status: written_in_every_language({"status": label}) for status, label in S.choices}
    now = timezone.now()
    notifications = []
    for index in range(count):
        pk, reference, status = referrals[index % len(referrals)] if referrals else (0, "", S.SENT)
        created_at = now - datetime.timedelta(minutes=rng.randint(1, 90 * 24 * 60))
        notifications.append(
            Notification(
                recipient=user,
                kind=Kind.REFERRAL_RECEIVED,
                params={
                    language: {"reference": reference, "service": SERVICE, **words}
                    for language, words in labels[status].items()
                },
                url=f"/referrals/{pk}/" if pk else "",
                created_at=created_at,
                read_at=None if index % 3 == 0 else created_at + datetime.timedelta(hours=1),
            )
        )
    Notification.objects.bulk_create(notifications, batch_size=2000)
    return count
