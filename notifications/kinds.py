"""What Manara tells people about: each kind of notification, its wording and who may get it.

A notification stores its kind and the values of its wording, never a sentence: the wording is
translated when it is read, in the reader's language. Referral wordings keep the sentences the
referral mails always had, so their existing translations still apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts import permissions


class Kind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("A referral arrives for my organisation")
    REFERRAL_ANSWERED = "referral_answered", _("A referral we sent is accepted or declined")
    REFERRAL_OVERDUE = "referral_overdue", _("A referral we sent has no answer in time")
    REFERRAL_ANSWER_OVERDUE = "referral_answer_overdue", _("Our answer to a referral is late")
    REFERRAL_COMPLETED = "referral_completed", _("A referral we sent is completed")
    REFERRAL_CLOSED = "referral_closed", _("A referral we received is closed by its sender")
    ASSESSMENT_SUBMITTED = "assessment_submitted", _("An assessment is submitted for validation")
    ASSESSMENT_RETURNED = "assessment_returned", _("Our assessment is returned for correction")
    ASSESSMENT_VALIDATED = "assessment_validated", _("Our assessment is validated")
    NEED_FUNDED = "need_funded", _("A need of a facility we manage is funded")
    NEED_DONE = "need_done", _("A need of a facility we manage is done")
    RECOMMENDATION_DUE = "recommendation_due", _("A roadmap action is due today")
    FOLLOW_UP_ACTION_DUE = "follow_up_action_due", _("A follow-up action of a support is due today")
    ACTOR_CHANGE_PROPOSED = (
        "actor_change_proposed",
        _("A partner proposes a change to its actor profile"),
    )
    ACTOR_CHANGE_ANSWERED = (
        "actor_change_answered",
        _("A change we proposed to our actor profile is accepted or rejected"),
    )
    PLAN_COMMENTED = "plan_commented", _("A regional council comments on a plan's action")
    PLAN_ANSWERED = "plan_answered", _("IOM answers our comment on a plan's action")
    EARLIER = "earlier", _("Earlier referral message")


class Delivery(models.TextChoices):
    """How a person wants a kind of notification: always in the app, and perhaps by mail."""

    IN_APP = "in_app", _("In Manara only")
    MAIL = "mail", _("In Manara and by mail at once")
    DIGEST = "digest", _("In Manara and in one mail a day")


@dataclass(frozen=True)
class KindRule:
    """The wording of a kind (with %(name)s values), the delivery when a person chose none, and
    `receives(user)`: whether the person may get it, which decides the preferences they see."""

    wording: str
    default: str
    receives: Callable


REFERRAL_STATUS = _("Referral %(reference)s (%(service)s): %(status)s.")

RULES: dict[str, KindRule] = {
    Kind.REFERRAL_RECEIVED: KindRule(REFERRAL_STATUS, Delivery.MAIL, permissions.does_field_work),
    Kind.REFERRAL_ANSWERED: KindRule(REFERRAL_STATUS, Delivery.MAIL, permissions.does_field_work),
    Kind.REFERRAL_OVERDUE: KindRule(
        _("Referral %(reference)s (%(service)s): no answer by %(date)s."),
        Delivery.MAIL,
        permissions.does_field_work,
    ),
    Kind.REFERRAL_ANSWER_OVERDUE: KindRule(
        _("Referral %(reference)s (%(service)s): your answer was due on %(date)s."),
        Delivery.MAIL,
        permissions.does_field_work,
    ),
    Kind.REFERRAL_COMPLETED: KindRule(REFERRAL_STATUS, Delivery.MAIL, permissions.does_field_work),
    Kind.REFERRAL_CLOSED: KindRule(REFERRAL_STATUS, Delivery.MAIL, permissions.does_field_work),
    Kind.ASSESSMENT_SUBMITTED: KindRule(
        _("Assessment of %(facility)s submitted for validation."),
        Delivery.DIGEST,
        permissions.is_iom,
    ),
    Kind.ASSESSMENT_RETURNED: KindRule(
        _("Assessment of %(facility)s returned for correction."),
        Delivery.MAIL,
        permissions.does_field_work,
    ),
    Kind.ASSESSMENT_VALIDATED: KindRule(
        _("Assessment of %(facility)s validated."), Delivery.MAIL, permissions.does_field_work
    ),
    Kind.NEED_FUNDED: KindRule(
        _("A need of %(facility)s is funded: %(need)s"),
        Delivery.DIGEST,
        permissions.does_field_work,
    ),
    Kind.NEED_DONE: KindRule(
        _("A need of %(facility)s is done: %(need)s"),
        Delivery.DIGEST,
        permissions.does_field_work,
    ),
    Kind.RECOMMENDATION_DUE: KindRule(
        _("Roadmap action due today: %(action)s"), Delivery.MAIL, permissions.sees_support
    ),
    Kind.FOLLOW_UP_ACTION_DUE: KindRule(
        _("Follow-up action due today: %(action)s (%(activity)s)"),
        Delivery.MAIL,
        permissions.sees_support,
    ),
    Kind.ACTOR_CHANGE_PROPOSED: KindRule(
        _("%(organisation)s proposes a change to its actor profile: %(subject)s."),
        Delivery.DIGEST,
        permissions.edits_network,
    ),
    Kind.ACTOR_CHANGE_ANSWERED: KindRule(
        _("Your proposed change to the actor profile of %(organisation)s: %(status)s."),
        Delivery.MAIL,
        permissions.proposes_actor_changes,
    ),
    Kind.PLAN_COMMENTED: KindRule(
        _("%(council)s commented on action %(action)s of %(plan)s."),
        Delivery.MAIL,
        permissions.edits_plans,
    ),
    Kind.PLAN_ANSWERED: KindRule(
        _("IOM answered on action %(action)s of %(plan)s."),
        Delivery.MAIL,
        permissions.speaks_for_a_council,
    ),
    Kind.EARLIER: KindRule("%(text)s", Delivery.IN_APP, lambda user: False),
}


def kinds_for(user) -> list[Kind]:
    """The kinds `user` may receive, in the order of `Kind`: the rows of their preferences."""
    return [kind for kind in Kind if RULES[kind].receives(user)]
