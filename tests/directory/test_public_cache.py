"""The server keeps the public pages it rendered (directory/http.py): one query on a revisit,
another entry for another query or language, a change of published data shown at once, nothing
shared with signed-in people, and one rendering at a time."""

import gzip
import threading
import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.http import public
from facilities.models import Facility

pytestmark = pytest.mark.django_db


def queries_of(client, address, **extra) -> tuple[int, object]:
    """How many queries a request made, and its response."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address, **extra)
    return len(captured.captured_queries), response


def facility_page(facility, language="fr") -> str:
    return reverse("directory:facility", args=[facility.slug]).replace("/fr/", f"/{language}/")


@pytest.mark.parametrize(
    "address", ["/fr/directory/", "/ar/directory/?q=Oujda&group=women", "/en/directory/?page=2"]
)
def test_a_second_visit_of_the_same_list_makes_only_the_freshness_query(
    client, women_shelter, men_day_centre, address, django_assert_max_num_queries
):
    first = client.get(address)

    with django_assert_max_num_queries(1):
        second = client.get(address)

    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_second_visit_of_a_facility_page_makes_only_the_freshness_query(
    client, women_shelter, django_assert_max_num_queries
):
    first = client.get(facility_page(women_shelter, "ar"))

    with django_assert_max_num_queries(1):
        second = client.get(facility_page(women_shelter, "ar"))

    assert second.content == first.content
    assert "Maison Amal pour femmes" in second.content.decode()


def test_the_order_of_the_parameters_does_not_make_another_entry(
    client, women_shelter, django_assert_max_num_queries
):
    client.get("/fr/directory/", {"q": "Oujda", "group": "women"})

    with django_assert_max_num_queries(1):
        response = client.get("/fr/directory/?group=women&q=Oujda")

    assert "Maison Amal pour femmes" in response.content.decode()


def test_another_query_or_language_is_another_entry(client, women_shelter, men_day_centre):
    client.get("/fr/directory/", {"q": "Oujda"})

    other_query, tanger = queries_of(client, "/fr/directory/?q=Tanger")
    other_language, arabic = queries_of(client, "/ar/directory/?q=Oujda")

    assert other_query > 1
    assert "Centre de jour du Détroit" in tanger.content.decode()
    assert "Maison Amal pour femmes" not in tanger.content.decode()
    assert other_language > 1
    assert 'lang="ar"' in arabic.content.decode()


def test_an_edit_of_a_published_facility_shows_on_the_next_request(client, women_shelter):
    client.get("/fr/directory/")
    client.get(facility_page(women_shelter))

    women_shelter.name = "Maison Nour pour femmes"
    women_shelter.save()

    assert "Maison Nour pour femmes" in client.get("/fr/directory/").content.decode()
    assert "Maison Nour pour femmes" in client.get(facility_page(women_shelter)).content.decode()


def test_an_unpublished_facility_page_is_gone_at_once(client, women_shelter):
    assert client.get(facility_page(women_shelter)).status_code == 200

    women_shelter.is_published = False
    women_shelter.save()

    assert client.get(facility_page(women_shelter)).status_code == 404
    assert "Maison Amal" not in client.get("/fr/directory/").content.decode()


def test_a_signed_in_person_never_gets_the_visitors_cached_page(
    client, women_shelter, iom_user, django_assert_max_num_queries
):
    client.get("/fr/directory/")
    client.get("/fr/directory/")  # kept for visitors
    client.force_login(iom_user)

    queries, response = queries_of(client, "/fr/directory/")

    assert response.status_code == 200
    assert queries > 1  # rendered for them, not read from the visitors' entry
    assert "Cookie" in response["Vary"]


def test_a_signed_in_persons_page_is_never_kept_for_visitors(
    client, women_shelter, iom_user, django_assert_max_num_queries
):
    client.force_login(iom_user)
    client.get("/fr/directory/")
    client.get("/fr/directory/")
    client.logout()
    client.cookies.clear()

    queries, response = queries_of(client, "/fr/directory/")

    assert queries > 1  # nothing a signed-in request rendered was served
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_a_script_in_the_query_stays_escaped_in_the_cached_page(client, women_shelter):
    address = "/fr/directory/?q=%3Cscript%3Ealert(1)%3C/script%3E"
    client.get(address)

    queries, response = queries_of(client, address)

    html = response.content.decode()
    assert queries <= 1
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_a_cached_page_still_answers_304_and_is_still_compressed(client, women_shelter):
    first = client.get("/fr/directory/")

    revisit = client.get("/fr/directory/", HTTP_IF_NONE_MATCH=first["ETag"])
    compressed = client.get("/fr/directory/", HTTP_ACCEPT_ENCODING="gzip")

    assert revisit.status_code == 304
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == first.content
    assert "public" in compressed["Cache-Control"]


def test_head_answers_from_the_cache_like_get(client, women_shelter):
    client.get("/fr/directory/")

    with CaptureQueriesContext(connection) as captured:
        head = client.head("/fr/directory/")

    assert head.status_code == 200
    assert head.content == b""
    assert len(captured.captured_queries) <= 1


def test_a_response_setting_a_cookie_is_never_kept():
    renders = []

    @public(lambda: 60, cache_rendering=True)
    def page_with_cookie(request):
        renders.append(1)
        response = HttpResponse("page")
        response.set_cookie("seen", "1")
        return response

    for _ in range(2):
        response = page_with_cookie(RequestFactory().get("/fr/directory/"))

    assert len(renders) == 2
    assert response.cookies["seen"].value == "1"


# serialized_rollback: the regions of the data migrations are back for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_visitors_on_a_page_not_yet_kept_renders_it_once():
    renders = []
    answers = []

    @public(lambda: 60, cache_rendering=True)
    def slow_page(request):
        renders.append(1)
        time.sleep(0.3)  # long enough for every visitor to arrive while it renders
        return HttpResponse("page")

    def visit():
        try:
            answers.append(slow_page(RequestFactory().get("/fr/directory/")).content)
        finally:
            connection.close()

    visitors = [threading.Thread(target=visit) for _ in range(6)]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()

    assert len(renders) == 1
    assert answers == [b"page"] * 6


def test_the_cache_is_keyed_on_the_published_data(client, women_shelter):
    """A facility closing changes the stamp: the list is rendered again without it."""
    client.get("/fr/directory/")
    Facility.objects.filter(pk=women_shelter.pk).update(status=Facility.Status.CLOSED)

    queries, response = queries_of(client, "/fr/directory/")

    assert queries > 1
    assert "Maison Amal" not in response.content.decode()
