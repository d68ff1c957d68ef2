"""Guides are rendered for real (WeasyPrint) into a cache folder of each test's own."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from tests.factories import AssessmentFactory, NeedFactory, answer_all


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def guided_assessment(facility_a, framework, iom_user, partner_user):
    """facility_a (NGO A) assessed on the small framework: SAF-1 critical at 0, ACC-1 at 1 with a
    comment, the rest meeting the standard; one immediate need of 3 × 12 500 MAD; validated."""
    assessment = AssessmentFactory(
        facility=facility_a, framework=framework, created_by=partner_user
    )
    answer_all(assessment, 3, SAF_1=0, ACC_1=1)
    assessment.answers.filter(criterion__code="ACC-1").update(comment="Rampe trop raide à l'entrée")
    NeedFactory(
        facility=facility_a,
        assessment=assessment,
        dimension="accessibility",
        description="Rampe d'accès conforme",
        quantity=3,
        unit_cost=12500,
        urgency="immediate",
    )
    assessment.submit(partner_user)
    assessment.validate(iom_user)
    return assessment


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF as a reader would copy it, each run of spaces, line
    breaks and no-break spaces (the French thousands separator) made one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def pdf_fonts(content: bytes) -> set[str]:
    """The names of the fonts embedded in a PDF, without their subset prefix."""
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1].lstrip("/"))
    return names


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)
