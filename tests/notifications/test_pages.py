"""The notifications page and the preferences page, for every role; nobody reaches another's."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.kinds import Delivery, Kind
from notifications.models import Notification, Preference
from notifications.services import notify

pytestmark = pytest.mark.django_db

ROLES = ["admin", "iom_staff", "partner", "viewer"]


def tell(user, reference="RET-2026-00001", kind=Kind.REFERRAL_RECEIVED, url="/referrals/1/"):
    (notification,) = notify(
        [user],
        kind,
        {
            "reference": reference,
            "service": "Santé",
            "status": "Envoyée",
            "facility": "Centre",
            "action": "Former",
        },
        url,
    )
    return notification


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_its_own_notifications_and_no_one_elses(client, users, role):
    mine = tell(users[role], "RET-2026-00001")
    others = [
        tell(user, f"RET-2026-0099{i}")
        for i, user in enumerate(users.values())
        if user != users[role]
    ]
    client.force_login(users[role])

    response = client.get(en("notifications:list"))

    assert response.status_code == 200
    assert f"Referral {mine.params['en']['reference']}" in response.text
    for other in others:
        assert other.params["en"]["reference"] not in response.text


def test_the_list_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get(en("notifications:list"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_unread_ones_come_first(client, partner_user):
    read = tell(partner_user, "RET-2026-00002")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    tell(partner_user, "RET-2026-00001")
    client.force_login(partner_user)

    text = client.get(en("notifications:list")).text

    assert text.index("RET-2026-00001") < text.index("RET-2026-00002")


def test_filters_by_kind_and_by_read_or_not(client, partner_user):
    tell(partner_user, "RET-2026-00001")
    returned = tell(partner_user, kind=Kind.ASSESSMENT_RETURNED)
    Notification.objects.filter(pk=returned.pk).update(read_at=returned.created_at)
    client.force_login(partner_user)

    by_kind = client.get(en("notifications:list"), {"kind": Kind.ASSESSMENT_RETURNED}).text
    unread = client.get(en("notifications:list"), {"state": "unread"}).text

    assert "Assessment of Centre returned" in by_kind and "RET-2026-00001" not in by_kind
    assert "RET-2026-00001" in unread and "Assessment of Centre" not in unread


def test_marking_one_read_keeps_the_others_unread(client, partner_user):
    first, second = tell(partner_user), tell(partner_user)
    client.force_login(partner_user)

    response = client.post(en("notifications:read", first.pk), follow=True)

    assert "Notification marked as read." in response.text
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_marking_someone_elses_notification_read_is_refused_and_writes_nothing(
    client, partner_user, other_partner_user
):
    theirs = tell(other_partner_user)
    client.force_login(partner_user)

    response = client.post(en("notifications:read", theirs.pk))
    opened = client.post(en("notifications:open", theirs.pk))

    assert response.status_code == 404 and opened.status_code == 404
    assert "outside what your account may see" in response.text
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_marking_by_get_is_refused(client, partner_user):
    mine = tell(partner_user)
    client.force_login(partner_user)

    assert client.get(en("notifications:read", mine.pk)).status_code == 405
    assert Notification.objects.get(pk=mine.pk).read_at is None


def test_mark_all_read_marks_only_ones_own(client, partner_user, other_partner_user):
    tell(partner_user), tell(partner_user)
    theirs = tell(other_partner_user)
    client.force_login(partner_user)

    response = client.post(en("notifications:read_all"), follow=True)

    assert "2 notifications marked as read." in response.text
    assert not Notification.objects.for_user(partner_user).unread().exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_opening_one_marks_it_read_and_goes_there_in_the_pages_language(client, partner_user):
    mine = tell(partner_user, url="/referrals/12/")
    client.force_login(partner_user)
    with translation.override("ar"):
        url = reverse("notifications:open", args=[mine.pk])

    response = client.post(url)

    assert response["Location"] == "/ar/referrals/12/"
    assert Notification.objects.get(pk=mine.pk).read_at is not None


def test_a_next_address_elsewhere_is_not_followed(client, partner_user):
    mine = tell(partner_user)
    client.force_login(partner_user)

    response = client.post(en("notifications:read", mine.pk), {"next": "https://evil.test/"})

    assert response["Location"] == en("notifications:list")


@pytest.mark.parametrize(
    ("role", "kinds"),
    [
        ("admin", {"assessment_submitted", "referral_received"}),
        ("iom_staff", {"assessment_submitted", "referral_received"}),
        ("partner", {"referral_received", "need_funded"}),
        ("viewer", set()),
    ],
)
def test_each_role_sees_the_preferences_of_what_it_may_receive(client, users, role, kinds):
    client.force_login(users[role])

    response = client.get(en("notifications:preferences"))

    assert response.status_code == 200
    shown = set(re.findall(r'data-testid="preference-(\w+)"', response.text))
    assert kinds <= shown
    if role == "partner":
        assert "assessment_submitted" not in shown
    if role == "viewer":
        assert shown == set()


def test_saving_preferences_stores_one_choice_per_kind(client, partner_user):
    client.force_login(partner_user)
    form = client.get(en("notifications:preferences")).context["form"]
    choices = dict.fromkeys(form.fields, Delivery.IN_APP)
    choices["referral_received"] = Delivery.DIGEST

    response = client.post(en("notifications:preferences"), choices, follow=True)

    assert "Your notification preferences are saved." in response.text
    assert Preference.objects.get(user=partner_user, kind="referral_received").delivery == "digest"
    assert Preference.objects.filter(user=partner_user).count() == len(form.fields)


def test_a_choice_that_is_not_offered_saves_nothing_and_says_so(client, partner_user):
    client.force_login(partner_user)
    form = client.get(en("notifications:preferences")).context["form"]
    choices = dict.fromkeys(form.fields, Delivery.MAIL)
    choices["referral_received"] = "carrier-pigeon"

    response = client.post(en("notifications:preferences"), choices)

    assert response.status_code == 200
    assert "Nothing was saved" in response.text
    assert not Preference.objects.exists()


def test_a_kind_a_role_may_not_receive_cannot_be_set(client, partner_user):
    client.force_login(partner_user)
    form = client.get(en("notifications:preferences")).context["form"]
    choices = dict.fromkeys(form.fields, Delivery.MAIL)
    choices["assessment_submitted"] = Delivery.IN_APP

    client.post(en("notifications:preferences"), choices)

    assert not Preference.objects.filter(kind="assessment_submitted").exists()


def test_unknown_filter_values_and_pages_do_not_break_the_list(client, partner_user):
    tell(partner_user, "RET-2026-00001")
    client.force_login(partner_user)

    response = client.get(en("notifications:list"), {"kind": "<x>", "state": "?", "page": "99"})

    assert response.status_code == 200
    assert "RET-2026-00001" in response.text
    assert "<x>" not in response.text
