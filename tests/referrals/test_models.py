"""Rules of the referral mechanism that live in the models: references, consent, the workflow,
concurrent changes, scoping and the protection of identifying details."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from common.workflow import MoveRefused
from facilities.models import Region
from referrals.models import Case, CaseAccessLog, Recommendation, Referral
from referrals.models.cases import add_working_days
from tests.factories import (
    ActorFactory,
    ActorServiceFactory,
    CaseFactory,
    OrganisationFactory,
    ReferralFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(partner_user, iom_org, ngo_a):
    """IOM refers one of its cases to a service of NGO A (partner_user's organisation)."""
    service = ActorServiceFactory(actor=ActorFactory(organisation=ngo_a))
    return ReferralFactory(case=CaseFactory(owner=iom_org), service=service)


def test_case_references_are_pseudonymous_and_numbered_per_programme_and_year(iom_org):
    year = datetime.date.today().year

    first = CaseFactory(owner=iom_org)
    second = CaseFactory(owner=iom_org)
    migrant = CaseFactory(owner=iom_org, programme=Case.Programme.VULNERABLE_MIGRANTS)

    assert (first.reference, second.reference) == (f"RET-{year}-00001", f"RET-{year}-00002")
    assert migrant.reference == f"MIG-{year}-00001"


def test_add_working_days_skips_the_weekend():
    friday = datetime.date(2026, 11, 20)

    assert add_working_days(friday, 5) == datetime.date(2026, 11, 27)
    assert add_working_days(friday, 1) == datetime.date(2026, 11, 23)


def test_sending_sets_a_due_date_five_working_days_later_and_records_the_event(referral, iom_user):
    referral.move("sent", iom_user)

    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == "sent"
    assert stored.due_on == add_working_days(datetime.date.today(), 5)
    assert stored.to_organisation == referral.service.actor.organisation
    event = stored.moves.get()
    assert (event.from_status, event.to_status, event.by) == ("draft", "sent", iom_user)


def test_a_referral_cannot_be_sent_without_consent(referral, iom_user):
    Case.objects.filter(pk=referral.case_id).update(consent_given=False)
    referral.case.refresh_from_db()

    with pytest.raises(ValidationError, match="consentement"):
        referral.move("sent", iom_user)

    assert Referral.objects.get(pk=referral.pk).status == "draft"
    assert not referral.moves.exists()


def test_a_status_jump_the_workflow_forbids_is_refused(referral, iom_user):
    with pytest.raises(ValidationError):
        referral.move("completed", iom_user)

    assert Referral.objects.get(pk=referral.pk).status == "draft"


def test_only_the_receiving_organisation_accepts_and_only_the_sender_closes(
    referral, iom_user, partner_user, other_partner_user
):
    referral.move("sent", iom_user)

    with pytest.raises(ValidationError, match="Seuls peuvent faire passer le statut"):
        referral.move("accepted", other_partner_user)
    with pytest.raises(ValidationError, match="Seuls peuvent faire passer le statut"):
        referral.move("closed", partner_user, "Plus nécessaire")
    referral.move("accepted", partner_user)
    referral.move("in_progress", partner_user)
    referral.move("completed", partner_user)

    steps = list(referral.moves.values_list("to_status", flat=True))
    assert steps == ["sent", "accepted", "in_progress", "completed"]


def test_declining_needs_a_reason(referral, iom_user, partner_user):
    referral.move("sent", iom_user)

    with pytest.raises(ValidationError, match="motif"):
        referral.move("declined", partner_user, " ")
    referral.move("declined", partner_user, "Capacité atteinte ce mois-ci")

    assert Referral.objects.get(pk=referral.pk).status_reason == "Capacité atteinte ce mois-ci"


def test_a_change_from_a_stale_page_is_refused_and_the_first_change_is_kept(
    referral, iom_user, partner_user
):
    referral.move("sent", iom_user)
    seen = Referral.objects.get(pk=referral.pk)
    first_session = Referral.objects.get(pk=referral.pk)
    second_session = Referral.objects.get(pk=referral.pk)

    first_session.move("accepted", partner_user, seen_version=seen.version)
    with pytest.raises(MoveRefused, match="Depuis que vous avez ouvert"):
        second_session.move("declined", partner_user, "Pas de place", seen_version=seen.version)

    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == "accepted"
    assert list(stored.moves.values_list("to_status", flat=True)) == ["sent", "accepted"]


def test_a_service_not_offered_in_the_case_region_is_refused(iom_org, ngo_a):
    tanger = Region.objects.get(code="01")
    service = ActorServiceFactory(actor=ActorFactory(organisation=ngo_a), regions=[tanger])
    referral = ReferralFactory.build(case=CaseFactory(owner=iom_org), service=service)

    with pytest.raises(ValidationError, match="n’offre pas ce service"):
        referral.full_clean()


def test_partners_see_referrals_to_or_from_their_organisation_and_their_own_cases_only(
    referral, partner_user, other_partner_user, viewer_user, iom_user
):
    own_case = CaseFactory(owner=partner_user.organisation)

    assert list(Referral.objects.visible_to(partner_user)) == [referral]
    assert not Referral.objects.visible_to(other_partner_user).exists()
    assert not Referral.objects.visible_to(viewer_user).exists()
    assert list(Case.objects.visible_to(partner_user)) == [own_case]
    assert Case.objects.visible_to(iom_user).count() == 2
    assert not Case.objects.visible_to(viewer_user).exists()


def test_opening_identifying_details_is_logged_and_erasure_keeps_the_record(iom_user, iom_org):
    case = CaseFactory(owner=iom_org, full_name="Youssef B.", phone="+212 600 000 000")

    assert case.open_identity(iom_user)["full_name"] == "Youssef B."
    with pytest.raises(ValidationError, match="cas clos"):
        case.erase_identity(iom_user)
    case.status = Case.Status.CLOSED
    case.save()
    case.erase_identity(iom_user)

    stored = Case.objects.get(pk=case.pk)
    assert (stored.full_name, stored.phone, stored.reference) == ("", "", case.reference)
    assert list(CaseAccessLog.objects.values_list("action", "user")) == [
        ("erase", iom_user.pk),
        ("view", iom_user.pk),
    ]


def test_a_recommendation_is_for_an_actor_or_a_region():
    recommendation = Recommendation(action="Signer une convention")

    with pytest.raises(ValidationError):
        recommendation.full_clean()


def test_an_overdue_recommendation_is_one_still_open_after_its_due_date():
    region = Region.objects.get(code="06")
    late = Recommendation(region=region, action="Cartographier", due_on=datetime.date(2020, 1, 1))
    done = Recommendation(
        region=region, action="Cartographier", due_on=datetime.date(2020, 1, 1), status="done"
    )

    assert late.is_overdue and not done.is_overdue


def test_iom_sends_for_its_organisation_answers_only_on_behalf_and_a_stranger_acts_for_none(
    referral, iom_user
):
    stranger = UserFactory(
        username="other", role=User.Role.PARTNER, organisation=OrganisationFactory()
    )
    referral.move("sent", iom_user)

    assert referral.side_of(iom_user) == {"sender"}
    assert referral.moves_for(iom_user) == (["closed"], ["accepted", "declined"])
    assert referral.side_of(stranger) == set()
    assert referral.moves_for(stranger) == ([], [])


def test_the_identity_access_log_outlives_the_case_and_the_user(iom_org, partner_user):
    case = CaseFactory(owner=iom_org, full_name="Yassine B.", phone="+212 600 000 001")
    reference = case.reference
    worker = UserFactory(username="karim", first_name="Karim", last_name="Alaoui")
    case.open_identity(worker)

    case.delete()
    worker.delete()

    entry = CaseAccessLog.objects.get()
    assert (entry.case, entry.user) == (None, None)
    assert (entry.case_reference, entry.user_name, entry.action) == (
        reference,
        "Karim Alaoui",
        "view",
    )
