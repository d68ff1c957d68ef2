"""The guides as a person reads them on paper: OCR of the rasterised pages, the text a reader
copies, the tagging a screen reader needs, and the one-page information sheet."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from demo.facilities import name_demo_facilities, seed_facilities, seed_organisations
from facilities.models import Facility, ServiceCategory, TargetGroup
from tests.factories import ActorFactory, ActorServiceFactory
from tests.printed import (
    LAM_ALEF,
    alternative_texts,
    catalog_language,
    page_count,
    pdf_info,
    printed_text,
    structure_roles,
    text_layer_poppler,
    text_layer_pypdf,
)

LANGUAGES = ["fr", "ar", "en"]
# A short date as printed, read from left to right: Arabic writes it from right to left, day first.
SHORT_DATE = {"fr": "%d/%m/%Y", "en": "%m/%d/%Y", "ar": "%Y/%m/%d"}


def _get(client, name, *args, language="fr"):
    with translation.override(language):
        return client.get(reverse(f"guides:{name}", args=args))


@pytest.fixture
def sheet_facility(facility_a):
    """facility_a with every contact a migrant needs, written in each language."""
    facility_a.phone = "+212 536-571198"
    facility_a.whatsapp = "+212 661-234567"
    facility_a.opening_hours_fr = "Du lundi au vendredi, de 8:30 à 16:30"
    facility_a.opening_hours_ar = "من الاثنين إلى الجمعة، من 8:30 إلى 16:30"
    facility_a.opening_hours_en = "Monday to Friday, 8:30 to 16:30"
    facility_a.description_ar = "مركز استقبال يقدم الإيواء المؤقت والخدمات الصحية للمهاجرين."
    facility_a.last_verified_on = datetime.date(2026, 10, 19)
    facility_a.save()
    return facility_a


# The information sheet a migrant is handed


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_printed_sheet_shows_the_phone_whatsapp_hours_and_check_date(
    client, sheet_facility, language
):
    response = _get(client, "sheet", sheet_facility.pk, language=language)

    printed = printed_text(response.content)
    # OCR may split a number where columns meet: compare without spaces.
    assert "+212536-571198" in printed.replace(" ", "")
    assert "+212661-234567" in printed.replace(" ", "")
    assert "8:30" in printed and "16:30" in printed
    assert datetime.date(2026, 10, 19).strftime(SHORT_DATE[language]) in printed


def test_the_arabic_sheet_prints_its_arabic_headings_as_arabic_words(client, sheet_facility):
    response = _get(client, "sheet", sheet_facility.pk, language="ar")

    printed = printed_text(response.content, "ara", layout=3)
    for words in ("مركز استقبال", "الهاتف", "العنوان"):
        assert words in printed


@pytest.fixture
def longest_facility(sheet_facility):
    """A facility whose every public text is as long as the staff form lets it be, in every
    language, offering every service to every group in every language."""
    words = "Accueil, orientation et accompagnement des personnes migrantes vulnérables. "
    arabic = "استقبال وتوجيه ومرافقة الأشخاص المهاجرين في وضعية هشاشة. "
    for field, length in (("name", 200), ("address", 300), ("commune", 120)):
        setattr(sheet_facility, field, ("Centre ABCAS 2 " * 30)[:length])
    for suffix, text in (("fr", words), ("ar", arabic), ("en", words)):
        setattr(sheet_facility, f"opening_hours_{suffix}", (text * 10)[:200])
        setattr(sheet_facility, f"description_{suffix}", (text * 60)[:4000])
        setattr(sheet_facility, f"access_conditions_{suffix}", (text * 60)[:4000])
    for suffix in ("ar", "en"):
        if hasattr(sheet_facility, f"name_{suffix}"):
            setattr(sheet_facility, f"name_{suffix}", ("مركز ABCAS 2 " * 30)[:200])
    sheet_facility.languages = [code for code, _ in Facility.LANGUAGE_CHOICES]
    sheet_facility.save()
    sheet_facility.services.set(ServiceCategory.objects.all())
    sheet_facility.target_groups.set(TargetGroup.objects.all())
    return sheet_facility


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sheet_of_the_longest_facility_the_form_allows_is_one_page(
    client, longest_facility, language
):
    response = _get(client, "sheet", longest_facility.pk, language=language)

    assert page_count(response.content) == 1
    assert "+212536-571198" in printed_text(response.content).replace(" ", "")
    # What does not fit is on the public page, which the sheet points to.
    text = text_layer_pypdf(response.content)
    with translation.override(language):
        more = gettext("More on the public page: scan the code or type its address.")
    # Where the full stop lands in a right-to-left line depends on the reader: leave it out.
    assert more.rstrip(".") in text
    assert f"/{language}/directory/{longest_facility.slug}/" in text.replace(" ", "")


# Every guide, printed


@pytest.fixture
def documents(client, admin_user, guided_assessment, framework, sheet_facility):
    """A function giving every guide's PDF in a language: facility guide, reference guide,
    information sheet, and the priorities and actors reports of the Oriental."""
    ActorServiceFactory(actor=ActorFactory()).actor.swot.create(
        quadrant="S", text="Équipe mobile", source="interview"
    )
    client.force_login(admin_user)
    facility = guided_assessment.facility

    def render(language):
        return {
            "facility": _get(client, "facility", facility.pk, language=language),
            "framework": _get(client, "framework", framework.pk, language=language),
            "sheet": _get(client, "sheet", facility.pk, language=language),
            "priorities": _get(client, "region_priorities", "02", language=language),
            "actors": _get(client, "region_actors", "02", language=language),
        }

    return render


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_guide_is_a_tagged_pdf_with_its_language_and_title(documents, language):
    for name, response in documents(language).items():
        assert response.status_code == 200, name
        info = pdf_info(response.content)
        assert info["Tagged"] == "yes", name
        assert info["Title"], name
        assert catalog_language(response.content) == language, name
        roles = structure_roles(response.content)
        assert "H1" in roles, name


def test_the_guides_tables_and_figures_are_structure(documents):
    rendered = documents("fr")

    assert "Table" in structure_roles(rendered["priorities"].content)
    assert "TH" in structure_roles(rendered["priorities"].content)
    assert "Figure" in structure_roles(rendered["sheet"].content)
    assert any("QR" in text for text in alternative_texts(rendered["sheet"].content))


def test_the_arabic_facility_guide_cover_prints_its_dates_score_and_cost_as_the_french_one(
    documents, guided_assessment
):
    french = printed_text(documents("fr")["facility"].content)
    arabic = printed_text(documents("ar")["facility"].content)

    score = f"{round(guided_assessment.overall_score)}/100"
    validated = guided_assessment.validated_at
    for language, printed in (("fr", french), ("ar", arabic)):
        assert score in printed
        assert validated.strftime(SHORT_DATE[language]) in printed
        assert "37 500" in printed  # the open needs, 3 × 12 500 MAD


def test_the_arabic_text_layer_holds_the_guides_arabic_headings(documents):
    headings = {
        "facility": ["دليل التعزيز", "بطاقة المؤسسة", "الحاجات المقدَّرة كلفتها"],
        "sheet": ["الهاتف", "العنوان", "أوقات العمل"],
        "priorities": ["تقرير ترتيب الأولويات"],
        "actors": ["الفاعلون حسب الخدمة"],
    }
    rendered = documents("ar")

    for name, expected in headings.items():
        copied = text_layer_pypdf(rendered[name].content)
        searched = text_layer_poppler(rendered[name].content)
        for heading in expected:
            assert heading in copied, (name, heading)
            # poppler swaps the two letters of the lam-alef ligature; every other word is exact.
            if not LAM_ALEF.search(heading):
                assert heading in searched, (name, heading)


@pytest.fixture
def demo_facilities(db):
    """The demo's organisations and facilities, with their names in three languages."""
    organisations, _ = seed_organisations()
    seed_facilities(organisations)
    name_demo_facilities()
    return list(Facility.objects.published())


def test_the_sheet_of_every_published_demo_facility_is_one_page_in_every_language(
    client, demo_facilities
):
    assert len(demo_facilities) > 30

    for facility in demo_facilities:
        for language in LANGUAGES:
            response = _get(client, "sheet", facility.pk, language=language)
            assert page_count(response.content) == 1, (facility.name, language)
