"""Which facilities to reinforce first: the priority of a facility, computed in SQL from the
figures stored on its latest validated assessment, and the terms that explain each rank.

Every term is normalised to 0..1; the priority is 100 × Σ(weight × term) / Σ(weights), with the
weights of `PrioritySettings` (an admin edits them):

- gap: (100 − overall score) / 100
- severity: (severity − 1) / 4
- people served: min(max(capacity, occupancy) / people_reference, 1)
- vulnerable groups served: vulnerable target groups of the facility / all vulnerable groups
- critical gaps: min(critical gaps / critical_gaps_reference, 1)

The ordering and the pagination happen in the database, so a page costs the same few queries
whatever the number of facilities.
"""

from dataclasses import dataclass

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from facilities.models import Facility, TargetGroup

from .models import Assessment, PrioritySettings

TERMS = ("gap", "severity", "people", "vulnerable", "critical")


def _float(expression):
    return Cast(expression, FloatField())


def ranked_assessments(user, weights: PrioritySettings, vulnerable_total: int) -> QuerySet:
    """The latest validated assessment of every facility the user may read, ranked by priority.

    Each row carries the annotations `people`, `vulnerable_groups`, one `term_<name>` per term
    and `priority`; `vulnerable_total` is the number of vulnerable target groups.
    """
    vulnerable_groups = (
        Facility.target_groups.through.objects.filter(
            facility_id=OuterRef("facility_id"), targetgroup__is_vulnerable=True
        )
        .values("facility_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    people = Greatest(Coalesce("facility__capacity", 0), Coalesce("facility__occupancy", 0))
    terms = {
        "gap": (Value(100.0) - Coalesce(F("overall_score"), Value(100.0))) / Value(100.0),
        "severity": (_float(Coalesce("severity", 1)) - Value(1.0)) / Value(4.0),
        "people": Least(_float(F("people")) / Value(float(weights.people_reference)), Value(1.0)),
        "vulnerable": _float(F("vulnerable_groups")) / Value(float(max(vulnerable_total, 1))),
        "critical": Least(
            _float(F("critical_gaps")) / Value(float(weights.critical_gaps_reference)),
            Value(1.0),
        ),
    }
    total_weight = float(weights.total_weight or 1)
    priority = sum(
        (Value(float(getattr(weights, f"weight_{name}"))) * F(f"term_{name}") for name in TERMS),
        Value(0.0),
    )
    return (
        Assessment.objects.latest_validated()
        .filter(facility__in=Facility.objects.visible_to(user).values("pk"))
        .select_related(
            "facility",
            "facility__region",
            "facility__province",
            "facility__managing_organisation",
        )
        .annotate(
            people=ExpressionWrapper(people, output_field=IntegerField()),
            vulnerable_groups=Coalesce(Subquery(vulnerable_groups, output_field=IntegerField()), 0),
        )
        .annotate(
            **{
                f"term_{name}": ExpressionWrapper(expression, output_field=FloatField())
                for name, expression in terms.items()
            }
        )
        .annotate(
            priority=ExpressionWrapper(
                Value(100.0) * priority / Value(total_weight), output_field=FloatField()
            )
        )
        .order_by("-priority", "-critical_gaps", "facility__name", "pk")
    )


def vulnerable_group_count() -> int:
    return TargetGroup.objects.filter(is_vulnerable=True).count()


@dataclass(frozen=True)
class Term:
    """One term of a priority: what it measured, its weight and the points it gave."""

    name: str
    text: str
    weight_percent: float
    points: float

    def __str__(self):
        return _("%(text)s × %(weight)s %% = %(points)s pts") % {
            "text": self.text,
            "weight": number_format(self.weight_percent, 0),
            "points": number_format(self.points, 1),
        }


def terms_of(row: Assessment, weights: PrioritySettings, vulnerable_total: int) -> list[Term]:
    """The terms of one ranked row, in words, with their share of its priority."""
    total_weight = weights.total_weight or 1
    texts = {
        "gap": _("gap %(gap)s/100")
        % {"gap": f"{100 - (row.overall_score if row.overall_score is not None else 100):.0f}"},
        "severity": _("severity %(severity)s/5") % {"severity": row.severity or "—"},
        "people": _("%(people)s people") % {"people": row.people},
        "vulnerable": _("%(served)s of %(total)s vulnerable groups")
        % {"served": row.vulnerable_groups, "total": vulnerable_total},
        "critical": ngettext("%(gaps)s critical gap", "%(gaps)s critical gaps", row.critical_gaps)
        % {"gaps": row.critical_gaps},
    }
    terms = []
    for name in TERMS:
        weight = getattr(weights, f"weight_{name}")
        terms.append(
            Term(
                name=name,
                text=texts[name],
                weight_percent=100 * weight / total_weight,
                points=100 * weight * getattr(row, f"term_{name}") / total_weight,
            )
        )
    return terms


def explain(row: Assessment, weights: PrioritySettings, vulnerable_total: int) -> str:
    """The "why this rank" text of a row: its terms, largest contribution first."""
    terms = sorted(terms_of(row, weights, vulnerable_total), key=lambda t: -t.points)
    return "; ".join(str(term) for term in terms)
