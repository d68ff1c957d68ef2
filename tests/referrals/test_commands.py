"""Daily commands: erasing identifying details after the retention period, overdue notices."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from notifications.models import Notification
from referrals.models import Case, CaseAccessLog, ProtectionSettings, Referral
from tests.factories import ActorFactory, ActorServiceFactory, CaseFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_identities_of_cases_closed_beyond_the_retention_period_are_erased_and_logged(iom_org):
    settings = ProtectionSettings.load()
    settings.retention_days = 30
    settings.save()
    today = datetime.date.today()
    old = CaseFactory(
        owner=iom_org,
        full_name="Ancien",
        status="closed",
        closed_on=today - datetime.timedelta(days=31),
    )
    recent = CaseFactory(
        owner=iom_org,
        full_name="Récent",
        status="closed",
        closed_on=today - datetime.timedelta(days=5),
    )
    open_case = CaseFactory(owner=iom_org, full_name="Ouvert")

    output = io.StringIO()
    call_command("erase_expired_identities", stdout=output)

    assert Case.objects.get(pk=old.pk).full_name == ""
    assert Case.objects.get(pk=old.pk).reference == old.reference
    assert Case.objects.get(pk=recent.pk).full_name == "Récent"
    assert Case.objects.get(pk=open_case.pk).full_name == "Ouvert"
    assert CaseAccessLog.objects.get().action == "erase"
    assert output.getvalue().startswith("1 case(s) erased")


def test_senders_are_told_once_of_an_overdue_referral_without_identity(
    iom_org, iom_user, ngo_a, after_commit
):
    service = ActorServiceFactory(actor=ActorFactory(organisation=ngo_a))
    referral = ReferralFactory(
        case=CaseFactory(owner=iom_org, full_name="Secret Nom"), service=service
    )
    referral.move("sent", iom_user)
    Referral.objects.filter(pk=referral.pk).update(due_on=datetime.date(2020, 1, 6))

    with after_commit():
        call_command(
            "notify_overdue_referrals", "--base-url", "https://manara.test", stdout=io.StringIO()
        )
        call_command("notify_overdue_referrals", stdout=io.StringIO())

    notification = Notification.objects.get(recipient=iom_user)
    assert referral.case.reference in notification.text_in("fr")
    assert mail.outbox[0].body.endswith(f"https://manara.test/fr/referrals/{referral.pk}/")
    assert len(mail.outbox) == 1
    assert "Secret Nom" not in mail.outbox[0].body
