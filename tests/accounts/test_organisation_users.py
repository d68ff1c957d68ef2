"""The users of an organisation: who lists them, who deactivates and reactivates whom."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import permissions
from accounts.models import Invitation, User
from common.concurrency import VERSION_FIELD
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def coordinator(ngo_a):
    return UserFactory(
        username="coord_a", role=User.Role.PARTNER, organisation=ngo_a, is_coordinator=True
    )


@pytest.fixture
def colleague(ngo_a):
    return UserFactory(username="colleague_a", role=User.Role.PARTNER, organisation=ngo_a)


def toggle(client, account, active):
    account.refresh_from_db()
    return client.post(
        f"/en/accounts/users/{account.pk}/active/",
        {"active": "1" if active else "0", VERSION_FIELD: account.version},
    )


# The rules


def test_only_iom_roles_and_coordinators_manage_users(users, coordinator):
    managers = {role for role, user in users.items() if permissions.manages_users(user)}

    assert managers == {"admin", "iom_staff"}
    assert permissions.manages_users(coordinator)
    assert not permissions.manages_users(AnonymousUser())


def test_a_coordinator_without_an_organisation_or_deactivated_manages_nobody(coordinator, ngo_a):
    coordinator.is_active = False

    assert not permissions.manages_users_of(coordinator, ngo_a)


def test_the_coordinator_flag_means_nothing_for_a_viewer(ngo_a):
    viewer = UserFactory(role=User.Role.VIEWER, organisation=ngo_a, is_coordinator=True)

    assert not permissions.manages_users(viewer)


def test_who_may_give_which_role_where(admin_user, iom_user, coordinator, ngo_a, ngo_b, iom_org):
    assert permissions.invitable_roles(admin_user, iom_org) == ["admin", "iom_staff"]
    assert permissions.invitable_roles(iom_user, iom_org) == ["iom_staff"]
    assert permissions.invitable_roles(iom_user, ngo_b) == ["partner", "viewer"]
    assert permissions.invitable_roles(coordinator, ngo_a) == ["partner"]
    assert permissions.invitable_roles(coordinator, ngo_b) == []


# The list of organisations


@pytest.mark.parametrize("role", ["admin", "iom_staff"])
def test_iom_roles_list_every_organisation(client, users, ngo_a, ngo_b, role):
    client.force_login(users[role])

    response = client.get("/en/accounts/organisations/")

    page = response.content.decode()
    assert response.status_code == 200
    assert ngo_a.name in page and ngo_b.name in page


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_other_roles_may_not_list_organisations_users(client, users, role):
    client.force_login(users[role])

    assert client.get("/en/accounts/organisations/").status_code == 403


def test_a_coordinator_goes_straight_to_their_organisation(client, coordinator, ngo_a):
    client.force_login(coordinator)

    response = client.get("/en/accounts/organisations/")

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/organisations/{ngo_a.pk}/users/"


def test_the_menu_links_to_users_for_those_who_manage_them(client, users, coordinator):
    seen = {}
    for role, user in [*users.items(), ("coordinator", coordinator)]:
        client.force_login(user)
        page = client.get("/en/facilities/").content.decode()
        seen[role] = (
            'href="/en/accounts/organisations/"' in page,
            f'href="/en/accounts/organisations/{user.organisation_id}/users/"' in page,
        )

    assert seen == {
        "admin": (True, False),
        "iom_staff": (True, False),
        "partner": (False, False),
        "viewer": (False, False),
        "coordinator": (False, True),
    }


# An organisation's users


def test_a_coordinator_lists_their_organisations_people_and_invitations(
    client, coordinator, colleague, ngo_a, iom_user
):
    invitation = Invitation(email="pending@example.org", organisation=ngo_a, role="partner")
    invitation.new_token()
    invitation.save()
    client.force_login(coordinator)

    response = client.get(f"/en/accounts/organisations/{ngo_a.pk}/users/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "colleague_a" in page and "coord_a" in page and "pending@example.org" in page
    assert "iom_t" not in page


def test_a_coordinator_cannot_open_another_organisations_users(client, coordinator, ngo_b):
    client.force_login(coordinator)

    assert client.get(f"/en/accounts/organisations/{ngo_b.pk}/users/").status_code == 404


@pytest.mark.parametrize(("role", "status"), [("partner", 403), ("viewer", 403)])
def test_people_who_manage_no_users_cannot_open_an_organisations_users(
    client, users, ngo_a, role, status
):
    client.force_login(users[role])

    assert client.get(f"/en/accounts/organisations/{ngo_a.pk}/users/").status_code == status


@pytest.mark.parametrize("role", ["admin", "iom_staff"])
def test_iom_roles_open_any_organisations_users(client, users, ngo_b, other_partner_user, role):
    client.force_login(users[role])

    response = client.get(f"/en/accounts/organisations/{ngo_b.pk}/users/")

    assert response.status_code == 200 and "partner_b" in response.content.decode()


def test_a_coordinator_sees_no_deactivate_button_on_their_own_row(client, coordinator, colleague):
    client.force_login(coordinator)

    page = client.get(f"/en/accounts/organisations/{coordinator.organisation_id}/users/")

    html = page.content.decode()
    assert f"/accounts/users/{colleague.pk}/active/" in html
    assert f"/accounts/users/{coordinator.pk}/active/" not in html


def _fill(organisation, count):
    for index in range(count):
        UserFactory(username=f"{organisation.acronym}-{index}", organisation=organisation)
        invitation = Invitation(
            email=f"{organisation.acronym}-{index}@example.org",
            organisation=organisation,
            role="partner",
        )
        invitation.new_token()
        invitation.save()


def test_an_organisations_users_page_runs_a_fixed_number_of_queries(
    client, iom_user, ngo_a, django_assert_max_num_queries
):
    client.force_login(iom_user)
    url = f"/en/accounts/organisations/{ngo_a.pk}/users/"
    _fill(ngo_a, 2)
    with django_assert_max_num_queries(50) as small:
        client.get(url)
    _fill(OrganisationFactory(name="Autre", acronym="AU"), 3)
    _fill(ngo_a, 20)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)

    assert response.status_code == 200


def test_the_organisation_list_runs_a_fixed_number_of_queries(
    client, iom_user, django_assert_max_num_queries
):
    client.force_login(iom_user)
    _fill(OrganisationFactory(name="Première", acronym="P1"), 2)
    with django_assert_max_num_queries(50) as small:
        client.get("/en/accounts/organisations/")
    for number in range(15):
        _fill(OrganisationFactory(name=f"Association {number}", acronym=f"N{number}"), 2)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/en/accounts/organisations/")

    assert response.status_code == 200


# Deactivating and reactivating


def test_a_coordinator_deactivates_then_reactivates_a_colleague(
    client, coordinator, colleague, caplog
):
    client.force_login(coordinator)
    caplog.set_level(logging.INFO, logger="accounts.invitations")

    response = toggle(client, colleague, active=False)

    colleague.refresh_from_db()
    assert response.status_code == 302 and not colleague.is_active
    latest = colleague.history.latest()
    assert latest.history_user == coordinator and not latest.is_active
    assert "'colleague_a' deactivated by 'coord_a'" in caplog.text

    toggle(client, colleague, active=True)

    colleague.refresh_from_db()
    assert colleague.is_active
    assert "'colleague_a' reactivated by 'coord_a'" in caplog.text


def test_a_deactivated_person_is_signed_out(client, coordinator, colleague):
    other = client.__class__()
    other.force_login(colleague)
    client.force_login(coordinator)

    toggle(client, colleague, active=False)

    assert other.get("/en/facilities/").status_code == 302


def test_a_coordinator_cannot_deactivate_themselves(client, coordinator):
    client.force_login(coordinator)

    response = toggle(client, coordinator, active=False)

    coordinator.refresh_from_db()
    assert response.status_code == 403 and coordinator.is_active


def test_a_coordinator_cannot_deactivate_someone_of_another_organisation(
    client, coordinator, other_partner_user
):
    client.force_login(coordinator)

    response = toggle(client, other_partner_user, active=False)

    other_partner_user.refresh_from_db()
    assert response.status_code == 404 and other_partner_user.is_active


@pytest.mark.parametrize("role", [User.Role.IOM_STAFF, User.Role.ADMIN, User.Role.VIEWER])
def test_a_coordinator_cannot_deactivate_a_role_they_cannot_give(client, coordinator, ngo_a, role):
    account = UserFactory(username="someone", role=role, organisation=ngo_a)
    client.force_login(coordinator)

    response = toggle(client, account, active=False)

    account.refresh_from_db()
    assert response.status_code == 403 and account.is_active


def test_iom_staff_cannot_deactivate_an_administrator(client, iom_user, admin_user):
    client.force_login(iom_user)

    response = toggle(client, admin_user, active=False)

    admin_user.refresh_from_db()
    assert response.status_code == 403 and admin_user.is_active


@pytest.mark.parametrize("role", ["admin", "iom_staff"])
def test_iom_roles_deactivate_a_partner_anywhere(client, users, other_partner_user, role):
    client.force_login(users[role])

    toggle(client, other_partner_user, active=False)

    other_partner_user.refresh_from_db()
    assert not other_partner_user.is_active


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_people_who_manage_no_users_cannot_deactivate(client, users, colleague, role):
    client.force_login(users[role])

    response = toggle(client, colleague, active=False)

    colleague.refresh_from_db()
    assert response.status_code == 403 and colleague.is_active


def test_a_stale_page_changes_nothing_and_says_so(client, coordinator, colleague):
    client.force_login(coordinator)
    seen = colleague.version
    colleague.first_name = "Renamed"
    colleague.save()

    response = client.post(
        f"/en/accounts/users/{colleague.pk}/active/",
        {"active": "0", VERSION_FIELD: seen},
        follow=True,
    )

    colleague.refresh_from_db()
    assert colleague.is_active
    assert "Nothing was changed" in response.content.decode()


def test_a_post_without_the_version_changes_nothing(client, coordinator, colleague):
    client.force_login(coordinator)

    client.post(f"/en/accounts/users/{colleague.pk}/active/", {"active": "0"})

    colleague.refresh_from_db()
    assert colleague.is_active


def test_the_demo_partner1_is_the_coordinator_of_its_association(db):
    from demo.facilities import DEMO_USERS, seed_users

    keys = {row["organisation"] for row in DEMO_USERS}
    organisations = {key: OrganisationFactory(name=f"Demo {key}") for key in keys}

    seed_users(organisations, "manara-demo")

    coordinators = set(User.objects.filter(is_coordinator=True).values_list("username", flat=True))
    assert coordinators == {"partner1"}


def test_iom_staff_search_organisations_by_name_or_acronym(client, iom_user, ngo_a, ngo_b):
    client.force_login(iom_user)

    response = client.get("/en/accounts/organisations/", {"q": "aao"})

    page = response.content.decode()
    assert ngo_a.name in page and ngo_b.name not in page
