"""Progress notes on a referral: free text both organisations read on its timeline."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cases import Referral


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


class ReferralNote(models.Model):
    """A note on how a referral goes, written by either organisation or IOM and read by both.

    It is read by more people than the case's identity: a note naming the person or giving
    their phone number is refused.
    """

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("progress note"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self):
        return f"{self.referral_id} {self.at:%Y-%m-%d %H:%M}"

    def clean(self):
        case = self.referral.case
        text = self.text or ""
        name = case.full_name.strip()
        phone = _digits(case.phone)
        named = bool(name) and (
            name.casefold() in text.casefold()
            or any(len(part) > 2 and part.casefold() in text.casefold() for part in name.split())
        )
        if named or (len(phone) >= 6 and phone[-6:] in _digits(text)):
            raise ValidationError(
                {
                    "text": _(
                        "A progress note is read by both organisations: leave out the person's "
                        "name and phone number."
                    )
                }
            )
