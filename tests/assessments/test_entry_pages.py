"""Assessment entry and review pages, for every role, with good and bad input."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Answer, Assessment, Need
from tests.factories import (
    AssessmentFactory,
    NeedFactory,
    answer_all,
    published_framework,
    validated_assessment,
)


def answers_url(assessment, dimension="safety"):
    return reverse("assessments:answers", args=[assessment.pk, dimension])


def token(assessment) -> dict:
    """The stale-save token the assessment's page carries: its stored version."""
    return {"seen_version": str(Assessment.objects.get(pk=assessment.pk).version)}


def choice_data(assessment, dimension="safety", choice="2", **extra):
    """POST data answering every criterion of a dimension with the same choice."""
    data = {f"c{c.pk}-choice": choice for c in assessment.criteria() if c.dimension == dimension}
    data["seen_version"] = str(assessment.version)  # the page's stale-save token
    data.update(extra)
    return data


# Starting an assessment ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner"])
def test_roles_that_assess_see_the_start_page_of_a_facility_in_their_scope(
    client, users, role, facility_a, framework
):
    client.force_login(users[role])

    response = client.get(reverse("assessments:start", args=[facility_a.pk]))

    assert response.status_code == 200
    assert "Centre Al Amal" in response.text
    assert str(framework) in response.text


def test_a_viewer_cannot_start_an_assessment(client, viewer_user, facility_a, framework):
    client.force_login(viewer_user)

    response = client.post(
        reverse("assessments:start", args=[facility_a.pk]), {"assessed_on": "2026-11-20"}
    )

    assert response.status_code == 403
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("fixture", ["published_facility_b", "unpublished_facility_b"])
def test_a_partner_cannot_assess_another_organisations_facility(
    client, partner_user, framework, fixture, request
):
    facility = request.getfixturevalue(fixture)
    client.force_login(partner_user)

    response = client.post(
        reverse("assessments:start", args=[facility.pk]), {"assessed_on": "2026-11-20"}
    )

    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, facility_a, framework):
    response = client.get(reverse("assessments:start", args=[facility_a.pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_starting_creates_a_draft_by_the_partner_and_opens_the_first_dimension(
    client, partner_user, facility_a, framework, ngo_a
):
    client.force_login(partner_user)

    response = client.post(
        reverse("assessments:start", args=[facility_a.pk]), {"assessed_on": "2026-11-20"}
    )

    assessment = Assessment.objects.get()
    assert (assessment.status, assessment.framework, assessment.facility) == (
        "draft",
        framework,
        facility_a,
    )
    assert (assessment.created_by, assessment.assessor_organisation) == (partner_user, ngo_a)
    assert response["Location"] == answers_url(assessment, "accessibility")


def test_the_start_page_offers_to_resume_an_open_draft(client, partner_user, draft_assessment):
    client.force_login(partner_user)

    response = client.get(reverse("assessments:start", args=[draft_assessment.facility.pk]))

    assert reverse("assessments:detail", args=[draft_assessment.pk]) in response.text


# Answering ----------------------------------------------------------------------------------


def test_the_answer_page_asks_the_dimension_with_the_meaning_of_each_score(
    client, partner_user, draft_assessment
):
    client.force_login(partner_user)

    response = client.get(answers_url(draft_assessment, "safety"))

    assert response.status_code == 200
    assert "SAF-1" in response.text and "SAF-2" in response.text
    assert "ACC-1" not in response.text
    assert "absent ou dangereux" in response.text
    assert "conforme au standard" in response.text
    assert "data-warn-unsaved" in response.text


def test_criteria_that_do_not_apply_to_the_facility_kind_are_not_asked(
    client, partner_user, facility_a
):
    draft = published_framework(per_dimension=1).new_version("2")
    draft.criteria.filter(code="SAF-1").update(facility_kinds=["shelter"])
    draft.publish()
    assessment = AssessmentFactory(facility=facility_a, framework=draft)
    client.force_login(partner_user)

    response = client.get(answers_url(assessment, "safety"))

    assert "SAF-1" not in response.text
    assert "Aucun critère de cette dimension ne s’applique" in response.text


def test_saving_answers_stores_them_and_keeps_the_draft(client, partner_user, draft_assessment):
    client.force_login(partner_user)
    data = choice_data(draft_assessment, "safety", "2")
    data[f"c{draft_assessment.framework.criteria.get(code='SAF-2').pk}-choice"] = "na"
    data[f"c{draft_assessment.framework.criteria.get(code='SAF-2').pk}-comment"] = "Pas d'étage."

    response = client.post(answers_url(draft_assessment, "safety"), data | {"save_next": "1"})

    assert response.status_code == 302
    assert response["Location"] == answers_url(draft_assessment, "services")
    stored = {a.criterion.code: a for a in draft_assessment.answers.select_related("criterion")}
    assert stored["SAF-1"].score == 2
    assert stored["SAF-2"].not_applicable and stored["SAF-2"].comment == "Pas d'étage."
    assert Assessment.objects.get(pk=draft_assessment.pk).status == "draft"


def test_the_overview_shows_progress_per_dimension(client, partner_user, draft_assessment):
    answer_all(draft_assessment, 3)
    draft_assessment.answers.filter(criterion__dimension="protection").delete()
    client.force_login(partner_user)

    response = client.get(reverse("assessments:detail", args=[draft_assessment.pk]))

    assert "2 sur 2 répondus" in response.text
    assert "0 sur 2 répondus" in response.text


def test_a_score_outside_0_to_3_is_refused_and_nothing_is_saved(
    client, partner_user, draft_assessment
):
    answer_all(draft_assessment, 1)
    client.force_login(partner_user)
    data = choice_data(draft_assessment, "safety", "3")
    data[f"c{draft_assessment.framework.criteria.get(code='SAF-2').pk}-choice"] = "4"

    response = client.post(answers_url(draft_assessment, "safety"), data)

    assert response.status_code == 400
    assert "Choisissez un score de 0 à 3" in response.text
    assert set(draft_assessment.answers.values_list("score", flat=True)) == {1}


def test_an_answer_to_a_criterion_of_another_framework_is_refused_and_nothing_is_saved(
    client, partner_user, draft_assessment
):
    other = published_framework()
    client.force_login(partner_user)
    data = choice_data(draft_assessment, "safety", "3")
    data[f"c{other.criteria.get(code='SAF-1').pk}-choice"] = "0"

    response = client.post(answers_url(draft_assessment, "safety"), data)

    assert response.status_code == 400
    assert "ne font pas partie de cette évaluation" in response.text
    assert not Answer.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_as_a_photo(client, partner_user, facility_a):
    framework = published_framework(per_dimension=1)
    draft = framework.new_version("2")
    draft.criteria.filter(code="SAF-1").update(photo_useful=True)
    draft.publish()
    assessment = AssessmentFactory(facility=facility_a, framework=draft)
    criterion = draft.criteria.get(code="SAF-1")
    client.force_login(partner_user)
    fake = SimpleUploadedFile("exit.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")

    response = client.post(
        answers_url(assessment, "safety"),
        {f"c{criterion.pk}-choice": "1", f"c{criterion.pk}-photo": fake},
    )

    assert response.status_code == 400
    assert "Téléversez une image valide" in response.text
    assert not Answer.objects.exists()


def test_a_comment_with_a_script_is_shown_as_text(client, partner_user, iom_user, draft_assessment):
    client.force_login(partner_user)
    criterion = draft_assessment.framework.criteria.get(code="SAF-1")
    client.post(
        answers_url(draft_assessment, "safety"),
        {
            f"c{criterion.pk}-choice": "0",
            f"c{criterion.pk}-comment": "<script>alert(1)</script>",
            "seen_version": str(draft_assessment.version),
        },
    )
    client.force_login(iom_user)

    response = client.get(reverse("assessments:detail", args=[draft_assessment.pk]))

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


@pytest.mark.parametrize(("role", "status"), [("iom_staff", 200), ("admin", 200), ("viewer", 404)])
def test_who_may_open_the_answer_page_of_a_partners_draft(
    client, users, role, status, draft_assessment
):
    client.force_login(users[role])

    response = client.get(answers_url(draft_assessment))

    assert response.status_code == status


def test_another_partner_gets_404_for_every_page_of_the_assessment(
    client, other_partner_user, draft_assessment
):
    client.force_login(other_partner_user)
    pk = draft_assessment.pk

    for url in [
        reverse("assessments:detail", args=[pk]),
        answers_url(draft_assessment),
        reverse("assessments:needs", args=[pk]),
    ]:
        assert client.get(url).status_code == 404, url
    for name in ["submit", "validate", "return"]:
        assert client.post(reverse(f"assessments:{name}", args=[pk])).status_code == 404, name
    assert Assessment.objects.get(pk=pk).status == "draft"


def test_a_submitted_assessment_can_no_longer_be_answered(
    client, partner_user, submitted_assessment
):
    client.force_login(partner_user)

    response = client.post(answers_url(submitted_assessment), choice_data(submitted_assessment))

    assert response.status_code == 403
    assert set(
        submitted_assessment.answers.filter(criterion__dimension="safety").values_list(
            "score", flat=True
        )
    ) == {0, 2}


# Needs --------------------------------------------------------------------------------------


def need_data(assessment, **overrides):
    data = {
        "dimension": "safety",
        "criterion": assessment.framework.criteria.get(code="SAF-1").pk,
        "kind": "equipment",
        "description": "Extincteurs à poudre 6 kg",
        "quantity": "4",
        "unit": "unité",
        "unit_cost": "650",
        "urgency": "immediate",
    }
    data.update(overrides)
    return data


def test_a_partner_records_a_costed_need(client, partner_user, draft_assessment):
    client.force_login(partner_user)

    response = client.post(
        reverse("assessments:needs", args=[draft_assessment.pk]), need_data(draft_assessment)
    )

    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.facility, need.assessment, need.total_cost) == (
        draft_assessment.facility,
        draft_assessment,
        Decimal("2600.00"),
    )
    page = client.get(reverse("assessments:needs", args=[draft_assessment.pk]))
    assert "Extincteurs à poudre 6 kg" in page.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"unit_cost": "-5"}, "Un coût ne peut pas être négatif"),
        ({"description": ""}, "Ce champ est obligatoire"),
        ({"dimension": "protection"}, "appartient à la dimension"),
        ({"quantity": "0"}, "supérieure ou égale à 0.01"),
    ],
)
def test_a_bad_need_is_refused_with_a_message_and_nothing_is_stored(
    client, partner_user, draft_assessment, overrides, message
):
    client.force_login(partner_user)

    response = client.post(
        reverse("assessments:needs", args=[draft_assessment.pk]),
        need_data(draft_assessment, **overrides),
    )

    assert response.status_code == 400
    assert message in response.text
    assert not Need.objects.exists()


def test_a_need_on_a_criterion_of_another_framework_is_refused(
    client, partner_user, draft_assessment
):
    other = published_framework()
    client.force_login(partner_user)

    response = client.post(
        reverse("assessments:needs", args=[draft_assessment.pk]),
        need_data(draft_assessment, criterion=other.criteria.get(code="SAF-1").pk),
    )

    assert response.status_code == 400
    assert "ne fait pas partie du cadre de cette évaluation" in response.text
    assert not Need.objects.exists()


def test_a_viewer_reads_the_needs_of_a_validated_assessment_but_cannot_add_one(
    client, viewer_user, iom_user, facility_a, framework
):
    assessment = validated_assessment(facility_a, iom_user)
    client.force_login(viewer_user)

    page = client.get(reverse("assessments:needs", args=[assessment.pk]))
    refused = client.post(reverse("assessments:needs", args=[assessment.pk]), need_data(assessment))

    assert page.status_code == 200
    assert "Ajouter un besoin" not in page.text
    assert refused.status_code == 403
    assert not Need.objects.exists()


# Workflow -----------------------------------------------------------------------------------


def test_submitting_an_incomplete_assessment_says_what_is_missing(
    client, partner_user, draft_assessment
):
    client.force_login(partner_user)

    response = client.post(
        reverse("assessments:submit", args=[draft_assessment.pk]),
        token(draft_assessment),
        follow=True,
    )

    assert "Répondez à tous les critères avant de soumettre" in response.text
    assert Assessment.objects.get(pk=draft_assessment.pk).status == "draft"


def test_the_partner_submits_a_complete_assessment(client, partner_user, draft_assessment):
    answer_all(draft_assessment, 2)
    client.force_login(partner_user)

    response = client.post(
        reverse("assessments:submit", args=[draft_assessment.pk]),
        token(draft_assessment),
        follow=True,
    )

    stored = Assessment.objects.get(pk=draft_assessment.pk)
    assert stored.status == "submitted"
    assert stored.overall_score == 66.7
    assert "le personnel de l’OIM va l’examiner" in response.text


# A viewer does not even see a submitted assessment (tests/assessments/test_viewer_scope.py).
@pytest.mark.parametrize(("role", "status"), [("partner", 403), ("viewer", 404)])
def test_only_iom_staff_validate_or_return(client, users, role, status, submitted_assessment):
    client.force_login(users[role])

    validate = client.post(
        reverse("assessments:validate", args=[submitted_assessment.pk]), token(submitted_assessment)
    )
    returned = client.post(
        reverse("assessments:return", args=[submitted_assessment.pk]),
        {"comment": "Non", **token(submitted_assessment)},
    )

    assert (validate.status_code, returned.status_code) == (status, status)
    assert Assessment.objects.get(pk=submitted_assessment.pk).status == "submitted"


def test_iom_staff_validate_and_the_facility_page_shows_the_scores(
    client, iom_user, submitted_assessment
):
    client.force_login(iom_user)

    client.post(
        reverse("assessments:validate", args=[submitted_assessment.pk]), token(submitted_assessment)
    )
    page = client.get(reverse("facilities:detail", args=[submitted_assessment.facility.pk]))

    assert Assessment.objects.get(pk=submitted_assessment.pk).status == "validated"
    assert 'data-testid="overall-score">58/100' in page.text
    assert "<svg" in page.text
    assert 'data-testid="critical-gaps">1<' in page.text


def test_iom_staff_return_with_a_comment_that_the_author_sees(
    client, iom_user, partner_user, submitted_assessment
):
    client.force_login(iom_user)
    empty = client.post(
        reverse("assessments:return", args=[submitted_assessment.pk]),
        {"comment": "", **token(submitted_assessment)},
        follow=True,
    )
    assert "Indiquez ce que l’évaluateur doit corriger" in empty.text
    assert Assessment.objects.get(pk=submitted_assessment.pk).status == "submitted"

    client.post(
        reverse("assessments:return", args=[submitted_assessment.pk]),
        {"comment": "Ajoutez la photo des issues.", **token(submitted_assessment)},
    )
    client.force_login(partner_user)
    page = client.get(answers_url(submitted_assessment))

    assert page.status_code == 200
    assert "Ajoutez la photo des issues." in page.text


# Facility page and list ---------------------------------------------------------------------


def test_the_facility_page_shows_the_history_of_validated_assessments(
    client, viewer_user, iom_user, facility_a, framework
):
    before = validated_assessment(facility_a, iom_user, 1)
    before.assessed_on = before.assessed_on.replace(year=2025)
    before.save()
    validated_assessment(facility_a, iom_user, 3)
    client.force_login(viewer_user)

    page = client.get(reverse("facilities:detail", args=[facility_a.pk]))

    assert 'data-testid="overall-score">100/100' in page.text
    history = page.text.split('data-testid="assessment-history"')[1].split("</table>")[0]
    assert history.count("<tr>") == 3  # header and two assessments
    assert "Nouvelle évaluation" not in page.text


def test_another_partner_does_not_see_the_assessment_panel_of_a_published_facility(
    client, other_partner_user, iom_user, facility_a, framework
):
    validated_assessment(facility_a, iom_user, 3)
    client.force_login(other_partner_user)

    page = client.get(reverse("facilities:detail", args=[facility_a.pk]))

    assert page.status_code == 200
    assert 'data-testid="facility-assessment"' not in page.text


def test_the_open_needs_appear_on_the_facility_page(
    client, partner_user, iom_user, facility_a, framework
):
    assessment = validated_assessment(facility_a, iom_user, 2)
    Need.objects.create(
        facility=facility_a,
        assessment=assessment,
        dimension="accessibility",
        kind="renovation",
        description="Rampe d’accès à l’entrée",
        quantity=1,
        unit_cost=Decimal("18000"),
        urgency="3_months",
    )
    client.force_login(partner_user)

    page = client.get(reverse("facilities:detail", args=[facility_a.pk]))

    assert "Rampe d’accès à l’entrée" in page.text


@pytest.mark.parametrize("size", [2, 12])
def test_the_assessment_list_runs_a_fixed_number_of_queries(
    client, iom_user, framework, size, django_assert_max_num_queries
):
    for _ in range(size):
        AssessmentFactory()
    client.force_login(iom_user)

    with django_assert_max_num_queries(9):  # 8, and the menu's unread notifications
        response = client.get(reverse("assessments:list"))

    assert response.text.count('data-testid="assessment-status"') == size


def test_a_partner_lists_only_its_own_organisations_assessments(
    client, partner_user, draft_assessment, unpublished_facility_b, framework
):
    AssessmentFactory(facility=unpublished_facility_b)
    client.force_login(partner_user)

    response = client.get(reverse("assessments:list"))

    assert response.text.count('data-testid="assessment-status"') == 1
    assert "Foyer Tiwizi" not in response.text


# Viewers read validated assessments only: tests/assessments/test_viewer_scope.py.
@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner"])
def test_every_role_that_may_read_opens_the_overview_and_the_list(
    client, users, role, submitted_assessment
):
    client.force_login(users[role])

    overview = client.get(reverse("assessments:detail", args=[submitted_assessment.pk]))
    listing = client.get(reverse("assessments:list"))

    assert overview.status_code == 200
    assert "Centre Al Amal" in overview.text
    assert listing.status_code == 200
    assert "Centre Al Amal" in listing.text
    # Only IOM roles get the review forms.
    assert ("/validate/" in overview.text) == (role in ("admin", "iom_staff"))


@pytest.mark.parametrize("name", ["list", "detail"])
def test_anonymous_visitors_are_sent_to_log_in(client, submitted_assessment, name):
    args = [submitted_assessment.pk] if name == "detail" else []

    response = client.get(reverse(f"assessments:{name}", args=args))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_removing_a_need_is_for_the_author_only(
    client, partner_user, viewer_user, draft_assessment
):
    need = NeedFactory(assessment=draft_assessment)
    url = reverse("assessments:need_delete", args=[draft_assessment.pk, need.pk])
    client.force_login(viewer_user)
    assert client.post(url).status_code == 404  # a draft is outside a viewer's scope
    assert Need.objects.filter(pk=need.pk).exists()

    client.force_login(partner_user)
    client.post(url)

    assert not Need.objects.filter(pk=need.pk).exists()


def png_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_photo_is_stored_and_served_only_to_those_who_may_read_the_assessment(
    client, partner_user, other_partner_user, viewer_user, facility_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    draft = published_framework(per_dimension=1).new_version("2")
    draft.criteria.filter(code="SAF-1").update(photo_useful=True)
    draft.publish()
    assessment = AssessmentFactory(facility=facility_a, framework=draft)
    criterion = draft.criteria.get(code="SAF-1")
    client.force_login(partner_user)
    photo = SimpleUploadedFile("exit.png", png_bytes(), content_type="image/png")

    client.post(
        answers_url(assessment, "safety"),
        {
            f"c{criterion.pk}-choice": "1",
            f"c{criterion.pk}-photo": photo,
            "seen_version": str(assessment.version),
        },
    )
    answer = Answer.objects.get()
    url = reverse("assessments:answer_photo", args=[assessment.pk, answer.pk])

    assert client.get(url).status_code == 200
    assert b"".join(client.get(url).streaming_content) == png_bytes()
    assert client.get(url)["Cache-Control"] == "private, no-store"
    client.force_login(viewer_user)
    assert client.get(url).status_code == 404  # viewers never get the photos of answers
    client.force_login(other_partner_user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
