"""`manage.py bench_facilities`: a smoke test of the benchmark; figures only, no timing."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Organisation, User
from facilities.models import Facility

pytestmark = pytest.mark.django_db

PAGES = ["list", "filtered list", "sorted by capacity", "map GeoJSON", "detail", "assessments"]


def run_bench(*args: str) -> str:
    """Run bench_facilities and return what it printed on stdout."""
    output = io.StringIO()
    call_command("bench_facilities", *args, stdout=output, stderr=io.StringIO())
    return output.getvalue()


def test_bench_prints_the_query_count_of_every_page():
    output = run_bench("--sizes", "5", "--repeat", "1", "--seed-facilities", "3")

    for page in PAGES:
        row = re.search(
            rf"^IOM staff\s+5 {page}\s+200\s+(\d+)\s+[\d.]+ [KM]?B\s+[\d.]+\s+[\d.]+\s+[\d.]+"
            rf"\s+[\d.]+$",
            output,
            re.MULTILINE,
        )
        assert row, f"no row for {page!r} in:\n{output}"
        assert int(row.group(1)) > 0
    assert "seed_demo --facilities 3:" in output


def test_bench_leaves_the_database_as_it_was(facility_a):
    before = (Facility.objects.count(), User.objects.count(), Organisation.objects.count())

    run_bench("--sizes", "5,8", "--repeat", "1", "--seed-facilities", "3")

    assert (Facility.objects.count(), User.objects.count(), Organisation.objects.count()) == before


def test_bench_refuses_a_repeat_below_one():
    with pytest.raises(CommandError):
        run_bench("--sizes", "5", "--repeat", "0")
