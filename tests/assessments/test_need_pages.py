"""The open needs list and budget planner, its exports, and need status changes, for every role."""

import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import Need, PrioritySettings
from facilities.models import Facility, Province, Region
from tests.assessments.test_prioritisation import read_csv, read_table
from tests.factories import AssessmentFactory, FacilityFactory, NeedFactory, validated_assessment

URL = reverse("assessments:need_list")


def seen(need) -> int:
    """The stale-save token the need's row carries: its stored version."""
    return Need.objects.get(pk=need.pk).version


def status_url(need) -> str:
    return reverse("assessments:need_status", args=[need.pk])


def plain(text: str) -> str:
    """Page text with the French thousands separators (no-break spaces) as plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def needs(iom_user, framework, facility_a, unpublished_facility_b):
    """Validated needs at facility_a (NGO A, Oriental) and at NGO B's unpublished facility."""
    own = validated_assessment(facility_a, iom_user, 1, SAF_1=0)
    other = validated_assessment(unpublished_facility_b, iom_user, 2)
    critical = own.framework.criteria.get(code="SAF-1")
    return {
        "fire": NeedFactory(
            assessment=own,
            criterion=critical,
            description="Extincteurs et alarme incendie",
            quantity=Decimal("1"),
            unit_cost=Decimal("12000"),
            urgency="immediate",
        ),
        "ramp": NeedFactory(
            assessment=own,
            dimension="accessibility",
            kind="renovation",
            description="Rampe d’accès",
            quantity=Decimal("1"),
            unit_cost=Decimal("30000"),
            urgency="3_months",
        ),
        "training": NeedFactory(
            assessment=other,
            dimension="protection",
            kind="training",
            description="Formation à la protection de l’enfance",
            quantity=Decimal("2"),
            unit_cost=Decimal("4000"),
            urgency="12_months",
        ),
    }


def descriptions(response) -> list[str]:
    return [need.description for need in response.context["page_obj"]]


def plan_rows(response) -> list[list[str]]:
    """The need rows of the plan table on the page (funded in order, then unfunded)."""
    table = read_table(response, "plan-table")
    return [row for row in table.rows if len(row) == len(table.headers)]


# Who sees the list


@pytest.mark.parametrize("role", ["admin", "iom_staff", "viewer"])
def test_iom_roles_and_viewers_see_every_open_need_with_totals(client, users, role, needs):
    client.force_login(users[role])

    response = client.get(URL)

    assert response.status_code == 200
    assert len(descriptions(response)) == 3
    assert response.context["totals"]["overall"]["total"] == Decimal("50000")
    assert "3 besoins ouverts, 50 000 MAD" in plain(response.text)


def test_a_partner_sees_only_its_own_organisations_needs_and_their_totals(
    client, partner_user, needs
):
    client.force_login(partner_user)

    response = client.get(URL)

    assert sorted(descriptions(response)) == ["Extincteurs et alarme incendie", "Rampe d’accès"]
    assert "Formation à la protection" not in response.text
    assert "Foyer Tiwizi" not in response.text
    assert response.context["totals"]["overall"]["total"] == Decimal("42000")


def test_a_partner_plans_only_with_its_own_organisations_needs(client, partner_user, needs):
    client.force_login(partner_user)

    exported = read_csv(client.get(URL, {"budget": "100000", "format": "csv"}))

    assert sorted(row[7] for row in exported[2:]) == [
        "Extincteurs et alarme incendie",
        "Rampe d’accès",
    ]


@pytest.mark.parametrize("query", [{}, {"budget": "1000", "format": "csv"}])
def test_anonymous_visitors_are_sent_to_log_in(client, db, query):
    response = client.get(URL, query)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_needs_of_unvalidated_assessments_and_done_needs_are_not_listed(
    client, iom_user, needs, facility_a
):
    needs["ramp"].status = Need.Status.DONE
    needs["ramp"].save()
    NeedFactory(facility=FacilityFactory(), description="Sans évaluation validée")
    draft = AssessmentFactory(facility=facility_a)
    NeedFactory(assessment=draft, description="Trouvé par un brouillon")
    client.force_login(iom_user)

    response = client.get(URL)

    assert "Rampe d’accès" not in descriptions(response)
    assert "Trouvé par un brouillon" not in descriptions(response)
    # A need entered without an assessment (by IOM, in the back office) counts.
    assert "Sans évaluation validée" in descriptions(response)


def test_totals_by_dimension_region_and_kind(client, iom_user, needs):
    client.force_login(iom_user)

    response = client.get(URL)

    totals = response.context["totals"]
    assert {line["dimension"]: line["total"] for line in totals["by_dimension"]} == {
        "safety": Decimal("12000"),
        "accessibility": Decimal("30000"),
        "protection": Decimal("8000"),
    }
    assert {line["kind"]: line["count"] for line in totals["by_kind"]} == {
        "equipment": 1,
        "renovation": 1,
        "training": 1,
    }
    assert [(line["label"], line["total"]) for line in totals["by_region"]] == [
        ("Oriental", Decimal("50000"))
    ]
    assert "Accessibilité et inclusivité" in response.text


@pytest.mark.parametrize(
    ("narrowed_by", "expected"),
    [
        ("region", ["Formation à la protection de l’enfance"]),
        ("province", ["Formation à la protection de l’enfance"]),
        ("facility_kind", ["Formation à la protection de l’enfance"]),
        ("managing_organisation", ["Formation à la protection de l’enfance"]),
        ("dimension", ["Rampe d’accès"]),
        ("need_kind", ["Formation à la protection de l’enfance"]),
        ("urgency", ["Extincteurs et alarme incendie"]),
        ("status", ["Rampe d’accès"]),
    ],
)
def test_filters_narrow_the_needs_and_their_totals(
    client, iom_user, needs, unpublished_facility_b, narrowed_by, expected
):
    tanger = Region.objects.get(code="01")
    Facility.objects.filter(pk=unpublished_facility_b.pk).update(
        region=tanger,
        province=Province.objects.filter(region=tanger).order_by("code").first(),
        kind=Facility.Kind.SHELTER,
    )
    facility_b = Facility.objects.get(pk=unpublished_facility_b.pk)
    Need.objects.filter(pk=needs["ramp"].pk).update(status=Need.Status.PLANNED)
    query = {
        "region": {"region": tanger.pk},
        "province": {"province": facility_b.province_id},
        "facility_kind": {"kind": Facility.Kind.SHELTER},
        "managing_organisation": {"managing_organisation": facility_b.managing_organisation_id},
        "dimension": {"dimension": "accessibility"},
        "need_kind": {"need_kind": "training"},
        "urgency": {"urgency": "immediate"},
        "status": {"status": "planned"},
    }[narrowed_by]
    client.force_login(iom_user)

    response = client.get(URL, query)

    assert descriptions(response) == expected
    assert response.context["totals"]["overall"]["count"] == 1


def test_the_needs_are_paginated_by_fifty(client, iom_user, framework):
    assessment = validated_assessment(FacilityFactory(), iom_user, 2)
    for number in range(51):
        NeedFactory(assessment=assessment, description=f"Besoin {number:02d}")
    client.force_login(iom_user)

    first, second = client.get(URL), client.get(URL, {"page": 2})

    assert len(descriptions(first)) == 50
    assert descriptions(second) == ["Besoin 50"]
    assert first.context["totals"]["overall"]["count"] == 51


# The budget planner


def test_the_planner_funds_the_critical_immediate_need_first_and_shows_what_is_left(
    client, iom_user, needs
):
    client.force_login(iom_user)

    response = client.get(URL, {"budget": "20000"})

    # Fire safety (immediate, critical) first: 12 000; the ramp (30 000) does not fit in the
    # 8 000 left, the training (8 000) does.
    rows = plan_rows(response)
    assert [(row[0], row[1], row[7], row[10]) for row in rows] == [
        ("1", "oui", "Extincteurs et alarme incendie critique", plain("12\u202f000 MAD")),
        ("2", "oui", "Formation à la protection de l’enfance", plain("20\u202f000 MAD")),
        ("—", "non", "Rampe d’accès", "—"),
    ]
    plan = response.context["plan"]
    assert (plan["result"].spent, plan["result"].remaining) == (Decimal("20000"), Decimal("0"))
    summary = plain(response.text.split('data-testid="plan-summary">')[1].split("</dl>")[0])
    assert "2 · 20 000 MAD" in summary
    assert "1 · 30 000 MAD" in summary


def test_a_budget_that_funds_everything_says_so(client, iom_user, needs):
    client.force_login(iom_user)

    response = client.get(URL, {"budget": "50000"})

    assert len(response.context["plan"]["funded"]) == 3
    assert "Tous les besoins sélectionnés sont financés." in response.text


@pytest.mark.parametrize("query", [{"budget": "", "format": "csv"}, {"format": "xlsx"}])
def test_a_plan_download_without_a_budget_is_refused_with_the_reason(
    client, iom_user, needs, query
):
    """Not the page with a 200, which a script would save as its CSV."""
    client.force_login(iom_user)

    response = client.get(URL, query)

    assert response.status_code == 400
    assert response.context["plan"] is None
    assert "Indiquez un budget pour télécharger le plan." in response.text


@pytest.mark.parametrize("budget", ["-100", "abc", "NaN", "1e400", "12.345", "99999999999999"])
def test_a_bad_budget_gets_a_clear_message_and_no_plan(client, iom_user, needs, budget):
    client.force_login(iom_user)

    response = client.get(URL, {"budget": budget, "format": "xlsx"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert response.context["plan"] is None
    assert response.context["budget_form"].errors["budget"]
    assert "is-invalid" in response.text
    assert 'data-testid="plan"' not in response.text


def test_the_plan_exports_have_the_columns_and_order_of_the_page(client, iom_user, needs):
    client.force_login(iom_user)
    page = client.get(URL, {"budget": "20000"})

    csv_response = client.get(URL, {"budget": "20000", "format": "csv"})
    xlsx_response = client.get(URL, {"budget": "20000", "format": "xlsx"})

    today = timezone.localdate().isoformat()
    assert csv_response["Content-Disposition"] == (
        f'attachment; filename="budget-plan-{today}.csv"'
    )
    assert xlsx_response["Content-Disposition"] == (
        f'attachment; filename="budget-plan-{today}.xlsx"'
    )
    hxl = [
        "#meta+rank", "#status+funded", "#loc+name", "#adm1+name", "#indicator+type",
        "#indicator+code", "#need+type", "#need+name", "#need+urgency",
        "#value+cost+mad", "#value+cost+cumulative",
    ]  # fmt: skip
    rows = read_csv(csv_response)
    cells = [list(r) for r in load_workbook(io.BytesIO(xlsx_response.content)).active.values]
    page_headers = read_table(page, "plan-table").headers
    for exported in (rows, cells):
        assert exported[0] == page_headers
        assert exported[1] == hxl
        assert [row[7] for row in exported[2:]] == [
            "Extincteurs et alarme incendie",
            "Formation à la protection de l’enfance",
            "Rampe d’accès",
        ]
    assert [row[0] for row in rows[2:]] == ["1", "2", ""]
    assert [row[10] for row in rows[2:]] == ["12000.00", "20000.00", ""]
    assert [row[5] for row in rows[2:]] == ["SAF-1", "", ""]


def test_markup_is_escaped_on_the_page_and_formulas_neutralised_in_the_plan_export(
    client, iom_user, framework
):
    facility = FacilityFactory(name="<script>alert(1)</script>")
    assessment = validated_assessment(facility, iom_user, 2)
    NeedFactory(assessment=assessment, description='=HYPERLINK("http://example.org","x")')
    NeedFactory(assessment=assessment, description="<img src=x onerror=alert(2)>")
    client.force_login(iom_user)

    page = client.get(URL, {"budget": "100000"})
    exported = read_csv(client.get(URL, {"budget": "100000", "format": "csv"}))

    assert "<script>alert(1)</script>" not in page.text
    assert "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert '\'=HYPERLINK("http://example.org","x")' in [row[7] for row in exported[2:]]
    assert {row[2] for row in exported[2:]} == {"<script>alert(1)</script>"}


@pytest.mark.parametrize("size", [2, 20])
def test_the_needs_page_runs_the_same_queries_whatever_the_number_of_needs(
    client, iom_user, framework, size, django_assert_max_num_queries
):
    PrioritySettings.load()  # the first visit ever creates the weights row
    client.force_login(iom_user)
    counts = []
    for count in (size, size * 2):
        while Need.objects.count() < count:
            assessment = validated_assessment(FacilityFactory(), iom_user, 1)
            NeedFactory(assessment=assessment, criterion=assessment.framework.criteria.first())

        # Savepoint and release, session, user, weights, the priorities and the needs for the
        # planner, the needs of the plan's pages shown, the count and the page, four totals, the
        # organisation and the unread notifications in the menu, three filter choices.
        with django_assert_max_num_queries(19) as with_plan:
            response = client.get(URL, {"budget": "5000"})
        with CaptureQueriesContext(connection) as without_plan:
            client.get(URL)

        assert response.context["totals"]["overall"]["count"] == count
        counts.append((len(with_plan), len(without_plan)))

    assert counts[0] == counts[1]


# Status changes


@pytest.mark.parametrize("role", ["admin", "iom_staff"])
def test_iom_staff_move_a_need_to_the_next_status_and_go_back_to_the_list(
    client, users, role, needs
):
    client.force_login(users[role])

    response = client.post(
        status_url(needs["ramp"]),
        {
            "seen_version": seen(needs["ramp"]),
            "status": "planned",
            "next": URL + "?urgency=3_months",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == URL + "?urgency=3_months"
    stored = Need.objects.get(pk=needs["ramp"].pk)
    assert (stored.status, stored.status_changed_by) == ("planned", users[role])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "« Rampe d’accès » est maintenant : en projet."
    ]


def test_iom_staff_move_a_need_one_step_back(client, iom_user, needs):
    Need.objects.filter(pk=needs["fire"].pk).update(status=Need.Status.FUNDED)
    client.force_login(iom_user)

    client.post(
        status_url(needs["fire"]), {"seen_version": seen(needs["fire"]), "status": "planned"}
    )

    assert Need.objects.get(pk=needs["fire"].pk).status == "planned"


def test_a_status_change_with_htmx_returns_the_updated_row(client, iom_user, needs):
    client.force_login(iom_user)

    response = client.post(
        status_url(needs["ramp"]),
        {"seen_version": seen(needs["ramp"]), "status": "planned", "next": URL},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr id="need-{needs["ramp"].pk}"')
    assert 'value="funded"' in response.text  # the next step is offered
    assert Need.objects.get(pk=needs["ramp"].pk).status == "planned"


def test_an_invalid_status_change_is_refused_and_nothing_changes(client, iom_user, needs):
    client.force_login(iom_user)

    response = client.post(
        status_url(needs["ramp"]),
        {"seen_version": seen(needs["ramp"]), "status": "done", "next": "https://evil.example/"},
        follow=True,
    )

    assert "ne peut pas passer à" in response.text
    assert response.redirect_chain[-1][0] == URL
    stored = Need.objects.get(pk=needs["ramp"].pk)
    assert (stored.status, stored.status_changed_by) == ("identified", None)


@pytest.mark.parametrize("status", ["done", "", "bogus"])
def test_an_invalid_status_change_with_htmx_shows_the_refusal_in_the_row(
    client, iom_user, needs, status
):
    client.force_login(iom_user)

    response = client.post(
        status_url(needs["ramp"]),
        {"seen_version": seen(needs["ramp"]), "status": status},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'data-testid="row-error"' in response.text
    assert Need.objects.get(pk=needs["ramp"].pk).status == "identified"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "need_list"]
)
def test_a_status_change_goes_back_to_the_list_when_next_is_not_a_local_path(
    client, iom_user, needs, next_url
):
    client.force_login(iom_user)

    response = client.post(
        status_url(needs["ramp"]),
        {"seen_version": seen(needs["ramp"]), "status": "planned", "next": next_url},
    )

    assert response["Location"] == URL


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_partners_and_viewers_cannot_change_a_need_status(client, users, role, needs):
    client.force_login(users[role])

    response = client.post(
        status_url(needs["fire"]), {"seen_version": seen(needs["fire"]), "status": "planned"}
    )

    assert response.status_code == 403
    assert Need.objects.get(pk=needs["fire"].pk).status == "identified"


def test_partners_and_viewers_get_no_status_buttons(client, partner_user, needs):
    client.force_login(partner_user)

    response = client.get(URL)

    assert reverse("assessments:need_status", args=[needs["fire"].pk]) not in response.text


def test_a_partner_gets_404_for_another_organisations_need(client, partner_user, needs):
    client.force_login(partner_user)

    response = client.post(
        status_url(needs["training"]),
        {"seen_version": seen(needs["training"]), "status": "planned"},
    )

    assert response.status_code == 404
    assert Need.objects.get(pk=needs["training"].pk).status == "identified"


def test_anonymous_visitors_cannot_change_a_need_status(client, needs):
    response = client.post(
        status_url(needs["fire"]), {"seen_version": seen(needs["fire"]), "status": "planned"}
    )

    assert "/accounts/login/" in response["Location"]
    assert Need.objects.get(pk=needs["fire"].pk).status == "identified"


def test_a_status_change_is_a_post(client, iom_user, needs):
    client.force_login(iom_user)

    response = client.get(
        status_url(needs["fire"]), {"seen_version": seen(needs["fire"]), "status": "planned"}
    )

    assert response.status_code == 405
    assert Need.objects.get(pk=needs["fire"].pk).status == "identified"
