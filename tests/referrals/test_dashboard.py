"""The referral dashboard's aggregate tables in the page's language, at a fixed query count."""

import pytest

from facilities.models import Region, ServiceCategory
from tests.factories import ActorServiceFactory, CaseFactory, ReferralFactory


def _table(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"')[1].split("</table>")[0]


@pytest.fixture
def open_cases_needing_psychosocial_support(iom_org, iom_user):
    """Open cases in the Oriental needing psychosocial support, one referred there."""
    mhpss = ServiceCategory.objects.get(code="mhpss")
    service = ActorServiceFactory(category=mhpss)
    cases = [CaseFactory(owner=iom_org) for _ in range(2)]
    for case in cases:
        case.needs.set([mhpss])
    referral = ReferralFactory(case=cases[0], service=service)
    referral.move("sent", iom_user)
    return cases


@pytest.mark.parametrize(
    ("language", "region", "service"),
    [
        ("ar", "الشرق", "الصحة النفسية والدعم النفسي والاجتماعي"),
        ("en", "Oriental", "Mental health and psychosocial support"),
        ("fr", "Oriental", "Santé mentale et soutien psychosocial"),
    ],
)
def test_demand_and_supply_names_regions_and_services_in_the_page_language(
    client, iom_user, open_cases_needing_psychosocial_support, language, region, service
):
    client.force_login(iom_user)

    response = client.get(f"/{language}/referrals/dashboard/")

    balance = _table(response.text, "balance")
    assert f"<td>{region}</td><td>{service}</td>" in balance
    if language != "fr":
        assert "Santé mentale" not in response.text


def test_the_dashboard_runs_the_same_queries_whatever_the_number_of_regions_and_services(
    client, iom_user, iom_org, django_assert_max_num_queries
):
    client.force_login(iom_user)
    categories = list(ServiceCategory.objects.order_by("order"))
    regions = list(Region.objects.order_by("code"))

    def add_cases(count: int) -> None:
        for index in range(count):
            case = CaseFactory(owner=iom_org, region=regions[index % len(regions)])
            case.needs.set([categories[index % len(categories)]])
            ActorServiceFactory(
                category=categories[(index + 1) % len(categories)],
                regions=[regions[index % len(regions)]],
            )

    add_cases(3)
    # A first visit: the stamp of the data (6 aggregates), then the figures themselves.
    with django_assert_max_num_queries(30) as small:
        client.get("/ar/referrals/dashboard/")
    add_cases(12)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/ar/referrals/dashboard/")

    assert response.status_code == 200


def test_the_arabic_dashboard_isolates_shares_and_percentages(client, iom_user, iom_org):
    case = CaseFactory(owner=iom_org)
    case.follow_ups.create(date="2026-01-10", kind="visit", score_composite=0.9)
    client.force_login(iom_user)

    page = client.get("/ar/referrals/dashboard/").text

    by_region = _table(page, "sustainable-by-region")
    assert '<bdi dir="ltr">1/1</bdi>' in by_region
    assert '<bdi dir="ltr">100 %</bdi>' in by_region


def _balance_row(html: str) -> str:
    return _table(html, "balance").split("<td>Oriental</td>")[1].split("</tr>")[0]


def test_a_second_visit_reuses_the_figures_until_a_referral_or_a_case_moves(
    client,
    iom_user,
    iom_org,
    open_cases_needing_psychosocial_support,
    django_assert_max_num_queries,
):
    """The figures are kept, keyed on the data they read: a revisit skips their queries, and a
    new open case needing the service shows on the very next visit."""
    client.force_login(iom_user)
    with django_assert_max_num_queries(40) as first:
        before = client.get("/en/referrals/dashboard/").text
    with django_assert_max_num_queries(40) as second:
        again = client.get("/en/referrals/dashboard/").text
    assert _table(again, "by-status") == _table(before, "by-status")
    assert _table(again, "balance") == _table(before, "balance")
    assert len(second.captured_queries) < len(first.captured_queries) - 5

    case = CaseFactory(owner=iom_org)
    case.needs.set([ServiceCategory.objects.get(code="mhpss")])
    after = client.get("/en/referrals/dashboard/").text

    demand = '<td>Mental health and psychosocial support</td><td class="text-end">'
    assert _balance_row(before).startswith(demand + "2<")
    assert _balance_row(after).startswith(demand + "3<")


def test_a_status_move_shows_on_the_next_visit(
    client, iom_user, open_cases_needing_psychosocial_support
):
    client.force_login(iom_user)
    before = _table(client.get("/en/referrals/dashboard/").text, "by-status")
    case = open_cases_needing_psychosocial_support[1]
    referral = ReferralFactory(case=case, service=case.needs.get().actor_services.first())
    referral.move("sent", iom_user)
    after = _table(client.get("/en/referrals/dashboard/").text, "by-status")
    assert before != after
