"""Pages follow the language in the address: switcher, right-to-left Arabic, translated texts."""

import pytest

pytestmark = pytest.mark.django_db


def test_arabic_pages_are_right_to_left_with_bootstraps_rtl_stylesheet(client, partner_user):
    client.force_login(partner_user)
    response = client.get("/ar/facilities/")
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "bootstrap.rtl.min.css" in response.text
    french = client.get("/fr/facilities/").text
    assert '<html lang="fr" dir="ltr">' in french
    assert "bootstrap.rtl.min.css" not in french


@pytest.mark.parametrize(
    "path",
    [
        "/fr/accounts/login/",
        "/fr/accounts/password/reset/",
        "/fr/facilities/?region=2&kind=shelter",
        "/fr/facilities/map/",
        "/fr/facilities/new/",
        "/fr/accounts/password/change/",
    ],
)
def test_language_switcher_on_every_page_keeps_the_same_page(client, iom_user, path):
    if "accounts/login" not in path and "reset" not in path:
        client.force_login(iom_user)
    text = client.get(path).text
    for language in ("ar", "en"):
        expected = "/" + language + path[3:]
        assert f'href="{expected.replace("&", "&amp;")}" hreflang="{language}"' in text


def test_switcher_keeps_the_facility_page(client, iom_user, facility_a):
    client.force_login(iom_user)
    text = client.get(f"/fr/facilities/{facility_a.pk}/edit/").text
    assert f'href="/ar/facilities/{facility_a.pk}/edit/" hreflang="ar"' in text


def test_french_and_arabic_pages_are_translated(client, iom_user, facility_a):
    client.force_login(iom_user)
    french = client.get("/fr/facilities/").text
    arabic = client.get("/ar/facilities/").text
    english = client.get("/en/facilities/").text
    assert "Reception facilities" in english
    for page in (french, arabic):
        assert "Reception facilities" not in page
        assert "Apply the filters" not in page
        assert "Skip to main content" not in page
    assert "Oriental" in french and "الشرق" in arabic  # region names from the reference data


def test_choices_and_errors_are_translated(client, iom_user):
    client.force_login(iom_user)
    page = client.post("/fr/facilities/new/", {"name": "", "latitude": "48.8", "longitude": "2.3"})
    assert "must be in Morocco" not in page.text
    assert "Ce champ est obligatoire." in page.text
