"""The columns of the prioritisation ranking and of the budget plan, and their CSV/XLSX downloads.

One list of columns per table is read both by the page (its headers, its cell classes) and by the
files (their header row and HXL row), so that a download always has the columns the page shows.
The files are written by `common.exports.spreadsheet_response`, which neutralises every cell a
spreadsheet program would run as a formula.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exports import spreadsheet_response

from .models import Assessment, Need, PrioritySettings
from .prioritisation import explain

FORMATS = ("csv", "xlsx")
_WIDE_ONLY = "d-none d-xxl-table-cell"


@dataclass(frozen=True)
class Column:
    """A column of a table: its header, its HXL hashtag, and the classes of its cells on the page
    (alignment; hidden on narrow screens where the row shows the value another way)."""

    header: Promise
    hxl: str
    css: str = ""


# Rank, facility, priority and why come first: on a narrow screen they are what shows before
# the table scrolls sideways. Place and date have their own columns on very wide screens only;
# below that the facility cell shows them under the name.
RANKING_COLUMNS = (
    Column(gettext_lazy("Rank"), "#meta+rank", "text-end"),
    Column(gettext_lazy("Facility"), "#loc+name"),
    Column(gettext_lazy("Priority"), "#indicator+num+priority", "text-end"),
    Column(gettext_lazy("Why this rank"), "#description+priority", "why-rank"),
    Column(gettext_lazy("Overall score"), "#indicator+num+overall", "text-end"),
    Column(
        gettext_lazy("Accessibility"),
        "#indicator+num+accessibility",
        "text-end d-none d-md-table-cell",
    ),
    Column(gettext_lazy("Safety"), "#indicator+num+safety", "text-end d-none d-md-table-cell"),
    Column(gettext_lazy("Services"), "#indicator+num+services", "text-end d-none d-md-table-cell"),
    Column(
        gettext_lazy("Protection"),
        "#indicator+num+protection",
        "text-end d-none d-md-table-cell",
    ),
    Column(gettext_lazy("Severity"), "#severity", "text-end"),
    Column(
        gettext_lazy("Critical gaps"),
        "#indicator+num+critical_gaps",
        "text-end d-none d-sm-table-cell",
    ),
    Column(gettext_lazy("People served"), "#reached+ind", "text-end d-none d-lg-table-cell"),
    Column(gettext_lazy("Needs cost (MAD)"), "#value+cost+mad", "text-end d-none d-lg-table-cell"),
    Column(gettext_lazy("Region"), "#adm1+name", _WIDE_ONLY),
    Column(gettext_lazy("Kind"), "#loc+type", _WIDE_ONLY),
    Column(gettext_lazy("Managing organisation"), "#org+impl", _WIDE_ONLY),
    Column(gettext_lazy("Assessed on"), "#date+assessed", _WIDE_ONLY),
)

PLAN_COLUMNS = (
    Column(gettext_lazy("Order"), "#meta+rank", "text-end"),
    Column(gettext_lazy("Funded"), "#status+funded", "d-none d-md-table-cell"),
    Column(gettext_lazy("Facility"), "#loc+name"),
    Column(gettext_lazy("Region"), "#adm1+name", "d-none d-md-table-cell"),
    Column(gettext_lazy("Dimension"), "#indicator+type", "d-none d-lg-table-cell"),
    Column(gettext_lazy("Criterion"), "#indicator+code", "d-none d-lg-table-cell"),
    Column(gettext_lazy("Kind of need"), "#need+type", "d-none d-lg-table-cell"),
    Column(gettext_lazy("Need"), "#need+name"),
    Column(gettext_lazy("Urgency"), "#need+urgency", "d-none d-sm-table-cell"),
    Column(gettext_lazy("Cost (MAD)"), "#value+cost+mad", "text-end"),
    Column(gettext_lazy("Running total (MAD)"), "#value+cost+cumulative", "text-end"),
)


def headers(columns: Iterable[Column]) -> list[str]:
    """The header row of a file, in the active language."""
    return [str(column.header) for column in columns]


def hxl_tags(columns: Iterable[Column]) -> list[str]:
    """The HXL hashtag row of a file."""
    return [column.hxl for column in columns]


def _rounded(value: float | None) -> int | None:
    return None if value is None else round(value)


def ranking_cells(rank: int, row: Assessment, settings: PrioritySettings) -> list:
    """The cells of one row of `prioritisation.ranked_assessments`, in `RANKING_COLUMNS` order."""
    facility = row.facility
    organisation = facility.managing_organisation
    return [
        rank,
        facility.name,
        round(row.priority, 1),
        explain(row, settings),
        _rounded(row.overall_score),
        _rounded(row.score_accessibility),
        _rounded(row.score_safety),
        _rounded(row.score_services),
        _rounded(row.score_protection),
        row.severity,
        row.critical_gaps,
        row.people,
        row.needs_cost,
        facility.region.name,
        facility.get_kind_display(),
        str(organisation) if organisation else "",
        row.assessed_on,
    ]


def ranking_download(
    ranked: QuerySet, settings: PrioritySettings, file_format: str
) -> HttpResponse:
    """The whole (filtered) ranking as a dated CSV or XLSX file: every page, ranked as shown."""
    rows = (
        ranking_cells(rank, row, settings)
        for rank, row in enumerate(ranked.iterator(chunk_size=2000), start=1)
    )
    return spreadsheet_response(
        "prioritisation", file_format, headers(RANKING_COLUMNS), hxl_tags(RANKING_COLUMNS), rows
    )


def plan_cells(order: int | None, funded: bool, need: Need, running_total) -> list:
    """The cells of one need of a budget plan in `PLAN_COLUMNS` order (`order` None: unfunded)."""
    return [
        order,
        _("yes") if funded else _("no"),
        need.facility.name,
        need.facility.region.name,
        need.get_dimension_display(),
        need.criterion.code if need.criterion_id else "",
        need.get_kind_display(),
        need.description,
        need.get_urgency_display(),
        need.total_cost,
        running_total,
    ]


def plan_rows(funded: Iterable[dict], unfunded: Iterable[dict]) -> Iterator[list]:
    """The funded needs in funding order with their running total, then the unfunded ones."""
    for order, item in enumerate(funded, start=1):
        yield plan_cells(order, True, item["need"], item["running_total"])
    for item in unfunded:
        yield plan_cells(None, False, item["need"], None)


def plan_download(
    funded: Iterable[dict], unfunded: Iterable[dict], file_format: str
) -> HttpResponse:
    """A budget plan as a dated CSV or XLSX file, in funding order."""
    return spreadsheet_response(
        "budget-plan",
        file_format,
        headers(PLAN_COLUMNS),
        hxl_tags(PLAN_COLUMNS),
        plan_rows(funded, unfunded),
    )
