"""The XLSForm of a framework: pyxform converts it to an XForm, and who may download it.

The XForm is checked the way ODK Collect and Kobo read it: the main instance's id and version,
the binds (calculations, relevant expressions, types), the itext translations of the labels,
the body (select_one itemsets, the needs repeat) and the secondary instance of facilities.
"""

from io import BytesIO

import pytest
from defusedxml import ElementTree
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from accounts.models import User
from assessments.models import Framework
from facilities.models import Facility
from kobo import submissions as kobo
from kobo.xlsform import DEFAULT_LANGUAGE, LANGUAGES, build_xlsform
from tests.factories import (
    CriterionFactory,
    FacilityFactory,
    FrameworkFactory,
    UserFactory,
    published_framework,
)

NS = {
    "h": "http://www.w3.org/1999/xhtml",
    "x": "http://www.w3.org/2002/xforms",
    "jr": "http://openrosa.org/javarosa",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def local_name(element) -> str:
    return element.tag.split("}")[-1]


class XForm:
    """The parts of a converted XForm the tests look at."""

    def __init__(self, xml: str):
        self.root = ElementTree.fromstring(xml)
        model = self.root.find("h:head/x:model", NS)
        self.main = next(i for i in model.findall("x:instance", NS) if "id" not in i.attrib)[0]
        self.binds = {b.get("nodeset"): b.attrib for b in model.findall("x:bind", NS)}
        self.texts = {
            t.get("lang"): {
                text.get("id"): text.find("x:value", NS).text for text in t.findall("x:text", NS)
            }
            for t in model.findall("x:itext/x:translation", NS)
        }
        self.default_language = next(
            t.get("lang") for t in model.findall("x:itext/x:translation", NS) if t.get("default")
        )
        self.instances = {
            i.get("id"): [
                {local_name(child): child.text for child in item}
                for item in i.findall("x:root/x:item", NS)
            ]
            for i in model.findall("x:instance", NS)
            if i.get("id")
        }
        self.body = self.root.find("h:body", NS)

    def label(self, path: str) -> dict[str, str]:
        """The label of a field in each language of the form, by language code."""
        return {code: self.texts[column].get(f"{path}:label") for code, column in LANGUAGES}

    def control(self, path: str):
        return self.body.find(f".//*[@ref='{path}']")


def xform_of(framework, facilities, tmp_path) -> tuple[XForm, list[str]]:
    """Build the workbook, save it as a file and convert it with pyxform (no ODK Validate)."""
    path = tmp_path / f"{kobo.form_id(framework)}.xlsx"
    build_xlsform(framework, facilities).save(path)
    result = convert(xlsform=str(path))
    return XForm(result.xform), result.warnings


def criterion_path(criterion) -> str:
    return f"/data/{criterion.dimension}/{kobo.criterion_field(criterion)}"


@pytest.fixture
def limited_framework(db):
    """A framework whose one criterion asks only shelters and day centres, with a photo,
    no Arabic question and no guidance."""
    framework = FrameworkFactory(name="Cadre limité", version="2.1")
    CriterionFactory(
        framework=framework,
        dimension="safety",
        code="SAF-9",
        question_fr="Les extincteurs sont-ils vérifiés ?",
        question_ar="",
        question_en="Are the fire extinguishers checked?",
        facility_kinds=["shelter", "day_centre"],
        photo_useful=True,
        is_critical=True,
    )
    CriterionFactory(framework=framework, dimension="protection", code="PRO-1")
    framework.publish()
    return framework


@pytest.fixture
def shelter(ngo_a):
    return FacilityFactory(name="Foyer Al Amane", kind=Facility.Kind.SHELTER, code="DEMO-0001")


# Building and converting the workbook --------------------------------------------------------


def test_every_published_framework_converts_to_an_xform_without_error_or_warning(
    framework, limited_framework, facility_a, shelter, tmp_path
):
    frameworks = list(Framework.objects.published())
    assert len(frameworks) == 3  # the default framework of migration 0002 and the two above

    for published in frameworks:
        xform, warnings = xform_of(published, [facility_a, shelter], tmp_path)

        assert warnings == []
        assert xform.main.get("id") == kobo.form_id(published)
        assert xform.main.get("version") == published.version
        assert xform.default_language == DEFAULT_LANGUAGE
        version = xform.binds[f"/data/visit/{kobo.FRAMEWORK_VERSION}"]
        assert version["calculate"] == f"'{published.version}'"
        code = xform.binds[f"/data/visit/{kobo.FRAMEWORK_CODE}"]
        assert code["calculate"] == f"'{kobo.form_id(published)}'"
        for criterion in published.criteria.all():
            score = xform.binds[criterion_path(criterion)]
            assert score["required"] == "true()"
            if criterion.facility_kinds:
                for kind in criterion.facility_kinds:
                    assert f"/data/visit/{kobo.FACILITY_KIND}  = '{kind}'" in score["relevant"]
            else:
                assert "relevant" not in score
            assert xform.label(criterion_path(criterion))["fr"].endswith(criterion.question_fr)


def test_the_default_framework_asks_every_criterion_in_its_dimension_group(facility_a, tmp_path):
    default = Framework.objects.published().get()
    criteria = list(default.criteria.all())

    xform, _warnings = xform_of(default, [facility_a], tmp_path)

    groups = [local_name(child) for child in xform.main]
    assert groups[:5] == ["visit", "accessibility", "safety", "services", "protection"]
    for criterion in criteria:
        group = [local_name(f) for f in xform.main.find(f"x:{criterion.dimension}", NS)]
        assert kobo.criterion_field(criterion) in group
        assert kobo.comment_field(criterion) in group
        assert (kobo.photo_field(criterion) in group) == criterion.photo_useful
    assert any(c.facility_kinds for c in criteria)


def test_a_criterion_is_a_select_one_of_the_scale_labelled_in_three_languages(
    framework, facility_a, tmp_path
):
    criterion = framework.criteria.get(code="ACC-1")

    xform, _warnings = xform_of(framework, [facility_a], tmp_path)

    select = xform.control(criterion_path(criterion))
    assert select.tag == f"{{{NS['x']}}}select1"
    assert select.find("x:itemset", NS).get("nodeset") == "instance('score')/root/item"
    assert xform.label(criterion_path(criterion)) == {
        "fr": f"ACC-1 — {criterion.question_fr}",
        "ar": f"ACC-1 — {criterion.question_ar}",
        "en": f"ACC-1 — {criterion.question_en}",
    }
    assert [item["name"] for item in xform.instances["score"]] == list(kobo.SCORE_CHOICES)
    french = xform.texts[DEFAULT_LANGUAGE]
    assert [french[item["itextId"]] for item in xform.instances["score"]] == [
        "0 — absent ou dangereux",
        "1 — insuffisant",
        "2 — partiel",
        "3 — conforme au standard",
        "Non applicable",
    ]


def test_a_criterion_limited_to_some_kinds_is_relevant_for_those_kinds_only(
    limited_framework, facility_a, shelter, tmp_path
):
    criterion = limited_framework.criteria.get(code="SAF-9")
    expected = (
        f" /data/visit/{kobo.FACILITY_KIND}  = 'shelter' or "
        f" /data/visit/{kobo.FACILITY_KIND}  = 'day_centre'"
    )

    xform, _warnings = xform_of(limited_framework, [facility_a, shelter], tmp_path)

    assert xform.binds[criterion_path(criterion)]["relevant"] == expected
    assert xform.binds["/data/safety/c_SAF_9_comment"]["relevant"] == expected
    assert xform.binds["/data/safety/c_SAF_9_photo"]["relevant"] == expected
    assert xform.binds["/data/safety/c_SAF_9_photo"]["type"] == "binary"
    assert "relevant" not in xform.binds["/data/protection/c_PRO_1"]
    assert xform.binds[f"/data/visit/{kobo.FACILITY_KIND}"]["calculate"] == (
        f"instance('facilities')/root/item[name= /data/visit/{kobo.FACILITY} ]/kind"
    )


def test_a_missing_arabic_question_falls_back_to_french_and_critical_criteria_are_marked(
    limited_framework, facility_a, tmp_path
):
    criterion = limited_framework.criteria.get(code="SAF-9")

    xform, _warnings = xform_of(limited_framework, [facility_a], tmp_path)

    assert xform.label(criterion_path(criterion)) == {
        "fr": "⚠ SAF-9 — Les extincteurs sont-ils vérifiés ?",
        "ar": "⚠ SAF-9 — Les extincteurs sont-ils vérifiés ?",
        "en": "⚠ SAF-9 — Are the fire extinguishers checked?",
    }
    assert xform.texts[DEFAULT_LANGUAGE].get(f"{criterion_path(criterion)}:hint") is None


def test_guidance_is_the_hint_of_a_criterion_in_three_languages(facility_a, tmp_path):
    default = Framework.objects.published().get()
    criterion = default.criteria.get(code="ACC-01")

    xform, _warnings = xform_of(default, [facility_a], tmp_path)

    path = criterion_path(criterion)
    assert xform.texts["Français (fr)"][f"{path}:hint"] == criterion.guidance_fr
    assert xform.texts["العربية (ar)"][f"{path}:hint"] == criterion.guidance_ar
    assert xform.texts["English (en)"][f"{path}:hint"] == criterion.guidance_en


def test_the_needs_are_a_repeat_with_their_fields_opened_by_a_question(
    framework, facility_a, tmp_path
):
    xform, _warnings = xform_of(framework, [facility_a], tmp_path)

    repeat = xform.body.find(f".//x:repeat[@nodeset='/data/{kobo.NEEDS}']", NS)
    fields = [control.get("ref").rsplit("/", 1)[-1] for control in repeat]
    assert fields == [
        kobo.NEED_DIMENSION,
        kobo.NEED_KIND,
        kobo.NEED_DESCRIPTION,
        kobo.NEED_QUANTITY,
        kobo.NEED_UNIT,
        kobo.NEED_UNIT_COST,
        kobo.NEED_URGENCY,
    ]
    need = f"/data/{kobo.NEEDS}"
    assert xform.binds[need]["relevant"] == " /data/needs_found  = 'yes'"
    assert xform.binds[f"{need}/{kobo.NEED_QUANTITY}"]["type"] == "decimal"
    assert xform.binds[f"{need}/{kobo.NEED_QUANTITY}"]["constraint"] == ". > 0"
    assert xform.binds[f"{need}/{kobo.NEED_UNIT_COST}"]["constraint"] == ". >= 0"
    assert "MAD" in xform.label(f"{need}/{kobo.NEED_UNIT_COST}")["en"]
    assert [i["name"] for i in xform.instances["urgency"]] == [
        "immediate",
        "3_months",
        "12_months",
    ]
    assert [i["name"] for i in xform.instances["need_kind"]] == [
        "renovation",
        "equipment",
        "staffing",
        "training",
    ]
    assert [i["name"] for i in xform.instances["dimension"]] == [
        "accessibility",
        "safety",
        "services",
        "protection",
    ]
    assert [local_name(f) for f in xform.main][-3:] == [kobo.NEEDS, kobo.SUMMARY, "meta"]


def test_the_visit_asks_facility_assessor_date_and_gps_point(framework, facility_a, tmp_path):
    xform, _warnings = xform_of(framework, [facility_a], tmp_path)

    visit = "/data/visit"
    assert xform.binds[f"{visit}/{kobo.FACILITY}"]["required"] == "true()"
    assert xform.binds[f"{visit}/{kobo.ASSESSOR}"]["required"] == "true()"
    assert xform.binds[f"{visit}/{kobo.ASSESSED_ON}"]["type"] == "date"
    assert xform.binds[f"{visit}/{kobo.LOCATION}"]["type"] == "geopoint"
    today = xform.root.find(f".//x:setvalue[@ref='{visit}/{kobo.ASSESSED_ON}']", NS)
    assert today.get("value") == "today()"


def test_the_facilities_instance_holds_the_codes_and_kinds_given(
    framework, facility_a, shelter, tmp_path
):
    xform, _warnings = xform_of(framework, [facility_a, shelter], tmp_path)

    french = xform.texts[DEFAULT_LANGUAGE]
    arabic = xform.texts["العربية (ar)"]
    assert [
        (item["name"], item["kind"], french[item["itextId"]], arabic[item["itextId"]])
        for item in xform.instances["facilities"]
    ] == [
        (
            facility_a.code,
            "reception_centre",
            f"{facility_a.code} — Centre Al Amal",
            f"{facility_a.code} — Centre Al Amal",
        ),
        ("DEMO-0001", "shelter", "DEMO-0001 — Foyer Al Amane", "DEMO-0001 — Foyer Al Amane"),
    ]


def test_a_facility_name_that_looks_like_a_formula_stays_text(framework, tmp_path):
    facility = FacilityFactory(name='=HYPERLINK("http://x")\x0b')
    path = tmp_path / "form.xlsx"

    build_xlsform(framework, [facility]).save(path)

    choices = load_workbook(path)["choices"]
    labels = [row[2].value for row in choices.iter_rows(min_row=2) if row[0].value == "facilities"]
    assert labels == [f'{facility.code} — =HYPERLINK("http://x")']
    assert choices.cell(row=2 + 5, column=3).data_type == "s"
    convert(xlsform=str(path))


def test_a_form_without_facilities_is_refused(framework):
    with pytest.raises(ValueError):
        build_xlsform(framework, [])


# The download -------------------------------------------------------------------------------


def url(framework) -> str:
    return reverse("kobo:xlsform", args=[framework.pk])


def downloaded_facilities(response) -> list[tuple[str, str]]:
    choices = load_workbook(BytesIO(response.content))["choices"]
    return [
        (row[1].value, row[5].value)
        for row in choices.iter_rows(min_row=2)
        if row[0].value == "facilities"
    ]


@pytest.mark.parametrize("role", ["admin", "iom_staff"])
def test_iom_roles_download_a_form_listing_every_open_facility_by_code(
    client, users, role, framework, facility_a, published_facility_b, unpublished_facility_b
):
    FacilityFactory(name="Centre fermé", status=Facility.Status.CLOSED)
    client.force_login(users[role])

    response = client.get(url(framework))

    assert response.status_code == 200
    expected = [facility_a, published_facility_b, unpublished_facility_b]
    assert downloaded_facilities(response) == sorted((f.code, f.kind) for f in expected)


def test_a_partner_downloads_a_form_listing_only_its_organisations_facilities(
    client, partner_user, framework, facility_a, published_facility_b, unpublished_facility_b
):
    client.force_login(partner_user)

    response = client.get(url(framework))

    assert response.status_code == 200
    assert downloaded_facilities(response) == [(facility_a.code, facility_a.kind)]


def test_the_download_is_a_private_xlsx_attachment_that_pyxform_converts(
    client, iom_user, facility_a, tmp_path
):
    default = Framework.objects.published().get()
    client.force_login(iom_user)

    response = client.get(url(default))

    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="manara_cadre_devaluation_des_structures_daccueil-v1.0.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    path = tmp_path / "download.xlsx"
    path.write_bytes(response.content)
    result = convert(xlsform=str(path))
    assert result.warnings == []
    assert XForm(result.xform).main.get("version") == "1.0"


def test_a_viewer_cannot_download_the_form(client, viewer_user, framework, facility_a):
    client.force_login(viewer_user)

    assert client.get(url(framework)).status_code == 403


def test_a_partner_without_organisation_cannot_download_the_form(client, framework, facility_a):
    client.force_login(UserFactory(username="lone_partner", role=User.Role.PARTNER))

    assert client.get(url(framework)).status_code == 403


def test_a_partner_whose_organisation_has_no_open_facility_is_told_so(
    client, other_partner_user, framework, facility_a
):
    client.force_login(other_partner_user)

    response = client.get(f"/en/frameworks/{framework.pk}/xlsform.xlsx")

    assert response.status_code == 403
    assert "Your organisation has no open facility to assess." in response.text


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, framework):
    response = client.get(url(framework))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_a_draft_or_retired_framework_or_an_unknown_one_is_not_found(client, iom_user, facility_a):
    draft = FrameworkFactory()
    CriterionFactory(framework=draft)
    retired = published_framework()
    retired.retire()
    client.force_login(iom_user)

    assert client.get(url(draft)).status_code == 404
    assert client.get(url(retired)).status_code == 404
    assert client.get(reverse("kobo:xlsform", args=[99999])).status_code == 404


def test_the_download_runs_the_same_queries_for_few_or_many_facilities(
    client, iom_user, framework, django_assert_max_num_queries
):
    client.force_login(iom_user)
    FacilityFactory()
    with django_assert_max_num_queries(5):
        assert client.get(url(framework)).status_code == 200

    FacilityFactory.create_batch(20)
    with django_assert_max_num_queries(5):
        assert client.get(url(framework)).status_code == 200


def test_codes_and_versions_with_spaces_and_quotes_are_kept_as_they_are(tmp_path, db):
    facility = FacilityFactory(code="F 02'x\"y")
    framework = FrameworkFactory(version="1'2\"b")
    CriterionFactory(framework=framework)
    framework.publish()

    xform, warnings = xform_of(framework, [facility], tmp_path)

    assert warnings == []
    assert [item["name"] for item in xform.instances["facilities"]] == ["F 02'x\"y"]
    version = xform.binds[f"/data/visit/{kobo.FRAMEWORK_VERSION}"]["calculate"]
    assert version == "concat('1', \"'\", '2\"b')"


@pytest.mark.parametrize(
    ("role", "shown"), [("iom_staff", True), ("partner", True), ("viewer", False)]
)
def test_the_download_link_is_shown_to_those_who_may_download(rf, users, role, shown, framework):
    request = rf.get("/")
    request.user = users[role]

    html = render_to_string("kobo/_xlsform_link.html", {"framework": framework}, request=request)

    assert (url(framework) in html) == shown
