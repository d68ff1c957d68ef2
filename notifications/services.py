"""The one way Manara tells people something: `notify`, called by every app; and the daily digest.

Each recipient gets their own notification, whose sentence is made in the reader's language when
read; the values of its wording (a status, a service, a date) are written once in each language
Manara speaks. A mail, at once or in the day's digest as the person chose for that kind, is
written in the recipient's language (`User.language`) with a link under that language's prefix,
whatever language the person who caused it was reading. Notifications are written in the
caller's transaction; mails leave after it commits (`mailing`), so a rolled-back change tells
nobody. A request that tells people never talks to the mail server, and costs the same number
of queries however many people it tells (bulk INSERTs, one queued task).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mailing.tasks import Mail, queue_mail, queue_mails

from .kinds import RULES, Delivery
from .models import Notification, Preference

LANGUAGE_PREFIX = re.compile(
    r"^/({})(?=/)".format("|".join(re.escape(code) for code, _name in settings.LANGUAGES))
)


def site_origin(site_url: str = "") -> str:
    """The scheme and host of `site_url`, else of the SITE_URL setting; '' when neither has one.

    Only these are kept: the path, language prefix included, is made for each recipient.
    """
    parts = urlsplit(site_url or getattr(settings, "SITE_URL", ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def language_free_path(url: str) -> str:
    """`url`'s path and query without its scheme, host and language prefix ("/referrals/12/")."""
    parts = urlsplit(url)
    path = LANGUAGE_PREFIX.sub("", parts.path)
    return path + (f"?{parts.query}" if parts.query else "")


def people_who(rule: Callable) -> list:
    """The active users for whom `rule` (of `accounts.permissions`) holds: IOM staff, say."""
    return [user for user in get_user_model().objects.filter(is_active=True) if rule(user)]


def _written(value) -> object:
    """One value of a wording as the active language writes it."""
    if callable(value):
        value = value()
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value)
    if isinstance(value, int | float):
        return value
    return str(value)


def written_in_every_language(values: dict) -> dict:
    """{language: {name: value}} for every language of Manara.

    A value may be a callable (called in each language: a reference list's name), a lazy
    translation, a date (formatted in each language) or plain text (the same in all).
    """
    written = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            written[code] = {name: _written(value) for name, value in values.items()}
    return written


def notify(
    recipients: Iterable,
    kind: str,
    values: dict | None = None,
    url: str = "",
    *,
    actor=None,
    site_url: str = "",
    once_key: str = "",
) -> list[Notification]:
    """Tell each active recipient (but `actor`, who did it) about something of `kind`.

    `values` fills the kind's wording (see `written_in_every_language`); `url` is where it
    happened, any language prefix or host dropped. Each person gets a notification and, as their
    preference for the kind says (else the kind's default), a mail now or in the daily digest;
    mail links start with `site_url`'s host, else SITE_URL's. With `once_key`, a person already
    told of that key for that kind is not told again. Returns the notifications made.
    """
    people = {user.pk: user for user in recipients if user.is_active}
    if actor is not None:
        people.pop(actor.pk, None)
    if once_key:
        told = Notification.objects.filter(
            kind=kind, once_key=once_key, recipient_id__in=people
        ).values_list("recipient_id", flat=True)
        for pk in told:
            people.pop(pk, None)
    if not people:
        return []
    chosen = dict(
        Preference.objects.filter(user_id__in=people, kind=kind).values_list("user_id", "delivery")
    )
    params = written_in_every_language(values or {})
    path = language_free_path(url)
    now = timezone.now()
    origin = site_origin(site_url)
    notifications, mails = [], []
    for pk, user in people.items():
        delivery = chosen.get(pk, RULES[kind].default)
        notification = Notification(
            recipient=user,
            kind=kind,
            params=params,
            url=path,
            created_at=now,
            delivery=delivery,
            once_key=once_key,
        )
        if delivery == Delivery.MAIL:
            mails.append(_mail_of(notification, origin))
            notification.mailed_at = now
        notifications.append(notification)
    # Two INSERTs and one queued task, whatever the number of people told.
    created = Notification.objects.bulk_create(notifications)
    queue_mails(mails)
    return created


def _mail_of(notification: Notification, origin: str) -> Mail:
    """One notification's mail, written and linked in its recipient's language."""
    user = notification.recipient
    with translation.override(user.language):
        text = notification.text_in(user.language)
        body = text
        if notification.url:
            link = origin + notification.link_in(user.language)
            body = _("%(text)s\n\nOpen it in Manara: %(link)s") % {"text": text, "link": link}
        return Mail(user, f"[Manara] {text}", body, language=user.language)


def send_digests(site_url: str = "") -> int:
    """Mail each person, in one mail, their notifications waiting for the daily digest.

    Each person's mail and the marking of what it holds commit together, so running it again
    (or after a failure halfway) sends nothing twice. Returns the number of mails queued.
    """
    origin = site_origin(site_url)
    waiting = Notification.objects.filter(delivery=Delivery.DIGEST, mailed_at__isnull=True)
    people = get_user_model().objects.filter(pk__in=waiting.values("recipient_id"))
    sent = 0
    for user in people:
        with transaction.atomic():
            rows = list(
                waiting.filter(recipient_id=user.pk)
                .select_for_update()
                .order_by("created_at", "pk")
            )
            if not rows:
                continue
            if user.is_active and _mail_digest(user, rows, origin):
                sent += 1
            Notification.objects.filter(
                pk__in=[row.pk for row in rows], mailed_at__isnull=True
            ).update(mailed_at=timezone.now())
    return sent


def _mail_digest(user, rows: list[Notification], origin: str) -> bool:
    """Queue the digest of `rows` to `user` in their language; False when they have no address."""
    language = user.language
    with translation.override(language):
        count = len(rows)
        subject = ngettext(
            "[Manara] %(count)d new notification", "[Manara] %(count)d new notifications", count
        ) % {"count": count}
        lines = [_("What happened in Manara since the last mail:"), ""]
        for row in rows:
            lines.append(f"- {row.text_in(language)}")
            if row.url:
                lines.append(f"  {origin}{row.link_in(language)}")
        lines += [
            "",
            _("Choose what you receive by mail: %(link)s")
            % {"link": origin + reverse("notifications:preferences")},
        ]
        return queue_mail(user, subject, "\n".join(lines)) is not None
