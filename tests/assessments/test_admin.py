"""The back office of frameworks and weights: frozen when published, changed by admins only."""

import pytest
from django.urls import reverse

from accounts.models import User
from assessments.admin import next_version
from assessments.models import Framework, PrioritySettings
from tests.factories import UserFactory


@pytest.fixture
def staff_iom_user(iom_org):
    """IOM staff with access to the back office, but not a Manara administrator."""
    return UserFactory(
        username="iom_staff_admin", role=User.Role.IOM_STAFF, organisation=iom_org, is_staff=True
    )


def test_a_published_framework_opens_read_only_with_a_clear_message(client, admin_user, framework):
    client.force_login(admin_user)

    page = client.get(reverse("admin:assessments_framework_change", args=[framework.pk]))
    refused = client.post(
        reverse("admin:assessments_framework_change", args=[framework.pk]),
        {"name": "Renamed", "version": "1.0"},
    )

    assert page.status_code == 200
    assert "ne peut pas être modifié" in page.text
    assert 'name="name"' not in page.text
    assert refused.status_code == 403
    assert Framework.objects.get(pk=framework.pk).name == framework.name


def test_the_new_version_action_makes_an_editable_draft_with_every_criterion(
    client, admin_user, framework
):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:assessments_framework_changelist"),
        {"action": "make_new_version", "_selected_action": [framework.pk]},
    )

    draft = Framework.objects.get(based_on=framework)
    assert (draft.version, draft.status, draft.criteria.count()) == ("1.1", "draft", 8)
    assert response["Location"] == reverse("admin:assessments_framework_change", args=[draft.pk])
    page = client.get(response["Location"])
    assert 'name="name"' in page.text


def test_publishing_an_empty_draft_is_refused_with_a_message(client, admin_user):
    empty = Framework.objects.create(name="Vide", version="0.1")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:assessments_framework_changelist"),
        {"action": "publish", "_selected_action": [empty.pk]},
        follow=True,
    )

    assert "au moins un critère" in response.text
    assert Framework.objects.get(pk=empty.pk).status == "draft"


def test_iom_staff_read_frameworks_but_cannot_change_them_or_the_weights(
    client, staff_iom_user, framework
):
    client.force_login(staff_iom_user)
    draft = framework.new_version("2.0")

    framework_page = client.get(reverse("admin:assessments_framework_change", args=[draft.pk]))
    change = client.post(
        reverse("admin:assessments_framework_change", args=[draft.pk]),
        {"name": "Changed", "version": "2.0"},
    )
    weights = client.post(
        reverse("admin:assessments_prioritysettings_change", args=[1]), {"weight_gap": 99}
    )

    assert framework_page.status_code == 200
    assert change.status_code == 403
    assert weights.status_code == 403
    assert PrioritySettings.load().weight_gap == 40


def test_an_admin_changes_the_prioritisation_weights(client, admin_user):
    client.force_login(admin_user)
    data = {
        "weight_gap": 50,
        "weight_severity": 20,
        "weight_people": 10,
        "weight_vulnerable": 10,
        "weight_critical": 10,
        "people_reference": 150,
        "critical_gaps_reference": 3,
        "seen_version": PrioritySettings.load().version,  # the token the page carries
    }

    listing = client.get(reverse("admin:assessments_prioritysettings_changelist"))
    client.post(reverse("admin:assessments_prioritysettings_change", args=[1]), data)

    assert listing["Location"] == reverse("admin:assessments_prioritysettings_change", args=[1])
    stored = PrioritySettings.load()
    assert (stored.weight_gap, stored.people_reference) == (50, 150)
    assert PrioritySettings.objects.count() == 1


@pytest.mark.parametrize(
    ("version", "expected"), [("1.0", "1.1"), ("1.9", "1.10"), ("2", "3"), ("beta", "beta.1")]
)
def test_the_next_version_number(version, expected):
    assert next_version(version) == expected
