"""Template pieces of assessments that other pages show: the score chart, the facility panel and
amounts in dirhams."""

import math
from decimal import Decimal

from django import template
from django.db.models import Case, Count, IntegerField, Sum, When
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts import permissions
from facilities.models import Facility

from ..models import Assessment, Dimension, Need

register = template.Library()

CHART_SIZE = 240
CHART_RADIUS = 80
# The facility page lists this many open needs, the most urgent and costly first; the needs list
# filtered on the facility has them all.
PANEL_NEEDS = 20


def short_dimension_labels() -> dict[str, str]:
    """One word per dimension, for the axes of the chart."""
    return {
        Dimension.ACCESSIBILITY: _("Accessibility"),
        Dimension.SAFETY: _("Safety"),
        Dimension.SERVICES: _("Services"),
        Dimension.PROTECTION: _("Protection"),
    }


@register.filter
def mad(amount) -> str:
    """An amount in Moroccan dirhams with the active locale's grouping: 12 500 MAD."""
    if amount in (None, ""):
        return "—"
    value = Decimal(amount).quantize(Decimal("1"))
    return _("%(amount)s MAD") % {"amount": number_format(value, 0, force_grouping=True)}


@register.filter
def score(value) -> str:
    """A score out of 100 for display, or a dash when it could not be computed."""
    if value is None:
        return "—"
    return number_format(round(value), 0)


def _point(angle_degrees: float, radius: float) -> tuple[float, float]:
    angle = math.radians(angle_degrees - 90)
    centre = CHART_SIZE / 2
    return round(centre + radius * math.cos(angle), 1), round(centre + radius * math.sin(angle), 1)


@register.inclusion_tag("assessments/_radar_chart.html")
def radar_chart(assessment: Assessment, label: str = ""):
    """A four-axis chart of the dimension scores, drawn in SVG on the server (no JavaScript)."""
    scores = assessment.dimension_scores()
    short_labels = short_dimension_labels()
    axes = []
    for index, dimension in enumerate(Dimension):
        angle = index * 360 / len(Dimension)
        value = scores[dimension.value]
        x, y = _point(angle, CHART_RADIUS * (value or 0) / 100)
        label_x, label_y = _point(angle, CHART_RADIUS + 22)
        end_x, end_y = _point(angle, CHART_RADIUS)
        axes.append(
            {
                "label": short_labels[dimension],
                "value": value,
                "x": x,
                "y": y,
                "end_x": end_x,
                "end_y": end_y,
                "label_x": label_x,
                "label_y": label_y,
                "anchor": "middle" if index % 2 == 0 else ("start" if index == 1 else "end"),
            }
        )
    rings = [
        " ".join(
            "{},{}".format(*_point(i * 360 / len(Dimension), CHART_RADIUS * level / 4))
            for i in range(len(Dimension))
        )
        for level in range(1, 5)
    ]
    return {
        "axes": axes,
        "rings": rings,
        "polygon": " ".join(f"{a['x']},{a['y']}" for a in axes),
        "size": CHART_SIZE,
        "centre": CHART_SIZE / 2,
        "label": label,
    }


@register.inclusion_tag("assessments/_facility_panel.html", takes_context=True)
def facility_assessments(context, facility: Facility):
    """The facility page's assessment panel: latest validated scores, history, open needs (the
    `PANEL_NEEDS` most urgent and costly, with the count and the total cost of them all)."""
    user = context["request"].user
    visible = Assessment.objects.visible_to(user).filter(facility=facility)
    history = list(
        visible.filter(status=Assessment.Status.VALIDATED)
        .select_related("framework")
        .order_by("-assessed_on", "-pk")
    )
    latest = next((a for a in history if a.is_latest_validated), None)
    can_start = permissions.does_field_work(user) and (
        Facility.objects.editable_by(user).filter(pk=facility.pk).exists()
    )
    open_needs = Need.objects.visible_to(user).open().filter(facility=facility)
    counted = open_needs.aggregate(count=Count("pk"), total=Sum("total_cost"))
    # Most urgent first, then the costliest; the needs list filtered on the facility has them all.
    urgency_rank = Case(
        *(When(urgency=value, then=rank) for rank, value in enumerate(Need.Urgency.values)),
        output_field=IntegerField(),
    )
    listed = list(
        open_needs.select_related("criterion")
        .annotate(urgency_rank=urgency_rank)
        .order_by("urgency_rank", "-total_cost", "pk")[:PANEL_NEEDS]
    )
    return {
        "request": context["request"],
        "facility": facility,
        "can_see": can_start or permissions.reads_everything(user),
        "latest": latest,
        "history": history,
        "in_progress": list(
            visible.exclude(status=Assessment.Status.VALIDATED).select_related("created_by")
        ),
        "open_needs": listed,
        "open_needs_count": counted["count"],
        "open_needs_total": counted["total"] or Decimal(0),
        "can_start": can_start,
    }
