"""Keep the priority stored on the latest validated assessments true when what it reads changes
outside the assessment itself: a facility's capacity, occupancy or target groups, a target
group's vulnerability. `prioritisation.refresh_priorities` is the one place that computes it;
`QuerySet.update()` and bulk writes send no signal, so a bulk path calls it itself (the facility
import does).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from facilities.models import Facility, TargetGroup

from .models import Assessment
from .prioritisation import refresh_priorities


@receiver(post_save, sender=Facility, dispatch_uid="priority_facility_saved")
def facility_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_priorities([instance.pk])


@receiver(m2m_changed, sender=Facility.target_groups.through, dispatch_uid="priority_groups")
def facility_groups_changed(sender, instance, action, reverse, **kwargs):
    if not action.startswith("post_"):
        return
    # From a target group's side (`group.facilities.add(...)`), every facility.
    refresh_priorities(None if reverse else [instance.pk])


@receiver(post_save, sender=TargetGroup, dispatch_uid="priority_group_saved")
@receiver(post_delete, sender=TargetGroup, dispatch_uid="priority_group_deleted")
def target_group_changed(sender, raw=False, **kwargs):
    if not raw:
        refresh_priorities()


@receiver(post_delete, sender=Assessment, dispatch_uid="priority_assessment_deleted")
def assessment_deleted(sender, instance, **kwargs):
    """The facility's latest validated assessment deleted: the one before it takes its place."""
    if instance.is_latest_validated:
        Assessment.refresh_latest_validated(instance.facility_id)
