"""`manage.py bench_referrals`: a smoke test of the benchmark; figures only, no timing."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Organisation, User
from notifications.models import Notification
from referrals.models import ActorProfile, Case, Referral

pytestmark = pytest.mark.django_db

PAGES = [
    "caseload to_answer",
    "caseload in_progress",
    "caseload sent",
    "caseload closed",
    "caseload overdue",
    "dashboard",
    "dashboard per actor",
    "case page",
    "case page referrals",
    "referral page",
    "referral timeline",
    "case list",
    "case list search",
    "case list follow-ups",
    "actor list",
    "coverage",
    "roadmap",
    "pathways",
    "proposals",
    "notifications",
    "search",
    "case export",
]
# The partner is refused the dashboard (403), and the table says so.
REFUSED = {("partner", "dashboard"), ("partner", "dashboard per actor")}
SIZE = r"\d+(\.\d)? (B|KB|MB)"
NUMBER = r"\d+\.\d"
LAST_LINE = re.compile(
    rf"^referrals: 30 referrals, caseload {NUMBER} ms, case list {NUMBER} ms, notifications "
    rf"{NUMBER} ms, search {NUMBER} ms, dashboard {NUMBER} ms, worst ratio {NUMBER} \(pages; "
    r"the export streams its rows after the view returns, so its SQL is not in the replay\)$"
)


def run_bench(*args: str) -> str:
    """Run bench_referrals and return what it printed on stdout."""
    output = io.StringIO()
    call_command("bench_referrals", *args, stdout=output, stderr=io.StringIO())
    return output.getvalue()


def test_bench_prints_a_row_for_every_page_of_both_people():
    output = run_bench("--referrals", "30", "--repeat", "1", "--notifications", "20")

    for person in ("IOM staff", "partner"):
        for page in PAGES:
            status = 403 if (person, page) in REFUSED else 200
            row = re.search(
                rf"^{person}\s+{page}\s+{status}\s+(\d+)\s+{SIZE}(\s+{NUMBER}){{4}}$",
                output,
                re.MULTILINE,
            )
            assert row, f"no row for {person!r}, {page!r} in:\n{output}"
            assert int(row.group(1)) > 0
    assert LAST_LINE.match(output.strip().splitlines()[-1]), output


def test_bench_leaves_the_database_as_it_was(iom_user, partner_user):
    tables = (Organisation, User, ActorProfile, Case, Referral, Notification)
    before = [model.objects.count() for model in tables]

    run_bench("--referrals", "30", "--repeat", "1", "--notifications", "20")

    assert [model.objects.count() for model in tables] == before


@pytest.mark.parametrize("argument", ["--referrals", "--repeat"])
def test_bench_refuses_a_number_below_one(argument):
    with pytest.raises(CommandError):
        run_bench(argument, "0")
