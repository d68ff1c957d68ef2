"""The needs list and budget planner pages, and need status changes, for every role."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Need
from tests.factories import AssessmentFactory, FacilityFactory, NeedFactory, validated_assessment

URL = reverse("assessments:need_list")


@pytest.fixture
def needs(iom_user, framework, facility_a, unpublished_facility_b):
    """Validated needs at facility_a (NGO A) and at NGO B's unpublished facility."""
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
    return [n.description for n in response.context["page_obj"]]


@pytest.mark.parametrize("role", ["admin", "iom_staff", "viewer"])
def test_iom_roles_and_viewers_see_every_open_need_with_totals(client, users, role, needs):
    client.force_login(users[role])

    response = client.get(URL)

    assert response.status_code == 200
    assert len(descriptions(response)) == 3
    assert response.context["totals"]["overall"]["total"] == Decimal("50000")
    assert "50\u00a0000 MAD" in response.text or "50 000 MAD" in response.text


def test_a_partner_sees_only_its_own_organisations_needs(client, partner_user, needs):
    client.force_login(partner_user)

    response = client.get(URL)

    assert sorted(descriptions(response)) == ["Extincteurs et alarme incendie", "Rampe d’accès"]
    assert "Formation à la protection" not in response.text


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert "/accounts/login/" in client.get(URL)["Location"]


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

    totals = client.get(URL).context["totals"]

    assert {row["dimension"]: row["total"] for row in totals["by_dimension"]} == {
        "safety": Decimal("12000"),
        "accessibility": Decimal("30000"),
        "protection": Decimal("8000"),
    }
    assert {row["kind"]: row["count"] for row in totals["by_kind"]} == {
        "equipment": 1,
        "renovation": 1,
        "training": 1,
    }
    assert [row["total"] for row in totals["by_region"]] == [Decimal("50000")]


def test_the_planner_funds_the_critical_immediate_need_first_and_shows_what_is_left(
    client, iom_user, needs
):
    client.force_login(iom_user)

    response = client.get(URL, {"budget": "20000"})

    plan = response.context["plan"]
    assert [item["need"].description for item in plan["funded"]] == [
        "Extincteurs et alarme incendie",
        "Formation à la protection de l’enfance",
    ]
    assert [item["need"].description for item in plan["unfunded"]] == ["Rampe d’accès"]
    assert plan["result"].remaining == Decimal("0")
    assert 'data-testid="plan-unfunded"' in response.text


def test_the_plan_exports_in_order_with_hxl_tags(client, iom_user, needs):
    client.force_login(iom_user)

    response = client.get(URL, {"budget": "20000", "format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "#meta+order"
    assert [row[7] for row in rows[2:]] == [
        "Extincteurs et alarme incendie",
        "Formation à la protection de l’enfance",
        "Rampe d’accès",
    ]
    assert [row[0] for row in rows[2:]] == ["1", "2", ""]


@pytest.mark.parametrize("budget", ["-100", "abc", "99999999999999"])
def test_a_bad_budget_gets_a_clear_message_and_no_plan(client, iom_user, needs, budget):
    client.force_login(iom_user)

    response = client.get(URL, {"budget": budget})

    assert response.status_code == 200
    assert response.context["plan"] is None
    assert response.context["budget_form"].errors["budget"]
    assert "invalid-feedback" in response.text or "errorlist" in response.text


def test_iom_staff_move_a_need_to_the_next_status(client, iom_user, needs):
    client.force_login(iom_user)

    response = client.post(
        reverse("assessments:need_status", args=[needs["ramp"].pk]),
        {"status": "planned", "next": URL + "?urgency=3_months"},
    )

    assert response["Location"] == URL + "?urgency=3_months"
    stored = Need.objects.get(pk=needs["ramp"].pk)
    assert (stored.status, stored.status_changed_by) == ("planned", iom_user)


def test_a_status_change_with_htmx_returns_the_updated_row(client, iom_user, needs):
    client.force_login(iom_user)

    response = client.post(
        reverse("assessments:need_status", args=[needs["ramp"].pk]),
        {"status": "planned"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr id="need-{needs["ramp"].pk}"')


def test_an_invalid_status_change_is_refused_and_nothing_changes(client, iom_user, needs):
    client.force_login(iom_user)

    response = client.post(
        reverse("assessments:need_status", args=[needs["ramp"].pk]),
        {"status": "done", "next": "https://evil.example/"},
        follow=True,
    )

    assert "ne peut pas passer à" in response.text
    assert response.redirect_chain[-1][0] == URL
    assert Need.objects.get(pk=needs["ramp"].pk).status == "identified"


@pytest.mark.parametrize(("role", "status"), [("partner", 403), ("viewer", 403)])
def test_partners_and_viewers_cannot_change_a_need_status(client, users, role, status, needs):
    client.force_login(users[role])

    response = client.post(
        reverse("assessments:need_status", args=[needs["fire"].pk]), {"status": "planned"}
    )

    assert response.status_code == status
    assert Need.objects.get(pk=needs["fire"].pk).status == "identified"


def test_a_partner_gets_404_for_another_organisations_need(client, partner_user, needs):
    client.force_login(partner_user)

    response = client.post(
        reverse("assessments:need_status", args=[needs["training"].pk]), {"status": "planned"}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_the_needs_page_with_a_plan_runs_a_fixed_number_of_queries(
    client, iom_user, framework, size, django_assert_max_num_queries
):
    for number in range(size):
        assessment = validated_assessment(FacilityFactory(name=f"C{number}"), iom_user, 1)
        NeedFactory(assessment=assessment, criterion=assessment.framework.criteria.first())
    client.force_login(iom_user)

    # Four totals, the planner's needs and priorities, the page, the filter choices, the
    # session and user: 22 whatever the number of needs.
    with django_assert_max_num_queries(22):
        response = client.get(URL, {"budget": "5000"})

    assert response.context["totals"]["overall"]["count"] == size
