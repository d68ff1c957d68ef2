"""A facility's name on the public side, in the visitor's language.

The French name is the one every facility has; Arabic and English names are added by staff. A
page, a map point, the HSDS document or a download in Arabic or English uses that language's
name, and where it is missing shows the French one and says so.
"""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from directory.opendata import EXPORT_COLUMNS
from facilities.models import ServiceCategory
from tests.conftest import IMMEDIATE_TASKS
from tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db

ARABIC_NAME = "دار أمل للنساء"
ENGLISH_NAME = "Amal House for Women"
MIXED_NAME = "مركز ABCAS 2"


def text_of(response) -> str:
    """The visible text of a page: tags removed, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def named_shelter(women_shelter):
    """The women's shelter of the directory fixtures, named in Arabic and English."""
    women_shelter.name_ar = ARABIC_NAME
    women_shelter.name_en = ENGLISH_NAME
    women_shelter.save()
    return women_shelter


@pytest.fixture
def arabic_only_shelter(women_shelter):
    """The women's shelter named in Arabic but not in English."""
    women_shelter.name_ar = ARABIC_NAME
    women_shelter.save()
    return women_shelter


# --- The directory and the facility page -------------------------------------------------------


def test_arabic_directory_lists_the_arabic_name(client, named_shelter):
    text = text_of(client.get("/ar/directory/"))

    assert ARABIC_NAME in text
    assert "Maison Amal pour femmes" not in text


def test_french_and_english_directories_list_their_own_names(client, named_shelter):
    french = text_of(client.get("/fr/directory/"))
    english = text_of(client.get("/en/directory/"))

    assert "Maison Amal pour femmes" in french and ARABIC_NAME not in french
    assert ENGLISH_NAME in english and "Maison Amal pour femmes" not in english


def test_arabic_facility_page_is_titled_and_headed_with_the_arabic_name(client, named_shelter):
    html = client.get(f"/ar/directory/{named_shelter.slug}/").content.decode()

    assert f"<title>{ARABIC_NAME} · Oujda · Manara</title>" in html
    assert f'<meta property="og:title" content="{ARABIC_NAME}">' in html
    assert f"<h1>{ARABIC_NAME}</h1>" in html
    assert "Maison Amal pour femmes" not in html


def test_a_missing_english_name_falls_back_to_french_and_the_page_says_so(
    client, arabic_only_shelter
):
    response = client.get(f"/en/directory/{arabic_only_shelter.slug}/")

    html = response.content.decode()
    assert '<h1><span lang="fr" dir="ltr">Maison Amal pour femmes</span>' in html
    assert "(in French)" in text_of(response)
    assert "<title>Maison Amal pour femmes · Oujda · Manara</title>" in html


def test_a_missing_arabic_name_is_marked_french_in_the_arabic_list(client, women_shelter):
    response = client.get("/ar/directory/")

    html = response.content.decode()
    assert '<span lang="fr" dir="ltr">Maison Amal pour femmes</span>' in html
    assert "(بالفرنسية)" in text_of(response)


def test_a_french_page_never_says_the_name_is_in_french(client, women_shelter):
    response = client.get(f"/fr/directory/{women_shelter.slug}/")

    assert "(en français)" not in text_of(response)
    assert "<h1>Maison Amal pour femmes</h1>" in response.content.decode()


def test_a_mixed_script_arabic_name_is_shown_intact(client, women_shelter):
    women_shelter.name_ar = MIXED_NAME
    women_shelter.save()

    html = client.get(f"/ar/directory/{women_shelter.slug}/").content.decode()

    assert f"<h1>{MIXED_NAME}</h1>" in html
    assert f"<title>{MIXED_NAME} · Oujda · Manara</title>" in html


@pytest.mark.parametrize(
    ("language", "query"),
    [("ar", "دار أمل"), ("fr", "دار أمل"), ("en", "amal house"), ("ar", "Maison Amal")],
)
def test_a_visitor_finds_a_place_by_its_name_in_any_language(
    client, named_shelter, men_day_centre, language, query
):
    text = text_of(client.get(f"/{language}/directory/", {"q": query}))

    assert "Centre de jour du Détroit" not in text
    assert {"ar": ARABIC_NAME, "fr": "Maison Amal pour femmes", "en": ENGLISH_NAME}[
        language
    ] in text


def test_map_points_carry_the_name_in_the_page_language(client, named_shelter, men_day_centre):
    arabic = client.get("/ar/directory/map.json").json()
    french = client.get("/fr/directory/map.json").json()

    assert sorted(point["properties"]["name"] for point in arabic["features"]) == sorted(
        [ARABIC_NAME, "Centre de jour du Détroit"]
    )
    assert "Maison Amal pour femmes" in [p["properties"]["name"] for p in french["features"]]


def test_a_map_point_named_in_french_on_an_arabic_page_says_its_language(client, women_shelter):
    point = client.get("/ar/directory/map.json").json()["features"][0]["properties"]

    assert (point["name"], point["lang"]) == ("Maison Amal pour femmes", "fr")


def test_the_map_and_geo_link_of_the_arabic_page_use_the_arabic_name(client, named_shelter):
    html = client.get(f"/ar/directory/{named_shelter.slug}/").content.decode()

    assert f'data-name="{ARABIC_NAME}"' in html
    assert "(%D8%AF%D8%A7%D8%B1%20" in html  # the geo: label, URL-encoded, starts with "دار "


def test_the_arabic_page_keeps_a_fixed_number_of_queries(
    client, named_shelter, django_assert_max_num_queries
):
    # A first visit: the published-data stamp of the server's cache, then the page's three.
    with django_assert_max_num_queries(4):
        response = client.get(f"/ar/directory/{named_shelter.slug}/")
    assert response.status_code == 200


# --- Sitemap -----------------------------------------------------------------------------------


def test_every_page_of_the_sitemap_is_titled_with_the_name_in_its_language(client, named_shelter):
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(
        rf"<loc>http://testserver(/\w\w/directory/{named_shelter.slug}/)</loc>", xml
    )

    titles = {
        location[1:3]: re.search(r"<title>(.*?) · ", client.get(location).content.decode())[1]
        for location in locations
    }

    assert titles == {"fr": "Maison Amal pour femmes", "ar": ARABIC_NAME, "en": ENGLISH_NAME}


# --- HSDS --------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def hsds_built_in_the_request(settings, tmp_path):
    """The HSDS document is built by a task: at once here, into a media folder of the test's."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.MEDIA_ROOT = tmp_path / "media"


def hsds(client, **query) -> dict:
    response = client.get(reverse("directory_api:hsds"), query)
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_hsds_in_arabic_names_the_location_and_its_services_in_arabic(client, named_shelter):
    document = hsds(client, lang="ar")

    location = document["locations"][0]
    health = ServiceCategory.objects.get(code="health")
    assert location["name"] == ARABIC_NAME
    assert location["alternate_name"] == "Maison Amal pour femmes"
    assert f"{health.name_ar} — {ARABIC_NAME}" in [s["name"] for s in document["services"]]


def test_hsds_in_french_uses_the_french_names(client, named_shelter):
    document = hsds(client, lang="fr")

    assert document["locations"][0]["name"] == "Maison Amal pour femmes"
    assert "alternate_name" not in document["locations"][0]
    assert all("Maison Amal pour femmes" in s["name"] for s in document["services"])


def test_hsds_caches_each_language_apart(client, named_shelter):
    french = hsds(client)
    arabic = hsds(client, lang="ar")
    english = hsds(client, lang="en")

    assert french["locations"][0]["name"] == "Maison Amal pour femmes"
    assert arabic["locations"][0]["name"] == ARABIC_NAME
    assert english["locations"][0]["name"] == ENGLISH_NAME


def test_hsds_in_english_without_english_name_gives_the_french_one(client, arabic_only_shelter):
    document = hsds(client, lang="en")

    assert document["locations"][0]["name"] == "Maison Amal pour femmes"
    assert "alternate_name" not in document["locations"][0]


def test_renaming_in_arabic_gives_a_fresh_arabic_document_at_once(client, named_shelter):
    hsds(client, lang="ar")
    named_shelter.name_ar = MIXED_NAME
    named_shelter.save()

    assert hsds(client, lang="ar")["locations"][0]["name"] == MIXED_NAME


# --- Spreadsheets ------------------------------------------------------------------------------


def csv_rows(client, **query) -> list[dict]:
    response = client.get(reverse("directory_api:export", args=["csv"]), query)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_download_has_every_name_with_its_hxl_language_tag(client, arabic_only_shelter):
    hxl, row = csv_rows(client, lang="en")

    assert row["name"] == "Maison Amal pour femmes"
    assert (row["name_fr"], row["name_ar"], row["name_en"]) == (
        "Maison Amal pour femmes",
        ARABIC_NAME,
        "",
    )
    assert (hxl["name"], hxl["name_fr"], hxl["name_ar"], hxl["name_en"]) == (
        "#loc+name",
        "#loc+name+i_fr",
        "#loc+name+i_ar",
        "#loc+name+i_en",
    )
    assert [column.header for column in EXPORT_COLUMNS][:5] == [
        "code",
        "name",
        "name_fr",
        "name_ar",
        "name_en",
    ]


def test_the_arabic_download_names_each_place_in_arabic(client, named_shelter, men_day_centre):
    rows = csv_rows(client, lang="ar")[1:]

    assert sorted(row["name"] for row in rows) == sorted([ARABIC_NAME, "Centre de jour du Détroit"])


def test_a_facility_named_in_arabic_only_is_still_found_in_french_search(client, ngo_a):
    facility = FacilityFactory(name="Foyer Nour", name_ar="دار النور", managing_organisation=ngo_a)
    facility.services.set(ServiceCategory.objects.filter(code="shelter"))

    text = text_of(client.get("/fr/directory/", {"q": "النور"}))

    assert "Foyer Nour" in text
