"""Two people answering one dimension: the second save from a stale page is refused."""

import pytest
from django.test import Client

from assessments.models import Answer


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
