"""Synthetic cases, referrals, needs, follow-ups and notifications in bulk, for the referrals
benchmark.

Rows are inserted with bulk_create: no history, no status log, no mail. Cases carry no name nor
phone (those columns are encrypted; an empty value is stored empty) and a reference of their own,
SYN-<year>-000001 and on, so they never take a number from the real sequences. Spread as in real
use: referrals go from IOM (six in ten) or one of the synthetic partner organisations to another
partner, the busiest partners receiving the most (weights 1, 1/2, 1/3, …), each partner offering
three of six services in four of the twelve regions; every status comes up, about a fifth still
waiting for an answer (half of those overdue). Every case gets one referral, the others go to
cases drawn at random (so most cases have one or two, a few five or more); every case needs one
or two services, and one case in five has scored follow-ups.
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
from referrals.models import (
    ActorProfile,
    ActorService,
    Case,
    FollowUp,
    Referral,
    ReferralNote,
)

S = Referral.Status

SYNTHETIC_PREFIX = "SYN-"
# The partner organisations the referrals go between (the first one, the busiest, is measured).
PARTNER_NAMES = [f"Association de banc d'essai {number:02d}" for number in range(1, 13)]
# Each partner works in this many regions and offers this many of the first CATEGORY_COUNT
# services, shifted from one partner to the next.
REGIONS_PER_PARTNER = 4
SERVICES_PER_PARTNER = 3
CATEGORY_COUNT = 6
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
    """The IOM organisation (the existing one, else a new one) and twelve partner organisations,
    each an actor offering three services in four regions; made once, found again after."""
    iom = Organisation.objects.filter(kind=Organisation.Kind.IOM).order_by("pk").first()
    if iom is None:
        iom = Organisation.objects.create(name="OIM (banc d'essai)", kind=Organisation.Kind.IOM)
    regions = list(Region.objects.order_by("code"))
    categories = list(ServiceCategory.objects.order_by("order", "pk")[:CATEGORY_COUNT])
    partners, services = [], {}
    for index, name in enumerate(PARTNER_NAMES):
        organisation, _created = Organisation.objects.get_or_create(
            name=name, defaults={"kind": Organisation.Kind.NGO}
        )
        actor, _created = ActorProfile.objects.get_or_create(
            organisation=organisation,
            defaults={"level": ActorProfile.Level.REGIONAL, "standing": "current"},
        )
        served = _rotate(regions, index, REGIONS_PER_PARTNER)
        actor.regions.add(*served)
        offered = []
        for category in _rotate(categories, index, SERVICES_PER_PARTNER):
            service, _created = ActorService.objects.get_or_create(actor=actor, category=category)
            service.regions.add(*served)
            offered.append(service)
        partners.append(organisation)
        services[organisation.pk] = offered
    return SyntheticNetwork(iom=iom, partners=partners, services=services)


def _rotate(items: list, index: int, count: int) -> list:
    """`count` of `items` starting at `index`, wrapping around."""
    return [items[(index + offset) % len(items)] for offset in range(min(count, len(items)))]


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
    count: int,
    network: SyntheticNetwork,
    cases: int | None = None,
    batch_size: int = 2000,
    seed: int = 19,
) -> list[str]:
    """Add `cases` cases (half of `count` unless given) and `count` referrals in bulk, with the
    cases' needs and some scored follow-ups; returns the cases' references.

    Six referrals in ten are sent by IOM, the others by a partner; each goes to a service of a
    partner other than its sender, the busiest partners receiving the most.
    """
    rng = random.Random(seed)  # noqa: S311 (load-test data, not security)
    case_total = max(1, min(count, cases if cases is not None else (count + 1) // 2))
    region_ids = list(Region.objects.values_list("pk", flat=True))
    categories = list(
        ServiceCategory.objects.order_by("order", "pk").values_list("pk", flat=True)[
            :CATEGORY_COUNT
        ]
    )
    vulnerabilities = [code for code, _label in Case.VULNERABILITIES]
    senders = [network.iom] * 6 + network.partners[:4]
    today = timezone.localdate()
    first = next_synthetic_number()
    references, case_ids, owners = [], [], {}
    for start in range(0, case_total, batch_size):
        batch = []
        for number in range(first + start, first + min(start + batch_size, case_total)):
            sender = senders[number % len(senders)]
            batch.append(
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
                    status=Case.Status.OPEN if rng.random() < 0.7 else Case.Status.CLOSED,
                )
            )
        created = _with_ids(Case.objects.bulk_create(batch))
        Case.needs.through.objects.bulk_create(
            [
                Case.needs.through(case_id=case.pk, servicecategory_id=category)
                for case in created
                for category in rng.sample(categories, min(len(categories), rng.randint(1, 2)))
            ]
        )
        FollowUp.objects.bulk_create(
            [follow_up for case in created for follow_up in _follow_ups(case, rng, today)]
        )
        references.extend(case.reference for case in created)
        case_ids.extend(case.pk for case in created)
        owners.update((case.pk, case.owner_id) for case in created)
    _create_referrals(count, network, case_ids, owners, rng, batch_size)
    return references


def _with_ids(created: list[Case]) -> list[Case]:
    """Databases that cannot return ids from a bulk insert: read them back by reference."""
    if any(case.pk is None for case in created):
        ids = dict(
            Case.objects.filter(reference__in=[c.reference for c in created]).values_list(
                "reference", "pk"
            )
        )
        for case in created:
            case.pk = ids[case.reference]
    return created


def _follow_ups(case, rng, today) -> list[FollowUp]:
    """One case in five is followed: one to three home visits, scored, the next one planned."""
    if rng.random() >= 0.2:
        return []
    visits = []
    for number in range(rng.randint(1, 3)):
        scores = [round(rng.random(), 2) for _ in range(3)]
        visits.append(
            FollowUp(
                case_id=case.pk,
                date=today - datetime.timedelta(days=30 * (3 - number) + rng.randint(0, 20)),
                kind=FollowUp.Kind.HOME_VISIT,
                next_date=today + datetime.timedelta(days=rng.randint(0, 60)),
                score_economic=scores[0],
                score_social=scores[1],
                score_psychosocial=scores[2],
                score_composite=round(sum(scores) / 3, 2),
            )
        )
    return visits


def _create_referrals(count, network, case_ids, owners, rng, batch_size) -> None:
    """`count` referrals: one for each case, the rest for cases drawn at random."""
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    busy = {partner.pk: 1 / (rank + 1) for rank, partner in enumerate(network.partners)}
    today = timezone.localdate()
    now = timezone.now()
    for start in range(0, count, batch_size):
        batch = []
        for index in range(start, min(start + batch_size, count)):
            case_id = case_ids[index] if index < len(case_ids) else rng.choice(case_ids)
            sender = owners[case_id]
            receivers = [p for p in network.partners if p.pk != sender]
            receiver = rng.choices(receivers, [busy[p.pk] for p in receivers])[0]
            batch.append(
                _referral(case_id, sender, receiver, network, rng, statuses, weights, today, now)
            )
        Referral.objects.bulk_create(batch)


def _referral(
    case_id, sender_id, receiver, network, rng, statuses, weights, today, now
) -> Referral:
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
        case_id=case_id,
        service=rng.choice(network.services[receiver.pk]),
        from_organisation_id=sender_id,
        to_organisation=receiver,
        reason=REASON,
        urgency=rng.choice([Referral.Urgency.NORMAL] * 4 + [Referral.Urgency.URGENT]),
        due_on=due_on,
        status=status,
        sent_at=sent_at,
        answered_at=sent_at + datetime.timedelta(days=2) if answered else None,
        completed_at=sent_at + datetime.timedelta(days=30) if status == S.COMPLETED else None,
    )


@transaction.atomic
def create_long_followed_case(
    network: SyntheticNetwork, author, referrals: int = 60, follow_ups: int = 40, notes: int = 60
) -> tuple[Case, Referral]:
    """A case of the first partner followed for years: `referrals` referrals, `follow_ups`
    scored follow-ups and, on its first referral, `notes` progress notes by `author`. Returns
    the case and that referral (what the case and referral pages are measured on)."""
    rng = random.Random(7)  # noqa: S311 (load-test data, not security)
    owner = network.partners[0]
    today = timezone.localdate()
    now = timezone.now()
    case = Case.objects.create(
        reference=synthetic_reference(next_synthetic_number()),
        programme=Case.Programme.OTHER,
        owner=owner,
        sex="female",
        age_band=Case.AgeBand.values[1],
        region=Region.objects.order_by("code").first(),
        consent_given=True,
        consent_on=today,
        full_name="",
        phone="",
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            case=case,
            date=today - datetime.timedelta(days=20 * number),
            kind=FollowUp.Kind.PHONE,
            notes="Suivi régulier (données synthétiques).",
            score_economic=0.5,
            score_social=0.6,
            score_psychosocial=0.7,
            score_composite=0.6,
        )
        for number in range(follow_ups)
    )
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    receivers = network.partners[1:]
    created = Referral.objects.bulk_create(
        _referral(case.pk, owner.pk, receiver, network, rng, statuses, weights, today, now)
        for receiver in rng.choices(receivers, k=referrals)
    )
    referral = Referral.objects.filter(case=case).order_by("pk").first() if created else None
    ReferralNote.objects.bulk_create(
        ReferralNote(
            referral=referral,
            text=f"Point d'étape {number + 1} (données synthétiques).",
            author=author,
            organisation=owner,
            at=now - datetime.timedelta(days=notes - number),
        )
        for number in range(notes)
    )
    return case, referral


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
