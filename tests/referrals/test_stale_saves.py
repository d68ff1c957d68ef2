"""Referral moves and pathways carry the page's version: a stale or unmarked POST does nothing."""

import pytest
from django.test import Client

from facilities.models import Region, ServiceCategory
from referrals.models import Pathway, Referral
from tests.factories import ActorFactory, ActorServiceFactory, CaseFactory, ReferralFactory


@pytest.fixture
def sent_referral(iom_org, ngo_a, iom_user):
    service = ActorServiceFactory(
        actor=ActorFactory(organisation=ngo_a), category=ServiceCategory.objects.get(code="mhpss")
    )
    referral = ReferralFactory(case=CaseFactory(owner=iom_org), service=service)
    referral.move("sent", iom_user)
    return referral


def status_url(referral):
    return f"/en/referrals/{referral.pk}/status/"


def test_a_status_change_from_a_stale_page_names_who_moved_it(
    iom_user, partner_user, sent_referral
):
    partner, iom = Client(), Client()
    partner.force_login(partner_user)
    iom.force_login(iom_user)
    seen = Referral.objects.get(pk=sent_referral.pk).version
    partner.post(status_url(sent_referral), {"status": "accepted", "seen_version": seen})

    response = iom.post(
        status_url(sent_referral),
        {"status": "closed", "reason": "Doublon", "seen_version": seen},
        follow=True,
    )

    assert "Since you opened this page, this record has been changed" in response.text
    assert "changed by partner_a (status)" in response.text
    stored = Referral.objects.get(pk=sent_referral.pk)
    assert (stored.status, stored.version) == ("accepted", seen + 1)
    assert list(stored.moves.values_list("to_status", flat=True)) == ["sent", "accepted"]


@pytest.mark.parametrize("token", [None, "", "x", "-2"])
def test_a_status_post_without_a_valid_token_is_refused_and_changes_nothing(
    client, partner_user, sent_referral, token
):
    client.force_login(partner_user)
    data = {"status": "accepted"}
    if token is not None:
        data["seen_version"] = token

    response = client.post(status_url(sent_referral), data, follow=True)

    assert "sent without the mark that tells which version" in response.text
    assert Referral.objects.get(pk=sent_referral.pk).status == "sent"


def test_the_referral_page_carries_the_token_its_buttons_send(client, partner_user, sent_referral):
    client.force_login(partner_user)

    page = client.get(f"/en/referrals/{sent_referral.pk}/").text

    assert f'name="seen_version" value="{sent_referral.version}"' in page


def test_a_pathway_saved_from_a_stale_page_keeps_the_input_and_shows_theirs(iom_user, admin_user):
    oriental = Region.objects.get(code="02")
    employment = ServiceCategory.objects.get(code="employment")
    pathway = Pathway.objects.create(region=oriental, category=employment, eligibility="Tous")
    url = f"/en/pathways/{oriental.pk}/employment/edit/"
    iom, admin = Client(), Client()
    iom.force_login(iom_user)
    admin.force_login(admin_user)
    steps = {"steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0"}
    iom_seen = iom.get(url).context["form"]["seen_version"].value()
    admin_seen = admin.get(url).context["form"]["seen_version"].value()
    admin.post(url, {**steps, "seen_version": admin_seen, "eligibility": "Adults only"})

    response = iom.post(
        url, {**steps, "seen_version": iom_seen, "eligibility": "Everyone", "notes": "Call first"}
    )

    assert response.status_code == 200
    assert "changed by admin_t (eligibility)" in response.text
    assert "Saved meanwhile by the other person: “Adults only”" in response.text
    form = response.context["form"]
    assert (form["eligibility"].value(), form["notes"].value()) == ("Everyone", "Call first")
    pathway.refresh_from_db()
    assert (pathway.eligibility, pathway.notes) == ("Adults only", "")
