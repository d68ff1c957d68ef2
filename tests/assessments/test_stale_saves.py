"""Two people answering one dimension: the second save from a stale page is refused."""

import pytest
from django.test import Client

from assessments.models import Answer, Assessment, Need
from tests.factories import NeedFactory, answer_all, validated_assessment


def answers_url(assessment, dimension="safety"):
    return f"/en/assessments/{assessment.pk}/answers/{dimension}/"


def page_data(response, choice, **changes):
    """What the answer page sends: its token and the same choice for every criterion."""
    data = {"seen_version": response.context["token"]["seen_version"].value()}
    for form in response.context["forms"]:
        data[f"{form.prefix}-choice"] = choice
    data.update(changes)
    return data


@pytest.fixture
def two_sessions(iom_user, partner_user):
    first, second = Client(), Client()
    first.force_login(iom_user)
    second.force_login(partner_user)
    return first, second


def test_answers_saved_from_a_page_loaded_before_anothers_save_are_refused(
    two_sessions, draft_assessment
):
    first, second = two_sessions
    first_page = first.get(answers_url(draft_assessment))
    second_page = second.get(answers_url(draft_assessment))
    assert first.post(answers_url(draft_assessment), page_data(first_page, "3")).status_code == 302
    saf_1 = draft_assessment.framework.criteria.get(code="SAF-1")

    refused = second.post(
        answers_url(draft_assessment),
        page_data(second_page, "1", **{f"c{saf_1.pk}-comment": "Issue de secours bloquée."}),
    )

    assert refused.status_code == 400
    text = refused.content.decode()
    assert "changed by iom_t (the answers to SAF-1, SAF-2)" in text
    assert set(Answer.objects.values_list("score", flat=True)) == {3}
    assert not Answer.objects.exclude(comment="").exists()
    assert "Issue de secours bloquée." in text
    forms = {form.criterion.code: form for form in refused.context["forms"]}
    assert forms["SAF-1"]["choice"].value() == "1"


def test_answers_saved_again_after_the_refusal_are_stored(two_sessions, draft_assessment):
    first, second = two_sessions
    first_page = first.get(answers_url(draft_assessment))
    second_page = second.get(answers_url(draft_assessment))
    first.post(answers_url(draft_assessment), page_data(first_page, "3"))
    refused = second.post(answers_url(draft_assessment), page_data(second_page, "1"))

    again = second.post(answers_url(draft_assessment), page_data(refused, "1"))

    assert again.status_code == 302
    assert set(Answer.objects.values_list("score", flat=True)) == {1}


@pytest.mark.parametrize("token", [None, "", "v2", "-1"])
def test_answers_sent_without_a_valid_token_are_refused_and_nothing_is_saved(
    client, partner_user, draft_assessment, token
):
    client.force_login(partner_user)
    data = page_data(client.get(answers_url(draft_assessment)), "2")
    if token is None:
        del data["seen_version"]
    else:
        data["seen_version"] = token

    response = client.post(answers_url(draft_assessment), data)

    assert response.status_code == 400
    assert "sent without the mark that tells which version" in response.content.decode()
    assert not Answer.objects.exists()


# A need's status, moved from the needs list -------------------------------------------------


@pytest.fixture
def need(iom_user, facility_a):
    return NeedFactory(
        assessment=validated_assessment(facility_a, iom_user, 1), description="Rampe"
    )


def need_status_url(need):
    return f"/en/needs/{need.pk}/status/"


def test_a_need_moved_from_a_stale_row_is_refused_and_names_who_moved_it(
    iom_user, admin_user, need
):
    first, second = Client(), Client()
    first.force_login(iom_user)
    second.force_login(admin_user)
    seen = need.version
    first.post(need_status_url(need), {"status": "planned", "seen_version": seen})

    response = second.post(
        need_status_url(need),
        {"status": "planned", "seen_version": seen},
        headers={"HX-Request": "true"},
    )

    assert "changed by iom_t" in response.text
    assert "Nothing was changed" in response.text
    stored = Need.objects.get(pk=need.pk)
    assert (stored.status, stored.status_changed_by) == ("planned", iom_user)
    assert f'name="seen_version" value="{stored.version}"' in response.text  # the row is fresh


@pytest.mark.parametrize("token", [None, "", "v1"])
def test_a_need_status_post_without_a_valid_token_changes_nothing(client, iom_user, need, token):
    client.force_login(iom_user)
    data = {"status": "planned"} if token is None else {"status": "planned", "seen_version": token}

    response = client.post(need_status_url(need), data, follow=True)

    assert "sent without the mark that tells which version" in response.text
    assert Need.objects.get(pk=need.pk).status == "identified"


# Submitting, validating and returning an assessment -----------------------------------------


def test_validating_from_a_page_loaded_before_it_was_returned_is_refused(
    iom_user, admin_user, submitted_assessment
):
    first, second = Client(), Client()
    first.force_login(admin_user)
    second.force_login(iom_user)
    detail = f"/en/assessments/{submitted_assessment.pk}/"
    seen = first.get(detail).context["assessment"].version
    first.post(f"{detail}return/", {"comment": "Photo missing", "seen_version": seen})

    response = second.post(f"{detail}validate/", {"seen_version": seen}, follow=True)

    assert "changed by admin_t (status)" in response.text
    assert "Nothing was changed" in response.text
    assert Assessment.objects.get(pk=submitted_assessment.pk).status == "returned"


def test_submitting_without_a_valid_token_changes_nothing(client, partner_user, draft_assessment):
    answer_all(draft_assessment, 2)
    client.force_login(partner_user)

    response = client.post(
        f"/en/assessments/{draft_assessment.pk}/submit/", {"seen_version": "x"}, follow=True
    )

    assert "sent without the mark that tells which version" in response.text
    assert Assessment.objects.get(pk=draft_assessment.pk).status == "draft"
