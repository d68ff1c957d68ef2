"""The reintegration sustainability chart of a case, drawn in SVG on the server."""

from django import template
from django.utils.translation import gettext as _

from ..models import SustainabilitySettings

register = template.Library()

WIDTH, HEIGHT, MARGIN = 320, 140, 24
LINES = (
    ("score_economic", "#0d5eaf"),
    ("score_social", "#146c43"),
    ("score_psychosocial", "#a04b00"),
)


@register.inclusion_tag("referrals/_sustainability_chart.html")
def sustainability_chart(follow_ups):
    """Three lines (economic, social, psychosocial) over the scored follow-ups, oldest first."""
    scored = sorted(
        (f for f in follow_ups if f.score_composite is not None), key=lambda f: (f.date, f.pk)
    )
    settings_row = SustainabilitySettings.load()
    span = max(len(scored) - 1, 1)

    def x(index):
        return round(MARGIN + index * (WIDTH - 2 * MARGIN) / span, 1)

    def y(score):
        return round(HEIGHT - MARGIN - score * (HEIGHT - 2 * MARGIN), 1)

    labels = {
        "score_economic": _("Economic"),
        "score_social": _("Social"),
        "score_psychosocial": _("Psychosocial"),
    }
    lines = [
        {
            "label": labels[field],
            "colour": colour,
            "points": " ".join(
                f"{x(i)},{y(getattr(f, field))}"
                for i, f in enumerate(scored)
                if getattr(f, field) is not None
            ),
        }
        for field, colour in LINES
    ]
    return {
        "scored": scored,
        "lines": lines,
        "width": WIDTH,
        "height": HEIGHT,
        "threshold_y": y(settings_row.threshold),
        "threshold": settings_row.threshold,
        "left": MARGIN,
        "right": WIDTH - MARGIN,
        "top_y": y(1),
        "bottom_y": y(0),
        # The first and the last follow-up's dates under the axis; more would not fit a phone.
        "dates": [
            {"x": x(i), "date": f.date, "anchor": "start" if i == 0 else "end"}
            for i, f in enumerate(scored)
            if i in {0, len(scored) - 1}
        ],
    }
