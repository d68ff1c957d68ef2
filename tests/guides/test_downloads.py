"""Each document downloads for the roles allowed to read it, and only for them."""

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.models import Framework
from facilities.models import Region
from tests.factories import ActorFactory, ActorServiceFactory, FacilityFactory, OrganisationFactory
from tests.guides.conftest import pdf_fonts, pdf_pages, pdf_text

ROLES = ["admin", "iom_staff", "partner", "viewer"]


def _get(client, name, *args):
    return client.get(reverse(f"guides:{name}", args=args))


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("iom_staff", 200), ("partner", 200), ("viewer", 200)]
)
def test_the_facility_guide_downloads_for_iom_viewers_and_the_managing_partner(
    client, users, role, status, guided_assessment
):
    client.force_login(users[role])

    response = _get(client, "facility", guided_assessment.facility.pk)

    assert response.status_code == status
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Centre Al Amal" in text
    assert "Guide de renforcement" in text


def test_another_partner_gets_404_for_a_facility_guide_even_of_a_published_facility(
    client, other_partner_user, guided_assessment
):
    client.force_login(other_partner_user)

    assert _get(client, "facility", guided_assessment.facility.pk).status_code == 404


def test_a_facility_without_a_validated_assessment_has_no_guide(client, iom_user, facility_a):
    client.force_login(iom_user)

    assert _get(client, "facility", facility_a.pk).status_code == 404


@pytest.mark.parametrize("name", ["facility", "framework"])
def test_anonymous_visitors_are_sent_to_log_in_for_staff_documents(client, db, name):
    response = _get(client, name, 1)

    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_downloads_the_reference_guide(client, users, role, framework):
    client.force_login(users[role])

    response = _get(client, "framework", framework.pk)

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "SAF-1" in text and "PRO-2" in text


def test_a_draft_framework_is_for_iom_roles_only(client, users, db):
    draft = Framework.objects.create(name="Brouillon", version="9.9")

    client.force_login(users["partner"])
    partner_status = _get(client, "framework", draft.pk).status_code
    client.force_login(users["iom_staff"])
    iom_status = _get(client, "framework", draft.pk).status_code

    assert (partner_status, iom_status) == (404, 200)


def test_anyone_downloads_the_one_page_sheet_of_a_published_facility(client, facility_a):
    facility_a.phone = "+212 536 00 11 22"
    facility_a.save()

    response = _get(client, "sheet", facility_a.pk)

    assert response.status_code == 200
    assert pdf_pages(response.content) == 1
    text = pdf_text(response.content)
    assert "Centre Al Amal" in text and "+212 536 00 11 22" in text
    assert f"/fr/directory/{facility_a.slug}/" in text.replace(" ", "")


def test_an_unpublished_facility_has_no_public_sheet(client, iom_user, unpublished_facility_b):
    client.force_login(iom_user)

    assert _get(client, "sheet", unpublished_facility_b.pk).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("iom_staff", 200), ("viewer", 200), ("partner", 403)]
)
def test_the_priorities_report_is_for_iom_roles_and_viewers(
    client, users, role, status, guided_assessment
):
    client.force_login(users[role])

    response = _get(client, "region_priorities", "02")

    assert response.status_code == status
    if status == 200:
        text = pdf_text(response.content)
        assert "Centre Al Amal" in text
        assert "37 500 MAD" in text


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("iom_staff", 200), ("viewer", 403), ("partner", 403)]
)
def test_the_actors_report_is_for_iom_roles_only(client, users, role, status, db):
    anapec = ActorFactory(organisation=OrganisationFactory(name="ANAPEC Oujda"))
    ActorServiceFactory(actor=anapec)
    anapec.swot.create(quadrant="W", text="Délais d'attente longs", source="interview")
    client.force_login(users[role])

    response = _get(client, "region_actors", "02")

    assert response.status_code == status
    if status == 200:
        text = pdf_text(response.content)
        assert "ANAPEC Oujda" in text and "Délais d'attente longs" in text


def test_an_unknown_region_is_not_found(client, iom_user):
    client.force_login(iom_user)

    assert _get(client, "region_priorities", "99").status_code == 404
    assert _get(client, "region_actors", "99").status_code == 404


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_url_language_chooses_the_language_of_the_guide(
    client, iom_user, guided_assessment, language
):
    client.force_login(iom_user)
    with translation.override(language):
        response = _get(client, "facility", guided_assessment.facility.pk)

    text = pdf_text(response.content)
    expected = {"fr": "Guide de renforcement", "ar": "دليل التعزيز", "en": "Reinforcement guide"}
    assert expected[language] in text
    # The Arabic guide embeds the bundled Arabic font; the others need only the Latin one.
    fonts = pdf_fonts(response.content)
    assert ("Tajawal" in fonts) is (language == "ar")
    # Only the bundled fonts: nothing falls back to whatever the server has installed.
    assert fonts <= {"Noto-Sans", "Noto-Sans-Bold", "Tajawal", "Tajawal-Bold"}


def test_the_facility_guide_lists_the_gaps_comments_standards_and_costed_needs(
    client, iom_user, guided_assessment
):
    client.force_login(iom_user)

    response = _get(client, "facility", guided_assessment.facility.pk)

    text = pdf_text(response.content)
    critical_section = text.split("Lacunes critiques")[1]
    assert "SAF-1" in critical_section.split("ACC-1")[0]
    assert "Rampe trop raide à l'entrée" in text
    assert "Rampe d'accès conforme" in text
    assert "37 500 MAD" in text
    assert "Page 1 / " in text
    assert pdf_pages(response.content) >= 3


def test_an_unused_region_has_an_empty_but_valid_report(client, iom_user, db):
    FacilityFactory(region=Region.objects.get(code="06"))
    client.force_login(iom_user)

    response = _get(client, "region_priorities", "06")

    assert response.status_code == 200
    assert "aucune" in pdf_text(response.content).lower()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_document_uses_only_the_bundled_fonts(
    client, admin_user, guided_assessment, framework, language
):
    ActorServiceFactory(actor=ActorFactory()).actor.swot.create(
        quadrant="S", text="Équipe mobile", source="interview"
    )
    client.force_login(admin_user)
    facility = guided_assessment.facility
    with translation.override(language):
        responses = [
            _get(client, "facility", facility.pk),
            _get(client, "framework", framework.pk),
            _get(client, "sheet", facility.pk),
            _get(client, "region_priorities", "02"),
            _get(client, "region_actors", "02"),
        ]

    for response in responses:
        assert response.status_code == 200
        fonts = pdf_fonts(response.content)
        assert fonts <= {"Noto-Sans", "Noto-Sans-Bold", "Tajawal", "Tajawal-Bold"}
        assert ("Tajawal" in fonts) is (language == "ar")
