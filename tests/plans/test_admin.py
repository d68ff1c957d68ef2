"""The plans app's back office: who may write what, the checks that refuse bad data, and cost."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from facilities.models import Region, TargetGroup
from plans import models as plans_models
from plans.models import (
    ActionPlan,
    Donor,
    Indicator,
    IndicatorValue,
    NeedFunding,
    PilotActivity,
    PilotBudgetLine,
    PilotProject,
    PilotRisk,
    PlanAction,
    Project,
    ProjectPartner,
    ProjectResult,
    SdgTarget,
    SniaProgramme,
    StrategicAxis,
    SupportActivity,
    SupportFollowUp,
    SupportParticipants,
)
from tests.factories import FacilityFactory, NeedFactory, UserFactory

PLANS_MODELS = [getattr(plans_models, name) for name in plans_models.__all__]
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "plans"),
    key=lambda model: model._meta.label,
)


def label(model) -> str:
    return model._meta.label


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(page, **fields) -> dict:
    """What the browser would post back from an admin add or change page left as it is.

    Every field of the main form and of the inlines' existing rows, with each inline's
    management form; extra blank rows are left out (TOTAL_FORMS counts the existing rows only).
    Keyword arguments replace or add fields.
    """
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        initial = formset.initial_form_count()
        management = formset.management_form
        data.update(
            {
                management.add_prefix("TOTAL_FORMS"): initial,
                management.add_prefix("INITIAL_FORMS"): initial,
                management.add_prefix("MIN_NUM_FORMS"): 0,
                management.add_prefix("MAX_NUM_FORMS"): 1000,
            }
        )
        forms += formset.forms[:initial]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [str(item) for item in value]
            else:
                value = str(value)
            data[form.add_prefix(name)] = value
    data.update(fields)
    return data


def inline_rows(prefix: str, *rows: dict, initial: int = 0) -> dict:
    """New inline rows posted after `initial` existing ones, with the management form."""
    data = {
        f"{prefix}-TOTAL_FORMS": initial + len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows, start=initial):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def error_text(page) -> str:
    """Every error of the main form and the inlines, as the page lists them."""
    return " ".join(message for errors in page.context["errors"] for message in errors)


@pytest.fixture(autouse=True)
def english(client):
    """Messages are checked in English, their source language, whatever gets translated later.

    The back office speaks the signed-in user's language: its users here prefer English.
    """
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def staff_iom_user(iom_org):
    """IOM staff with access to the back office, but not a Manara administrator."""
    return UserFactory(
        username="iom_staff_admin",
        role=User.Role.IOM_STAFF,
        organisation=iom_org,
        is_staff=True,
        preferred_language="en",
    )


@pytest.fixture
def staff_council_user(council_user):
    """The Oriental council's viewer, given access to the back office."""
    council_user.is_staff = True
    council_user.preferred_language = "en"
    council_user.save()
    return council_user


@pytest.fixture
def axis(oriental_plan):
    return oriental_plan.axes.get(number=1)


@pytest.fixture
def plan_indicator(oriental_plan):
    """I1, migrants given primary health care: people, by sex, over 2025–2029."""
    return oriental_plan.indicators.get(code="I1")


def make_records(number: int, organisation, user) -> None:
    """One more of every kind of record: a plan and a project with all they hold."""
    oriental = Region.objects.get(code="02")
    plan = ActionPlan.objects.create(
        region=oriental,
        council=organisation,
        title=f"Plan {number}",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
    )
    donor = Donor.objects.create(name=f"Bailleur {number}", kind="government")
    project = Project.objects.create(
        code=f"PR.{number:04d}",
        title=f"Projet {number}",
        kind="protection",
        budget=Decimal("100000"),
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        status="active",
    )
    project.donors.add(donor)
    project.regions.add(oriental)
    ProjectPartner.objects.create(project=project, organisation=organisation, role="implementing")
    axis = StrategicAxis.objects.create(plan=plan, number=1, title=f"Axe {number}")
    action = PlanAction.objects.create(
        axis=axis,
        code="1.1",
        title=f"Action {number}",
        lead_organisation=organisation,
        budget=Decimal("1000"),
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    action.programmes.add(SniaProgramme.objects.get(number=3))
    action.partners.add(organisation)
    pilot = PilotProject.objects.create(
        plan=plan,
        title=f"Pilote {number}",
        problem="Accès aux soins",
        objectives="Soigner",
        lead_organisation=organisation,
        starts_on=datetime.date(2025, 1, 1),
        duration_months=12,
    )
    PilotActivity.objects.create(pilot=pilot, title="Lancement", start_month=1, end_month=2)
    PilotBudgetLine.objects.create(
        pilot=pilot, category="staff", description="Médiateur", quantity=12, unit_cost=5000
    )
    PilotRisk.objects.create(
        pilot=pilot, risk="Retard", likelihood="low", impact="medium", mitigation="Suivi"
    )
    indicator = Indicator.objects.create(
        plan=plan, action=action, code=f"P{number}", name="Personnes", unit="people", target=10
    )
    Indicator.objects.create(
        pilot=pilot, code=f"PP{number}", name="Pilote", unit="number", target=3
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        value=4,
        unit="people",
        source="Rapport",
        recorded_by=user,
    )
    result = ProjectResult.objects.create(
        project=project, level="outcome", code="1", statement=f"Résultat {number}"
    )
    result_indicator = Indicator.objects.create(
        result=result, code=f"R{number}", name="Résultat", unit="number", target=5
    )
    IndicatorValue.objects.create(
        indicator=result_indicator,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
        value=1,
        unit="number",
        source="Rapport",
        recorded_by=user,
    )
    NeedFunding.objects.create(
        need=NeedFactory(), project=project, amount=Decimal("900"), recorded_by=user
    )
    support = SupportActivity.objects.create(
        kind="visit",
        date=datetime.date(2025, 5, number % 28 + 1),
        organisation=organisation,
        project=project,
        topic=f"Visite {number}",
        recorded_by=user,
    )
    SupportParticipants.objects.create(activity=support, organisation=organisation, women=2, men=1)
    SupportFollowUp.objects.create(
        activity=support, action="Former", owner="OIM", due_on=datetime.date(2025, 7, 1)
    )


@pytest.fixture
def every_record(ngo_a, admin_user):
    make_records(1, ngo_a, admin_user)


# What is registered ------------------------------------------------------------------------


def test_every_plans_model_has_its_page_or_is_edited_inside_another():
    inline_models = {
        inline.model
        for model in REGISTERED
        for inline in admin.site._registry[model].inlines
        if inline.model._meta.app_label == "plans"  # the log of moves is the activity app's
    }

    assert set(PLANS_MODELS) == set(REGISTERED) | inline_models
    assert {label(model) for model in REGISTERED} == {
        "plans.ActionPlan",
        "plans.Donor",
        "plans.Indicator",
        "plans.IndicatorValue",
        "plans.NeedFunding",
        "plans.PilotProject",
        "plans.PlanAction",
        "plans.Project",
        "plans.ProjectResult",
        "plans.SdgGoal",
        "plans.SdgTarget",
        "plans.SniaProgramme",
        "plans.SupportActivity",
        "plans.ThematicArea",
    }


@pytest.mark.parametrize("model", REGISTERED, ids=label)
@pytest.mark.parametrize("view", ["changelist", "add"])
def test_an_administrator_opens_the_list_and_the_add_page_of_every_plans_model(
    client, admin_user, every_record, model, view
):
    client.force_login(admin_user)

    response = client.get(admin_url(model, view))

    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_an_administrator_opens_a_record_of_every_plans_model(
    client, admin_user, every_record, model
):
    client.force_login(admin_user)
    record = model.objects.order_by("pk").first()

    response = client.get(admin_url(model, "change", record.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_iom_staff_with_back_office_access_open_every_plans_list(
    client, staff_iom_user, every_record, model
):
    client.force_login(staff_iom_user)

    response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count()


def test_the_plans_section_is_listed_on_the_back_office_home_page(client, staff_iom_user):
    client.force_login(staff_iom_user)

    response = client.get(reverse("admin:index"))

    assert admin_url(ActionPlan, "changelist") in response.text
    assert admin_url(SniaProgramme, "changelist") in response.text


def test_an_anonymous_visitor_is_sent_to_the_back_office_login(client, db):
    url = admin_url(ActionPlan, "changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_iom_staff_without_back_office_access_are_sent_to_its_login(client, iom_user):
    client.force_login(iom_user)
    url = admin_url(ActionPlan, "changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


# Reference lists ---------------------------------------------------------------------------


def snia_data(programme: SniaProgramme, **changes) -> dict:
    data = {
        "number": programme.number,
        "code": programme.code,
        "kind": programme.kind,
        "name_fr": programme.name_fr,
        "name_ar": programme.name_ar,
        "name_en": programme.name_en,
        "source_note": programme.source_note,
        "suggested_targets": [
            str(pk) for pk in programme.suggested_targets.values_list("pk", flat=True)
        ],
    }
    if programme.is_confirmed:
        data["is_confirmed"] = "on"
    data.update(changes)
    return data


def test_iom_staff_read_snia_programmes_but_cannot_change_them(client, staff_iom_user):
    programme = SniaProgramme.objects.get(number=3)
    client.force_login(staff_iom_user)

    page = client.get(admin_url(SniaProgramme, "change", programme.pk))
    change = client.post(
        admin_url(SniaProgramme, "change", programme.pk), snia_data(programme, name_en="Renamed")
    )
    add = client.get(admin_url(SniaProgramme, "add"))

    assert page.status_code == 200
    assert 'name="name_en"' not in page.text
    assert change.status_code == 403
    assert add.status_code == 403
    assert SniaProgramme.objects.get(pk=programme.pk).name_en == programme.name_en


def test_an_administrator_changes_a_snia_programme_and_its_suggested_targets(client, admin_user):
    programme = SniaProgramme.objects.get(number=3)
    target = SdgTarget.objects.get(code="10.7")
    client.force_login(admin_user)

    response = client.post(
        admin_url(SniaProgramme, "change", programme.pk),
        snia_data(programme, name_en="Health", suggested_targets=[str(target.pk)]),
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name_en == "Health"
    assert list(programme.suggested_targets.all()) == [target]


def test_iom_staff_cannot_delete_a_donor(client, staff_iom_user, japan):
    client.force_login(staff_iom_user)

    response = client.post(admin_url(type(japan), "delete", japan.pk), {"post": "yes"})

    assert response.status_code == 403
    assert type(japan).objects.filter(pk=japan.pk).exists()


# Action plans and their actions ------------------------------------------------------------


def test_iom_staff_add_a_plan_with_its_axes_through_the_back_office(
    client, staff_iom_user, oriental, oriental_council
):
    client.force_login(staff_iom_user)
    page = client.get(admin_url(ActionPlan, "add"))
    data = form_data(
        page,
        region=oriental.pk,
        council=oriental_council.pk,
        title="Plan 2026–2030",
        starts_on="2026-01-01",
        ends_on="2030-12-31",
        vision="Accueillir",
        status="adopted",
        **inline_rows("axes", {"number": 1, "title": "Santé"}, {"number": 2, "title": "Emploi"}),
    )

    response = client.post(admin_url(ActionPlan, "add"), data)

    assert response.status_code == 302
    plan = ActionPlan.objects.get(title="Plan 2026–2030")
    assert (plan.region, plan.council, plan.status) == (oriental, oriental_council, "draft")
    assert list(plan.axes.values_list("title", flat=True)) == ["Santé", "Emploi"]


def test_the_add_page_of_a_plan_offers_no_indicators_until_the_plan_is_saved(
    client, staff_iom_user
):
    client.force_login(staff_iom_user)

    response = client.get(admin_url(ActionPlan, "add"))

    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["axes"]
    assert "Save the plan first" in response.text


def test_iom_staff_add_an_action_to_a_plan_through_the_back_office(
    client, staff_iom_user, axis, ngo_a, japan
):
    client.force_login(staff_iom_user)
    programme = SniaProgramme.objects.get(number=7)
    target = SdgTarget.objects.get(code="10.7")

    response = client.post(
        admin_url(PlanAction, "add"),
        {
            "axis": axis.pk,
            "code": "1.3",
            "status": "planned",
            "title": "Cours d'arabe et de français",
            "programmes": [programme.pk],
            "sdg_targets": [target.pk],
            "lead_organisation": ngo_a.pk,
            "partners": [ngo_a.pk],
            "budget": "250000",
            "funder": japan.pk,
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )

    assert response.status_code == 302
    action = PlanAction.objects.get(code="1.3")
    assert (action.axis, action.budget, action.funder) == (axis, Decimal("250000"), japan)
    assert list(action.programmes.all()) == [programme]
    assert list(action.partners.all()) == [ngo_a]


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "message"),
    [
        ("2024-06-01", "2025-06-30", "The action starts outside the plan's period"),
        ("2029-06-01", "2030-06-30", "The action ends outside the plan's period"),
    ],
)
def test_an_action_dated_outside_its_plans_period_is_refused_and_not_stored(
    client, staff_iom_user, axis, starts_on, ends_on, message
):
    client.force_login(staff_iom_user)
    actions_before = PlanAction.objects.count()

    response = client.post(
        admin_url(PlanAction, "add"),
        {
            "axis": axis.pk,
            "code": "1.9",
            "status": "planned",
            "title": "Hors période",
            "budget": "1000",
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )

    assert response.status_code == 200
    assert message in error_text(response)
    assert "outside the plan&#x27;s period" in response.text
    assert PlanAction.objects.count() == actions_before


def test_an_action_with_a_negative_budget_is_refused_and_not_stored(client, staff_iom_user, axis):
    client.force_login(staff_iom_user)
    actions_before = PlanAction.objects.count()

    response = client.post(
        admin_url(PlanAction, "add"),
        {
            "axis": axis.pk,
            "code": "1.9",
            "status": "planned",
            "title": "Budget négatif",
            "budget": "-5",
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
        },
    )

    assert response.status_code == 200
    assert "A budget cannot be negative." in error_text(response)
    assert PlanAction.objects.count() == actions_before


def test_the_status_of_a_plan_is_not_typed_in_its_form(client, staff_iom_user, oriental_plan):
    client.force_login(staff_iom_user)
    url = admin_url(ActionPlan, "change", oriental_plan.pk)
    page = client.get(url)

    response = client.post(url, form_data(page, status="draft", title="Plan révisé"))

    assert 'name="status"' not in page.text
    assert response.status_code == 302
    oriental_plan.refresh_from_db()
    assert (oriental_plan.title, oriental_plan.status) == ("Plan révisé", "adopted")


def test_the_indicators_of_a_plan_follow_only_that_plans_actions(
    client, staff_iom_user, oriental_plan, souss, souss_council
):
    other_plan = ActionPlan.objects.create(
        region=souss,
        council=souss_council,
        title="Plan Souss-Massa",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    other_axis = StrategicAxis.objects.create(plan=other_plan, number=1, title="Axe")
    other_action = PlanAction.objects.create(
        axis=other_axis,
        code="1.1",
        title="Action du Souss",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    client.force_login(staff_iom_user)

    page = client.get(admin_url(ActionPlan, "change", oriental_plan.pk))

    indicators = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.prefix == "indicators"
    )
    choices = set(indicators.forms[0].fields["action"].queryset)
    assert choices == set(PlanAction.objects.filter(axis__plan=oriental_plan))
    assert other_action not in choices


def test_iom_staff_adopt_a_draft_plan_with_the_admin_action(
    client, staff_iom_user, oriental, oriental_council
):
    draft = ActionPlan.objects.create(
        region=oriental,
        council=oriental_council,
        title="Brouillon",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2030, 12, 31),
    )
    client.force_login(staff_iom_user)

    response = client.post(
        admin_url(ActionPlan, "changelist"),
        {"action": "adopt", "_selected_action": [draft.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    assert (draft.status, draft.status_changed_by) == ("adopted", staff_iom_user)
    assert draft.adopted_on is not None
    assert "Brouillon is adopted." in response.text


def test_adopting_a_plan_already_adopted_is_refused_with_a_message(
    client, staff_iom_user, oriental_plan
):
    client.force_login(staff_iom_user)

    response = client.post(
        admin_url(ActionPlan, "changelist"),
        {"action": "adopt", "_selected_action": [oriental_plan.pk]},
        follow=True,
    )

    assert "The status “Adopted” cannot change to “Adopted”." in response.text
    oriental_plan.refresh_from_db()
    assert (oriental_plan.status, oriental_plan.status_changed_by) == ("adopted", None)


def test_iom_staff_put_an_adopted_plan_under_review(client, staff_iom_user, oriental_plan):
    client.force_login(staff_iom_user)

    client.post(
        admin_url(ActionPlan, "changelist"),
        {"action": "put_under_review", "_selected_action": [oriental_plan.pk]},
    )

    oriental_plan.refresh_from_db()
    assert oriental_plan.status == "under_review"


# Pilot projects ----------------------------------------------------------------------------


def pilot_form(client, oriental_plan, ngo_a, *, lines=(), activities=(), duration=12) -> dict:
    page = client.get(admin_url(PilotProject, "add"))
    return form_data(
        page,
        plan=oriental_plan.pk,
        title="Médiation sanitaire à Oujda",
        problem="Les migrants renoncent aux soins.",
        objectives="Accompagner 300 personnes vers les centres de santé.",
        target_groups=[str(TargetGroup.objects.order_by("pk").first().pk)],
        lead_organisation=ngo_a.pk,
        starts_on="2026-01-01",
        duration_months=duration,
        **inline_rows("budget_lines", *lines),
        **inline_rows("activities", *activities),
    )


def test_iom_staff_add_a_pilot_with_its_budget_lines(client, staff_iom_user, oriental_plan, ngo_a):
    client.force_login(staff_iom_user)
    line = {"category": "staff", "description": "Médiateur", "quantity": "12", "unit_cost": "6000"}
    activity = {"order": 1, "title": "Recrutement", "start_month": 1, "end_month": 2}

    response = client.post(
        admin_url(PilotProject, "add"),
        pilot_form(client, oriental_plan, ngo_a, lines=[line], activities=[activity]),
    )

    assert response.status_code == 302
    pilot = PilotProject.objects.get(title="Médiation sanitaire à Oujda")
    assert list(pilot.budget_lines.values_list("total", flat=True)) == [Decimal("72000")]
    assert pilot.activities.count() == 1


def test_a_new_pilot_with_a_budget_line_of_negative_cost_is_refused_and_nothing_is_stored(
    client, staff_iom_user, oriental_plan, ngo_a
):
    client.force_login(staff_iom_user)
    lines = [
        {"category": "staff", "description": "Médiateur", "quantity": "12", "unit_cost": "6000"},
        {"category": "works", "description": "Rampe", "quantity": "1", "unit_cost": "-500"},
    ]

    response = client.post(
        admin_url(PilotProject, "add"), pilot_form(client, oriental_plan, ngo_a, lines=lines)
    )

    assert response.status_code == 200
    assert "A budget line cannot have a negative amount." in error_text(response)
    assert PilotProject.objects.count() == 0
    assert PilotBudgetLine.objects.count() == 0


def test_a_new_pilot_with_an_activity_after_its_last_month_is_refused(
    client, staff_iom_user, oriental_plan, ngo_a
):
    client.force_login(staff_iom_user)
    activity = {"order": 1, "title": "Évaluation", "start_month": 10, "end_month": 14}

    response = client.post(
        admin_url(PilotProject, "add"),
        pilot_form(client, oriental_plan, ngo_a, activities=[activity]),
    )

    assert response.status_code == 200
    assert "The pilot lasts 12 months" in error_text(response)
    assert PilotProject.objects.count() == 0
    assert PilotActivity.objects.count() == 0


# Indicator values --------------------------------------------------------------------------


def value_data(indicator, **changes) -> dict:
    data = {
        "indicator": indicator.pk,
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
        "value": "120",
        "unit": indicator.unit,
        "source": "Registre du centre de santé",
    }
    data.update(changes)
    return data


def test_iom_staff_record_an_indicator_value_in_the_back_office(
    client, staff_iom_user, plan_indicator
):
    client.force_login(staff_iom_user)

    response = client.post(
        admin_url(IndicatorValue, "add"), value_data(plan_indicator, sex="female")
    )

    assert response.status_code == 302
    value = plan_indicator.values.get()
    assert (value.value, value.sex, value.recorded_by) == (
        Decimal("120"),
        "female",
        staff_iom_user,
    )


def test_an_indicator_value_in_the_wrong_unit_is_refused_and_not_stored(
    client, staff_iom_user, plan_indicator
):
    client.force_login(staff_iom_user)

    response = client.post(
        admin_url(IndicatorValue, "add"), value_data(plan_indicator, unit="percent")
    )

    assert response.status_code == 200
    assert "This indicator is counted in people, not in percent." in error_text(response)
    assert IndicatorValue.objects.count() == 0


@pytest.mark.parametrize(
    ("period_start", "period_end"), [("2024-07-01", "2025-06-30"), ("2024-01-01", "2024-12-31")]
)
def test_an_indicator_value_for_a_period_outside_the_plans_is_refused_and_not_stored(
    client, staff_iom_user, plan_indicator, period_start, period_end
):
    client.force_login(staff_iom_user)

    response = client.post(
        admin_url(IndicatorValue, "add"),
        value_data(plan_indicator, period_start=period_start, period_end=period_end),
    )

    assert response.status_code == 200
    assert "The period must fall inside 2025-01-01 – 2029-12-31." in error_text(response)
    assert IndicatorValue.objects.count() == 0


def test_values_typed_under_an_indicator_record_who_typed_them(
    client, admin_user, staff_iom_user, plan_indicator
):
    IndicatorValue.objects.create(
        indicator=plan_indicator,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
        value=10,
        unit="people",
        source="Registre",
        recorded_by=admin_user,
    )
    client.force_login(staff_iom_user)
    url = admin_url(Indicator, "change", plan_indicator.pk)
    page = client.get(url)
    new_value = {
        "period_start": "2025-04-01",
        "period_end": "2025-06-30",
        "value": "25",
        "unit": "people",
        "source": "Registre",
    }

    response = client.post(url, form_data(page, **inline_rows("values", new_value, initial=1)))

    assert response.status_code == 302
    recorded = {value.period_end: value.recorded_by for value in plan_indicator.values.all()}
    assert recorded == {
        datetime.date(2025, 3, 31): admin_user,
        datetime.date(2025, 6, 30): staff_iom_user,
    }


def test_a_value_typed_under_an_indicator_in_the_wrong_unit_is_refused(
    client, staff_iom_user, plan_indicator
):
    client.force_login(staff_iom_user)
    url = admin_url(Indicator, "change", plan_indicator.pk)
    page = client.get(url)
    wrong = {
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
        "value": "25",
        "unit": "mad",
        "source": "Registre",
    }

    response = client.post(url, form_data(page, **inline_rows("values", wrong)))

    assert response.status_code == 200
    assert "This indicator is counted in people, not in dirhams (MAD)." in error_text(response)
    assert IndicatorValue.objects.count() == 0


def test_new_value_rows_start_in_the_indicators_unit(client, staff_iom_user, plan_indicator):
    client.force_login(staff_iom_user)

    page = client.get(admin_url(Indicator, "change", plan_indicator.pk))

    values = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.prefix == "values"
    )
    assert values.forms[0]["unit"].value() == "people"


def test_a_computed_indicator_offers_no_values_to_type(client, staff_iom_user, oriental_plan):
    computed = Indicator.objects.create(
        plan=oriental_plan,
        code="C1",
        name="Structures renforcées",
        unit="facilities",
        target=10,
        computation="facilities_reinforced",
    )
    client.force_login(staff_iom_user)

    page = client.get(admin_url(Indicator, "change", computed.pk))

    assert page.context["inline_admin_formsets"] == []


# Projects ----------------------------------------------------------------------------------


def test_the_cases_of_a_project_are_chosen_by_number_not_from_a_list(
    client, staff_iom_user, project
):
    client.force_login(staff_iom_user)

    page = client.get(admin_url(Project, "change", project.pk))

    assert '<select name="cases"' not in page.text
    assert 'name="cases"' in page.text


def test_a_funded_need_records_who_entered_it(client, staff_iom_user, project, facility_a):
    need = NeedFactory(facility=facility_a)
    client.force_login(staff_iom_user)

    response = client.post(
        admin_url(NeedFunding, "add"),
        {"need": need.pk, "project": project.pk, "amount": "900"},
    )

    assert response.status_code == 302
    funding = NeedFunding.objects.get()
    assert (funding.need, funding.amount, funding.recorded_by) == (
        need,
        Decimal("900"),
        staff_iom_user,
    )


def test_a_funded_need_outside_the_projects_regions_is_refused(
    client, staff_iom_user, project, souss
):
    need = NeedFactory(facility=FacilityFactory(region=souss))
    client.force_login(staff_iom_user)

    response = client.post(
        admin_url(NeedFunding, "add"),
        {"need": need.pk, "project": project.pk, "amount": "900"},
    )

    assert response.status_code == 200
    assert "The project does not cover the facility's region." in error_text(response)
    assert NeedFunding.objects.count() == 0


# Support to partners -----------------------------------------------------------------------


def test_iom_staff_record_a_support_visit_with_its_participants(
    client, staff_iom_user, ngo_a, facility_a
):
    client.force_login(staff_iom_user)
    page = client.get(admin_url(SupportActivity, "add"))
    data = form_data(
        page,
        kind="visit",
        date="2025-05-12",
        organisation=ngo_a.pk,
        facility=facility_a.pk,
        topic="Gestion des dossiers",
        **inline_rows("participants", {"organisation": ngo_a.pk, "women": 3, "men": 2}),
        **inline_rows(
            "follow_ups", {"action": "Former l'équipe", "owner": "AAO", "due_on": "2025-06-30"}
        ),
    )

    response = client.post(admin_url(SupportActivity, "add"), data)

    assert response.status_code == 302
    visit = SupportActivity.objects.get()
    assert (visit.recorded_by, visit.participants_total, visit.follow_ups.count()) == (
        staff_iom_user,
        5,
        1,
    )


@pytest.fixture
def visit_with_sheet(settings, tmp_path, oriental_council, staff_iom_user):
    """A visit to the Oriental council with its attendance sheet, stored in a scratch folder."""
    settings.MEDIA_ROOT = tmp_path
    return SupportActivity.objects.create(
        kind="visit",
        date=datetime.date(2025, 5, 12),
        organisation=oriental_council,
        topic="Coordination régionale",
        attendance_sheet=SimpleUploadedFile("presence.pdf", b"%PDF-1.4 feuille"),
        recorded_by=staff_iom_user,
    )


def test_the_attendance_sheet_links_to_its_guarded_page_not_to_the_media_folder(
    client, staff_iom_user, staff_council_user, visit_with_sheet
):
    url = admin_url(SupportActivity, "change", visit_with_sheet.pk)
    sheet_page = reverse("plans:attendance_sheet", args=[visit_with_sheet.pk])

    client.force_login(staff_iom_user)
    for_iom = client.get(url)
    client.force_login(staff_council_user)
    for_council = client.get(url)

    assert 'name="attendance_sheet"' in for_iom.text
    for page in (for_iom, for_council):
        assert page.status_code == 200
        assert f'href="{sheet_page}"' in page.text
        assert "/media/" not in page.text


# Readers outside IOM -----------------------------------------------------------------------


def test_a_council_with_back_office_access_reads_its_plan_without_changing_it(
    client, staff_council_user, oriental_plan
):
    client.force_login(staff_council_user)
    url = admin_url(ActionPlan, "change", oriental_plan.pk)

    listing = client.get(admin_url(ActionPlan, "changelist"))
    page = client.get(url)
    change = client.post(url, {"title": "Changed"})
    add = client.get(admin_url(ActionPlan, "add"))

    assert list(listing.context["cl"].result_list) == [oriental_plan]
    assert page.status_code == 200
    assert 'name="title"' not in page.text
    assert change.status_code == 403
    assert add.status_code == 403
    assert ActionPlan.objects.get(pk=oriental_plan.pk).title == oriental_plan.title


def test_another_council_with_back_office_access_does_not_see_the_plan(
    client, souss_council_user, oriental_plan, plan_indicator
):
    souss_council_user.is_staff = True
    souss_council_user.save()
    client.force_login(souss_council_user)

    plans = client.get(admin_url(ActionPlan, "changelist"))
    indicators = client.get(admin_url(Indicator, "changelist"))
    page = client.get(admin_url(ActionPlan, "change", oriental_plan.pk))

    assert plans.context["cl"].result_count == 0
    assert indicators.context["cl"].result_count == 0
    assert page.status_code == 302
    assert page["Location"] == reverse("admin:index")


def test_a_partner_with_back_office_access_sees_only_the_projects_it_takes_part_in(
    client, ngo_b, project
):
    partner = UserFactory(
        username="partner_staff", role=User.Role.PARTNER, organisation=ngo_b, is_staff=True
    )
    client.force_login(partner)

    projects = client.get(admin_url(Project, "changelist"))
    plans = client.get(admin_url(ActionPlan, "changelist"))

    assert projects.context["cl"].result_count == 0
    assert plans.context["cl"].result_count == 0


# Cost --------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_every_plans_list_runs_the_same_number_of_queries_for_more_records(
    client, admin_user, ngo_a, django_assert_max_num_queries, model
):
    client.force_login(admin_user)
    make_records(1, ngo_a, admin_user)
    with django_assert_max_num_queries(15) as small:
        client.get(admin_url(model, "changelist"))
    for number in range(2, 8):
        make_records(number, ngo_a, admin_user)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
