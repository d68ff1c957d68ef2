"""One activity log: who changed which fields of a record, from what to what, on its page and,
for administrators, across the system."""

import pytest
from django.urls import reverse

from activity.changes import recent_changes
from referrals.models import ActorProfile, Case
from tests.factories import ActorFactory, CaseFactory


def _changed(instance, user, **values):
    instance._history_user = user
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()


@pytest.fixture
def case(partner_user, ngo_a):
    case = CaseFactory(owner=ngo_a, full_name="Amina Benali", phone="+212 600 11 22 33")
    _changed(
        case,
        partner_user,
        age_band=Case.AgeBand.ADULT_35,
        full_name="Amina B.",
        phone="+212 600 99 88 77",
    )
    return case


def test_a_case_page_shows_who_changed_which_field_from_what_to_what(client, partner_user, case):
    client.force_login(partner_user)

    html = client.get(reverse("referrals:case_detail", args=[case.pk])).text

    history = html[html.index('data-testid="history"') :]
    assert "partner_a" in history
    assert "25–34" in history and "35–49" in history


def test_the_activity_log_never_holds_a_persons_name_or_phone(case):
    record = case.history.latest()

    assert not hasattr(record, "full_name") and not hasattr(record, "phone")
    assert [field.label for field in recent_changes(case)[0].fields] == ["tranche d’âge"]
    assert all(
        "Amina" not in field.new and "600" not in field.new
        for change in recent_changes(case)
        for field in change.fields
    )


def test_an_actor_page_shows_its_changes(client, iom_user):
    actor = ActorFactory()
    _changed(actor, iom_user, level=ActorProfile.Level.NATIONAL)
    client.force_login(iom_user)

    html = client.get(reverse("referrals:actor_detail", args=[actor.pk])).text

    history = html[html.index('data-testid="history"') :]
    assert "iom_t" in history and str(ActorProfile.Level.NATIONAL.label) in history


@pytest.mark.parametrize("cases", [2, 12])
def test_the_fragment_reads_a_fixed_number_of_queries(
    django_assert_num_queries, partner_user, ngo_a, cases
):
    case = CaseFactory(owner=ngo_a)
    for band in ["35-49", "50-59", "60+", "18-24", "25-34"] * (cases // 2):
        _changed(case, partner_user, age_band=band)

    with django_assert_num_queries(1):
        recent_changes(case)


def test_administrators_list_the_changes_across_the_system_by_kind_of_record(
    client, admin_user, case
):
    client.force_login(admin_user)

    every = client.get("/admin/activity/").text
    only_cases = client.get("/admin/activity/", {"model": "referrals.case"}).text

    assert "35–49" in every
    assert str(Case._meta.verbose_name) in only_cases
    assert "<del>" in only_cases


@pytest.mark.parametrize("role", ["iom_staff", "partner", "viewer"])
def test_only_administrators_see_the_activity_across_the_system(client, users, role):
    users[role].is_staff = True
    users[role].save()
    client.force_login(users[role])

    response = client.get("/admin/activity/")

    assert response.status_code == 403


def test_an_unknown_person_in_the_filter_is_said_so(client, admin_user, case):
    client.force_login(admin_user)

    html = client.get("/admin/activity/", {"user": "<script>nobody</script>"}).text

    assert "&lt;script&gt;nobody&lt;/script&gt;" in html and "<script>nobody" not in html
    assert "35–49" not in html


def test_a_save_that_changed_only_what_the_log_leaves_out_is_not_listed(partner_user, case):
    before = len(recent_changes(case))
    _changed(case, partner_user, full_name="Amina Benali-Idrissi")

    assert len(recent_changes(case)) == before


def test_an_assessment_page_shows_its_changes(client, iom_user, submitted_assessment):
    _changed(submitted_assessment, iom_user, summary="Rampe à refaire avant l’hiver")
    client.force_login(iom_user)

    html = client.get(reverse("assessments:detail", args=[submitted_assessment.pk])).text

    history = html[html.index('data-testid="history"') :]
    assert "iom_t" in history and "Rampe à refaire avant l’hiver" in history


@pytest.mark.parametrize("saves", [2, 12])
def test_the_administrators_list_reads_a_fixed_number_of_queries(
    client, admin_user, partner_user, ngo_a, django_assert_max_num_queries, saves
):
    case = CaseFactory(owner=ngo_a)
    for band in ["35-49", "50-59", "60+", "18-24", "25-34", "0-17"] * (saves // 2):
        _changed(case, partner_user, age_band=band)
    client.force_login(admin_user)

    with django_assert_max_num_queries(8):
        html = client.get("/admin/activity/", {"model": "referrals.case"}).text

    assert html.count("<del>") >= saves


def test_changes_read_dates_and_related_records_as_people_do_not_as_stored(iom_user, db):
    """A re-pointed need names its new assessment, not its id; who moved it and when are in the
    line's head, not repeated as raw fields."""
    from assessments.models import Need
    from tests.factories import AssessmentFactory, FacilityFactory, NeedFactory

    facility = FacilityFactory(name="Bab Charq")
    first, second = AssessmentFactory(facility=facility), AssessmentFactory(facility=facility)
    need = NeedFactory(facility=facility, assessment=first, description="Rampe d'accès")
    need.move(Need.Status.PLANNED, iom_user)
    Need.objects.get(pk=need.pk).save()
    moved = Need.objects.get(pk=need.pk)
    moved.assessment = second
    moved.save()
    changes = recent_changes(moved)
    fields = {field.label: field for change in changes for field in change.fields}
    label = str(Need._meta.get_field("assessment").verbose_name)
    assert fields[label].new == str(second) != str(second.pk)
    for bookkeeping in ("status_changed_at", "status_changed_by"):
        assert str(Need._meta.get_field(bookkeeping).verbose_name) not in fields
