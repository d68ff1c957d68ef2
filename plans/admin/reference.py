"""Back office of the reference lists: SNIA programmes, SDGs and targets, themes, donors."""

from django.contrib import admin

from ..models import (
    Donor,
    SdgGoal,
    SdgTarget,
    SniaProgramme,
    ThematicArea,
)
from .access import (
    _reads,
)


class ReferenceListAdmin(admin.ModelAdmin):
    """A reference list: read by everyone in the back office, changed by administrators only."""

    def has_module_permission(self, request):
        return _reads(request)

    def has_view_permission(self, request, obj=None):
        return _reads(request)

    def has_add_permission(self, request):
        return _reads(request) and request.user.is_admin

    def has_change_permission(self, request, obj=None):
        return _reads(request) and request.user.is_admin

    def has_delete_permission(self, request, obj=None):
        return _reads(request) and request.user.is_admin


@admin.register(SniaProgramme)
class SniaProgrammeAdmin(ReferenceListAdmin):
    """The 11 programmes of the national strategy, with the SDG targets they are read to serve."""

    list_display = ("number", "code", "name_fr", "name_en", "kind", "is_confirmed")
    list_display_links = ("number", "code")
    list_filter = ("kind", "is_confirmed")
    search_fields = ("code", "name_fr", "name_ar", "name_en")
    filter_horizontal = ("suggested_targets",)


@admin.register(SdgGoal)
class SdgGoalAdmin(ReferenceListAdmin):
    list_display = ("number", "name_fr", "name_ar", "name_en")
    list_display_links = ("number", "name_fr")
    search_fields = ("name_fr", "name_ar", "name_en")


@admin.register(SdgTarget)
class SdgTargetAdmin(ReferenceListAdmin):
    list_display = ("code", "label_fr", "label_en", "goal", "order")
    list_filter = ("goal",)
    list_select_related = ("goal",)
    search_fields = ("code", "label_fr", "label_ar", "label_en", "text_fr", "text_en")


@admin.register(ThematicArea)
class ThematicAreaAdmin(ReferenceListAdmin):
    list_display = ("code", "name_fr", "name_ar", "name_en", "order")
    search_fields = ("code", "name_fr", "name_ar", "name_en")


@admin.register(Donor)
class DonorAdmin(ReferenceListAdmin):
    list_display = ("name", "acronym", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")


# Action plans ------------------------------------------------------------------------------
