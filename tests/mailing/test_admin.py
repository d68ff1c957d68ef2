"""The back office lists outgoing mails, failures first, to administrators only, read-only."""

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from mailing.models import OutgoingMail

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:mailing_outgoingmail_changelist")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_an_administrator_sees_a_failed_mail_first_with_its_error(
    admin_client, sent_mail, failed_mail
):
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    page = response.text
    assert "RET-2026-00001" in page and "Relaying denied" in page
    assert page.index("RET-2026-00001") < page.index("RET-2026-00002")


def test_an_administrator_filters_the_mails_by_status(admin_client, sent_mail, failed_mail):
    response = admin_client.get(CHANGELIST, {"status__exact": "failed"})

    assert "RET-2026-00001" in response.text
    assert "RET-2026-00002" not in response.text


def test_the_list_never_shows_a_body(admin_client, failed_mail):
    response = admin_client.get(reverse("admin:mailing_outgoingmail_change", args=[failed_mail.pk]))

    assert response.status_code == 200
    assert "L’ouvrir dans Manara" not in response.text
    assert 'name="_save"' not in response.text


def test_iom_staff_without_admin_rights_cannot_see_the_mails(client, iom_org, failed_mail):
    staff = UserFactory(
        username="iom_staff_desk", role=User.Role.IOM_STAFF, organisation=iom_org, is_staff=True
    )
    client.force_login(staff)

    listing = client.get(CHANGELIST)
    index = client.get(reverse("admin:index"))

    assert listing.status_code == 403
    assert "mailing/outgoingmail" not in index.text


def test_nobody_adds_a_mail_by_hand(admin_client):
    assert admin_client.get(reverse("admin:mailing_outgoingmail_add")).status_code == 403


def test_send_again_queues_a_failed_mail_which_then_leaves(
    admin_client, failed_mail, sent_mail, partner_user, after_commit
):
    with after_commit():
        response = admin_client.post(
            CHANGELIST,
            {"action": "send_again", "_selected_action": [failed_mail.pk, sent_mail.pk]},
            follow=True,
        )

    assert response.status_code == 200
    failed_mail.refresh_from_db()
    assert failed_mail.status == OutgoingMail.Status.SENT
    assert failed_mail.attempts == 1
    assert [message.to for message in mail.outbox] == [[partner_user.email]]
    assert "1" in response.text  # the message says how many were queued again


def test_send_again_leaves_the_mail_queued_for_the_worker(
    admin_client, failed_mail, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            CHANGELIST, {"action": "send_again", "_selected_action": [failed_mail.pk]}
        )

    failed_mail.refresh_from_db()
    assert (failed_mail.status, failed_mail.attempts) == (OutgoingMail.Status.QUEUED, 0)
    assert failed_mail.last_error  # the last error stays visible until the next attempt
    assert DBTaskResult.objects.get().args_kwargs["args"] == [failed_mail.pk, 1]
