"""The help page is kept on the server like the directory's pages (directory/http.py), keyed on
the help page's own stamp (directory/freshness.py `help_stamp`): a revisit makes one query, an
admin's edit of a section or a number shows on the next request, nothing is shared with
signed-in people."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import EmergencyNumber, HelpSection

pytestmark = pytest.mark.django_db


def queries_of(client, address) -> tuple[int, object]:
    """How many queries a request made, and its response."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    return len(captured.captured_queries), response


@pytest.mark.parametrize("extra_sections", [0, 30])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_second_visit_of_the_help_page_makes_only_the_stamp_query(
    client, language, extra_sections, django_assert_max_num_queries
):
    HelpSection.objects.bulk_create(
        HelpSection(title_fr=f"Rubrique {n}", body_fr="Texte.", order=n)
        for n in range(extra_sections)
    )
    first = client.get(f"/{language}/help/")

    with django_assert_max_num_queries(1):
        second = client.get(f"/{language}/help/")

    assert second.status_code == 200
    assert second.content == first.content
    assert "public" in second["Cache-Control"]


def test_an_admin_edit_of_a_help_section_shows_on_the_next_request(client, admin_user):
    section = HelpSection.objects.create(title_fr="Avant", body_fr="Ancien texte.", order=0)
    assert "Ancien texte." in client.get("/fr/help/").content.decode()
    client.get("/fr/help/")  # now served from the cache
    admin_user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_helpsection", "change_helpsection"])
    )
    editor = client_class_for(client)
    editor.force_login(admin_user)

    saved = editor.post(
        f"/admin/directory/helpsection/{section.pk}/change/",
        {
            "title_fr": "Après",
            "title_ar": "",
            "title_en": "",
            "body_fr": "Nouveau texte.",
            "body_ar": "",
            "body_en": "",
            "order": "0",
            "is_shown": "on",
        },
    )

    assert saved.status_code == 302
    page = client.get("/fr/help/").content.decode()
    assert "Nouveau texte." in page and "Ancien texte." not in page


def test_an_edit_of_an_emergency_number_shows_on_the_next_request(client):
    client.get("/fr/help/")
    client.get("/fr/help/")

    police = EmergencyNumber.objects.get(number="19")
    police.number = "190"
    police.save()

    assert 'href="tel:190"' in client.get("/fr/help/").content.decode()


def test_a_number_hidden_in_the_admins_list_disappears_on_the_next_request(client):
    assert 'href="tel:112"' in client.get("/fr/help/").content.decode()

    EmergencyNumber.objects.filter(number="112").update(is_shown=False)

    assert 'href="tel:112"' not in client.get("/fr/help/").content.decode()


def test_a_removed_help_section_disappears_on_the_next_request(client):
    section = HelpSection.objects.create(title_fr="Rubrique éphémère", body_fr="Texte.", order=0)
    assert "Rubrique éphémère" in client.get("/fr/help/").content.decode()

    section.delete()

    assert "Rubrique éphémère" not in client.get("/fr/help/").content.decode()


def test_a_signed_in_person_never_gets_the_visitors_cached_help_page(client, iom_user):
    client.get("/fr/help/")
    client.get("/fr/help/")  # kept for visitors
    client.force_login(iom_user)

    queries, response = queries_of(client, "/fr/help/")

    assert response.status_code == 200
    assert queries > 1  # rendered for them, not read from the visitors' entry


def client_class_for(client):
    """Another browser: the admin signs in without the visitor's client gaining a session."""
    return type(client)()
