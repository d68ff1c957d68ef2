"""Which facilities to reinforce first: the priority of a facility, computed in SQL from the
figures stored on its latest validated assessment, and the terms that explain each rank.

Every term is normalised to 0..1; the priority is 100 × Σ(weight × term) / Σ(weights), with the
weights of `PrioritySettings` (IOM staff change them on the weights page, after a preview of
how the ranking would move: `compare_rankings`):

- gap: (100 − overall score) / 100
- severity: (severity − 1) / 4
- people served: min(max(capacity, occupancy) / people_reference, 1)
- vulnerable groups served: vulnerable target groups of the facility / all vulnerable groups
- critical gaps: min(critical gaps / critical_gaps_reference, 1)

The priority is computed by the database and stored on the latest validated assessment of each
facility (`refresh_priorities`, whenever something it reads changes), so that a page of the
ranking is read from an index whatever the number of facilities; the terms are computed by the
database for the rows of the page only, and put in words (`terms_of`) for the rows shown or
exported.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps as global_apps
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
from django.db.models.functions import Cast, Coalesce, Greatest, Least, NullIf
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from facilities.models import Facility

from .models import Assessment, PrioritySettings

# The terms in the order they are explained, on the page and in the exports.
TERMS = ("gap", "severity", "people", "vulnerable", "critical")
TERM_LABELS = {
    "gap": gettext_lazy("gap"),
    "severity": gettext_lazy("severity"),
    "people": gettext_lazy("people served"),
    "vulnerable": gettext_lazy("vulnerable groups"),
    "critical": gettext_lazy("critical gaps"),
}


def _float(expression):
    return Cast(expression, FloatField())


def _count_subquery(queryset: QuerySet, group_by: str) -> Subquery:
    """COUNT(*) of `queryset` as a scalar subquery (grouped by `group_by`, one group expected)."""
    counted = queryset.order_by().values(group_by).annotate(count=Count("pk")).values("count")
    return Subquery(counted, output_field=IntegerField())


def weight_of(settings: PrioritySettings, term: str) -> int:
    """The weight given to one term (a name of `TERMS`)."""
    return getattr(settings, f"weight_{term}")


def _with_terms(queryset: QuerySet, settings: PrioritySettings, apps=global_apps) -> QuerySet:
    """`queryset` (of assessments) with `people`, `vulnerable_groups`, `vulnerable_total`, one
    `term_<name>` (0..1) per name of `TERMS` and `computed_priority` (0..100) under `settings`.

    `apps` is the registry whose models it reads: a migration passes its own.
    """
    facility = apps.get_model("facilities", "Facility")
    target_group = apps.get_model("facilities", "TargetGroup")
    vulnerable_groups = _count_subquery(
        facility.target_groups.through.objects.filter(
            facility_id=OuterRef("facility_id"), targetgroup__is_vulnerable=True
        ),
        "facility_id",
    )
    vulnerable_total = _count_subquery(
        target_group.objects.filter(is_vulnerable=True), "is_vulnerable"
    )
    terms = {
        "gap": (Value(100.0) - Coalesce(_float("overall_score"), Value(100.0))) / Value(100.0),
        "severity": (_float(Coalesce("severity", 1)) - Value(1.0)) / Value(4.0),
        "people": Least(
            _float("people") / Value(float(max(settings.people_reference, 1))), Value(1.0)
        ),
        # No vulnerable group defined at all: the term is 0 rather than a division by zero.
        "vulnerable": Coalesce(
            _float("vulnerable_groups") / _float(NullIf("vulnerable_total", Value(0))), Value(0.0)
        ),
        "critical": Least(
            _float("critical_gaps") / Value(float(max(settings.critical_gaps_reference, 1))),
            Value(1.0),
        ),
    }
    weighted_sum = sum(
        (Value(float(weight_of(settings, name))) * F(f"term_{name}") for name in TERMS),
        Value(0.0),
    )
    total_weight = sum(weight_of(settings, name) for name in TERMS) or 1
    return (
        queryset.annotate(
            people=ExpressionWrapper(
                Greatest(Coalesce("facility__capacity", 0), Coalesce("facility__occupancy", 0)),
                output_field=IntegerField(),
            ),
            vulnerable_groups=Coalesce(vulnerable_groups, 0),
            vulnerable_total=Coalesce(vulnerable_total, 0),
        )
        .annotate(
            **{
                f"term_{name}": ExpressionWrapper(expression, output_field=FloatField())
                for name, expression in terms.items()
            }
        )
        .annotate(
            computed_priority=ExpressionWrapper(
                Value(100.0) * weighted_sum / Value(float(total_weight)),
                output_field=FloatField(),
            )
        )
    )


def _visible_latest(user) -> QuerySet:
    """The latest validated assessment of every facility `user` may read, with its facility's
    region, province and managing organisation."""
    return (
        Assessment.objects.latest_validated()
        .filter(facility__in=Facility.objects.visible_to(user).values("pk"))
        .select_related(
            "facility",
            "facility__region",
            "facility__province",
            "facility__managing_organisation",
        )
    )


def ranked_assessments(user, settings: PrioritySettings) -> QuerySet:
    """The latest validated assessment of every facility `user` may read, highest priority first.

    The order is the `priority` stored on each assessment (`refresh_priorities`), read from an
    index; `settings` must be the saved weights (`PrioritySettings.load()`), those the stored
    priorities were computed with. Each row also carries the annotations of `_with_terms`
    (`people`, `vulnerable_groups`, `vulnerable_total`, `term_<name>`), which the database
    computes for the rows of the page only. Ties are broken by the number of critical gaps,
    then by name, so that the order is stable across pages and exports.
    """
    return _with_terms(_visible_latest(user), settings).order_by(
        "-priority", "-critical_gaps", "facility__name", "pk"
    )


def ranking_under(user, settings: PrioritySettings) -> QuerySet:
    """The same ranking under weights that are not (yet) saved: ordered by the priority the
    database computes from `settings` (`computed_priority`) for every facility."""
    return _with_terms(_visible_latest(user), settings).order_by(
        "-computed_priority", "-critical_gaps", "facility__name", "pk"
    )


def refresh_priorities(facility_ids: Iterable[int] | None = None, apps=global_apps) -> int:
    """Store on the latest validated assessments (of `facility_ids`, else of every facility)
    the priority the saved weights give them, in one UPDATE; returns the rows updated.

    The one home of the stored priority: called when an assessment becomes or stops being its
    facility's latest validated one (`Assessment.refresh_latest_validated`), when a facility's
    people or target groups change (`assessments.signals`), when a target group's vulnerability
    changes or the weights are saved (every facility), and after a facility import.
    """
    assessment = apps.get_model("assessments", "Assessment")
    settings_model = apps.get_model("assessments", "PrioritySettings")
    settings = settings_model.objects.filter(pk=1).first() or settings_model()
    latest = assessment.objects.filter(is_latest_validated=True)
    if facility_ids is not None:
        latest = latest.filter(facility_id__in=list(facility_ids))
    computed = _with_terms(assessment.objects.filter(pk=OuterRef("pk")), settings, apps)
    return latest.update(
        priority=Subquery(computed.values("computed_priority")[:1], output_field=FloatField())
    )


@dataclass(frozen=True)
class Term:
    """One term of a priority: what it measured, its share of the weights and the points it gave.

    `str(term)` reads, in English, "gap 62/100 × 40 % = 24.8 pts".
    """

    name: str
    text: str
    weight_percent: float
    points: float

    def __str__(self):
        return _("%(text)s × %(weight)s %% = %(points)s pts") % {
            "text": self.text,
            # number_format cuts the decimals off; round first so that 16.68 reads 16.7.
            "weight": number_format(round(self.weight_percent), 0),
            "points": number_format(round(self.points, 1), 1),
        }


def terms_of(row: Assessment, settings: PrioritySettings) -> list[Term]:
    """The terms of one row of `ranked_assessments`, in words, with the points each gave.

    The points add up to the row's priority (up to rounding).
    """
    total_weight = settings.total_weight or 1
    gap = 100 - (row.overall_score if row.overall_score is not None else 100)
    texts = {
        "gap": _("gap %(gap)s/100") % {"gap": number_format(round(gap), 0)},
        "severity": _("severity %(severity)s/5") % {"severity": row.severity or "—"},
        "people": _("%(people)s people")
        % {"people": number_format(row.people, 0, force_grouping=True)},
        "vulnerable": _("%(served)s of %(total)s vulnerable groups")
        % {"served": row.vulnerable_groups, "total": row.vulnerable_total},
        "critical": ngettext("%(gaps)s critical gap", "%(gaps)s critical gaps", row.critical_gaps)
        % {"gaps": row.critical_gaps},
    }
    return [
        Term(
            name=name,
            text=texts[name],
            weight_percent=100 * weight_of(settings, name) / total_weight,
            points=100 * weight_of(settings, name) * getattr(row, f"term_{name}") / total_weight,
        )
        for name in TERMS
    ]


def explain(row: Assessment, settings: PrioritySettings) -> str:
    """The "why this rank" of a row as one line of text (for exports): its terms, in order."""
    return "; ".join(str(term) for term in terms_of(row, settings))


@dataclass(frozen=True)
class RankMove:
    """Where one facility stands in the ranking under the current and under proposed weights.

    `top` is the length of the list compared (the preview shows the first 20).
    """

    facility_id: int
    facility_name: str
    rank_before: int
    rank_after: int
    priority_before: float
    priority_after: float
    top: int

    @property
    def places(self) -> int:
        """Places gained (positive) or lost (negative)."""
        return self.rank_before - self.rank_after

    @property
    def distance(self) -> int:
        """Places moved, up or down."""
        return abs(self.places)

    @property
    def enters(self) -> bool:
        return self.rank_after <= self.top < self.rank_before

    @property
    def leaves(self) -> bool:
        return self.rank_before <= self.top < self.rank_after

    @property
    def priority_change(self) -> float:
        return self.priority_after - self.priority_before


def compare_rankings(
    user, current: PrioritySettings, proposed: PrioritySettings, top: int = 20
) -> list[RankMove]:
    """How the first `top` facilities of the ranking would move if `proposed` replaced `current`.

    Both orders come from `ranking_under` (the ranking computed by the database, one query per
    set of weights, whatever the number of facilities); the moves are those of every facility
    in either top, by new rank, then those that would leave it, by former rank.
    """

    def order(settings: PrioritySettings) -> dict[int, tuple[int, str, float]]:
        rows = ranking_under(user, settings).values_list(
            "facility_id", "facility__name", "computed_priority"
        )
        return {
            facility_id: (rank, name, priority)
            for rank, (facility_id, name, priority) in enumerate(rows, start=1)
        }

    before, after = order(current), order(proposed)
    concerned = {pk for pk, (rank, *_rest) in before.items() if rank <= top}
    concerned |= {pk for pk, (rank, *_rest) in after.items() if rank <= top}
    moves = [
        RankMove(
            facility_id=pk,
            facility_name=after[pk][1],
            rank_before=before[pk][0],
            rank_after=after[pk][0],
            priority_before=before[pk][2],
            priority_after=after[pk][2],
            top=top,
        )
        for pk in concerned
        if pk in before and pk in after
    ]
    return sorted(
        moves,
        key=lambda move: (move.leaves, move.rank_before if move.leaves else move.rank_after),
    )
