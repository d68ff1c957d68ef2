"""Every page is sent with a strict Content-Security-Policy and a Permissions-Policy.

The policy allows scripts, styles, fonts and requests from Manara itself only, images from
Manara, `data:` addresses (Bootstrap's icons) and the map's tile server, and nothing to frame a
page; the browser refuses powerful features (camera, microphone, geolocation...) to every page.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from config.content_security import tile_origin
from tests.factories import CaseFactory, validated_assessment
from tests.plans.conftest import (  # noqa: F401 (fixtures used by name)
    japan,
    oriental,
    oriental_council,
    oriental_plan,
)

# ruff: noqa: F811

STRICT_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def directives(header: str) -> dict[str, list[str]]:
    """The policy's directives by name, each with its sources in order."""
    parsed = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


def features(header: str) -> dict[str, str]:
    """The Permissions-Policy's features by name, each with its allow list: `()` for none."""
    return dict(part.strip().split("=", 1) for part in header.split(","))


@pytest.fixture
def records(facility_a, iom_user, oriental_plan):
    """A validated assessment, a case and a plan, so that their pages exist."""
    return {
        "assessment": validated_assessment(facility_a, iom_user),
        "case": CaseFactory(owner=iom_user.organisation),
        "plan": oriental_plan,
    }


def public_pages(facility_a) -> list[str]:
    pages = []
    for language in ("fr", "ar"):
        pages += [
            f"/{language}/directory/",
            f"/{language}/directory/{facility_a.slug}/",
            f"/{language}/help/",
            f"/{language}/accounts/login/",
        ]
    return pages


def staff_pages(records) -> list[str]:
    facility = records["assessment"].facility
    return [
        reverse("facilities:list"),
        reverse("facilities:map"),
        reverse("facilities:detail", args=[facility.pk]),
        reverse("assessments:list"),
        reverse("assessments:detail", args=[records["assessment"].pk]),
        reverse("assessments:prioritisation"),
        reverse("assessments:need_list"),
        reverse("referrals:case_list"),
        reverse("referrals:case_detail", args=[records["case"].pk]),
        reverse("plans:plan_list"),
        reverse("plans:plan_detail", args=[records["plan"].pk]),
    ]


def admin_pages(records) -> list[str]:
    facility = records["assessment"].facility
    return [
        reverse("admin:index"),
        reverse("admin:facilities_facility_changelist"),
        reverse("admin:facilities_facility_change", args=[facility.pk]),
        reverse("admin:facilities_facility_history", args=[facility.pk]),
        reverse("admin:facilities_facility_import"),
        reverse("admin:facilities_facility_export"),
        reverse("system_activity"),
    ]


def assert_strict_headers(response, address):
    assert response.status_code == 200, address
    policy = directives(response["Content-Security-Policy"])
    for name, sources in STRICT_DIRECTIVES.items():
        assert policy[name] == sources, f"{address}: {name} {policy.get(name)}"
    assert policy["img-src"][:2] == ["'self'", "data:"], address
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & {s for v in policy.values() for s in v}
    allowed = features(response["Permissions-Policy"])
    for feature in DENIED_FEATURES:
        assert allowed[feature] == "()", f"{address}: {feature}={allowed.get(feature)}"


def test_public_pages_and_the_login_page_send_the_strict_policy(client, facility_a):
    for address in public_pages(facility_a):
        assert_strict_headers(client.get(address), address)


def test_staff_pages_send_the_strict_policy(client, iom_user, records):
    client.force_login(iom_user)

    for address in staff_pages(records):
        assert_strict_headers(client.get(address), address)


def test_back_office_pages_send_the_strict_policy(client, admin_user, records):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)

    for address in admin_pages(records):
        assert_strict_headers(client.get(address), address)


def test_the_tile_servers_origin_may_serve_images(client, db):
    response = client.get("/fr/directory/")

    scheme, host, *_ = urlsplit(settings.TILE_URL)
    assert f"{scheme}://{host}" in directives(response["Content-Security-Policy"])["img-src"]


@pytest.mark.parametrize(
    ("tile_url", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://tiles.local:8080/osm/{z}/{x}/{y}.png", "http://tiles.local:8080"),
        ("/tiles/{z}/{x}/{y}.png", None),
        ("", None),
    ],
)
def test_the_tile_origin_is_read_from_the_tile_address(tile_url, origin):
    assert tile_origin(tile_url) == origin


def test_a_pdf_is_sent_without_a_policy_so_that_chromes_viewer_may_show_it(client, facility_a):
    response = client.get(reverse("guides:sheet", args=[facility_a.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response
    assert features(response["Permissions-Policy"])["camera"] == "()"
