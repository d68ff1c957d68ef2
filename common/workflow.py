"""Status workflows: every status field of Manara moves through one declared table, here.

A model with a status declares its `workflow`: the moves from each status to the next, who may
make each one (a rule of `accounts.permissions`), whether a reason is required, and any condition
the record must meet. `WorkflowModel.move(target, user, reason, seen_version)` is the only way a
status changes: it refuses a stale page, a move that is not in the table, a role that may not
make it, a missing reason or an unmet condition — each with one wording, nothing written — and
otherwise saves the record and writes one `activity.StatusChange` row (the one log of moves).

A small module of our own rather than django-fsm-2: the moves here need a reason per move, a
refusal a person can read, the version claim of `common.concurrency` and a log row in the same
transaction. django-fsm-2 provides the table and the guard but none of those, and its
decorated-method style would have wrapped each model's code instead of removing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from common.concurrency import (
    VERSION_FIELD,
    BadToken,
    StaleSave,
    VersionedModel,
    claim,
    parse_token,
)

# Who may make a move, as the refusal names them (any other label is declared with its move).
IOM_STAFF = pgettext_lazy("who may make a move", "IOM staff")
ADMINISTRATORS = pgettext_lazy("who may make a move", "administrators")


def for_anyone(rule: Callable) -> Callable:
    """A role rule (about the user alone) as a rule of a move (about the user and a record)."""
    return lambda user, record: rule(user)


class MoveRefused(ValidationError):
    """A status move that may not be made; its message says why. Nothing was written."""


@dataclass(frozen=True)
class Move:
    """One move of a workflow: from any of `sources` to `target`, by whom `who` allows.

    `who(user, record)` is a rule of accounts.permissions; `who_label` names those people in the
    refusal. `reason` says whether the person must give one. `guard(record)` returns why the
    record cannot make the move yet (or None). `offered` is False for a move the code makes as
    the consequence of something else (a need becomes funded when a project funds it), never
    on a person's request.
    """

    sources: tuple
    target: str
    who: Callable
    who_label: object
    reason: bool = False
    guard: Callable | None = None
    offered: bool = True


class Workflow:
    """The moves of one status field, and the checks every move goes through."""

    def __init__(self, *moves: Move, field: str = "status", labels: dict | None = None):
        """`labels` names the states of a field without choices (a yes/no flag)."""
        self.moves = moves
        self.field = field
        self.labels = labels

    def label(self, model, value) -> str:
        """How a person reads a state (stored in the log as text: "True" for a flag's yes)."""
        if self.labels is not None:
            named = {str(state): label for state, label in self.labels.items()}
        else:
            named = dict(model._meta.get_field(self.field).flatchoices)
        return str(named.get(value, named.get(str(value), value)))

    def move_to(self, current: str, target: str) -> Move | None:
        return next(
            (move for move in self.moves if current in move.sources and move.target == target),
            None,
        )

    def targets(self, record, user, offered_only: bool = True) -> list[str]:
        """The statuses `user` may move the record to now (the buttons a page offers)."""
        current = getattr(record, self.field)
        return [
            move.target
            for move in self.moves
            if current in move.sources
            and (move.offered or not offered_only)
            and (user is None or move.who(user, record))
        ]

    def check(self, record, target: str, user, reason: str = "", offered_only=True) -> Move:
        """The move from the record's status to `target`, or MoveRefused saying why not.

        `user` None is the system (a command, an import, a data migration): no role is checked.
        """
        current = getattr(record, self.field)
        model = type(record)
        move = self.move_to(current, target)
        if move is None or (offered_only and not move.offered):
            possible = [self.label(model, t) for t in self.targets(record, None)]
            message = _("The status “%(current)s” cannot change to “%(new)s”.") % {
                "current": self.label(model, current),
                "new": self.label(model, target),
            }
            if possible:
                message += " " + _("From here it can become: %(targets)s.") % {
                    "targets": ", ".join(
                        _("“%(status)s”") % {"status": label} for label in possible
                    )
                }
            raise MoveRefused(message, code="not_a_move")
        if user is not None and not move.who(user, record):
            raise MoveRefused(
                _("Only %(who)s can change the status from “%(current)s” to “%(new)s”.")
                % {
                    "who": move.who_label,
                    "current": self.label(model, current),
                    "new": self.label(model, target),
                },
                code="not_allowed",
            )
        if move.reason and not (reason or "").strip():
            raise MoveRefused(
                _("Give the reason for changing the status to “%(new)s”.")
                % {"new": self.label(model, target)},
                code="reason_required",
            )
        if move.guard is not None:
            problem = move.guard(record)
            if problem:
                raise MoveRefused(problem, code="condition")
        return move


class WorkflowModel(models.Model):
    """A model whose status moves only through its `workflow` (see the module's text)."""

    workflow: Workflow

    class Meta:
        abstract = True

    _moving = False

    def allowed_moves(self, user) -> list[str]:
        """The statuses `user` may move this record to now."""
        return self.workflow.targets(self, user)

    def on_move(self, move: Move, user, reason: str) -> dict:
        """The other fields a move sets (dates, who), as {name: value}; none by default."""
        return {}

    def after_move(self, move: Move, user) -> None:
        """What follows a move, in its transaction (other records it updates); nothing here."""

    @transaction.atomic
    def move(
        self,
        target: str,
        user,
        reason: str = "",
        seen_version: int | None = None,
        offered_only: bool = True,
    ):
        """Move the status to `target` for `user`, or raise MoveRefused with nothing written.

        `seen_version` is the version the person's page showed: a record changed since is
        refused. Returns the StatusChange written to the log.
        """
        from activity.models import StatusChange

        versioned = isinstance(self, VersionedModel)
        if versioned and seen_version is not None and seen_version != self.version:
            raise MoveRefused(StaleSave(self, seen_version).status_message, code="stale")
        move = self.workflow.check(self, target, user, reason, offered_only=offered_only)
        fields = self.on_move(move, user, reason)
        if versioned:
            # Claimed even without a token: a change saved since this object was read (by a
            # person, a command or another move) refuses this move instead of being undone.
            try:
                claim(self, self.version if seen_version is None else seen_version, user)
            except StaleSave as stale:
                raise MoveRefused(stale.status_message, code="stale") from stale
        previous = getattr(self, self.workflow.field)
        setattr(self, self.workflow.field, target)
        if hasattr(self, "status_changed_at"):
            fields.update(status_changed_at=timezone.now(), status_changed_by=user)
        for name, value in fields.items():
            setattr(self, name, value)
        self._history_user = user
        self._moving = True
        try:
            self.save(update_fields=[self.workflow.field, *fields])
        finally:
            self._moving = False
        change = StatusChange.objects.create(
            content_object=self,
            from_status=previous,
            to_status=target,
            by=user,
            reason=(reason or "").strip(),
        )
        self.after_move(move, user)
        return change


def move_from_post(
    request, record: WorkflowModel, target: str = "", reason: str = ""
) -> str | None:
    """Make the move a status POST asks for: to `target` (else the POST's `status`), with the
    POST's version token and `reason`.

    Returns None when the move is made, else the refusal to show: a missing or bad token, a
    stale page, a move not in the table, a role that may not, a missing reason. Nothing is
    written on a refusal. Every status POST of the application goes through here.
    """
    try:
        # "version" is the token's name in referral pages loaded before it was seen_version.
        seen = parse_token(request.POST.get(VERSION_FIELD, request.POST.get("version")))
        target = target or request.POST.get("status", "")
        record.move(target, request.user, reason, seen_version=seen)
    except BadToken as error:
        return str(error.message)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def move_form(form, workflow: Workflow, user):
    """`form` (a ModelForm of a workflow model) whose status offers only `user`'s moves, with
    a reason box, and whose clean() refuses a move the workflow would refuse."""

    class MoveForm(form):
        move_reason = forms.CharField(
            label=gettext_lazy("Reason for the status change"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            status = self.fields.get(workflow.field)
            if status is not None:
                allowed = {getattr(self.instance, workflow.field)}
                allowed |= set(workflow.targets(self.instance, user))
                status.choices = [c for c in status.choices if c[0] in allowed]

        def clean(self):
            cleaned = super().clean()
            if workflow.field in self.changed_data and cleaned.get(workflow.field):
                # Before _post_clean: the instance still holds the stored status.
                try:
                    workflow.check(
                        self.instance,
                        cleaned[workflow.field],
                        user,
                        cleaned.get("move_reason", ""),
                    )
                except MoveRefused as refusal:
                    self.add_error(workflow.field, refusal.messages)
            return cleaned

    return MoveForm


class WorkflowAdminMixin:
    """For the back office of a workflow model: the change form's status offers only the moves the
    signed-in person may make, with a box for the reason; saving makes the move through the
    workflow (checked, logged) after the other fields are saved, never by writing the field.
    A refused move is shown beside the status, the rest of the input kept."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            base = kwargs.get("form", self.form)
            kwargs["form"] = move_form(base, type(obj).workflow, request.user)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        field = type(obj).workflow.field
        if not change or field not in form.changed_data:
            return super().save_model(request, obj, form, change)
        target = getattr(obj, field)
        setattr(obj, field, form.initial[field])
        super().save_model(request, obj, form, change)
        obj.move(target, request.user, form.cleaned_data.get("move_reason", ""))
