"""What changed, read from django-simple-history: the one activity log of Manara.

Every model whose changes matter carries `history = HistoricalRecords(...)` (fields that identify
a person are left out of the record); this module turns its records into readable changes: who,
when, created/changed/deleted, and which fields went from what to what. Detail pages show them
with `{% load activity %}{% recent_changes object %}`; administrators list them across the system
at /admin/activity/.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from common.concurrency import BOOKKEEPING

CHANGE_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
VALUE_LENGTH = 60


@dataclass
class FieldChange:
    """One field of a record, from its old to its new value (as shown, cut to a readable length)."""

    label: str
    old: str
    new: str


@dataclass
class Change:
    """One saved change of a record: who, when, what kind, which fields."""

    date: datetime
    user: object
    kind: str
    record: str = ""
    model: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    compared: bool = False  # whether the record before it was known
    reason: str = ""  # why, when the person saving was asked (the prioritisation weights)

    @property
    def field_labels(self) -> list[str]:
        return [change.label for change in self.fields]

    @property
    def says_something(self) -> bool:
        """False for a save compared with the one before that changed only what the log leaves
        out (a login time, the version): it would read "changed" with nothing changed."""
        return bool(self.fields) or not self.compared


def tracked_models() -> list[type[models.Model]]:
    """The models that keep a history, in the order of their apps."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "history") and hasattr(model._meta, "simple_history_manager_attribute")
    ]


def _shown(model, name: str, value) -> str:
    """A stored value as a person reads it: a choice's label, a date in the reader's format,
    a related record by its name (looked up, as the history keeps only its id)."""
    if value in (None, ""):
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # a field the live model no longer has
        return Truncator(str(value)).chars(VALUE_LENGTH)
    if model_field.choices:
        value = dict(model_field.flatchoices).get(value, value)
    elif isinstance(value, datetime):
        value = formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    elif isinstance(value, date):
        value = formats.date_format(value, "SHORT_DATE_FORMAT")
    elif model_field.many_to_one or model_field.one_to_one:
        related = model_field.related_model._base_manager.filter(pk=value).first()
        value = related if related is not None else _("deleted (#%(id)s)") % {"id": value}
    return Truncator(str(value)).chars(VALUE_LENGTH)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def describe(newer, older, model) -> Change:
    """A history record (and the one before it) as a readable change."""
    fields = []
    if older is not None:
        for delta in newer.diff_against(older).changes:
            if delta.field in BOOKKEEPING:  # the stale-save token and who moved it, shown above
                continue
            fields.append(
                FieldChange(
                    _label(model, delta.field),
                    _shown(model, delta.field, delta.old),
                    _shown(model, delta.field, delta.new),
                )
            )
        fields.sort(key=lambda change: change.label)
    return Change(
        date=newer.history_date,
        user=newer.history_user,
        kind=str(CHANGE_TYPES.get(newer.history_type, newer.history_type)),
        record=str(newer.history_object) if newer.history_type != "-" else "",
        model=str(model._meta.verbose_name),
        fields=fields,
        compared=older is not None,
        reason=getattr(newer, "history_change_reason", None) or "",
    )


def recent_changes(instance: models.Model, limit: int = 10) -> list[Change]:
    """The latest changes of one record, newest first (two queries, whatever its history)."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    model = type(instance)
    changes = (
        describe(newer, older, model)
        for newer, older in zip(records[:limit], records[1 : limit + 1] + [None], strict=False)
    )
    return [change for change in changes if change.says_something]


def system_changes(
    model_label: str = "", user_id: int | None = None, since=None, limit: int = 50
) -> list[Change]:
    """The latest changes across every tracked model (or one), for administrators: two queries
    a model whatever the number of records (each record's previous one is found in the first)."""
    changes = []
    for model in tracked_models():
        if model_label and model._meta.label_lower != model_label:
            continue
        history_model = model.history.model
        pk_name = model._meta.pk.attname
        previous = (
            history_model.objects.filter(
                **{pk_name: OuterRef(pk_name)}, history_date__lt=OuterRef("history_date")
            )
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        history = history_model.objects.select_related("history_user")
        if user_id:
            history = history.filter(history_user_id=user_id)
        if since:
            history = history.filter(history_date__date__gte=since)
        records = list(
            history.annotate(previous_id=Subquery(previous)).order_by("-history_date")[:limit]
        )
        olders = history_model.objects.in_bulk(
            [r.previous_id for r in records if r.history_type == "~" and r.previous_id],
            field_name="history_id",
        )
        for record in records:
            change = describe(record, olders.get(record.previous_id), model)
            if change.says_something:
                changes.append(change)
    changes.sort(key=lambda change: change.date, reverse=True)
    return changes[:limit]
