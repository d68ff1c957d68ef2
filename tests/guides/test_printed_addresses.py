"""A facility's address on paper prints the parts that are known, joined as a list in the
sheet's language: never an empty slot shown as a dash ("— — Berkane")."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.printed import printed_text, text_layer_pypdf

# Tesseract's names of the languages the sheets are printed in.
OCR = {"fr": "fra", "ar": "ara"}


def _sheet(client, facility, language="fr"):
    with translation.override(language):
        return client.get(reverse("guides:sheet", args=[facility.pk])).content


@pytest.fixture
def street_facility(facility_a):
    """facility_a (province of Berkane) with a street and a commune."""
    facility_a.address = "12 rue de Taza"
    facility_a.commune = "Ahfir"
    facility_a.save()
    return facility_a


def test_a_sheet_without_street_or_commune_prints_the_province_alone_as_address(client, facility_a):
    printed = printed_text(_sheet(client, facility_a), OCR["fr"])

    # `printed_text` makes every dash a hyphen.
    assert "Adresse Berkane" in printed
    assert "- -" not in printed and "Adresse -" not in printed


def test_a_sheet_with_a_full_address_prints_street_commune_and_province(client, street_facility):
    printed = printed_text(_sheet(client, street_facility), OCR["fr"])

    assert "Adresse 12 rue de Taza, Ahfir, Berkane" in printed


def test_a_commune_named_like_its_province_is_printed_once(client, facility_a):
    facility_a.commune = "Berkane"
    facility_a.save()

    copied = text_layer_pypdf(_sheet(client, facility_a))

    assert "Adresse Berkane Manara" in copied


def test_the_arabic_sheet_joins_the_address_with_the_arabic_comma(client, street_facility):
    copied = text_layer_pypdf(_sheet(client, street_facility, "ar"))

    assert "بركان" in copied and "12 rue de Taza" in copied and "Ahfir" in copied
    assert "،" in copied
    assert "- -" not in copied


def test_the_arabic_sheet_without_street_prints_the_province_without_dashes(client, facility_a):
    printed = printed_text(_sheet(client, facility_a, "ar"), OCR["ar"], layout=3)

    assert "بركان" in printed
    assert "- -" not in printed


@pytest.fixture
def guide(client, admin_user, guided_assessment):
    """The reinforcement guide of guided_assessment's facility; its profile is on page 2."""
    client.force_login(admin_user)

    def render():
        facility = guided_assessment.facility
        with translation.override("fr"):
            return client.get(reverse("guides:facility", args=[facility.pk])).content

    return render


def test_the_guide_of_a_facility_without_street_prints_its_province_as_address(guide):
    profile = printed_text(guide(), OCR["fr"], first=2, last=2)

    assert "Adresse Berkane Capacité" in profile


def test_the_guide_of_a_facility_with_a_full_address_prints_it_whole(guide, guided_assessment):
    facility = guided_assessment.facility
    facility.address, facility.commune = "12 rue de Taza", "Ahfir"
    facility.save()

    profile = printed_text(guide(), OCR["fr"], first=2, last=2)

    assert "Adresse 12 rue de Taza, Ahfir, Berkane Capacité" in profile
