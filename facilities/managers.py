"""Who may see and change which facility: the one place where the roles are applied to facilities.

Every view, export and later app (assessments, guides, directory) starts from these methods.
"""

from django.db import models
from django.db.models import Q

from accounts import permissions


class FacilityQuerySet(models.QuerySet):
    def with_related(self):
        """Fetch what a list or a detail page shows, in a fixed number of queries."""
        return self.select_related("region", "province", "managing_organisation").prefetch_related(
            "services", "target_groups"
        )

    def visible_to(self, user):
        """Facilities the user may read.

        Admins, IOM staff and viewers read every facility; a partner reads published facilities
        and every facility its own organisation manages; anyone else reads nothing here (the
        public directory uses `published()`).
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if permissions.reads_everything(user):
            return self.all()
        if user.is_partner:
            scope = Q(is_published=True)
            if user.organisation_id:
                scope |= Q(managing_organisation_id=user.organisation_id)
            return self.filter(scope)
        return self.none()

    def editable_by(self, user):
        """Facilities the user may change: all for IOM roles, its organisation's for a partner."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_iom:
            return self.all()
        if permissions.acts_for_an_organisation(user):
            return self.filter(managing_organisation_id=user.organisation_id)
        return self.none()

    def published(self):
        """Facilities shown to the public: published and open."""
        return self.filter(is_published=True, status=self.model.Status.ACTIVE)


FacilityManager = models.Manager.from_queryset(FacilityQuerySet)
