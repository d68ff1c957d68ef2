"""Two people change the same referral at the same moment, each from their own session.

The receiving partner accepts while IOM closes it. Each request runs in its own thread with its
own database connection; a barrier holds both after they have read the referral and checked the
workflow, so both try to write the same row at once. Exactly one change is stored, and the other
person is told that nothing of theirs was changed: neither change is lost silently.

This needs a database that takes concurrent writers (PostgreSQL, as in production and CI);
SQLite's shared in-memory test database locks the whole table instead.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from facilities.models import ServiceCategory
from referrals.models import Referral
from tests.factories import ActorFactory, ActorServiceFactory, CaseFactory, ReferralFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (CI runs this test there)",
    ),
]

STALE = "Depuis que vous avez ouvert cette page, cette fiche a été modifiée"


def test_an_accept_and_a_close_at_the_same_moment_store_one_and_tell_the_other(
    iom_user, partner_user, iom_org, ngo_a, monkeypatch
):
    service = ActorServiceFactory(
        actor=ActorFactory(organisation=ngo_a), category=ServiceCategory.objects.get(code="mhpss")
    )
    referral = ReferralFactory(case=CaseFactory(owner=iom_org), service=service)
    referral.move("sent", iom_user)
    seen = referral.version
    both_have_read = threading.Barrier(2, timeout=20)
    waited = threading.local()
    on_move = Referral.on_move

    def on_move_once_both_have_read(self, move, user, reason):
        # Called inside move(), after the workflow's checks and before the write.
        if not getattr(waited, "done", False):
            waited.done = True
            both_have_read.wait()
        return on_move(self, move, user, reason)

    monkeypatch.setattr(Referral, "on_move", on_move_once_both_have_read)
    url = reverse("referrals:referral_status", args=[referral.pk])
    pages = {}

    def change(user, data):
        client = Client(HTTP_ACCEPT_LANGUAGE="fr")
        client.force_login(user)
        try:
            pages[user.username] = client.post(url, {**data, "version": seen}, follow=True).text
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=change, args=(partner_user, {"status": "accepted"})),
        threading.Thread(target=change, args=(iom_user, {"status": "closed", "reason": "Doublon"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    referral.refresh_from_db()
    events = list(referral.moves.values_list("to_status", flat=True))
    assert len(pages) == 2
    assert referral.status in ("accepted", "closed")
    assert events == ["sent", referral.status]
    assert referral.version == seen + 1
    winner = "partner_a" if referral.status == "accepted" else "iom_t"
    loser = "iom_t" if winner == "partner_a" else "partner_a"
    assert STALE not in pages[winner]
    assert STALE in pages[loser]
