"""Who may see and change which assessment and need: the roles applied in one place.

An assessment or a need is visible to a user exactly when its facility is
(`Facility.objects.visible_to`), with two restrictions: a partner reads the assessments and needs
of the facilities its own organisation manages only, not those of other organisations' facilities,
which it sees in the published ranking; and a viewer reads validated assessments only, and the
needs that count (`confirmed`), never those of an assessment IOM has not validated.
"""

from django.db import models

from accounts import permissions


class FrameworkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def current(self):
        """The published framework new assessments use (the most recently published one)."""
        return self.published().order_by("-published_at", "-pk").first()


class AssessmentQuerySet(models.QuerySet):
    def with_related(self):
        """Fetch what a list of assessments shows, in a fixed number of queries."""
        return self.select_related(
            "facility",
            "facility__region",
            "framework",
            "assessor_organisation",
            "created_by",
            "validated_by",
        )

    def visible_to(self, user):
        """Assessments the user may read in full.

        Admins and IOM staff read every assessment, viewers every validated one; a partner reads
        the assessments of the facilities its organisation manages; anyone else reads none.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if permissions.reads_everything(user):
            if permissions.reads_unvalidated_assessments(user):
                return self.all()
            return self.validated()
        if permissions.acts_for_an_organisation(user):
            return self.filter(facility__managing_organisation_id=user.organisation_id)
        return self.none()

    def editable_by(self, user):
        """Assessments whose answers and needs the user may change (draft or returned only).

        IOM staff change any open assessment; a partner changes those of its organisation's
        facilities that its organisation started.
        """
        open_ones = self.filter(status__in=[self.model.Status.DRAFT, self.model.Status.RETURNED])
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_iom:
            return open_ones
        if permissions.acts_for_an_organisation(user):
            return open_ones.filter(
                facility__managing_organisation_id=user.organisation_id,
                assessor_organisation_id=user.organisation_id,
            )
        return self.none()

    def validated(self):
        return self.filter(status=self.model.Status.VALIDATED)

    def latest_validated(self):
        """The one validated assessment per facility that scores and prioritisation read."""
        return self.filter(is_latest_validated=True)


class NeedQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "facility",
            "facility__region",
            "facility__managing_organisation",
            "criterion",
            "assessment",
        )

    def visible_to(self, user):
        """Needs the user may read: as for assessments (a partner: its own facilities' needs; a
        viewer: the confirmed needs, not those of an assessment still open)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if permissions.reads_everything(user):
            if permissions.reads_unvalidated_assessments(user):
                return self.all()
            return self.confirmed()
        if permissions.acts_for_an_organisation(user):
            return self.filter(facility__managing_organisation_id=user.organisation_id)
        return self.none()

    def confirmed(self):
        """Needs that count: found by a validated assessment, or entered directly by IOM."""
        return self.filter(
            models.Q(assessment__isnull=True)
            | models.Q(
                assessment__status=self.model.assessment.field.related_model.Status.VALIDATED
            )
        )

    def open(self):
        """Confirmed needs not yet closed (neither done nor superseded): each gap counted once,
        the one definition every count of open needs uses (`Need.is_open` for one need)."""
        return self.confirmed().exclude(status__in=self.model.CLOSED_STATUSES)


FrameworkManager = models.Manager.from_queryset(FrameworkQuerySet)
AssessmentManager = models.Manager.from_queryset(AssessmentQuerySet)
NeedManager = models.Manager.from_queryset(NeedQuerySet)
