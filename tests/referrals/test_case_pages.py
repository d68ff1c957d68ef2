"""Case and referral pages for every role, with forbidden accesses by id, list and export."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from facilities.models import Region, ServiceCategory
from notifications.models import Notification
from referrals.models import Case, CaseAccessLog, Referral
from tests.factories import ActorFactory, ActorServiceFactory, CaseFactory, ReferralFactory

NAME = "Youssef Benjelloun"


@pytest.fixture
def service_of_ngo_a(ngo_a):
    """Psychosocial support by NGO A (partner_user's organisation) in the Oriental."""
    return ActorServiceFactory(
        actor=ActorFactory(organisation=ngo_a), category=ServiceCategory.objects.get(code="mhpss")
    )


@pytest.fixture
def iom_case(iom_org):
    return CaseFactory(owner=iom_org, full_name=NAME, phone="+212 611 223 344")


@pytest.fixture
def sent_referral(iom_case, service_of_ngo_a, iom_user):
    referral = ReferralFactory(case=iom_case, service=service_of_ngo_a)
    referral.move("sent", iom_user)
    return referral


def test_a_viewer_gets_403_on_every_case_and_referral_page(client, viewer_user, sent_referral):
    client.force_login(viewer_user)
    urls = [
        reverse("referrals:case_list"),
        reverse("referrals:case_create"),
        reverse("referrals:case_export"),
        reverse("referrals:case_detail", args=[sent_referral.case_id]),
        reverse("referrals:referral_list"),
        reverse("referrals:referral_detail", args=[sent_referral.pk]),
    ]

    for url in urls:
        assert client.get(url).status_code == 403, url
    status = reverse("referrals:referral_status", args=[sent_referral.pk])
    assert client.post(status, {"status": "accepted"}).status_code == 403


def test_another_partner_gets_404_by_id_and_finds_nothing_in_lists_or_exports(
    client, other_partner_user, sent_referral
):
    client.force_login(other_partner_user)

    assert (
        client.get(reverse("referrals:case_detail", args=[sent_referral.case_id])).status_code
        == 404
    )
    assert (
        client.get(reverse("referrals:referral_detail", args=[sent_referral.pk])).status_code == 404
    )
    response = client.post(
        reverse("referrals:referral_status", args=[sent_referral.pk]), {"status": "accepted"}
    )
    assert response.status_code == 404
    assert sent_referral.case.reference not in client.get(reverse("referrals:referral_list")).text
    assert sent_referral.case.reference not in client.get(reverse("referrals:case_list")).text
    sheet = load_workbook(io.BytesIO(client.get(reverse("referrals:case_export")).content)).active
    assert sheet.max_row == 2  # headers and HXL tags only
    assert Referral.objects.get(pk=sent_referral.pk).status == "sent"


def test_iom_registers_a_case_with_consent(client, iom_user, iom_org):
    client.force_login(iom_user)
    oriental = Region.objects.get(code="02")

    response = client.post(
        reverse("referrals:case_create"),
        {
            "programme": "avrr",
            "sex": "female",
            "age_band": "25-34",
            "region": oriental.pk,
            "vulnerabilities": ["single_parent"],
            "needs": [ServiceCategory.objects.get(code="mhpss").pk],
            "consent_given": "on",
            "consent_on": "2026-11-20",
            "consent_scope": "Partage avec les organisations de référence",
            "full_name": NAME,
        },
    )

    case = Case.objects.get()
    assert response["Location"] == case.get_absolute_url()
    assert case.reference.startswith("RET-")
    assert (case.owner, case.consent_recorded_by, case.vulnerabilities) == (
        iom_org,
        iom_user,
        ["single_parent"],
    )


def test_the_name_is_never_in_lists_and_opening_it_is_logged(client, iom_user, iom_case):
    client.force_login(iom_user)

    listing = client.get(reverse("referrals:case_list")).text
    page = client.get(reverse("referrals:case_detail", args=[iom_case.pk])).text
    shown = client.post(
        reverse("referrals:case_detail", args=[iom_case.pk]), {"show_identity": "1"}
    ).text

    assert NAME not in listing and NAME not in page
    assert NAME in shown
    assert CaseAccessLog.objects.filter(case=iom_case, user=iom_user, action="view").count() == 1


def test_the_case_export_has_no_identifying_column(client, iom_user, iom_case):
    client.force_login(iom_user)

    content = client.get(reverse("referrals:case_export")).content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))

    assert rows[2][0] == iom_case.reference
    assert all(NAME not in str(cell) and "611" not in str(cell) for row in rows for cell in row)


def test_a_referral_without_consent_is_refused_and_nothing_is_sent(
    client, iom_user, iom_org, service_of_ngo_a
):
    case = CaseFactory(owner=iom_org, consent_given=False, consent_on=None)
    client.force_login(iom_user)

    response = client.post(
        reverse("referrals:referral_create", args=[case.pk]),
        {"service": service_of_ngo_a.pk, "reason": "Soutien", "urgency": "normal", "send": "1"},
        follow=True,
    )

    assert "consentement" in response.text
    assert not Referral.objects.exists()
    assert not Notification.objects.exists()


def test_a_referral_to_a_service_not_offered_in_the_region_is_refused(
    client, iom_user, iom_case, ngo_a
):
    tanger_only = ActorServiceFactory(
        actor=ActorFactory(organisation=ngo_a), regions=[Region.objects.get(code="01")]
    )
    client.force_login(iom_user)
    page = client.get(reverse("referrals:case_detail", args=[iom_case.pk])).text

    response = client.post(
        reverse("referrals:referral_create", args=[iom_case.pk]),
        {"service": tanger_only.pk, "reason": "Soutien", "urgency": "normal", "send": "1"},
        follow=True,
    )

    assert f'value="{tanger_only.pk}"' not in page.split('name="service"')[1].split("</select>")[0]
    assert "alert-danger" in response.text
    assert not Referral.objects.exists()


def test_a_due_date_in_the_past_is_refused(client, iom_user, iom_case, service_of_ngo_a):
    client.force_login(iom_user)

    response = client.post(
        reverse("referrals:referral_create", args=[iom_case.pk]),
        {
            "service": service_of_ngo_a.pk,
            "reason": "Soutien",
            "urgency": "normal",
            "due_on": "2020-01-01",
            "send": "1",
        },
        follow=True,
    )

    assert "date passée" in response.text
    assert not Referral.objects.exists()


def test_sending_tells_the_receiving_organisation_without_identifying_details(
    client, iom_user, partner_user, iom_case, service_of_ngo_a, after_commit
):
    client.force_login(iom_user)

    with after_commit():
        client.post(
            reverse("referrals:referral_create", args=[iom_case.pk]),
            {"service": service_of_ngo_a.pk, "reason": "Soutien", "urgency": "urgent", "send": "1"},
        )

    referral = Referral.objects.get()
    assert referral.status == "sent"
    notification = Notification.objects.get(recipient=partner_user)
    assert iom_case.reference in notification.text
    assert [message.to for message in mail.outbox] == [[partner_user.email]]
    assert iom_case.reference in mail.outbox[0].body
    assert NAME not in mail.outbox[0].body and "611" not in mail.outbox[0].body


def test_the_receiving_partner_accepts_and_both_sides_see_the_same_timeline(
    client, iom_user, partner_user, sent_referral
):
    client.force_login(partner_user)
    url = reverse("referrals:referral_detail", args=[sent_referral.pk])
    waiting = client.get(reverse("referrals:referral_list")).text

    client.post(
        reverse("referrals:referral_status", args=[sent_referral.pk]),
        {"status": "accepted", "version": sent_referral.version},
    )
    partner_view = client.get(url).text
    client.force_login(iom_user)
    iom_view = client.get(url).text

    assert sent_referral.case.reference in waiting.split('data-testid="to_answer"')[1]
    assert Referral.objects.get(pk=sent_referral.pk).status == "accepted"
    timeline = [
        view.split('data-testid="timeline"')[1].split("</ol>")[0]
        for view in (partner_view, iom_view)
    ]
    assert timeline[0] == timeline[1]
    assert NAME not in partner_view
    assert Notification.objects.filter(recipient=iom_user).exists()


def test_a_status_change_from_a_stale_page_is_refused_with_a_message(
    client, partner_user, sent_referral
):
    client.force_login(partner_user)
    stale_version = sent_referral.version
    status_url = reverse("referrals:referral_status", args=[sent_referral.pk])
    client.post(status_url, {"status": "accepted", "version": stale_version})

    response = client.post(
        status_url,
        {"status": "declined", "reason": "Complet", "version": stale_version},
        follow=True,
    )

    assert "Depuis que vous avez ouvert cette page" in response.text
    assert Referral.objects.get(pk=sent_referral.pk).status == "accepted"


def test_a_forbidden_jump_is_refused_with_a_message(client, partner_user, sent_referral):
    client.force_login(partner_user)

    response = client.post(
        reverse("referrals:referral_status", args=[sent_referral.pk]),
        {"status": "completed", "version": sent_referral.version},
        follow=True,
    )

    assert "ne peut pas passer" in response.text
    assert Referral.objects.get(pk=sent_referral.pk).status == "sent"


@pytest.mark.parametrize("size", [2, 15])
def test_the_work_lists_run_a_fixed_number_of_queries(
    client, iom_user, iom_org, service_of_ngo_a, size, django_assert_max_num_queries
):
    for _ in range(size):
        ReferralFactory(case=CaseFactory(owner=iom_org), service=service_of_ngo_a).move(
            "sent", iom_user
        )
    client.force_login(iom_user)

    with django_assert_max_num_queries(13):
        response = client.get(reverse("referrals:referral_list"))

    assert response.text.count('data-testid="referral-link"') >= size


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("iom_staff", 200), ("viewer", 200), ("partner", 403)]
)
def test_the_dashboard_shows_aggregates_to_iom_and_viewers_only(
    client, users, role, status, sent_referral, partner_user
):
    sent_referral.case.needs.set([sent_referral.service.category])
    sent_referral.move("accepted", partner_user)
    client.force_login(users[role])

    response = client.get(reverse("referrals:dashboard"))

    assert response.status_code == status
    if status == 200:
        assert sent_referral.case.reference not in response.text
        assert NAME not in response.text
        per_actor = response.text.split('data-testid="per-actor"')[1].split("</table>")[0]
        assert "Association Accueil Oriental" in per_actor
        assert 'data-testid="balance"' in response.text


def test_the_receiver_records_what_it_delivered_and_the_sender_cannot(
    client, iom_user, partner_user, sent_referral, other_partner_user
):
    sent_referral.move("accepted", partner_user)
    sent_referral.move("in_progress", partner_user)
    url = reverse("referrals:referral_delivery", args=[sent_referral.pk])
    data = {"kind": "consultation", "quantity": 2, "value_mad": "300", "delivered_on": "2026-11-20"}
    client.force_login(other_partner_user)
    assert client.post(url, data).status_code == 404
    client.force_login(partner_user)

    client.post(url, data)
    refused = client.post(url, {**data, "value_mad": "-5"}, follow=True)

    delivery = sent_referral.deliveries.get()
    assert (delivery.kind, delivery.quantity) == ("consultation", 2)
    assert "ne peut pas être négative" in refused.text
