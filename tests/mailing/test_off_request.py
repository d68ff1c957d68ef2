"""No request talks to the mail server, and telling more people costs a request no more queries.

The mail server here is a port nobody listens on: a request that tried to send would fail (or
wait). Tasks go to the database, as in production, so nothing queued runs in the request.
"""

import socket

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from mailing.models import OutgoingMail
from notifications.kinds import Kind
from notifications.services import notify
from referrals.models import Referral
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_mail_server(settings, database_tasks):
    """SMTP to a port of this machine nobody listens on; tasks queued in the database."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def colleagues_of(user, count: int) -> list[User]:
    return [
        UserFactory(username=f"{user.username}_{n}", role=user.role, organisation=user.organisation)
        for n in range(count)
    ]


def test_a_referral_status_change_answers_and_queues_its_mails(
    client,
    iom_user,
    partner_user,
    draft_referral,
    unreachable_mail_server,
    django_capture_on_commit_callbacks,
):
    colleagues_of(partner_user, 3)
    client.force_login(iom_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("referrals:referral_status", args=[draft_referral.pk]),
            {"status": "sent", "version": draft_referral.version},
        )

    assert response.status_code == 302
    assert Referral.objects.get().status == "sent"
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).count() == 4
    assert DBTaskResult.objects.get().task_path == "mailing.tasks.send_outgoing_mails"
    assert mail.outbox == []


def test_a_password_reset_request_answers_and_queues_its_mail(
    client, partner_user, unreachable_mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password/reset/", {"email": partner_user.email})

    assert response.status_code == 302
    outgoing = OutgoingMail.objects.get()
    assert (outgoing.user, outgoing.status) == (partner_user, OutgoingMail.Status.QUEUED)
    assert DBTaskResult.objects.get().task_path == "mailing.tasks.send_outgoing_mail"


@pytest.mark.parametrize("people", [2, 12])
def test_telling_more_people_costs_the_same_queries(
    partner_user, unreachable_mail_server, people, django_assert_num_queries
):
    recipients = [partner_user, *colleagues_of(partner_user, people - 1)]
    values = {"reference": "RET-2026-00042", "service": "Santé", "status": "Envoyée"}

    # The preferences, the notifications and the mails: one query each.
    with django_assert_num_queries(3):
        notify(recipients, Kind.REFERRAL_RECEIVED, values, "/fr/referrals/7/")

    assert OutgoingMail.objects.count() == people


def test_the_queued_batch_queues_each_mails_own_sending(
    partner_user, unreachable_mail_server, django_capture_on_commit_callbacks
):
    recipients = [partner_user, *colleagues_of(partner_user, 2)]
    values = {"reference": "RET-2026-00042", "service": "Santé", "status": "Envoyée"}
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients, Kind.REFERRAL_RECEIVED, values, "/fr/referrals/7/")
    batch = DBTaskResult.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        batch.task.call(*batch.args_kwargs["args"])

    ids = set(OutgoingMail.objects.values_list("pk", flat=True))
    sendings = DBTaskResult.objects.filter(task_path="mailing.tasks.send_outgoing_mail")
    assert {task.args_kwargs["args"][0] for task in sendings} == ids
    assert all(task.args_kwargs["args"][1] == 1 for task in sendings)


@pytest.mark.urls("tests.error_urls")
def test_an_error_report_to_the_admins_is_queued_not_sent_from_the_request(
    settings, unreachable_mail_server, django_capture_on_commit_callbacks
):
    settings.DEBUG = False
    settings.ADMINS = [("ops", "ops@iom.int"), ("dev", "dev@iom.int")]

    with django_capture_on_commit_callbacks(execute=True):
        response = Client(raise_request_exception=False).post("/fails/")

    assert response.status_code == 500
    reports = OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED)
    assert sorted(reports.values_list("address", flat=True)) == ["dev@iom.int", "ops@iom.int"]
    assert all("RuntimeError" in report.body for report in reports)
    assert DBTaskResult.objects.get().task_path == "mailing.tasks.send_outgoing_mails"
