"""The kinds of record the staff search finds, each read through the rule that says who may open
it, with the fields it is searched on and what a result shows.

A kind's `scope(user)` is its manager's `visible_to(user)` (organisations, which have none, follow
the rule of their page), so a result always opens. Cases and referrals are found by the case's
reference only: a case's name and phone are encrypted and never searched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import Organisation
from facilities.models import Facility
from plans.models import ActionPlan, Project
from referrals.models import ActorProfile, Case, Referral


@dataclass(frozen=True)
class Result:
    """One line of results: what it is called in the page's language, where it opens, and a few
    facts to tell it from its neighbours. `title_lang` marks a name shown in French for want of
    a translation."""

    title: str
    url: str
    details: list[str] = field(default_factory=list)
    title_lang: str | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of record: its heading, whom it shows, how it is searched and shown, and the list
    that filters it by the same words (`list_url`, `None` when the list cannot)."""

    key: str
    label: str
    scope: Callable[..., QuerySet]
    describe: Callable[..., Result]
    text_fields: tuple[str, ...] = ()
    code_fields: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("pk",)
    list_url: str | None = None


def _organisations(user) -> QuerySet:
    """The organisations whose page the user may open: any for IOM roles, else their own
    (`plans.support_views.organisation_detail`)."""
    if not user.is_active:
        return Organisation.objects.none()
    if permissions.is_iom(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=user.organisation_id)


def _facility(facility: Facility) -> Result:
    name, in_french = facility.public_name
    details = [facility.code, facility.region.name]
    if not facility.is_published:
        details.append(str(_("not published")))
    return Result(name, facility.get_absolute_url(), details, "fr" if in_french else None)


def _organisation(organisation: Organisation) -> Result:
    return Result(
        str(organisation),
        reverse("plans:organisation_detail", args=[organisation.pk]),
        [organisation.get_kind_display()],
    )


def _actor(actor: ActorProfile) -> Result:
    return Result(
        str(actor.organisation),
        actor.get_absolute_url(),
        [actor.get_standing_display(), actor.get_level_display()],
    )


def _case(case: Case) -> Result:
    return Result(
        case.reference,
        case.get_absolute_url(),
        [case.get_programme_display(), case.region.name, case.get_status_display()],
    )


def _referral(referral: Referral) -> Result:
    details = [str(referral.to_organisation), referral.get_status_display()]
    if referral.due_on:
        details.append(
            str(_("answer due by %(date)s") % {"date": formats.date_format(referral.due_on)})
        )
    # From the case to the service: the arrow points the way the page's language reads.
    arrow = "←" if get_language_bidi() else "→"
    return Result(
        f"{referral.case.reference} {arrow} {referral.service.category.name}",
        referral.get_absolute_url(),
        details,
    )


def _plan(plan: ActionPlan) -> Result:
    return Result(
        plan.title,
        plan.get_absolute_url(),
        [plan.region.name, plan.period_label, plan.get_status_display()],
    )


def _project(project: Project) -> Result:
    details = [project.title] if project.short_name else []
    details.append(project.get_status_display())
    return Result(str(project), project.get_absolute_url(), details)


KINDS: tuple[Kind, ...] = (
    Kind(
        "facilities",
        _("Facilities"),
        lambda user: Facility.objects.visible_to(user).select_related("region"),
        _facility,
        text_fields=("name", "name_ar", "name_en", "commune"),
        code_fields=("code",),
        ordering=("name", "pk"),
        list_url="facilities:list",
    ),
    Kind(
        "organisations",
        _("Organisations"),
        _organisations,
        _organisation,
        text_fields=("name", "acronym"),
        ordering=("name", "pk"),
    ),
    Kind(
        "actors",
        _("Reintegration actors"),
        lambda user: ActorProfile.objects.visible_to(user).select_related("organisation"),
        _actor,
        text_fields=("organisation__name", "organisation__acronym"),
        ordering=("organisation__name", "pk"),
    ),
    Kind(
        "cases",
        _("Cases"),
        lambda user: Case.objects.visible_to(user).select_related("region"),
        _case,
        code_fields=("reference",),
        ordering=("reference", "pk"),
        list_url="referrals:case_list",
    ),
    Kind(
        "referrals",
        _("Referrals"),
        lambda user: Referral.objects.visible_to(user).select_related(
            "case", "service__category", "to_organisation"
        ),
        _referral,
        code_fields=("case__reference",),
        ordering=("case__reference", "-created_at", "-pk"),
        list_url="referrals:referral_list",
    ),
    Kind(
        "plans",
        _("Action plans"),
        lambda user: ActionPlan.objects.visible_to(user).select_related("region"),
        _plan,
        text_fields=("title", "region__name_fr", "region__name_ar", "region__name_en"),
        ordering=("region__code", "-starts_on", "pk"),
    ),
    Kind(
        "projects",
        _("Projects"),
        lambda user: Project.objects.visible_to(user),
        _project,
        text_fields=("title", "short_name"),
        code_fields=("code", "prima_id"),
        ordering=("-starts_on", "code", "pk"),
        list_url="plans:project_list",
    ),
)
