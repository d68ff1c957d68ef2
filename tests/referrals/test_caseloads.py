"""The referrals' caseload (four tabs, filters, pages), the case list's search and filters, the
moves each side is offered, IOM's moves on another organisation's behalf, progress notes and
the services the referral form offers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from activity.models import StatusChange
from facilities.models import Region, ServiceCategory
from referrals.models import Referral, ReferralNote
from tests.factories import (
    ActorFactory,
    ActorServiceFactory,
    CaseFactory,
    OrganisationFactory,
    ReferralFactory,
    UserFactory,
)

NAME = "Youssef Benjelloun"


def en(name, *args, query=""):
    with translation.override("en"):
        return reverse(name, args=args) + query


@pytest.fixture
def service_of_ngo_a(ngo_a):
    return ActorServiceFactory(
        actor=ActorFactory(organisation=ngo_a), category=ServiceCategory.objects.get(code="mhpss")
    )


@pytest.fixture
def refer(iom_org, iom_user, service_of_ngo_a, partner_user):
    """refer(*moves): an IOM case referred to NGO A, moved along by the right side."""

    def make(*moves, case=None, service=None):
        referral = ReferralFactory(
            case=case or CaseFactory(owner=iom_org, full_name=NAME, phone="+212 611 223 344"),
            service=service or service_of_ngo_a,
        )
        for status in moves:
            sender = status in ("sent", "closed")
            reason = "Motif" if status in Referral.NEEDS_REASON else ""
            referral.move(status, iom_user if sender else partner_user, reason)
        return referral

    return make


def tab_rows(html: str, slug: str) -> str:
    return html.split(f'data-testid="{slug}"')[1].split("</table>")[0]


def count(html: str, slug: str) -> int:
    return int(html.split(f'data-testid="count-{slug}">')[1].split("<")[0])


def test_a_partner_finds_every_referral_of_its_organisation_in_its_tab(client, partner_user, refer):
    waiting = refer("sent")
    accepted = refer("sent", "accepted")
    under_way = refer("sent", "accepted", "in_progress")
    completed = refer("sent", "accepted", "in_progress", "completed")
    declined = refer("sent", "declined")
    client.force_login(partner_user)

    pages = {
        slug: client.get(en("referrals:referral_list", query=f"?tab={slug}")).text
        for slug in ("to_answer", "in_progress", "closed")
    }

    assert waiting.case.reference in tab_rows(pages["to_answer"], "to_answer")
    in_progress = tab_rows(pages["in_progress"], "in_progress")
    assert accepted.case.reference in in_progress and under_way.case.reference in in_progress
    assert waiting.case.reference not in in_progress
    closed = tab_rows(pages["closed"], "closed")
    assert completed.case.reference in closed and declined.case.reference in closed
    home = pages["to_answer"]
    assert [count(home, slug) for slug in ("to_answer", "in_progress", "sent", "closed")] == [
        1,
        2,
        0,
        2,
    ]
    assert "In progress with us" in home and NAME not in home


def test_a_partner_finds_what_its_organisation_sent_under_sent_by_us(
    client, partner_user, ngo_a, ngo_b
):
    service_of_b = ActorServiceFactory(actor=ActorFactory(organisation=ngo_b))
    ours = ReferralFactory(case=CaseFactory(owner=ngo_a), service=service_of_b)
    ours.move("sent", partner_user)
    client.force_login(partner_user)

    page = client.get(en("referrals:referral_list", query="?tab=sent")).text

    assert ours.case.reference in tab_rows(page, "sent")
    assert count(page, "to_answer") == 0


def test_iom_headings_say_the_tabs_hold_every_organisation(client, iom_user, refer):
    referral = refer("sent")
    client.force_login(iom_user)

    page = client.get(en("referrals:referral_list")).text

    assert "Waiting for an answer (all organisations)" in page
    assert "Waiting for my organisation" not in page
    assert referral.case.reference in tab_rows(page, "to_answer")
    assert count(page, "sent") == 1


def test_another_partner_finds_nothing_in_any_tab(client, other_partner_user, refer):
    referral = refer("sent", "accepted")
    client.force_login(other_partner_user)

    pages = [
        client.get(en("referrals:referral_list", query=f"?tab={slug}")).text
        for slug in ("to_answer", "in_progress", "sent", "closed")
    ]

    assert all(referral.case.reference not in page for page in pages)
    assert [count(pages[0], slug) for slug in ("to_answer", "in_progress", "sent", "closed")] == [
        0,
        0,
        0,
        0,
    ]


def test_the_caseload_filters_by_service_region_status_and_lateness(
    client, iom_user, refer, service_of_ngo_a
):
    housing = ActorServiceFactory(
        actor=service_of_ngo_a.actor, category=ServiceCategory.objects.get(code="shelter")
    )
    psychosocial = refer("sent")
    shelter = refer("sent", service=housing)
    late = refer("sent")
    Referral.objects.filter(pk=late.pk).update(due_on="2020-01-01")
    client.force_login(iom_user)
    housing_category = housing.category.pk

    by_service = client.get(en("referrals:referral_list", query=f"?service={housing_category}"))
    overdue = client.get(en("referrals:referral_list", query="?overdue=on")).text
    elsewhere = client.get(
        en("referrals:referral_list", query=f"?region={Region.objects.get(code='01').pk}")
    ).text
    by_reference = client.get(
        en("referrals:referral_list", query=f"?q={psychosocial.case.reference}")
    ).text

    rows = tab_rows(by_service.text, "to_answer")
    assert shelter.case.reference in rows and psychosocial.case.reference not in rows
    assert late.case.reference in tab_rows(overdue, "to_answer")
    assert count(overdue, "to_answer") == 1
    assert count(elsewhere, "to_answer") == 0
    assert count(by_reference, "to_answer") == 1


def test_the_caseload_is_paged(client, iom_user, refer):
    for _ in range(27):
        refer("sent")
    client.force_login(iom_user)

    first = client.get(en("referrals:referral_list")).text
    second = client.get(en("referrals:referral_list", query="?tab=to_answer&page=2")).text

    assert first.count('data-testid="referral-link"') == 25
    assert second.count('data-testid="referral-link"') == 2
    assert count(first, "to_answer") == 27


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["iom", "partner"])
@pytest.mark.parametrize(
    "moves", [("sent",), ("sent", "accepted"), ("sent", "declined")], ids=lambda m: m[-1]
)
def test_every_caseload_tab_runs_as_many_queries_for_12_referrals_as_for_2(
    client, iom_user, partner_user, refer, role, moves
):
    tab = {"sent": "to_answer", "accepted": "in_progress", "declined": "closed"}[moves[-1]]
    url = en("referrals:referral_list", query=f"?tab={tab}&status=")
    client.force_login(iom_user if role == "iom" else partner_user)
    for _ in range(2):
        refer(*moves)
    small = queries(client, url)
    for _ in range(10):
        refer(*moves)

    large = queries(client, url)

    assert large <= small
    assert client.get(url).text.count('data-testid="referral-link"') == 12


def test_the_case_list_runs_as_many_queries_for_12_cases_as_for_2(client, iom_user, refer):
    url = en("referrals:case_list", query="?programme=avrr&vulnerability=")
    client.force_login(iom_user)
    for _ in range(2):
        refer("sent")
    small = queries(client, url)
    for _ in range(10):
        refer("sent")

    large = queries(client, url)

    assert large <= small
    assert client.get(url).text.count('data-testid="case-reference"') == 12


def test_the_case_list_searches_by_reference_and_filters(client, iom_user, iom_org, refer):
    medical = CaseFactory(owner=iom_org, vulnerabilities=["medical"])
    other = CaseFactory(owner=iom_org, vulnerabilities=["elderly"])
    with_accepted = refer("sent", "accepted")
    client.force_login(iom_user)

    searched = client.get(en("referrals:case_list", query=f"?q={medical.reference}")).text
    vulnerable = client.get(en("referrals:case_list", query="?vulnerability=medical")).text
    accepted = client.get(en("referrals:case_list", query="?referral_status=accepted")).text

    assert medical.reference in searched and other.reference not in searched
    assert medical.reference in vulnerable and other.reference not in vulnerable
    assert with_accepted.case.reference in accepted and medical.reference not in accepted


def test_a_partner_case_list_has_no_owner_filter_and_only_its_cases(
    client, partner_user, ngo_a, iom_org
):
    own = CaseFactory(owner=ngo_a)
    foreign = CaseFactory(owner=iom_org)
    client.force_login(partner_user)

    page = client.get(en("referrals:case_list")).text

    assert own.reference in page and foreign.reference not in page
    assert 'name="owner"' not in page


def test_the_case_list_is_refused_to_a_viewer(client, viewer_user):
    client.force_login(viewer_user)

    assert client.get(en("referrals:case_list", query="?q=RET")).status_code == 403
    assert client.get(en("referrals:referral_list", query="?tab=closed")).status_code == 403


def test_the_receiver_is_offered_the_receivers_buttons_only(client, partner_user, refer):
    referral = refer("sent")
    client.force_login(partner_user)

    page = client.get(en("referrals:referral_detail", referral.pk)).text

    assert 'data-testid="move-accepted"' in page and 'data-testid="move-declined"' in page
    assert 'data-testid="move-closed"' not in page
    assert 'data-testid="behalf-moves"' not in page
    assert ">Accept<" in page and ">Decline<" in page


def test_the_sender_is_offered_closing_and_answers_only_on_behalf(client, iom_user, refer):
    referral = refer("sent")
    client.force_login(iom_user)

    page = client.get(en("referrals:referral_detail", referral.pk)).text

    own = page.split('data-testid="own-moves"')[1].split("</form>")[0]
    assert 'data-testid="move-closed"' in own and "move-accepted" not in own
    behalf = page.split('data-testid="behalf-moves"')[1].split("</form>")[0]
    assert 'data-testid="behalf-accepted"' in behalf and "Association Accueil Oriental" in behalf


def test_iom_answering_without_saying_on_whose_behalf_is_refused(client, iom_user, refer):
    referral = refer("sent")
    client.force_login(iom_user)

    response = client.post(
        en("referrals:referral_status", referral.pk),
        {"status": "accepted", "seen_version": referral.version},
        follow=True,
    )

    assert "on its behalf" in response.text
    assert Referral.objects.get(pk=referral.pk).status == "sent"


def test_iom_accepting_on_behalf_is_logged_with_the_organisation(client, iom_user, refer):
    referral = refer("sent")
    client.force_login(iom_user)

    client.post(
        en("referrals:referral_status", referral.pk),
        {"status": "accepted", "seen_version": referral.version, "on_behalf": "1"},
    )

    move = StatusChange.objects.filter(object_id=referral.pk, to_status="accepted").get()
    assert move.by == iom_user
    assert "Association Accueil Oriental" in move.reason
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


def test_a_partner_cannot_make_the_senders_move(client, partner_user, refer):
    referral = refer("sent")
    client.force_login(partner_user)

    client.post(
        en("referrals:referral_status", referral.pk),
        {"status": "closed", "reason": "x", "seen_version": referral.version, "on_behalf": "1"},
    )

    assert Referral.objects.get(pk=referral.pk).status == "sent"


def test_the_sender_sends_a_declined_referral_again_with_a_new_due_date(iom_user, refer):
    referral = refer("sent", "declined")
    Referral.objects.filter(pk=referral.pk).update(due_on="2020-01-01")
    referral.refresh_from_db()

    referral.move("sent", iom_user)

    referral.refresh_from_db()
    assert referral.status == "sent" and referral.status_reason == ""
    assert str(referral.due_on) > "2020-01-01"


def test_both_sides_write_and_read_progress_notes(client, iom_user, partner_user, refer):
    referral = refer("sent", "accepted")
    client.force_login(partner_user)
    client.post(en("referrals:referral_note", referral.pk), {"text": "Premier rendez-vous fixé."})
    client.force_login(iom_user)

    page = client.get(en("referrals:referral_detail", referral.pk)).text

    note = ReferralNote.objects.get()
    assert (note.author, note.organisation) == (partner_user, partner_user.organisation)
    assert "Premier rendez-vous fixé." in page.split('data-testid="timeline"')[1]


@pytest.mark.parametrize("text", [f"Vu {NAME} ce matin", "Rappeler le 0611 22 33 44"])
def test_a_progress_note_naming_the_person_is_refused(client, partner_user, refer, text):
    referral = refer("sent", "accepted")
    client.force_login(partner_user)

    response = client.post(en("referrals:referral_note", referral.pk), {"text": text}, follow=True)

    assert "leave out the person" in response.text
    assert not ReferralNote.objects.exists()


def test_another_partner_and_a_viewer_cannot_write_a_note(
    client, other_partner_user, viewer_user, refer
):
    referral = refer("sent")
    url = en("referrals:referral_note", referral.pk)
    client.force_login(other_partner_user)
    stranger = client.post(url, {"text": "x"}).status_code
    client.force_login(viewer_user)
    viewer = client.post(url, {"text": "x"}).status_code

    assert (stranger, viewer) == (404, 403)
    assert not ReferralNote.objects.exists()


def test_the_receivers_delivery_notes_are_on_the_timeline(client, iom_user, partner_user, refer):
    referral = refer("sent", "accepted", "in_progress")
    client.force_login(partner_user)
    client.post(
        en("referrals:referral_delivery", referral.pk),
        {
            "kind": "consultation",
            "quantity": 1,
            "delivered_on": "2026-11-20",
            "notes": "Séance individuelle, suite prévue.",
        },
    )
    client.force_login(iom_user)

    page = client.get(en("referrals:referral_detail", referral.pk)).text

    assert "Séance individuelle, suite prévue." in page.split('data-testid="timeline"')[1]


def test_the_referral_form_offers_only_the_services_of_the_cases_region(
    client, iom_user, iom_org, service_of_ngo_a
):
    tanger_only = ActorServiceFactory(
        actor=service_of_ngo_a.actor, regions=[Region.objects.get(code="01")]
    )
    case = CaseFactory(owner=iom_org)
    client.force_login(iom_user)

    page = client.get(en("referrals:case_detail", case.pk)).text
    form = page.split('name="service"')[1].split("</select>")[0]

    assert f'value="{service_of_ngo_a.pk}"' in form
    assert f'value="{tanger_only.pk}"' not in form


@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner"])
def test_every_field_role_opens_the_caseload_and_case_list(client, users, role):
    client.force_login(users[role])

    assert client.get(en("referrals:referral_list", query="?tab=closed")).status_code == 200
    assert client.get(en("referrals:case_list", query="?q=x")).status_code == 200


def test_a_partner_of_no_organisation_side_gets_no_moves(refer):
    loner = UserFactory(
        username="loner", role=User.Role.PARTNER, organisation=OrganisationFactory()
    )
    referral = refer("sent")

    assert referral.moves_for(loner) == ([], [])


def test_an_administrator_reads_the_progress_notes_in_the_back_office(
    client, admin_user, partner_user, refer
):
    referral = refer("sent", "accepted")
    ReferralNote.objects.create(referral=referral, author=partner_user, text="Dossier complet.")
    admin_user.is_superuser = True  # IOM's back-office administrators are superusers
    admin_user.save()
    client.force_login(admin_user)

    response = client.get(reverse("admin:referrals_referral_change", args=[referral.pk]))
    page = response.text

    assert response.status_code == 200
    assert "Dossier complet." in page
