"""The default framework loaded by the data migration: complete, trilingual, sourced."""

import re

import pytest

from assessments.models import Dimension, Framework
from facilities.models import Facility

pytestmark = pytest.mark.django_db

NAME = "Cadre d'évaluation des structures d'accueil"
ARABIC = re.compile(r"[\u0600-\u06FF]")
PREFIX = {"accessibility": "ACC", "safety": "SAF", "services": "SER", "protection": "PRO"}


@pytest.fixture
def default_framework():
    return Framework.objects.get(name=NAME, version="1.0")


def test_the_default_framework_is_published_with_40_to_60_criteria(default_framework):
    assert default_framework.status == Framework.Status.PUBLISHED
    assert 40 <= default_framework.criteria.count() <= 60


def test_every_dimension_has_at_least_eight_criteria_with_matching_codes(default_framework):
    for dimension in Dimension.values:
        codes = list(
            default_framework.criteria.filter(dimension=dimension).values_list("code", flat=True)
        )
        assert len(codes) >= 8, dimension
        assert all(re.fullmatch(rf"{PREFIX[dimension]}-\d\d", code) for code in codes)


def test_every_text_exists_in_french_arabic_and_english_and_cites_a_standard(default_framework):
    for criterion in default_framework.criteria.all():
        for field in ("question", "guidance", "recommendation"):
            for language in ("fr", "ar", "en"):
                assert getattr(criterion, f"{field}_{language}").strip(), (criterion.code, field)
            assert ARABIC.search(getattr(criterion, f"{field}_ar")), criterion.code
        assert len(criterion.standard) > 10, criterion.code


def test_the_criteria_whose_failure_endangers_people_are_critical(default_framework):
    critical = {
        c.code: c.question_en.lower() for c in default_framework.criteria.filter(is_critical=True)
    }

    for topic in ("fire", "exits", "drinking water", "safeguarding", "unaccompanied", "gender"):
        assert any(topic in question for question in critical.values()), topic


def test_facility_kinds_are_valid_and_a_day_centre_is_asked_fewer_questions(default_framework):
    for kinds in default_framework.criteria.values_list("facility_kinds", flat=True):
        assert set(kinds) <= set(Facility.Kind.values)

    day_centre = default_framework.criteria_for(Facility.Kind.DAY_CENTRE)
    reception = default_framework.criteria_for(Facility.Kind.RECEPTION_CENTRE)
    assert len(day_centre) < len(reception)


def test_the_sphere_figures_are_in_the_french_texts(default_framework):
    text = " ".join(f"{c.question_fr} {c.guidance_fr}" for c in default_framework.criteria.all())

    assert "3,5 m²" in text
    assert "20 personnes par toilette" in text
    assert "15 litres" in text
