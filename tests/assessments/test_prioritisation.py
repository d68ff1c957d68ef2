"""The prioritisation list: hand-worked priorities, the why of each rank, filters, roles,
exports and a query count that does not grow with the number of facilities."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import PrioritySettings
from facilities.models import Region, TargetGroup
from tests.factories import (
    AssessmentFactory,
    FacilityFactory,
    answer_all,
    validated_assessment,
)

URL = reverse("assessments:prioritisation")


def ranked_names(response) -> list[str]:
    names = []
    for chunk in response.text.split('data-testid="facility-name">')[1:]:
        names.append(chunk.split("</a>")[0])
    return names


@pytest.fixture
def weights(db):
    """Round weights that make hand-worked priorities easy: 40/20/20/10/10."""
    settings = PrioritySettings.load()
    settings.weight_gap, settings.weight_severity, settings.weight_people = 40, 20, 20
    settings.weight_vulnerable, settings.weight_critical = 10, 10
    settings.people_reference, settings.critical_gaps_reference = 100, 2
    settings.save()
    return settings


def test_the_priority_is_the_weighted_sum_of_its_terms(client, iom_user, framework, weights):
    facility = FacilityFactory(name="Centre Nour", capacity=50, occupancy=80)
    vulnerable = list(TargetGroup.objects.filter(is_vulnerable=True)[:2])
    facility.target_groups.set(vulnerable)
    # All 2s but SAF-1 (critical) at 0: overall 58.3, severity 4, one critical gap.
    validated_assessment(facility, iom_user, 2, SAF_1=0)
    total_vulnerable = TargetGroup.objects.filter(is_vulnerable=True).count()
    client.force_login(iom_user)

    response = client.get(URL)

    # gap 41.7/100 × 40 + (4−1)/4 × 20 + 80/100 × 20 + 2/n × 10 + 1/2 × 10
    expected = 0.417 * 40 + 0.75 * 20 + 0.8 * 20 + 2 / total_vulnerable * 10 + 0.5 * 10
    priority = response.text.split('data-testid="priority">')[1].split("<")[0]
    assert float(priority.replace(",", ".")) == pytest.approx(expected, abs=0.1)
    why = response.text.split('data-testid="why">')[1].split("</td>")[0]
    assert "écart 42/100" in why
    assert "sévérité 4/5" in why
    assert "80 personnes" in why
    assert f"2 groupes vulnérables sur {total_vulnerable}" in why
    assert "1 lacune critique" in why


def test_facilities_are_ranked_worst_first_and_only_by_validated_assessments(
    client, viewer_user, iom_user, framework
):
    good = FacilityFactory(name="Bien équipé")
    bad = FacilityFactory(name="Très dégradé")
    unvalidated = FacilityFactory(name="Pas encore validé")
    validated_assessment(good, iom_user, 3)
    validated_assessment(bad, iom_user, 1)
    submitted = AssessmentFactory(facility=unvalidated)
    answer_all(submitted, 0)
    submitted.submit(iom_user)
    client.force_login(viewer_user)

    response = client.get(URL)

    assert ranked_names(response) == ["Très dégradé", "Bien équipé"]


def test_only_the_latest_validated_assessment_of_a_facility_counts(
    client, iom_user, facility_a, framework
):
    before = validated_assessment(facility_a, iom_user, 0)
    before.assessed_on = before.assessed_on.replace(year=2024)
    before.save()
    validated_assessment(facility_a, iom_user, 3)
    client.force_login(iom_user)

    response = client.get(URL)

    assert ranked_names(response) == ["Centre Al Amal"]
    assert "écart 0/100" in response.text


def test_a_partner_sees_published_facilities_and_its_own_but_not_other_unpublished_ones(
    client, partner_user, iom_user, framework, published_facility_b, unpublished_facility_b, ngo_a
):
    own_unpublished = FacilityFactory(
        name="Maison AAO", managing_organisation=ngo_a, is_published=False
    )
    for facility in (published_facility_b, unpublished_facility_b, own_unpublished):
        validated_assessment(facility, iom_user, 2)
    client.force_login(partner_user)

    names = ranked_names(client.get(URL))

    assert sorted(names) == ["Espace Souss", "Maison AAO"]


@pytest.mark.parametrize("role", ["admin", "iom_staff", "viewer"])
def test_iom_roles_and_viewers_see_the_whole_ranking(
    client, users, role, iom_user, framework, unpublished_facility_b
):
    validated_assessment(unpublished_facility_b, iom_user, 2)
    client.force_login(users[role])

    response = client.get(URL)

    assert response.status_code == 200
    assert ranked_names(response) == ["Foyer Tiwizi"]


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_only_admins_get_the_link_to_change_the_weights(client, admin_user, iom_user):
    client.force_login(iom_user)
    assert "/admin/assessments/prioritysettings/" not in client.get(URL).text
    client.force_login(admin_user)
    assert "/admin/assessments/prioritysettings/1/change/" in client.get(URL).text


def test_filters_by_region_and_by_a_dimension_below_a_threshold(client, iom_user, framework):
    tanger = Region.objects.get(code="01")
    oujda = FacilityFactory(name="Oujda")
    tangier = FacilityFactory(name="Tanger", region=tanger)
    unsafe = FacilityFactory(name="Peu sûr")
    validated_assessment(oujda, iom_user, 3)
    validated_assessment(tangier, iom_user, 3)
    validated_assessment(unsafe, iom_user, 3, SAF_1=0, SAF_2=1)
    client.force_login(iom_user)

    by_region = client.get(URL, {"region": tanger.pk})
    by_safety = client.get(URL, {"dimension": "safety", "below": 50})
    by_protection = client.get(URL, {"dimension": "protection", "below": 50})
    any_dimension = client.get(URL, {"below": 50})

    assert ranked_names(by_region) == ["Tanger"]
    assert ranked_names(by_safety) == ["Peu sûr"]
    assert ranked_names(by_protection) == []
    assert ranked_names(any_dimension) == ["Peu sûr"]


def test_a_facility_name_with_markup_is_escaped_and_neutralised_in_exports(
    client, iom_user, framework
):
    FacilityFactory(name="<script>alert(1)</script>")
    formula = FacilityFactory(name='=HYPERLINK("http://example.org","x")')
    for facility in formula.__class__.objects.all():
        validated_assessment(facility, iom_user, 2)
    client.force_login(iom_user)

    page = client.get(URL)
    export = client.get(URL, {"format": "csv"})

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    names = [row[2] for row in rows[2:]]
    assert '\'=HYPERLINK("http://example.org","x")' in names


def test_the_exports_hold_the_rows_of_the_page_in_the_same_order_with_hxl_tags(
    client, iom_user, framework
):
    for score in (3, 1, 2):
        validated_assessment(FacilityFactory(name=f"Centre {score}"), iom_user, score)
    client.force_login(iom_user)
    page_names = ranked_names(client.get(URL, {"kind": "reception_centre"}))

    csv_response = client.get(URL, {"kind": "reception_centre", "format": "csv"})
    xlsx_response = client.get(URL, {"kind": "reception_centre", "format": "xlsx"})

    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["#priority+rank", "#loc+code", "#loc+name"]
    assert [row[2] for row in rows[2:]] == page_names == ["Centre 1", "Centre 2", "Centre 3"]
    assert [row[0] for row in rows[2:]] == ["1", "2", "3"]
    assert "attachment" in csv_response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[1][0] == "#priority+rank"
    assert [row[2] for row in cells[2:]] == page_names
    assert all(row[-1] for row in cells[2:])  # the why of each rank


@pytest.mark.parametrize("size", [3, 30])
def test_the_ranking_runs_the_same_few_queries_at_any_size(
    client, iom_user, framework, size, django_assert_max_num_queries
):
    for number in range(size):
        validated_assessment(FacilityFactory(name=f"Centre {number:02d}"), iom_user, number % 4)
    client.force_login(iom_user)

    # Savepoints, session, user, weights, vulnerable groups, count, the page of rows, the
    # organisation in the menu, and the filter choices: the same at any size.
    with django_assert_max_num_queries(15):
        response = client.get(URL)

    assert len(ranked_names(response)) == size
