"""Work that spans several models of the referral mechanism: telling people about referrals.

Messages carry the case reference and a link, never a name or a phone number.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Notification, Referral

# Who hears of which change: the receiving organisation when a referral arrives, the sending
# organisation when it is answered, completed or closed.
AUDIENCE = {
    "sent": "to_organisation_id",
    "accepted": "from_organisation_id",
    "declined": "from_organisation_id",
    "completed": "from_organisation_id",
    "closed": "to_organisation_id",
}


def notify(referral: Referral, status: str, link: str) -> int:
    """Tell the other organisation's users of a status change, in the app and by email."""
    organisation_id = getattr(referral, AUDIENCE.get(status, ""), None)
    if not organisation_id:
        return 0
    recipients = list(User.objects.filter(organisation_id=organisation_id, is_active=True))
    messages = []
    for user in recipients:
        with translation.override(user.preferred_language):
            text = _("Referral %(reference)s (%(service)s): %(status)s.") % {
                "reference": referral.case.reference,
                "service": referral.service.category.name,
                "status": Referral.Status(status).label,
            }
            Notification.objects.create(user=user, text=text[:300], url=link)
            if user.email:
                body = _("%(text)s\n\nOpen it in Manara: %(link)s") % {"text": text, "link": link}
                messages.append(
                    (f"[Manara] {text}", body, settings.DEFAULT_FROM_EMAIL, [user.email])
                )
    if messages:
        send_mass_mail(messages, fail_silently=True)
    return len(recipients)


def notify_overdue(referral: Referral, link: str) -> int:
    """Tell the sending organisation's users that the answer to a referral is overdue."""
    recipients = list(
        User.objects.filter(organisation_id=referral.from_organisation_id, is_active=True)
    )
    messages = []
    for user in recipients:
        with translation.override(user.preferred_language):
            text = _("Referral %(reference)s (%(service)s): no answer by %(date)s.") % {
                "reference": referral.case.reference,
                "service": referral.service.category.name,
                "date": referral.due_on,
            }
            Notification.objects.create(user=user, text=text[:300], url=link)
            if user.email:
                body = _("%(text)s\n\nOpen it in Manara: %(link)s") % {"text": text, "link": link}
                messages.append(
                    (f"[Manara] {text}", body, settings.DEFAULT_FROM_EMAIL, [user.email])
                )
    if messages:
        send_mass_mail(messages, fail_silently=True)
    return len(recipients)
