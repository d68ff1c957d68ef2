"""Who may see which actor, case and referral: the roles applied in one place.

Actors and their services are not personal data: every signed-in user reads them (SWOT and
capacity ratings are hidden from non-IOM roles in the views). A case is read by IOM roles and by
the organisation that owns it; a referral by IOM roles and by the two organisations it links.
Viewers read aggregate figures only, never a case or a referral.
"""

from django.db import models
from django.db.models import Q

from accounts import permissions


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


class ActorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every actor, for any signed-in user."""
        return self.all() if _active(user) else self.none()


class CaseQuerySet(models.QuerySet):
    def with_identity(self):
        """Cases that hold a name or a phone."""
        # The two columns are encrypted, but an empty value is stored empty: comparing with ""
        # is the one question they answer (common/encryption.py).
        return self.exclude(full_name="", phone="")

    def visible_to(self, user):
        """IOM roles read every case; a partner reads the cases its organisation owns."""
        if not _active(user):
            return self.none()
        if user.is_iom:
            return self.all()
        if permissions.acts_for_an_organisation(user):
            return self.filter(owner_id=user.organisation_id)
        return self.none()


class ReferralQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "case",
            "case__region",
            "service__category",
            "service__actor__organisation",
            "from_organisation",
            "to_organisation",
        )

    def sent_and_received(self, organisation) -> dict:
        """How many of these referrals `organisation` sent and received, in one query."""
        return self.aggregate(
            sent=models.Count("pk", filter=Q(from_organisation=organisation)),
            received=models.Count("pk", filter=Q(to_organisation=organisation)),
        )

    def visible_to(self, user):
        """IOM roles read every referral; a partner those sent to or from its organisation."""
        if not _active(user):
            return self.none()
        if user.is_iom:
            return self.all()
        if permissions.acts_for_an_organisation(user):
            organisation = user.organisation_id
            return self.filter(
                Q(from_organisation_id=organisation) | Q(to_organisation_id=organisation)
            )
        return self.none()
