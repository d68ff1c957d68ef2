"""Every staff page without parameters, in French and Arabic: a plain-text title, one h1, landmarks.

The pages are found from the URL configuration, so a page added later is checked too. A misplaced
block (a section inside the title block, say) shows here as markup in the browser's tab.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.conftest import PASSWORD
from tests.factories import ActorServiceFactory, FacilityFactory
from tests.second_factor import enrol

# Namespaces of the staff and public pages; the admin has its own look.
APPS = ("facilities", "assessments", "referrals", "guides", "accounts", "plans", "search")
# Addresses that are not pages: downloads, map data, htmx fragments, sign-out (POST only).
NOT_PAGES = re.compile(r"(\.xlsx|\.csv|\.geojson|\.json|\.pdf|\.zip|logout|options)")
# Pages for visitors who are not signed in (a signed-in user is sent on).
ANONYMOUS = {"accounts:login"}
# Pages for someone who gave their password and still owes the code of their app.
OWING_A_CODE = {"accounts:two_factor_verify"}
# Pages whose address has no parameter but which need one in the query string.
QUERIES = {"referrals:refer_to_service": lambda: f"?service={ActorServiceFactory().pk}"}


def page_names() -> list[str]:
    names = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif (
                isinstance(entry, URLPattern)
                and entry.name
                and not entry.pattern.converters
                and namespace in APPS
                and not NOT_PAGES.search(f"{entry.pattern} {entry.name}")
            ):
                names.append(f"{namespace}:{entry.name}")

    walk(get_resolver().url_patterns, None)
    return sorted(set(names))


class PageShell(HTMLParser):
    """The title's raw content, the h1 count and the landmarks of one page."""

    def __init__(self):
        super().__init__()
        self.in_title = False
        self.title_markup = []
        self.title = ""
        self.h1 = 0
        self.landmarks = set()

    def handle_starttag(self, tag, attrs):
        if self.in_title:
            self.title_markup.append(tag)
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.h1 += 1
        if tag in ("main", "nav", "header", "footer"):
            self.landmarks.add(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def test_the_page_list_finds_the_main_pages():
    names = page_names()

    assert {"facilities:list", "referrals:dashboard", "assessments:prioritisation"} <= set(names)


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("name", page_names())
def test_every_page_has_a_plain_title_one_heading_and_a_main_landmark(
    client, admin_user, language, name
):
    FacilityFactory()
    if name in OWING_A_CODE:
        enrol(admin_user)
        client.post(
            reverse("accounts:login"), {"username": admin_user.username, "password": PASSWORD}
        )
    elif name not in ANONYMOUS:
        client.force_login(admin_user)
    with translation.override(language):
        response = client.get(reverse(name) + QUERIES.get(name, str)())

    assert response.status_code == 200, name
    shell = PageShell()
    shell.feed(response.text)
    assert shell.title_markup == [], f"{name}: markup in the title"
    assert shell.title.strip() and "<" not in shell.title, name
    assert shell.h1 == 1, f"{name}: {shell.h1} h1"
    assert "main" in shell.landmarks, name
