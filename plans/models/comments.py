"""The comment thread of a plan's action, between the council that owns the plan and IOM staff."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .action_plans import PlanAction


class ActionComment(models.Model):
    """A comment on an action of a regional plan, by a viewer of its council or by IOM staff.

    Comments are a conversation, not a record of the plan: they are never edited, and their
    text is shown as written (escaped), never as HTML.
    """

    action = models.ForeignKey(
        PlanAction, verbose_name=_("action"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["action", "created_at", "pk"]
        verbose_name = _("comment on an action")
        verbose_name_plural = _("comments on actions")

    def __str__(self):
        return f"{self.action.code}: {self.text[:60]}"
