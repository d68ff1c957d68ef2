"""Viewers (regional councils, donors) read validated assessments only, without the assessor's
comments (issue 18): every page and export where assessments or their answers appear.

A viewer gets 404 for a draft, submitted or returned assessment, and reads a validated one with
its scores and needs but without the comments on answers, the general observations, the reasons
given when it was returned or validated, its change log or its photos. IOM roles and the partners
of the assessing organisation keep reading all of it.
"""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from accounts import permissions
from accounts.models import Organisation, User
from assessments.models import Answer, Assessment
from facilities.models import Region
from tests.factories import (
    AssessmentFactory,
    FacilityFactory,
    NeedFactory,
    OrganisationFactory,
    UserFactory,
    answer_all,
)

ANSWER_COMMENT = "Issue de secours condamnée par un cadenas"
SUMMARY = "Observations générales : équipe débordée le soir"
VALIDATION_REASON = "Validée après appel au directeur"
RETURN_REASON = "Photos des extincteurs manquantes"
UNVALIDATED_NEED = "Rampe pour fauteuils, entrée nord"
VALIDATED_NEED = "Extincteurs à poudre, étage 1"


def png_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def council_user(db):
    """A viewer of the Oriental regional council (as in tests/plans/conftest.py)."""
    council = OrganisationFactory(
        name="Conseil de la Région de l'Oriental", acronym="CRO", kind=Organisation.Kind.GOVERNMENT
    )
    council.regions.add(Region.objects.get(code="02"))
    return UserFactory(username="council_t", role=User.Role.VIEWER, organisation=council)


@pytest.fixture(params=["viewer", "council"])
def viewer(request, viewer_user, council_user):
    """Each kind of viewer: a donor-like viewer without organisation, and a council account."""
    return viewer_user if request.param == "viewer" else council_user


@pytest.fixture
def readers(iom_user, partner_user, admin_user):
    """Those who keep reading everything of facility_a's assessments."""
    return [admin_user, iom_user, partner_user]


def _comment(assessment: Assessment) -> None:
    """The distinctive texts an assessor leaves on an assessment."""
    Answer.objects.filter(assessment=assessment).update(comment=ANSWER_COMMENT)
    assessment.summary = SUMMARY
    assessment.save()  # a change the log records, with the general observations


@pytest.fixture
def validated(facility_a, framework, partner_user, iom_user, settings, tmp_path):
    """A validated assessment of facility_a by NGO A, commented, with a photo and a need."""
    settings.MEDIA_ROOT = tmp_path
    assessment = AssessmentFactory(
        facility=facility_a, framework=framework, created_by=partner_user
    )
    answer_all(assessment, 2, SAF_1=1)
    _comment(assessment)
    answer = assessment.answers.get(criterion__code="SAF-1")
    answer.photo.save("exit.png", ContentFile(png_bytes()))
    NeedFactory(assessment=assessment, description=VALIDATED_NEED)
    assessment.submit(partner_user)
    assessment.validate(iom_user, VALIDATION_REASON)
    return Assessment.objects.get(pk=assessment.pk)


def _open_assessment(facility, partner_user, iom_user, status, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assessment = AssessmentFactory(facility=facility, created_by=partner_user)
    answer_all(assessment, 1)
    _comment(assessment)
    answer = assessment.answers.get(criterion__code="SAF-1")
    answer.photo.save("exit.png", ContentFile(png_bytes()))
    NeedFactory(assessment=assessment, description=UNVALIDATED_NEED)
    if status != "draft":
        assessment.submit(partner_user)
    if status == "returned":
        assessment.return_to_author(iom_user, RETURN_REASON)
    return Assessment.objects.get(pk=assessment.pk)


@pytest.fixture(params=["draft", "submitted", "returned"])
def unvalidated(request, facility_a, framework, partner_user, iom_user, settings, tmp_path):
    """An assessment of facility_a by NGO A that IOM has not validated (yet)."""
    return _open_assessment(facility_a, partner_user, iom_user, request.param, settings, tmp_path)


def _pages(assessment: Assessment) -> list[str]:
    pk = assessment.pk
    return [
        reverse("assessments:detail", args=[pk]),
        reverse("assessments:needs", args=[pk]),
        reverse("assessments:answers", args=[pk, "safety"]),
        reverse(
            "assessments:answer_photo", args=[pk, assessment.answers.exclude(photo="").get().pk]
        ),
    ]


# The rules ----------------------------------------------------------------------------------


def test_the_rules_let_iom_roles_and_partners_read_more_than_viewers(users, council_user):
    for name in ("reads_unvalidated_assessments", "reads_assessor_comments"):
        rule = permissions.RULES[name]
        assert [rule(users[role]) for role in ("admin", "iom_staff", "partner", "viewer")] == [
            True,
            True,
            True,
            False,
        ], name
        assert rule(council_user) is False


def test_visible_to_gives_a_viewer_the_validated_assessments_only(
    viewer, iom_user, partner_user, validated, unvalidated
):
    assert list(Assessment.objects.visible_to(viewer)) == [validated]
    for reader in (iom_user, partner_user):
        assert set(Assessment.objects.visible_to(reader)) == {validated, unvalidated}


# Pages of one assessment --------------------------------------------------------------------


def test_every_page_of_an_unvalidated_assessment_is_404_for_a_viewer(client, viewer, unvalidated):
    client.force_login(viewer)

    for url in _pages(unvalidated):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("assessments:validate", args=[unvalidated.pk]),
        reverse("assessments:return", args=[unvalidated.pk]),
        reverse("assessments:submit", args=[unvalidated.pk]),
        reverse("assessments:need_delete", args=[unvalidated.pk, unvalidated.needs.get().pk]),
    ):
        assert client.post(url, {"comment": "Non"}).status_code == 404, url
    assert Assessment.objects.get(pk=unvalidated.pk).status == unvalidated.status


def test_iom_roles_and_the_partner_still_open_an_unvalidated_assessment(
    client, readers, unvalidated
):
    detail, needs, _answers, photo = _pages(unvalidated)
    for reader in readers:
        client.force_login(reader)

        page = client.get(detail)

        assert page.status_code == 200, reader
        assert ANSWER_COMMENT in page.text
        assert SUMMARY in page.text  # in the change log
        assert client.get(needs).status_code == 200
        assert client.get(photo).status_code == 200
        if unvalidated.status == "returned":
            assert RETURN_REASON in page.text


def test_a_viewer_reads_a_validated_assessment_without_the_assessors_comments(
    client, viewer, validated
):
    client.force_login(viewer)

    page = client.get(reverse("assessments:detail", args=[validated.pk]))

    assert page.status_code == 200
    assert 'data-testid="overall-score"' in page.text
    assert VALIDATED_NEED in page.text
    for text in (ANSWER_COMMENT, SUMMARY, VALIDATION_REASON):
        assert text not in page.text
    assert "/photos/" not in page.text
    needs = client.get(reverse("assessments:needs", args=[validated.pk]))
    assert needs.status_code == 200
    assert VALIDATED_NEED in needs.text
    assert ANSWER_COMMENT not in needs.text


def test_iom_roles_and_the_partner_read_the_comments_of_a_validated_assessment(
    client, readers, validated
):
    for reader in readers:
        client.force_login(reader)

        page = client.get(reverse("assessments:detail", args=[validated.pk]))

        assert ANSWER_COMMENT in page.text, reader
        assert SUMMARY in page.text
        assert VALIDATION_REASON in page.text
        assert "/photos/" in page.text


def test_the_photos_of_a_validated_assessment_are_not_served_to_a_viewer(
    client, viewer, iom_user, partner_user, validated
):
    photo = _pages(validated)[-1]

    client.force_login(viewer)
    assert client.get(photo).status_code == 404
    for reader in (iom_user, partner_user):
        client.force_login(reader)
        assert client.get(photo).status_code == 200


# Lists --------------------------------------------------------------------------------------


def test_the_list_shows_a_viewer_the_validated_assessments_only(
    client, viewer, partner_user, iom_user, validated, unvalidated
):
    validated_url = reverse("assessments:detail", args=[validated.pk])
    unvalidated_url = reverse("assessments:detail", args=[unvalidated.pk])
    client.force_login(viewer)

    for query in ("", f"?status={unvalidated.status}"):
        page = client.get(reverse("assessments:list") + query)
        assert page.status_code == 200
        assert f'href="{unvalidated_url}"' not in page.text
    assert f'href="{validated_url}"' in client.get(reverse("assessments:list")).text

    for reader in (partner_user, iom_user):
        client.force_login(reader)
        page = client.get(reverse("assessments:list"))
        assert f'href="{unvalidated_url}"' in page.text
        assert f'href="{validated_url}"' in page.text


def test_the_facility_panel_shows_a_viewer_no_unvalidated_assessment(
    client, viewer, partner_user, iom_user, validated, unvalidated, facility_a
):
    unvalidated_url = reverse("assessments:detail", args=[unvalidated.pk])
    client.force_login(viewer)

    page = client.get(reverse("facilities:detail", args=[facility_a.pk]))

    assert page.status_code == 200
    assert 'data-testid="facility-assessment"' in page.text
    assert unvalidated_url not in page.text
    assert "Évaluations en cours" not in page.text
    assert UNVALIDATED_NEED not in page.text
    assert VALIDATED_NEED in page.text
    assert ANSWER_COMMENT not in page.text
    for reader in (partner_user, iom_user):
        client.force_login(reader)
        page = client.get(reverse("facilities:detail", args=[facility_a.pk]))
        assert unvalidated_url in page.text


def test_the_needs_page_and_its_plan_show_a_viewer_no_need_of_an_unvalidated_assessment(
    client, viewer, validated, unvalidated
):
    client.force_login(viewer)

    page = client.get(reverse("assessments:need_list"))
    plan = client.get(reverse("assessments:need_list"), {"budget": "1000000", "format": "csv"})

    assert page.status_code == 200
    assert VALIDATED_NEED in page.text
    assert UNVALIDATED_NEED not in page.text
    assert plan.status_code == 200
    body = plan.content.decode()
    assert VALIDATED_NEED in body
    assert UNVALIDATED_NEED not in body


def test_a_viewer_cannot_reach_a_need_of_an_unvalidated_assessment(client, viewer, unvalidated):
    client.force_login(viewer)
    need = unvalidated.needs.get()

    response = client.post(reverse("assessments:need_status", args=[need.pk]), {"to": "planned"})

    assert response.status_code == 404


def test_the_ranking_and_its_export_show_a_viewer_validated_assessments_only(
    client, viewer, partner_user, iom_user, validated, unvalidated, settings, tmp_path
):
    other = FacilityFactory(
        name="Foyer Annour", managing_organisation=validated.facility.managing_organisation
    )
    _open_assessment(other, partner_user, iom_user, "submitted", settings, tmp_path)
    client.force_login(viewer)

    page = client.get(reverse("assessments:prioritisation"))
    export = client.get(reverse("assessments:prioritisation"), {"format": "csv"})

    assert page.status_code == 200
    assert "Centre Al Amal" in page.text
    assert "Foyer Annour" not in page.text
    assert f'href="{reverse("assessments:detail", args=[unvalidated.pk])}"' not in page.text
    assert ANSWER_COMMENT not in page.text
    body = export.content.decode()
    assert "Centre Al Amal" in body
    assert "Foyer Annour" not in body
    assert ANSWER_COMMENT not in body


# Documents ----------------------------------------------------------------------------------


@pytest.fixture
def guide_html(monkeypatch):
    """The HTML the facility guide's PDF is laid out from, as rendered for the request."""
    import guides.views

    rendered = []

    def render(template_name, context):
        rendered.append(render_html(template_name, context))
        return rendered[-1]

    render_html = guides.views.render_html
    monkeypatch.setattr(guides.views, "render_html", render)
    return rendered


def test_the_facility_guide_shows_a_viewer_no_assessors_comment(
    client, viewer_user, validated, guide_html
):
    client.force_login(viewer_user)

    response = client.get(reverse("guides:facility", args=[validated.facility_id]))

    assert response.status_code == 200
    assert ANSWER_COMMENT not in guide_html[0]
    assert SUMMARY not in guide_html[0]


def test_the_facility_guide_keeps_the_assessors_comments_for_iom(
    client, iom_user, validated, guide_html
):
    client.force_login(iom_user)

    response = client.get(reverse("guides:facility", args=[validated.facility_id]))

    assert response.status_code == 200
    assert ANSWER_COMMENT in guide_html[0]
    assert SUMMARY in guide_html[0]
