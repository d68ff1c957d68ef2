"""`/robots.txt` and `/sitemap.xml` as a search engine reads them: the robots file lets it into
the public directory and help only and names the sitemap; the sitemap's alternates are exactly
the links the pages declare, and it lists a facility as soon as the directory shows it."""

import re
import urllib.robotparser
import xml.etree.ElementTree as ET

import pytest

from tests.factories import FacilityFactory

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
PAGE_ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')


def robots(client) -> urllib.robotparser.RobotFileParser:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser


def test_robots_allows_the_public_pages_and_refuses_staff_and_api_paths(client, women_shelter):
    parser = robots(client)

    for language in ("fr", "ar", "en"):
        for path in ("directory/", f"directory/{women_shelter.slug}/", "help/"):
            assert parser.can_fetch("*", f"http://testserver/{language}/{path}"), path
        for path in ("facilities/", "referrals/", "accounts/login/", "needs/", "guides/"):
            assert not parser.can_fetch("*", f"http://testserver/{language}/{path}"), path
    for path in ("/admin/", "/api/hsds/services", "/api/directory/hsds/", "/readyz", "/"):
        assert not parser.can_fetch("*", f"http://testserver{path}"), path
    assert parser.can_fetch("*", "http://testserver/static/vendor/bootstrap/bootstrap.min.css")
    assert parser.site_maps() == ["http://testserver/sitemap.xml"]


def test_robots_names_the_sitemap_at_the_address_it_was_asked_on(client, db):
    secure = client.get("/robots.txt", secure=True, headers={"host": "localhost"})

    assert "Sitemap: https://localhost/sitemap.xml" in secure.content.decode().splitlines()


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    """Each `<loc>` of the sitemap with its alternates {hreflang: href}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    entries = {}
    for url in root.findall("s:url", SITEMAP_NS):
        location = url.find("s:loc", SITEMAP_NS).text
        entries[location] = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
    return entries


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_sitemap_alternates_are_the_pages_own_hreflang_links(client, women_shelter, language):
    entries = sitemap_entries(client)

    for path in (f"/{language}/directory/{women_shelter.slug}/", f"/{language}/directory/"):
        page = client.get(path)
        assert page.status_code == 200
        declared = dict(PAGE_ALTERNATE.findall(page.content.decode()))
        assert set(declared) == {"fr", "ar", "en", "x-default"}
        assert entries[f"http://testserver{path}"] == declared
    for alternates in entries.values():
        # Every alternate is a page that answers, not a redirect to one.
        for href in alternates.values():
            assert client.get(href.removeprefix("http://testserver")).status_code == 200, href


def test_a_facility_published_after_a_visit_is_in_the_sitemap_at_once(client, women_shelter):
    before = sitemap_entries(client)

    newcomer = FacilityFactory(
        name="Centre Nour", managing_organisation=women_shelter.managing_organisation
    )
    after = sitemap_entries(client)

    location = f"http://testserver/fr/directory/{newcomer.slug}/"
    assert location not in before
    assert location in after
    assert client.get(f"/fr/directory/{newcomer.slug}/").status_code == 200
