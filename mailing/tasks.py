"""Mail leaves the request: `queue_mail` records it and, once the transaction commits, queues a
task that sends it, tries again later when the server fails, and logs each outcome.

Nothing here talks to the mail server in a request: the request writes rows and queues tasks;
only the worker's task opens a connection. `queue_mails` records many mails in one INSERT and
queues one task that queues each mail's own sending, so a request telling a hundred people costs
what telling two does.

Retries are new tasks queued with `run_after` (django-tasks has no retry of its own): a worker
never sleeps between attempts, and a restarted worker still finds the next attempt in the
database. The immediate backend (development, tests) cannot defer, so there the attempts follow
one another at once. Log lines name the mail and the user by id, never the body or the address.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from .models import SUBJECT_LENGTH, OutgoingMail

logger = logging.getLogger("manara.mail")

MAX_ATTEMPTS = 5
# Seconds before attempts 2, 3, 4 and 5: a server down for up to about 2.5 hours loses nothing.
RETRY_DELAYS = (60, 300, 1800, 7200)


def queue_mail(user, subject: str, body: str, *, address: str = "") -> OutgoingMail | None:
    """Record a mail to `user` (at `address`, else theirs) and send it after the commit.

    Write subject and body in the recipient's language (`translation.override(user.language)`)
    before calling: the language active here is recorded with the mail. A transaction that rolls
    back sends nothing. Returns None, recording nothing, when there is no address to write to.
    """
    address = address or getattr(user, "email", "")
    if not address:
        return None
    outgoing = OutgoingMail.objects.create(
        user=user,
        address=address,
        language=translation.get_language() or "",
        subject=" ".join(subject.splitlines())[:SUBJECT_LENGTH],
        body=body,
    )
    _send_after_commit(outgoing.pk, attempt=1)
    return outgoing


@dataclass(frozen=True)
class Mail:
    """One mail to queue with `queue_mails`, already written in its recipient's `language`."""

    user: object
    subject: str
    body: str
    language: str
    address: str = ""


def queue_mails(mails: Iterable[Mail]) -> list[OutgoingMail]:
    """Record every mail that has an address in one INSERT and send them after the commit.

    One task is queued whatever their number (`send_outgoing_mails`, which queues each mail's own
    sending in the worker); a single mail is queued as `queue_mail` queues it.
    """
    rows = [
        OutgoingMail(
            user=mail.user,
            address=mail.address or getattr(mail.user, "email", ""),
            language=mail.language,
            subject=" ".join(mail.subject.splitlines())[:SUBJECT_LENGTH],
            body=mail.body,
        )
        for mail in mails
    ]
    rows = OutgoingMail.objects.bulk_create([row for row in rows if row.address])
    if len(rows) == 1:
        _send_after_commit(rows[0].pk, attempt=1)
    elif rows:
        ids = [row.pk for row in rows]

        def enqueue() -> None:
            try:
                send_outgoing_mails.enqueue(ids)
            except Exception:
                logger.exception("Mails %s to %s could not be queued", ids[0], ids[-1])

        transaction.on_commit(enqueue)
    return rows


def send_again(outgoing: OutgoingMail) -> bool:
    """Queue a failed mail for a new round of attempts (the admin's "send again")."""
    if not outgoing.send_again():
        return False
    _send_after_commit(outgoing.pk, attempt=1)
    return True


def requeue(outgoing: OutgoingMail) -> None:
    """Queue the next attempt of a mail left `queued` with no task behind it."""
    logger.warning(
        "Mail %s was stuck after %s attempt(s): queued again", outgoing.pk, outgoing.attempts
    )
    _send_after_commit(outgoing.pk, attempt=outgoing.attempts + 1)


def _send_after_commit(mail_id: int, attempt: int, delay: int = 0) -> None:
    """Queue the sending task when the current transaction commits (at once outside one)."""

    def enqueue() -> None:
        sending = send_outgoing_mail
        if delay and sending.get_backend().supports_defer:
            sending = sending.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
        try:
            sending.enqueue(mail_id, attempt)
        except Exception:
            # The request has committed; its answer must not fail for the queue's sake.
            logger.exception("Mail %s could not be queued (attempt %s)", mail_id, attempt)

    transaction.on_commit(enqueue)


@task()
def send_outgoing_mails(mail_ids: list[int]) -> int:
    """Queue the first attempt of each of these mails, each in its own task (own retries)."""
    for mail_id in mail_ids:
        _send_after_commit(mail_id, attempt=1)
    return len(mail_ids)


@task()
def send_outgoing_mail(mail_id: int, attempt: int) -> str:
    """Make the `attempt`-th try to send a queued mail; on failure, queue the next or give up."""
    outgoing = OutgoingMail.claim(mail_id, attempt)
    if outgoing is None:
        return "skipped"
    message = EmailMessage(
        outgoing.subject, outgoing.body, settings.DEFAULT_FROM_EMAIL, [outgoing.address]
    )
    try:
        message.send(fail_silently=False)
    except Exception as error:
        # Whatever stops the mail (SMTP refusal, refused connection, timeout) is recorded and
        # retried: the error's class goes to the log, its text (which may name the address) to
        # the record that administrators read.
        final = attempt >= MAX_ATTEMPTS
        outgoing.record_failure(f"{type(error).__name__}: {error}"[:2000], final=final)
        if final:
            logger.error(
                "Mail %s to user %s failed (attempt %s of %s), gave up: %s",
                mail_id,
                outgoing.user_id,
                attempt,
                MAX_ATTEMPTS,
                type(error).__name__,
            )
            return "failed"
        delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
        logger.warning(
            "Mail %s to user %s failed (attempt %s of %s), next in %s s: %s",
            mail_id,
            outgoing.user_id,
            attempt,
            MAX_ATTEMPTS,
            delay,
            type(error).__name__,
        )
        _send_after_commit(mail_id, attempt + 1, delay)
        return "retrying"
    outgoing.record_sent()
    logger.info("Mail %s to user %s sent (attempt %s)", mail_id, outgoing.user_id, attempt)
    return "sent"
