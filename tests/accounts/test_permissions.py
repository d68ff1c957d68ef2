"""The rules of access, role by role: one table, read by managers, views, admin and templates."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from accounts import permissions
from tests.factories import FacilityFactory

# rule -> the roles that satisfy it
EXPECTED = {
    "is_admin": {"admin"},
    "is_iom": {"admin", "iom_staff"},
    "is_partner": {"partner"},
    "is_viewer": {"viewer"},
    "reads_everything": {"admin", "iom_staff", "viewer"},
    "does_field_work": {"admin", "iom_staff", "partner"},
    "acts_for_an_organisation": {"partner"},
    "collects_data": {"admin", "iom_staff", "partner"},
    # The `users` viewer belongs to no organisation: support records are an organisation's.
    "sees_support": {"admin", "iom_staff", "partner"},
}


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_each_rule_admits_exactly_its_roles(users, rule):
    admitted = {role for role, user in users.items() if permissions.RULES[rule](user)}

    assert admitted == EXPECTED[rule]


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_no_rule_admits_an_anonymous_or_a_deactivated_user(users, rule):
    deactivated = users["admin"]
    deactivated.is_active = False

    assert not permissions.RULES[rule](AnonymousUser())
    assert not permissions.RULES[rule](deactivated)


def test_a_partner_without_an_organisation_collects_no_data(partner_user):
    partner_user.organisation = None

    assert permissions.is_partner(partner_user)
    assert not permissions.collects_data(partner_user)


def test_only_the_managing_partner_manages_a_facility(partner_user, other_partner_user, ngo_a):
    facility = FacilityFactory(managing_organisation=ngo_a)

    assert permissions.manages_facility(partner_user, facility)
    assert not permissions.manages_facility(other_partner_user, facility)


def test_templates_ask_the_same_rules(users):
    template = Template('{% load permissions %}{% if user|may:"reads_everything" %}yes{% endif %}')

    shown = {role for role, user in users.items() if template.render(Context({"user": user}))}

    assert shown == EXPECTED["reads_everything"]
