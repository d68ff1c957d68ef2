"""`notify`: one notification per person, in their language, mailed as each person chose."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from notifications.kinds import Delivery, Kind
from notifications.models import Notification, Preference
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic_partner(partner_user):
    partner_user.preferred_language = "ar"
    partner_user.save()
    return partner_user


def referral_values():
    return {"reference": "RET-2026-00042", "service": "Santé", "status": "Envoyée"}


def test_each_recipient_gets_one_notification_and_the_actor_none(iom_user, partner_user):
    notify(
        [iom_user, partner_user, partner_user],
        Kind.REFERRAL_RECEIVED,
        referral_values(),
        "/fr/referrals/7/",
        actor=iom_user,
    )

    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [partner_user.pk]


def test_an_inactive_person_is_not_told(partner_user):
    partner_user.is_active = False
    partner_user.save()

    assert notify([partner_user], Kind.REFERRAL_RECEIVED, referral_values()) == []
    assert not Notification.objects.exists()


def test_the_sentence_is_made_in_the_readers_language_from_lazy_values(arabic_partner):
    with translation.override("fr"):
        notify(
            [arabic_partner],
            Kind.REFERRAL_ANSWERED,
            {"reference": "RET-1", "service": "x", "status": translation.gettext_lazy("Accepted")},
            "https://manara.test/fr/referrals/3/",
        )

    notification = Notification.objects.get()
    assert notification.url == "/referrals/3/"
    assert notification.link_in("ar") == "/ar/referrals/3/"
    assert notification.text_in("en") == "Referral RET-1 (x): Accepted."
    assert notification.text_in("ar").startswith("الإحالة RET-1")


def test_a_mail_goes_at_once_in_the_recipients_language_by_default(arabic_partner, after_commit):
    with after_commit():
        notify(
            [arabic_partner],
            Kind.REFERRAL_RECEIVED,
            referral_values(),
            "/fr/referrals/3/",
            site_url="https://manara.test/fr/whatever/",
        )

    (message,) = mail.outbox
    assert message.subject.startswith("[Manara] الإحالة RET-2026-00042")
    assert message.body.endswith("https://manara.test/ar/referrals/3/")
    assert Notification.objects.get().mailed_at is not None


def test_in_app_only_sends_no_mail(partner_user, after_commit):
    Preference.objects.create(
        user=partner_user, kind=Kind.REFERRAL_RECEIVED, delivery=Delivery.IN_APP
    )

    with after_commit():
        notify([partner_user], Kind.REFERRAL_RECEIVED, referral_values())

    assert mail.outbox == []
    assert Notification.objects.get().delivery == Delivery.IN_APP


def test_the_digest_gathers_the_day_in_one_mail_and_a_second_run_sends_nothing(
    partner_user, after_commit, settings
):
    settings.SITE_URL = "https://manara.test"
    partner_user.preferred_language = "en"
    partner_user.save()
    Preference.objects.create(
        user=partner_user, kind=Kind.REFERRAL_RECEIVED, delivery=Delivery.DIGEST
    )
    other = UserFactory(username="nobody_digest")
    with after_commit():
        notify([partner_user, other], Kind.REFERRAL_RECEIVED, referral_values(), "/referrals/1/")
        notify([partner_user], Kind.REFERRAL_RECEIVED, referral_values(), "/referrals/2/")
    assert [m.to for m in mail.outbox] == [[other.email]]  # other kept the default: at once
    mail.outbox.clear()

    with after_commit():
        call_command("send_notification_digests", stdout=__import__("io").StringIO())
        call_command("send_notification_digests", stdout=__import__("io").StringIO())

    (digest,) = mail.outbox
    assert digest.to == [partner_user.email]
    assert digest.subject == "[Manara] 2 new notifications"
    assert "https://manara.test/en/referrals/1/" in digest.body
    assert "https://manara.test/en/referrals/2/" in digest.body
    assert "https://manara.test/en/notifications/preferences/" in digest.body
    assert not Notification.objects.filter(delivery=Delivery.DIGEST, mailed_at=None).exists()


def test_a_once_key_tells_each_person_once(partner_user, after_commit):
    with after_commit():
        for _ in range(2):
            notify(
                [partner_user],
                Kind.RECOMMENDATION_DUE,
                {"action": "Former"},
                once_key="recommendation:1:2026-12-03",
            )

    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
