"""The tabs of the referrals' caseload: what waits for an answer, what is under way, what was
sent, what is closed; for a partner its organisation's referrals, for IOM every referral.

The headings say whose referrals a tab holds: a partner reads "with us", IOM reads "all
organisations" (IOM answers nothing itself; it may act on a partner's behalf).
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts import permissions

from .models import Referral


@dataclass(frozen=True)
class Tab:
    """One list of the caseload: its address name, heading, referrals and order."""

    slug: str
    heading: object
    condition: Q
    ordering: tuple


STATUS = Referral.Status


def tabs_for(user) -> list[Tab]:
    """The four tabs of `user`'s caseload (conditions within `Referral.objects.visible_to`)."""
    if permissions.is_iom(user):
        organisation = user.organisation_id
        return [
            Tab(
                "to_answer",
                _("Waiting for an answer (all organisations)"),
                Q(status=STATUS.SENT),
                ("due_on", "-pk"),
            ),
            Tab(
                "in_progress",
                _("Accepted or in progress (all organisations)"),
                Q(status__in=(STATUS.ACCEPTED, STATUS.IN_PROGRESS)),
                ("due_on", "-pk"),
            ),
            Tab(
                "sent",
                _("Sent by my organisation, drafts and open"),
                Q(from_organisation_id=organisation) & Q(status__in=(STATUS.DRAFT, *Referral.OPEN)),
                ("-created_at", "-pk"),
            ),
            Tab(
                "closed",
                _("Closed: completed, declined or closed (all organisations)"),
                Q(status__in=Referral.ENDED),
                ("-created_at", "-pk"),
            ),
        ]
    organisation = user.organisation_id
    ours = Q(from_organisation_id=organisation) | Q(to_organisation_id=organisation)
    return [
        Tab(
            "to_answer",
            _("To answer"),
            Q(to_organisation_id=organisation, status=STATUS.SENT),
            ("due_on", "-pk"),
        ),
        Tab(
            "in_progress",
            _("In progress with us"),
            Q(to_organisation_id=organisation, status__in=(STATUS.ACCEPTED, STATUS.IN_PROGRESS)),
            ("due_on", "-pk"),
        ),
        Tab(
            "sent",
            _("Sent by us"),
            Q(from_organisation_id=organisation, status__in=(STATUS.DRAFT, *Referral.OPEN)),
            ("-created_at", "-pk"),
        ),
        Tab(
            "closed",
            _("Closed: completed, declined or closed"),
            ours & Q(status__in=Referral.ENDED),
            ("-created_at", "-pk"),
        ),
    ]


def tab_counts(referrals, tabs: list[Tab]) -> dict[str, int]:
    """How many of `referrals` each tab holds, in one query."""
    return referrals.aggregate(**{tab.slug: Count("pk", filter=tab.condition) for tab in tabs})
