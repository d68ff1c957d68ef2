"""The staff guide: one text per language, for signed-in people, linked from the menu."""

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/en/help/staff/").status_code == 302


@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner", "viewer"])
def test_every_role_reads_the_guide_in_each_language(client, users, role):
    client.force_login(users[role])
    for language, words in (
        ("fr", "Sévérité"),
        ("ar", "درجة الخطورة"),
        ("en", "Severity"),
    ):
        response = client.get(f"/{language}/help/staff/")
        assert response.status_code == 200
        content = response.content.decode()
        assert words in content
        assert content.count("<h1") == 1
        assert f'lang="{language}"' in content


def test_the_menu_links_to_the_guide_and_the_public_help_page_still_works(client, iom_user):
    client.force_login(iom_user)
    content = client.get("/en/facilities/").content.decode()
    assert 'href="/en/help/staff/"' in content
    assert 'id="menu-search"' in content
    client.logout()
    assert client.get("/en/help/").status_code == 200
