"""Spreadsheet import and export of organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export import fields

from common.spreadsheets import CodeListWidget, SpreadsheetResource

from .models import Organisation


class OrganisationResource(SpreadsheetResource):
    """Organisations in a spreadsheet, one per row, identified by their name."""

    regions = fields.Field(
        attribute="regions",
        column_name="regions",
        widget=CodeListWidget(
            Organisation._meta.get_field("regions").related_model,
            width=2,
            unknown=_("Unknown region code(s): %(codes)s."),
        ),
    )

    hxl_columns = {
        "name": "#org+name",
        "acronym": "#org+name+acronym",
        "kind": "#org+type",
        "phone": "#contact+phone",
        "email": "#contact+email",
        "website": "#org+url",
        "is_active": "#status+active",
        "regions": "#adm1+code",
    }

    class Meta:
        model = Organisation
        fields = ("name", "acronym", "kind", "phone", "email", "website", "is_active", "regions")
        import_id_fields = ("name",)
        name = _("Organisations")

    def get_queryset(self) -> models.QuerySet:
        """Organisations with the regions they cover, fetched in two queries for an export."""
        return Organisation.objects.prefetch_related("regions")
