"""Fixtures of the public directory: a published shelter for women and facilities kept hidden."""

import datetime

import pytest

from facilities.models import Facility, ServiceCategory, TargetGroup
from tests.factories import FacilityFactory


@pytest.fixture
def women_shelter(db, ngo_a):
    """A published, open shelter for women and children, translated into Arabic but not English."""
    facility = FacilityFactory(
        name="Maison Amal pour femmes",
        kind=Facility.Kind.WOMEN_SAFE_SPACE,
        managing_organisation=ngo_a,
        commune="Oujda",
        address="12 rue de la Paix",
        postal_code="60000",
        phone="+212 536-704512",
        whatsapp="+212 661-234567",
        email="amal@example.org",
        contact_person="Fatima Zahra Internal",
        owner_authority="Entraide Nationale",
        capacity=30,
        occupancy=27,
        languages=["ar", "fr", "wo"],
        description_fr="Accueil de jour et hébergement d’urgence pour femmes.",
        description_ar="استقبال نهاري وإيواء استعجالي للنساء.",
        access_conditions_fr="Sans rendez-vous, sans document d’identité.",
        access_conditions_ar="بدون موعد وبدون وثيقة هوية.",
        opening_hours_fr="Ouvert 24 h/24",
        last_verified_on=datetime.date(2026, 10, 5),
    )
    facility.services.set(ServiceCategory.objects.filter(code__in=["shelter", "health"]))
    facility.target_groups.set(TargetGroup.objects.filter(code__in=["women", "children"]))
    return facility


@pytest.fixture
def men_day_centre(db, ngo_b):
    """A published day centre for men in Tanger (Tanger-Tétouan-Al Hoceïma, region 01)."""
    from facilities.models import Region

    region = Region.objects.get(code="01")
    facility = FacilityFactory(
        name="Centre de jour du Détroit",
        kind=Facility.Kind.DAY_CENTRE,
        managing_organisation=ngo_b,
        region=region,
        province=region.provinces.get(code="511"),
        commune="Tanger",
        latitude="35.759500",
        longitude="-5.834000",
        phone="0539 33 09 57",
    )
    facility.services.set(ServiceCategory.objects.filter(code__in=["food"]))
    facility.target_groups.set(TargetGroup.objects.filter(code__in=["men"]))
    return facility


@pytest.fixture
def hidden_facilities(db, ngo_a):
    """An unpublished facility and a published one that is closed: neither may appear."""
    return [
        FacilityFactory(
            name="Foyer non publié Zeta", managing_organisation=ngo_a, is_published=False
        ),
        FacilityFactory(
            name="Centre fermé Omega",
            managing_organisation=ngo_a,
            status=Facility.Status.CLOSED,
        ),
    ]
