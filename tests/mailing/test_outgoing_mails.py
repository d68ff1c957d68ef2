"""Mails leave the request: queued after commit, sent by a task, retried, recorded and logged."""

import datetime
import logging
import socket

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mailing.models import OutgoingMail
from mailing.tasks import MAX_ATTEMPTS, queue_mail, send_outgoing_mail
from notifications.models import Notification
from referrals.models import Referral
from referrals.services import notify

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    """Something that goes wrong in a request after the notification was written."""


def test_a_mail_is_sent_after_commit_and_recorded_as_sent(partner_user, after_commit):
    with after_commit():
        outgoing = queue_mail(partner_user, "Sujet", "Corps du message")
        assert mail.outbox == []

    outgoing.refresh_from_db()
    assert [message.to for message in mail.outbox] == [[partner_user.email]]
    assert (mail.outbox[0].subject, mail.outbox[0].body) == ("Sujet", "Corps du message")
    assert outgoing.status == OutgoingMail.Status.SENT
    assert (outgoing.attempts, outgoing.last_error) == (1, "")
    assert outgoing.sent_at is not None
    # The body is needed only until it is sent (a reset link must not stay in the database).
    assert outgoing.body == ""


def test_nothing_is_mailed_or_queued_when_the_request_rolls_back(
    draft_referral, iom_user, partner_user, database_tasks, django_capture_on_commit_callbacks
):
    draft_referral.move("sent", iom_user)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        notify(draft_referral, "sent", "http://testserver/")
        raise Rollback

    assert callbacks == []
    assert mail.outbox == []
    assert not OutgoingMail.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert not Notification.objects.exists()


def test_a_committed_notification_queues_a_task_and_sends_nothing_in_the_request(
    draft_referral, iom_user, partner_user, database_tasks, django_capture_on_commit_callbacks
):
    draft_referral.move("sent", iom_user)

    with django_capture_on_commit_callbacks(execute=True):
        notify(draft_referral, "sent", "http://testserver/")
        assert not DBTaskResult.objects.exists()

    outgoing = OutgoingMail.objects.get()
    assert (outgoing.user, outgoing.status) == (partner_user, OutgoingMail.Status.QUEUED)
    assert mail.outbox == []
    task = DBTaskResult.objects.get()
    assert task.task_path == "mailing.tasks.send_outgoing_mail"
    assert task.args_kwargs == {"args": [outgoing.pk, 1], "kwargs": {}}


def test_the_record_keeps_the_case_reference_and_never_the_name(
    draft_referral, iom_user, partner_user, database_tasks, django_capture_on_commit_callbacks
):
    draft_referral.case.full_name, draft_referral.case.phone = "Secret Nom", "0611223344"
    draft_referral.case.save()
    draft_referral.move("sent", iom_user)

    with django_capture_on_commit_callbacks(execute=True):
        notify(draft_referral, "sent", "http://testserver/")

    outgoing = OutgoingMail.objects.get()
    assert draft_referral.case.reference in outgoing.subject + outgoing.body
    assert "Secret" not in outgoing.subject + outgoing.body
    assert "0611223344" not in outgoing.subject + outgoing.body


def test_a_refusing_server_fails_the_mail_after_every_attempt_and_the_click_still_succeeds(
    client, iom_user, partner_user, draft_referral, refusing_server, after_commit
):
    client.force_login(iom_user)

    with after_commit():
        response = client.post(
            reverse("referrals:referral_status", args=[draft_referral.pk]),
            {"status": "sent", "version": draft_referral.version},
        )

    assert response.status_code == 302
    assert Referral.objects.get().status == "sent"
    assert Notification.objects.get(recipient=partner_user)
    outgoing = OutgoingMail.objects.get()
    assert outgoing.status == OutgoingMail.Status.FAILED
    assert outgoing.attempts == MAX_ATTEMPTS
    assert "550" in outgoing.last_error and "Relaying denied" in outgoing.last_error
    assert outgoing.body  # kept, so that an administrator may send it again
    assert mail.outbox == []


def test_a_mail_server_that_cannot_be_reached_fails_the_mail_with_the_reason(
    settings, partner_user, after_commit
):
    with socket.socket() as probe:  # a port on this machine that nothing listens to
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

    with after_commit():
        outgoing = queue_mail(partner_user, "Sujet", "Corps")

    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingMail.Status.FAILED
    assert outgoing.attempts == MAX_ATTEMPTS
    assert "ConnectionRefusedError" in outgoing.last_error


def test_a_failed_attempt_is_tried_again_later_with_a_growing_delay(
    partner_user, refusing_server, database_tasks, django_capture_on_commit_callbacks
):
    outgoing = OutgoingMail.objects.create(
        user=partner_user, address=partner_user.email, language="fr", subject="S", body="B"
    )

    with django_capture_on_commit_callbacks(execute=True):
        send_outgoing_mail.call(outgoing.pk, 1)
    with django_capture_on_commit_callbacks(execute=True):
        send_outgoing_mail.call(outgoing.pk, 2)

    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts) == (OutgoingMail.Status.QUEUED, 2)
    first, second = DBTaskResult.objects.order_by("run_after")
    assert first.args_kwargs["args"] == [outgoing.pk, 2]
    assert second.args_kwargs["args"] == [outgoing.pk, 3]
    now = timezone.now()
    assert now + datetime.timedelta(seconds=50) < first.run_after
    assert first.run_after < now + datetime.timedelta(seconds=70)
    assert second.run_after - first.run_after > datetime.timedelta(minutes=3)


def test_a_task_that_arrives_twice_sends_the_mail_once(partner_user, after_commit):
    outgoing = OutgoingMail.objects.create(
        user=partner_user, address=partner_user.email, language="fr", subject="S", body="B"
    )

    send_outgoing_mail.call(outgoing.pk, 1)
    send_outgoing_mail.call(outgoing.pk, 1)

    assert len(mail.outbox) == 1
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts) == (OutgoingMail.Status.SENT, 1)


def test_an_account_without_an_address_gets_no_mail(after_commit):
    user = UserFactory(username="sans_adresse", email="")

    with after_commit():
        outgoing = queue_mail(user, "Sujet", "Corps")

    assert outgoing is None
    assert not OutgoingMail.objects.exists()
    assert mail.outbox == []


def test_the_log_names_the_mail_and_the_user_never_the_body_or_the_address(
    caplog, partner_user, iom_user, settings, after_commit
):
    caplog.set_level(logging.INFO, logger="manara.mail")
    with after_commit():
        sent = queue_mail(partner_user, "Sujet envoyé", "Texte secret du message envoyé")
    settings.EMAIL_BACKEND = "tests.mailing.refusing_backend.RefusingBackend"
    with after_commit():
        failed = queue_mail(iom_user, "Sujet refusé", "Texte secret du message refusé")

    lines = [record.getMessage() for record in caplog.records if record.name == "manara.mail"]
    assert any(f"Mail {sent.pk} to user {partner_user.pk} sent" in line for line in lines)
    assert sum(f"Mail {failed.pk} to user {iom_user.pk} failed" in line for line in lines) == (
        MAX_ATTEMPTS
    )
    assert any("gave up" in line for line in lines)
    for line in lines:
        assert "Texte secret" not in line
        assert partner_user.email not in line and iom_user.email not in line
