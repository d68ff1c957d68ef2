"""Queue a rebuild of the HSDS document when what it publishes changes.

A facility's edit changes `directory.freshness.published_stamp()`, which the rebuild compares
with the newest build's, so saving an unpublished facility costs one queued task that does
nothing. Organisations, service categories and target groups are not in the stamp: their changes
force the rebuild. `QuerySet.update()` sends no signal; the view notices the stamp instead.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.models import Organisation
from facilities.models import Facility, ServiceCategory, TargetGroup

from .hsds_build import schedule_rebuild


@receiver(post_save, sender=Facility, dispatch_uid="hsds_facility_saved")
@receiver(post_delete, sender=Facility, dispatch_uid="hsds_facility_deleted")
@receiver(m2m_changed, sender=Facility.services.through, dispatch_uid="hsds_services")
@receiver(m2m_changed, sender=Facility.target_groups.through, dispatch_uid="hsds_groups")
def facility_changed(sender, **kwargs):
    if kwargs.get("raw") or kwargs.get("action", "post_").startswith("pre_"):
        return
    schedule_rebuild()


@receiver(post_save, sender=Organisation, dispatch_uid="hsds_organisation_saved")
@receiver(post_delete, sender=Organisation, dispatch_uid="hsds_organisation_deleted")
@receiver(post_save, sender=ServiceCategory, dispatch_uid="hsds_category_saved")
@receiver(post_delete, sender=ServiceCategory, dispatch_uid="hsds_category_deleted")
@receiver(post_save, sender=TargetGroup, dispatch_uid="hsds_group_saved")
@receiver(post_delete, sender=TargetGroup, dispatch_uid="hsds_group_deleted")
def vocabulary_changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    schedule_rebuild(force=True)
