"""The actor mapping's pages at scale (referrals/views.py): the actor list, the coverage matrix,
the roadmap and the pathways run a fixed number of queries whatever the number of actors and
recommendations; the roadmap pages its rows in SQL, overdue ones first."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from facilities.models import Region
from referrals.models import Recommendation
from tests.factories import ActorFactory, ActorServiceFactory

pytestmark = pytest.mark.django_db

PAGES = ["/en/actors/", "/en/actors/coverage/", "/en/roadmap/", "/en/pathways/"]
BAD_PAGES = ["999", "-1", "0", "abc", ""]


def add_network(count: int) -> None:
    """`count` actors, each with a service and two recommendations (one overdue)."""
    regions = list(Region.objects.order_by("code"))
    today = datetime.date.today()
    for index in range(count):
        service = ActorServiceFactory(regions=[regions[index % len(regions)]])
        Recommendation.objects.bulk_create(
            [
                Recommendation(
                    actor=service.actor,
                    action=f"Late action {index}",
                    due_on=today - datetime.timedelta(days=1 + index),
                ),
                Recommendation(
                    region=regions[index % len(regions)],
                    action=f"Later action {index}",
                    due_on=today + datetime.timedelta(days=30 + index),
                ),
            ]
        )


@pytest.mark.parametrize("address", PAGES)
def test_the_actor_pages_run_the_same_queries_at_two_sizes(
    client, iom_user, address, django_assert_max_num_queries
):
    client.force_login(iom_user)
    add_network(2)
    with django_assert_max_num_queries(40) as small:
        client.get(address)
    add_network(30)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(address)

    assert response.status_code == 200


def test_the_roadmap_shows_a_page_overdue_first_and_the_count_of_all_overdue(client, iom_user):
    add_network(20)  # 20 overdue, 20 due later
    client.force_login(iom_user)

    first = client.get("/en/roadmap/").text
    second = client.get("/en/roadmap/?page=2").text

    assert first.count("Late action") == 20
    assert first.count("Later action") == 5
    assert 'rel="next"' in first
    assert "20 recommendations are overdue" in first
    # The most overdue first (the latest index is the longest overdue).
    assert first.index("Late action 19 ") < first.index("Late action 0 ")
    assert second.count("Later action") == 15


def test_the_roadmap_export_holds_every_row(client, iom_user):
    add_network(15)
    client.force_login(iom_user)

    export = client.get("/en/roadmap/?format=xlsx")

    content = b"".join(export.streaming_content) if export.streaming else export.content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 + 30


@pytest.mark.parametrize("page", BAD_PAGES)
def test_a_roadmap_or_actor_list_page_out_of_range_or_not_a_number_is_not_an_error(
    client, iom_user, page
):
    add_network(3)
    ActorFactory()
    client.force_login(iom_user)

    assert client.get(f"/en/roadmap/?page={page}").status_code == 200
    assert client.get(f"/en/actors/?page={page}").status_code == 200
