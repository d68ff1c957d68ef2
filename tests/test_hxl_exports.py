"""Every spreadsheet Manara offers is HXL that HXL tools read: each column tagged, each tag and
attribute from the HXL 1.1 dictionary (or a custom attribute listed here and in the README),
CSV in UTF-8 with a byte-order mark and sent as `text/csv; charset=utf-8`, Arabic intact.

The files are read with libhxl (the HXL Standard's own Python library), as HDX and the HXL Proxy
read them. The lists below are taken from the HXL hashtag dictionary
(https://hxlstandard.org/standard/dictionary/, the core hashtags and attributes of HXL 1.1;
copied from its master vocabulary, `hashtag.hxl.csv` and `attribute.hxl.csv`, dropping the
rejected hashtag #delivery and the deprecated language attributes +ar, +en, +fr, ...).
"""

import datetime
import io

import hxl
import pytest
from django.contrib import admin
from django.urls import reverse
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import Workbook, load_workbook

from accounts.models import Organisation
from accounts.resources import OrganisationResource
from facilities.models import Facility, ServiceCategory
from facilities.resources import FacilityResource, ServiceCategoryResource
from referrals.models import ActorProfile, ActorService, Recommendation, SwotEntry
from referrals.resources import (
    ActorResource,
    ActorServiceResource,
    RecommendationResource,
    SwotResource,
)
from tests.factories import (
    ActorServiceFactory,
    CaseFactory,
    NeedFactory,
    validated_assessment,
)

# The plans' fixtures, which this module's tests use beside the common ones.
from tests.plans.conftest import (  # noqa: F401
    japan,
    oriental,
    oriental_council,
    oriental_plan,
    project,
)

# HXL 1.1 core hashtags (status Released in the dictionary).
CORE_HASHTAGS = {
    "#access", "#activity", "#adm1", "#adm2", "#adm3", "#adm4", "#adm5", "#affected",
    "#beneficiary", "#capacity", "#cause", "#channel", "#contact", "#country", "#crisis",
    "#currency", "#date", "#description", "#event", "#frequency", "#geo", "#group", "#impact",
    "#indicator", "#inneed", "#item", "#loc", "#meta", "#modality", "#need", "#operations",
    "#org", "#output", "#population", "#reached", "#region", "#respondee", "#sector",
    "#service", "#severity", "#status", "#subsector", "#targeted", "#value",
}  # fmt: skip

# HXL 1.1 core attributes (Released or Beta), without the deprecated language ones: HXL 1.1
# writes a language as +i_<ISO 639 code> (+i_ar, +i_fr), which LANGUAGE_ATTRIBUTES allows.
CORE_ATTRIBUTES = {
    "abducted", "activity", "adolescents", "adults", "approved", "bounds", "budget",
    "canceled", "children", "cluster", "code", "converted", "coord", "dest", "displaced",
    "elderly", "email", "end", "f", "funder", "hh", "i", "id", "idps", "impl", "incamp", "ind",
    "infants", "infected", "injured", "killed", "lat", "lon", "m", "name", "noncamp", "num",
    "occurred", "origin", "pct", "phone", "prog", "programme", "project", "provided",
    "refugees", "reported", "return", "returnees", "source", "spend", "start", "text",
    "transfer", "type", "url", "used",
}  # fmt: skip
LANGUAGE_ATTRIBUTES = {"i_fr", "i_ar", "i_en"}

# Manara's custom attributes (HXL allows them), each said in the README's HXL section. Opening
# hours and conditions are #service+hours / #service+conditions, not #access (humanitarian
# access constraints).
CUSTOM_ATTRIBUTES = {
    # Places and contacts
    "address", "postcode", "hours", "conditions", "whatsapp", "language", "acronym",
    # Status, dates, order
    "published", "active", "standing", "engagement", "consent", "overdue", "funded",
    "verified", "assessed", "registered", "rank", "order", "priority", "urgency",
    # Organisations and activities
    "owner", "level", "prima", "short",
    # Figures: what is counted or scored, and the currency of an amount (Moroccan dirhams)
    "mad", "cost", "cumulative", "needs_funded", "referrals", "critical_gaps", "overall",
    "accessibility", "safety", "services", "protection", "baseline", "target", "unit", "sdg",
    "method", "monthly", "expertise", "staff", "funds", "reach",
    # Cases: the columns a case export has instead of names
    "sex", "age",
    # A plan's strategic axis
    "axis",
}  # fmt: skip

ARABIC_NAME = "مركز الأمل للمهاجرين"
CSV_TYPE = "text/csv; charset=utf-8"


def read_hxl(content: bytes) -> hxl.model.Dataset:
    """The file as HXL tools read it (libhxl sniffs CSV or XLSX from the bytes)."""
    return hxl.data(io.BytesIO(content), hxl.InputOptions(allow_local=False))


def assert_standard_hxl(content: bytes, file_format: str) -> list[list]:
    """Every column tagged with a core hashtag and known attributes; the rows, for more checks."""
    dataset = read_hxl(content)
    columns = dataset.columns
    assert columns, "libhxl found no HXL hashtag row"
    untagged = [column.header for column in columns if not column.tag]
    assert not untagged, f"columns without a hashtag: {untagged}"
    for column in columns:
        assert column.tag in CORE_HASHTAGS, f"{column.display_tag} is not a core HXL hashtag"
        # #access is humanitarian access constraints, which Manara does not record: opening
        # hours and conditions of access are #service+hours and #service+conditions.
        assert column.tag != "#access", f"{column.header}: {column.display_tag}"
        unknown = column.attributes - CORE_ATTRIBUTES - LANGUAGE_ATTRIBUTES - CUSTOM_ATTRIBUTES
        assert not unknown, f"{column.display_tag}: attributes {unknown} are not documented"
    rows = [row.values for row in dataset]
    if file_format == "csv":
        assert content.startswith("\ufeff".encode())
    return rows


def assert_csv_type(response) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == CSV_TYPE


@pytest.fixture
def arabic_facility(facility_a):
    """facility_a, published, with an Arabic name and opening hours."""
    facility_a.name_ar = ARABIC_NAME
    facility_a.opening_hours_ar = "من الاثنين إلى الجمعة"
    facility_a.is_published = True
    facility_a.save()
    return facility_a


@pytest.fixture
def network(admin_user, ngo_a):
    """One of each record the back office exports about the referral network."""
    service = ActorServiceFactory(actor__organisation=ngo_a, conditions="بدون موعد")
    SwotEntry.objects.create(
        actor=service.actor, quadrant="S", text="شبكة واسعة", source="interview"
    )
    Recommendation.objects.create(
        actor=service.actor,
        region=service.actor.regions.first(),
        action="Désigner un point focal",
        due_on=datetime.date(2026, 1, 31),
    )
    CaseFactory(owner=ngo_a)
    return service


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_open_data_directory_is_standard_hxl(client, arabic_facility, file_format):
    response = client.get(reverse("directory_api:export", args=[file_format]), {"lang": "ar"})

    assert response.status_code == 200
    if file_format == "csv":
        assert_csv_type(response)
    rows = assert_standard_hxl(response.content, file_format)
    assert any(ARABIC_NAME in row for row in rows)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_prioritisation_and_budget_plan_are_standard_hxl(
    client, iom_user, arabic_facility, framework, file_format
):
    assessment = validated_assessment(arabic_facility, iom_user)
    NeedFactory(assessment=assessment, description="طفايات حريق")
    client.force_login(iom_user)

    ranking = client.get(reverse("assessments:prioritisation"), {"format": file_format})
    plan = client.get(reverse("assessments:need_list"), {"budget": "100000", "format": file_format})

    for response in (ranking, plan):
        assert response.status_code == 200
        if file_format == "csv":
            assert_csv_type(response)
    assert any(
        arabic_facility.name in row for row in assert_standard_hxl(ranking.content, file_format)
    )
    assert any("طفايات حريق" in row for row in assert_standard_hxl(plan.content, file_format))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_roadmap_is_standard_hxl(client, iom_user, network, file_format):
    client.force_login(iom_user)

    response = client.get(reverse("referrals:roadmap"), {"format": file_format})

    if file_format == "csv":
        assert_csv_type(response)
    rows = assert_standard_hxl(response.content, file_format)
    assert any("Désigner un point focal" in row for row in rows)


def test_case_project_and_plan_workbooks_are_standard_hxl(
    client,
    iom_user,
    network,
    project,  # noqa: F811 (the plans' fixture, imported above)
    oriental_plan,  # noqa: F811
):
    client.force_login(iom_user)

    cases = client.get(reverse("referrals:case_export"))
    projects = client.get(reverse("plans:project_export"))
    plan = client.get(reverse("plans:plan_export", args=[oriental_plan.pk]))

    assert len(assert_standard_hxl(cases.content, "xlsx")) == 1
    assert assert_standard_hxl(projects.content, "xlsx")
    # The plan's workbook has two sheets, actions and indicators, each with its HXL row.
    sheets = load_workbook(io.BytesIO(plan.content)).worksheets
    assert len(sheets) == 2
    for sheet in sheets:
        workbook = io.BytesIO()
        single = Workbook()
        for row in sheet.iter_rows(values_only=True):
            single.active.append(row)
        single.save(workbook)
        assert assert_standard_hxl(workbook.getvalue(), "xlsx"), sheet.title


ADMIN_EXPORTS = [
    (Facility, FacilityResource),
    (ServiceCategory, ServiceCategoryResource),
    (Organisation, OrganisationResource),
    (ActorProfile, ActorResource),
    (ActorService, ActorServiceResource),
    (SwotEntry, SwotResource),
    (Recommendation, RecommendationResource),
]


def admin_export(client, model, resource_class, file_format):
    """The back office's export of `model`, every column selected."""
    fields = {
        f"{resource_class.__name__.lower()}_{name}": "on"
        for name in resource_class().get_export_order()
    }
    formats = admin.site._registry[model].get_export_formats()
    opts = model._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_export"),
        {"resource": "0", "format": str(formats.index(file_format)), **fields},
    )


@pytest.mark.parametrize(("model", "resource_class"), ADMIN_EXPORTS)
@pytest.mark.parametrize("file_format", [CSV, XLSX], ids=["csv", "xlsx"])
def test_every_back_office_export_is_standard_hxl(
    client, admin_user, arabic_facility, network, model, resource_class, file_format
):
    client.force_login(admin_user)
    extension = file_format().get_extension()

    response = admin_export(client, model, resource_class, file_format)

    assert response.status_code == 200
    if extension == "csv":
        assert_csv_type(response)
    rows = assert_standard_hxl(response.content, extension)
    assert rows
    assert len(read_hxl(response.content).columns) == len(resource_class().get_export_order())
    if model is Facility:
        assert any(ARABIC_NAME in row for row in rows)
        assert any("من الاثنين إلى الجمعة" in row for row in rows)


def test_custom_attributes_are_the_ones_the_readme_names():
    """The README says which custom attributes Manara uses: the same list as the tests'."""
    with open("README.md", encoding="utf-8") as readme:
        text = readme.read()
    missing = [name for name in sorted(CUSTOM_ATTRIBUTES) if f"+{name}" not in text]
    assert not missing, f"custom attributes missing from the README: {missing}"
