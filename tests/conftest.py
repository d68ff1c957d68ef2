"""Shared fixtures: one organisation per kind of user, one user per role, and facilities."""

import functools
import http.server
import threading

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accounts import twofactor
from accounts.models import Organisation, User

from .factories import (
    AssessmentFactory,
    FacilityFactory,
    OrganisationFactory,
    UserFactory,
    answer_all,
    published_framework,
)

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords quickly; production keeps Django's slow, safe default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: nothing computed for another test is served."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in French: a request to an /ar/ page leaves Arabic active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def second_factor_passed(request, monkeypatch):
    """`client.force_login(user)` skips the password; like it, it skips the second factor.

    A session it opens has passed two-factor sign-in, as if the person had typed their code, so
    tests of other pages need no authenticator app. Tests of two-factor sign-in itself are marked
    `second_factor` and sign in as a person does (tests/accounts/test_two_factor.py).
    """
    if request.node.get_closest_marker("second_factor"):
        return
    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        session = self.session
        session[twofactor.PASSED_SESSION_KEY] = True
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def after_commit(settings, django_capture_on_commit_callbacks):
    """`with after_commit(): ...` runs at the block's end what a commit would start, tasks at once.

    Each test runs inside a transaction that is rolled back, so nothing queued with
    `transaction.on_commit` (mails, for one) would ever run; this runs it as a real commit does,
    with the immediate task backend, so mails reach `django.core.mail.outbox`.
    """
    settings.TASKS = IMMEDIATE_TASKS
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def iom_org(db):
    return OrganisationFactory(name="OIM Maroc", acronym="OIM", kind=Organisation.Kind.IOM)


@pytest.fixture
def ngo_a(db):
    return OrganisationFactory(name="Association Accueil Oriental", acronym="AAO")


@pytest.fixture
def ngo_b(db):
    return OrganisationFactory(name="Association Solidarité Souss", acronym="ASS")


@pytest.fixture
def admin_user(iom_org):
    return UserFactory(
        username="admin_t", role=User.Role.ADMIN, organisation=iom_org, is_staff=True
    )


@pytest.fixture
def iom_user(iom_org):
    return UserFactory(username="iom_t", role=User.Role.IOM_STAFF, organisation=iom_org)


@pytest.fixture
def partner_user(ngo_a):
    return UserFactory(username="partner_a", role=User.Role.PARTNER, organisation=ngo_a)


@pytest.fixture
def other_partner_user(ngo_b):
    return UserFactory(username="partner_b", role=User.Role.PARTNER, organisation=ngo_b)


@pytest.fixture
def viewer_user(db):
    return UserFactory(username="viewer_t", role=User.Role.VIEWER)


@pytest.fixture
def users(admin_user, iom_user, partner_user, viewer_user):
    """Every role by name, for tests that walk through all of them."""
    return {
        "admin": admin_user,
        "iom_staff": iom_user,
        "partner": partner_user,
        "viewer": viewer_user,
    }


@pytest.fixture
def facility_a(ngo_a):
    """A published facility run by NGO A (partner_user's organisation)."""
    return FacilityFactory(name="Centre Al Amal", managing_organisation=ngo_a)


@pytest.fixture
def unpublished_facility_b(ngo_b):
    """An unpublished facility run by NGO B: outside partner_user's scope."""
    return FacilityFactory(name="Foyer Tiwizi", managing_organisation=ngo_b, is_published=False)


@pytest.fixture
def published_facility_b(ngo_b):
    """A published facility run by NGO B: partner_user may read it but not change it."""
    return FacilityFactory(name="Espace Souss", managing_organisation=ngo_b, is_published=True)


@pytest.fixture
def framework(db):
    """A small published framework: two criteria per dimension, SAF-1 critical."""
    return published_framework()


@pytest.fixture
def draft_assessment(facility_a, framework, partner_user):
    """A draft assessment of facility_a started by partner_user (NGO A)."""
    return AssessmentFactory(facility=facility_a, framework=framework, created_by=partner_user)


@pytest.fixture
def submitted_assessment(draft_assessment, partner_user):
    """draft_assessment answered (all 2s, SAF-1 at 0) and submitted by partner_user."""
    answer_all(draft_assessment, 2, SAF_1=0)
    draft_assessment.submit(partner_user)
    return draft_assessment


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    """Answers every request with an empty PNG and records its path."""

    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    """An HTTP server on 127.0.0.1 that records whether anything called it (PDF fetcher tests)."""
    RecordingHandler.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", RecordingHandler.requests
    server.shutdown()
    server.server_close()


# Single sign-on: a real OpenID Connect provider in a second process (tests/oidc_provider/)

PROVIDER_PASSWORD = "provider password 1"
# The provider's people: Manara's accounts with these e-mails are made by each test.
PROVIDER_PEOPLE = [
    {"username": "amina", "email": "Amina.Idrissi@iom.int"},
    {"username": "direction", "email": "direction@iom.int"},
    {"username": "stranger", "email": "stranger@iom.int"},
    {"username": "youssef", "email": "youssef@iom.int", "verified": False},
    {"username": "salma", "email": "salma@ngo-oriental.ma"},
    {"username": "demo", "email": "iom@demo.manara.invalid"},
]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """The test provider, started once for the session on a free 127.0.0.1 port."""
    from tests.oidc_provider.process import running_provider

    people = [person | {"password": PROVIDER_PASSWORD} for person in PROVIDER_PEOPLE]
    with running_provider(
        tmp_path_factory.mktemp("oidc_provider"),
        people,
        client_id="manara-tests",
        client_secret="manara tests client secret",
        # Loopback addresses: the provider accepts them on any port (RFC 8252).
        redirect_uris=["http://127.0.0.1/oidc/callback/", "http://localhost/oidc/callback/"],
    ) as provider:
        yield provider


@pytest.fixture
def sso(settings, oidc_provider):
    """Single sign-on configured with the test provider, as the three variables do."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider.client_secret
    return oidc_provider
