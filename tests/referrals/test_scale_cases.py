"""Case and referral pages at scale: a fixed number of queries whatever the data, lists longer
than a page show a page (or their first rows) and a link to the rest, and a page number past the
end, negative or not a number is never an error."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from referrals.models import Case, FollowUp, Referral, ReferralNote
from tests.factories import ActorFactory, ActorServiceFactory, CaseFactory

pytestmark = pytest.mark.django_db

BAD_PAGES = ["999", "-1", "0", "abc", "1.5", ""]


@pytest.fixture
def service_of_ngo_a(ngo_a):
    return ActorServiceFactory(actor=ActorFactory(organisation=ngo_a))


def add_cases(owner, count: int) -> list[Case]:
    return Case.objects.bulk_create(
        Case(
            reference=f"SCALE-{owner.pk}-{Case.objects.count() + number:05d}",
            programme=Case.Programme.AVRR,
            owner=owner,
            sex=Case.Sex.FEMALE,
            age_band="25-34",
            region_id=CaseFactory.build().region_id,
            consent_given=True,
            consent_on=datetime.date(2026, 1, 5),
        )
        for number in range(count)
    )


def add_referrals(case, service, count: int, status=Referral.Status.SENT) -> None:
    now = timezone.now()
    Referral.objects.bulk_create(
        Referral(
            case=case,
            service=service,
            from_organisation=case.owner,
            to_organisation=service.actor.organisation,
            reason="Test.",
            status=status,
            sent_at=now,
            due_on=now.date(),
        )
        for _ in range(count)
    )


def add_follow_ups(case, count: int, next_date=None) -> None:
    FollowUp.objects.bulk_create(
        FollowUp(
            case=case,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
            kind=FollowUp.Kind.PHONE,
            next_date=next_date,
            score_composite=0.5,
        )
        for number in range(count)
    )


# The case list


def test_the_case_list_runs_the_same_queries_at_two_sizes(
    client, iom_user, iom_org, service_of_ngo_a, django_assert_max_num_queries
):
    client.force_login(iom_user)
    for case in add_cases(iom_org, 3):
        add_referrals(case, service_of_ngo_a, 2)
    with django_assert_max_num_queries(20) as small:
        client.get("/en/cases/")
    for case in add_cases(iom_org, 40):
        add_referrals(case, service_of_ngo_a, 3)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/en/cases/")

    assert response.status_code == 200


def test_the_case_list_shows_a_page_with_each_case_s_referral_count(
    client, iom_user, iom_org, service_of_ngo_a
):
    cases = add_cases(iom_org, 30)
    newest = Case.objects.order_by("-created_at", "-pk").first()
    add_referrals(newest, service_of_ngo_a, 4)
    add_referrals(cases[0], service_of_ngo_a, 1)
    client.force_login(iom_user)

    page = client.get("/en/cases/").text

    assert page.count('data-testid="case-reference"') == 25
    assert 'rel="next"' in page
    assert "30 cases" in page
    row = page.split(f">{newest.reference}</a>")[1].split("</tr>")[0]
    assert '<td class="text-end">4</td>' in row


@pytest.mark.parametrize("page", BAD_PAGES)
def test_a_case_list_page_out_of_range_or_not_a_number_is_not_an_error(
    client, iom_user, iom_org, page
):
    add_cases(iom_org, 30)
    client.force_login(iom_user)

    assert client.get(f"/en/cases/?page={page}").status_code == 200


def test_the_case_export_counts_each_case_s_referrals(client, iom_user, iom_org, service_of_ngo_a):
    first, second = add_cases(iom_org, 2)
    add_referrals(first, service_of_ngo_a, 3)
    client.force_login(iom_user)

    response = client.get("/en/cases/export.xlsx")

    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=3, values_only=True))
    counts = {row[0]: row[9] for row in rows}
    assert counts == {first.reference: 3, second.reference: 0}


# A case's page


def test_a_case_page_runs_the_same_queries_at_two_sizes(
    client, partner_user, ngo_a, ngo_b, django_assert_max_num_queries
):
    service_of_ngo_b = ActorServiceFactory(actor=ActorFactory(organisation=ngo_b))
    (case,) = add_cases(ngo_a, 1)
    add_referrals(case, service_of_ngo_b, 2)
    add_follow_ups(case, 2)
    client.force_login(partner_user)
    with django_assert_max_num_queries(40) as small:
        client.get(f"/en/cases/{case.pk}/")
    add_referrals(case, service_of_ngo_b, 30)
    add_follow_ups(case, 30)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"/en/cases/{case.pk}/")

    assert response.status_code == 200


def test_a_case_with_many_referrals_shows_the_latest_and_a_link_to_all_of_them(
    client, iom_user, iom_org, service_of_ngo_a
):
    (case,) = add_cases(iom_org, 1)
    add_referrals(case, service_of_ngo_a, 30)
    add_follow_ups(case, 12)
    client.force_login(iom_user)

    page = client.get(f"/en/cases/{case.pk}/").text
    referrals = client.get(f"/en/cases/{case.pk}/?all=referrals").text
    last = client.get(f"/en/cases/{case.pk}/?all=referrals&page=2").text
    follow_ups = client.get(f"/en/cases/{case.pk}/?all=follow_ups").text

    assert page.count('data-testid="referral-link"') == 10
    assert 'data-testid="see-all-referrals"' in page
    assert 'data-testid="see-all-follow-ups"' in page
    assert referrals.count('data-testid="referral-link"') == 25
    assert 'rel="next"' in referrals
    assert last.count('data-testid="referral-link"') == 5
    assert follow_ups.count('class="border-bottom py-1"') == 12


@pytest.mark.parametrize("page", BAD_PAGES)
def test_a_case_s_list_page_out_of_range_or_not_a_number_is_not_an_error(
    client, iom_user, iom_org, service_of_ngo_a, page
):
    (case,) = add_cases(iom_org, 1)
    add_referrals(case, service_of_ngo_a, 30)
    client.force_login(iom_user)

    for listing in ("referrals", "follow_ups", "nonsense"):
        response = client.get(f"/en/cases/{case.pk}/?all={listing}&page={page}")
        assert response.status_code == 200


# A referral's page


@pytest.fixture
def sent_referral(iom_org, service_of_ngo_a, iom_user):
    (case,) = add_cases(iom_org, 1)
    referral = Referral.objects.create(
        case=case, service=service_of_ngo_a, from_organisation=iom_org, reason="Test."
    )
    referral.move("sent", iom_user)
    return referral


def add_notes(referral, author, count: int) -> None:
    now = timezone.now()
    ReferralNote.objects.bulk_create(
        ReferralNote(
            referral=referral,
            text=f"Note {number}",
            author=author,
            organisation_id=author.organisation_id,
            at=now + datetime.timedelta(minutes=number),
        )
        for number in range(count)
    )


def test_a_referral_page_runs_the_same_queries_at_two_sizes(
    client, partner_user, iom_user, sent_referral, django_assert_max_num_queries
):
    add_notes(sent_referral, iom_user, 2)
    client.force_login(partner_user)
    with django_assert_max_num_queries(40) as small:
        client.get(f"/en/referrals/{sent_referral.pk}/")
    add_notes(sent_referral, iom_user, 60)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"/en/referrals/{sent_referral.pk}/")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/en/referrals/{sent_referral.pk}/?all=timeline&page=2")

    assert response.status_code == 200


def test_a_long_timeline_shows_its_latest_entries_and_pages_the_whole(
    client, iom_user, sent_referral
):
    add_notes(sent_referral, iom_user, 40)  # with the move to "sent": 41 entries
    client.force_login(iom_user)

    page = client.get(f"/en/referrals/{sent_referral.pk}/").text
    first = client.get(f"/en/referrals/{sent_referral.pk}/?all=timeline").text
    second = client.get(f"/en/referrals/{sent_referral.pk}/?all=timeline&page=2").text

    timeline = page.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert "Note 39" in timeline
    assert "Note 19" not in timeline
    assert 'data-testid="see-all-timeline"' in page
    # Oldest first: the move to "sent" and the first notes, then the rest.
    assert "Note 0<" in first or "Note 0\n" in first or ">Note 0" in first
    assert "Note 39" not in first
    assert 'rel="next"' in first
    assert "Note 39" in second


@pytest.mark.parametrize("page", BAD_PAGES)
def test_a_timeline_page_out_of_range_or_not_a_number_is_not_an_error(
    client, iom_user, sent_referral, page
):
    add_notes(sent_referral, iom_user, 30)
    client.force_login(iom_user)

    response = client.get(f"/en/referrals/{sent_referral.pk}/?all=timeline&page={page}")

    assert response.status_code == 200


# The caseload's follow-ups due this week


def test_the_caseload_caps_the_follow_ups_due_and_links_to_the_case_list_of_them(
    client, iom_user, iom_org
):
    soon = timezone.localdate() + datetime.timedelta(days=2)
    cases = add_cases(iom_org, 14)
    for case in cases:
        add_follow_ups(case, 1, next_date=soon)
    add_cases(iom_org, 3)  # nothing due
    client.force_login(iom_user)

    caseload = client.get("/en/referrals/").text
    due = client.get("/en/cases/?follow_up_due=on").text

    section = caseload.split('id="h-follow"')[1].split("</section>")[0]
    assert section.count("<li>") == 10
    assert 'data-testid="see-all-follow-ups"' in section
    assert due.count('data-testid="case-reference"') == 14
