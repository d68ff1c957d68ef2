"""A facility's name in French, Arabic and English: the model, the staff form, the history,
spreadsheet import and export, and the demonstration data."""

import re

import pytest
from django.utils import translation
from import_export.formats.base_formats import CSV

from accounts.models import Organisation
from activity.changes import recent_changes
from demo.facilities import DEMO_FACILITIES, seed_facilities, seed_organisations
from demo.facility_names import DEMO_NAMES
from facilities.models import Facility, Province, Region, ServiceCategory, TargetGroup
from facilities.resources import FacilityResource
from facilities.spreadsheets import hxl_row

pytestmark = pytest.mark.django_db

ARABIC_NAME = "مركز الاستقبال باب الشرق"
MIXED_NAME = "مركز ABCAS 2"


def new_facility_data(organisation, **changes) -> dict:
    """POST data of a valid new facility in Oujda, with `changes`."""
    data = {
        "name": "Centre d'accueil Bab Charq",
        "name_ar": ARABIC_NAME,
        "name_en": "Bab Charq Reception Centre",
        "kind": Facility.Kind.RECEPTION_CENTRE,
        "status": Facility.Status.ACTIVE,
        "management_mode": Facility.ManagementMode.DELEGATED,
        "managing_organisation": organisation.pk,
        "region": Region.objects.get(code="02").pk,
        "province": Province.objects.get(code="411").pk,
        "commune": "Oujda",
        "target_groups": [TargetGroup.objects.get(code="women").pk],
        "services": [ServiceCategory.objects.get(code="shelter").pk],
    }
    data.update(changes)
    return data


# --- The model -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ("Centre Al Amal", False)),
        ("ar", ("مركز الأمل", False)),
        ("en", ("Centre Al Amal", True)),
    ],
)
def test_public_name_is_the_languages_name_or_the_french_one_saying_so(
    facility_a, language, expected
):
    facility_a.name_ar = "مركز الأمل"

    with translation.override(language):
        assert facility_a.public_name == expected


def test_the_french_name_is_labelled_as_french(db):
    with translation.override("en"):
        assert str(Facility._meta.get_field("name").verbose_name) == "name (French)"
    assert (
        Facility._meta.get_field("name_ar").max_length
        == Facility._meta.get_field("name").max_length
    )


def test_a_mixed_script_arabic_name_is_stored_intact(facility_a):
    facility_a.name_ar = MIXED_NAME
    facility_a.full_clean()
    facility_a.save()

    facility_a.refresh_from_db()
    assert facility_a.name_ar == MIXED_NAME


def test_a_change_of_arabic_name_shows_in_the_history(facility_a, iom_user):
    facility_a._history_user = iom_user
    facility_a.name_ar = ARABIC_NAME
    facility_a.save()

    with translation.override("en"):
        latest = recent_changes(facility_a)[0]
    assert latest.field_labels == ["name (Arabic)"]


# --- The staff form --------------------------------------------------------------------------


def test_staff_form_saves_the_arabic_and_english_names(client, iom_user, ngo_a):
    client.force_login(iom_user)

    response = client.post("/fr/facilities/new/", new_facility_data(ngo_a, name_ar=MIXED_NAME))

    assert response.status_code == 302
    facility = Facility.objects.get()
    assert (facility.name, facility.name_ar, facility.name_en) == (
        "Centre d'accueil Bab Charq",
        MIXED_NAME,
        "Bab Charq Reception Centre",
    )


def test_staff_form_shows_the_arabic_name_right_to_left(client, iom_user, facility_a):
    facility_a.name_ar = MIXED_NAME
    facility_a.save()
    client.force_login(iom_user)

    html = client.get(f"/fr/facilities/{facility_a.pk}/edit/").text

    arabic_input = re.search(r'<input[^>]*name="name_ar"[^>]*>', html)[0]
    assert f'value="{MIXED_NAME}"' in arabic_input
    assert 'dir="rtl"' in arabic_input and 'lang="ar"' in arabic_input
    assert "Nom (français)" in html and "Nom (arabe)" in html


def test_the_staff_page_shows_the_arabic_name_and_says_the_english_one_is_missing(
    client, iom_user, facility_a
):
    facility_a.name_ar = MIXED_NAME
    facility_a.save()
    client.force_login(iom_user)

    html = client.get(f"/fr/facilities/{facility_a.pk}/").text

    assert f'<span lang="ar" dir="rtl">{MIXED_NAME}</span>' in html
    assert "pas de nom en anglais" in html


def test_an_over_long_arabic_name_is_refused_and_nothing_is_stored(client, iom_user, ngo_a):
    client.force_login(iom_user)

    response = client.post("/en/facilities/new/", new_facility_data(ngo_a, name_ar="م" * 201))

    assert response.status_code == 200
    assert "at most 200 characters (it has 201)" in str(response.context["form"].errors["name_ar"])
    assert 'role="alert"' in response.text
    assert not Facility.objects.exists()


def test_staff_list_search_finds_a_facility_by_its_arabic_name(client, iom_user, facility_a):
    facility_a.name_ar = ARABIC_NAME
    facility_a.save()
    client.force_login(iom_user)

    assert "Centre Al Amal" in client.get("/fr/facilities/", {"q": "باب الشرق"}).text


# --- Spreadsheets ----------------------------------------------------------------------------


def test_export_then_import_keeps_the_arabic_and_english_names(facility_a):
    facility_a.name_ar, facility_a.name_en = MIXED_NAME, "Al Amal Centre"
    facility_a.save()
    dataset = FacilityResource().export()
    Facility.objects.filter(pk=facility_a.pk).update(name_ar="", name_en="")

    result = FacilityResource().import_data(
        CSV(encoding="utf-8").create_dataset(dataset.csv), dry_run=False
    )

    assert not result.has_errors() and not result.has_validation_errors()
    facility_a.refresh_from_db()
    assert (facility_a.name_ar, facility_a.name_en) == (MIXED_NAME, "Al Amal Centre")
    assert Facility.objects.count() == 1


def test_the_names_carry_hxl_language_tags(db):
    headers = FacilityResource().export().headers

    tags = dict(zip(headers, hxl_row(headers), strict=True))
    assert (tags["name"], tags["name_ar"], tags["name_en"]) == (
        "#loc+name",
        "#loc+name+i_ar",
        "#loc+name+i_en",
    )


def test_an_import_with_an_over_long_arabic_name_writes_nothing(ngo_a):
    text = (
        "name,name_ar,kind,managing_organisation,region,province\n"
        f"Centre Bon,{ARABIC_NAME},shelter,AAO,02,411\n"
        f"Centre Long,{'م' * 201},shelter,AAO,02,411\n"
    )

    with translation.override("en"):
        result = FacilityResource().import_data(
            CSV(encoding="utf-8").create_dataset(text), dry_run=False
        )

    assert result.has_validation_errors()
    errors = result.invalid_rows[0].error_dict
    assert "at most 200 characters" in str(errors["name_ar"])
    assert not Facility.objects.exists()


# --- Demonstration data ----------------------------------------------------------------------


def published_demo_codes() -> list[str]:
    return [demo.code for demo in DEMO_FACILITIES if demo.published]


def test_every_published_demo_facility_has_an_arabic_and_an_english_name(db):
    seed_facilities(seed_organisations()[0])

    for facility in Facility.objects.filter(code__in=published_demo_codes()):
        assert facility.name_ar and facility.name_en, facility.code
        assert any("\u0600" <= letter <= "\u06ff" for letter in facility.name_ar), facility.code
        assert facility.public_name != (facility.name, True)
    assert Facility.objects.get(code="DEMO-0001").name_ar == "مركز الاستقبال باب الشرق"
    assert set(published_demo_codes()) <= set(DEMO_NAMES)


def test_seeding_again_names_existing_demo_facilities_but_keeps_staff_names(db):
    organisations, _created = seed_organisations()
    seed_facilities(organisations)
    Facility.objects.filter(code="DEMO-0002").update(name_ar="", name_en="")
    Facility.objects.filter(code="DEMO-0003").update(name_ar="اسم غيّره الموظفون")
    history = Facility.history.count()

    created = seed_facilities(organisations)
    after = Facility.history.count()
    seed_facilities(organisations)

    assert created == 0
    renamed = Facility.objects.get(code="DEMO-0002")
    assert (renamed.name_ar, renamed.name_en) == DEMO_NAMES["DEMO-0002"]
    assert Facility.objects.get(code="DEMO-0003").name_ar == "اسم غيّره الموظفون"
    assert after == history + 1  # the renamed facility's change is in its history
    assert Facility.history.count() == after  # a third run changes nothing
    assert Organisation.objects.filter(name="OIM Maroc").count() == 1
