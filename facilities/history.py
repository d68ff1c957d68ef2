"""Readable change history of a facility (who changed which fields, and when)."""

from django.utils.translation import gettext_lazy as _

from .models import Facility

CHANGE_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def facility_changes(facility: Facility, limit: int = 10) -> list[dict]:
    """The latest changes of a facility, newest first, each with its author and changed fields."""
    records = list(
        facility.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    changes = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if len(changes) == limit:
            break
        fields = []
        if older is not None:
            delta = newer.diff_against(older)
            fields = sorted(
                str(Facility._meta.get_field(change.field).verbose_name)
                for change in delta.changes
                if change.field != "version"  # the stale-save token, not a fact about the place
            )
        changes.append(
            {
                "date": newer.history_date,
                "user": newer.history_user,
                "type": CHANGE_TYPES.get(newer.history_type, newer.history_type),
                "fields": fields,
            }
        )
    return changes
