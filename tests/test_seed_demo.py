"""`manage.py seed_demo`: demonstration organisations, facilities, accounts and load data.

The plans and projects it adds are tested in tests/plans/test_demo.py.
"""

import io

import pytest
from django.core.management import call_command

from accounts.models import Organisation, User
from demo.facilities import DEMO_FACILITIES
from facilities.models import Facility

pytestmark = pytest.mark.django_db

SEED_REGIONS = {
    "Oriental",
    "Casablanca-Settat",
    "Béni Mellal-Khénifra",
    "Souss-Massa",
    "Tanger-Tétouan-Al Hoceima",
    "Rabat-Salé-Kénitra",
}
DEMO_USERNAMES = ["admin", "iom", "partner1", "partner2", "viewer", "council"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash the demo passwords cheaply: these tests check accounts, not the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def debug_on(settings):
    """A development machine: pytest-django turns DEBUG off, the demo accounts need it on."""
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "manara-demo"
    return settings


def seed_demo(*args: str) -> str:
    """Run seed_demo and return everything it printed, on stdout and stderr."""
    output = io.StringIO()
    call_command("seed_demo", *args, stdout=output, stderr=output)
    return output.getvalue()


def database_counts() -> dict[str, int]:
    """How many rows the seed can write, per table."""
    return {
        "organisations": Organisation.objects.count(),
        "organisation regions": Organisation.regions.through.objects.count(),
        "facilities": Facility.objects.count(),
        "services": Facility.services.through.objects.count(),
        "target groups": Facility.target_groups.through.objects.count(),
        "users": User.objects.count(),
        "history": Facility.history.count(),
    }


def demo_facilities():
    return Facility.objects.filter(code__startswith="DEMO-").select_related(
        "region", "province", "managing_organisation"
    )


def test_seed_demo_creates_the_organisations(debug_on):
    seed_demo()

    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds["OIM Maroc"] == Organisation.Kind.IOM
    assert kinds["Entraide Nationale"] == Organisation.Kind.GOVERNMENT
    assert kinds["Conseil de la Région de l'Oriental"] == Organisation.Kind.GOVERNMENT
    assert list(kinds.values()).count(Organisation.Kind.NGO) >= 4
    council = Organisation.objects.get(name="Conseil de la Région de l'Oriental")
    assert [region.name_fr for region in council.regions.all()] == ["Oriental"]
    assert Organisation.objects.get(name="OIM Maroc").regions.count() == 12


def test_seed_demo_creates_thirty_facilities_over_the_six_seed_regions(debug_on):
    seed_demo()

    facilities = demo_facilities()
    assert facilities.count() == len(DEMO_FACILITIES) >= 30
    per_region = dict.fromkeys(SEED_REGIONS, 0)
    for facility in facilities:
        if facility.region.name_fr in per_region:
            per_region[facility.region.name_fr] += 1
    assert min(per_region.values()) >= 4, per_region


def test_every_demo_facility_is_valid(debug_on):
    seed_demo()

    for facility in demo_facilities():
        facility.full_clean()  # coordinates in Morocco, province in region, sane occupancy
        assert facility.province.region_id == facility.region_id
        assert facility.services.exists(), facility.code
        assert facility.target_groups.exists(), facility.code
        assert facility.opening_hours_fr and facility.access_conditions_fr
        assert facility.phone.startswith("+212 5")
        assert facility.history.count() == 1


def test_most_demo_facilities_are_translated_active_and_published(debug_on):
    seed_demo()

    facilities = demo_facilities()
    total = facilities.count()
    assert facilities.exclude(opening_hours_ar="").exclude(access_conditions_en="").count() > (
        total / 2
    )
    assert facilities.filter(status=Facility.Status.ACTIVE).count() > total / 2
    assert facilities.exclude(status=Facility.Status.ACTIVE).exists()
    assert facilities.filter(is_published=True).count() > total / 2


def test_seed_demo_creates_the_six_accounts_with_the_demo_password(debug_on):
    output = seed_demo()

    users = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert sorted(users) == sorted(DEMO_USERNAMES)
    assert all(user.check_password("manara-demo") for user in users.values())
    assert users["admin"].role == User.Role.ADMIN
    assert users["admin"].is_staff and users["admin"].is_superuser
    assert users["iom"].role == User.Role.IOM_STAFF
    assert users["admin"].organisation.name == users["iom"].organisation.name == "OIM Maroc"
    assert users["partner1"].role == users["partner2"].role == User.Role.PARTNER
    assert users["partner1"].organisation != users["partner2"].organisation
    assert users["viewer"].role == User.Role.VIEWER
    assert users["viewer"].organisation.name == "Conseil de la Région de l'Oriental"
    assert users["council"].role == User.Role.VIEWER
    assert users["council"].organisation == users["viewer"].organisation
    assert "partner1" in output and "manara-demo" in output


def test_partners_each_manage_several_facilities_and_partner1_cannot_see_an_ngo_b_one(debug_on):
    seed_demo()

    partner1 = User.objects.get(username="partner1")
    partner2 = User.objects.get(username="partner2")
    assert demo_facilities().filter(managing_organisation=partner1.organisation).count() >= 2
    assert demo_facilities().filter(managing_organisation=partner2.organisation).count() >= 2
    hidden = demo_facilities().filter(
        managing_organisation=partner2.organisation, is_published=False
    )
    assert hidden.exists()
    assert not Facility.objects.visible_to(partner1).filter(pk__in=hidden).exists()
    others = demo_facilities().exclude(
        managing_organisation__in=[partner1.organisation, partner2.organisation]
    )
    assert others.filter(managing_organisation__kind=Organisation.Kind.NGO).exists()


def test_running_seed_demo_twice_adds_nothing(debug_on):
    seed_demo()
    before = database_counts()

    output = seed_demo()

    assert database_counts() == before
    assert "0 created" in output


def test_seed_demo_keeps_changes_and_passwords_of_existing_records(debug_on):
    seed_demo()
    facility = Facility.objects.get(code="DEMO-0001")
    facility.capacity = 99
    facility.save()
    partner = User.objects.get(username="partner1")
    partner.set_password("a changed password")
    partner.save()

    seed_demo()

    assert Facility.objects.get(code="DEMO-0001").capacity == 99
    assert User.objects.get(username="partner1").check_password("a changed password")


def test_reset_passwords_sets_the_demo_password_again(debug_on):
    seed_demo()
    partner = User.objects.get(username="partner1")
    partner.set_password("a changed password")
    partner.save()

    seed_demo("--reset-passwords")

    assert User.objects.get(username="partner1").check_password("manara-demo")


def test_with_debug_off_no_account_is_created_and_the_output_says_why(settings):
    settings.DEBUG = False

    output = seed_demo()

    assert not User.objects.filter(username__in=DEMO_USERNAMES).exists()
    assert "DEBUG is off" in output
    assert demo_facilities().count() == len(DEMO_FACILITIES)


def test_seed_demo_facilities_adds_exactly_that_many_synthetic_facilities(debug_on):
    seed_demo()
    before = Facility.objects.count()

    output = seed_demo("--facilities", "300", "--batch-size", "120")

    assert Facility.objects.count() == before + 300
    synthetic = Facility.objects.filter(code__startswith="SYN-").select_related("province")
    assert synthetic.count() == 300
    assert all(facility.province.region_id == facility.region_id for facility in synthetic)
    assert synthetic.values("code").distinct().count() == 300
    assert synthetic.values("slug").distinct().count() == 300
    assert not synthetic.filter(slug="").exists()
    assert not synthetic.filter(services__isnull=True).exists()
    assert synthetic.values("region").distinct().count() == 12
    assert "300 added" in output


def test_synthetic_codes_continue_after_the_existing_ones(debug_on):
    seed_demo("--facilities", "5")

    seed_demo("--facilities", "5")

    codes = sorted(Facility.objects.filter(code__startswith="SYN-").values_list("code", flat=True))
    assert codes == [f"SYN-{number:06d}" for number in range(1, 11)]


def test_synthetic_facilities_are_valid(debug_on):
    seed_demo("--facilities", "24")

    for facility in Facility.objects.filter(code__startswith="SYN-"):
        facility.full_clean()
