"""Mails left `queued` with no task behind them are queued again by `requeue_mails`."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mailing.models import OutgoingMail

pytestmark = pytest.mark.django_db


def _stuck(user, hours: int, attempts: int = 0) -> OutgoingMail:
    """A queued mail whose last news is `hours` old, as a stopped worker leaves it."""
    outgoing = OutgoingMail.objects.create(
        user=user, address=user.email, subject="Sujet", body="Corps", attempts=attempts
    )
    old = timezone.now() - datetime.timedelta(hours=hours)
    OutgoingMail.objects.filter(pk=outgoing.pk).update(
        created_at=old, last_attempt_at=old if attempts else None
    )
    return outgoing


def test_a_mail_stuck_for_hours_is_sent_and_a_recent_one_is_left_to_its_task(
    partner_user, iom_user, after_commit
):
    stuck = _stuck(partner_user, hours=5, attempts=2)
    recent = _stuck(iom_user, hours=0)
    out = io.StringIO()

    with after_commit():
        call_command("requeue_mails", stdout=out)

    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert "1 stuck mail(s) queued again." in out.getvalue()
    assert [message.to for message in mail.outbox] == [[partner_user.email]]
    assert (stuck.status, stuck.attempts) == (OutgoingMail.Status.SENT, 3)
    assert (recent.status, recent.attempts) == (OutgoingMail.Status.QUEUED, 0)


def test_a_sent_or_failed_mail_is_never_queued_again(partner_user, after_commit):
    sent = _stuck(partner_user, hours=5)
    failed = _stuck(partner_user, hours=5)
    OutgoingMail.objects.filter(pk=sent.pk).update(status=OutgoingMail.Status.SENT)
    OutgoingMail.objects.filter(pk=failed.pk).update(status=OutgoingMail.Status.FAILED)

    with after_commit():
        call_command("requeue_mails", stdout=io.StringIO())

    assert mail.outbox == []
