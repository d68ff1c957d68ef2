"""Back office for the "how to get help" page: its emergency numbers and its sections."""

from django.contrib import admin

from .models import EmergencyNumber, HelpSection


@admin.register(EmergencyNumber)
class EmergencyNumberAdmin(admin.ModelAdmin):
    """The numbers the public help page lists, in every language."""

    list_display = ("number", "name_fr", "name_ar", "name_en", "order", "is_shown")
    list_editable = ("order", "is_shown")
    search_fields = ("number", "name_fr", "name_ar", "name_en")
    fields = (
        "number",
        ("name_fr", "name_ar", "name_en"),
        ("when_fr", "when_ar", "when_en"),
        ("order", "is_shown"),
    )


@admin.register(HelpSection)
class HelpSectionAdmin(admin.ModelAdmin):
    """The sections of the public help page, in every language."""

    list_display = ("title_fr", "title_ar", "title_en", "order", "is_shown", "updated_at")
    list_editable = ("order", "is_shown")
    search_fields = ("title_fr", "title_ar", "title_en", "body_fr")
    fields = (
        ("title_fr", "title_ar", "title_en"),
        "body_fr",
        "body_ar",
        "body_en",
        ("order", "is_shown"),
    )
