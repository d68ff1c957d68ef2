"""Stale saves: every edit form and status POST carries the version of the object it showed.

The write claims the next version with one conditional UPDATE (`... WHERE version = seen`) in
the same transaction as the change, so of two people saving from the same page only the first
succeeds; the second is told who changed what since the page was loaded, and keeps their input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import models, transaction
from django.db.models import F
from django.http import HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The name of the hidden field that carries the token in every form and status POST.
VERSION_FIELD = "seen_version"
# Fields that say how a row was written, not what it says: never listed as someone's change
# (a status move names the status itself).
BOOKKEEPING = {"version", "changed_by", "changed_at", "status_changed_by", "status_changed_at"}


class VersionedModel(models.Model):
    """A model whose rows carry a version moved by every change, and who made the last one."""

    version = models.PositiveIntegerField(default=0, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Fields whose save alone is bookkeeping, not an edit: it moves no version.
    UNVERSIONED_FIELDS: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A change that did not claim a version (admin, imports, commands) still moves it, so
        # that a form opened before it is refused rather than overwriting it.
        update_fields = kwargs.get("update_fields")
        bookkeeping = update_fields is not None and set(update_fields) <= self.UNVERSIONED_FIELDS
        if (
            not self._state.adding
            and not getattr(self, "_version_claimed", False)
            and not bookkeeping
        ):
            manager = type(self)._base_manager
            manager.filter(pk=self.pk).update(version=F("version") + 1)
            self.version = manager.values_list("version", flat=True).get(pk=self.pk)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


@dataclass
class StaleChanges:
    """What happened to an object between the version a page showed and the stored one."""

    people: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    when: object = None


def describe_changes(instance, seen: int) -> StaleChanges:
    """Who changed the object since version `seen`, and which fields, as far as can be known.

    The model's own `stale_changes(seen)` if it has one, else its simple-history records, else
    the `changed_by`/`changed_at` of a VersionedModel, else nothing (someone, some time).
    """
    if hasattr(instance, "stale_changes"):
        return instance.stale_changes(seen)
    from_history = changes_from_history(instance, seen)
    if from_history is not None:
        return from_history
    changed_by = getattr(instance, "changed_by", None)
    return StaleChanges(
        people=[person(changed_by)] if changed_by else [],
        when=getattr(instance, "changed_at", None),
    )


class StaleSave(Exception):
    """The object changed since the page was loaded: nothing was written."""

    def __init__(self, instance, seen: int):
        self.instance = type(instance)._base_manager.get(pk=instance.pk)
        self.seen = seen
        self.changes = describe_changes(self.instance, seen)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """Who changed what and when, then what happens to the user's input."""
        return (
            self.detail
            + ". "
            + _("Nothing of yours was saved; your input is kept below. Check it and save again.")
        )

    @property
    def status_message(self) -> str:
        """The refusal of a status POST: who changed what, and that nothing moved."""
        return self.detail + ". " + _("Nothing was changed: look at it as it is now and try again.")

    @property
    def detail(self) -> str:
        """One sentence (without its full stop) naming who changed what, and when."""
        changes = self.changes
        who = get_text_list(changes.people, _("and")) if changes.people else _("someone else")
        if changes.fields:
            text = _(
                "Since you opened this page, this record has been changed by %(who)s (%(fields)s)"
            ) % {"who": who, "fields": ", ".join(changes.fields)}
        else:
            text = _("Since you opened this page, this record has been changed by %(who)s") % {
                "who": who
            }
        if changes.when:
            when = formats.date_format(timezone.localtime(changes.when), "SHORT_DATETIME_FORMAT")
            text += "; " + _("last change on %(when)s") % {"when": when}
        return text


class BadToken(Exception):
    """The form came without its version token, or with one that is not a version."""

    message = gettext_lazy(
        "This page was sent without the mark that tells which version of the record it showed; "
        "nothing was saved. Reload the page and make your change again."
    )


def person(user) -> str:
    """How a refusal names someone: their full name, else their user name."""
    return user.get_full_name() or user.get_username()


def parse_token(value) -> int:
    """The version a posted token names; BadToken when it is missing or garbage."""
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or len(text) > 10:
        raise BadToken
    return int(text)


def claim(instance, seen: int, user) -> None:
    """Move the stored version from `seen` to the next, recording who; StaleSave if it moved.

    Call inside the transaction of the write, before writing: the conditional UPDATE takes the
    row's lock, so a concurrent claim waits for this one and then finds the version changed.
    Any model with an integer `version` field works; a VersionedModel also records who and when.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim() must run inside the transaction of the write")
    stamp = {}
    if isinstance(instance, VersionedModel):
        stamp = {"changed_by": user, "changed_at": timezone.now()}
    model = type(instance)
    if not model._base_manager.filter(pk=instance.pk, version=seen).update(
        version=seen + 1, **stamp
    ):
        raise StaleSave(instance, seen)
    instance.version = seen + 1
    for name, value in stamp.items():
        setattr(instance, name, value)
    instance._version_claimed = True


def changes_from_history(instance, seen: int) -> StaleChanges | None:
    """From django-simple-history: the authors and changed fields of the records after `seen`.

    None when the model keeps no history (or no record is newer than the page).
    """
    history = getattr(instance, "history", None)
    if history is None:
        return None
    records = list(
        history.filter(version__gte=seen).select_related("history_user").order_by("history_date")
    )
    seen_records = [record for record in records if record.version <= seen]
    newer = [record for record in records if record.version > seen]
    if not newer:
        return None
    people, names = [], set()
    previous = seen_records[-1] if seen_records else None
    for record in newer:
        if record.history_user and person(record.history_user) not in people:
            people.append(person(record.history_user))
        if previous is not None:
            names |= {change.field for change in record.diff_against(previous).changes}
        previous = record
    names -= BOOKKEEPING
    model = type(instance)
    # Only what people edit: an auto_now stamp is not news.
    editable = [model._meta.get_field(name) for name in names]
    fields = sorted(str(field.verbose_name) for field in editable if field.editable)
    return StaleChanges(people=people, fields=fields, when=newer[-1].history_date)


def changed_since(instance, seen: int) -> set[str]:
    """Names of the fields changed since version `seen`, when history can tell (else empty)."""
    history = getattr(instance, "history", None)
    if history is None:
        return set()
    old = history.filter(version__lte=seen).order_by("-history_date").first()
    new = history.order_by("-history_date").first()
    if old is None or new is None or old.pk == new.pk:
        return set()
    return {change.field for change in new.diff_against(old).changes} - BOOKKEEPING


class SeenVersionMixin:
    """Reads the hidden version token a form carries; a missing or garbage one is a form error."""

    def clean_seen_version(self):
        try:
            self.seen_version = parse_token(self.cleaned_data.get(VERSION_FIELD))
        except BadToken as error:
            raise forms.ValidationError(error.message, code="bad_token") from error
        return self.seen_version


class StaleSaveFormMixin(SeenVersionMixin):
    """For a ModelForm editing a VersionedModel: the hidden token and a save that claims it.

    `save_or_refuse(user)` writes inside one transaction and returns the object, or returns
    None after putting the refusal on the form, which is then re-shown with the user's input,
    the fields others changed (and this user did not) updated, and the new token.
    """

    stale: StaleSave | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[VERSION_FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=self.instance.version
            )
            self.seen_version = None

    def _post_clean(self):
        super()._post_clean()
        # A bad token is a form-wide problem: say it at the top, not beside a hidden field.
        if VERSION_FIELD in self._errors:
            self.add_error(None, self._errors.pop(VERSION_FIELD))
        elif self.instance.pk and self.seen_version not in (None, self.instance.version):
            # Stale already when the request began: refused here, before any write; the claim
            # at the write still catches a save that lands in between.
            self.refuse(StaleSave(self.instance, self.seen_version))

    def save_or_refuse(self, user):
        """Save the change under the version claim; None (with the form updated) if stale."""
        if not self.instance.pk:
            return self.save()
        try:
            with transaction.atomic():
                claim(self.instance, self.seen_version, user)
                return self.save()
        except StaleSave as stale:
            self.refuse(stale)
            return None

    def refuse(self, stale: StaleSave) -> None:
        """Show the refusal; keep the user's input, take others' changes where they typed none."""
        self.stale = stale
        data = self.data.copy()
        data[VERSION_FIELD] = str(stale.instance.version)
        current = stale.instance
        theirs = {}
        for name in changed_since(current, stale.seen):
            if name not in self.fields:
                continue
            # Lists (services, languages) are not merged: the user sees theirs and decides.
            many = isinstance(
                self.fields[name], forms.MultipleChoiceField | forms.ModelMultipleChoiceField
            )
            if many or self.has_changed_from(name, current, stale.seen):
                theirs[name] = shown_value(current, name)
                continue
            value = self.fields[name].prepare_value(current.serializable_value(name))
            widget = self.fields[name].widget
            if isinstance(widget, forms.MultiWidget):  # a date and a time, say: one input each
                parts = widget.decompress(value)
                for suffix, part in zip(widget.widgets_names, parts, strict=True):
                    data[name + suffix] = "" if part is None else str(part)
            else:
                data[name] = "" if value is None else str(value)
        self.data = data
        self.add_error(None, self.stale_message(stale))
        # Where both changed a field, the user's input stays and theirs is shown under it.
        for name, value in theirs.items():
            self.add_error(
                name, _("Saved meanwhile by the other person: “%(value)s”") % {"value": value}
            )

    def stale_message(self, stale: StaleSave) -> str:
        """The refusal's words; a form may word it for its own object."""
        return stale.message

    def has_changed_from(self, name: str, current, seen: int) -> bool:
        """Whether the user typed something else than what the page showed at version `seen`."""
        old = current.history.filter(version__lte=seen).order_by("-history_date").first()
        if old is None:
            return True
        shown = self.fields[name].prepare_value(
            getattr(old, f"{name}_id", None) or getattr(old, name)
        )
        return self[name].field.has_changed(shown, self[name].data)


def shown_value(instance, name: str) -> str:
    """A field's stored value as a person reads it (a choice's label, a related object's name)."""
    display = getattr(instance, f"get_{name}_display", None)
    value = display() if display else getattr(instance, name)
    if hasattr(value, "all"):
        value = value.all()
    if isinstance(value, list | tuple) or hasattr(value, "model"):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


class VersionTokenForm(SeenVersionMixin, forms.Form):
    """The token alone, for a page whose write spans several forms (an assessment's answers)."""

    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, instance: VersionedModel, **kwargs):
        super().__init__(data, initial={VERSION_FIELD: instance.version}, **kwargs)
        self.instance = instance
        self.seen_version = None

    def claim(self, user) -> None:
        """Claim the next version for the write that follows, in the caller's transaction."""
        claim(self.instance, self.seen_version, user)

    def refuse(self, stale: StaleSave) -> None:
        """Carry the new version, so that saving again after reading the message is accepted."""
        data = self.data.copy()
        data[VERSION_FIELD] = str(stale.instance.version)
        self.data = data
        self.add_error(None, stale.message)


class StaleSaveAdminMixin:
    """For the back office of a versioned model: its change form carries and claims the version.

    A change form opened before another save is refused with the same message as in the
    application, the input kept; if the other save lands between the check and the write, the
    claim refuses it and the page is reloaded with the message.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(
                base.__name__,
                (StaleSaveFormMixin, base),
                {VERSION_FIELD: forms.CharField(widget=forms.HiddenInput, required=False)},
            )
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or any(VERSION_FIELD in options["fields"] for _name, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]

    def save_model(self, request, obj, form, change):
        if change:
            claim(obj, form.seen_version, request.user)
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleSave as stale:
            self.message_user(request, stale.status_message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
