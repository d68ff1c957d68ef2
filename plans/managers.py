"""Who may read which plans, projects and support records: one `visible_to` per model."""

from django.db import models

from accounts import permissions


def council_regions(user) -> list[int]:
    """The regions a viewer's organisation answers for: those it covers and those it plans."""
    if not user.organisation_id:
        return []
    organisation = user.organisation
    return sorted(
        set(organisation.regions.values_list("pk", flat=True))
        | set(organisation.action_plans.values_list("region_id", flat=True))
    )


class ActionPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """IOM roles read every plan; a viewer reads the plans of its council or its regions.

        A viewer whose organisation answers for no region (a donor, a ministry) reads every plan
        once adopted; drafts stay with IOM and the council that writes them. Partners do not
        read plans.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_iom:
            return self.all()
        if not permissions.is_viewer(user):
            return self.none()
        regions = council_regions(user)
        if regions:
            return self.filter(
                models.Q(council_id=user.organisation_id) | models.Q(region_id__in=regions)
            ).exclude(
                models.Q(status=self.model.Status.DRAFT)
                & ~models.Q(council_id=user.organisation_id)
            )
        return self.exclude(status=self.model.Status.DRAFT)


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """IOM roles and viewers read every project; a partner reads those it takes part in."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if permissions.reads_everything(user):
            return self.all()
        if permissions.acts_for_an_organisation(user):
            return self.filter(partners__organisation_id=user.organisation_id).distinct()
        return self.none()


class SupportActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """IOM roles read all support records; anyone else only those given to its organisation."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_iom:
            return self.all()
        if user.organisation_id:
            return self.filter(organisation_id=user.organisation_id)
        return self.none()
