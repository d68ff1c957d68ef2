"""The menu's badge: the unread count on every staff page, in one query, never on public pages."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from notifications.context_processors import unread_notifications
from notifications.kinds import Kind
from notifications.services import notify

pytestmark = pytest.mark.django_db


def tell(user, count):
    for number in range(count):
        notify([user], Kind.RECOMMENDATION_DUE, {"action": f"Action {number}"})


def badge_of(response) -> str:
    html = response.text
    if 'data-testid="notification-badge"' not in html:
        return ""
    return html.split('data-testid="notification-badge">')[1].split("<")[0]


@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner", "viewer"])
def test_every_role_sees_its_unread_count_in_the_menu(client, users, role):
    tell(users[role], 3)
    client.force_login(users[role])

    response = client.get("/en/facilities/")

    assert badge_of(response) == "3"
    assert 'data-unread="3"' in response.text
    assert 'data-testid="toggler-badge">3<' in response.text


def test_no_badge_when_all_is_read(client, partner_user):
    client.force_login(partner_user)

    response = client.get("/en/facilities/")

    assert badge_of(response) == ""
    assert 'data-unread="0"' in response.text
    assert "toggler-badge" not in response.text


def test_a_large_count_is_shortened(client, partner_user):
    tell(partner_user, 120)
    client.force_login(partner_user)

    assert badge_of(client.get("/en/facilities/")) == "99+"


@pytest.mark.parametrize("count", [1, 40])
def test_the_badge_counts_in_one_query_whatever_the_number(
    rf, partner_user, count, django_assert_num_queries
):
    tell(partner_user, count)
    request = rf.get("/en/facilities/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    request.user = partner_user
    badge = unread_notifications(request)["unread_notifications"]

    with django_assert_num_queries(1):
        assert badge() == count
        assert badge() == count  # the page reads it twice: counted once


def test_without_a_session_cookie_the_badge_reads_neither_session_nor_database(
    partner_user, django_assert_num_queries
):
    request = RequestFactory().get("/fr/directory/")

    class Untouchable:
        def __getattr__(self, name):
            raise AssertionError("the session was read")

    request.user = Untouchable()

    with django_assert_num_queries(0):
        assert unread_notifications(request)["unread_notifications"]() == 0


@pytest.mark.parametrize("count", [1, 30])
def test_a_page_with_the_badge_runs_the_same_queries_at_two_sizes(
    client, partner_user, count, django_assert_max_num_queries
):
    client.force_login(partner_user)
    tell(partner_user, 1)
    with translation.override("en"):
        url = reverse("notifications:list")
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    tell(partner_user, count)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)

    assert badge_of(response) == str(count + 1)
