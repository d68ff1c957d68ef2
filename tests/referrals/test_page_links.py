"""A referral's page links to its case, actor, service and organisations; a case's page to each
referral's actor and service; an organisation's page to its actor profile and its referrals.
Each link only for those who may open it, every one of them opening, in a fixed number of
queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from facilities.models import ServiceCategory
from referrals.models import Referral
from tests.factories import (
    ActorFactory,
    ActorServiceFactory,
    CaseFactory,
    OrganisationFactory,
    ReferralFactory,
    UserFactory,
)


@pytest.fixture
def service_of_ngo_b(ngo_b):
    """Psychosocial support by NGO B in the Oriental."""
    return ActorServiceFactory(
        actor=ActorFactory(organisation=ngo_b), category=ServiceCategory.objects.get(code="mhpss")
    )


@pytest.fixture
def referral(ngo_a, service_of_ngo_b, partner_user):
    """A case of NGO A referred to NGO B's psychosocial support, sent."""
    referral = ReferralFactory(case=CaseFactory(owner=ngo_a), service=service_of_ngo_b)
    referral.move(Referral.Status.SENT, partner_user)
    return referral


@pytest.fixture
def people(users, other_partner_user):
    """IOM roles, the referring partner (NGO A) and the receiving one (NGO B)."""
    return {
        "admin": users["admin"],
        "iom_staff": users["iom_staff"],
        "referring_partner": users["partner"],
        "receiving_partner": other_partner_user,
    }


def linked(html: str) -> dict[str, str]:
    """The links of the page that carry a test id, by id."""
    return {
        testid: href
        for href, testid in re.findall(r'<a href="([^"]+)"[^>]*data-testid="([a-z-]+)"', html)
    }


def assert_opens(client, hrefs) -> None:
    for href in hrefs:
        response = client.get(href.replace("&amp;", "&").split("#")[0])
        assert response.status_code == 200, (href, response.status_code)


# --- The referral's page -----------------------------------------------------------------------

REFERRAL_LINKS = {
    # role: case page, referring organisation's page, receiving organisation's page
    "admin": (True, True, True),
    "iom_staff": (True, True, True),
    "referring_partner": (True, True, False),
    "receiving_partner": (False, False, True),
}


@pytest.mark.parametrize("role", REFERRAL_LINKS)
def test_a_referral_links_to_what_each_side_may_open_and_to_its_actor_and_service(
    client, people, role, referral, service_of_ngo_b
):
    client.force_login(people[role])
    html = client.get(f"/en/referrals/{referral.pk}/").text
    links = linked(html)
    case, sender, receiver = REFERRAL_LINKS[role]

    assert ("case-link" in links) == case
    assert ("from-organisation-link" in links) == sender
    assert ("to-organisation-link" in links) == receiver
    actor_url = f"/en/actors/{service_of_ngo_b.actor_id}/"
    assert links["actor-link"] == actor_url
    assert links["service-link"] == f"{actor_url}#service-{service_of_ngo_b.pk}"
    assert_opens(client, links.values())


def test_a_referral_names_its_service_and_actor(client, iom_user, referral, ngo_b):
    client.force_login(iom_user)
    service_line = client.get(f"/en/referrals/{referral.pk}/").text.split(
        'data-testid="referral-service"'
    )[1]
    assert "Mental health and psychosocial support</a>" in service_line.split("</p>")[0]
    assert f">{ngo_b}</a>" in service_line.split("</p>")[0]


def test_the_referral_page_is_still_refused_to_a_viewer_and_a_third_partner(
    client, viewer_user, referral
):
    client.force_login(viewer_user)
    assert client.get(f"/en/referrals/{referral.pk}/").status_code == 403
    third = UserFactory(role=User.Role.PARTNER, organisation=OrganisationFactory())
    client.force_login(third)
    assert client.get(f"/en/referrals/{referral.pk}/").status_code == 404


def page_queries(client, user, url: str) -> int:
    """The queries of a page, once the first request has filled the caches."""
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_referral_page_runs_as_many_queries_with_20_notes_as_with_2(
    client, iom_user, partner_user, ngo_a, service_of_ngo_b
):
    pages = []
    for size in (2, 20):
        referral = ReferralFactory(case=CaseFactory(owner=ngo_a), service=service_of_ngo_b)
        referral.move(Referral.Status.SENT, partner_user)
        for index in range(size):
            referral.notes.create(author=partner_user, organisation=ngo_a, text=f"Note {index}")
        pages.append(f"/en/referrals/{referral.pk}/")
    # The timeline fetches each kind of entry it shows (moves, notes, deliveries) in one query:
    # with 20 notes the move to "sent" falls out of the latest twenty shown, one query fewer.
    assert page_queries(client, iom_user, pages[1]) <= page_queries(client, iom_user, pages[0])


# --- The case's page ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "iom_staff", "referring_partner"])
def test_each_referral_of_a_case_links_to_its_actor_and_service(
    client, people, role, referral, service_of_ngo_b
):
    client.force_login(people[role])
    html = client.get(f"/en/cases/{referral.case_id}/").text
    table = html.split('data-testid="case-referrals"')[1].split("</table>")[0]
    service_url = f"/en/actors/{service_of_ngo_b.actor_id}/#service-{service_of_ngo_b.pk}"
    assert f'<a href="{service_url}" data-testid="actor-service-link">ASS</a>' in table
    assert_opens(client, [service_url])


def test_the_case_page_runs_as_many_queries_with_20_referrals_as_with_2(
    client, iom_user, ngo_a, service_of_ngo_b
):
    pages = []
    for size in (2, 20):
        case = CaseFactory(owner=ngo_a)
        for _index in range(size):
            ReferralFactory(case=case, service=service_of_ngo_b)
        pages.append(f"/en/cases/{case.pk}/")
    assert page_queries(client, iom_user, pages[0]) == page_queries(client, iom_user, pages[1])


# --- The organisation's page -------------------------------------------------------------------


@pytest.fixture
def actor_a(ngo_a):
    return ActorFactory(organisation=ngo_a)


ORGANISATION_LINKS = {
    # role: (opens NGO A's page, sees its referral counts)
    "admin": (True, True),
    "iom_staff": (True, True),
    "partner": (True, True),
    "other_partner": (False, None),
    "viewer_of_a": (True, False),
    "viewer": (False, None),
}


@pytest.mark.parametrize("role", ORGANISATION_LINKS)
def test_an_organisations_page_links_its_actor_profile_and_referrals_to_whom_may_open_them(
    client, users, other_partner_user, role, ngo_a, actor_a, referral
):
    visitors = {
        **users,
        "other_partner": other_partner_user,
        "viewer_of_a": UserFactory(role=User.Role.VIEWER, organisation=ngo_a),
    }
    client.force_login(visitors[role])
    response = client.get(f"/en/organisations/{ngo_a.pk}/")
    opens, counts = ORGANISATION_LINKS[role]
    if not opens:
        assert response.status_code == 404
        return
    links = linked(response.text)
    assert links["actor-link"] == f"/en/actors/{actor_a.pk}/"
    assert ("referrals-sent-link" in links) == counts
    assert ("referrals-received-link" in links) == counts
    assert_opens(client, links.values())


def test_an_organisations_page_counts_the_referrals_it_sent_and_received(
    client, iom_user, ngo_a, actor_a, referral
):
    ReferralFactory(
        case=CaseFactory(owner=OrganisationFactory()), service=ActorServiceFactory(actor=actor_a)
    )
    ReferralFactory(
        case=CaseFactory(owner=OrganisationFactory()),
        service=ActorServiceFactory(
            actor=actor_a, category=ServiceCategory.objects.get(code="legal_aid")
        ),
    )
    client.force_login(iom_user)
    counts = client.get(f"/en/organisations/{ngo_a.pk}/").text.split(
        'data-testid="referral-counts"'
    )[1]
    counts = counts.split("</dd>")[0]
    assert ">1 sent</a>" in counts
    assert ">2 received</a>" in counts
    assert f"?organisation={ngo_a.pk}&amp;side=sent" in counts
    assert f"?organisation={ngo_a.pk}&amp;side=received" in counts


def test_an_organisation_without_an_actor_profile_says_so(client, iom_user, ngo_b):
    client.force_login(iom_user)
    response = client.get(f"/en/organisations/{ngo_b.pk}/")
    assert "Not in the actor map." in response.text
    assert 'data-testid="actor-link"' not in response.text


def test_the_organisation_page_runs_as_many_queries_with_20_referrals_as_with_2(
    client, iom_user, service_of_ngo_b
):
    pages = []
    for size in (2, 20):
        organisation = OrganisationFactory()
        ActorFactory(organisation=organisation)
        for _index in range(size):
            ReferralFactory(case=CaseFactory(owner=organisation), service=service_of_ngo_b)
        pages.append(f"/en/organisations/{organisation.pk}/")
    assert page_queries(client, iom_user, pages[0]) == page_queries(client, iom_user, pages[1])


# --- The referral list, filtered on an organisation --------------------------------------------


def test_the_referral_list_narrows_to_an_organisations_referrals_one_side_or_both(
    client, iom_user, ngo_a, ngo_b, referral, actor_a
):
    received = ReferralFactory(
        case=CaseFactory(owner=ngo_b), service=ActorServiceFactory(actor=actor_a)
    )
    client.force_login(iom_user)

    def listed(**query):
        return set(client.get("/en/referrals/", query).context["filter"].qs)

    assert listed(organisation=ngo_a.pk) == {referral, received}
    assert listed(organisation=ngo_a.pk, side="sent") == {referral}
    assert listed(organisation=ngo_a.pk, side="received") == {received}
    assert listed(side="sent") == {referral, received}


def test_a_partner_filtering_on_another_organisation_finds_only_its_own_referrals_with_it(
    client, partner_user, ngo_b, referral, service_of_ngo_b
):
    stranger = OrganisationFactory()
    ReferralFactory(case=CaseFactory(owner=stranger), service=service_of_ngo_b)
    client.force_login(partner_user)
    response = client.get("/en/referrals/", {"organisation": ngo_b.pk})
    assert set(response.context["filter"].qs) == {referral}


def test_a_service_link_lands_on_that_service_of_the_actor_page(client, iom_user, service_of_ngo_b):
    """The #service-<pk> fragment of every service link names an element of the actor's page."""
    client.force_login(iom_user)
    html = client.get(f"/en/actors/{service_of_ngo_b.actor_id}/").text
    assert f'id="service-{service_of_ngo_b.pk}"' in html
