"""An unhandled error reaches a person (a mail to ADMINS) without what was typed; every log line
of a request carries the request's id; JSON lines for a log collector."""

import json
import logging.config
import uuid

import pytest
from django.core import mail
from django.test import Client

from config.logging import SCRUBBED, logging_config, scrub_event

NAME = "Yassine Benali"


@pytest.mark.urls("tests.error_urls")
def test_a_500_is_mailed_to_the_admins_without_what_was_posted(db, settings, after_commit):
    settings.DEBUG = False
    settings.ADMINS = [("ops", "ops@iom.int")]
    settings.SENTRY_DSN = "https://f00dcafe@sentry.example.org/7"
    client = Client(raise_request_exception=False)

    with after_commit():  # the report is queued (mailing/handlers.py), sent by a task
        response = client.post("/fails/", {"full_name": NAME, "phone": "+212 600 000 001"})

    assert response.status_code == 500
    (report,) = mail.outbox
    assert report.to == ["ops@iom.int"]
    assert "RuntimeError" in report.body and "/fails/" in report.subject
    assert NAME not in report.body and "600 000 001" not in report.body
    assert "f00dcafe" not in report.body


@pytest.mark.urls("tests.error_urls")
def test_no_mail_without_admins(db, settings):
    settings.DEBUG = False
    settings.ADMINS = []

    assert Client(raise_request_exception=False).post("/fails/").status_code == 500
    assert not mail.outbox


def test_every_response_carries_its_request_id_and_keeps_the_proxys(client, db):
    made = client.get("/healthz")["X-Request-ID"]
    given = uuid.uuid4().hex

    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


def test_json_log_lines_carry_the_request_id(client, db, settings, capsys):
    logging.config.dictConfig(logging_config("INFO", "json"))
    try:
        capsys.readouterr()
        response = client.get("/fr/no-such-page/")
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    finally:
        logging.config.dictConfig(settings.LOGGING)

    assert response.status_code == 404
    (not_found,) = [line for line in lines if line["name"] == "django.request"]
    assert not_found["levelname"] == "WARNING"
    assert not_found["correlation_id"] == response["X-Request-ID"]


def test_sentry_events_leave_out_what_people_typed():
    event = {
        "request": {
            "url": "https://manara.example.org/fr/cases/new/",
            "data": {"full_name": NAME},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "User-Agent": "Firefox"},
        },
        "user": {"username": "partner1", "email": "p@ngo.ma"},
        "exception": {
            "values": [{"stacktrace": {"frames": [{"function": "save", "vars": {"n": NAME}}]}}]
        },
    }

    scrubbed = scrub_event(event, {})

    assert NAME not in json.dumps(scrubbed) and "partner1" not in json.dumps(scrubbed)
    assert scrubbed["request"]["data"] == SCRUBBED
    assert scrubbed["request"]["headers"] == {"Cookie": SCRUBBED, "User-Agent": "Firefox"}
    assert scrubbed["request"]["url"].endswith("/fr/cases/new/")
