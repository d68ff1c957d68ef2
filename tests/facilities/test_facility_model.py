"""The rules a facility must satisfy, whatever page or import writes it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from facilities.models import Facility, Province, Region

from ..factories import FacilityFactory

pytestmark = pytest.mark.django_db


def test_a_facility_in_oujda_is_valid(facility_a):
    facility_a.full_clean()


def test_coordinates_outside_morocco_are_refused(facility_a):
    facility_a.latitude, facility_a.longitude = Decimal("48.8566"), Decimal("2.3522")  # Paris
    with pytest.raises(ValidationError) as error, translation.override("en"):
        facility_a.full_clean()
    assert set(error.value.message_dict) == {"latitude", "longitude"}
    assert "Morocco" in error.value.message_dict["latitude"][0]


def test_dakhla_in_the_far_south_is_inside_morocco(facility_a):
    facility_a.region = Region.objects.get(code="12")
    facility_a.province = facility_a.region.provinces.first()
    facility_a.latitude, facility_a.longitude = Decimal("23.7141"), Decimal("-15.9368")
    facility_a.full_clean()


def test_only_one_coordinate_is_refused(facility_a):
    facility_a.longitude = None
    with pytest.raises(ValidationError) as error:
        facility_a.full_clean()
    assert "longitude" in error.value.message_dict


def test_occupancy_far_above_capacity_is_refused(facility_a):
    facility_a.capacity, facility_a.occupancy = 10, 31
    with pytest.raises(ValidationError) as error:
        facility_a.full_clean()
    assert "occupancy" in error.value.message_dict


def test_overcrowding_up_to_three_times_capacity_is_accepted(facility_a):
    facility_a.capacity, facility_a.occupancy = 10, 30
    facility_a.full_clean()


def test_province_must_belong_to_the_region(facility_a):
    facility_a.province = Province.objects.get(code="141")  # Casablanca, not in the Oriental
    with pytest.raises(ValidationError) as error, translation.override("en"):
        facility_a.full_clean()
    assert "not in the region" in error.value.message_dict["province"][0]


def test_code_and_slug_are_made_from_the_region_when_left_empty(ngo_a):
    first = FacilityFactory(name="Centre Al Amal", managing_organisation=ngo_a)
    second = FacilityFactory(name="Centre Al Amal", managing_organisation=ngo_a)
    assert (first.code, second.code) == ("F02-00001", "F02-00002")
    assert first.slug == "centre-al-amal-f02-00001"
    assert first.slug != second.slug


def test_every_change_is_recorded_with_its_author(facility_a, iom_user):
    facility_a._history_user = iom_user
    facility_a.capacity = 60
    facility_a.save()
    latest = facility_a.history.first()
    assert latest.history_user == iom_user
    assert latest.capacity == 60
    assert facility_a.history.count() == 2


def test_public_texts_fall_back_to_french_and_say_so(facility_a):
    facility_a.description_fr = "Accueil de jour"
    facility_a.description_ar = ""
    with translation.override("ar"):
        assert facility_a.description() == ("Accueil de jour", True)
    facility_a.description_ar = "استقبال نهاري"
    with translation.override("ar"):
        assert facility_a.description() == ("استقبال نهاري", False)


def test_occupancy_rate_is_a_percentage_of_capacity():
    assert Facility(capacity=40, occupancy=30).occupancy_rate == 75
    assert Facility(capacity=None, occupancy=30).occupancy_rate is None


def test_database_refuses_a_half_located_facility(facility_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Facility.objects.filter(pk=facility_a.pk).update(latitude=None)


@pytest.mark.parametrize("postal_code", ["6000", "600000", "60 00", "ABCDE"])
def test_a_postal_code_that_is_not_five_digits_is_refused(facility_a, postal_code):
    facility_a.postal_code = postal_code

    with translation.override("fr"), pytest.raises(ValidationError) as error:
        facility_a.full_clean()

    assert "Un code postal marocain a cinq chiffres." in error.value.message_dict["postal_code"]


def test_a_five_digit_postal_code_is_kept(facility_a):
    facility_a.postal_code = "60000"
    facility_a.full_clean()
    facility_a.save()

    facility_a.refresh_from_db()
    assert facility_a.postal_code == "60000"


def test_the_postal_address_joins_only_the_parts_that_are_known(facility_a):
    facility_a.address, facility_a.commune = "12 rue de Taza", "Ahfir"

    with translation.override("fr"):
        assert facility_a.postal_address == "12 rue de Taza, Ahfir, Berkane"
    with translation.override("ar"):
        assert facility_a.postal_address == "12 rue de Taza، Ahfir، بركان"


def test_a_facility_without_street_or_commune_has_its_province_as_postal_address(facility_a):
    with translation.override("ar"):
        assert facility_a.postal_address == "بركان"


def test_a_commune_named_like_its_province_is_in_the_postal_address_once(facility_a):
    facility_a.commune = " berkane "

    with translation.override("fr"):
        assert facility_a.postal_address == "berkane"


def test_a_commune_already_at_the_end_of_the_street_is_not_repeated(facility_a):
    facility_a.address, facility_a.commune = "Quartier Beni Makada, Tanger", "Tanger"

    with translation.override("fr"):
        assert facility_a.postal_address == "Quartier Beni Makada, Tanger, Berkane"
