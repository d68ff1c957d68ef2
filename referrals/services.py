"""Work that spans several models of the referral mechanism: telling people about referrals.

Messages carry the case reference and a link, never a name or a phone number. Each recipient
gets their own notification and mail, written and linked in their own language
(`User.language`), whatever language the person who caused it was reading. Notifications are
written in the caller's transaction; mails are queued and leave after it commits (`mailing`).
"""

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.utils import formats, translation
from django.utils.translation import gettext as _

from accounts.models import User
from mailing.tasks import queue_mail

from .models import Notification, Referral

# Who hears of which change: the receiving organisation when a referral arrives, the sending
# organisation when it is answered, completed or closed.
AUDIENCE = {
    Referral.Status.SENT: "to_organisation_id",
    Referral.Status.ACCEPTED: "from_organisation_id",
    Referral.Status.DECLINED: "from_organisation_id",
    Referral.Status.COMPLETED: "from_organisation_id",
    Referral.Status.CLOSED: "to_organisation_id",
}


def _site_origin(site_url: str) -> str:
    """The scheme and host of an address (`https://manara.example.org`); '' for a bare path.

    Only these are kept: the path, language prefix included, is rebuilt for each recipient.
    """
    parts = urlsplit(site_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _tell(
    recipients: Iterable[User], referral: Referral, site_url: str, describe: Callable[[], str]
) -> None:
    """Notify each recipient and queue a mail to each alone, text and link in their language."""
    origin = _site_origin(site_url)
    for user in recipients:
        with translation.override(user.language):
            text = describe()
            link = origin + referral.get_absolute_url()
            Notification.objects.create(user=user, text=text[:300], url=link)
            body = _("%(text)s\n\nOpen it in Manara: %(link)s") % {"text": text, "link": link}
            queue_mail(user, f"[Manara] {text}", body)


def notify(referral: Referral, status: str, site_url: str) -> int:
    """Tell the other organisation's users of a status change, in the app and by email.

    `site_url` gives the scheme and host of the links (the request's address will do).
    """
    organisation_id = getattr(referral, AUDIENCE.get(status, ""), None)
    if not organisation_id:
        return 0
    recipients = list(User.objects.filter(organisation_id=organisation_id, is_active=True))

    def describe() -> str:
        return _("Referral %(reference)s (%(service)s): %(status)s.") % {
            "reference": referral.case.reference,
            "service": referral.service.category.name,
            "status": Referral.Status(status).label,
        }

    _tell(recipients, referral, site_url, describe)
    return len(recipients)


def notify_overdue(referral: Referral, site_url: str) -> int:
    """Tell the sending organisation's users that the answer to a referral is overdue.

    `site_url` gives the scheme and host of the links.
    """
    recipients = list(
        User.objects.filter(organisation_id=referral.from_organisation_id, is_active=True)
    )

    def describe() -> str:
        return _("Referral %(reference)s (%(service)s): no answer by %(date)s.") % {
            "reference": referral.case.reference,
            "service": referral.service.category.name,
            "date": formats.date_format(referral.due_on),
        }

    _tell(recipients, referral, site_url, describe)
    return len(recipients)
