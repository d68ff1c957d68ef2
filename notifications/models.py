"""Notifications: one message to one person, and each person's choice of how to get each kind.

A notification holds its kind and the values of its wording in every language Manara speaks;
its sentence is made when it is read, in the reader's language (`kinds.py`). It never holds a
person's name or phone: referrals are named by their case reference.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .kinds import RULES, Delivery, Kind


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        """The notifications addressed to `user`: nobody reads another person's."""
        return self.filter(recipient_id=user.pk)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def unread_first(self) -> "NotificationQuerySet":
        """Unread ones first, newest first; then those read, the latest read first."""
        return self.order_by(models.F("read_at").desc(nulls_first=True), "-created_at", "-pk")

    def mark_read(self) -> int:
        """Mark the unread ones of this set read now; returns how many changed."""
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """Something that happened that one person should know, with a link to where it happened."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    # {language: {name: value}}: the values of the wording, written once in each language.
    params = models.JSONField(_("values"), default=dict, blank=True)
    # A path without its language prefix ("/referrals/12/"), shown under the reader's.
    url = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # How it goes out by mail, chosen from the recipient's preference when it is made.
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IN_APP
    )
    # When it was mailed, at once or in the daily digest: a digest run skips those mailed.
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    # Set by reminders that must reach a person once ("recommendation:12:2026-12-03").
    once_key = models.CharField(max_length=100, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery", "mailed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "once_key"],
                condition=~models.Q(once_key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self):
        return self.text

    def text_in(self, language: str) -> str:
        """The sentence in `language` (the wording translated, the values written in it)."""
        values = self.params.get(language) or self.params.get(settings.LANGUAGE_CODE) or {}
        if not values and self.params:
            values = next(iter(self.params.values()))
        with translation.override(language):
            try:
                return gettext(RULES[self.kind].wording) % values
            except (KeyError, TypeError, ValueError):
                return str(self.get_kind_display())

    @property
    def text(self) -> str:
        """The sentence in the active language."""
        return self.text_in(get_language() or settings.LANGUAGE_CODE)

    def link_in(self, language: str) -> str:
        """The address of what it is about, under `language`'s prefix ('' when there is none)."""
        return f"/{language}{self.url}" if self.url else ""

    @property
    def link(self) -> str:
        return self.link_in(get_language() or settings.LANGUAGE_CODE)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """How one person wants one kind of notification; without a row, the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}: {self.get_delivery_display()}"
