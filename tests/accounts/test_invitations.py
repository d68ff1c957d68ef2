"""Invitations: who may invite whom where, the mail and its link, and accepting it (once)."""

import datetime
import logging
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User
from mailing.models import OutgoingMail
from tests.factories import OrganisationFactory, UserFactory

PASSWORD = "Tisserand du matin 42"
LINK = re.compile(r"https?://\S+/(fr|ar|en)/accounts/invitation/([^/\s]+)/")


@pytest.fixture
def coordinator(ngo_a):
    return UserFactory(
        username="coord_a", role=User.Role.PARTNER, organisation=ngo_a, is_coordinator=True
    )


def invite_url():
    return reverse("accounts:invite")


def invitation_data(organisation, **fields):
    return {
        "email": "nouvelle@ngo-a.example.org",
        "first_name": "Salma",
        "last_name": "Berrada",
        "organisation": organisation.pk,
        "role": User.Role.PARTNER,
        "language": "fr",
        **fields,
    }


def send_invitation(client, inviter, organisation, after_commit, **fields):
    """Invite as `inviter` and return the link's token read from the mail sent."""
    client.force_login(inviter)
    with after_commit():
        response = client.post(invite_url(), invitation_data(organisation, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    return LINK.search(mail.outbox[-1].body).group(2)


def accept_url(token, language="en"):
    return f"/{language}/accounts/invitation/{token}/"


def main_of(response) -> str:
    """The page's main content (the menu's language links repeat the address)."""
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def accept_data(**fields):
    return {
        "first_name": "Salma",
        "last_name": "Berrada",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }


# Who may open the invitation form


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("iom_staff", 200), ("partner", 403), ("viewer", 403)]
)
def test_the_invitation_form_opens_for_iom_roles_only_among_the_plain_roles(
    client, users, role, status
):
    client.force_login(users[role])

    assert client.get("/en/accounts/invitations/new/").status_code == status


def test_a_coordinator_opens_the_invitation_form_with_their_organisation_only(
    client, coordinator, ngo_a, ngo_b
):
    client.force_login(coordinator)

    response = client.get("/en/accounts/invitations/new/")

    page = response.content.decode()
    assert response.status_code == 200
    assert ngo_a.name in page and ngo_b.name not in page
    assert 'value="partner"' in page and 'value="iom_staff"' not in page


def test_anonymous_people_are_sent_to_log_in(client, db):
    response = client.get("/en/accounts/invitations/new/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Inviting


def test_iom_staff_invite_a_coordinator_who_gets_a_mail_in_their_language(
    client, iom_user, ngo_a, after_commit, caplog
):
    client.force_login(iom_user)
    caplog.set_level(logging.INFO, logger="accounts.invitations")

    with after_commit():
        response = client.post(
            invite_url(), invitation_data(ngo_a, is_coordinator="on", language="ar")
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role) == (ngo_a, User.Role.PARTNER)
    assert invitation.is_coordinator and invitation.invited_by == iom_user
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)
    [sent] = mail.outbox
    assert sent.to == ["nouvelle@ngo-a.example.org"]
    link = LINK.search(sent.body)
    assert link.group(1) == "ar"  # the page opens in the invited person's language
    assert OutgoingMail.objects.get().language == "ar"
    # Only the token's hash is kept: the link's token is nowhere in the database.
    assert link.group(2) not in str(list(Invitation.objects.values()))
    assert invitation.token_hash and invitation.token_hash != link.group(2)
    assert "invited 'nouvelle@ngo-a.example.org'" in caplog.text
    assert invitation.history.get().history_user == iom_user


def test_the_mail_says_until_when_the_link_works(client, iom_user, ngo_a, after_commit):
    send_invitation(client, iom_user, ngo_a, after_commit, language="en")

    body = mail.outbox[-1].body
    expires = timezone.localtime(Invitation.objects.get().expires_at)
    assert "The link works once, until" in body
    assert str(expires.year) in body


def test_a_coordinator_invites_a_colleague_into_their_organisation(
    client, coordinator, ngo_a, after_commit
):
    send_invitation(client, coordinator, ngo_a, after_commit)

    invitation = Invitation.objects.get()
    assert invitation.organisation == ngo_a and invitation.invited_by == coordinator


def test_an_invitation_to_an_address_with_an_account_is_refused(client, iom_user, ngo_a):
    UserFactory(username="existing", email="Nouvelle@NGO-A.example.org")
    client.force_login(iom_user)

    response = client.post(invite_url(), invitation_data(ngo_a))

    assert response.status_code == 400
    assert "Un compte existe déjà avec cette adresse" in response.content.decode()
    assert not Invitation.objects.exists() and not OutgoingMail.objects.exists()


def test_a_second_pending_invitation_to_the_same_address_is_refused(
    client, iom_user, ngo_a, after_commit
):
    send_invitation(client, iom_user, ngo_a, after_commit)

    response = client.post(invite_url(), invitation_data(ngo_a))

    assert response.status_code == 400
    assert "Cette adresse a déjà une invitation en attente" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_a_coordinator_cannot_invite_into_another_organisation(client, coordinator, ngo_b):
    client.force_login(coordinator)

    response = client.post("/en/accounts/invitations/new/", invitation_data(ngo_b))

    assert response.status_code == 400
    assert "into your own organisation only" in response.content.decode()
    assert not Invitation.objects.exists() and not OutgoingMail.objects.exists()


@pytest.mark.parametrize("role", [User.Role.IOM_STAFF, User.Role.ADMIN, User.Role.VIEWER])
def test_a_coordinator_cannot_invite_to_a_role_they_cannot_give(client, coordinator, ngo_a, role):
    client.force_login(coordinator)

    response = client.post("/en/accounts/invitations/new/", invitation_data(ngo_a, role=role))

    assert response.status_code == 400
    assert "You may not give this role in this organisation" in response.content.decode()
    assert not Invitation.objects.exists() and not OutgoingMail.objects.exists()


def test_iom_staff_cannot_invite_an_administrator(client, iom_user, iom_org):
    client.force_login(iom_user)

    response = client.post(
        "/en/accounts/invitations/new/", invitation_data(iom_org, role=User.Role.ADMIN)
    )

    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_only_partners_can_be_invited_as_coordinators(client, iom_user, ngo_a):
    client.force_login(iom_user)

    response = client.post(
        "/en/accounts/invitations/new/",
        invitation_data(ngo_a, role=User.Role.VIEWER, is_coordinator="on"),
    )

    assert response.status_code == 400
    assert "Only partners can be coordinators" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_plain_partner_cannot_invite(client, partner_user, ngo_a):
    client.force_login(partner_user)

    response = client.post("/en/accounts/invitations/new/", invitation_data(ngo_a))

    assert response.status_code == 403
    assert not Invitation.objects.exists()


# Accepting


def test_the_invited_person_sets_a_password_and_is_signed_in(
    client, iom_user, ngo_a, after_commit, caplog
):
    token = send_invitation(client, iom_user, ngo_a, after_commit, is_coordinator="on")
    client.logout()
    caplog.set_level(logging.INFO, logger="accounts.invitations")

    page = client.get(accept_url(token))
    response = client.post(accept_url(token), accept_data())

    assert page.status_code == 200 and "nouvelle@ngo-a.example.org" in page.content.decode()
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@ngo-a.example.org")
    assert user.username == "nouvelle@ngo-a.example.org"
    assert (user.organisation, user.role, user.is_coordinator) == (ngo_a, "partner", True)
    assert user.check_password(PASSWORD) and user.preferred_language == "fr"
    assert int(client.session["_auth_user_id"]) == user.pk
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None and invitation.user == user
    assert user.history.earliest().history_user == user
    assert "accepted by 'nouvelle@ngo-a.example.org'" in caplog.text


def test_a_weak_password_is_refused_with_the_validators_message(
    client, iom_user, ngo_a, after_commit
):
    token = send_invitation(client, iom_user, ngo_a, after_commit)
    client.logout()

    response = client.post(accept_url(token), accept_data(password1="123", password2="123"))

    assert response.status_code == 400
    assert "This password is too short" in response.content.decode()
    assert not User.objects.filter(email="nouvelle@ngo-a.example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_used_link_cannot_be_used_again(client, iom_user, ngo_a, after_commit):
    token = send_invitation(client, iom_user, ngo_a, after_commit)
    client.logout()
    client.post(accept_url(token), accept_data())
    client.logout()

    response = client.post(accept_url(token), accept_data(first_name="Other"))

    assert response.status_code == 404
    assert "This invitation link cannot be used" in response.content.decode()
    assert User.objects.filter(email="nouvelle@ngo-a.example.org").count() == 1


def test_an_expired_link_cannot_be_used(client, iom_user, ngo_a, after_commit):
    token = send_invitation(client, iom_user, ngo_a, after_commit)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.logout()

    response = client.post(accept_url(token), accept_data())

    assert response.status_code == 404
    assert "This invitation link cannot be used" in response.content.decode()
    assert not User.objects.filter(email="nouvelle@ngo-a.example.org").exists()


def test_a_forged_link_cannot_be_used(client, iom_user, ngo_a, after_commit):
    token = send_invitation(client, iom_user, ngo_a, after_commit)
    client.logout()

    response = client.post(accept_url(token[:-2] + "xx"), accept_data())

    assert response.status_code == 404
    assert "This invitation link cannot be used" in response.content.decode()
    assert not User.objects.filter(email="nouvelle@ngo-a.example.org").exists()


def test_a_link_reads_the_same_when_an_account_was_made_since(
    client, iom_user, ngo_a, after_commit
):
    """The page says no more than the invitation: not that the address now has an account."""
    token = send_invitation(client, iom_user, ngo_a, after_commit)
    UserFactory(username="made_meanwhile", email="nouvelle@ngo-a.example.org")
    client.logout()

    response = client.post(accept_url(token), accept_data())

    forged = client.post(accept_url("forged-token"), accept_data())
    assert response.status_code == 404
    assert main_of(response) == main_of(forged)
    assert User.objects.filter(email="nouvelle@ngo-a.example.org").count() == 1
    assert Invitation.objects.get().accepted_at is None


def test_someone_whose_organisation_requires_two_factor_is_sent_to_enrol(
    client, iom_user, after_commit
):
    strict = OrganisationFactory(name="Association stricte", requires_two_factor=True)
    token = send_invitation(client, iom_user, strict, after_commit)
    client.logout()

    client.post(accept_url(token), accept_data())
    response = client.get("/en/facilities/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/two-factor/")


# Resending and cancelling


def test_resending_kills_the_old_link_and_mails_a_new_one(client, iom_user, ngo_a, after_commit):
    old = send_invitation(client, iom_user, ngo_a, after_commit)
    invitation = Invitation.objects.get()

    with after_commit():
        response = client.post(f"/en/accounts/invitations/{invitation.pk}/resend/")
    new = LINK.search(mail.outbox[-1].body).group(2)
    client.logout()

    assert response.status_code == 302 and new != old
    assert client.get(accept_url(old)).status_code == 404
    assert client.get(accept_url(new)).status_code == 200


def test_resending_an_expired_invitation_gives_it_seven_days_again(
    client, iom_user, ngo_a, after_commit
):
    send_invitation(client, iom_user, ngo_a, after_commit)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(days=1))
    invitation = Invitation.objects.get()

    with after_commit():
        client.post(f"/en/accounts/invitations/{invitation.pk}/resend/")

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=6)


def test_cancelling_kills_the_link(client, iom_user, ngo_a, after_commit):
    token = send_invitation(client, iom_user, ngo_a, after_commit)
    invitation = Invitation.objects.get()

    response = client.post(f"/en/accounts/invitations/{invitation.pk}/cancel/")
    client.logout()

    assert response.status_code == 302
    assert Invitation.objects.get().status == Invitation.Status.CANCELLED
    assert client.get(accept_url(token)).status_code == 404


def test_an_accepted_invitation_is_not_resent(client, iom_user, ngo_a, after_commit):
    token = send_invitation(client, iom_user, ngo_a, after_commit)
    client.logout()
    client.post(accept_url(token), accept_data())
    client.force_login(iom_user)
    invitation = Invitation.objects.get()
    mails = len(mail.outbox)

    with after_commit():
        client.post(f"/en/accounts/invitations/{invitation.pk}/resend/")

    assert len(mail.outbox) == mails
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED


@pytest.mark.parametrize("action", ["resend", "cancel"])
def test_a_coordinator_cannot_touch_another_organisations_invitation(
    client, iom_user, coordinator, ngo_b, after_commit, action
):
    send_invitation(client, iom_user, ngo_b, after_commit)
    invitation = Invitation.objects.get()
    client.force_login(coordinator)

    response = client.post(f"/en/accounts/invitations/{invitation.pk}/{action}/")

    assert response.status_code == 404
    assert Invitation.objects.get().status == Invitation.Status.PENDING


@pytest.mark.parametrize(("role", "status"), [("partner", 403), ("viewer", 403)])
@pytest.mark.parametrize("action", ["resend", "cancel"])
def test_people_who_manage_no_users_cannot_resend_or_cancel(
    client, users, iom_user, ngo_a, after_commit, role, status, action
):
    send_invitation(client, iom_user, ngo_a, after_commit)
    invitation = Invitation.objects.get()
    client.force_login(users[role])

    response = client.post(f"/en/accounts/invitations/{invitation.pk}/{action}/")

    assert response.status_code == status
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_invitations_show_in_the_administrators_activity_log(
    client, iom_user, admin_user, ngo_a, after_commit
):
    send_invitation(client, iom_user, ngo_a, after_commit)
    client.force_login(admin_user)

    response = client.get("/admin/activity/", {"model": "accounts.invitation"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "nouvelle@ngo-a.example.org" in page and "iom_t" in page
