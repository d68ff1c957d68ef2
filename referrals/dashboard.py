"""The referral dashboard's figures, computed by the database so the page costs the same at a
hundred or a hundred thousand referrals.

Counts are GROUP BY queries whose rows are bounded by reference data (statuses, regions,
service categories). The median days a receiving organisation takes to accept and to complete a
referral use PostgreSQL's `percentile_cont(0.5) WITHIN GROUP (ORDER BY …)`; SQLite has no
ordered-set aggregate, so there the middle rows of each organisation are picked with the window
functions ROW_NUMBER and COUNT and averaged, still in SQL: at most two rows per organisation reach
Python. Medians are asked only for the organisations of the table's page.
"""

from dataclasses import dataclass

from django.db import NotSupportedError, connections
from django.db.models import (
    Aggregate,
    Case,
    Count,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)

from accounts.models import Organisation

from .models import ActorService, FollowUp, Referral
from .models import Case as CaseModel


class DaysBetween(Func):
    """Days, with their fraction, from `start` to `end`; NULL when either is NULL."""

    output_field = FloatField()
    arity = 2

    def __init__(self, start, end, **extra):
        # The expressions are held end first: the templates subtract the second from the first.
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "sqlite":
            raise NotSupportedError("DaysBetween is written for PostgreSQL and SQLite.")
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)::double precision",
            arg_joiner=" - ",
            **extra_context,
        )


class Median(Aggregate):
    """The median of an expression on PostgreSQL (`percentile_cont`, NULLs left out).

    SQLite has no ordered-set aggregate: `median_by` picks the middle rows there instead.
    """

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median_by(queryset: QuerySet, group: str, value, groups) -> dict:
    """The median of `value` over `queryset` for each of `groups` (values of the field `group`).

    A group without any non-NULL value is left out of the answer.
    """
    groups = list(groups)
    if not groups:
        return {}
    queryset = queryset.filter(**{f"{group}__in": groups}).order_by()
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        rows = queryset.values(group).annotate(median=Median(value)).values_list(group, "median")
        return {key: median for key, median in rows if median is not None}
    # The middle row, or the two middle rows of an even count, of each group, averaged.
    inner = (
        queryset.annotate(median_value=value)
        .filter(median_value__isnull=False)
        .values(median_group=F(group), median_value=F("median_value"))
    )
    sql, params = inner.query.get_compiler(queryset.db).as_sql()
    # The inner SQL is the ORM's, its values kept apart in `params`; the rest is fixed text.
    ranked = (
        "SELECT median_group, median_value, "
        "ROW_NUMBER() OVER (PARTITION BY median_group ORDER BY median_value) AS position, "
        "COUNT(*) OVER (PARTITION BY median_group) AS size "
        "FROM (" + sql + ") AS durations"
    )
    middle = (
        "SELECT median_group, AVG(median_value) FROM (" + ranked + ") AS ranked "  # noqa: S608
        "WHERE position IN ((size + 1) / 2, (size + 2) / 2) GROUP BY median_group"
    )
    with connection.cursor() as cursor:
        cursor.execute(middle, params)
        return dict(cursor.fetchall())


def _sent() -> QuerySet:
    return Referral.objects.exclude(status=Referral.Status.DRAFT)


ACCEPT = DaysBetween("sent_at", "answered_at")
COMPLETE = DaysBetween("sent_at", "completed_at")
# A refusal is an answer, not a time to accept.
ACCEPTED = ~Q(status=Referral.Status.DECLINED)


def actors_by_referrals() -> QuerySet:
    """The receiving organisations of sent referrals with how many each received, most first:
    one row per organisation (page it, then give the page to `actor_timings`).

    On PostgreSQL the rows carry their medians too, computed in the same scan of the referrals
    (`percentile_cont` with a FILTER clause for the time to accept).
    """
    rows = (
        _sent().filter(sent_at__isnull=False).values("to_organisation").annotate(count=Count("pk"))
    )
    if connections[rows.db].vendor == "postgresql":
        rows = rows.annotate(accept=Median(ACCEPT, filter=ACCEPTED), complete=Median(COMPLETE))
    return rows.order_by("-count", "to_organisation")


def count_receivers() -> int:
    """How many organisations `actors_by_referrals` lists, counted without their medians."""
    return _sent().filter(sent_at__isnull=False).values("to_organisation").distinct().count()


def actor_timings(rows) -> list[dict]:
    """Name and median days to accept and to complete for the organisations of `rows` (a page
    of `actors_by_referrals`), in the same order."""
    rows = list(rows)
    ids = [row["to_organisation"] for row in rows]
    if rows and "accept" in rows[0]:
        accept = {row["to_organisation"]: row["accept"] for row in rows}
        complete = {row["to_organisation"]: row["complete"] for row in rows}
    else:
        sent = _sent().filter(sent_at__isnull=False)
        accept = median_by(sent.filter(ACCEPTED), "to_organisation", ACCEPT, ids)
        complete = median_by(sent, "to_organisation", COMPLETE, ids)
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))

    def days(value):
        return None if value is None else round(value, 1)

    return [
        {
            "actor": names.get(pk, ""),
            "count": row["count"],
            "accept": days(accept.get(pk)),
            "complete": days(complete.get(pk)),
        }
        for pk, row in zip(ids, rows, strict=True)
    ]


def counts_by_status() -> dict[str, int]:
    """Sent referrals by status (drafts left out)."""
    return dict(
        _sent().order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )


def counts_by(field: str, names: dict) -> list[tuple[str, int]]:
    """Sent referrals by `field` (an id), named from `names`, most first."""
    rows = _sent().order_by().values(field).annotate(n=Count("pk")).order_by("-n", field)
    return [(names.get(row[field], "—"), row["n"]) for row in rows]


def demand_and_supply(regions: dict, services: dict) -> list[dict]:
    """For each region and service some open case needs: how many open cases need it and how
    many active services are offered there; least covered first.

    Both are GROUP BY queries, one row per (region, service): bounded by the reference lists.
    """
    demand = (
        CaseModel.needs.through.objects.filter(case__status=CaseModel.Status.OPEN)
        .order_by()
        .values_list("case__region", "servicecategory")
        .annotate(n=Count("pk"))
    )
    supply = {
        (region, service): n
        for region, service, n in ActorService.regions.through.objects.filter(
            actorservice__is_active=True
        )
        .order_by()
        .values_list("region", "actorservice__category")
        .annotate(n=Count("pk"))
    }
    return sorted(
        (
            {
                "region": regions.get(region, "—"),
                "service": services.get(service, "—"),
                "demand": count,
                "supply": supply.get((region, service), 0),
            }
            for region, service, count in demand
        ),
        key=lambda row: (row["supply"] - row["demand"], row["region"], row["service"]),
    )


@dataclass(frozen=True)
class Share:
    cases: int
    above: int

    @property
    def percent(self) -> int:
        return round(100 * self.above / self.cases)


def sustainability_shares(regions: dict, services: dict, threshold: float) -> dict:
    """Share of cases whose latest scored follow-up reaches `threshold`, overall, by region and
    by service received (completed referrals); grouped in SQL."""
    scored = FollowUp.objects.filter(score_composite__isnull=False)

    def latest(case_field: str):
        return Subquery(
            scored.filter(case=OuterRef(case_field))
            .order_by("-date", "-pk")
            .values("score_composite")[:1]
        )

    followed = (
        CaseModel.objects.filter(pk__in=scored.values("case_id"))
        .annotate(latest=latest("pk"))
        .order_by()
    )
    above = Count(Case(When(latest__gte=threshold, then="pk")))
    by_region = (
        followed.values("region").annotate(cases=Count("pk"), above=above).order_by("region")
    )
    by_service = (
        Referral.objects.filter(status=Referral.Status.COMPLETED, case__in=followed.values("pk"))
        .annotate(latest=latest("case_id"))
        .order_by()
        .values("service__category")
        .annotate(
            cases=Count("case", distinct=True),
            above=Count(Case(When(latest__gte=threshold, then="case")), distinct=True),
        )
        .order_by("service__category")
    )
    by_region = list(by_region)
    # Each case has one region: the regions' rows add up to the whole.
    cases = sum(row["cases"] for row in by_region)
    return {
        "threshold": threshold,
        "overall": Share(cases, sum(row["above"] for row in by_region)) if cases else None,
        "by_region": [
            (regions.get(row["region"], "—"), Share(row["cases"], row["above"]))
            for row in by_region
        ],
        "by_service": [
            (services.get(row["service__category"], "—"), Share(row["cases"], row["above"]))
            for row in by_service
        ],
    }


def stamp() -> tuple:
    """What the figures were computed from: changes whenever a referral, case, follow-up, case
    need or offered service does (every change of these versioned records moves its version; rows
    added or removed move the count or the highest id). A few index or table scans, a small
    fraction of the figures' own cost, so a cached dashboard is never stale."""

    def of(model, **extra):
        figures = model.objects.order_by().aggregate(n=Count("*"), last=Max("pk"), **extra)
        return tuple(figures.values())

    return (
        of(Referral, versions=Sum("version")),
        of(CaseModel, versions=Sum("version")),
        of(FollowUp, versions=Sum("version")),
        of(CaseModel.needs.through),
        of(ActorService, versions=Sum("version")),
        of(ActorService.regions.through),
    )
