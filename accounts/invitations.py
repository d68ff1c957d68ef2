"""Inviting people into an organisation, and the changes to its users: each one in one function
that writes, mails and logs it.

The link of an invitation is mailed once, in the invited person's language, and never stored
(only its hash is, `Invitation`). Each invitation, resend, cancellation, acceptance,
deactivation and reactivation is a line on the `accounts.invitations` logger naming who did it
to which account, and a row of the activity log (django-simple-history records the person of the
request; the acceptance is recorded as made by the new account itself).
"""

from __future__ import annotations

import logging

from django.contrib.auth import login
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from common.concurrency import claim
from mailing.tasks import queue_mail

from .models import Invitation, Organisation, User

logger = logging.getLogger(__name__)


class InvitationUnusable(Exception):
    """The link is unknown, was used, cancelled or replaced, or has expired: nothing written."""


def _mail(invitation: Invitation, token: str, origin: str) -> None:
    """Queue the invitation mail, plain text in the invited person's language, with the link
    (under their language's prefix) and its expiry."""
    with translation.override(invitation.language):
        link = origin + reverse("accounts:invitation_accept", kwargs={"token": token})
        inviter = invitation.invited_by
        values = {
            "organisation": invitation.organisation.name,
            "role": invitation.get_role_display(),
            "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "IOM",
            "link": link,
            "expires": formats.date_format(
                timezone.localtime(invitation.expires_at), "DATETIME_FORMAT"
            ),
        }
        subject = _("[Manara] You are invited to join %(organisation)s") % values
        body = (
            _("Hello,")
            + "\n\n"
            + _(
                "%(inviter)s invites you to use Manara for %(organisation)s, as %(role)s. "
                "Open this link to choose your password and sign in:"
            )
            % values
            + f"\n\n{link}\n\n"
            + _("The link works once, until %(expires)s.") % values
            + "\n"
            + _("If you did not expect this invitation, ignore this message.")
            + "\n"
        )
        queue_mail(None, subject, body, address=invitation.email)


def _origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@transaction.atomic
def invite(request, *, organisation: Organisation, **fields) -> Invitation:
    """Record an invitation by the signed-in person (form checked by the caller) and mail it."""
    invitation = Invitation(organisation=organisation, invited_by=request.user, **fields)
    token = invitation.new_token()
    invitation.save()
    _mail(invitation, token, _origin(request))
    logger.info(
        "Invitation %s: %r invited %r to %r as %s%s.",
        invitation.pk,
        request.user.get_username(),
        invitation.email,
        organisation.name,
        invitation.role,
        " (coordinator)" if invitation.is_coordinator else "",
    )
    return invitation


@transaction.atomic
def resend(request, invitation: Invitation) -> None:
    """A new link, valid INVITATION_DAYS again, mailed; the old link stops working."""
    token = invitation.new_token()
    invitation.cancelled_at = None
    invitation.save()
    _mail(invitation, token, _origin(request))
    logger.info(
        "Invitation %s: resent to %r by %r.",
        invitation.pk,
        invitation.email,
        request.user.get_username(),
    )


@transaction.atomic
def cancel(request, invitation: Invitation) -> None:
    """The link stops working; the invitation stays in the list as cancelled."""
    invitation.cancelled_at = timezone.now()
    invitation.save()
    logger.info(
        "Invitation %s: to %r cancelled by %r.",
        invitation.pk,
        invitation.email,
        request.user.get_username(),
    )


def email_has_account(email: str) -> bool:
    """Whether an account already has this address, as e-mail or as user name."""
    return User.objects.filter(email__iexact=email).exists() or (
        User.objects.filter(username__iexact=email).exists()
    )


def accept(request, invitation: Invitation, *, password: str, first_name: str, last_name: str):
    """Open the account the invitation offers, with the e-mail as user name, and sign it in.

    InvitationUnusable, writing nothing, when the link was used or replaced meanwhile, or when an
    account with the address was made since the invitation (said no more precisely: the page must
    not tell whether an address has an account).
    """
    with transaction.atomic():
        if not invitation.claim() or email_has_account(invitation.email):
            raise InvitationUnusable
        user = User(
            username=invitation.email.lower(),
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
            organisation=invitation.organisation,
            role=invitation.role,
            is_coordinator=invitation.is_coordinator,
            preferred_language=invitation.language,
        )
        user.set_password(password)
        # In the activity log the account is made by its own person, through the invitation.
        user._history_user = user
        user._change_reason = f"invitation {invitation.pk}"
        user.save()
        invitation.user = user
        invitation._history_user = user
        invitation.save()
    logger.info(
        "Invitation %s: accepted by %r, account %s (%s, %r).",
        invitation.pk,
        user.get_username(),
        user.pk,
        user.role,
        user.organisation.name,
    )
    login(request, user, backend="accounts.backends.ManaraBackend")
    return user


@transaction.atomic
def set_active(request, account: User, active: bool, seen_version: int) -> None:
    """Deactivate or reactivate an account, refused (StaleSave) if it changed since the page
    showed it. A deactivated person cannot sign in and their open sessions end."""
    claim(account, seen_version, request.user)
    account.is_active = active
    account.save()
    logger.info(
        "Account %s %r %s by %r.",
        account.pk,
        account.get_username(),
        "reactivated" if active else "deactivated",
        request.user.get_username(),
    )
