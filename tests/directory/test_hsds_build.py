"""The full HSDS document built in the background into a gzip file, and served from it."""

import datetime
import gzip
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django_tasks import task_backends

from common.locks import cache_lock
from directory import hsds, hsds_build, hsds_stream
from directory.api import json_text
from directory.models import HsdsBuild
from directory.tasks import rebuild_hsds
from facilities.models import Region, ServiceCategory, TargetGroup
from tests.conftest import IMMEDIATE_TASKS
from tests.factories import FacilityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("directory_api:hsds")
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def dummy_tasks(settings):
    """Tasks are only recorded, in `task_backends["default"].results`."""
    settings.TASKS = DUMMY_TASKS
    backend = task_backends["default"]
    yield backend
    backend.clear()


@pytest.fixture
def directory(women_shelter, men_day_centre, hidden_facilities):
    return women_shelter, men_day_centre


def stored_text(build: HsdsBuild) -> str:
    with default_storage.open(build.file, "rb") as stored:
        return gzip.decompress(stored.read()).decode()


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


# --- The file --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_built_file_is_exactly_the_document_the_builder_gives(directory, language):
    hsds_build.rebuild(site_url="https://manara.example/")

    build = hsds_build.current(language)
    text = stored_text(build)

    expected = hsds.hsds_document(language, site_url="https://manara.example/")
    assert json.loads(text) == expected
    assert text == json_text(expected)
    assert build.locations == 2
    assert build.size == default_storage.size(build.file)


def test_a_script_in_a_name_is_escaped_in_the_file_as_in_the_view(women_shelter):
    women_shelter.name = '<script>alert("x")</script> & co'
    women_shelter.save()

    hsds_build.rebuild()
    text = stored_text(hsds_build.current("fr"))

    assert "<script>" not in text and "&" not in text
    assert json.loads(text)["locations"][0]["name"] == women_shelter.name


def test_an_empty_directory_builds_an_empty_document(hidden_facilities):
    hsds_build.rebuild()

    document = json.loads(stored_text(hsds_build.current("fr")))

    assert document == hsds.hsds_document("fr")
    assert document["locations"] == []


def test_a_rebuild_with_nothing_new_does_nothing(directory):
    assert hsds_build.rebuild() == "built"

    assert hsds_build.rebuild() == "unchanged"

    assert HsdsBuild.objects.count() == 3


def test_old_files_are_removed_keeping_the_two_newest_of_each_language(directory):
    first = None
    for _ in range(3):
        hsds_build.rebuild(force=True)
        first = first or HsdsBuild.objects.filter(language="fr").order_by("built_at").first()

    assert HsdsBuild.objects.filter(language="fr").count() == 2
    assert not default_storage.exists(first.file)
    assert all(default_storage.exists(build.file) for build in HsdsBuild.objects.all())


def test_two_builds_at_once_make_one(directory, monkeypatch):
    """A second build starting while one runs (another worker, a second task) builds nothing."""
    outcomes = []
    write = hsds_build.write_hsds_document

    def write_while_another_starts(output, language, site_url):
        if not outcomes:
            outcomes.append(hsds_build.rebuild())
        return write(output, language, site_url)

    monkeypatch.setattr(hsds_build, "write_hsds_document", write_while_another_starts)

    first = hsds_build.rebuild()

    assert (first, outcomes) == ("built", ["busy"])
    assert HsdsBuild.objects.count() == 3


# --- The streamed text is the builders' document ---------------------------------------------

TRICKY = '<b>"Dar" & co</b>\\ \n\tمركز — 中心 \u2028'


@pytest.fixture
def varied_directory(directory, hidden_facilities):
    """Facilities with every optional field present or absent, translated or not, and texts that
    JSON must escape (quotes, backslash, control characters, <, > and &)."""
    region = Region.objects.get(code="01")
    FacilityFactory(
        name=TRICKY,
        name_en="Dar & co",
        managing_organisation=OrganisationFactory(name=TRICKY, acronym="<D&C>"),
        region=region,
        province=region.provinces.get(code="511"),
        commune="",
        address="",
        postal_code="90000",
        latitude=None,
        longitude=None,
        phone="",
        whatsapp="+212 <600>",
        email="not an email",
        languages=["tzm", "xx", "en"],
        description_en=TRICKY,
        access_conditions_fr=TRICKY,
        opening_hours_ar="٩ - ١٧",
        last_verified_on=datetime.date(2026, 1, 31),
    )
    FacilityFactory(name="Sans rien", languages=[], phone="", email="")
    for facility in FacilityFactory.create_batch(3, name="Même nom", phone="05 36"):
        facility.services.set(ServiceCategory.objects.order_by("-code")[:3])
        facility.target_groups.set(TargetGroup.objects.order_by("-code")[:2])


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize("site_url", ["", "https://manara.example/"])
def test_the_streamed_text_is_the_builders_document_byte_for_byte(
    varied_directory, language, site_url
):
    text = io.StringIO()

    locations = hsds_stream.write_hsds_document(text, language, site_url)

    assert text.getvalue() == json_text(hsds.hsds_document(language, site_url=site_url))
    assert locations == 7


def test_facilities_read_in_several_chunks_keep_their_order_and_services(
    varied_directory, monkeypatch
):
    monkeypatch.setattr(hsds_stream, "CHUNK_SIZE", 2)
    text = io.StringIO()

    hsds_stream.write_hsds_document(text, "ar")

    assert text.getvalue() == json_text(hsds.hsds_document("ar"))


def test_the_gzip_writer_compresses_exactly_what_was_written(tmp_path):
    lines = [f"ligne {number} — سطر\n" * 50 for number in range(500)]

    with open(tmp_path / "lines.gz", "wb") as file, hsds_build.GzipWriter(file) as zipped:
        for line in lines:
            zipped.write(line)

    assert gzip.decompress((tmp_path / "lines.gz").read_bytes()).decode() == "".join(lines)


class FullDisk(io.BytesIO):
    """A file that takes the gzip header, then refuses everything."""

    def write(self, data):
        if self.tell() > 100:
            raise OSError("disk full")
        return super().write(data)


def test_a_failure_while_compressing_is_raised_by_the_writer():
    writer = hsds_build.GzipWriter(FullDisk())
    for number in range(100):
        writer.write(f"{number} " * 100_000)

    with pytest.raises(OSError, match="disk full"):
        writer.close()


# --- When it is rebuilt ----------------------------------------------------------------------


def test_an_edit_of_a_published_facility_is_in_the_next_download(
    client, directory, immediate_tasks
):
    shelter, _day_centre = directory
    first = client.get(URL)
    assert shelter.name in streamed(first).decode()
    shelter.name = "Maison Amal renommée"
    shelter.save()

    again = client.get(URL)

    assert "Maison Amal renommée" in streamed(again).decode()
    assert again["ETag"] != first["ETag"]


def test_saving_a_facility_queues_a_rebuild_after_commit(
    directory, after_commit, django_capture_on_commit_callbacks
):
    shelter, _day_centre = directory
    hsds_build.rebuild()

    with after_commit():
        shelter.name = "Maison Amal renommée"
        shelter.save()

    assert "Maison Amal renommée" in stored_text(hsds_build.current("fr"))


def test_renaming_an_organisation_rebuilds_though_no_facility_changed(
    directory, ngo_a, after_commit
):
    hsds_build.rebuild()

    with after_commit():
        ngo_a.name = "Association Accueil Oriental renommée"
        ngo_a.save()

    assert "Accueil Oriental renommée" in stored_text(hsds_build.current("ar"))


def test_nothing_is_queued_before_the_first_build(
    directory, dummy_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        directory[0].save()

    assert dummy_tasks.results == []


def test_changes_within_the_delay_share_one_deferred_rebuild(
    directory, dummy_tasks, django_capture_on_commit_callbacks, settings
):
    settings.HSDS_REBUILD_SECONDS = 60
    hsds_build.rebuild()

    with django_capture_on_commit_callbacks(execute=True):
        for name in ["Un", "Deux", "Trois"]:
            directory[0].name = name
            directory[0].save()

    assert len(dummy_tasks.results) == 1
    queued = dummy_tasks.results[0]
    assert queued.task.func is rebuild_hsds.func
    assert queued.task.run_after is not None


def test_the_rebuild_task_closes_the_window_and_builds(directory, immediate_tasks):
    rebuild_hsds.enqueue(site_url="https://manara.example/")

    assert HsdsBuild.objects.filter(site_url="https://manara.example/").count() == 3


# --- The view --------------------------------------------------------------------------------


def test_before_the_first_build_the_view_answers_503_and_queues_one(client, directory, dummy_tasks):
    response = client.get(URL)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["error"]
    assert [result.task.func for result in dummy_tasks.results] == [rebuild_hsds.func]
    assert dummy_tasks.results[0].kwargs["site_url"] == "http://testserver/"


def test_a_stale_file_is_served_while_its_rebuild_is_queued(client, directory, dummy_tasks):
    hsds_build.rebuild()
    directory[0].name = "Maison Amal renommée"
    directory[0].save()

    response = client.get(URL)

    assert response.status_code == 200
    assert "Maison Amal renommée" not in streamed(response).decode()
    assert len(dummy_tasks.results) == 1


def test_the_file_is_served_with_its_build_time(client, directory):
    hsds_build.rebuild()
    build = hsds_build.current("en")

    response = client.get(URL, {"lang": "en"}, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert response["X-Built-At"] == build.built_at.isoformat(timespec="seconds")
    assert response.has_header("Last-Modified")
    assert gzip.decompress(streamed(response)).decode() == stored_text(build)


def test_a_client_with_the_newest_file_is_answered_304(client, directory):
    hsds_build.rebuild()
    first = client.get(URL)

    again = client.get(URL, headers={"if-modified-since": first["Last-Modified"]})

    assert again.status_code == 304


def test_a_rebuild_that_finds_another_running_comes_back_later(directory, dummy_tasks):
    with cache_lock(hsds_build.LOCK):
        outcome = rebuild_hsds.func(force=True)

    assert outcome == "busy"
    assert len(dummy_tasks.results) == 1
    assert dummy_tasks.results[0].kwargs == {"force": True, "site_url": ""}
    assert dummy_tasks.results[0].task.run_after is not None
