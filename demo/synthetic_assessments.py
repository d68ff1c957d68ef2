"""Validated assessments in bulk, for load tests and benchmarks (`seed_demo --facilities N`).

Each facility gets one validated assessment of the current framework, with an answer to every
criterion that applies to its kind, one to three costed needs, and results computed by the same
pure function as real assessments (`scoring.score_answers`), so the stored figures are exactly
what `Assessment.compute_results()` would give. Rows are written with bulk_create.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assessments import scoring
from assessments.models import Answer, Assessment, Dimension, Framework, Need
from assessments.prioritisation import refresh_priorities
from facilities.models import Facility

from .data import load

# dimension, kind, description, unit, unit cost in MAD (demo/data/assessments.toml)
NEED_TEMPLATES = load("assessments")["need_templates"]


def synthetic_need(rng: random.Random, template: dict, facility_id: int, **fields) -> Need:
    """An unsaved need of `template` (demo/data) at a facility, 1 to 4 units, a random urgency;
    `fields` override any of them."""
    quantity = Decimal(rng.randint(1, 4))
    unit_cost = Decimal(template["unit_cost"])
    values = {
        "facility_id": facility_id,
        "dimension": template["dimension"],
        "kind": template["kind"],
        "description": template["description"],
        "quantity": quantity,
        "unit": template["unit"],
        "unit_cost": unit_cost,
        "total_cost": quantity * unit_cost,
        "urgency": rng.choice(Need.Urgency.values),
    }
    return Need(**(values | fields))


def _random_score(rng: random.Random, quality: float) -> int | None:
    """An answer around the facility's overall quality (0-3), now and then not applicable."""
    if rng.random() < 0.05:
        return None
    return max(0, min(3, round(rng.gauss(quality, 0.9))))


@transaction.atomic
def create_synthetic_assessments(
    facility_ids: list[int], framework: Framework | None = None, seed: int = 0
) -> int:
    """Give each facility without a validated assessment a synthetic one; returns how many."""
    framework = framework or Framework.objects.current()
    if framework is None or not facility_ids:
        return 0
    rng = random.Random(seed)  # noqa: S311 (load-test data, not security)
    criteria = list(framework.criteria.all())
    by_kind: dict[str, list] = {}
    already = set(
        Assessment.objects.filter(
            facility_id__in=facility_ids, is_latest_validated=True
        ).values_list("facility_id", flat=True)
    )
    facilities = list(
        Facility.objects.filter(pk__in=facility_ids)
        .exclude(pk__in=already)
        .values_list("pk", "kind")
    )
    today = timezone.localdate()
    now = timezone.now()
    assessments, plans = [], {}
    for facility_id, kind in facilities:
        asked = by_kind.setdefault(kind, [c for c in criteria if c.applies_to(kind)])
        quality = rng.uniform(0.4, 2.9)
        scores = {criterion.pk: _random_score(rng, quality) for criterion in asked}
        needs = []
        for template in rng.sample(NEED_TEMPLATES, rng.randint(1, 3)):
            needs.append(synthetic_need(rng, template, facility_id))
        results = scoring.score_answers(
            (
                scoring.ScoredAnswer(c.dimension, c.weight, scores[c.pk], c.is_critical)
                for c in asked
            ),
            Dimension.values,
            framework.dimension_weights(),
        )
        assessed_on = today - datetime.timedelta(days=rng.randint(0, 540))
        assessments.append(
            Assessment(
                facility_id=facility_id,
                framework=framework,
                assessed_on=assessed_on,
                status=Assessment.Status.VALIDATED,
                submitted_at=now,
                validated_at=now,
                is_latest_validated=True,
                overall_score=results.overall,
                severity=results.severity,
                critical_gaps=results.critical_gaps,
                needs_cost=sum((n.total_cost for n in needs), Decimal("0")),
                **{f"score_{d}": s for d, s in results.dimension_scores.items()},
            )
        )
        plans[facility_id] = (asked, scores, needs)
    Assessment.objects.bulk_create(assessments, batch_size=1000)
    ids = dict(
        Assessment.objects.filter(
            facility_id__in=plans.keys(), is_latest_validated=True
        ).values_list("facility_id", "pk")
    )
    answers, needs = [], []
    for facility_id, (asked, scores, facility_needs) in plans.items():
        assessment_id = ids[facility_id]
        for criterion in asked:
            score = scores[criterion.pk]
            answers.append(
                Answer(
                    assessment_id=assessment_id,
                    criterion_id=criterion.pk,
                    score=score,
                    not_applicable=score is None,
                )
            )
        for need in facility_needs:
            need.assessment_id = assessment_id
            needs.append(need)
    Answer.objects.bulk_create(answers, batch_size=5000)
    Need.objects.bulk_create(needs, batch_size=5000)
    # bulk_create skips `Assessment.refresh_latest_validated`: the ranking's stored priority.
    refresh_priorities()
    return len(assessments)
