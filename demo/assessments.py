"""Demonstration assessments of the demo facilities (`seed_demo`), made through the workflow.

About two thirds of the demo facilities get a validated assessment with varied answers and
costed needs; some also an older one (so the facility page shows progress over time); one
facility of partner1's organisation has an assessment awaiting validation, another a draft and a
third one returned with a comment. The needs of an older assessment are settled when the later
one is validated, as a validator would by default. Facilities that already have an assessment
are left alone, so the command can run again.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments import scoring
from assessments.models import Answer, Assessment, Framework, Need
from facilities.models import Facility

from .synthetic_assessments import NEED_TEMPLATES

# Every third demo facility is left without an assessment: not all places have been visited.
UNASSESSED_EVERY = 3
WITH_HISTORY_EVERY = 4


def _score(rng: random.Random, quality: float) -> int:
    return max(0, min(3, round(rng.gauss(quality, 0.9))))


def _answer(assessment: Assessment, rng: random.Random, quality: float) -> None:
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            criterion=criterion,
            score=None if (skipped := rng.random() < 0.05) else _score(rng, quality),
            not_applicable=skipped,
            comment="" if rng.random() < 0.7 else "Constat lors de la visite.",
        )
        for criterion in assessment.criteria()
    )


def _add_needs(assessment: Assessment, rng: random.Random) -> None:
    """Costed needs on criteria this visit found below the standard, each on the criterion it
    answers (so a later visit settles it by that criterion's new score); none if all met it."""
    scores = {
        answer.criterion.code: answer.score
        for answer in assessment.answers.select_related("criterion").exclude(not_applicable=True)
    }
    criteria = {criterion.code: criterion for criterion in assessment.criteria()}
    gaps = [
        template
        for template in NEED_TEMPLATES
        if template["criterion"] in criteria
        and scores.get(template["criterion"]) is not None
        and not scoring.meets_standard(scores[template["criterion"]])
    ]
    for template in rng.sample(gaps, min(len(gaps), rng.randint(2, 5))):
        Need.objects.create(
            facility=assessment.facility,
            assessment=assessment,
            dimension=template["dimension"],
            criterion=criteria[template["criterion"]],
            kind=template["kind"],
            description=template["description"],
            quantity=Decimal(rng.randint(1, 3)),
            unit=template["unit"],
            unit_cost=Decimal(template["unit_cost"]),
            urgency=rng.choice(Need.Urgency.values),
        )


@transaction.atomic
def seed_assessments() -> int:
    """Create the demo assessments that are missing; returns how many were created."""
    framework = Framework.objects.current()
    if framework is None:
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=["iom", "partner1"])}
    validator = users.get("iom")
    partner = users.get("partner1")
    facilities = list(
        Facility.objects.filter(code__startswith="DEMO-")
        .select_related("managing_organisation")
        .order_by("code")
    )
    assessed = set(
        Assessment.objects.filter(facility__in=facilities).values_list("facility_id", flat=True)
    )
    rng = random.Random(2026)  # noqa: S311 (demonstration data)
    today = timezone.localdate()
    created = 0
    partner_facilities = [
        f for f in facilities if partner and f.managing_organisation_id == partner.organisation_id
    ]
    states = (Assessment.Status.SUBMITTED, Assessment.Status.DRAFT, Assessment.Status.RETURNED)
    workflow = dict(zip(states, partner_facilities[1:4], strict=False))
    for index, facility in enumerate(facilities):
        if facility.pk in assessed or facility in workflow.values():
            continue
        if index % UNASSESSED_EVERY == UNASSESSED_EVERY - 1:
            continue
        quality = rng.uniform(0.6, 2.8)
        if index % WITH_HISTORY_EVERY == 0:
            _validated(
                facility,
                framework,
                validator,
                rng,
                quality - 0.8,
                today.replace(year=today.year - 1),
            )
            created += 1
        # Validating the later visit settles the needs found a year ago (`reassessment.py`):
        # done where the criterion now meets the standard, superseded where the new visit
        # records its own need on the criterion, carried over where the gap remains.
        visited = today - datetime.timedelta(days=rng.randint(5, 90))
        _validated(facility, framework, validator, rng, quality, visited)
        created += 1
    author = partner or validator
    for state, facility in workflow.items():
        if facility.pk in assessed:
            continue
        assessment = Assessment.objects.create(
            facility=facility,
            framework=framework,
            created_by=author,
            assessor_organisation=facility.managing_organisation,
            assessed_on=today - datetime.timedelta(days=3),
        )
        created += 1
        if state == Assessment.Status.DRAFT:
            # Half answered: the partner resumes it.
            _answer(assessment, rng, 1.8)
            assessment.answers.filter(criterion__dimension__in=["services", "protection"]).delete()
            continue
        _answer(assessment, rng, 1.5)
        _add_needs(assessment, rng)
        assessment.submit(author)
        if state == Assessment.Status.RETURNED:
            assessment.return_to_author(
                validator, "Merci d'ajouter les photos des issues de secours et des sanitaires."
            )
    return created


def _validated(facility, framework, validator, rng, quality, assessed_on) -> Assessment:
    assessment = Assessment.objects.create(
        facility=facility,
        framework=framework,
        created_by=validator,
        assessor_organisation=validator.organisation if validator else None,
        assessed_on=assessed_on,
    )
    _answer(assessment, rng, quality)
    _add_needs(assessment, rng)
    assessment.submit(validator)
    assessment.validate(validator)
    return assessment
