"""Pulling submissions from a KoboToolbox server: the client, the background task and the pages.

Every test talks HTTP to a fake Kobo server on 127.0.0.1 (kobo_server.py) that answers in the
format of Kobo's API v2, pagination included.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment
from kobo.api import KoboError, fetch_submissions
from kobo.models import KoboForm, KoboImport
from kobo.submissions import Submission
from kobo.tasks import fetch_kobo_submissions
from tests.factories import AssessmentFactory, FrameworkFactory

from .kobo_server import (
    BROKEN_JSON,
    ENDLESS,
    NOT_KOBO,
    SERVER_ERROR,
    SLOW,
    FakeKobo,
    down_url,
    kobo_submission,
)

ASSET = "aBcD1234eFgH5678"
TOKEN = "kobo-test-token"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the source language (no translation exists yet)."""
    with translation.override("en"):
        yield


@pytest.fixture
def kobo():
    """A Kobo server with one form of three submissions."""
    with FakeKobo(token=TOKEN) as server:
        server.forms[ASSET] = [kobo_submission(number) for number in (1, 2, 3)]
        yield server


@pytest.fixture
def kobo_settings(settings, kobo):
    """Manara configured to fetch from the fake server, running tasks at once."""
    settings.KOBO_URL, settings.KOBO_TOKEN, settings.KOBO_TIMEOUT = kobo.url, TOKEN, 5
    settings.TASKS = IMMEDIATE
    return settings


@pytest.fixture
def kobo_form(framework):
    return KoboForm.objects.create(framework=framework, asset_uid=ASSET, title="Visites 2026")


def fetching_import(kobo_form, user, **fields) -> KoboImport:
    return KoboImport.objects.create(
        source=KoboImport.Source.API,
        status=KoboImport.Status.FETCHING,
        kobo_form=kobo_form,
        framework=kobo_form.framework,
        created_by=user,
        organisation=user.organisation,
        **fields,
    )


# The client ---------------------------------------------------------------------------------


def test_the_client_follows_next_through_every_page_with_the_token(kobo):
    kobo.forms[ASSET] = [kobo_submission(number) for number in range(1, 251)]
    pages = []

    submissions = fetch_submissions(
        ASSET,
        base_url=kobo.url,
        token=TOKEN,
        page_size=100,
        on_page=lambda fetched, count: pages.append((fetched, count)),
    )

    assert len(kobo.requests) == 3
    assert [request["query"].get("start") for request in kobo.requests] == [None, "100", "200"]
    assert {request["authorization"] for request in kobo.requests} == {f"Token {TOKEN}"}
    assert {request["accept"] for request in kobo.requests} == {"application/json"}
    assert kobo.requests[0]["path"] == f"/api/v2/assets/{ASSET}/data/"
    assert kobo.requests[0]["query"] == {"format": "json", "limit": "100"}
    assert pages == [(100, 250), (200, 250), (250, 250)]
    assert len({submission.uuid for submission in submissions}) == 250
    assert [submissions[0].row, submissions[-1].row] == [1, 250]


def test_a_kobo_result_becomes_a_submission_of_text_keyed_by_bare_names(kobo, framework):
    result = kobo_submission(7, framework=framework, needs=2, facility="T-042")
    result.update({"visit/people": 12, "visit/beds": 30.0, "visit/ratio": 2.5, "visit/open": True})
    result["visit/unanswered"] = None
    result["needs"][0]["needs/need_quantity"] = 3
    kobo.forms[ASSET] = [result]

    [submission] = fetch_submissions(ASSET, base_url=kobo.url, token=TOKEN)

    assert submission.uuid == "00000000-0000-4000-8000-000000000007"
    assert submission.row == 1
    assert submission.get("facility") == "T-042"
    assert submission.get("c_ACC_1") == "2" and submission.get("c_SAF_2_comment")
    assert submission.get("framework_version") == framework.version
    assert (submission.get("people"), submission.get("beds")) == ("12", "30")
    assert (submission.get("ratio"), submission.get("open")) == ("2.5", "true")
    assert submission.get("_id") == "1007"
    assert "unanswered" not in submission.values
    assert not {"_attachments", "_geolocation", "_validation_status", "needs"} & set(
        submission.values
    )
    assert [need["need_description"] for need in submission.needs] == [
        "Fire extinguisher 1",
        "Fire extinguisher 2",
    ]
    assert submission.needs[0]["need_quantity"] == "3"
    assert Submission.from_dict(submission.as_dict()) == submission


def test_a_result_without_uuid_is_refused_with_its_position(kobo):
    kobo.forms[ASSET][1].pop("_uuid")

    with pytest.raises(KoboError, match="Submission 2 .* has no _uuid"):
        fetch_submissions(ASSET, base_url=kobo.url, token=TOKEN)


def test_a_refused_token_gives_a_message_about_the_token(kobo):
    with pytest.raises(KoboError) as error:
        fetch_submissions(ASSET, base_url=kobo.url, token="wrong-token")

    assert error.value.message == (
        "The Kobo server refused the token (HTTP 401): check KOBO_TOKEN."
    )
    assert "wrong-token" not in error.value.message


def test_broken_json_is_reported_as_not_kobos_format(kobo):
    kobo.mode = BROKEN_JSON

    with pytest.raises(KoboError, match="not Kobo's API format"):
        fetch_submissions(ASSET, base_url=kobo.url, token=TOKEN)


def test_json_without_results_is_reported_as_not_kobos_format(kobo):
    kobo.mode = NOT_KOBO

    with pytest.raises(KoboError, match="not Kobo's API format"):
        fetch_submissions(ASSET, base_url=kobo.url, token=TOKEN)


def test_a_server_error_is_reported_with_its_status(kobo):
    kobo.mode = SERVER_ERROR

    with pytest.raises(KoboError, match=r"answered with an error \(HTTP 500\)"):
        fetch_submissions(ASSET, base_url=kobo.url, token=TOKEN)


def test_an_unknown_form_is_named_in_the_message(kobo):
    with pytest.raises(KoboError, match="does not know the form zZzZ1234567890"):
        fetch_submissions("zZzZ1234567890", base_url=kobo.url, token=TOKEN)


def test_a_server_that_is_down_cannot_be_reached():
    url = down_url()

    with pytest.raises(KoboError, match=f"The Kobo server at {url} cannot be reached"):
        fetch_submissions(ASSET, base_url=url, token=TOKEN)


def test_a_server_slower_than_the_timeout_cannot_be_reached(kobo, settings):
    settings.KOBO_TIMEOUT = 0.2
    kobo.mode, kobo.delay = SLOW, 1.0

    with pytest.raises(KoboError, match="cannot be reached: timed out"):
        fetch_submissions(ASSET, base_url=kobo.url, token=TOKEN)


def test_a_server_that_never_stops_pointing_to_a_next_page_is_stopped(kobo):
    kobo.forms[ASSET] = [kobo_submission(number) for number in range(1, 251)]
    kobo.mode = ENDLESS

    with pytest.raises(KoboError, match="kept pointing to more pages than the 250 submissions"):
        fetch_submissions(ASSET, base_url=kobo.url, token=TOKEN, page_size=100)

    # Three pages hold the 250 submissions; one more is allowed, then the fetch stops.
    assert len(kobo.requests) == 4


def test_no_fetch_reads_more_pages_than_configured(kobo, settings):
    kobo.forms[ASSET] = [kobo_submission(number) for number in range(1, 251)]
    settings.KOBO_MAX_PAGES = 2

    with pytest.raises(KoboError, match=r"\(2 pages read\)"):
        fetch_submissions(ASSET, base_url=kobo.url, token=TOKEN, page_size=100)

    assert len(kobo.requests) == 2


def test_a_next_page_on_another_server_is_refused_and_gets_no_token(kobo):
    kobo.forms[ASSET] = [kobo_submission(number) for number in range(1, 6)]
    with FakeKobo(token=TOKEN) as elsewhere:
        elsewhere.forms[ASSET] = kobo.forms[ASSET]
        kobo.next_base = elsewhere.url.replace("127.0.0.1", "localhost")

        with pytest.raises(KoboError, match="next page on another server"):
            fetch_submissions(ASSET, base_url=kobo.url, token=TOKEN, page_size=2)

        assert elsewhere.requests == []
    assert len(kobo.requests) == 1


def test_without_kobo_url_or_token_the_client_says_which_to_set(settings):
    settings.KOBO_URL, settings.KOBO_TOKEN = "", ""

    with pytest.raises(KoboError, match="set KOBO_URL, KOBO_TOKEN in the environment"):
        fetch_submissions(ASSET)


def test_a_kobo_url_without_scheme_is_refused(settings):
    settings.KOBO_URL, settings.KOBO_TOKEN = "kf.kobotoolbox.org", TOKEN

    with pytest.raises(KoboError, match="KOBO_URL must be the server's http"):
        fetch_submissions(ASSET)


# The background task ------------------------------------------------------------------------


def test_the_task_stores_the_submissions_and_their_count_for_the_preview(
    kobo_settings, kobo_form, iom_user
):
    kobo_import = fetching_import(kobo_form, iom_user)

    fetch_kobo_submissions.call(kobo_import.pk, "en")

    kobo_import.refresh_from_db()
    kobo_form.refresh_from_db()
    assert kobo_import.status == KoboImport.Status.READY
    assert (kobo_import.fetched, kobo_import.total, kobo_import.error) == (3, 3, "")
    submissions = [Submission.from_dict(data) for data in kobo_import.submissions]
    assert [submission.row for submission in submissions] == [1, 2, 3]
    assert submissions[0].get("facility") == "FAC-001" and submissions[0].needs
    assert kobo_form.last_fetched_at is not None
    assert not Assessment.objects.exists()


def test_the_task_leaves_out_submissions_already_imported(
    kobo_settings, kobo, kobo_form, iom_user, framework
):
    AssessmentFactory(framework=framework, kobo_uuid=kobo.forms[ASSET][1]["_uuid"])
    kobo_import = fetching_import(kobo_form, iom_user)

    fetch_kobo_submissions.call(kobo_import.pk, "en")

    kobo_import.refresh_from_db()
    assert [data["uuid"] for data in kobo_import.submissions] == [
        kobo.forms[ASSET][0]["_uuid"],
        kobo.forms[ASSET][2]["_uuid"],
    ]
    assert (kobo_import.fetched, kobo_import.total) == (3, 3)


@pytest.mark.parametrize(
    "breakage, message",
    [
        ("token", "The Kobo server refused the token (HTTP 401): check KOBO_TOKEN."),
        ("broken_json", "The Kobo server's answer is not Kobo's API format."),
        ("down", "cannot be reached"),
    ],
)
def test_a_failed_fetch_says_why_and_changes_nothing_else(
    kobo_settings, kobo, kobo_form, iom_user, breakage, message
):
    if breakage == "token":
        kobo_settings.KOBO_TOKEN = "wrong-token"
    elif breakage == "broken_json":
        kobo.mode = BROKEN_JSON
    else:
        kobo_settings.KOBO_URL = down_url()
    kobo_import = fetching_import(kobo_form, iom_user)

    fetch_kobo_submissions.call(kobo_import.pk, "en")

    kobo_import.refresh_from_db()
    kobo_form.refresh_from_db()
    assert kobo_import.status == KoboImport.Status.FAILED
    assert message in kobo_import.error
    assert kobo_import.submissions == []
    assert kobo_form.last_fetched_at is None
    assert not Assessment.objects.exists()


def test_an_unexpected_error_fails_the_fetch_with_a_generic_message(
    kobo_settings, kobo_form, iom_user, monkeypatch
):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("kobo.tasks.fetch_submissions", explode)
    kobo_import = fetching_import(kobo_form, iom_user)

    fetch_kobo_submissions.call(kobo_import.pk, "en")

    kobo_import.refresh_from_db()
    assert kobo_import.status == KoboImport.Status.FAILED
    assert kobo_import.error.startswith("Fetching from the Kobo server failed unexpectedly")
    assert kobo_import.submissions == []


# The pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "iom_staff"])
def test_iom_roles_see_the_linked_forms_with_a_fetch_button(
    client, users, role, kobo_settings, kobo_form
):
    fetching_import(kobo_form, users["iom_staff"])
    client.force_login(users[role])

    response = client.get(reverse("kobo:kobo_forms"))

    assert response.status_code == 200
    assert ASSET in response.text and "Visites 2026" in response.text
    assert str(kobo_form.framework) in response.text
    assert reverse("kobo:kobo_fetch", args=[kobo_form.pk]) in response.text
    assert "Fetch new submissions" in response.text
    assert "Fetching" in response.text  # the recent import's status


def test_without_settings_the_forms_page_says_what_to_set_and_offers_no_fetch(
    client, iom_user, kobo_form, settings
):
    settings.KOBO_URL, settings.KOBO_TOKEN = "", ""
    client.force_login(iom_user)

    response = client.get(reverse("kobo:kobo_forms"))

    assert "Set KOBO_URL, KOBO_TOKEN in the environment" in response.text
    assert reverse("kobo:kobo_fetch", args=[kobo_form.pk]) not in response.text


def test_iom_staff_fetch_new_submissions_and_land_on_the_preview(
    client, iom_user, kobo_settings, kobo, kobo_form
):
    client.force_login(iom_user)

    response = client.post(reverse("kobo:kobo_fetch", args=[kobo_form.pk]))

    kobo_import = KoboImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("kobo:kobo_preview", args=[kobo_import.pk])
    assert (kobo_import.source, kobo_import.status) == ("api", "ready")
    assert (kobo_import.created_by, kobo_import.organisation) == (iom_user, iom_user.organisation)
    assert kobo_import.framework == kobo_form.framework
    assert len(kobo_import.submissions) == 3
    assert kobo.requests[0]["authorization"] == f"Token {TOKEN}"


def test_a_fetch_with_a_refused_token_fails_with_a_message_and_creates_no_assessment(
    client, iom_user, kobo_settings, kobo_form
):
    kobo_settings.KOBO_TOKEN = "wrong-token"
    client.force_login(iom_user)

    client.post(reverse("kobo:kobo_fetch", args=[kobo_form.pk]))

    kobo_import = KoboImport.objects.get()
    assert kobo_import.status == "failed" and "KOBO_TOKEN" in kobo_import.error
    assert kobo_import.submissions == []
    assert not Assessment.objects.exists()


def test_a_queued_fetch_shows_its_progress_until_the_database_worker_finishes_it(
    client, iom_user, kobo_settings, kobo_form, monkeypatch
):
    kobo_settings.TASKS = DATABASE
    # As in the guides' batch tests: inside the test's transaction the worker would otherwise
    # close the connection it counts as unusable.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    client.force_login(iom_user)
    client.post(reverse("kobo:kobo_fetch", args=[kobo_form.pk]))
    kobo_import = KoboImport.objects.get()
    progress_url = reverse("kobo:kobo_progress", args=[kobo_import.pk])
    waiting = client.get(progress_url, HTTP_HX_REQUEST="true")

    call_command("db_worker", batch=True, startup_delay=False, interval=0)

    kobo_import.refresh_from_db()
    assert 'hx-trigger="every 2s"' in waiting.text
    assert "Asking the Kobo server for the submissions" in waiting.text
    assert (kobo_import.status, kobo_import.fetched, kobo_import.total) == ("ready", 3, 3)
    finished = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert finished.headers["HX-Refresh"] == "true"


def test_a_second_click_while_fetching_starts_no_second_fetch(
    client, iom_user, kobo_settings, kobo, kobo_form
):
    running = fetching_import(kobo_form, iom_user)
    client.force_login(iom_user)

    response = client.post(reverse("kobo:kobo_fetch", args=[kobo_form.pk]))

    assert response["Location"] == reverse("kobo:kobo_preview", args=[running.pk])
    assert KoboImport.objects.count() == 1
    assert kobo.requests == []


def test_fetching_without_settings_says_what_to_set_and_creates_nothing(
    client, iom_user, kobo_form, settings
):
    settings.KOBO_URL, settings.KOBO_TOKEN = "https://kf.kobotoolbox.org", ""
    client.force_login(iom_user)

    response = client.post(reverse("kobo:kobo_fetch", args=[kobo_form.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("kobo:kobo_forms")
    assert "set KOBO_TOKEN in the environment" in response.text
    assert not KoboImport.objects.exists()


def test_fetching_an_unknown_form_is_not_found(client, iom_user, kobo_settings):
    client.force_login(iom_user)

    response = client.post(reverse("kobo:kobo_fetch", args=[999]))

    assert response.status_code == 404
    assert not KoboImport.objects.exists()


def test_fetching_needs_a_post(client, iom_user, kobo_settings, kobo_form):
    client.force_login(iom_user)

    response = client.get(reverse("kobo:kobo_fetch", args=[kobo_form.pk]))

    assert response.status_code == 405
    assert not KoboImport.objects.exists()


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_kobo_forms_are_for_iom_roles_only(client, users, role, kobo_settings, kobo, kobo_form):
    client.force_login(users[role])

    statuses = [
        client.get(reverse("kobo:kobo_forms")).status_code,
        client.post(
            reverse("kobo:kobo_forms"),
            {"action": "link", "framework": kobo_form.framework.pk, "asset_uid": "x" * 12},
        ).status_code,
        client.post(reverse("kobo:kobo_fetch", args=[kobo_form.pk])).status_code,
    ]

    assert statuses == [403, 403, 403]
    assert KoboForm.objects.count() == 1 and not KoboImport.objects.exists()
    assert kobo.requests == []


def test_anonymous_visitors_are_sent_to_log_in(client, kobo_form, iom_user):
    kobo_import = fetching_import(kobo_form, iom_user)

    responses = [
        client.get(reverse("kobo:kobo_forms")),
        client.post(reverse("kobo:kobo_fetch", args=[kobo_form.pk])),
        client.get(reverse("kobo:kobo_progress", args=[kobo_import.pk])),
    ]

    assert all(response.status_code == 302 for response in responses)
    assert all("/login/" in response["Location"] for response in responses)
    assert KoboImport.objects.count() == 1


# Progress -----------------------------------------------------------------------------------


def test_the_progress_of_a_fetch_polls_until_it_is_over(client, iom_user, kobo_form):
    kobo_import = fetching_import(kobo_form, iom_user, fetched=300, total=1250)
    client.force_login(iom_user)

    response = client.get(
        reverse("kobo:kobo_progress", args=[kobo_import.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in response.text and 'hx-swap="outerHTML"' in response.text
    assert f'hx-get="{reverse("kobo:kobo_progress", args=[kobo_import.pk])}"' in (response.text)
    assert "300 of 1250 submissions fetched" in response.text
    assert 'role="progressbar"' in response.text and 'aria-valuenow="24"' in response.text
    assert reverse("kobo:kobo_preview", args=[kobo_import.pk]) in response.text
    assert "HX-Refresh" not in response.headers


@pytest.mark.parametrize("status", ["ready", "failed"])
def test_a_finished_fetch_asks_htmx_to_reload_the_preview(client, iom_user, kobo_form, status):
    kobo_import = fetching_import(kobo_form, iom_user, fetched=3, total=3)
    KoboImport.objects.filter(pk=kobo_import.pk).update(status=status)
    client.force_login(iom_user)

    response = client.get(
        reverse("kobo:kobo_progress", args=[kobo_import.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.headers["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.text


def test_a_partner_follows_its_own_import_only(client, partner_user, other_partner_user, kobo_form):
    own = fetching_import(kobo_form, partner_user)
    others = fetching_import(kobo_form, other_partner_user)
    client.force_login(partner_user)

    statuses = [
        client.get(reverse("kobo:kobo_progress", args=[own.pk])).status_code,
        client.get(reverse("kobo:kobo_progress", args=[others.pk])).status_code,
    ]

    assert statuses == [200, 404]


def test_a_viewer_cannot_follow_an_import(client, viewer_user, iom_user, kobo_form):
    kobo_import = fetching_import(kobo_form, iom_user)
    client.force_login(viewer_user)

    response = client.get(reverse("kobo:kobo_progress", args=[kobo_import.pk]))

    assert response.status_code == 404


# Linking a form -----------------------------------------------------------------------------


def test_iom_staff_link_a_kobo_form_to_a_published_framework(client, iom_user, framework):
    client.force_login(iom_user)

    response = client.post(
        reverse("kobo:kobo_forms"),
        {"action": "link", "framework": framework.pk, "asset_uid": ASSET, "title": "Visites"},
        follow=True,
    )

    kobo_form = KoboForm.objects.get()
    assert (kobo_form.framework, kobo_form.asset_uid, kobo_form.title) == (
        framework,
        ASSET,
        "Visites",
    )
    assert f"The Kobo form {ASSET} is linked to {framework}." in response.text


@pytest.mark.parametrize(
    "asset_uid, message",
    [
        ("aBcD-1234-eFgH", "An asset uid has only letters and digits"),
        ("aBcD123", "Ensure this value has at least 10 characters"),
        ("", "This field is required."),
    ],
)
def test_a_bad_asset_uid_is_refused_and_nothing_is_stored(
    client, iom_user, framework, asset_uid, message
):
    client.force_login(iom_user)

    response = client.post(
        reverse("kobo:kobo_forms"),
        {"action": "link", "framework": framework.pk, "asset_uid": asset_uid},
    )

    assert response.status_code == 200
    assert message in response.text
    assert not KoboForm.objects.exists()


def test_a_draft_framework_cannot_be_linked(client, iom_user):
    draft = FrameworkFactory()
    client.force_login(iom_user)

    response = client.post(
        reverse("kobo:kobo_forms"),
        {"action": "link", "framework": draft.pk, "asset_uid": ASSET},
    )

    assert "Choose a published framework." in response.text
    assert not KoboForm.objects.exists()


def test_a_form_already_linked_is_refused(client, iom_user, kobo_form):
    client.force_login(iom_user)

    response = client.post(
        reverse("kobo:kobo_forms"),
        {"action": "link", "framework": kobo_form.framework.pk, "asset_uid": ASSET},
    )

    assert "already exists" in response.text
    assert KoboForm.objects.count() == 1
