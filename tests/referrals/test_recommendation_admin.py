"""The back office moves a recommendation's status through its workflow, as the pages do.

The status list offers only the moves the person may make; a move that needs a reason is
refused without one, beside the status, with the rest of the input kept; a move made is logged
with who and why."""

import pytest
from django.urls import reverse

from activity.models import StatusChange
from facilities.models import Region
from referrals.models import Recommendation
from tests.plans.test_admin import error_text, form_data


@pytest.fixture
def recommendation(db):
    return Recommendation.objects.create(
        region=Region.objects.get(code="02"), action="Former les agents d’accueil"
    )


@pytest.fixture
def english_admin(client, admin_user):
    # IOM's back-office administrators are superusers (see the README's roles).
    admin_user.preferred_language = "en"
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_user


def change_url(recommendation):
    return reverse("admin:referrals_recommendation_change", args=[recommendation.pk])


def test_the_status_offers_only_the_moves_of_the_workflow(client, english_admin, recommendation):
    page = client.get(change_url(recommendation))

    choices = [value for value, _label in page.context["adminform"].form.fields["status"].choices]
    assert choices == ["planned", "in_progress", "cancelled"]


def test_a_move_that_needs_a_reason_is_refused_without_one_and_the_input_is_kept(
    client, english_admin, recommendation
):
    page = client.get(change_url(recommendation))

    response = client.post(
        change_url(recommendation),
        form_data(page, status="cancelled", action="Former les agents d’accueil et d’orientation"),
    )

    assert response.status_code == 200
    assert "Give the reason for changing the status to “Cancelled”." in error_text(response)
    assert "Former les agents d’accueil et d’orientation" in response.text
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert (stored.status, stored.action) == ("planned", "Former les agents d’accueil")
    assert not StatusChange.objects.exists()


def test_a_move_with_its_reason_is_made_and_logged(client, english_admin, recommendation):
    page = client.get(change_url(recommendation))

    response = client.post(
        change_url(recommendation),
        form_data(page, status="cancelled", move_reason="Financé par un autre bailleur"),
    )

    assert response.status_code == 302
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert stored.status == "cancelled"
    move = StatusChange.objects.get()
    assert (move.from_status, move.to_status, move.by, move.reason) == (
        "planned",
        "cancelled",
        english_admin,
        "Financé par un autre bailleur",
    )
    assert "Financé par un autre bailleur" in client.get(change_url(recommendation)).text
