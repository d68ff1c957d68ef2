"""Figures that an Arabic page must not reorder: coordinates, phone numbers, percentages, and
month dates written like the short date of each language."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

LTR = '<bdi dir="ltr">{}</bdi>'


def render(source: str, **context) -> str:
    return Template("{% load figures %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"), [("ar", "-1,908"), ("fr", "-1,908"), ("en", "-1.908")]
)
def test_a_negative_number_is_isolated_left_to_right_in_the_language_s_notation(language, expected):
    with translation.override(language):
        assert render("{{ value|ltr }}", value=Decimal("-1.908")) == LTR.format(expected)


def test_isolated_text_is_escaped():
    assert render("{{ value|ltr }}", value="<b>2025–2029</b>") == LTR.format(
        "&lt;b&gt;2025–2029&lt;/b&gt;"
    )


def test_an_empty_value_is_not_wrapped():
    assert render("{{ value|ltr }}", value=None) == "None"
    assert render("{{ value|default:'—'|ltr }}", value="") == LTR.format("—")


@pytest.mark.parametrize(("language", "expected"), [("ar", "45 %"), ("fr", "45 %"), ("en", "45 %")])
def test_a_percentage_keeps_its_sign_after_the_number(language, expected):
    with translation.override(language):
        assert render("{{ value|percent }}", value=45) == LTR.format(expected)


@pytest.mark.parametrize(
    ("language", "expected"), [("ar", "03\u200f/2026"), ("fr", "03/2026"), ("en", "03/2026")]
)
def test_a_month_is_the_short_date_without_its_day(language, expected):
    with translation.override(language):
        assert render("{{ day|short_month }}", day=datetime.date(2026, 3, 15)) == expected


def test_the_arabic_facility_page_isolates_its_coordinates_and_occupancy(
    client, iom_user, facility_a
):
    facility_a.capacity, facility_a.occupancy = 40, 18
    facility_a.save()
    client.force_login(iom_user)

    page = client.get(f"/ar/facilities/{facility_a.pk}/").text

    assert LTR.format("34,681000, -1,908000") in page
    assert f"({LTR.format('45 %')})" in page
