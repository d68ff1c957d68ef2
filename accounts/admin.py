"""Back office for organisations and users."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.concurrency import StaleSaveAdminMixin
from common.spreadsheet_admin import SpreadsheetAdminMixin

from .models import Organisation, User
from .resources import OrganisationResource


@admin.register(Organisation)
class OrganisationAdmin(StaleSaveAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    """Organisations: IOM, ministries, NGOs, UN agencies, with the regions they cover."""

    resource_classes = [OrganisationResource]
    list_display = ("name", "acronym", "kind", "email", "phone", "is_active")
    list_filter = ("kind", "is_active", "regions")
    search_fields = ("name", "acronym", "email")
    filter_horizontal = ("regions",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("name", "acronym", "kind", "is_active")}),
        (_("Coverage"), {"fields": ("regions",)}),
        (_("Contacts"), {"fields": ("phone", "email", "website")}),
    )


@admin.register(User)
class UserAdmin(StaleSaveAdminMixin, DjangoUserAdmin):
    """Users, with their organisation, their Manara role and the language Manara speaks to them."""

    fieldsets = (
        *DjangoUserAdmin.fieldsets[:2],
        (_("Manara"), {"fields": ("organisation", "role", "preferred_language")}),
        *DjangoUserAdmin.fieldsets[2:],
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            _("Manara"),
            {
                "classes": ("wide",),
                "fields": ("email", "organisation", "role", "preferred_language"),
            },
        ),
    )
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "organisation",
        "role",
        "is_staff",
        "is_active",
    )
    list_filter = ("role", "organisation", "is_staff", "is_superuser", "is_active")
    list_select_related = ("organisation",)
    search_fields = ("username", "first_name", "last_name", "email", "organisation__name")
    autocomplete_fields = ("organisation",)
