"""The admin back office: who may open it, what every model's pages show, and their cost."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from import_export.admin import ImportExportMixin

from accounts.models import Organisation, User
from facilities.models import Facility, Province, Region

from ..factories import FacilityFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_APPS = {"accounts", "facilities"}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in ADMIN_APPS),
    key=lambda model: model._meta.label,
)
SPREADSHEET_MODELS = [
    model for model in REGISTERED if isinstance(admin.site._registry[model], ImportExportMixin)
]
# The request's savepoint and its release, session, user, the region filter's choices, two
# counts, and the page of facilities joined to their region, province and organisation: the
# same for any number of facilities.
FACILITY_CHANGELIST_QUERIES = 8


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def label(model) -> str:
    return model._meta.label


@pytest.fixture
def superuser(iom_org):
    return UserFactory(
        username="super_t",
        role=User.Role.ADMIN,
        organisation=iom_org,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def superuser_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def reference_data_editor(admin_user):
    """A Manara admin (staff, not superuser) with every permission on regions and provinces."""
    admin_user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="facilities", codename__regex=r"_(region|province)$"
        )
    )
    return admin_user


def test_every_model_of_accounts_and_facilities_is_registered():
    assert {label(model) for model in REGISTERED} == {
        "accounts.Organisation",
        "accounts.User",
        "facilities.Region",
        "facilities.Province",
        "facilities.ServiceCategory",
        "facilities.TargetGroup",
        "facilities.Facility",
    }


def test_organisations_services_and_facilities_import_and_export_spreadsheets():
    assert {label(model) for model in SPREADSHEET_MODELS} == {
        "accounts.Organisation",
        "facilities.ServiceCategory",
        "facilities.Facility",
    }


@pytest.mark.parametrize("model", REGISTERED, ids=label)
@pytest.mark.parametrize("view", ["changelist", "add"])
def test_superuser_opens_every_changelist_and_add_page(superuser_client, facility_a, model, view):
    response = superuser_client.get(admin_url(model, view))

    assert response.status_code == 200


@pytest.mark.parametrize("model", SPREADSHEET_MODELS, ids=label)
@pytest.mark.parametrize("view", ["import", "export"])
def test_superuser_opens_import_and_export_pages(superuser_client, model, view):
    response = superuser_client.get(admin_url(model, view))

    assert response.status_code == 200


@pytest.mark.parametrize("view", ["change", "history"])
def test_superuser_opens_a_facility_and_its_history(superuser_client, facility_a, view):
    response = superuser_client.get(admin_url(Facility, view, facility_a.pk))

    assert response.status_code == 200
    assert "Centre Al Amal" in response.content.decode()


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_partner_is_sent_to_the_admin_login(client, partner_user, model):
    client.force_login(partner_user)
    url = admin_url(model, "changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


@pytest.mark.parametrize("model", [Region, Province], ids=label)
def test_staff_who_is_not_superuser_cannot_add_reference_data(client, reference_data_editor, model):
    client.force_login(reference_data_editor)

    response = client.get(admin_url(model, "add"))

    assert response.status_code == 403


@pytest.mark.parametrize("model", [Region, Province], ids=label)
def test_staff_who_is_not_superuser_cannot_delete_reference_data(
    client, reference_data_editor, model
):
    client.force_login(reference_data_editor)
    record = model.objects.order_by("code").first()

    response = client.post(admin_url(model, "delete", record.pk), {"post": "yes"})

    assert response.status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


def test_staff_who_is_not_superuser_reads_regions_without_add_button(client, reference_data_editor):
    client.force_login(reference_data_editor)

    response = client.get(admin_url(Region, "changelist"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Oriental" in page
    assert admin_url(Region, "add") not in page


def test_staff_who_is_not_superuser_cannot_rename_a_region(client, reference_data_editor):
    client.force_login(reference_data_editor)
    oriental = Region.objects.get(code="02")

    client.post(
        admin_url(Region, "change", oriental.pk),
        {"code": "02", "name_fr": "Renamed", "name_ar": "x", "name_en": "x"},
    )

    oriental.refresh_from_db()
    assert oriental.name_fr == "Oriental"


def test_regions_are_searchable_by_code(superuser_client):
    response = superuser_client.get(admin_url(Region, "changelist"), {"q": "06"})

    assert list(response.context["cl"].result_list) == [Region.objects.get(code="06")]


def test_users_can_be_filtered_by_role(superuser_client, partner_user, viewer_user):
    response = superuser_client.get(admin_url(User, "changelist"), {"role__exact": "partner"})

    assert list(response.context["cl"].result_list) == [partner_user]


def test_superuser_creates_a_partner_user_with_organisation_and_role(superuser_client, ngo_a):
    response = superuser_client.post(
        admin_url(User, "add"),
        {
            "username": "new_partner",
            "usable_password": "true",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "email": "new@example.org",
            "organisation": ngo_a.pk,
            "role": User.Role.PARTNER,
            "preferred_language": "ar",
        },
    )

    assert response.status_code == 302
    created = User.objects.get(username="new_partner")
    assert (created.organisation, created.role, created.preferred_language) == (
        ngo_a,
        User.Role.PARTNER,
        "ar",
    )


def test_organisation_changelist_searches_by_acronym(superuser_client, ngo_a, ngo_b):
    response = superuser_client.get(admin_url(Organisation, "changelist"), {"q": "AAO"})

    assert list(response.context["cl"].result_list) == [ngo_a]


@pytest.mark.parametrize("facilities", [5, 50])
def test_facility_changelist_runs_a_fixed_number_of_queries(
    superuser_client, django_assert_max_num_queries, facilities
):
    FacilityFactory.create_batch(facilities)

    with django_assert_max_num_queries(FACILITY_CHANGELIST_QUERIES):
        response = superuser_client.get(admin_url(Facility, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == facilities


def test_superuser_changes_the_languages_of_a_facility_with_check_boxes(
    superuser_client, facility_a
):
    form = {
        "code": facility_a.code,
        "name": facility_a.name,
        "kind": facility_a.kind,
        "status": facility_a.status,
        "is_published": "on",
        "managing_organisation": facility_a.managing_organisation_id,
        "management_mode": facility_a.management_mode,
        "region": facility_a.region_id,
        "province": facility_a.province_id,
        "latitude": "34.681",
        "longitude": "-1.908",
        "capacity": "40",
        "occupancy": "25",
        "languages": ["ar", "wo"],
        "seen_version": facility_a.version,  # the change form's stale-save token
    }

    response = superuser_client.post(admin_url(Facility, "change", facility_a.pk), form)

    assert response.status_code == 302
    facility_a.refresh_from_db()
    assert facility_a.languages == ["ar", "wo"]
