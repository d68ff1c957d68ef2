"""`{% actor_map_legend %}`: the legend under the actor map, drawn like the facility map's
(facilities/templatetags/maps.py) from the markers `ActorProfile.MAP_MARKERS` gives the map."""

from django import template

from ..models import ActorProfile

register = template.Library()


@register.inclusion_tag("_map_legend.html")
def actor_map_legend():
    """Current and potential actors with their markers; then groups of markers."""
    return {
        "entries": [
            (ActorProfile.MAP_MARKERS[standing], label)
            for standing, label in ActorProfile.Standing.choices
        ],
        "clusters": True,
    }
