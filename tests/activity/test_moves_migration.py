"""The status moves of assessments and referrals, once kept in a table each, join the one log of
moves (activity.StatusChange) with every row: who, when, from what to what, and the comment."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import AssessmentFactory, CaseFactory, ReferralFactory

BEFORE = [("assessments", "0007_history"), ("referrals", "0007_stale_save_versions")]
AFTER = [
    ("assessments", "0008_moves_join_the_activity_log"),
    ("referrals", "0008_moves_join_the_activity_log"),
]
MOMENT = timezone.make_aware(datetime.datetime(2026, 3, 4, 10, 30))


# serialized_rollback: the regions and frameworks of the data migrations are back for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_moves_of_a_database_from_before_the_log_are_kept(iom_user, partner_user, iom_org):
    assessment = AssessmentFactory(created_by=partner_user)
    referral = ReferralFactory(case=CaseFactory(owner=iom_org))
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old.get_model("assessments", "AssessmentTransition").objects.create(
        assessment_id=assessment.pk,
        from_status="submitted",
        to_status="returned",
        by_id=iom_user.pk,
        at=MOMENT,
        comment="Photos manquantes.",
    )
    old.get_model("referrals", "ReferralEvent").objects.create(
        referral_id=referral.pk,
        from_status="sent",
        to_status="declined",
        by_id=partner_user.pk,
        at=MOMENT,
        note="Pas de place.",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    moves = new.get_model("activity", "StatusChange").objects.order_by("content_type__model")
    assert [
        (m.content_type.model, m.object_id, m.from_status, m.to_status, m.by_id, m.at, m.reason)
        for m in moves
    ] == [
        (
            "assessment",
            assessment.pk,
            "submitted",
            "returned",
            iom_user.pk,
            MOMENT,
            "Photos manquantes.",
        ),
        ("referral", referral.pk, "sent", "declined", partner_user.pk, MOMENT, "Pas de place."),
    ]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
