"""Technical support to partners: the list, recording an activity all or nothing, its page, its
attendance sheet and an organisation's page, for every role.

Messages are read on the English pages (/en/), so that the French translations added later
cannot break the assertions; the French pages are checked for access.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from plans.models import SupportActivity, SupportFollowUp, SupportParticipants
from tests.factories import FacilityFactory, OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TODAY = timezone.localdate()
LAST_MONTH = TODAY - datetime.timedelta(days=30)


def en(name, *args):
    """The address of a page in English, whose messages are the source strings."""
    with translation.override("en"):
        return reverse(f"plans:{name}", args=args)


def fr(name, *args):
    with translation.override("fr"):
        return reverse(f"plans:{name}", args=args)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a folder of this test only, so that what is written can be counted."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()]


@pytest.fixture
def people(admin_user, iom_user, partner_user, other_partner_user, viewer_user):
    """Every kind of user by name; `anonymous` is a visitor who has not signed in."""
    return {
        "admin": admin_user,
        "iom_staff": iom_user,
        "partner": partner_user,
        "other_partner": other_partner_user,
        "viewer": viewer_user,
        "anonymous": None,
    }


def sign_in(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])


@pytest.fixture
def activity(ngo_a, ngo_b, facility_a, project, iom_user):
    """A training given to NGO A at its facility under the project, last month.

    Eight people of NGO A and two of NGO B took part; one action is done, one overdue, one open.
    """
    activity = SupportActivity.objects.create(
        kind=SupportActivity.Kind.TRAINING,
        date=LAST_MONTH,
        organisation=ngo_a,
        facility=facility_a,
        project=project,
        topic="Gestion des cas de protection",
        summary="Deux jours de formation.",
        recorded_by=iom_user,
    )
    SupportParticipants.objects.create(activity=activity, organisation=ngo_a, women=5, men=3)
    SupportParticipants.objects.create(activity=activity, organisation=ngo_b, women=1, men=1)
    SupportFollowUp.objects.create(
        activity=activity, action="Afficher le règlement", owner="AAO", due_on=LAST_MONTH
    )
    SupportFollowUp.objects.create(
        activity=activity,
        action="Former les bénévoles",
        owner="AAO",
        due_on=LAST_MONTH,
        is_done=True,
    )
    SupportFollowUp.objects.create(
        activity=activity,
        action="Mettre à jour le registre",
        owner="OIM",
        due_on=TODAY + datetime.timedelta(days=30),
    )
    return activity


@pytest.fixture
def activity_b(ngo_b):
    """A support visit to NGO B: outside partner_user's scope."""
    activity = SupportActivity.objects.create(
        kind=SupportActivity.Kind.VISIT,
        date=datetime.date(2024, 5, 14),
        organisation=ngo_b,
        topic="Visite de suivi à Agadir",
    )
    SupportParticipants.objects.create(activity=activity, organisation=ngo_b, women=2, men=0)
    SupportFollowUp.objects.create(
        activity=activity, action="Réparer la porte", owner="ASS", due_on=datetime.date(2024, 6, 1)
    )
    return activity


@pytest.fixture
def activity_with_sheet(activity):
    activity.attendance_sheet.save("feuille.pdf", ContentFile(PDF))
    return activity


def _post_data(participants=None, follow_ups=None, **fields):
    """The form as a browser sends it: the activity, then one row per participant and action."""
    participants = [] if participants is None else participants
    follow_ups = [] if follow_ups is None else follow_ups
    data = {
        "kind": "training",
        "date": LAST_MONTH.isoformat(),
        "organisation": "",
        "facility": "",
        "project": "",
        "topic": "Accueil des enfants non accompagnés",
        "summary": "Une journée à Oujda.",
        "participants-TOTAL_FORMS": str(max(len(participants), 3)),
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "follow_ups-TOTAL_FORMS": str(max(len(follow_ups), 3)),
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-MIN_NUM_FORMS": "0",
        "follow_ups-MAX_NUM_FORMS": "1000",
    }
    for index in range(max(len(participants), 3)):
        row = participants[index] if index < len(participants) else {}
        data[f"participants-{index}-organisation"] = row.get("organisation", "")
        data[f"participants-{index}-women"] = row.get("women", "0")
        data[f"participants-{index}-men"] = row.get("men", "0")
    for index, row in enumerate(follow_ups):
        for key, value in row.items():
            data[f"follow_ups-{index}-{key}"] = value
    data.update(fields)
    return data


def _pdf(name="feuille.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def valid_data(ngo_a, ngo_b, facility_a, project):
    return _post_data(
        participants=[
            {"organisation": ngo_a.pk, "women": "6", "men": "4"},
            {"organisation": ngo_b.pk, "women": "2", "men": "0"},
        ],
        follow_ups=[
            {"action": "Nommer un point focal", "owner": "AAO", "due_on": TODAY.isoformat()},
        ],
        organisation=ngo_a.pk,
        facility=facility_a.pk,
        project=project.pk,
    )


def _counts():
    return (
        SupportActivity.objects.count(),
        SupportParticipants.objects.count(),
        SupportFollowUp.objects.count(),
    )


# The list --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "topics"),
    [
        ("admin", 200, {"Gestion des cas de protection", "Visite de suivi à Agadir"}),
        ("iom_staff", 200, {"Gestion des cas de protection", "Visite de suivi à Agadir"}),
        ("partner", 200, {"Gestion des cas de protection"}),
        ("other_partner", 200, {"Visite de suivi à Agadir"}),
        ("viewer", 403, set()),
    ],
)
def test_the_support_list_shows_each_role_the_activities_in_its_scope(
    client, people, role, status, topics, activity, activity_b
):
    sign_in(client, people, role)

    response = client.get(fr("support_list"))

    assert response.status_code == status
    listed = {row.topic for row in response.context["page_obj"]} if status == 200 else set()
    assert listed == topics


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_support_list(client, activity):
    response = client.get(fr("support_list"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_partner_without_organisation_has_no_support_to_read(client, activity):
    client.force_login(UserFactory(username="lone_partner", role=User.Role.PARTNER))

    assert client.get(fr("support_list")).status_code == 403
    assert client.get(fr("support_detail", activity.pk)).status_code == 404


def test_the_support_list_lives_at_the_french_address(client, iom_user, activity):
    client.force_login(iom_user)

    response = client.get("/fr/support/")

    assert response.status_code == 200
    assert "Gestion des cas de protection" in response.text


def test_a_viewer_with_an_organisation_reads_the_support_given_to_it_only(
    client, oriental_council, activity
):
    council_viewer = UserFactory(
        username="council_v", role=User.Role.VIEWER, organisation=oriental_council
    )
    SupportActivity.objects.create(
        kind="workshop", date=LAST_MONTH, organisation=oriental_council, topic="Atelier du plan"
    )
    client.force_login(council_viewer)

    response = client.get(fr("support_list"))

    assert [row.topic for row in response.context["page_obj"]] == ["Atelier du plan"]


def test_a_row_shows_date_kind_organisation_facility_project_participants_and_open_actions(
    client, iom_user, activity
):
    client.force_login(iom_user)

    page = client.get(en("support_list")).text

    row = page.split('data-testid="support-row"')[1].split("</tr>")[0]
    assert LAST_MONTH.strftime("%m/%d/%Y") in row or LAST_MONTH.isoformat() in row
    assert "Training" in row
    assert "AAO" in row
    assert "Centre Al Amal" in row
    assert "JP.0001" in row
    assert "Gestion des cas de protection" in row
    assert "6 / 4" in row  # women / men, both organisations together
    assert ">2</span>" in row  # two follow-ups still open


@pytest.mark.parametrize(("role", "shown"), [("iom_staff", True), ("partner", False)])
def test_the_record_button_is_shown_to_iom_roles_only(client, people, role, shown, activity):
    sign_in(client, people, role)

    page = client.get(en("support_list")).text

    assert ("Record a support activity" in page) is shown


@pytest.mark.parametrize(
    ("query", "topics"),
    [
        ({"kind": "visit"}, {"Visite de suivi à Agadir"}),
        ({"year": "2024"}, {"Visite de suivi à Agadir"}),
        ({"year": str(LAST_MONTH.year)}, {"Gestion des cas de protection"}),
        ("project", {"Gestion des cas de protection"}),
        ("organisation", {"Visite de suivi à Agadir"}),
    ],
)
def test_iom_staff_narrow_the_support_list_by_kind_year_project_and_organisation(
    client, iom_user, activity, activity_b, query, topics
):
    if query == "project":
        query = {"project": activity.project_id}
    elif query == "organisation":
        query = {"organisation": activity_b.organisation_id}
    client.force_login(iom_user)

    response = client.get(fr("support_list"), query)

    assert {row.topic for row in response.context["page_obj"]} == topics


def test_a_partner_cannot_list_another_organisations_support_by_filtering_on_it(
    client, partner_user, activity, activity_b
):
    client.force_login(partner_user)

    response = client.get(fr("support_list"), {"organisation": activity_b.organisation_id})

    assert "Visite de suivi à Agadir" not in response.text


@pytest.mark.parametrize("size", [2, 30])
def test_the_support_list_runs_a_fixed_number_of_queries(
    client, iom_user, project, size, django_assert_max_num_queries
):
    for number in range(size):
        organisation = OrganisationFactory(name=f"Association {number}")
        facility = FacilityFactory(name=f"Centre {number}", managing_organisation=organisation)
        supported = SupportActivity.objects.create(
            kind="visit",
            date=LAST_MONTH,
            organisation=organisation,
            facility=facility,
            project=project,
            topic=f"Visite {number}",
        )
        SupportParticipants.objects.create(
            activity=supported, organisation=organisation, women=1, men=2
        )
        SupportFollowUp.objects.create(activity=supported, action="A", owner="B", due_on=TODAY)
    client.force_login(iom_user)

    with django_assert_max_num_queries(9):
        response = client.get(fr("support_list"))

    assert response.text.count('data-testid="support-row"') == min(size, 25)


# Recording an activity -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("iom_staff", 200), ("partner", 403), ("other_partner", 403), ("viewer", 403)],
)
def test_only_iom_roles_open_the_support_form(client, people, role, status):
    sign_in(client, people, role)

    response = client.get(fr("support_create"))

    assert response.status_code == status
    if status == 200:
        assert 'enctype="multipart/form-data"' in response.text


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_support_form(client, db):
    response = client.get(fr("support_create"))

    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["partner", "other_partner", "viewer"])
def test_a_partner_or_viewer_posting_a_support_activity_stores_nothing(
    client, people, role, valid_data, media_root
):
    sign_in(client, people, role)

    response = client.post(fr("support_create"), {**valid_data, "attendance_sheet": _pdf()})

    assert response.status_code == 403
    assert _counts() == (0, 0, 0)
    assert stored_files(media_root) == []


def test_iom_staff_record_an_activity_with_participants_follow_ups_and_attendance_sheet(
    client, iom_user, valid_data, media_root, ngo_a, facility_a, project
):
    client.force_login(iom_user)

    response = client.post(en("support_create"), {**valid_data, "attendance_sheet": _pdf()})

    activity = SupportActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == en("support_detail", activity.pk)
    assert (activity.organisation, activity.facility, activity.project) == (
        ngo_a,
        facility_a,
        project,
    )
    assert activity.recorded_by == iom_user
    assert sorted((p.women, p.men) for p in activity.participants.all()) == [(2, 0), (6, 4)]
    assert [(f.action, f.owner, f.due_on) for f in activity.follow_ups.all()] == [
        ("Nommer un point focal", "AAO", TODAY)
    ]
    assert [path.read_bytes() for path in stored_files(media_root)] == [PDF]
    download = client.get(en("attendance_sheet", activity.pk))
    assert b"".join(download.streaming_content) == PDF


def test_an_activity_can_be_recorded_without_facility_project_follow_ups_or_sheet(
    client, iom_user, ngo_b
):
    client.force_login(iom_user)
    data = _post_data(
        participants=[{"organisation": ngo_b.pk, "women": "3", "men": "0"}],
        organisation=ngo_b.pk,
        kind="workshop",
    )

    response = client.post(en("support_create"), data)

    assert response.status_code == 302
    activity = SupportActivity.objects.get()
    assert (activity.facility, activity.project, activity.attendance_sheet.name) == (None, None, "")
    assert activity.follow_ups.count() == 0


BIG = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("text_renamed_pdf", "must be a PDF, JPEG or PNG"),
        ("png_named_pdf", "must be a PDF, JPEG or PNG"),
        ("text_file", "must be a PDF, JPEG or PNG"),
        ("too_big", "larger than 5 MB"),
        ("no_topic", "This field is required."),
        ("participants_all_zero", "Give the number of women or men of this organisation."),
        ("no_participants", "Record at least one participant (women or men)."),
        ("same_organisation_twice", "Each organisation appears on one row only."),
        ("facility_of_another_organisation", "not managed by the organisation supported"),
        ("follow_up_due_before", "The due date cannot be before the activity."),
        ("follow_up_without_owner", "This field is required."),
        ("unknown_project", "Choose a project from the list."),
        ("future_date", "The date cannot be in the future."),
    ],
)
def test_bad_input_shows_a_clear_message_and_stores_no_row_and_no_file(
    client, iom_user, valid_data, media_root, ngo_a, published_facility_b, case, message
):
    client.force_login(iom_user)
    data = {**valid_data, "attendance_sheet": _pdf()}
    if case == "text_renamed_pdf":
        data["attendance_sheet"] = _pdf("liste.pdf", b"Nom;Organisation\nAmina;AAO\n")
    elif case == "png_named_pdf":
        data["attendance_sheet"] = _pdf("photo.pdf", PNG)
    elif case == "text_file":
        data["attendance_sheet"] = SimpleUploadedFile("liste.txt", PDF, content_type="text/plain")
    elif case == "too_big":
        data["attendance_sheet"] = _pdf("grosse.pdf", BIG)
    elif case == "no_topic":
        data["topic"] = ""
    elif case == "participants_all_zero":
        data["participants-0-women"] = data["participants-0-men"] = "0"
        data["participants-1-women"] = data["participants-1-men"] = "0"
    elif case == "no_participants":
        for index in range(3):
            data[f"participants-{index}-organisation"] = ""
            data[f"participants-{index}-women"] = data[f"participants-{index}-men"] = "0"
    elif case == "same_organisation_twice":
        data["participants-1-organisation"] = ngo_a.pk
    elif case == "facility_of_another_organisation":
        data["facility"] = published_facility_b.pk
    elif case == "follow_up_due_before":
        data["follow_ups-0-due_on"] = (LAST_MONTH - datetime.timedelta(days=1)).isoformat()
    elif case == "follow_up_without_owner":
        data["follow_ups-0-owner"] = ""
    elif case == "unknown_project":
        data["project"] = "999999"
    elif case == "future_date":
        data["date"] = (TODAY + datetime.timedelta(days=1)).isoformat()

    response = client.post(en("support_create"), data)

    assert response.status_code == 400
    assert message in response.text
    assert "The support activity was not recorded" in response.text
    assert _counts() == (0, 0, 0)
    assert stored_files(media_root) == []


def test_a_failure_while_saving_rolls_everything_back_and_removes_the_file(
    client, iom_user, valid_data, media_root, monkeypatch
):
    def fail(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(SupportFollowUp, "save", fail)
    client.force_login(iom_user)

    response = client.post(en("support_create"), {**valid_data, "attendance_sheet": _pdf()})

    assert response.status_code == 400
    assert "The support activity was not recorded" in response.text
    assert _counts() == (0, 0, 0)
    assert stored_files(media_root) == []


def test_a_script_in_the_topic_is_shown_as_text_on_the_activity_page(client, iom_user, valid_data):
    client.force_login(iom_user)
    client.post(en("support_create"), {**valid_data, "topic": "<script>alert(1)</script>"})
    activity = SupportActivity.objects.get()

    page = client.get(en("support_detail", activity.pk)).text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# The activity's page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("iom_staff", 200),
        ("partner", 200),
        ("other_partner", 404),
        ("viewer", 404),
    ],
)
def test_the_activity_page_is_shown_to_those_who_may_read_it(
    client, people, role, status, activity
):
    sign_in(client, people, role)

    response = client.get(fr("support_detail", activity.pk))

    assert response.status_code == status
    if status == 200:
        assert "Gestion des cas de protection" in response.text


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_activity_page(client, activity):
    response = client.get(fr("support_detail", activity.pk))

    assert "/accounts/login/" in response["Location"]


def test_the_activity_page_shows_participants_with_totals_by_sex_and_follow_up_badges(
    client, partner_user, activity
):
    client.force_login(partner_user)

    page = client.get(en("support_detail", activity.pk)).text

    totals = page.split('data-testid="participants-total"')[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in totals.split('"text-end">')[1:]] == ["6", "4", "10"]
    rows = page.split('data-testid="follow-up-row"')[1:]
    badges = {row.split("<td>")[1].split("<")[0]: row for row in rows}
    assert "Overdue" in badges["Afficher le règlement"]
    assert "Done" in badges["Former les bénévoles"]
    assert ">Open<" in badges["Mettre à jour le registre"]
    assert "Deux jours de formation." in page
    assert 'data-testid="mark-done"' not in page  # a partner reads; IOM closes actions


def test_iom_staff_mark_a_follow_up_action_done(client, iom_user, activity):
    overdue = activity.follow_ups.get(action="Afficher le règlement")
    client.force_login(iom_user)

    response = client.post(
        en("support_detail", activity.pk), {"action": "done", "follow_up": overdue.pk}, follow=True
    )

    overdue.refresh_from_db()
    assert overdue.is_done
    assert "“Afficher le règlement” is marked done." in response.text


@pytest.mark.parametrize(("role", "status"), [("partner", 403), ("other_partner", 404)])
def test_partners_cannot_mark_a_follow_up_action_done(client, people, role, status, activity):
    overdue = activity.follow_ups.get(action="Afficher le règlement")
    sign_in(client, people, role)

    response = client.post(
        fr("support_detail", activity.pk), {"action": "done", "follow_up": overdue.pk}
    )

    assert response.status_code == status
    overdue.refresh_from_db()
    assert not overdue.is_done


def test_a_follow_up_action_of_another_activity_is_not_found(
    client, iom_user, activity, activity_b
):
    other = activity_b.follow_ups.get()
    client.force_login(iom_user)

    response = client.post(
        fr("support_detail", activity.pk), {"action": "done", "follow_up": other.pk}
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert not other.is_done


# The attendance sheet --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("iom_staff", 200),
        ("partner", 200),
        ("other_partner", 404),
        ("viewer", 404),
    ],
)
def test_the_attendance_sheet_is_sent_to_those_who_may_read_the_activity(
    client, people, role, status, activity_with_sheet
):
    sign_in(client, people, role)

    response = client.get(fr("attendance_sheet", activity_with_sheet.pk))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_an_anonymous_visitor_is_sent_to_log_in_for_the_attendance_sheet(
    client, activity_with_sheet
):
    response = client.get(fr("attendance_sheet", activity_with_sheet.pk))

    assert "/accounts/login/" in response["Location"]


def test_an_activity_without_attendance_sheet_has_none_to_download(client, iom_user, activity):
    client.force_login(iom_user)

    assert client.get(fr("attendance_sheet", activity.pk)).status_code == 404


def test_the_attendance_sheet_is_not_served_at_its_media_address(
    client, iom_user, activity_with_sheet
):
    client.force_login(iom_user)

    response = client.get(f"/media/{activity_with_sheet.attendance_sheet.name}")

    assert response.status_code == 404


# An organisation's page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("iom_staff", 200),
        ("partner", 200),
        ("other_partner", 404),
        ("viewer", 404),
    ],
)
def test_an_organisations_page_is_shown_to_iom_roles_and_its_own_members(
    client, people, role, status, ngo_a, activity
):
    sign_in(client, people, role)

    response = client.get(fr("organisation_detail", ngo_a.pk))

    assert response.status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in_from_an_organisations_page(client, ngo_a):
    response = client.get(fr("organisation_detail", ngo_a.pk))

    assert "/accounts/login/" in response["Location"]


def test_a_viewer_opens_the_page_of_its_own_organisation_only(
    client, oriental_council, ngo_a, oriental
):
    council_viewer = UserFactory(
        username="council_v", role=User.Role.VIEWER, organisation=oriental_council
    )
    client.force_login(council_viewer)

    own = client.get(en("organisation_detail", oriental_council.pk))
    other = client.get(en("organisation_detail", ngo_a.pk))

    assert own.status_code == 200
    assert oriental.name in own.text
    assert other.status_code == 404


def test_an_unknown_organisation_is_not_found(client, iom_user):
    client.force_login(iom_user)

    assert client.get(fr("organisation_detail", 999999)).status_code == 404


def test_an_organisations_page_shows_its_facilities_projects_and_support_history(
    client, iom_user, ngo_a, facility_a, project, activity, activity_b
):
    ngo_a.phone = "+212 536 00 00 00"
    ngo_a.email = "contact@aao.ma"
    ngo_a.save()
    client.force_login(iom_user)

    page = client.get(en("organisation_detail", ngo_a.pk)).text

    assert "Association Accueil Oriental" in page
    assert "+212 536 00 00 00" in page and "contact@aao.ma" in page
    assert "1 facility managed" in page
    assert reverse("facilities:detail", args=[facility_a.pk]) in page
    assert en("project_detail", project.pk) in page
    assert "1 activity, 6 women and 4 men took part." in page
    assert "Gestion des cas de protection" in page
    assert "Visite de suivi à Agadir" not in page  # given to NGO B
    open_actions = page.split('data-testid="follow-up-table"')[1]
    assert "Afficher le règlement" in open_actions
    assert "Mettre à jour le registre" in open_actions
    assert "Former les bénévoles" not in open_actions  # done


def test_a_partner_reads_its_own_organisations_page(client, partner_user, ngo_a, activity):
    client.force_login(partner_user)

    page = client.get(en("organisation_detail", ngo_a.pk)).text

    assert "Gestion des cas de protection" in page
    assert 'data-testid="mark-done"' not in page


def test_the_support_form_opens_with_more_rows_on_request_in_a_fixed_number_of_queries(
    client, iom_user, ngo_a, django_assert_max_num_queries
):
    client.force_login(iom_user)

    with django_assert_max_num_queries(12):
        response = client.get(fr("support_create"), {"rows": "10"})

    assert 'name="participants-TOTAL_FORMS" value="10"' in response.text
    assert 'name="follow_ups-TOTAL_FORMS" value="10"' in response.text
    assert response.text.count(f'<option value="{ngo_a.pk}">') == 11  # activity and ten rows
