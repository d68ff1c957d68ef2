"""Spreadsheet import and export of facilities and of the service taxonomy (CSV and XLSX).

Places and services are written as their official codes ("02" for the Oriental, "411" for
Oujda-Angad, "health;shelter"), organisations by name or acronym. Facility exports carry a row
of HXL hashtags under the headers; importing such a file skips that row.
"""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from accounts.models import Organisation
from common.spreadsheets import (
    LIST_SEPARATOR,
    CodeListWidget,
    CodeWidget,
    RequiredTextWidget,
    SpreadsheetResource,
    split_list,
)

from .models import Facility, Province, Region, ServiceCategory, TargetGroup
from .spreadsheets import FACILITY_HXL_TAGS, SERVICE_CATEGORY_HXL_TAGS


class OrganisationWidget(widgets.ForeignKeyWidget):
    """An organisation written as its name, or as its acronym when no name matches.

    The organisations are read once per import, not once per row.
    """

    # An empty cell is refused (see clean): the column is required.
    missing = _("The managing organisation is missing.")

    def __init__(self, **kwargs):
        super().__init__(Organisation, field="name", **kwargs)
        self._by_name = None

    def __deepcopy__(self, memo):
        # A resource copies its fields for each import: the copy reads the organisations anew.
        return OrganisationWidget()

    def _index(self) -> None:
        self._by_name, self._by_folded = {}, {"name": {}, "acronym": {}}
        for organisation in Organisation.objects.all():
            self._by_name[organisation.name] = organisation
            for lookup in ("name", "acronym"):
                folded = getattr(organisation, lookup).casefold()
                if folded:
                    self._by_folded[lookup].setdefault(folded, []).append(organisation)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError(str(self.missing))
        if self._by_name is None:
            self._index()
        exact = self._by_name.get(text)
        if exact:
            return exact
        for lookup in ("name", "acronym"):
            matches = self._by_folded[lookup].get(text.casefold(), [])
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise ValueError(
                    str(
                        _("Several organisations match “%(name)s”; write the exact full name.")
                        % {"name": text}
                    )
                )
        raise ValueError(str(_("No organisation named “%(name)s”.") % {"name": text}))


class LanguagesWidget(widgets.Widget):
    """The languages spoken, as codes separated by ";" (e.g. "ar;fr;wo")."""

    def clean(self, value, row=None, **kwargs):
        known = dict(Facility.LANGUAGE_CHOICES)
        codes = [code.lower() for code in split_list(value)]
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValueError(
                str(
                    _("Unknown language code(s): %(codes)s.")
                    % {"codes": ", ".join(f"“{code}”" for code in unknown)}
                )
            )
        return codes

    def render(self, value, obj=None, **kwargs):
        return LIST_SEPARATOR.join(value or [])


class FacilityResource(SpreadsheetResource):
    """Facilities in a spreadsheet, one per row, identified by their code.

    A row without a code is a new facility: the code is made from its region when it is saved
    (`before_bulk_create`, numbering after the highest code of the region, in the table or in
    the file).
    `name` is the French name; `name_ar` and `name_en` sit with the other translated public
    texts, so that files written before they existed keep their columns in the same places.
    """

    name = fields.Field(
        attribute="name",
        column_name="name",
        widget=RequiredTextWidget(message=_("The facility's name is missing.")),
    )
    managing_organisation = fields.Field(
        attribute="managing_organisation",
        column_name="managing_organisation",
        widget=OrganisationWidget(),
    )
    region = fields.Field(
        attribute="region",
        column_name="region",
        widget=CodeWidget(
            Region,
            width=2,
            unknown=_("Unknown region code “%(code)s”."),
            missing=_("The region code is missing."),
        ),
    )
    region_name = fields.Field(
        attribute="region__name_fr", column_name="region_name", readonly=True
    )
    province = fields.Field(
        attribute="province",
        column_name="province",
        widget=CodeWidget(
            Province,
            width=3,
            unknown=_("Unknown province or prefecture code “%(code)s”."),
            missing=_("The province or prefecture code is missing."),
        ),
    )
    province_name = fields.Field(
        attribute="province__name_fr", column_name="province_name", readonly=True
    )
    target_groups = fields.Field(
        attribute="target_groups",
        column_name="target_groups",
        widget=CodeListWidget(TargetGroup, unknown=_("Unknown target group code(s): %(codes)s.")),
    )
    services = fields.Field(
        attribute="services",
        column_name="services",
        widget=CodeListWidget(ServiceCategory, unknown=_("Unknown service code(s): %(codes)s.")),
    )
    languages = fields.Field(
        attribute="languages", column_name="languages", widget=LanguagesWidget(), default=list
    )

    hxl_columns = FACILITY_HXL_TAGS
    # A file without codes is a file of new facilities (see before_import).
    optional_columns = ("code",)

    class Meta:
        model = Facility
        # The edited fields, each region and province followed by its name in words.
        fields = tuple(
            column
            for name in Facility.edited_field_names()
            for column in ((name, f"{name}_name") if name in ("region", "province") else (name,))
        )
        import_id_fields = ("code",)
        name = _("Facilities")

    # Both coordinates or neither: Facility.clean() says so first, in words.
    constraints_checked_in_batch = ("facility_coordinates_both_or_neither",)

    def get_queryset(self) -> models.QuerySet:
        """Facilities with what their columns show, in a fixed number of queries."""
        return Facility.objects.with_related()

    def before_import(self, dataset, **kwargs):
        """Skip the HXL hashtag row of an exported file, and let a file without codes import."""
        super().before_import(dataset, **kwargs)
        if len(dataset) and "code" not in (dataset.headers or []):
            # Every row is then a new facility; the code is made when it is saved.
            dataset.append_col([""] * len(dataset), header="code")

    def after_import(self, dataset, result, **kwargs):
        """The batched writes send no signal: the stored priorities (capacity, occupancy and
        target groups count in them) are refreshed once for the whole file."""
        from assessments.prioritisation import refresh_priorities

        super().after_import(dataset, result, **kwargs)
        if not result.has_errors() and not result.has_validation_errors():
            refresh_priorities()

    def start_batches(self, dataset) -> None:
        """Also note the codes the file gives, so that no code made for a new row takes one."""
        super().start_batches(dataset)
        self._codes_in_file = set()
        if dataset is not None and "code" in (dataset.headers or []):
            self._codes_in_file = {
                str(code).strip() for code in dataset["code"] if code not in (None, "")
            }
        self._next_numbers = {}

    def before_bulk_create(self, instances: list) -> None:
        """Give new facilities the code and the slug `Facility.save()` would give them."""
        for facility in instances:
            if not facility.code:
                facility.code = self._next_code(facility)
            if not facility.slug:
                # As Facility.save() makes it.
                facility.slug = slugify(f"{facility.name}-{facility.code}")[:220]

    def _next_code(self, facility: Facility) -> str:
        """The next code of the facility's region: one query per region and import, not per row."""
        region_code = facility.region.code
        if region_code not in self._next_numbers:
            first = facility._next_code()  # the model's rule, from the table: "F02-00042"
            prefix, digits = first.rsplit("-", 1)
            prefix += "-"
            in_file = [
                int(code.removeprefix(prefix))
                for code in self._codes_in_file
                if code.startswith(prefix) and code.removeprefix(prefix).isdigit()
            ]
            self._next_numbers[region_code] = [
                prefix,
                len(digits),
                max([int(digits), *(number + 1 for number in in_file)]),
            ]
        entry = self._next_numbers[region_code]
        prefix, width, number = entry
        entry[2] = number + 1
        return f"{prefix}{number:0{width}d}"

    def export(self, queryset=None, **kwargs):
        """Export facilities with the HXL hashtag row right under the headers."""
        dataset = super().export(queryset, **kwargs)
        dataset.insert(0, self.hxl_tags(dataset.headers))
        return dataset


class ServiceCategoryResource(SpreadsheetResource):
    """The service taxonomy in a spreadsheet, one category per row, identified by its code."""

    hxl_columns = SERVICE_CATEGORY_HXL_TAGS

    class Meta:
        model = ServiceCategory
        fields = ("code", "name_fr", "name_ar", "name_en", "description_fr", "order")
        import_id_fields = ("code",)
        name = _("Service categories")
