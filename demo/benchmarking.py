"""How every `bench_*` command measures a page: the one home of "page against its own SQL".

`measure_page` requests an address through a signed-in test client once, then `repeat` more
times, and records the number of queries, the HTML (or body) size, the first and the median
server time; then it replays the SELECT statements of the last request bare on a cursor,
fetching every row, and keeps their median. The ratio of the two is what Django, the templates
and Python add to the database's own work. `write_table` prints the rows the same way in every
command.
"""

import statistics
import time
import uuid
from dataclasses import dataclass

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Measurement:
    """What one page cost one person."""

    person: str
    page: str
    address: str
    status: int
    queries: int
    size: int
    first_ms: float
    median_ms: float
    sql_ms: float

    @property
    def ratio(self) -> float:
        return self.median_ms / self.sql_ms if self.sql_ms else 0.0


def bench_user(role: str, organisation=None):
    """A throwaway account for a benchmark's requests: no password, rolled back with the rest."""
    from accounts.models import User

    user = User(username=f"bench-{uuid.uuid4().hex[:12]}", role=role, organisation=organisation)
    user.set_unusable_password()
    user.save()
    return user


def response_size(response) -> int:
    """Bytes of the body as sent (a streamed body is read to the end)."""
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def measure_page(
    client: Client, person: str, page: str, address: str, repeat: int, **extra
) -> Measurement:
    """One first request, `repeat` more (median), then the SQL of the last one run bare."""
    timings = []
    size = 0
    for _ in range(repeat + 1):
        # The query log keeps 9,000 entries: emptied first, it captures every request whole.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(address, secure=True, **extra)
            size = response_size(response)
            timings.append(1000 * (time.perf_counter() - started))
    return Measurement(
        person=person,
        page=page,
        address=address,
        status=response.status_code,
        queries=len(captured.captured_queries),
        size=size,
        first_ms=timings[0],
        median_ms=statistics.median(timings[1:]) if repeat else timings[0],
        sql_ms=time_sql(captured.captured_queries, repeat),
    )


def time_sql(queries: list[dict], repeat: int) -> float:
    """Run a request's SELECT statements as they were sent, fetching every row; median in ms."""
    statements = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    timings = []
    with connection.cursor() as cursor:
        for _ in range(max(repeat, 1) + 1):
            started = time.perf_counter()
            for sql in statements:
                # The logged SQL has its parameters inlined, as the database received them.
                cursor.execute(sql)
                cursor.fetchall()
            timings.append(1000 * (time.perf_counter() - started))
    return statistics.median(timings[1:])


def analyze(*models) -> None:
    """Let PostgreSQL's planner see rows just added, as autovacuum would after a real import.

    ANALYZE is transactional there, so the statistics are rolled back with the rows.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def size_text(size: int) -> str:
    """1.2 MB, 84.0 KB, 512 B."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} B"


def write_table(stdout, style, measurements: list[Measurement]) -> None:
    """One row per person and page; a page that did not answer 200 is printed in red."""
    page_width = max([22, *(len(m.page) for m in measurements)])
    header = (
        f"{'person':<10}  {'page':<{page_width}}  {'status':>6}  {'queries':>7}  {'size':>9}  "
        f"{'first ms':>8}  {'median ms':>9}  {'SQL ms':>7}  {'ratio':>5}"
    )
    stdout.write(header)
    stdout.write("-" * len(header))
    for m in measurements:
        line = (
            f"{m.person:<10}  {m.page:<{page_width}}  {m.status:>6}  {m.queries:>7}  "
            f"{size_text(m.size):>9}  {m.first_ms:>8.1f}  {m.median_ms:>9.1f}  {m.sql_ms:>7.1f}  "
            f"{m.ratio:>5.1f}"
        )
        stdout.write(line if m.status == 200 else style.ERROR(line))
