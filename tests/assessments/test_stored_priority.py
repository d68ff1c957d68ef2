"""The priority stored on each facility's latest validated assessment, which the ranking and the
planner read in order from an index: it is always the one the saved weights give, whatever
changed (a validation, a newer assessment, a deletion, the facility's people or target groups, a
target group's vulnerability, the weights, a facility import)."""

import pytest
import tablib
from import_export.formats.base_formats import CSV

from assessments.models import Assessment, PrioritySettings
from assessments.prioritisation import _with_terms, ranked_assessments, refresh_priorities
from facilities.models import TargetGroup
from facilities.resources import FacilityResource
from tests.factories import FacilityFactory, validated_assessment

from . import test_prioritisation

# The hand-worked ranking of the prioritisation tests, and its weights and groups.
weights = test_prioritisation.weights
four_vulnerable_groups = test_prioritisation.four_vulnerable_groups
three_ranked = test_prioritisation.three_ranked


def stored_and_computed() -> tuple[dict, dict]:
    """{assessment id: priority} as stored, and as the saved weights give it now."""
    latest = Assessment.objects.filter(is_latest_validated=True)
    stored = dict(latest.values_list("pk", "priority"))
    computed = dict(
        _with_terms(latest, PrioritySettings.load()).values_list("pk", "computed_priority")
    )
    return stored, computed


def assert_stored_is_current():
    stored, computed = stored_and_computed()
    assert stored.keys() == computed.keys()
    assert None not in stored.values()
    assert stored == pytest.approx(computed)


def priority_of(assessment) -> float | None:
    return Assessment.objects.values_list("priority", flat=True).get(pk=assessment.pk)


def test_validation_stores_the_hand_worked_priorities(three_ranked):
    assert {name: round(priority_of(a), 1) for name, a in three_ranked.items()} == {
        "nour": 57.7,
        "atlas": 54.7,
        "ouarzazate": 30.0,
    }
    assert_stored_is_current()


def test_the_ranking_is_read_in_the_stored_order(iom_user, three_ranked, weights):
    ranked = list(ranked_assessments(iom_user, weights))

    assert [row.facility.name for row in ranked] == [
        "Centre Nour",
        "Foyer Atlas",
        "Maison Ouarzazate",
    ]
    assert [row.priority for row in ranked] == pytest.approx([57.7, 54.7, 30.0], abs=0.05)


def test_a_change_of_people_served_moves_the_stored_priority(three_ranked):
    atlas = three_ranked["atlas"].facility
    atlas.capacity, atlas.occupancy = 100, 100
    atlas.save()

    # 66.7% × 40 + 15 + 1 × 20 + 0 + 5 = 66.7: Atlas now comes first.
    assert priority_of(three_ranked["atlas"]) == pytest.approx(66.7, abs=0.05)
    assert_stored_is_current()


def test_a_change_of_target_groups_moves_the_stored_priority(three_ranked, four_vulnerable_groups):
    atlas = three_ranked["atlas"].facility
    atlas.target_groups.set(four_vulnerable_groups)
    assert priority_of(three_ranked["atlas"]) == pytest.approx(64.7, abs=0.05)

    atlas.target_groups.clear()
    assert priority_of(three_ranked["atlas"]) == pytest.approx(54.7, abs=0.05)
    assert_stored_is_current()


def test_a_target_group_that_stops_being_vulnerable_moves_every_stored_priority(
    three_ranked, four_vulnerable_groups
):
    group = four_vulnerable_groups[3]
    group.is_vulnerable = False
    group.save()

    # Nour serves 2 of 3 vulnerable groups now (6.7 pts instead of 5), Ouarzazate 3 of 3.
    assert priority_of(three_ranked["nour"]) == pytest.approx(59.3, abs=0.05)
    assert_stored_is_current()
    group.delete()
    assert_stored_is_current()
    assert TargetGroup.objects.filter(is_vulnerable=True).count() == 3


def test_saved_weights_move_every_stored_priority(three_ranked, weights):
    weights.weight_gap = weights.weight_severity = weights.weight_critical = 0
    weights.save()

    assert {name: round(priority_of(a), 1) for name, a in three_ranked.items()} == {
        "nour": 70.0,
        "atlas": 26.7,
        "ouarzazate": 100.0,
    }
    assert_stored_is_current()


def test_a_newer_validated_assessment_takes_the_priority_and_the_older_loses_it(
    iom_user, three_ranked
):
    older = three_ranked["atlas"]
    newer = validated_assessment(older.facility, iom_user, 3)

    assert priority_of(older) is None
    # All 3s: 0 + 0 + 40/100 × 20 + 0 + 0 = 8.
    assert priority_of(newer) == pytest.approx(8.0, abs=0.05)
    assert_stored_is_current()


def test_deleting_the_latest_validated_assessment_gives_the_ranking_back_the_one_before(
    iom_user, three_ranked
):
    older = three_ranked["atlas"]
    newer = validated_assessment(older.facility, iom_user, 3)

    newer.delete()

    older.refresh_from_db()
    assert older.is_latest_validated
    assert older.priority == pytest.approx(54.7, abs=0.05)
    assert_stored_is_current()


def test_a_facility_import_that_changes_people_served_moves_the_stored_priority(three_ranked):
    atlas = three_ranked["atlas"].facility
    row = tablib.Dataset(headers=["code", "capacity", "occupancy"])
    row.append([atlas.code, 100, 100])
    text = row.export("csv")

    result = FacilityResource().import_data(
        CSV(encoding="utf-8").create_dataset(text), dry_run=False
    )

    assert not result.has_errors() and not result.has_validation_errors()
    assert priority_of(three_ranked["atlas"]) == pytest.approx(66.7, abs=0.05)
    assert_stored_is_current()


def test_refreshing_costs_one_statement_whatever_the_number_of_facilities(
    django_assert_num_queries, iom_user, three_ranked
):
    for number in range(5):
        validated_assessment(FacilityFactory(name=f"Extra {number}"), iom_user, 2)
    with django_assert_num_queries(2):  # the weights, then one UPDATE
        assert refresh_priorities() == 8
    assert_stored_is_current()
