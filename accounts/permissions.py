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
    """Manara administrators (and Django superusers): frameworks, reference lists."""
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


def changes_priority_weights(user: User) -> bool:
    """IOM roles change the prioritisation weights, on a page that previews how the ranking
    moves and logs each change with its reason (they run the programme the ranking serves)."""
    return is_iom(user)


def reads_draft_frameworks(user: User) -> bool:
    """IOM roles read assessment frameworks still in draft; everyone signed in reads the
    published and retired ones."""
    return is_iom(user)


def needs_second_factor(user: User) -> bool:
    """Administrators and IOM staff sign in with a second factor, and the people of an
    organisation an administrator marked `requires_two_factor`; others may choose to."""
    if is_iom(user):
        return True
    organisation = user.organisation if user.organisation_id else None
    return bool(user.is_active and organisation is not None and organisation.requires_two_factor)


def coordinates_an_organisation(user: User) -> bool:
    """A partner of an organisation flagged coordinator: manages the users of that organisation."""
    return acts_for_an_organisation(user) and bool(user.is_coordinator)


def edits_plans(user: User) -> bool:
    """IOM roles write the regional plans (axes, actions, pilots, indicators) and the projects
    with their results framework, in the staff pages as in the back office."""
    return is_iom(user)


def manages_users_of_every_organisation(user: User) -> bool:
    """IOM roles invite, deactivate and reactivate the users of any organisation."""
    return is_iom(user)


def manages_users(user: User) -> bool:
    """IOM roles (the users of every organisation) and coordinators (those of their own)."""
    return manages_users_of_every_organisation(user) or coordinates_an_organisation(user)


def edits_network(user: User) -> bool:
    """IOM roles write the actor map: actors, services, capacities, SWOT, the roadmap, and accept
    or reject what partners propose."""
    return is_iom(user)


def proposes_actor_changes(user: User) -> bool:
    """A partner of an organisation proposes changes to its own organisation's actor profile."""
    return acts_for_an_organisation(user)


# Rules about one record


def manages_users_of(user: User, organisation) -> bool:
    """IOM roles for every organisation; a coordinator for their own organisation only."""
    if organisation is None:
        return False
    return manages_users_of_every_organisation(user) or (
        coordinates_an_organisation(user) and organisation.pk == user.organisation_id
    )


def invitable_roles(user: User, organisation) -> list[str]:
    """The roles `user` may give to someone of `organisation`, none higher than their own.

    IOM's organisations take IOM roles (an administrator only from an administrator), the others
    take partners and viewers; a coordinator invites partners (a viewer reads every
    organisation's records, which a partner cannot grant).
    """
    if not manages_users_of(user, organisation):
        return []
    roles = user.Role
    if not is_iom(user):
        return [roles.PARTNER]
    if organisation.kind == organisation.Kind.IOM:
        return [roles.ADMIN, roles.IOM_STAFF] if is_admin(user) else [roles.IOM_STAFF]
    return [roles.PARTNER, roles.VIEWER]


def may_invite(user: User, organisation, role: str) -> bool:
    """Whether `user` may invite someone into `organisation` with `role`."""
    return role in invitable_roles(user, organisation)


def manages_account(user: User, account: User) -> bool:
    """Whether `user` may deactivate or reactivate `account`: never their own, only in an
    organisation whose users they manage, and only a role they could have invited (so no
    coordinator touches IOM staff, and only an administrator touches an administrator)."""
    if account.pk == user.pk or (account.is_superuser and not is_admin(user)):
        return False
    return may_invite(user, account.organisation if account.organisation_id else None, account.role)


def proposes_changes_to(user: User, actor) -> bool:
    """A partner proposes changes to the actor profile of its own organisation only."""
    return proposes_actor_changes(user) and actor.organisation_id == user.organisation_id


def reads_organisation(user: User, organisation) -> bool:
    """IOM roles open every organisation's page; anyone else only their own organisation's."""
    return organisation is not None and (
        is_iom(user) or (user.is_active and user.organisation_id == organisation.pk)
    )


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


def is_referring_side(user: User, referral) -> bool:
    """The people of the referring organisation (IOM staff when IOM sent it): they send the
    referral, close it or send it again."""
    return (
        does_field_work(user)
        and user.organisation_id is not None
        and user.organisation_id == referral.from_organisation_id
    )


def is_receiving_side(user: User, referral) -> bool:
    """The people of the receiving organisation: they accept or decline the referral, then say
    it is under way and completed, and record what they delivered."""
    return (
        does_field_work(user)
        and user.organisation_id is not None
        and user.organisation_id == referral.to_organisation_id
    )


def acts_on_behalf_in_referral(user: User, referral) -> bool:
    """IOM roles may make a side's move for an organisation they do not belong to (a partner
    who answered by phone): an explicit choice, logged as made on that organisation's behalf."""
    return is_iom(user)


def sends_referral(user: User, referral) -> bool:
    """Who may make the referring organisation's moves: its people, or IOM on its behalf."""
    return is_referring_side(user, referral) or acts_on_behalf_in_referral(user, referral)


def receives_referral(user: User, referral) -> bool:
    """Who may make the receiving organisation's moves: its people, or IOM on its behalf."""
    return is_receiving_side(user, referral) or acts_on_behalf_in_referral(user, referral)


def comments_on_plan(user: User, plan) -> bool:
    """IOM roles and the viewers of the council that owns the plan write and read the comment
    threads of its actions; other councils, donors and partners do not."""
    own_council = user.organisation_id is not None and user.organisation_id == plan.council_id
    return is_iom(user) or (is_viewer(user) and own_council)


def speaks_for_a_council(user: User) -> bool:
    """A viewer of an organisation that owns a regional plan: it comments on the plan's actions
    and is told when IOM answers."""
    return (
        is_viewer(user)
        and user.organisation_id is not None
        and user.organisation.action_plans.exists()
    )


def writes_referral_note(user: User, referral) -> bool:
    """The people of either organisation and IOM roles write progress notes on a referral."""
    return sends_referral(user, referral) or receives_referral(user, referral)


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
        changes_priority_weights,
        reads_draft_frameworks,
        needs_second_factor,
        coordinates_an_organisation,
        manages_users_of_every_organisation,
        manages_users,
        edits_plans,
        edits_network,
        proposes_actor_changes,
    )
}
