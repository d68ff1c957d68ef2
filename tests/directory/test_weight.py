"""A first visit to a public page stays under 150 KB, compressed as served, fonts included."""

import gzip

import pytest
from django.core.management import call_command

from directory.weight import page_weight
from tests.factories import FacilityFactory

LIMIT = 150 * 1024


@pytest.fixture
def twenty_places(db, ngo_a, women_shelter):
    """A full first page of results, each with long names, services and groups."""
    for number in range(20):
        facility = FacilityFactory(
            name=f"Centre d’accueil et d’orientation des familles migrantes numéro {number}",
            managing_organisation=ngo_a,
            commune="Oujda",
            phone="+212 536-704512",
        )
        facility.services.set(women_shelter.services.all())
        facility.target_groups.set(women_shelter.target_groups.all())


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_directory_and_facility_page_weigh_less_than_150_kb(
    client, twenty_places, women_shelter, language
):
    for address in (f"/{language}/directory/", f"/{language}/directory/{women_shelter.slug}/"):
        weight = page_weight(address, client)

        assert weight.total < LIMIT, (address, weight.files)
        assert "/static/css/public.css" in weight.files
        # No framework stylesheet and no map library on a first load.
        assert not any("bootstrap" in name or "leaflet" in name for name in weight.files)


def test_arabic_pages_count_the_arabic_font(client, twenty_places):
    weight = page_weight("/ar/directory/", client)

    fonts = [name for name in weight.files if name.endswith(".woff2")]
    assert any("noto-sans-arabic" in name for name in fonts)


def test_public_html_is_served_gzipped(client, women_shelter):
    response = client.get("/ar/directory/", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert "Maison Amal pour femmes" in gzip.decompress(response.content).decode()


def test_bench_directory_prints_weights_queries_and_times(women_shelter, capsys):
    call_command("bench_directory")

    output = capsys.readouterr().out
    assert f"/ar/directory/{women_shelter.slug}/" in output
    last = output.strip().splitlines()[-1]
    assert last.startswith("directory: ") and "KB max first load" in last
    assert float(last.split()[1]) < 150
