"""Demonstration actors, roadmap, pathways, cases and referrals (`seed_demo`), re-runnable.

Actors are keyed on their organisation's name, cases on a demo marker in their consent scope:
running the command again creates nothing twice. Referrals are moved through the workflow, so
every step has its event. The records (actors, SWOT entries, recommendations, how many cases
reach each referral status) are in demo/data/referrals.toml; this module creates them.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from activity.models import StatusChange
from facilities.models import Region, ServiceCategory
from referrals.models import (
    ActorChangeProposal,
    ActorProfile,
    ActorService,
    Case,
    FollowUp,
    Pathway,
    PathwayStep,
    Recommendation,
    Referral,
    ServiceDelivery,
    SustainabilityAnswer,
    SustainabilityIndicator,
    SustainabilitySettings,
    SwotEntry,
)
from referrals.models.cases import RESPONSE_WORKING_DAYS, add_working_days

from .data import load

S = Referral.Status

CASABLANCA, ORIENTAL, BENI_MELLAL = "06", "02", "05"
# The actors (name, acronym, kind, level, regions, services, standing, latitude, longitude), the
# SWOT entries they draw from, the roadmap's recommendations and how many demo cases reach each
# referral status: demo/data/referrals.toml.
ACTORS = load("referrals")["actors"]
SWOT = load("referrals")["swot"]
RECOMMENDATIONS = load("referrals")["recommendations"]
CASES = load("referrals")["cases"]
DEMO_SCOPE = "Partage avec les organisations de référence (données de démonstration)."


@transaction.atomic
def seed_actors() -> int:
    """Create the missing demo actors with their services, SWOT, recommendations, pathways."""
    regions = {r.code: r for r in Region.objects.all()}
    categories = {c.code: c for c in ServiceCategory.objects.all()}
    rng = random.Random(5)  # noqa: S311 (demonstration data)
    created = 0
    actors = {}
    for row in ACTORS:
        acronym, level, standing = row["acronym"], row["level"], row["standing"]
        organisation, _ = Organisation.objects.get_or_create(
            name=row["name"], defaults={"acronym": acronym, "kind": Organisation.Kind(row["kind"])}
        )
        actor, is_new = ActorProfile.objects.get_or_create(
            organisation=organisation,
            defaults={
                "level": level,
                "standing": standing,
                "engagement": "engaged" if standing == "current" else "in_discussion",
                "latitude": Decimal(row["latitude"]),
                "longitude": Decimal(row["longitude"]),
                "technical_expertise": rng.randint(2, 5),
                "human_resources": rng.randint(1, 4),
                "financial_means": rng.randint(1, 4),
                "geographic_reach": rng.randint(2, 5) if level != "local" else rng.randint(1, 3),
                "returnee_experience": rng.randint(1, 5),
            },
        )
        actors[acronym] = actor
        if not is_new:
            continue
        created += 1
        codes = row["regions"]
        actor.regions.set([regions[c] for c in codes])
        for code in row["services"]:
            service = ActorService.objects.create(
                actor=actor,
                category=categories[code],
                contact_point=f"Point focal {acronym}",
                contact_phone=f"+212 5{rng.randint(22, 39)}-{rng.randint(300000, 999999)}",
                monthly_capacity=rng.choice([10, 20, 30, 50, None]),
                languages=["ar", "ary", "fr"],
                conditions="Sur orientation, avec la fiche de référence.",
            )
            service.regions.set([regions[c] for c in codes])
        for entry in rng.sample(SWOT, 4):
            SwotEntry.objects.create(
                actor=actor,
                quadrant=entry["quadrant"],
                text=entry["text"],
                source=entry["source"],
                recorded_on=timezone.localdate() - datetime.timedelta(days=rng.randint(5, 120)),
            )
    if created:
        today = timezone.localdate()
        for row in RECOMMENDATIONS:
            acronym, code = row.get("actor"), row.get("region")
            Recommendation.objects.create(
                actor=actors.get(acronym) if acronym else None,
                region=regions[code] if code else None,
                action=row["action"],
                priority=row["priority"],
                due_on=today + datetime.timedelta(days=row["due_in_days"]),
                # Made at the start of the mapping, before any due date of the roadmap.
                created_on=today - datetime.timedelta(days=90),
                status=row["status"],
                responsible=actors[acronym].organisation if acronym else None,
            )
        for code in (CASABLANCA, ORIENTAL, BENI_MELLAL):
            for category in ("mhpss", "employment", "income_generation", "health"):
                offered = ActorService.objects.filter(
                    regions=regions[code], category=categories[category], is_active=True
                ).order_by("actor__level", "pk")
                if not offered:
                    continue
                pathway = Pathway.objects.create(
                    region=regions[code],
                    category=categories[category],
                    eligibility="Personnes de retour inscrites au programme, et leur famille.",
                    what_to_bring="Carte nationale ou attestation de retour ; fiche d'orientation.",
                )
                for order, service in enumerate(offered, start=1):
                    PathwayStep.objects.create(pathway=pathway, service=service, order=order)
        _propose_a_change(actors.get("ABCAS"))
    return created


def _propose_a_change(actor) -> None:
    """partner1's association proposes new contacts for one of its services, for IOM to review
    (Acteurs → Modifications proposées)."""
    partner = User.objects.filter(username="partner1", organisation__actor_profile=actor).first()
    service = actor.services.order_by("category__order").first() if actor else None
    if partner is None or service is None:
        return
    ActorChangeProposal.objects.create(
        actor=actor,
        subject=ActorChangeProposal.Subject.SERVICE,
        service=service,
        proposed={
            "contact_point": "Mme Samira El Idrissi, assistante sociale",
            "contact_phone": "+212 536-604411",
        },
        note="Notre point focal a changé en novembre ; le nouveau numéro répond en semaine.",
        proposed_by=partner,
    )


@transaction.atomic
def seed_cases() -> int:
    """Create 40 demo cases referred by IOM, with referrals in every status; once only."""
    if Case.objects.filter(consent_scope=DEMO_SCOPE).exists():
        return 0
    iom = Organisation.objects.filter(kind=Organisation.Kind.IOM).first()
    staff = User.objects.filter(username="iom").first()
    if iom is None or staff is None:
        return 0
    partners = {u.organisation_id: u for u in User.objects.filter(role=User.Role.PARTNER)}
    regions = {r.code: r for r in Region.objects.all()}
    rng = random.Random(40)  # noqa: S311 (demonstration data)
    created = 0
    vulnerabilities = [code for code, _ in Case.VULNERABILITIES]
    for batch in CASES:
        state = batch["status"]
        for _ in range(batch["count"]):
            code = rng.choice([CASABLANCA, ORIENTAL, BENI_MELLAL])
            services = list(
                ActorService.objects.filter(regions=regions[code], is_active=True).select_related(
                    "actor__organisation", "category"
                )
            )
            # partner1's association receives half of the Oriental's referrals.
            own = [s for s in services if s.actor.organisation_id in partners]
            service = rng.choice(own if own and rng.random() < 0.5 else services)
            case = Case.objects.create(
                programme=Case.Programme.AVRR,
                owner=iom,
                created_by=staff,
                sex=rng.choice(["female", "male"]),
                age_band=rng.choice(["18-24", "25-34", "35-49", "50-59"]),
                region=regions[code],
                vulnerabilities=rng.sample(vulnerabilities, rng.randint(0, 2)),
                consent_given=True,
                consent_on=timezone.localdate() - datetime.timedelta(days=rng.randint(10, 90)),
                consent_recorded_by=staff,
                consent_scope=DEMO_SCOPE,
            )
            case.needs.set([service.category])
            referral = Referral.objects.create(
                case=case,
                service=service,
                from_organisation=iom,
                reason="Accompagnement à la réintégration : " + service.category.name_fr,
                created_by=staff,
            )
            receiver = partners.get(service.actor.organisation_id, staff)
            for step in batch["moves"]:
                by = staff if step in (S.SENT, S.CLOSED) else receiver
                reason = "Capacité atteinte ce mois-ci" if step == S.DECLINED else ""
                reason = "La personne a quitté la région" if step == S.CLOSED else reason
                # Where no partner has an account, IOM staff answer on the receiver's behalf.
                referral.move(step, by, reason, on_behalf=True)
            _spread_over_time(referral, state, rng)
            if state == S.COMPLETED:
                ServiceDelivery.objects.create(
                    referral=referral,
                    kind=rng.choice(["consultation", "training", "iga_grant", "food_basket"]),
                    quantity=1,
                    value_mad=Decimal(rng.choice([0, 500, 2500, 15000])),
                )
            if state in (S.ACCEPTED, S.IN_PROGRESS, S.COMPLETED):
                FollowUp.objects.create(
                    case=case,
                    kind="phone",
                    notes="Point sur l'accompagnement.",
                    progress_note="Situation stable, démarches en cours.",
                    next_date=timezone.localdate() + datetime.timedelta(days=rng.randint(1, 20)),
                    by=staff,
                )
            if state in (S.IN_PROGRESS, S.COMPLETED):
                _sustainability_follow_ups(case, referral, staff, rng)
            created += 1
    return created


def _spread_over_time(referral: Referral, state: str, rng: random.Random) -> None:
    """Date the demo referral's steps as if they had happened over past weeks.

    Otherwise every step happens in the same second and the dashboard's median delays are all
    zero. Half the referrals still waiting for an answer are overdue, half are not.
    """
    now = timezone.now()
    if state == S.SENT:
        days_ago = rng.choice([rng.randint(0, 2), rng.randint(9, 20)])
    else:
        days_ago = rng.randint(45, 120)
    moment = now - datetime.timedelta(days=days_ago, hours=rng.randint(1, 8))
    Case.objects.filter(pk=referral.case_id).update(created_at=moment, consent_on=moment.date())
    stamps = {"created_at": moment}
    gaps = {  # days from the previous step
        S.SENT: (0, 0),
        S.ACCEPTED: (1, 8),
        S.DECLINED: (1, 6),
        S.IN_PROGRESS: (1, 5),
        S.COMPLETED: (10, 40),
        S.CLOSED: (3, 15),
    }
    for event in referral.moves.order_by("pk"):
        low, high = gaps[event.to_status]
        moment = min(
            moment + datetime.timedelta(days=rng.randint(low, high), hours=rng.randint(1, 5)), now
        )
        StatusChange.objects.filter(pk=event.pk).update(at=moment)
        if event.to_status == S.SENT:
            stamps["sent_at"] = moment
            stamps["due_on"] = add_working_days(
                timezone.localtime(moment).date(), RESPONSE_WORKING_DAYS
            )
        elif event.to_status in (S.ACCEPTED, S.DECLINED):
            stamps["answered_at"] = moment
        elif event.to_status == S.COMPLETED:
            stamps["completed_at"] = moment
    Referral.objects.filter(pk=referral.pk).update(**stamps)


def _sustainability_follow_ups(case: Case, referral: Referral, staff, rng: random.Random) -> None:
    """One to three survey follow-ups a few months apart, reintegration improving a little each."""
    indicators = list(SustainabilityIndicator.objects.filter(is_active=True))
    if not indicators:
        return
    settings_row = SustainabilitySettings.load()
    referral.refresh_from_db()
    today = timezone.localdate()
    start = timezone.localtime(referral.answered_at or referral.created_at).date()
    level = rng.uniform(0.35, 0.75)
    for number in range(rng.randint(1, 3)):
        date = start + datetime.timedelta(days=30 + 40 * number)
        if date > today:
            break
        follow_up = FollowUp.objects.create(
            case=case,
            date=date,
            kind=rng.choice(["home_visit", "office"]),
            notes="Questionnaire de durabilité de la réintégration.",
            progress_note="Progrès notés sur le revenu et le réseau social.",
            by=staff,
        )
        SustainabilityAnswer.objects.bulk_create(
            SustainabilityAnswer(
                follow_up=follow_up,
                indicator=indicator,
                value=_answer(indicator, level, rng),
            )
            for indicator in indicators
        )
        follow_up.compute_sustainability(settings_row)
        level = min(level + 0.12, 1.0)


def _answer(indicator: SustainabilityIndicator, level: float, rng: random.Random) -> int:
    """A plausible answer around the person's level (0 to 1) on the indicator's scale."""
    value = min(max(level + rng.uniform(-0.25, 0.25), 0.0), 1.0)
    if indicator.scale == SustainabilityIndicator.Scale.YES_NO:
        return int(rng.random() < value)
    return round(value * 4)
