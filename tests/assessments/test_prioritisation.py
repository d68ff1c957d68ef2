"""The prioritisation list: hand-worked priorities and the why of each rank, which assessments
count, who sees what, filters, exports equal to the page, and a query count that does not grow
with the number of facilities."""

import csv
import html
import io
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from assessments.models import Assessment, PrioritySettings
from assessments.prioritisation import ranked_assessments, terms_of
from facilities.models import Facility, Province, Region, TargetGroup
from tests.factories import (
    AssessmentFactory,
    FacilityFactory,
    answer_all,
    validated_assessment,
)

URL = reverse("assessments:prioritisation")


class TableReader(HTMLParser):
    """The header texts and the cell texts of each row of the table with `data-testid`."""

    def __init__(self, testid: str):
        super().__init__()
        self.testid, self.depth = testid, 0
        self.headers, self.rows = [], []
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-testid") == self.testid:
            self.depth = 1
        elif self.depth and tag == "table":
            self.depth += 1
        elif self.depth and tag == "tr":
            self.row = []
        elif self.depth and tag in ("th", "td"):
            self.cell = []
        elif self.depth and tag == "li" and self.cell is not None and self.cell:
            self.cell.append("; ")

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag in ("th", "td") and self.cell is not None:
            text = " ".join("".join(self.cell).split()).replace(" ; ", "; ")
            self.row.append((tag, text))
            self.cell = None
        elif tag == "tr":
            if self.row and all(kind == "th" for kind, _text in self.row) and not self.headers:
                self.headers = [text for _kind, text in self.row]
            elif self.row:
                self.rows.append([text for _kind, text in self.row])

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def read_table(response, testid: str = "priority-table") -> TableReader:
    reader = TableReader(testid)
    reader.feed(response.content.decode())
    return reader


def facility_links(response) -> list[str]:
    """The facility links of the ranking, in order, as written in the HTML (escaped)."""
    return [
        chunk.split("</a>")[0] for chunk in response.text.split('data-testid="facility-name">')[1:]
    ]


def ranked_names(response) -> list[str]:
    return [html.unescape(link) for link in facility_links(response)]


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def weights(db):
    """Round weights that make hand-worked priorities easy: 40/20/20/10/10, 100 people, 2 gaps."""
    settings = PrioritySettings.load()
    settings.weight_gap, settings.weight_severity, settings.weight_people = 40, 20, 20
    settings.weight_vulnerable, settings.weight_critical = 10, 10
    settings.people_reference, settings.critical_gaps_reference = 100, 2
    settings.save()
    return settings


@pytest.fixture
def four_vulnerable_groups(db):
    """Exactly four target groups count as vulnerable, whatever the reference data holds."""
    TargetGroup.objects.update(is_vulnerable=False)
    groups = list(TargetGroup.objects.order_by("pk")[:4])
    TargetGroup.objects.filter(pk__in=[g.pk for g in groups]).update(is_vulnerable=True)
    return groups


@pytest.fixture
def three_ranked(iom_user, framework, weights, four_vulnerable_groups):
    """Three facilities whose priorities are worked out by hand below."""
    # All 2s but SAF-1 (critical) at 0: safety 33.3, others 66.7, overall 58.3; severity 3 by
    # the score, raised to 4 by the critical zero; 1 critical gap. 80 people, 2 of 4 groups.
    # 41.7% × 40 + 3/4 × 20 + 80/100 × 20 + 2/4 × 10 + 1/2 × 10 = 16.7 + 15 + 16 + 5 + 5 = 57.7
    nour = FacilityFactory(name="Centre Nour", capacity=50, occupancy=80)
    nour.target_groups.set(four_vulnerable_groups[:2])
    # All 1s: overall 33.3, severity 4, SAF-1 at 1 is a critical gap; 40 people, no group.
    # 66.7% × 40 + 3/4 × 20 + 40/100 × 20 + 0 + 1/2 × 10 = 26.7 + 15 + 8 + 0 + 5 = 54.7
    atlas = FacilityFactory(name="Foyer Atlas", capacity=40, occupancy=25)
    # All 3s: overall 100, severity 1, no gap; 200 people (capped at 100), 4 of 4 groups.
    # 0 + 0 + 1 × 20 + 1 × 10 + 0 = 30.0
    ouarzazate = FacilityFactory(name="Maison Ouarzazate", capacity=200, occupancy=10)
    ouarzazate.target_groups.set(four_vulnerable_groups)
    return {
        "nour": validated_assessment(nour, iom_user, 2, SAF_1=0),
        "atlas": validated_assessment(atlas, iom_user, 1),
        "ouarzazate": validated_assessment(ouarzazate, iom_user, 3),
    }


def test_the_stored_figures_are_those_worked_out_by_hand(three_ranked):
    stored = {
        name: (a.overall_score, a.severity, a.critical_gaps) for name, a in three_ranked.items()
    }

    assert stored == {
        "nour": (58.3, 4, 1),
        "atlas": (33.3, 4, 1),
        "ouarzazate": (100.0, 1, 0),
    }


def test_facilities_are_ranked_by_their_hand_worked_priority_with_the_why(
    client, iom_user, three_ranked
):
    client.force_login(iom_user)

    table = read_table(client.get(URL))

    assert [(row[0], row[1].split(" Oriental")[0], row[2]) for row in table.rows] == [
        ("1", "Centre Nour", "57,7"),
        ("2", "Foyer Atlas", "54,7"),
        ("3", "Maison Ouarzazate", "30,0"),
    ]
    assert table.rows[0][1].startswith("Centre Nour Oriental · ")  # region under the name
    assert table.headers[:4] == ["Rang", "Structure", "Priorité", "Pourquoi ce rang"]
    assert table.rows[0][3] == (
        "écart 42/100 × 40 % = 16,7 pts; sévérité 4/5 × 20 % = 15,0 pts; "
        "80 personnes × 20 % = 16,0 pts; 2 groupes vulnérables sur 4 × 10 % = 5,0 pts; "
        "1 lacune critique × 10 % = 5,0 pts"
    )
    assert table.rows[2][3] == (
        "écart 0/100 × 40 % = 0,0 pts; sévérité 1/5 × 20 % = 0,0 pts; "
        "200 personnes × 20 % = 20,0 pts; 4 groupes vulnérables sur 4 × 10 % = 10,0 pts; "
        "0 lacune critique × 10 % = 0,0 pts"
    )


def test_the_points_of_the_terms_add_up_to_the_priority(iom_user, three_ranked, weights):
    for row in ranked_assessments(iom_user, weights):
        assert sum(term.points for term in terms_of(row, weights)) == pytest.approx(row.priority)


def test_the_weights_an_admin_sets_change_the_order(client, iom_user, three_ranked, weights):
    weights.weight_gap = weights.weight_severity = weights.weight_critical = 0
    weights.save()
    client.force_login(iom_user)

    table = read_table(client.get(URL))

    # Only people (20) and vulnerable groups (10) count now: Ouarzazate 100, Nour 70, Atlas 26.7.
    assert [row[2] for row in table.rows] == ["100,0", "70,0", "26,7"]
    assert ranked_names(client.get(URL)) == ["Maison Ouarzazate", "Centre Nour", "Foyer Atlas"]


def test_draft_submitted_and_returned_assessments_do_not_count(
    client, viewer_user, iom_user, framework
):
    validated_assessment(FacilityFactory(name="Validée"), iom_user, 2)
    AssessmentFactory(facility=FacilityFactory(name="Brouillon"))
    submitted = AssessmentFactory(facility=FacilityFactory(name="Soumise"))
    answer_all(submitted, 0)
    submitted.submit(iom_user)
    returned = AssessmentFactory(facility=FacilityFactory(name="Renvoyée"))
    answer_all(returned, 0)
    returned.submit(iom_user)
    returned.return_to_author(iom_user, "Photos manquantes")
    client.force_login(viewer_user)

    response = client.get(URL)

    assert ranked_names(response) == ["Validée"]


def test_only_the_latest_validated_assessment_of_a_facility_counts(
    client, iom_user, facility_a, framework
):
    before = validated_assessment(facility_a, iom_user, 0)
    Assessment.objects.filter(pk=before.pk).update(
        assessed_on=timezone.localdate().replace(year=2024)
    )
    Assessment.refresh_latest_validated(facility_a.pk)
    validated_assessment(facility_a, iom_user, 3)
    client.force_login(iom_user)

    table = read_table(client.get(URL))

    assert len(table.rows) == 1
    assert table.rows[0][4] == "100"  # the overall score of the latest one, not 0
    assert table.rows[0][3].startswith("écart 0/100")


def test_a_partner_sees_published_facilities_and_its_own_but_not_other_unpublished_ones(
    client, partner_user, iom_user, framework, published_facility_b, unpublished_facility_b, ngo_a
):
    own_unpublished = FacilityFactory(
        name="Maison AAO", managing_organisation=ngo_a, is_published=False
    )
    for facility in (published_facility_b, unpublished_facility_b, own_unpublished):
        validated_assessment(facility, iom_user, 2)
    client.force_login(partner_user)

    page = client.get(URL)
    export = read_csv(client.get(URL, {"format": "csv"}))

    assert sorted(ranked_names(page)) == ["Espace Souss", "Maison AAO"]
    assert "Foyer Tiwizi" not in page.text
    assert sorted(row[1] for row in export[2:]) == ["Espace Souss", "Maison AAO"]


@pytest.mark.parametrize("role", ["admin", "iom_staff", "viewer"])
def test_iom_roles_and_viewers_see_the_whole_ranking(
    client, users, role, iom_user, framework, unpublished_facility_b
):
    validated_assessment(unpublished_facility_b, iom_user, 2)
    client.force_login(users[role])

    response = client.get(URL)

    assert response.status_code == 200
    assert ranked_names(response) == ["Foyer Tiwizi"]


def test_a_partner_without_organisation_sees_only_published_facilities_in_the_ranking(
    client, iom_user, framework, facility_a
):
    validated_assessment(facility_a, iom_user, 2)
    partner_without_organisation = User.objects.create_user(
        "sans_org", password="x", role=User.Role.PARTNER
    )
    client.force_login(partner_without_organisation)

    response = client.get(URL)

    assert ranked_names(response) == ["Centre Al Amal"]


@pytest.mark.parametrize("query", [{}, {"format": "csv"}, {"format": "xlsx"}])
def test_anonymous_visitors_are_sent_to_log_in(client, db, query):
    response = client.get(URL, query)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_header_shows_the_current_weights(client, viewer_user, weights):
    client.force_login(viewer_user)

    text = client.get(URL).text.split('data-testid="weights">')[1].split("</p>")[0]

    assert "écart 40" in text
    assert "sévérité 20" in text
    assert "personnes servies 20" in text
    assert "groupes vulnérables 10" in text
    assert "lacunes critiques 10" in text


def test_iom_roles_get_the_link_to_the_weights_page_and_others_do_not(
    client, admin_user, iom_user, partner_user, viewer_user
):
    link = f'href="{reverse("assessments:priority_weights")}"'
    pages = {}
    for user in (admin_user, iom_user, partner_user, viewer_user):
        client.force_login(user)
        pages[user.username] = client.get(URL).text

    assert link in pages["admin_t"]
    assert link in pages["iom_t"]
    assert link not in pages["partner_a"]
    assert link not in pages["viewer_t"]


@pytest.fixture
def filterable(iom_user, framework, ngo_b):
    """Four facilities in two regions, two kinds and two organisations; one unsafe."""
    tanger = Region.objects.get(code="01")
    facilities = {
        "oujda": FacilityFactory(name="Oujda"),
        "tanger": FacilityFactory(
            name="Tanger",
            region=tanger,
            province=Province.objects.filter(region=tanger).order_by("code").first(),
        ),
        "shelter": FacilityFactory(
            name="Abri", kind=Facility.Kind.SHELTER, managing_organisation=ngo_b
        ),
        "unsafe": FacilityFactory(name="Peu sûr"),
    }
    for name, facility in facilities.items():
        if name == "unsafe":
            validated_assessment(facility, iom_user, 3, SAF_1=0, SAF_2=1)  # safety 16.7
        else:
            validated_assessment(facility, iom_user, 3)
    return facilities


@pytest.mark.parametrize(
    ("narrowed_by", "expected"),
    [
        ("region", ["Tanger"]),
        ("province", ["Tanger"]),
        ("kind", ["Abri"]),
        ("managing_organisation", ["Abri"]),
        ("safety_below_50", ["Peu sûr"]),
        ("safety_below_16", []),
        ("protection_below_50", []),
        ("any_dimension_below_50", ["Peu sûr"]),
    ],
)
def test_filters_narrow_the_ranking(client, iom_user, filterable, narrowed_by, expected):
    tanger, shelter = filterable["tanger"], filterable["shelter"]
    query = {
        "region": {"region": tanger.region_id},
        "province": {"province": tanger.province_id},
        "kind": {"kind": Facility.Kind.SHELTER},
        "managing_organisation": {"managing_organisation": shelter.managing_organisation_id},
        "safety_below_50": {"dimension": "safety", "below": 50},
        "safety_below_16": {"dimension": "safety", "below": 16},
        "protection_below_50": {"dimension": "protection", "below": 50},
        "any_dimension_below_50": {"below": 50},
    }[narrowed_by]
    client.force_login(iom_user)

    response = client.get(URL, query)

    assert ranked_names(response) == expected


@pytest.mark.parametrize("below", ["150", "-1", "beaucoup"])
def test_a_threshold_outside_0_to_100_is_refused_with_a_message(
    client, iom_user, filterable, below
):
    client.force_login(iom_user)

    response = client.get(URL, {"dimension": "safety", "below": below})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["below"]
    assert "is-invalid" in response.text


def test_a_dimension_without_a_threshold_asks_for_one(client, iom_user, filterable):
    client.force_login(iom_user)

    response = client.get(URL, {"dimension": "safety"})

    assert response.context["filter"].form.errors["below"]
    assert "is-invalid" in response.text
    assert len(ranked_names(response)) == 4


def test_a_facility_name_with_markup_is_escaped_and_a_formula_is_neutralised_in_exports(
    client, iom_user, framework
):
    validated_assessment(FacilityFactory(name="<script>alert(1)</script>"), iom_user, 2)
    validated_assessment(FacilityFactory(name='=HYPERLINK("http://example.org","x")'), iom_user, 1)
    client.force_login(iom_user)

    page = client.get(URL)
    csv_rows = read_csv(client.get(URL, {"format": "csv"}))
    sheet = load_workbook(io.BytesIO(client.get(URL, {"format": "xlsx"}).content)).active

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in facility_links(page)
    assert [row[1] for row in csv_rows[2:]] == [
        '\'=HYPERLINK("http://example.org","x")',
        "<script>alert(1)</script>",
    ]
    assert sheet.cell(row=3, column=2).value == '\'=HYPERLINK("http://example.org","x")'
    assert sheet.cell(row=3, column=2).data_type == "s"


def test_the_exports_have_the_header_rows_ranks_and_why_of_the_page(client, iom_user, three_ranked):
    client.force_login(iom_user)
    table = read_table(client.get(URL))

    csv_response = client.get(URL, {"format": "csv"})
    xlsx_response = client.get(URL, {"format": "xlsx"})

    today = timezone.localdate().isoformat()
    assert csv_response["Content-Disposition"] == (
        f'attachment; filename="prioritisation-{today}.csv"'
    )
    assert xlsx_response["Content-Disposition"] == (
        f'attachment; filename="prioritisation-{today}.xlsx"'
    )
    rows = read_csv(csv_response)
    cells = [list(r) for r in load_workbook(io.BytesIO(xlsx_response.content)).active.values]
    hxl = [
        "#meta+rank", "#loc+name", "#indicator+num+priority", "#description+priority",
        "#indicator+num+overall", "#indicator+num+accessibility",
        "#indicator+num+safety", "#indicator+num+services", "#indicator+num+protection",
        "#severity", "#indicator+num+critical_gaps", "#reached+ind", "#value+cost+mad",
        "#adm1+name", "#loc+type", "#org+impl", "#date+assessed",
    ]  # fmt: skip
    for exported in (rows, cells):
        assert exported[0] == table.headers
        assert exported[1] == hxl
        assert [str(row[0]) for row in exported[2:]] == [row[0] for row in table.rows]
        assert [row[1] for row in exported[2:]] == [
            "Centre Nour",
            "Foyer Atlas",
            "Maison Ouarzazate",
        ]
        assert [row[3] for row in exported[2:]] == [row[3] for row in table.rows]
    assert [row[2] for row in rows[2:]] == ["57.7", "54.7", "30.0"]
    nour = three_ranked["nour"].facility
    assert rows[2][4:17] == [
        "58", "67", "33", "67", "67", "4", "1", "80", "0.00",
        "Oriental", nour.get_kind_display(), str(nour.managing_organisation),
        timezone.localdate().isoformat(),
    ]  # fmt: skip


def test_the_exports_hold_every_page_of_the_filtered_ranking(client, iom_user, framework):
    for number in range(52):
        validated_assessment(FacilityFactory(name=f"Centre {number:02d}"), iom_user, number % 4)
    other = FacilityFactory(name="Abri hors filtre", kind=Facility.Kind.SHELTER)
    validated_assessment(other, iom_user, 0)
    client.force_login(iom_user)
    query = {"kind": Facility.Kind.RECEPTION_CENTRE}

    first_page = read_table(client.get(URL, query))
    second_page = read_table(client.get(URL, {**query, "page": 2}))
    exported = read_csv(client.get(URL, {**query, "format": "csv"}))

    assert len(first_page.rows) == 50
    assert [row[0] for row in second_page.rows] == ["51", "52"]
    page_rows = first_page.rows + second_page.rows
    assert [row[0] for row in exported[2:]] == [row[0] for row in page_rows]
    assert [row[1] for row in exported[2:]] == [row[1].split(" Oriental ·")[0] for row in page_rows]
    assert "Abri hors filtre" not in {row[1] for row in exported[2:]}


def test_the_ranking_and_its_export_run_the_same_few_queries_at_3_and_at_30_facilities(
    client, iom_user, framework, weights, django_assert_max_num_queries
):
    client.force_login(iom_user)
    counts = []
    for size in (3, 30):
        for number in range(Facility.objects.count(), size):
            facility = FacilityFactory(name=f"Centre {number:02d}")
            facility.target_groups.set(TargetGroup.objects.all()[:3])
            validated_assessment(facility, iom_user, number % 4)

        # Savepoint and release, session, user, weights and their last change, the chosen
        # region, the count, the page of rows, the user's organisation and unread notifications
        # (menu), regions, provinces, organisations (filters).
        with django_assert_max_num_queries(15) as page_queries:
            response = client.get(URL, {"region": Region.objects.get(code="02").pk})
        with CaptureQueriesContext(connection) as export_queries:
            client.get(URL, {"format": "csv"})

        assert len(read_table(response).rows) == size
        counts.append((len(page_queries), len(export_queries)))

    assert counts[0] == counts[1]
