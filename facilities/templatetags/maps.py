"""The legends printed under the staff maps: `{% facility_map_legend %}` and `{% here_legend %}`.

A marker's look is a class of static/css/manara.css named after what the marker stands for
(`map-marker--<status>`); the maps' scripts give each marker that class and a legend shows the
same classes beside their names, so a legend and its markers cannot disagree. The actor map's
legend is `{% actor_map_legend %}` (referrals/templatetags/referral_tags.py).
"""

from django import template
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility

register = template.Library()


@register.inclusion_tag("_map_legend.html")
def facility_map_legend():
    """Every status a facility may have on the map, with its marker; then groups of markers."""
    return {"entries": Facility.Status.choices, "clusters": True}


@register.inclusion_tag("_map_legend.html")
def here_legend():
    """The one marker of a facility's own small map."""
    return {"entries": [("here", _("This facility"))], "clusters": False}
