"""Work that spans several models of the referral mechanism: telling people about referrals.

Everything goes through `notifications.services.notify`: each recipient gets their own
notification and, as they chose, a mail, in their own language (`User.language`) whatever
language the person who caused it was reading. Messages carry the case reference and a link,
never a name or a phone number. (The referrals' own notifications table is gone: its rows were
copied into `notifications` by that app's migration 0002, then referrals 0014 dropped it.)
"""

import datetime

from django.urls import reverse

from accounts import permissions
from accounts.models import User
from notifications.kinds import Kind
from notifications.services import notify as tell
from notifications.services import people_who

from .models import Recommendation, Referral

# Who hears of which change, and as what kind: the receiving organisation when a referral
# arrives or is closed, the sending organisation when it is answered or completed.
AUDIENCE = {
    Referral.Status.SENT: ("to_organisation_id", Kind.REFERRAL_RECEIVED),
    Referral.Status.ACCEPTED: ("from_organisation_id", Kind.REFERRAL_ANSWERED),
    Referral.Status.DECLINED: ("from_organisation_id", Kind.REFERRAL_ANSWERED),
    Referral.Status.COMPLETED: ("from_organisation_id", Kind.REFERRAL_COMPLETED),
    Referral.Status.CLOSED: ("to_organisation_id", Kind.REFERRAL_CLOSED),
}


def _people_of(organisation_id) -> list[User]:
    return list(User.objects.filter(organisation_id=organisation_id, is_active=True))


def _referral_values(referral: Referral, **more) -> dict:
    """The values of a referral's wording: its case reference and service, never a name."""
    return {
        "reference": referral.case.reference,
        "service": lambda: referral.service.category.name,
        **more,
    }


def notify(referral: Referral, status: str, site_url: str) -> int:
    """Tell the other organisation's users of a status change, in the app and as they chose.

    `site_url` gives the scheme and host of the mails' links (the request's address will do).
    Returns how many people were told.
    """
    side, kind = AUDIENCE.get(status, ("", ""))
    organisation_id = getattr(referral, side, None) if side else None
    if not organisation_id:
        return 0
    label = Referral.Status(status).label
    told = tell(
        _people_of(organisation_id),
        kind,
        _referral_values(referral, status=lambda: str(label)),
        referral.get_absolute_url(),
        site_url=site_url,
    )
    return len(told)


def notify_overdue(referral: Referral, site_url: str) -> int:
    """Tell the receiving organisation that its answer is late, and the sending one that none
    came in time. `site_url` gives the scheme and host of the links. Returns how many were told.
    """
    values = _referral_values(referral, date=referral.due_on)
    url = referral.get_absolute_url()
    late = tell(
        _people_of(referral.to_organisation_id),
        Kind.REFERRAL_ANSWER_OVERDUE,
        values,
        url,
        site_url=site_url,
    )
    waiting = tell(
        _people_of(referral.from_organisation_id),
        Kind.REFERRAL_OVERDUE,
        values,
        url,
        site_url=site_url,
    )
    return len(late) + len(waiting)


def remind_due_recommendations(today: datetime.date, site_url: str = "") -> int:
    """Tell the responsible organisation (else IOM staff) of each roadmap action due `today`
    and still open; once per action and due date. Returns how many people were told."""
    due = Recommendation.objects.filter(
        due_on=today,
        status__in=[Recommendation.Status.PLANNED, Recommendation.Status.IN_PROGRESS],
    ).select_related("responsible")
    iom_staff = None
    told = 0
    for recommendation in due:
        if recommendation.responsible_id:
            people = _people_of(recommendation.responsible_id)
        else:
            iom_staff = people_who(permissions.is_iom) if iom_staff is None else iom_staff
            people = iom_staff
        told += len(
            tell(
                people,
                Kind.RECOMMENDATION_DUE,
                {"action": recommendation.action[:120]},
                reverse("referrals:roadmap"),
                site_url=site_url,
                once_key=f"recommendation:{recommendation.pk}:{today.isoformat()}",
            )
        )
    return told
