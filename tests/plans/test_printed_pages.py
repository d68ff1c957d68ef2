"""The plan and the pilot proposal as a council or a donor reads them on paper: OCR of the printed
pages, the text a reader copies, and the tagging a screen reader needs."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.printed import (
    LAM_ALEF,
    catalog_language,
    pdf_info,
    printed_text,
    structure_roles,
    text_layer_poppler,
    text_layer_pypdf,
)

LANGUAGES = ["fr", "ar", "en"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test caches its PDFs in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def documents(client, iom_user, oriental_plan, pilot):
    """A function giving the plan's and the pilot's PDF in a language."""
    client.force_login(iom_user)

    def render(language):
        return {
            "plan": client.get(f"/{language}/plans/{oriental_plan.pk}.pdf"),
            "pilot": client.get(f"/{language}/pilots/{pilot.pk}.pdf"),
        }

    return render


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_printed_plan_cover_shows_its_period_in_order_and_its_budget(documents, language):
    printed = printed_text(documents(language)["plan"].content)

    # In Arabic an unisolated "2025–2029" printed as "2029–2025".
    assert "2025-2029" in printed
    assert "2029-2025" not in printed
    assert "2000000" in printed.replace(" ", "")  # the budget, 2 000 000 MAD


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_printed_pilot_cover_shows_its_start_date_and_budget(documents, language):
    printed = printed_text(documents(language)["pilot"].content)

    start = {"fr": "01/09/2025", "ar": "2025/09/01"}[language]
    assert start in printed
    assert "171000" in printed.replace(" ", "")  # the budget, 171 000 MAD


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_and_the_pilot_are_tagged_pdfs_with_their_language_and_title(documents, language):
    for name, response in documents(language).items():
        assert response.status_code == 200, name
        info = pdf_info(response.content)
        assert info["Tagged"] == "yes", name
        assert info["Title"], name
        assert catalog_language(response.content) == language, name
        assert {"H1", "H2", "Table", "TH", "TD"} <= structure_roles(response.content), name


def test_the_arabic_text_layer_holds_the_plans_arabic_headings(documents):
    with translation.override("ar"):
        headings = [
            gettext("Actions by strategic axis"),
            gettext("Budget"),
            gettext("Indicators"),
            gettext("Pilot projects"),
        ]
    content = documents("ar")["plan"].content

    copied, searched = text_layer_pypdf(content), text_layer_poppler(content)
    for heading in headings:
        assert heading in copied, heading
        # poppler swaps the two letters of the lam-alef ligature; every other word is exact.
        for word in heading.split():
            if not LAM_ALEF.search(word):
                assert word in searched, heading
