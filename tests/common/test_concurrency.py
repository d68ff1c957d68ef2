"""The stale-save mechanism itself: the claim, and the back office's change forms."""

import pytest
from django.db import transaction
from django.test import Client

from accounts.models import User
from common.concurrency import StaleSave, claim
from facilities.models import Facility
from tests.factories import UserFactory


def test_a_claim_moves_the_version_once_and_a_second_claim_of_the_same_version_fails(
    iom_user, facility_a
):
    seen = facility_a.version
    with transaction.atomic():
        claim(facility_a, seen, iom_user)

    with pytest.raises(StaleSave) as refused, transaction.atomic():
        claim(Facility.objects.get(pk=facility_a.pk), seen, iom_user)

    stored = Facility.objects.get(pk=facility_a.pk)
    assert (stored.version, stored.changed_by) == (seen + 1, iom_user)
    assert "iom_t" in refused.value.detail


def test_a_save_that_claims_nothing_still_moves_the_version(facility_a):
    seen = Facility.objects.get(pk=facility_a.pk).version
    facility_a.phone = "+212 600000003"

    facility_a.save()

    assert Facility.objects.get(pk=facility_a.pk).version == seen + 1


def admin_page_data(response, **changes):
    """What the back office's change form sends, as it was loaded, with changes."""
    data = {}
    for bound in response.context["adminform"].form:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = "on" if value is True else str(value)
    data.update(changes)
    return data


def test_a_back_office_change_from_a_stale_page_is_refused_and_keeps_the_input(facility_a):
    first_admin, other_admin = (
        UserFactory(username=name, role=User.Role.ADMIN, is_staff=True, is_superuser=True)
        for name in ("admin_1", "admin_2")
    )
    first, second = Client(), Client()
    first.force_login(first_admin)
    second.force_login(other_admin)
    url = f"/admin/facilities/facility/{facility_a.pk}/change/"
    first_page, second_page = first.get(url), second.get(url)
    saved = first.post(url, admin_page_data(first_page, phone="+212 600000004"))
    assert saved.status_code == 302

    refused = second.post(url, admin_page_data(second_page, commune="Berkane"))

    assert refused.status_code == 200
    assert "modifiée par admin_1 (téléphone)" in refused.text
    assert 'value="Berkane"' in refused.text
    stored = Facility.objects.get(pk=facility_a.pk)
    assert (stored.phone, stored.commune) == ("+212 600000004", facility_a.commune)
