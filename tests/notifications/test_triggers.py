"""Who is told of what: referrals, assessments, needs, overdue answers and actions due today."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from facilities.models import Region, ServiceCategory
from notifications.kinds import Kind
from notifications.models import Notification
from plans.models import SupportActivity, SupportFollowUp
from referrals.models import Recommendation, Referral
from tests.factories import (
    ActorFactory,
    ActorServiceFactory,
    CaseFactory,
    NeedFactory,
    ReferralFactory,
    UserFactory,
    answer_all,
)

pytestmark = pytest.mark.django_db


def told(kind) -> set:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def second_partner_of_ngo_a(ngo_a):
    return UserFactory(username="partner_a2", role="partner", organisation=ngo_a)


def test_a_submitted_assessment_tells_iom_staff_and_not_the_author(
    draft_assessment, partner_user, iom_user, admin_user, other_partner_user
):
    answer_all(draft_assessment, 2)

    draft_assessment.submit(partner_user)

    assert told(Kind.ASSESSMENT_SUBMITTED) == {iom_user.username, admin_user.username}
    (notification,) = Notification.objects.filter(recipient=iom_user)
    assert notification.text_in("en") == "Assessment of Centre Al Amal submitted for validation."
    assert notification.url == f"/assessments/{draft_assessment.pk}/"


def test_a_returned_assessment_tells_its_authors_organisation(
    submitted_assessment, iom_user, partner_user, second_partner_of_ngo_a, other_partner_user
):
    submitted_assessment.return_to_author(iom_user, "Photos manquantes")

    assert told(Kind.ASSESSMENT_RETURNED) == {partner_user.username, "partner_a2"}


def test_a_validated_assessment_tells_its_authors_organisation(
    submitted_assessment, iom_user, partner_user, other_partner_user
):
    submitted_assessment.validate(iom_user)

    assert told(Kind.ASSESSMENT_VALIDATED) == {partner_user.username}
    assert Notification.objects.get(kind=Kind.ASSESSMENT_VALIDATED).text_in("en") == (
        "Assessment of Centre Al Amal validated."
    )


@pytest.mark.parametrize(
    ("steps", "kind"),
    [
        (["planned", "funded"], Kind.NEED_FUNDED),
        (["planned", "funded", "in_progress", "done"], Kind.NEED_DONE),
    ],
)
def test_a_need_funded_or_done_tells_the_managing_organisation(
    facility_a, iom_user, partner_user, other_partner_user, steps, kind
):
    need = NeedFactory(facility=facility_a, description="Extincteurs")
    for status in steps:
        need.set_status(status, iom_user)

    assert told(kind) == {partner_user.username}
    assert Notification.objects.get(kind=kind).params["en"]["need"] == "Extincteurs"


def test_a_need_funded_by_a_project_tells_the_managing_organisation(
    facility_a, iom_user, partner_user
):
    NeedFactory(facility=facility_a).mark_funded(iom_user)

    assert told(Kind.NEED_FUNDED) == {partner_user.username}


@pytest.fixture
def sent_referral(iom_org, iom_user, ngo_a):
    service = ActorServiceFactory(
        actor=ActorFactory(organisation=ngo_a), category=ServiceCategory.objects.get(code="mhpss")
    )
    referral = ReferralFactory(case=CaseFactory(owner=iom_org, full_name="Secret"), service=service)
    referral.move(Referral.Status.SENT, iom_user)
    return referral


def test_an_overdue_referral_tells_the_late_receiver_and_the_waiting_sender_once(
    sent_referral, iom_user, partner_user, after_commit
):
    Referral.objects.filter(pk=sent_referral.pk).update(due_on=datetime.date(2020, 1, 6))

    with after_commit():
        for _ in range(2):
            call_command(
                "notify_overdue_referrals",
                "--base-url",
                "https://manara.test",
                stdout=io.StringIO(),
            )

    assert told(Kind.REFERRAL_ANSWER_OVERDUE) == {partner_user.username}
    assert told(Kind.REFERRAL_OVERDUE) == {iom_user.username}
    late = Notification.objects.get(kind=Kind.REFERRAL_ANSWER_OVERDUE)
    assert "your answer was due on Jan. 6, 2020" in late.text_in("en")
    assert len(mail.outbox) == 2
    assert all("Secret" not in message.body for message in mail.outbox)


def test_a_roadmap_action_due_today_tells_its_responsible_organisation_once(
    ngo_a, partner_user, iom_user, after_commit
):
    oriental = Region.objects.get(code="02")
    Recommendation.objects.create(
        action="Former les pairs", responsible=ngo_a, region=oriental, due_on=timezone.localdate()
    )
    Recommendation.objects.create(
        action="Sans responsable", region=oriental, due_on=timezone.localdate()
    )
    Recommendation.objects.create(
        action="Demain",
        responsible=ngo_a,
        region=oriental,
        due_on=timezone.localdate() + datetime.timedelta(days=1),
    )

    for _ in range(2):
        call_command("notify_due_actions", stdout=io.StringIO())

    due = Notification.objects.filter(kind=Kind.RECOMMENDATION_DUE)
    assert sorted((n.recipient.username, n.params["en"]["action"]) for n in due) == [
        ("iom_t", "Sans responsable"),
        ("partner_a", "Former les pairs"),
    ]


def test_a_follow_up_action_due_today_tells_the_supported_organisation_and_its_recorder(
    ngo_a, partner_user, iom_user, other_partner_user
):
    activity = SupportActivity.objects.create(
        kind="visit",
        date=datetime.date(2026, 1, 5),
        organisation=ngo_a,
        topic="Visite",
        recorded_by=iom_user,
    )
    SupportFollowUp.objects.create(
        activity=activity, action="Afficher les numéros", owner="AAO", due_on=timezone.localdate()
    )
    SupportFollowUp.objects.create(
        activity=activity, action="Fait", owner="AAO", due_on=timezone.localdate(), is_done=True
    )

    for _ in range(2):
        call_command("notify_due_actions", stdout=io.StringIO())

    assert told(Kind.FOLLOW_UP_ACTION_DUE) == {partner_user.username, iom_user.username}
    assert Notification.objects.filter(kind=Kind.FOLLOW_UP_ACTION_DUE).count() == 2
