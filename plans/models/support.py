"""IOM's technical support to partners: visits, trainings and workshops, recorded with their
participants, the follow-up actions agreed and the attendance sheet."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import permissions
from common.concurrency import VersionedModel
from common.workflow import IOM_STAFF, Move, Workflow, WorkflowModel, for_anyone

from ..managers import SupportActivityQuerySet
from .projects import Project

ATTENDANCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
ATTENDANCE_MAX_BYTES = 5 * 1024 * 1024
# The first bytes of each accepted kind of file: a renamed file of another kind is refused.
ATTENDANCE_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def validate_attendance_sheet(upload) -> None:
    """A PDF, JPEG or PNG of at most 5 MB, whose content matches its kind."""
    if upload.size > ATTENDANCE_MAX_BYTES:
        raise ValidationError(_("The attendance sheet is larger than 5 MB."))
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    if not head.startswith(ATTENDANCE_SIGNATURES):
        raise ValidationError(_("The attendance sheet must be a PDF, JPEG or PNG file."))


class SupportActivity(VersionedModel):
    """A support visit, training or workshop IOM gave an organisation, maybe at a facility."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Support visit")
        TRAINING = "training", _("Training")
        WORKSHOP = "workshop", _("Workshop")
        COACHING = "coaching", _("Coaching")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation supported"),
        on_delete=models.PROTECT,
        related_name="support_activities",
    )
    facility = models.ForeignKey(
        "facilities.Facility",
        verbose_name=_("facility"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_activities",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_activities",
    )
    topic = models.CharField(_("topic"), max_length=250)
    summary = models.TextField(_("what was done"), blank=True)
    attendance_sheet = models.FileField(
        _("attendance sheet"),
        upload_to="support/attendance/%Y/",
        blank=True,
        validators=[
            FileExtensionValidator(ATTENDANCE_EXTENSIONS),
            validate_attendance_sheet,
        ],
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SupportActivityQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("support activity")
        verbose_name_plural = _("support activities")

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}: {self.topic}"

    def clean(self):
        if (
            self.facility_id
            and self.organisation_id
            and self.facility.managing_organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"facility": _("This facility is not managed by the organisation supported.")}
            )

    @property
    def participants_total(self) -> int:
        return sum(group.total for group in self.participants.all())


class SupportParticipants(models.Model):
    """How many people of one organisation took part, by sex."""

    activity = models.ForeignKey(
        SupportActivity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)

    class Meta:
        ordering = ["activity", "organisation__name"]
        verbose_name = _("participants")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organisation"], name="support_participants_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.total}"

    @property
    def total(self) -> int:
        return self.women + self.men


class SupportFollowUp(WorkflowModel):
    """An action agreed during a support activity, with its owner and due date."""

    # IOM staff mark an open action done, or reopen one marked done by mistake, saying why.
    workflow = Workflow(
        Move((False,), True, for_anyone(permissions.is_iom), IOM_STAFF),
        Move((True,), False, for_anyone(permissions.is_iom), IOM_STAFF, reason=True),
        field="is_done",
        labels={False: _("Open"), True: _("Done")},
    )

    activity = models.ForeignKey(
        SupportActivity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    action = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=150)
    due_on = models.DateField(_("due date"))
    is_done = models.BooleanField(_("done"), default=False)
    moves = GenericRelation("activity.StatusChange")

    class Meta:
        ordering = ["activity", "due_on", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self):
        return self.action

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_on < timezone.localdate()

    def mark_done(self, user=None) -> None:
        """Close the action; closing it twice changes nothing."""
        if not self.is_done:
            self.move(True, user)
