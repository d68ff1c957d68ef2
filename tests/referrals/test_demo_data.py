"""Demo actors, roadmap, pathways, cases and referrals from seed_demo: complete and re-runnable."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from referrals.models import (
    ActorProfile,
    Case,
    FollowUp,
    Pathway,
    Recommendation,
    Referral,
    SwotEntry,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "manara-demo"


def seed_demo():
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())


def test_seed_demo_maps_actors_in_the_three_regions_and_refers_40_cases(debug_on):
    seed_demo()
    counts = (
        ActorProfile.objects.count(),
        Case.objects.count(),
        Referral.objects.count(),
        SwotEntry.objects.count(),
    )
    seed_demo()

    assert counts[0] >= 25 and counts[1] == 40
    assert (
        ActorProfile.objects.count(),
        Case.objects.count(),
        Referral.objects.count(),
        SwotEntry.objects.count(),
    ) == counts
    for code in ("02", "05", "06"):
        assert ActorProfile.objects.filter(regions__code=code).count() >= 5, code
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    completed = Referral.objects.filter(status="completed").first()
    assert list(completed.moves.values_list("to_status", flat=True)) == [
        "sent",
        "accepted",
        "in_progress",
        "completed",
    ]
    assert completed.deliveries.exists()
    assert Recommendation.objects.exists() and Pathway.objects.exists()
    assert Referral.objects.filter(to_organisation__users__username="partner1").exists()


def test_demo_referrals_take_time_and_follow_ups_score_reintegration(debug_on, client):
    seed_demo()
    client.force_login(get_user_model().objects.get(username="iom"))

    page = client.get(reverse("referrals:dashboard")).text

    answered = Referral.objects.filter(answered_at__isnull=False)
    assert all(r.sent_at < r.answered_at <= timezone.now() for r in answered)
    assert any((r.answered_at - r.sent_at).days >= 1 for r in answered)
    waiting = Referral.objects.filter(status="sent")
    today = timezone.localdate()
    assert any(r.due_on < today for r in waiting) and any(r.due_on >= today for r in waiting)
    scored = FollowUp.objects.filter(score_composite__isnull=False)
    assert scored.exists()
    assert all(0 <= f.score_composite <= 1 for f in scored)
    assert "Aucun suivi n’a encore été noté" not in page


def test_the_demo_has_a_proposal_of_partner1_that_iom_can_accept(debug_on):
    """IOM finds a pending proposed change of partner1's association, valid as it stands."""
    from referrals.models import ActorChangeProposal

    seed_demo()
    seed_demo()

    proposal = ActorChangeProposal.objects.get()
    assert proposal.status == ActorChangeProposal.Status.PENDING
    assert proposal.proposed_by.username == "partner1"
    assert proposal.actor.organisation == proposal.proposed_by.organisation
    assert proposal.problem() is None
