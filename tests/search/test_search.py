"""The staff search: each kind through its own scope, cases by reference only, bad input, and a
constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    ActorFactory,
    ActorServiceFactory,
    CaseFactory,
    FacilityFactory,
    OrganisationFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db

URL = "/en/search/"


def link(record) -> bytes:
    """The address of a record as the English page writes it."""
    with translation.override("en"):
        return record.get_absolute_url().encode()


@pytest.fixture
def case_a(ngo_a):
    return CaseFactory(owner=ngo_a, reference="RET-2026-00042")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL, {"q": "Amal"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner", "viewer"])
def test_every_role_finds_a_facility_it_may_read_by_name(client, users, role, facility_a):
    client.force_login(users[role])
    response = client.get(URL, {"q": "Amal"})
    assert response.status_code == 200
    assert link(facility_a) in response.content


def test_a_partner_does_not_find_another_organisations_unpublished_facility(
    client, partner_user, unpublished_facility_b
):
    client.force_login(partner_user)
    response = client.get(URL, {"q": "Tiwizi"})
    assert link(unpublished_facility_b) not in response.content
    assert b'data-testid="no-results"' in response.content


def test_names_are_found_in_every_language_and_shown_in_the_pages(client, iom_user):
    facility = FacilityFactory(name="Centre Nour", name_ar="مركز النور", name_en="Light Centre")
    client.force_login(iom_user)
    for query in ("Nour", "النور", "Light"):
        assert link(facility) in client.get(URL, {"q": query}).content
    arabic = client.get("/ar/search/", {"q": "Light"}).content.decode()
    assert "مركز النور" in arabic


@pytest.mark.parametrize(
    ("role", "found"), [("admin", True), ("iom_staff", True), ("partner", True), ("viewer", False)]
)
def test_a_case_is_found_by_its_reference_only_by_those_who_handle_it(
    client, users, role, found, case_a
):
    client.force_login(users[role])
    content = client.get(URL, {"q": "RET-2026-0004"}).content
    assert (link(case_a) in content) is found


def test_another_partner_does_not_find_the_case(client, other_partner_user, case_a):
    client.force_login(other_partner_user)
    content = client.get(URL, {"q": case_a.reference}).content
    assert link(case_a) not in content


def test_a_case_is_never_found_by_the_persons_name(client, iom_user, ngo_a):
    case = CaseFactory(owner=ngo_a, full_name="Nadia Benali")
    client.force_login(iom_user)
    content = client.get(URL, {"q": "Nadia"}).content
    assert link(case) not in content


def test_organisations_are_found_by_iom_and_by_their_own_people_only(
    client, iom_user, partner_user, other_partner_user, ngo_a
):
    with translation.override("en"):
        url = reverse("plans:organisation_detail", args=[ngo_a.pk])
    for user, found in ((iom_user, True), (partner_user, True), (other_partner_user, False)):
        client.force_login(user)
        assert (url.encode() in client.get(URL, {"q": "Accueil"}).content) is found


def test_a_query_of_one_character_says_so_and_finds_nothing(client, iom_user, facility_a):
    client.force_login(iom_user)
    response = client.get(URL, {"q": " a "})
    assert response.status_code == 200
    assert b"Type at least 2 characters." in response.content
    assert b'data-testid="result-link"' not in response.content


def test_an_empty_box_shows_the_form_alone(client, iom_user):
    client.force_login(iom_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert b'data-testid="search-error"' not in response.content


def test_markup_typed_is_shown_as_text(client, iom_user):
    client.force_login(iom_user)
    response = client.get(URL, {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content
    assert b"<title>Search: &lt;script&gt;alert(1)&lt;/script&gt; \xc2\xb7 Manara</title>" in (
        response.content
    )


def test_sql_wildcards_typed_match_only_themselves(client, iom_user):
    percent = FacilityFactory(name="Foyer 100% Amal")
    thousand = FacilityFactory(name="Foyer 1000 Amal")
    underscore = FacilityFactory(name="Centre_Sud")
    space = FacilityFactory(name="Centre Sud")
    client.force_login(iom_user)
    content = client.get(URL, {"q": "0%"}).content
    assert link(percent) in content
    assert link(thousand) not in content
    content = client.get(URL, {"q": "e_S"}).content
    assert link(underscore) in content
    assert link(space) not in content
    for query in ("%%", "__", "' OR 1=1 --"):
        response = client.get(URL, {"q": query})
        assert response.status_code == 200
        assert b'data-testid="result-link"' not in response.content


def test_more_results_than_shown_link_to_the_list_filtered_by_the_query(client, iom_user):
    for number in range(7):
        FacilityFactory(name=f"Maison Atlas {number}")
    client.force_login(iom_user)
    content = client.get(URL, {"q": "Atlas"}).content.decode()
    assert content.count('data-testid="result-link"') == 5
    with translation.override("en"):
        assert f'href="{reverse("facilities:list")}?q=Atlas"' in content


def test_more_cases_than_shown_link_to_the_case_list_searched_by_reference(client, iom_user, ngo_a):
    for number in range(6):
        CaseFactory(owner=ngo_a, reference=f"MIG-2026-{number:05d}")
    client.force_login(iom_user)
    content = client.get(URL, {"q": "MIG-2026"}).content.decode()
    with translation.override("en"):
        see_all = f"{reverse('referrals:case_list')}?q=MIG-2026"
    assert f'href="{see_all}"' in content
    listed = client.get(see_all).content.decode()
    assert "MIG-2026-00005" in listed


def _fill(start, size, ngo):
    for number in range(start, start + size):
        FacilityFactory(name=f"Centre Atlas {number}", managing_organisation=ngo)
        OrganisationFactory(name=f"Atlas association {number}")
        CaseFactory(owner=ngo, reference=f"RET-2026-{number:05d}")


@pytest.mark.parametrize("role", ["iom_staff", "partner", "viewer"])
def test_the_search_runs_the_same_number_of_queries_at_two_sizes(
    client, users, role, ngo_a, django_assert_max_num_queries
):
    client.force_login(users[role])
    _fill(0, 2, ngo_a)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"q": "Atlas"})
        client.get(URL, {"q": "RET-2026"})
    _fill(2, 20, ngo_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL, {"q": "Atlas"})
        client.get(URL, {"q": "RET-2026"})


def test_the_receiving_partner_finds_the_referral_but_not_the_case(
    client, partner_user, other_partner_user, ngo_a, ngo_b
):
    service = ActorServiceFactory(actor=ActorFactory(organisation=ngo_a))
    referral = ReferralFactory(
        case=CaseFactory(owner=ngo_b, reference="MIG-2026-00077"), service=service
    )
    client.force_login(partner_user)
    content = client.get(URL, {"q": "MIG-2026-00077"}).content
    assert link(referral) in content
    assert link(referral.case) not in content
    client.force_login(other_partner_user)
    content = client.get(URL, {"q": "MIG-2026-00077"}).content
    assert link(referral) in content
    assert link(referral.case) in content
    arabic = client.get("/ar/search/", {"q": "MIG-2026-00077"}).content.decode()
    assert "MIG-2026-00077 ←" in arabic
