"""The prioritisation benchmark runs, prints its figures and leaves the database unchanged."""

import io
import re

import pytest
from django.core.management import call_command

from assessments.models import Assessment, Need
from facilities.models import Facility

pytestmark = pytest.mark.django_db

LAST_LINE = re.compile(
    r"^prioritisation: page \d+\.\d ms, sql \d+\.\d ms, ratio \d+\.\d, queries \d+$"
)


def test_the_benchmark_prints_page_and_sql_times_and_rolls_back():
    output = io.StringIO()

    call_command(
        "bench_prioritisation",
        "--facilities",
        "30",
        "--needs",
        "80",
        "--repeat",
        "1",
        stdout=output,
        stderr=io.StringIO(),
    )

    lines = output.getvalue().strip().splitlines()
    assert LAST_LINE.match(lines[-1]), lines[-1]
    assert "30 facilities with a validated assessment" in lines[0]
    assert Facility.objects.count() == 0
    assert Assessment.objects.count() == 0
    assert Need.objects.count() == 0
    for page in ("prioritisation", "needs list", "needs planner"):
        assert re.search(
            rf"^IOM staff\s+{page}\s+200\s+\d+\s+[\d.]+ [KM]?B", output.getvalue(), re.M
        )
