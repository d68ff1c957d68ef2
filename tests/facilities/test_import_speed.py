"""The facility import in batches: a number of queries that does not grow with the rows, one
history record per row, the version of updated rows moved, and every check kept (a bad row is
named with its row number and column, and nothing of the file is written)."""

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from common.bulk_imports import PREVIEW_ROWS
from demo.synthetic_facilities import create_synthetic_facilities
from facilities.models import Facility
from facilities.resources import FacilityResource

from .test_import_export import HEADER, admin_client, csv_dataset, superuser, upload_to_admin

__all__ = ["admin_client", "superuser"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def new_rows(count: int, bad_row: int | None = None) -> tablib.Dataset:
    """`count` new facilities in the Oriental; row `bad_row` (1-based) has an unknown region."""
    lines = [
        f",Centre {number},shelter,AAO,{'99' if number == bad_row else '02'},411,Oujda,"
        f"34.68,-1.90,40,20,health;shelter,women,ar;fr,active,1\n"
        for number in range(1, count + 1)
    ]
    return csv_dataset(HEADER + "".join(lines))


def import_queries(dataset, dry_run=False) -> tuple[int, int, object]:
    """The import's queries other than INSERTs, its INSERTs, and its result.

    Only the INSERT statements may grow with the rows: the database splits a bulk insert by its
    limit of parameters per statement (999 on SQLite, for 40 columns 24 rows at a time).
    """
    with CaptureQueriesContext(connection) as captured:
        result = FacilityResource().import_data(dataset, dry_run=dry_run)
    assert not result.has_errors(), result.base_errors
    inserts = [q for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    return len(captured.captured_queries) - len(inserts), len(inserts), result


def exported_dataset(count: int) -> tablib.Dataset:
    """`count` existing facilities, exported as the back office would: a file of updates."""
    codes = create_synthetic_facilities(count)
    return FacilityResource().export(Facility.objects.filter(code__in=codes).with_related())


@pytest.mark.parametrize("dry_run", [True, False])
def test_importing_new_facilities_costs_the_same_queries_for_20_or_200_rows(ngo_a, dry_run):
    small, _, _ = import_queries(new_rows(20), dry_run)
    large, inserts, result = import_queries(new_rows(200), dry_run)

    assert result.totals["new"] == 200
    assert large == small
    assert large < 30
    assert inserts <= 200 / 5


def test_reimporting_an_unchanged_file_costs_the_same_queries_for_20_or_200_rows(ngo_a):
    small, _, _ = import_queries(exported_dataset(20))
    large, inserts, result = import_queries(exported_dataset(200))

    assert result.totals["update"] == 200
    assert large == small
    assert large < 30
    assert inserts == 0


def test_each_imported_facility_has_one_history_record_with_its_services(ngo_a):
    FacilityResource().import_data(new_rows(3), dry_run=False)

    for facility in Facility.objects.all():
        records = list(facility.history.all())
        assert len(records) == 1
        assert records[0].history_type == "+"
        assert {s.servicecategory.code for s in records[0].services.all()} == {"health", "shelter"}
        assert set(facility.services.values_list("code", flat=True)) == {"health", "shelter"}
        assert list(facility.target_groups.values_list("code", flat=True)) == ["women"]


def test_new_facilities_get_the_next_codes_of_their_region_after_the_file_s_own(ngo_a):
    text = HEADER + (
        ",Centre A,shelter,AAO,02,411,,,,,,,,,active,0\n"
        "F02-00007,Centre B,shelter,AAO,02,411,,,,,,,,,active,0\n"
        ",Centre C,shelter,AAO,02,411,,,,,,,,,active,0\n"
    )

    FacilityResource().import_data(csv_dataset(text), dry_run=False)

    codes = dict(Facility.objects.values_list("name", "code"))
    assert codes == {"Centre A": "F02-00008", "Centre B": "F02-00007", "Centre C": "F02-00009"}
    assert Facility.objects.get(code="F02-00008").slug == "centre-a-f02-00008"


def test_an_updated_facility_moves_its_version_once_and_records_one_change(facility_a):
    dataset = FacilityResource().export(Facility.objects.with_related())
    dataset[1] = [
        "99" if header == "capacity" else cell
        for header, cell in zip(dataset.headers, dataset[1], strict=True)
    ]
    before = Facility.objects.get(pk=facility_a.pk)
    records_before = before.history.count()

    FacilityResource().import_data(dataset, dry_run=False)

    after = Facility.objects.get(pk=facility_a.pk)
    assert after.capacity == 99
    assert after.version == before.version + 1
    assert after.updated_at > before.updated_at
    latest = after.history.order_by("-history_date").first()
    assert (latest.history_type, latest.version, latest.capacity) == ("~", after.version, 99)
    assert after.history.count() == records_before + 1


def test_one_invalid_row_among_200_is_named_and_nothing_is_written(ngo_a):
    result = FacilityResource().import_data(new_rows(200, bad_row=150), dry_run=False)

    # The 150th facility is in the spreadsheet's row 151, under the headers.
    assert [row.number for row in result.invalid_rows] == [151]
    assert result.invalid_rows[0].error_dict["region"] == ["Unknown region code “99”."]
    assert not Facility.objects.exists()
    assert not Facility.history.exists()


def test_two_rows_with_the_same_code_are_refused_naming_the_first(facility_a):
    text = HEADER + (
        f"{facility_a.code},Nom un,shelter,AAO,02,113,,,,,,,,,active,0\n"
        f"{facility_a.code},Nom deux,shelter,AAO,02,113,,,,,,,,,active,0\n"
    )

    result = FacilityResource().import_data(csv_dataset(text), dry_run=False)

    # Numbered as the spreadsheet shows them: the headers are row 1.
    assert [row.number for row in result.invalid_rows] == [3]
    assert "Row 2 of this file" in result.invalid_rows[0].error_dict["code"][0]
    assert Facility.objects.get(pk=facility_a.pk).name == "Centre Al Amal"


def test_the_back_office_preview_lists_the_first_rows_and_counts_the_others(admin_client, ngo_a):
    count = PREVIEW_ROWS + 20
    text = new_rows(count).export("csv")

    response = upload_to_admin(admin_client, text)

    page = response.content.decode()
    assert response.context["result"].totals["new"] == count
    assert page.count('<tr class="new">') == PREVIEW_ROWS
    assert f"Centre {PREVIEW_ROWS}<" in page or f"Centre {PREVIEW_ROWS}</" in page
    assert f"Centre {count}" not in page
    assert "Confirm import" in page
    assert not Facility.objects.exists()


def test_the_back_office_export_is_streamed(admin_client, facility_a):
    fields = {f"facilityresource_{name}": "on" for name in FacilityResource().get_export_order()}

    response = admin_client.post(
        reverse("admin:facilities_facility_export"), {"resource": "0", "format": "0", **fields}
    )

    assert response.streaming
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[1].startswith("#loc+code,#loc+name")
    assert "Centre Al Amal" in lines[2]


def changed_rows(dataset: tablib.Dataset, every: int = 1) -> tablib.Dataset:
    """`dataset` with one row in `every` changed: its capacity plus one, its services swapped."""
    capacity = dataset.headers.index("capacity")
    services = dataset.headers.index("services")
    for index in range(1, len(dataset), every):  # row 0 is the HXL row
        values = list(dataset[index])
        values[capacity] = int(values[capacity] or 0) + 1
        values[services] = "legal_aid" if values[services] != "legal_aid" else "health"
        dataset[index] = values
    return dataset


def test_updating_changed_facilities_costs_the_same_queries_for_20_or_200_rows(ngo_a):
    small, _, _ = import_queries(changed_rows(exported_dataset(20)))
    large, inserts, result = import_queries(changed_rows(exported_dataset(200)))

    assert result.totals["update"] == 200
    assert large == small
    assert large < 30
    assert inserts <= 200 / 5


def test_an_unchanged_file_writes_no_history_and_moves_no_version(ngo_a):
    dataset = exported_dataset(5)
    versions = dict(Facility.objects.values_list("pk", "version"))

    result = FacilityResource().import_data(dataset, dry_run=False)

    assert result.totals["update"] == 5
    assert dict(Facility.objects.values_list("pk", "version")) == versions
    assert not Facility.history.exists()


def test_an_update_records_one_change_per_changed_row_and_none_for_the_others(ngo_a):
    dataset = changed_rows(exported_dataset(6), every=2)  # rows 1, 3 and 5 change
    codes = [row[dataset.headers.index("code")] for row in list(dataset)[1:]]
    before = {f.code: f for f in Facility.objects.all()}

    result = FacilityResource().import_data(dataset, dry_run=False)

    assert result.totals["update"] == 6
    for number, code in enumerate(codes, 1):
        facility = Facility.objects.get(code=code)
        records = list(facility.history.all())
        if number % 2:
            assert facility.version == before[code].version + 1
            assert facility.capacity == (before[code].capacity or 0) + 1
            assert [(r.history_type, r.version) for r in records] == [("~", facility.version)]
            assert {s.code for s in facility.services.all()} == {
                s.servicecategory.code for s in records[0].services.all()
            }
        else:
            assert facility.version == before[code].version
            assert records == []


def test_the_history_of_an_updated_facility_names_what_the_file_changed(facility_a):
    dataset = FacilityResource().export(Facility.objects.with_related())
    capacity = dataset.headers.index("capacity")
    services = dataset.headers.index("services")
    values = list(dataset[1])
    values[capacity], values[services] = 77, "legal_aid"
    dataset[1] = values

    FacilityResource().import_data(dataset, dry_run=False)

    latest, previous = facility_a.history.order_by("-history_date")[:2]
    changed = {change.field for change in latest.diff_against(previous).changes}
    assert changed == {"capacity", "services"}
    assert latest.version == previous.version + 1
    assert [s.servicecategory.code for s in latest.services.all()] == ["legal_aid"]


def test_the_preview_of_an_update_shows_the_file_s_services(facility_a):
    dataset = FacilityResource().export(Facility.objects.with_related())
    services = dataset.headers.index("services")
    values = list(dataset[1])
    values[services] = "legal_aid"
    dataset[1] = values

    result = FacilityResource().import_data(dataset, dry_run=True)

    row = result.rows[0]
    at = result.diff_headers.index("services")
    assert row.import_type == "update"
    assert "legal_aid" in row.diff[at]
    assert list(facility_a.services.values_list("code", flat=True)) != ["legal_aid"]
