"""Server-drawn SVG charts keep plain numbers in every language.

French and Arabic write decimals with a comma; an SVG coordinate written "74,3" is not a number
and the browser drops the shape. The charts must render the same geometry in every language.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from referrals.models import FollowUp
from tests.factories import CaseFactory

NUMBER = r"-?\d+(?:\.\d+)?"
COORDINATE_ATTRIBUTES = re.compile(r'\s(x|y|x1|x2|y1|y2|cx|cy|r|dy)="([^"]*)"')
POINTS = re.compile(r'\spoints="([^"]*)"')


def svg_numbers_problems(page: str, testid_or_class: str) -> list[str]:
    """Coordinates of the chart's SVG that are not plain numbers, or a note if there is no chart."""
    start = page.find(testid_or_class)
    if start == -1:
        return [f"no {testid_or_class} on the page"]
    svg = page[page.find("<svg", start - 200) : page.find("</svg>", start) + 6]
    problems = [
        f"{name}={value}"
        for name, value in COORDINATE_ATTRIBUTES.findall(svg)
        if not re.fullmatch(NUMBER, value)
    ]
    problems += [
        points
        for points in POINTS.findall(svg)
        if not re.fullmatch(rf"{NUMBER},{NUMBER}(?: {NUMBER},{NUMBER})*", points)
    ]
    return problems


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_score_chart_of_a_facility_has_plain_numbers_in_every_language(
    client, iom_user, submitted_assessment, language
):
    submitted_assessment.validate(iom_user)
    client.force_login(iom_user)

    with translation.override(language):
        page = client.get(
            reverse("facilities:detail", args=[submitted_assessment.facility.pk])
        ).text

    assert svg_numbers_problems(page, 'class="radar-chart"') == []


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_sustainability_chart_of_a_case_has_plain_numbers_in_every_language(
    client, iom_user, iom_org, language
):
    case = CaseFactory(owner=iom_org)
    for day, composite in (("2026-03-01", 0.35), ("2026-06-01", 0.55)):
        FollowUp.objects.create(
            case=case,
            date=day,
            kind="phone",
            score_economic=composite - 0.1,
            score_social=composite,
            score_psychosocial=composite + 0.1,
            score_composite=composite,
        )
    client.force_login(iom_user)

    with translation.override(language):
        page = client.get(reverse("referrals:case_detail", args=[case.pk])).text

    assert svg_numbers_problems(page, 'data-testid="sustainability-chart"') == []
    # The scores in the table below the chart stay in the reader's number format.
    assert ("0.55" if language == "en" else "0,55") in page
