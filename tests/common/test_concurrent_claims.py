"""Two saves of one facility at the same moment, each from its own session and connection.

Both forms are valid and were loaded at the same version; a barrier holds both requests after
validation, so both claims reach the database together. Exactly one is stored; the other person
is told, and nothing of theirs is written. Needs concurrent writers (PostgreSQL, as in CI).
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from accounts.models import User
from common import concurrency
from facilities.models import Facility
from tests.facilities.test_stale_saves import page_data
from tests.factories import FacilityFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (CI runs this test there)",
    ),
]


def test_two_facility_saves_at_the_same_moment_store_one_and_tell_the_other(monkeypatch):
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    users = [
        UserFactory(username=name, role=User.Role.IOM_STAFF, organisation=iom)
        for name in ("amina", "karim")
    ]
    facility = FacilityFactory(name="Centre Al Amal")
    url = f"/en/facilities/{facility.pk}/edit/"
    clients = {}
    for user in users:
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    pages = {name: client.get(url) for name, client in clients.items()}
    both_validated = threading.Barrier(2, timeout=20)
    claim = concurrency.claim

    def claim_once_both_are_ready(instance, seen, user):
        both_validated.wait()
        return claim(instance, seen, user)

    monkeypatch.setattr(concurrency, "claim", claim_once_both_are_ready)
    responses = {}

    def save(name, changes):
        try:
            responses[name] = clients[name].post(url, page_data(pages[name], **changes))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("amina", {"phone": "+212 600000011"})),
        threading.Thread(target=save, args=("karim", {"description_fr": "Ouvert la nuit."})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    stored = Facility.objects.get(pk=facility.pk)
    codes = sorted(response.status_code for response in responses.values())
    assert codes == [200, 302]
    winner = next(name for name, response in responses.items() if response.status_code == 302)
    loser = "karim" if winner == "amina" else "amina"
    assert f"changed by {winner}" in responses[loser].text
    assert stored.version == 1
    assert (stored.phone == "+212 600000011") == (winner == "amina")
    assert (stored.description_fr == "Ouvert la nuit.") == (winner == "karim")
