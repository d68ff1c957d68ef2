"""Who may do what: every rule of access by role, named, in one place.

Managers (`visible_to`, `editable_by`), views, the admin and templates (`{% load permissions %}`,
`{% if user|may:"reads_everything" %}`) all ask these rules; none restates a role. A rule takes the
signed-in user (and, for a rule about one record, that record) and answers yes or no. Scoping a
list to an organisation stays in the managers, which call these rules to decide the scope.

Plain functions rather than django-rules predicates: every rule here is a one-line test of the
user's role and organisation, so a library would add a dependency and a registry without removing
any code; the functions are imported and called like any other code and show in tracebacks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User


def _role(user, name: str) -> bool:
    """Whether an active user has the role `User.Role.<name>` (anonymous users have none)."""
    return bool(user.is_active and user.role == user.Role[name])


# Roles


def is_admin(user: User) -> bool:
    """Manara administrators (and Django superusers): frameworks, weights, reference lists."""
    return bool(user.is_active and (user.is_superuser or _role(user, "ADMIN")))


def is_iom(user: User) -> bool:
    """Administrators and IOM staff: read and write every record, see internal data."""
    return is_admin(user) or _role(user, "IOM_STAFF")


def is_partner(user: User) -> bool:
    """Partner staff, whose writes are limited to their organisation's records."""
    return _role(user, "PARTNER") and not is_iom(user)


def is_viewer(user: User) -> bool:
    """Viewers (a regional council, a donor): read and aggregate, never write."""
    return _role(user, "VIEWER") and not is_iom(user)


# What a role may do


def signs_in_by_sso(user: User) -> bool:
    """Administrators and IOM staff may sign in with their IOM account (single sign-on, IOM's
    directory vouching for their e-mail); partners and viewers keep their Manara password, as
    their organisations are not in IOM's directory."""
    return is_iom(user)


def edits_official_lists(user: User) -> bool:
    """Only Django superusers change the official map (regions, provinces) loaded by migration:
    a typo would rename a region for every record."""
    return bool(user.is_active and user.is_superuser)


def reads_everything(user: User) -> bool:
    """IOM roles and viewers read every facility, assessment, plan and aggregate."""
    return is_iom(user) or is_viewer(user)


def does_field_work(user: User) -> bool:
    """IOM roles and partners assess facilities and handle cases and referrals."""
    return is_iom(user) or is_partner(user)


def acts_for_an_organisation(user: User) -> bool:
    """A partner attached to an organisation, whose records they may write."""
    return is_partner(user) and user.organisation_id is not None


def collects_data(user: User) -> bool:
    """IOM roles and partners of an organisation: Kobo imports and XLSForms of their facilities."""
    return is_iom(user) or acts_for_an_organisation(user)


def sees_support(user: User) -> bool:
    """IOM roles and anyone who belongs to an organisation: the support given to partners."""
    return is_iom(user) or (user.is_active and user.organisation_id is not None)


def reads_unvalidated_assessments(user: User) -> bool:
    """IOM roles and partners (a partner: of its own facilities) read assessments that are still
    a draft, submitted or returned; viewers read validated assessments only."""
    return does_field_work(user)


def reads_assessor_comments(user: User) -> bool:
    """IOM roles and partners read what the assessor and the reviewer wrote about an assessment
    (comments and photos of answers, general observations, reasons for returning or validating,
    its change log); viewers read its scores and needs only."""
    return does_field_work(user)


def needs_second_factor(user: User) -> bool:
    """Administrators and IOM staff sign in with a second factor, and the people of an
    organisation an administrator marked `requires_two_factor`; others may choose to."""
    if is_iom(user):
        return True
    organisation = user.organisation if user.organisation_id else None
    return bool(user.is_active and organisation is not None and organisation.requires_two_factor)


# Rules about one record


def handles_case(user: User, case) -> bool:
    """IOM roles, and the partners of the organisation that owns the case."""
    return is_iom(user) or (is_partner(user) and user.organisation_id == case.owner_id)


def manages_facility(user: User, facility) -> bool:
    """The partners of the organisation that manages the facility."""
    return is_partner(user) and facility.managing_organisation_id == user.organisation_id


def edits_assessment(user: User, assessment) -> bool:
    """IOM roles, and partners of the organisation that manages the facility and started the
    assessment (`Assessment.objects.editable_by` adds: while it is a draft or returned)."""
    return is_iom(user) or (
        acts_for_an_organisation(user)
        and assessment.facility.managing_organisation_id == user.organisation_id
        and assessment.assessor_organisation_id == user.organisation_id
    )


def sends_referral(user: User, referral) -> bool:
    """IOM roles, and the partners of the referring organisation."""
    return is_iom(user) or (
        acts_for_an_organisation(user) and user.organisation_id == referral.from_organisation_id
    )


def receives_referral(user: User, referral) -> bool:
    """IOM roles, and the partners of the receiving organisation."""
    return is_iom(user) or (
        acts_for_an_organisation(user) and user.organisation_id == referral.to_organisation_id
    )


RULES = {
    rule.__name__: rule
    for rule in (
        is_admin,
        is_iom,
        is_partner,
        is_viewer,
        signs_in_by_sso,
        edits_official_lists,
        reads_everything,
        does_field_work,
        acts_for_an_organisation,
        collects_data,
        sees_support,
        reads_unvalidated_assessments,
        reads_assessor_comments,
        needs_second_factor,
    )
}
