"""Morocco's regions and provinces, the service taxonomy and target groups, loaded by migration."""

import pytest

from facilities.models import Province, Region, ServiceCategory, TargetGroup

pytestmark = pytest.mark.django_db


def test_twelve_regions_and_seventy_five_provinces_are_loaded():
    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
    assert Province.objects.filter(kind=Province.Kind.PREFECTURE).count() == 13
    assert Province.objects.filter(kind=Province.Kind.PROVINCE).count() == 62


def test_each_region_has_its_official_number_of_provinces():
    counts = {r.code: r.provinces.count() for r in Region.objects.all()}
    expected = [8, 8, 9, 7, 5, 9, 8, 5, 6, 4, 4, 2]
    assert [counts[f"{i:02d}"] for i in range(1, 13)] == expected


def test_hcp_codes_keep_their_leading_zeros():
    assert Region.objects.get(code="01").name_fr == "Tanger-Tétouan-Al Hoceima"
    assert Province.objects.get(code="051").name_fr == "Al Hoceima"
    assert Province.objects.get(code="066").name_fr == "Aousserd"


@pytest.mark.parametrize(
    ("code", "pcode", "name_fr", "name_ar", "name_en"),
    [
        ("02", "MA007", "Oriental", "الشرق", "Oriental"),
        ("06", "MA002", "Casablanca-Settat", "الدار البيضاء-سطات", "Casablanca-Settat"),
        ("05", "MA001", "Béni Mellal-Khénifra", "بني ملال-خنيفرة", "Beni Mellal-Khenifra"),
        ("11", "", "Laâyoune-Sakia El Hamra", "العيون-الساقية الحمراء", "Laayoune-Sakia El Hamra"),
    ],
)
def test_known_regions_have_their_codes_and_names(code, pcode, name_fr, name_ar, name_en):
    region = Region.objects.get(code=code)
    assert (region.pcode, region.name_fr, region.name_ar, region.name_en) == (
        pcode,
        name_fr,
        name_ar,
        name_en,
    )


def test_known_provinces_belong_to_their_region():
    casablanca = Province.objects.get(code="141")
    assert casablanca.region.code == "06"
    assert casablanca.kind == Province.Kind.PREFECTURE
    assert Province.objects.get(code="421").name_fr == "Rabat"
    assert Province.objects.get(code="411").name_fr == "Oujda-Angad"
    assert Province.objects.get(code="411").region.code == "02"


def test_province_pcodes_start_with_their_regions_pcode():
    for province in Province.objects.select_related("region").exclude(pcode=""):
        assert province.pcode[:5] == province.region.pcode


def test_southern_units_have_no_ocha_pcode():
    assert list(Region.objects.filter(pcode="").values_list("code", flat=True)) == ["11", "12"]
    assert Province.objects.filter(pcode="").count() == 6


def test_region_name_follows_the_active_language():
    from django.utils import translation

    oriental = Region.objects.get(code="02")
    with translation.override("ar"):
        assert oriental.name == "الشرق"
    with translation.override("fr"):
        assert str(oriental) == "Oriental"


def test_service_categories_and_target_groups_have_three_languages():
    assert ServiceCategory.objects.count() >= 15
    for category in ServiceCategory.objects.all():
        assert category.name_fr and category.name_ar and category.name_en
    assert ServiceCategory.objects.get(code="mhpss").name_fr == (
        "Santé mentale et soutien psychosocial"
    )
    assert TargetGroup.objects.get(code="unaccompanied_minors").is_vulnerable
    assert TargetGroup.objects.count() == 10
