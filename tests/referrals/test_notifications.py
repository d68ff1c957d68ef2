"""Mails and in-app notifications of referrals reach each person in their own language.

The sender's page language must not leak into the message: subject, body and link follow the
recipient's preferred language, French when it is empty or not one Manara speaks.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from facilities.models import ServiceCategory
from notifications.models import Notification
from referrals.models import Referral
from tests.factories import (
    ActorFactory,
    ActorServiceFactory,
    CaseFactory,
    ReferralFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_of_ngo_a(ngo_a):
    """Psychosocial support by NGO A (partner_user's organisation)."""
    return ActorServiceFactory(
        actor=ActorFactory(organisation=ngo_a), category=ServiceCategory.objects.get(code="mhpss")
    )


@pytest.fixture
def arabic_partner(partner_user):
    partner_user.preferred_language = "ar"
    partner_user.save()
    return partner_user


@pytest.fixture
def sent_referral(iom_org, iom_user, service_of_ngo_a):
    referral = ReferralFactory(case=CaseFactory(owner=iom_org), service=service_of_ngo_a)
    referral.move("sent", iom_user)
    return referral


def send_from_french_page(client, sender, case, service, after_commit):
    client.force_login(sender)
    with translation.override("fr"):
        url = reverse("referrals:referral_create", args=[case.pk])
    with after_commit():
        client.post(
            url, {"service": service.pk, "reason": "Soutien", "urgency": "normal", "send": "1"}
        )
    return Referral.objects.get()


def mail_to(user):
    (message,) = [message for message in mail.outbox if message.to == [user.email]]
    return message


def test_a_french_sender_tells_an_arabic_receiver_in_arabic_with_an_arabic_link(
    client, iom_org, iom_user, arabic_partner, service_of_ngo_a, after_commit
):
    case = CaseFactory(owner=iom_org)

    referral = send_from_french_page(client, iom_user, case, service_of_ngo_a, after_commit)

    link = f"http://testserver/ar/referrals/{referral.pk}/"
    message = mail_to(arabic_partner)
    assert (
        message.subject
        == f"[Manara] الإحالة {case.reference} (الصحة النفسية والدعم النفسي والاجتماعي): مرسلة."
    )
    assert message.body.endswith(f"افتحها في منارة: {link}")
    assert "Orientation" not in message.body and "/fr/" not in message.body
    notification = Notification.objects.get(recipient=arabic_partner)
    assert notification.text_in("ar").startswith(f"الإحالة {case.reference}")
    assert notification.link_in("ar") == f"/ar/referrals/{referral.pk}/"


def test_an_arabic_receiver_tells_a_french_sender_in_french_with_a_french_link(
    client, iom_user, arabic_partner, sent_referral, after_commit
):
    client.force_login(arabic_partner)
    with translation.override("ar"):
        url = reverse("referrals:referral_status", args=[sent_referral.pk])

    with after_commit():
        client.post(url, {"status": "accepted", "version": sent_referral.version})

    link = f"http://testserver/fr/referrals/{sent_referral.pk}/"
    message = mail_to(iom_user)
    assert message.subject.startswith(f"[Manara] Orientation {sent_referral.case.reference} (")
    assert message.subject.endswith(" : Acceptée.")
    assert message.body.endswith(f"L’ouvrir dans Manara : {link}")
    assert "الإحالة" not in message.body and "/ar/" not in message.body
    notification = Notification.objects.get(recipient=iom_user)
    assert notification.text_in("fr").startswith(f"Orientation {sent_referral.case.reference}")
    assert notification.link_in("fr") == f"/fr/referrals/{sent_referral.pk}/"


def test_two_receivers_with_different_languages_get_one_mail_each_in_their_language(
    client, iom_org, iom_user, ngo_a, arabic_partner, service_of_ngo_a, after_commit
):
    english_partner = UserFactory(
        username="partner_en", organisation=ngo_a, preferred_language="en"
    )
    case = CaseFactory(owner=iom_org)

    referral = send_from_french_page(client, iom_user, case, service_of_ngo_a, after_commit)

    assert sorted(message.to for message in mail.outbox) == [
        [arabic_partner.email],
        [english_partner.email],
    ]
    assert mail_to(arabic_partner).body.endswith(f"/ar/referrals/{referral.pk}/")
    assert mail_to(english_partner).subject.startswith(f"[Manara] Referral {case.reference}")
    assert mail_to(english_partner).body.endswith(
        f"Open it in Manara: http://testserver/en/referrals/{referral.pk}/"
    )


@pytest.mark.parametrize("language", ["", "de"])
def test_a_receiver_without_a_language_manara_speaks_is_told_in_french(
    client, iom_org, iom_user, partner_user, service_of_ngo_a, language, after_commit
):
    partner_user.preferred_language = language
    partner_user.save()
    case = CaseFactory(owner=iom_org)
    client.force_login(iom_user)
    with translation.override("ar"):
        url = reverse("referrals:referral_create", args=[case.pk])

    with after_commit():
        client.post(
            url, {"service": service_of_ngo_a.pk, "reason": "x", "urgency": "normal", "send": "1"}
        )

    referral = Referral.objects.get()
    message = mail_to(partner_user)
    assert message.subject.startswith(f"[Manara] Orientation {case.reference}")
    assert message.body.endswith(f"http://testserver/fr/referrals/{referral.pk}/")
    assert Notification.objects.get(recipient=partner_user).url == f"/referrals/{referral.pk}/"


def test_an_overdue_notice_reaches_an_arabic_sender_in_arabic_under_the_base_url(
    iom_user, sent_referral, after_commit
):
    iom_user.preferred_language = "ar"
    iom_user.save()
    Referral.objects.filter(pk=sent_referral.pk).update(due_on=datetime.date(2020, 1, 6))

    with after_commit():
        call_command(
            "notify_overdue_referrals", "--base-url", "https://manara.test/", stdout=io.StringIO()
        )

    link = f"https://manara.test/ar/referrals/{sent_referral.pk}/"
    message = mail_to(iom_user)
    assert message.subject.startswith(f"[Manara] الإحالة {sent_referral.case.reference}")
    assert "لا رد في أجل" in message.subject
    assert message.body.endswith(f"افتحها في منارة: {link}")
    assert Notification.objects.get(recipient=iom_user).link_in("ar") == link.removeprefix(
        "https://manara.test"
    )
