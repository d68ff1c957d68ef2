"""Who may read and change which facility: Facility.objects.visible_to / editable_by."""

import pytest
from django.contrib.auth.models import AnonymousUser

from facilities.models import Facility

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_facilities(facility_a, unpublished_facility_b, published_facility_b):
    return facility_a, unpublished_facility_b, published_facility_b


@pytest.mark.parametrize("role", ["admin", "iom_staff", "viewer"])
def test_iom_roles_and_viewers_read_every_facility(users, role, three_facilities):
    assert Facility.objects.visible_to(users[role]).count() == 3


def test_partner_reads_published_facilities_and_its_own(partner_user, three_facilities):
    facility_a, unpublished_b, published_b = three_facilities
    visible = set(Facility.objects.visible_to(partner_user))
    assert visible == {facility_a, published_b}


def test_partner_reads_its_own_unpublished_facility(partner_user, facility_a):
    facility_a.is_published = False
    facility_a.save()
    assert list(Facility.objects.visible_to(partner_user)) == [facility_a]


def test_partner_edits_only_its_organisations_facilities(partner_user, three_facilities):
    assert list(Facility.objects.editable_by(partner_user)) == [three_facilities[0]]


@pytest.mark.parametrize("role", ["admin", "iom_staff"])
def test_iom_roles_edit_every_facility(users, role, three_facilities):
    assert Facility.objects.editable_by(users[role]).count() == 3


def test_viewer_edits_nothing(viewer_user, three_facilities):
    assert not Facility.objects.editable_by(viewer_user).exists()


def test_anonymous_and_inactive_users_read_nothing(iom_user, three_facilities):
    assert not Facility.objects.visible_to(AnonymousUser()).exists()
    iom_user.is_active = False
    assert not Facility.objects.visible_to(iom_user).exists()
    assert not Facility.objects.editable_by(iom_user).exists()


def test_partner_without_organisation_reads_only_published_and_edits_nothing(
    partner_user, three_facilities
):
    partner_user.organisation = None
    assert Facility.objects.visible_to(partner_user).count() == 2
    assert not Facility.objects.editable_by(partner_user).exists()
    assert not Facility.can_be_created_by(partner_user)


def test_public_directory_shows_only_published_open_facilities(three_facilities):
    facility_a, _, published_b = three_facilities
    published_b.status = Facility.Status.CLOSED
    published_b.save()
    assert list(Facility.objects.published()) == [facility_a]
