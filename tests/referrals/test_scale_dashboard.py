"""The referral dashboard at scale: its medians computed by the database (PostgreSQL's
percentile_cont, window functions on SQLite) are right, its queries do not grow with the
referrals or the organisations, and its tables that grow show a page and "see all"."""

import datetime

import pytest
from django.utils import timezone

from referrals.dashboard import DaysBetween, actor_timings, actors_by_referrals, median_by
from referrals.models import Referral
from tests.factories import ActorFactory, ActorServiceFactory, CaseFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

S = Referral.Status
SENT_AT = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


def add_referrals(service, case, timings) -> None:
    """Sent referrals to `service`, one per (status, days to answer, days to complete)."""
    Referral.objects.bulk_create(
        Referral(
            case=case,
            service=service,
            from_organisation=case.owner,
            to_organisation=service.actor.organisation,
            reason="Test.",
            status=status,
            sent_at=SENT_AT,
            due_on=SENT_AT.date(),
            answered_at=None if answer is None else SENT_AT + datetime.timedelta(days=answer),
            completed_at=None if done is None else SENT_AT + datetime.timedelta(days=done),
        )
        for status, answer, done in timings
    )


def receiving(name: str):
    return ActorServiceFactory(actor=ActorFactory(organisation=OrganisationFactory(name=name)))


@pytest.fixture
def two_receivers(iom_org):
    """A receives five referrals (one declined, one still waiting), B two, C one draft only."""
    case = CaseFactory(owner=iom_org)
    a, b, c = receiving("Alpha"), receiving("Beta"), receiving("Gamma")
    add_referrals(
        a,
        case,
        [
            (S.ACCEPTED, 1, None),
            (S.COMPLETED, 2, 4),
            (S.COMPLETED, 10, 8.5),
            (S.DECLINED, 100, None),  # its answer is a refusal: not a time to accept
            (S.SENT, None, None),
        ],
    )
    add_referrals(b, case, [(S.COMPLETED, 3, 7), (S.IN_PROGRESS, 5.5, None)])
    add_referrals(c, case, [(S.DRAFT, None, None)])
    return {"Alpha": a, "Beta": b, "Gamma": c}


def test_the_medians_per_receiving_organisation_are_computed_by_the_database(two_receivers):
    timings = {row["actor"]: row for row in actor_timings(actors_by_referrals())}

    assert set(timings) == {"Alpha", "Beta"}
    # Alpha: to accept 1, 2, 10 (the refusal and the unanswered left out); to complete 4, 8.5.
    assert (timings["Alpha"]["count"], timings["Alpha"]["accept"]) == (5, 2.0)
    assert timings["Alpha"]["complete"] == 6.2  # (4 + 8.5) / 2 = 6.25, shown to a tenth
    # Beta: an even count to accept (3 and 5.5), one to complete.
    assert (timings["Beta"]["count"], timings["Beta"]["accept"]) == (2, 4.2)
    assert timings["Beta"]["complete"] == 7.0


def test_median_by_gives_the_exact_middle_of_odd_and_even_groups(two_receivers):
    alpha = two_receivers["Alpha"].actor.organisation_id
    beta = two_receivers["Beta"].actor.organisation_id

    medians = median_by(
        Referral.objects.exclude(status=S.DECLINED),
        "to_organisation",
        DaysBetween("sent_at", "answered_at"),
        [alpha, beta],
    )

    assert medians[alpha] == pytest.approx(2.0)
    assert medians[beta] == pytest.approx(4.25)


def test_the_dashboard_page_shows_the_medians(client, iom_user, two_receivers):
    client.force_login(iom_user)

    page = client.get("/en/referrals/dashboard/").text

    per_actor = page.split('data-testid="per-actor"')[1].split("</table>")[0]
    assert "<td>Alpha</td>" in per_actor
    assert '<td class="text-end">2.0</td>' in per_actor
    assert "Gamma" not in per_actor


def many_receivers(iom_org, count: int, prefix: str = "Receiver") -> None:
    case = CaseFactory(owner=iom_org)
    for index in range(count):
        add_referrals(receiving(f"{prefix} {index:03d}"), case, [(S.COMPLETED, 1, 3)])


def test_the_dashboard_runs_the_same_queries_at_two_sizes(
    client, iom_user, iom_org, django_assert_max_num_queries
):
    client.force_login(iom_user)
    many_receivers(iom_org, 3)
    with django_assert_max_num_queries(30) as small:
        client.get("/en/referrals/dashboard/")
    many_receivers(iom_org, 30, prefix="Another")

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/en/referrals/dashboard/")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/en/referrals/dashboard/?table=per_actor&page=2")

    assert response.status_code == 200


def test_a_long_per_actor_table_shows_its_first_rows_and_see_all_pages_it(
    client, iom_user, iom_org
):
    many_receivers(iom_org, 30)
    client.force_login(iom_user)

    dashboard = client.get("/en/referrals/dashboard/").text
    see_all = client.get("/en/referrals/dashboard/?table=per_actor").text

    per_actor = dashboard.split('data-testid="per-actor"')[1].split("</table>")[0]
    assert per_actor.count("<tr>") == 1 + 20  # the heading and the first twenty
    assert 'data-testid="see-all-per-actor"' in dashboard
    rows = see_all.split('data-testid="per-actor"')[1].split("</table>")[0]
    assert rows.count("<tr>") == 1 + 25
    assert 'rel="next"' in see_all


@pytest.mark.parametrize("page", ["999", "-1", "0", "abc", ""])
def test_a_page_of_the_see_all_tables_out_of_range_or_not_a_number_is_not_an_error(
    client, iom_user, iom_org, page
):
    many_receivers(iom_org, 3)
    client.force_login(iom_user)

    for table in ("per_actor", "balance", "nonsense"):
        response = client.get(f"/en/referrals/dashboard/?table={table}&page={page}")
        assert response.status_code == 200
