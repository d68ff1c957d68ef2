"""Recommendations made before they recorded their day of making get one that keeps every stored
recommendation within the new rule (never due before it was made)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("referrals", "0014_drop_old_notifications")]
AFTER = [("referrals", "0015_recommendation_made_on_actor_change_proposals")]


# serialized_rollback: the regions of the data migrations are back for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_older_recommendations_take_their_first_history_date_or_their_due_date(db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Recommendation = old.get_model("referrals", "Recommendation")
    History = old.get_model("referrals", "HistoricalRecommendation")
    region = old.get_model("facilities", "Region").objects.get(code="02")
    recorded = timezone.make_aware(datetime.datetime(2026, 2, 1, 9, 0))
    dated = Recommendation.objects.create(
        region=region, action="Cartographier", due_on=datetime.date(2026, 6, 1)
    )
    overdue = Recommendation.objects.create(
        region=region, action="Former", due_on=datetime.date(2026, 1, 10)
    )
    for recommendation in (dated, overdue):
        History.objects.create(
            id=recommendation.pk,
            region_id=region.pk,
            action=recommendation.action,
            due_on=recommendation.due_on,
            priority="medium",
            status="planned",
            version=0,
            updated_at=recorded,
            history_date=recorded,
            history_type="+",
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    made_on = dict(
        new.get_model("referrals", "Recommendation").objects.values_list("action", "created_on")
    )
    assert made_on == {
        "Cartographier": datetime.date(2026, 2, 1),
        "Former": datetime.date(2026, 1, 10),
    }
