"""Demo and synthetic assessments: made through the workflow, re-runnable, and scored exactly as
real assessments are."""

import io
import re

import pytest
from django.core.management import call_command

from activity.models import StatusChange
from assessments.models import Assessment, Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "manara-demo"


def seed_demo(*args) -> str:
    output = io.StringIO()
    call_command("seed_demo", *args, stdout=output, stderr=output)
    return output.getvalue()


def stored_results(assessment):
    return (
        assessment.dimension_scores(),
        assessment.overall_score,
        assessment.severity,
        assessment.critical_gaps,
        assessment.needs_cost,
    )


def test_seed_demo_creates_assessments_in_every_state_and_is_idempotent(debug_on):
    seed_demo()
    counts = {
        status: Assessment.objects.filter(status=status).count()
        for status in Assessment.Status.values
    }
    seed_demo()

    assert counts["validated"] >= 20
    assert counts["submitted"] == counts["draft"] == counts["returned"] == 1
    assert Assessment.objects.count() == sum(counts.values())
    returned = Assessment.objects.get(status="returned")
    assert returned.created_by.username == "partner1"
    assert list(returned.moves.values_list("to_status", flat=True)) == [
        "submitted",
        "returned",
    ]
    validations = StatusChange.objects.filter(
        content_type__model="assessment", to_status=Assessment.Status.VALIDATED
    )
    assert validations.count() == counts["validated"]


def test_demo_scores_are_those_the_model_computes(debug_on):
    seed_demo()

    for assessment in Assessment.objects.filter(status="validated")[:5]:
        stored = stored_results(assessment)
        assessment.compute_results()
        assert stored_results(assessment) == stored


def test_synthetic_assessments_are_validated_and_scored_like_real_ones():
    output = seed_demo("--facilities", "20")

    synthetic = Assessment.objects.filter(facility__code__startswith="SYN-")
    assert synthetic.count() == 20
    assert synthetic.filter(status="validated", is_latest_validated=True).count() == 20
    assert Need.objects.filter(assessment__in=synthetic).count() >= 20
    assert re.search(r"Synthetic validated assessments.*: 20 added", output)
    for assessment in synthetic[:5]:
        stored = stored_results(assessment)
        assessment.compute_results()
        assert stored_results(assessment) == stored
