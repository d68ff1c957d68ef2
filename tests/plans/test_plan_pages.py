"""The plan list, a plan's page, its spreadsheet and its status, for every role."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plans.models import ActionPlan, Indicator, IndicatorValue, PlanAction, StrategicAxis

pytestmark = pytest.mark.django_db


def detail(plan):
    return reverse("plans:plan_detail", args=[plan.pk])


@pytest.fixture
def souss_plan(souss, souss_council):
    return ActionPlan.objects.create(
        region=souss,
        council=souss_council,
        title="Plan régional Souss-Massa",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
        status=ActionPlan.Status.ADOPTED,
    )


@pytest.fixture
def draft_souss_plan(souss, souss_council):
    return ActionPlan.objects.create(
        region=souss,
        council=souss_council,
        title="Brouillon Souss-Massa",
        starts_on=datetime.date(2030, 1, 1),
        ends_on=datetime.date(2034, 12, 31),
    )


@pytest.mark.parametrize("role", ["admin", "iom_staff"])
def test_iom_roles_open_every_plan(client, users, role, oriental_plan, draft_souss_plan):
    client.force_login(users[role])
    listing = client.get(reverse("plans:plan_list"))
    assert oriental_plan.title in listing.text and draft_souss_plan.title in listing.text
    assert client.get(detail(draft_souss_plan)).status_code == 200


def test_council_viewer_reads_its_plan_not_another_regions(
    client, council_user, oriental_plan, souss_plan
):
    client.force_login(council_user)
    listing = client.get(reverse("plans:plan_list"))
    assert oriental_plan.title in listing.text
    assert souss_plan.title not in listing.text
    assert client.get(detail(oriental_plan)).status_code == 200
    assert client.get(detail(souss_plan)).status_code == 404


def test_viewer_without_region_reads_adopted_plans_but_not_drafts(
    client, viewer_user, oriental_plan, draft_souss_plan
):
    client.force_login(viewer_user)
    assert client.get(detail(oriental_plan)).status_code == 200
    assert client.get(detail(draft_souss_plan)).status_code == 404


def test_partner_may_not_read_plans(client, partner_user, oriental_plan):
    client.force_login(partner_user)
    assert client.get(reverse("plans:plan_list")).status_code == 403
    assert client.get(detail(oriental_plan)).status_code == 404


def test_anonymous_is_sent_to_the_login_page(client, oriental_plan):
    response = client.get(detail(oriental_plan))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_plan_page_shows_actions_alignment_budget_and_what_is_uncovered(
    client, council_user, oriental_plan
):
    client.force_login(council_user)
    page = client.get(detail(oriental_plan)).text
    assert "Soins de santé primaires pour les migrants à Oujda" in page
    # Programmes 3 and 5 are covered; the 9 others, housing among them, are named as uncovered.
    assert 'data-testid="programmes-covered">2 sur 11' in page
    uncovered = page.split('data-testid="uncovered-programmes"')[1].split("</div>")[0]
    assert "Logement" in uncovered and "Santé" not in uncovered
    assert "9 programmes SNIA n’ont aucune action" in uncovered
    assert "2\u00a0000\u00a0000" in page  # the budget total, 1.2 M + 0.8 M
    assert "Gouvernement du Japon" in page and "Financement à trouver" in page
    assert "Migrants ayant reçu des soins de santé primaires" in page


def test_plan_page_in_arabic_names_the_programmes_in_arabic(client, council_user, oriental_plan):
    client.force_login(council_user)
    page = client.get(f"/ar/plans/{oriental_plan.pk}/").text
    assert 'dir="rtl"' in page and "السكن" in page


def test_indicator_shows_latest_value_progress_and_a_chart(client, iom_user, oriental_plan):
    indicator = oriental_plan.indicators.get()
    for day, value in ((datetime.date(2025, 6, 30), 300), (datetime.date(2025, 12, 31), 700)):
        IndicatorValue.objects.create(
            indicator=indicator,
            period_start=datetime.date(2025, 1, 1),
            period_end=day,
            value=Decimal(value),
            unit=indicator.unit,
            source="Rapport du centre de santé",
        )
    client.force_login(iom_user)
    row = client.get(detail(oriental_plan)).text.split('data-testid="indicator-I1"')[1]
    row = row.split("</tr>")[0]
    assert "700" in row and "35 %" in row and "<svg" in row
    assert "Rapport du centre de santé" in row


def test_computed_indicator_shows_its_value_and_formula(client, iom_user, oriental_plan):
    Indicator.objects.create(
        plan=oriental_plan,
        code="C1",
        name="Structures renforcées",
        unit=Indicator.Unit.FACILITIES,
        target=Decimal("10"),
        computation=Indicator.Computation.FACILITIES_REINFORCED,
    )
    client.force_login(iom_user)
    row = client.get(detail(oriental_plan)).text.split('data-testid="indicator-C1"')[1]
    assert "calculé" in row.split("</tr>")[0]


def test_plan_page_runs_a_fixed_number_of_queries(
    client, iom_user, oriental_plan, django_assert_max_num_queries
):
    client.force_login(iom_user)
    axis = oriental_plan.axes.get()
    # The plan, its axes, actions and their lists, indicators, pilots, projects, facilities,
    # comments, the moves log and recent changes: one query each, whatever their number.
    with django_assert_max_num_queries(26) as small:
        client.get(detail(oriental_plan))
    for number in range(2, 8):
        extra = StrategicAxis.objects.create(
            plan=oriental_plan, number=number, title=f"Axe {number}"
        )
        for code in range(3):
            PlanAction.objects.create(
                axis=extra,
                code=f"{number}.{code}",
                title=f"Action {number}.{code}",
                budget=Decimal("1000"),
                starts_on=datetime.date(2026, 1, 1),
                ends_on=datetime.date(2026, 6, 30),
            )
        Indicator.objects.create(
            plan=oriental_plan, action=None, code=f"I{number}", name="x", unit="number", target=5
        )
    assert axis
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(detail(oriental_plan))


def test_plan_export_has_actions_and_indicators_with_hxl_tags(client, council_user, oriental_plan):
    PlanAction.objects.filter(code="1.2").update(title='=HYPERLINK("http://x")')
    client.force_login(council_user)
    response = client.get(reverse("plans:plan_export", args=[oriental_plan.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    actions, indicators = workbook.worksheets
    rows = list(actions.values)
    assert rows[1][1] == "#activity+code" and rows[1][3] == "#activity+programme"
    titles = [row[2] for row in rows[2:]]
    assert "Soins de santé primaires pour les migrants à Oujda" in titles
    assert '\'=HYPERLINK("http://x")' in titles
    assert [row[0] for row in indicators.values][2:] == ["I1"]


def test_another_regions_council_cannot_export_the_plan(client, souss_council_user, oriental_plan):
    client.force_login(souss_council_user)
    assert client.get(reverse("plans:plan_export", args=[oriental_plan.pk])).status_code == 404


def test_iom_staff_put_an_adopted_plan_under_review(client, iom_user, oriental_plan):
    client.force_login(iom_user)
    response = client.post(
        reverse("plans:plan_status", args=[oriental_plan.pk]),
        {"status": "under_review", "seen_version": oriental_plan.version},
    )
    assert response.status_code == 302
    oriental_plan.refresh_from_db()
    assert oriental_plan.status == "under_review" and oriental_plan.status_changed_by == iom_user


def test_a_move_the_plan_may_not_make_is_refused_with_a_message(client, iom_user, oriental_plan):
    client.force_login(iom_user)
    response = client.post(
        reverse("plans:plan_status", args=[oriental_plan.pk]),
        {"status": "draft", "seen_version": oriental_plan.version},
        follow=True,
    )
    assert "ne peut pas passer à" in response.text
    oriental_plan.refresh_from_db()
    assert oriental_plan.status == "adopted"


def test_council_viewer_cannot_change_the_status(client, council_user, oriental_plan):
    client.force_login(council_user)
    response = client.post(
        reverse("plans:plan_status", args=[oriental_plan.pk]), {"status": "under_review"}
    )
    assert response.status_code == 403
    oriental_plan.refresh_from_db()
    assert oriental_plan.status == "adopted"


def test_plan_page_title_is_plain_text_and_the_page_has_one_heading(
    client, iom_user, oriental_plan
):
    client.force_login(iom_user)
    page = client.get(detail(oriental_plan)).text
    title = page.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and oriental_plan.title in title
    assert page.count("<h1") == 1 and page.count('id="uncovered"') == 1


def test_a_status_move_from_a_page_loaded_before_another_move_is_refused(
    client, iom_user, admin_user, oriental_plan
):
    seen = oriental_plan.version
    client.force_login(admin_user)
    client.post(
        reverse("plans:plan_status", args=[oriental_plan.pk]),
        {"status": "under_review", "seen_version": seen},
    )
    client.force_login(iom_user)

    response = client.post(
        f"/en/plans/{oriental_plan.pk}/status/",
        {"status": "under_review", "seen_version": seen},
        follow=True,
    )

    assert "changed by admin_t (status)" in response.text
    oriental_plan.refresh_from_db()
    assert (oriental_plan.status, oriental_plan.status_changed_by) == ("under_review", admin_user)


def test_a_status_post_without_a_valid_token_is_refused(client, iom_user, oriental_plan):
    client.force_login(iom_user)

    response = client.post(
        f"/en/plans/{oriental_plan.pk}/status/", {"status": "under_review"}, follow=True
    )

    assert "sent without the mark that tells which version" in response.text
    oriental_plan.refresh_from_db()
    assert oriental_plan.status == "adopted"
