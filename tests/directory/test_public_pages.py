"""The public directory, the facility page and the help page, as anonymous visitors see them."""

import re

import pytest
from django.urls import reverse

from directory.models import EmergencyNumber, HelpSection
from facilities.models import Facility
from guides.documents import public_path
from tests.factories import FacilityFactory
from tests.map_places import places

pytestmark = pytest.mark.django_db

INTERNAL = ["Fatima Zahra Internal", "Entraide Nationale", "capacit", "occupa", "27 / 30"]


def text_of(response) -> str:
    """The visible text of a page: tags removed, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- The directory -----------------------------------------------------------------------------


def test_directory_lists_only_published_open_facilities(
    client, women_shelter, men_day_centre, hidden_facilities
):
    response = client.get("/fr/directory/")

    assert response.status_code == 200
    text = text_of(response)
    assert "Maison Amal pour femmes" in text
    assert "Centre de jour du Détroit" in text
    assert "Foyer non publié Zeta" not in text
    assert "Centre fermé Omega" not in text
    assert "2 lieux trouvés" in text


def test_filter_by_target_group_keeps_the_places_for_that_group(
    client, women_shelter, men_day_centre
):
    response = client.get("/ar/directory/", {"group": "women"})

    text = text_of(response)
    assert "Maison Amal pour femmes" in text
    assert "Centre de jour du Détroit" not in text
    assert 'value="women" selected' in response.content.decode()


@pytest.mark.parametrize("query", ["Tanger", "tanger", "طنجة", "Tanger-Tétouan"])
def test_search_by_town_or_region_in_any_language(client, women_shelter, men_day_centre, query):
    text = text_of(client.get("/fr/directory/", {"q": query}))

    assert "Centre de jour du Détroit" in text
    assert "Maison Amal pour femmes" not in text


def test_filters_by_service_and_region(client, women_shelter, men_day_centre):
    assert "Maison Amal" in text_of(client.get("/fr/directory/", {"service": "health"}))
    assert "Détroit" not in text_of(client.get("/fr/directory/", {"service": "health"}))
    assert "Détroit" in text_of(client.get("/fr/directory/", {"region": "01"}))
    assert "Maison Amal" not in text_of(client.get("/fr/directory/", {"region": "01"}))


def test_unknown_filter_codes_and_page_numbers_do_not_break_the_page(client, women_shelter):
    unknown = client.get("/fr/directory/", {"group": "nobody", "service": "<x>"})
    far_page = client.get("/fr/directory/", {"page": "999"})

    assert unknown.status_code == 200
    assert "Aucun lieu ne correspond à cette recherche" in text_of(unknown)
    assert "&lt;x&gt;" not in unknown.content.decode() or "<x>" not in unknown.content.decode()
    assert "Maison Amal pour femmes" in text_of(far_page)


def test_a_search_that_finds_nothing_says_so(client, women_shelter):
    text = text_of(client.get("/en/directory/", {"q": "Zagora"}))

    assert "No place matches this search" in text
    assert "0 places found" in text


def test_results_are_paginated_and_the_pages_keep_the_search(client, ngo_a):
    for number in range(23):
        FacilityFactory(name=f"Lieu {number:02d}", managing_organisation=ngo_a, commune="Oujda")

    first = client.get("/fr/directory/", {"q": "Oujda"})
    second = client.get("/fr/directory/", {"q": "Oujda", "page": 2})

    assert "23 lieux trouvés" in text_of(first)
    assert 'href="?q=Oujda&amp;page=2"' in first.content.decode()
    assert text_of(second).count("Lieu ") == 3


def test_the_map_data_lists_the_same_search_as_points(client, women_shelter, men_day_centre):
    response = client.get(reverse("directory:map_data"), {"group": "men"})

    data = response.json()
    assert [feature["properties"]["name"] for feature in data["features"]] == [
        "Centre de jour du Détroit"
    ]
    assert data["features"][0]["geometry"]["coordinates"] == [-5.834, 35.7595]
    assert data["features"][0]["properties"]["url"] == reverse(
        "directory:facility", args=[men_day_centre.slug]
    )


def test_the_list_works_without_javascript_and_the_map_waits_for_a_click(client, women_shelter):
    html = client.get("/fr/directory/").content.decode()

    # The results are in the HTML itself; Leaflet is only named in data attributes.
    assert 'href="/fr/directory/maison-amal-pour-femmes' in html
    assert '<script src="/static/vendor/leaflet' not in html
    assert 'id="map-button" hidden' in html


# --- A facility page ---------------------------------------------------------------------------


def test_facility_page_shows_what_a_migrant_needs(client, women_shelter):
    response = client.get(f"/fr/directory/{women_shelter.slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert "Maison Amal pour femmes" in text
    assert "Accueil de jour et hébergement d’urgence pour femmes." in text
    assert "Sans rendez-vous, sans document d’identité." in text
    assert "Ouvert 24 h/24" in text
    assert "Hébergement" in text and "Santé" in text
    assert "Femmes" in text and "Enfants" in text
    assert "12 rue de la Paix" in text and "60000" in text
    assert "Arabe" in text and "Wolof" in text
    assert "5 octobre 2026" in text
    assert 'href="tel:+212536704512"' in html
    assert 'href="https://wa.me/212661234567"' in html
    assert (
        'href="geo:34.681000,-1.908000?q=34.681000,-1.908000(Maison%20Amal%20pour%20femmes)"'
        in html
    )
    assert f'href="{reverse("guides:sheet", args=[women_shelter.pk])}"' in html


def _where_it_is(response) -> str:
    """The text of the page's postal address block."""
    html = response.content.decode()
    block = html.split("<address>")[1].split("</address>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block)).strip()


def test_facility_page_address_gives_street_postal_code_commune_province_and_region(
    client, women_shelter
):
    response = client.get(f"/fr/directory/{women_shelter.slug}/")

    assert _where_it_is(response) == "12 rue de la Paix 60000 Oujda Berkane, Oriental"


def test_facility_page_of_a_place_without_street_or_commune_names_its_province_once(
    client, women_shelter
):
    women_shelter.address = women_shelter.commune = ""
    women_shelter.save()

    response = client.get(f"/ar/directory/{women_shelter.slug}/")

    assert _where_it_is(response) == "60000 بركان، الشرق"


def test_facility_page_never_shows_internal_data(client, women_shelter):
    text = text_of(client.get(f"/fr/directory/{women_shelter.slug}/"))

    for internal in INTERNAL:
        assert internal not in text
    for word in ("Score", "score", "Besoin", "SWOT", "Évaluation"):
        assert word not in text


def test_missing_translation_falls_back_to_french_and_says_so(client, women_shelter):
    arabic = client.get(f"/ar/directory/{women_shelter.slug}/").content.decode()
    english = client.get(f"/en/directory/{women_shelter.slug}/").content.decode()

    assert "استقبال نهاري وإيواء استعجالي للنساء." in arabic
    assert "Accueil de jour" not in arabic
    assert '<div lang="fr" dir="ltr"><p>Accueil de jour et hébergement d’urgence' in english
    assert "This text has not been translated into this language yet: it is shown in French." in (
        english
    )


@pytest.mark.parametrize(
    "name", ["Foyer non publié Zeta", "Centre fermé Omega"], ids=["unpublished", "closed"]
)
def test_hidden_facilities_are_not_found(client, hidden_facilities, name):
    facility = Facility.objects.get(name=name)

    assert client.get(f"/fr/directory/{facility.slug}/").status_code == 404


def test_unknown_slug_is_not_found(client, db):
    assert client.get("/fr/directory/nothing-here/").status_code == 404


def test_text_typed_by_staff_is_escaped(client, ngo_a):
    facility = FacilityFactory(
        name="<script>alert(1)</script> Centre",
        managing_organisation=ngo_a,
        description_fr='<img src=x onerror="alert(2)">',
    )

    listing = client.get("/fr/directory/").content.decode()
    page = client.get(f"/fr/directory/{facility.slug}/").content.decode()

    for html in (listing, page):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Centre" in html
    assert "<img src=x" not in page


def test_the_guides_link_to_the_directory_page_of_the_facility(women_shelter):
    # The QR code of the information sheet points at this address: the two must agree.
    for language in ("fr", "ar", "en"):
        from django.utils import translation

        with translation.override(language):
            address = reverse("directory:facility", args=[women_shelter.slug])
        assert address == public_path(women_shelter, language)


# --- The help page -----------------------------------------------------------------------------


def test_help_page_lists_the_emergency_numbers_in_each_language(client, db):
    french = text_of(client.get("/fr/help/"))
    arabic = client.get("/ar/help/").content.decode()

    assert "19 Police" in french and "177 Gendarmerie royale" in french
    assert "15 Protection civile" in french and "112 Numéro d’urgence" in french
    assert 'href="tel:19"' in arabic and "الدرك الملكي" in arabic
    assert "En cas d’urgence" in french


def test_help_page_shows_what_the_admin_changed(client, db):
    EmergencyNumber.objects.filter(number="112").update(is_shown=False)
    EmergencyNumber.objects.create(number="0800 000 111", name_fr="Ligne d’écoute test", order=1)
    HelpSection.objects.create(title_fr="Nouvelle rubrique", body_fr="Premier.\n\nSecond.", order=0)

    french = client.get("/fr/help/").content.decode()
    english = client.get("/en/help/").content.decode()

    assert 'href="tel:0800000111"' in french and "Ligne d’écoute test" in french
    assert 'href="tel:112"' not in french
    assert "<p>Premier.</p>" in french and "<p>Second.</p>" in french
    assert '<h2 id="help-' in english and 'lang="fr" dir="ltr">Nouvelle rubrique</h2>' in english


# --- What every public page promises ---------------------------------------------------------


def public_addresses(facility):
    return [
        f"/{language}/{path}"
        for language in ("fr", "ar", "en")
        for path in ("directory/", f"directory/{facility.slug}/", "help/", "directory/?group=women")
    ]


def test_public_pages_are_cacheable_and_set_no_cookie(client, women_shelter):
    for address in public_addresses(women_shelter):
        response = client.get(address)

        assert response.status_code == 200, address
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies, address
        assert response.has_header("ETag")


def test_an_unchanged_page_answers_304(client, women_shelter):
    first = client.get(f"/fr/directory/{women_shelter.slug}/")
    again = client.get(f"/fr/directory/{women_shelter.slug}/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


def test_public_pages_refuse_post(client, women_shelter):
    assert client.post("/fr/directory/").status_code == 405
    assert client.post(f"/fr/directory/{women_shelter.slug}/").status_code == 405


def test_signed_in_staff_see_the_same_public_page(client, women_shelter, iom_user, partner_user):
    anonymous = text_of(client.get(f"/fr/directory/{women_shelter.slug}/"))
    for user in (iom_user, partner_user):
        client.force_login(user)
        assert text_of(client.get(f"/fr/directory/{women_shelter.slug}/")) == anonymous
        client.logout()


def test_arabic_pages_are_right_to_left_and_use_an_arabic_font(client, women_shelter):
    html = client.get("/ar/directory/").content.decode()
    css = (
        pytest.importorskip("django.conf").settings.BASE_DIR / "static/css/public.css"
    ).read_text()

    assert '<html lang="ar" dir="rtl">' in html
    assert "noto-sans-arabic-arabic-400-normal.woff2" in css
    assert '[dir="rtl"] body' in css


def test_pages_carry_title_description_and_language_alternates(client, women_shelter):
    html = client.get(f"/ar/directory/{women_shelter.slug}/?x=1").content.decode()

    assert "<title>Maison Amal pour femmes · Oujda · Manara</title>" in html
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    for language in ("fr", "ar", "en"):
        assert (
            f'<link rel="alternate" hreflang="{language}" '
            f'href="http://testserver/{language}/directory/{women_shelter.slug}/?x=1">'
        ) in html
    assert 'hreflang="x-default" href="http://testserver/fr/directory/' in html


def test_language_switcher_keeps_the_page_and_the_search(client, women_shelter):
    html = client.get("/fr/directory/", {"group": "women", "q": "Oujda"}).content.decode()

    assert 'href="/ar/directory/?group=women&amp;q=Oujda" hreflang="ar"' in html
    assert 'href="/en/directory/?group=women&amp;q=Oujda" hreflang="en"' in html


def test_the_site_root_sends_visitors_to_the_directory_and_staff_to_their_list(client, iom_user):
    assert client.get("/fr/")["Location"] == "/fr/directory/"
    client.force_login(iom_user)
    assert client.get("/fr/")["Location"] == "/fr/facilities/"


# --- Cost of a page ----------------------------------------------------------------------------


def make_published(count, organisation):
    for number in range(count):
        facility = FacilityFactory(name=f"Lieu public {number}", managing_organisation=organisation)
        facility.services.set([1, 2])
        facility.target_groups.set([1])


@pytest.mark.parametrize("count", [3, 30])
def test_directory_runs_a_fixed_number_of_queries(
    client, ngo_a, count, django_assert_max_num_queries
):
    make_published(count, ngo_a)

    with django_assert_max_num_queries(7):
        response = client.get("/ar/directory/", {"group": "children", "q": "Oujda"})
    assert response.status_code == 200


# All of Morocco at a zoom where the map data sends points, not groups (common/maps.py).
CLOSE_UP = {"bbox": "-17.3,20.5,-0.9,36.1", "zoom": 14}


@pytest.mark.parametrize("count", [3, 30])
def test_map_data_runs_a_fixed_number_of_queries(
    client, ngo_a, count, django_assert_max_num_queries
):
    make_published(count, ngo_a)

    with django_assert_max_num_queries(1):
        data = client.get(reverse("directory:map_data"), CLOSE_UP).json()
    # The factory puts them all at one position: one feature listing each of them.
    assert len(places(data)) == count


def test_facility_page_and_help_page_run_a_fixed_number_of_queries(
    client, women_shelter, django_assert_max_num_queries
):
    # A first visit: the published-data stamp of the server's cache, then the page's three.
    with django_assert_max_num_queries(4):
        client.get(f"/fr/directory/{women_shelter.slug}/")
    # The help page: the stamp of its sections and numbers, then the page's two.
    with django_assert_max_num_queries(3):
        client.get("/fr/help/")
    with django_assert_max_num_queries(1):
        client.get("/fr/help/")


# --- Sitemap -----------------------------------------------------------------------------------


def test_sitemap_lists_published_facilities_in_every_language(
    client, women_shelter, hidden_facilities
):
    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert response.status_code == 200
    for language in ("fr", "ar", "en"):
        assert f"<loc>http://testserver/{language}/directory/{women_shelter.slug}/</loc>" in xml
        assert f"<loc>http://testserver/{language}/help/</loc>" in xml
    assert 'hreflang="ar"' in xml and 'hreflang="x-default"' in xml
    for hidden in hidden_facilities:
        assert hidden.slug not in xml


def test_staff_facility_page_links_the_public_page_only_when_it_is_public(
    client, iom_user, women_shelter, hidden_facilities
):
    client.force_login(iom_user)

    public = client.get(reverse("facilities:detail", args=[women_shelter.pk])).text
    hidden = client.get(reverse("facilities:detail", args=[hidden_facilities[0].pk])).text

    assert f'href="/fr/directory/{women_shelter.slug}/"' in public
    assert f"/directory/{hidden_facilities[0].slug}/" not in hidden


def test_a_search_with_markup_is_shown_back_as_text(client, women_shelter):
    html = client.get("/fr/directory/", {"q": '"><script>alert(1)</script>'}).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
