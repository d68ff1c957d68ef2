"""Spreadsheet import and export of actors, their services, SWOT entries and recommendations.

Interview notes often arrive as spreadsheets: every import shows a preview, lists the errors of
each row and writes nothing unless every row is valid (common.spreadsheets).
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from accounts.models import Organisation
from common.spreadsheets import CodeListWidget, CodeWidget, SpreadsheetResource
from facilities.models import Region, ServiceCategory

from .models import ActorProfile, ActorService, Recommendation, SwotEntry


def organisation_widget():
    return CodeWidget(
        Organisation, field="name", unknown=_("No organisation is called “%(code)s”.")
    )


def actor_widget():
    return CodeWidget(
        ActorProfile,
        field="organisation__name",
        unknown=_("No actor is called “%(code)s”; import the actor first."),
    )


def regions_widget():
    return CodeListWidget(Region, width=2, unknown=_("Unknown region code(s): %(codes)s."))


class ActorResource(SpreadsheetResource):
    """One actor per row, identified by its organisation's name."""

    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=organisation_widget()
    )
    regions = fields.Field(attribute="regions", column_name="regions", widget=regions_widget())

    # Each column's HXL hashtag; the five capacity ratings (1-5) are #capacity with what they rate.
    hxl_columns = {
        "organisation": "#org+name",
        "standing": "#status+standing",
        "level": "#org+type+level",
        "regions": "#adm1+code",
        "engagement": "#status+engagement",
        "description": "#description",
        "address": "#loc+address",
        "latitude": "#geo+lat",
        "longitude": "#geo+lon",
        "technical_expertise": "#capacity+num+expertise",
        "technical_expertise_comment": "#description+expertise",
        "human_resources": "#capacity+num+staff",
        "human_resources_comment": "#description+staff",
        "financial_means": "#capacity+num+funds",
        "financial_means_comment": "#description+funds",
        "geographic_reach": "#capacity+num+reach",
        "geographic_reach_comment": "#description+reach",
        "returnee_experience": "#capacity+num+returnees",
        "returnee_experience_comment": "#description+returnees",
    }

    class Meta:
        model = ActorProfile
        import_id_fields = ("organisation",)
        fields = (
            "organisation",
            "standing",
            "level",
            "regions",
            "engagement",
            "description",
            "address",
            "latitude",
            "longitude",
            "technical_expertise",
            "technical_expertise_comment",
            "human_resources",
            "human_resources_comment",
            "financial_means",
            "financial_means_comment",
            "geographic_reach",
            "geographic_reach_comment",
            "returnee_experience",
            "returnee_experience_comment",
        )
        name = _("Reintegration actors")

    def get_queryset(self):
        return ActorProfile.objects.select_related("organisation").prefetch_related("regions")


class ActorServiceResource(SpreadsheetResource):
    """One service of an actor per row (actor name and service category code)."""

    actor = fields.Field(attribute="actor", column_name="actor", widget=actor_widget())
    category = fields.Field(
        attribute="category",
        column_name="service",
        widget=CodeWidget(ServiceCategory, unknown=_("Unknown service code: %(code)s.")),
    )
    regions = fields.Field(attribute="regions", column_name="regions", widget=regions_widget())

    hxl_columns = {
        "actor": "#org+name",
        "service": "#service+code",
        "regions": "#adm1+code",
        "conditions": "#service+conditions",
        "contact_point": "#contact+name",
        "contact_phone": "#contact+phone",
        "contact_email": "#contact+email",
        "monthly_capacity": "#capacity+num+monthly",
        "is_active": "#status+active",
    }

    class Meta:
        model = ActorService
        import_id_fields = ("actor", "category")
        fields = (
            "actor",
            "category",
            "regions",
            "conditions",
            "contact_point",
            "contact_phone",
            "contact_email",
            "monthly_capacity",
            "is_active",
        )
        name = _("Actor services")

    def get_queryset(self):
        return ActorService.objects.select_related(
            "actor__organisation", "category"
        ).prefetch_related("regions")


class SwotResource(SpreadsheetResource):
    """SWOT entries; rows without an id are new entries."""

    actor = fields.Field(attribute="actor", column_name="actor", widget=actor_widget())

    hxl_columns = {
        "id": "#meta+id",
        "actor": "#org+name",
        "quadrant": "#description+type",
        "text": "#description",
        "source": "#meta+source",
        "recorded_on": "#date+reported",
    }

    class Meta:
        model = SwotEntry
        fields = ("id", "actor", "quadrant", "text", "source", "recorded_on")
        name = _("SWOT entries")

    def get_queryset(self):
        return SwotEntry.objects.select_related("actor__organisation")


class RecommendationResource(SpreadsheetResource):
    """Roadmap recommendations; rows without an id are new ones."""

    actor = fields.Field(attribute="actor", column_name="actor", widget=actor_widget())
    region = fields.Field(
        attribute="region",
        column_name="region",
        widget=CodeWidget(Region, width=2, unknown=_("Unknown region code: %(code)s.")),
    )
    responsible = fields.Field(
        attribute="responsible", column_name="responsible", widget=organisation_widget()
    )

    # The due date is #date+end: "when something finished or will finish" in the dictionary.
    hxl_columns = {
        "id": "#meta+id",
        "actor": "#org+name",
        "region": "#adm1+code",
        "action": "#activity+name",
        "responsible": "#org+impl",
        "due_on": "#date+end",
        "priority": "#meta+priority",
        "status": "#status",
    }

    class Meta:
        model = Recommendation
        fields = ("id", "actor", "region", "action", "responsible", "due_on", "priority", "status")
        name = _("Recommendations")

    def get_queryset(self):
        return Recommendation.objects.select_related("actor__organisation", "region", "responsible")
