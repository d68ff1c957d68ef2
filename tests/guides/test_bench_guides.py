"""The guides benchmark runs, prints its figures and leaves the database and media unchanged."""

import io
import re

from django.core.management import call_command

from assessments.models import Assessment
from facilities.models import Facility

LAST_LINE = re.compile(r"^guides: (\d+) pages, \d+\.\d pages/s, uncached \d+ ms, cached \d+ ms$")


def test_the_benchmark_prints_pages_per_second_and_both_download_times(db, media_root):
    output = io.StringIO()

    call_command("bench_guides", "--repeat", "1", stdout=output, stderr=io.StringIO())

    last = output.getvalue().strip().splitlines()[-1]
    match = LAST_LINE.match(last)
    assert match, last
    assert int(match.group(1)) >= 10
    assert Facility.objects.count() == 0 and Assessment.objects.count() == 0
    assert not (media_root / "guides").exists()
