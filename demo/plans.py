"""Demonstration plans and projects (`seed_demo`): three regional action plans, four IOM projects.

The regional councils of the Oriental, Souss-Massa and Tanger-Tétouan-Al Hoceïma each get an
action plan (axes, actions aligned with SNIA and the SDGs, indicators with values) and a pilot
project. IOM's four projects come with their results framework; the Japan-funded project funds
needs of facilities of the Oriental and MoTuSe follows demo returnees' cases.

Only these figures come from the terms of reference: the vulnerable-migrants project funded by
Japan (151,500 USD, 1,350 migrants to reach) and project FM.0390 (200,000 USD, national
coverage). Everything else — the other codes and PRIMA ids, budgets, dates, donors, results,
indicator values, plans and pilots — is illustrative, and each project's summary says so.

The records are in demo/data (projects.toml, action_plans.toml, support_activities.toml, and the
councils in accounts.toml); this module reads them and creates them. Records are found by natural
keys (names, codes, titles) and only created when missing: running again creates nothing and
never overwrites what was edited since.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from accounts.models import Organisation, User
from assessments.models import Need
from demo.facilities import seed_organisations
from facilities.models import Facility, Region, TargetGroup
from plans.models import (
    ActionPlan,
    Donor,
    Indicator,
    IndicatorValue,
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
    ThematicArea,
)
from plans.services import record_funding
from referrals.models import Case

from .data import load

# The Japan-funded project funds needs of the Oriental's facilities and follows vulnerable
# migrants' cases; MoTuSe follows demo returnees' cases.
JAPAN_PROJECT, MOTUSE_PROJECT = "PX.0112", "RT.1754"
FUNDED_NEEDS = 4
LINKED_CASES = 12


def _date(text: str | None) -> date | None:
    """A date written as text (YYYY-MM-DD) in a data file; None when left out."""
    return None if text is None else date.fromisoformat(text)


def _decimal(number: int | str | None) -> Decimal | None:
    """A Decimal from a data file's number or text ("10.8"); None when left out."""
    return None if number is None else Decimal(number)


def _organisation_names() -> dict[str, str]:
    """The demo organisations' and councils' names, by key (accounts.toml)."""
    accounts = load("accounts")
    return {
        key: row["name"]
        for table in (accounts["organisations"], accounts["councils"])
        for key, row in table.items()
    }


def _create(model, **fields):
    """Create a record after checking the model's validation rules, as a form would."""
    record = model(**fields)
    record.full_clean()
    record.save()
    return record


def seed_plans() -> dict[str, int]:
    """Create the demo councils, donors, projects, plans and support records that are missing.

    Returns how many of each were created; a second run returns zeros.
    """
    counts = dict.fromkeys(
        [
            "organisations",
            "donors",
            "projects",
            "fundings",
            "plans",
            "actions",
            "pilots",
            "indicators",
            "support activities",
        ],
        0,
    )
    organisations, _ = seed_organisations()
    counts["organisations"] = _seed_councils(organisations)
    donors = {}
    names = _organisation_names()
    for key, row in load("projects")["donors"].items():
        # A council funds its plan's actions under the organisation's own name.
        name = row["name"] if "name" in row else names[row["organisation"]]
        donors[key], created = Donor.objects.get_or_create(
            name=name, defaults={"acronym": row["acronym"], "kind": Donor.Kind(row["kind"])}
        )
        counts["donors"] += created
    staff = User.objects.filter(username="iom").first()
    projects = {}
    for demo in load("projects")["projects"]:
        projects[demo["code"]] = _seed_project(demo, organisations, donors, counts)
    counts["fundings"] = _fund_needs(projects[JAPAN_PROJECT], staff)
    _link_cases(projects[MOTUSE_PROJECT], Case.Programme.AVRR, ["06", "02", "05"])
    _link_cases(projects[JAPAN_PROJECT], Case.Programme.VULNERABLE_MIGRANTS, ["02"])
    for demo in load("action_plans")["plans"]:
        _seed_plan(demo, organisations, donors, counts)
    for demo in load("support_activities")["support_activities"]:
        counts["support activities"] += _seed_support(demo, organisations, projects, staff)
    return counts


def _seed_councils(organisations: dict[str, Organisation]) -> int:
    """Add the Souss-Massa and Tanger-Tétouan-Al Hoceïma councils to `organisations`."""
    created_count = 0
    for key, row in load("accounts")["councils"].items():
        organisation, created = Organisation.objects.get_or_create(
            name=row["name"],
            defaults={"acronym": row["acronym"], "kind": Organisation.Kind.GOVERNMENT},
        )
        if created:
            organisation.regions.set(Region.objects.filter(code=row["region"]))
            created_count += 1
        organisations[key] = organisation
    return created_count


def _add_indicator(demo: Mapping, order: int, **owner) -> None:
    """Create an indicator for its plan, pilot or result, with its values.

    No baseline in the data means none is known; values are given in total and, when given,
    for women and for men.
    """
    unit = Indicator.Unit(demo["unit"])
    source = demo.get("source", "")
    indicator = _create(
        Indicator,
        code=demo["code"],
        name=demo["name"],
        unit=unit,
        baseline=_decimal(demo.get("baseline")),
        target=Decimal(demo["target"]),
        computation=Indicator.Computation(demo.get("computation", "")),
        by_sex=demo.get("by_sex", False),
        means_of_verification=source,
        order=order,
        **owner,
    )
    for value in demo.get("values", ()):
        groups = [("", value["total"])]
        if "women" in value:
            groups += [(Case.Sex.FEMALE, value["women"]), (Case.Sex.MALE, value["men"])]
        for sex, figure in groups:
            _create(
                IndicatorValue,
                indicator=indicator,
                period_start=_date(value["starts_on"]),
                period_end=_date(value["ends_on"]),
                value=Decimal(figure),
                unit=unit,
                sex=sex,
                source=source,
            )


def _seed_project(demo: Mapping, organisations, donors, counts) -> Project:
    """The project with this code; created with its partners and results when missing."""
    project = Project.objects.filter(code=demo["code"]).first()
    if project is not None:
        return project
    project = _create(
        Project,
        code=demo["code"],
        prima_id=demo["prima_id"],
        title=demo["title"],
        short_name=demo["short_name"],
        kind=Project.Kind(demo["kind"]),
        budget=Decimal(demo["budget"]),
        currency=Project.Currency(demo["currency"]),
        rate_to_mad=Decimal(demo["rate_to_mad"]),
        people_to_reach=demo.get("people_to_reach"),
        starts_on=_date(demo["starts_on"]),
        ends_on=_date(demo["ends_on"]),
        status=Project.Status(demo["status"]),
        is_national=demo["is_national"],
        summary=demo["summary"],
    )
    project.donors.set([donors[key] for key in demo["donors"]])
    project.regions.set(Region.objects.filter(code__in=demo["regions"]))
    project.themes.set(ThematicArea.objects.filter(code__in=demo["themes"]))
    for partner in demo["partners"]:
        _create(
            ProjectPartner,
            project=project,
            organisation=organisations[partner["organisation"]],
            role=ProjectPartner.Role(partner["role"]),
        )
    for outcome in demo["results"]:
        parent = _create(
            ProjectResult,
            project=project,
            level=ProjectResult.Level.OUTCOME,
            code=outcome["code"],
            statement=outcome["statement"],
        )
        counts["indicators"] += _add_result_indicators(outcome, parent)
        for output in outcome.get("outputs", ()):
            result = _create(
                ProjectResult,
                project=project,
                level=ProjectResult.Level.OUTPUT,
                parent=parent,
                code=output["code"],
                statement=output["statement"],
            )
            counts["indicators"] += _add_result_indicators(output, result)
    counts["projects"] += 1
    return project


def _add_result_indicators(demo: Mapping, result: ProjectResult) -> int:
    indicators = demo.get("indicators", ())
    for order, indicator in enumerate(indicators, start=1):
        _add_indicator(indicator, order, result=result)
    return len(indicators)


def _fund_needs(project: Project, staff: User | None) -> int:
    """Fund a few open needs of the Oriental's facilities, one per facility, if none is yet.

    The first one is marked done, so that the region shows a reinforced facility; the others
    are funded. Needs already funded or further along are left alone.
    """
    if project.status == Project.Status.COMPLETED or project.fundings.exists():
        return 0
    needs = (
        Need.objects.open()
        .filter(
            facility__region__code="02",
            funding__isnull=True,
            status__in=[Need.Status.IDENTIFIED, Need.Status.PLANNED],
            total_cost__gt=0,
        )
        .select_related("facility")
        .order_by("-total_cost", "pk")
    )
    chosen, facilities = [], set()
    for need in needs:
        if need.facility_id not in facilities:
            chosen.append(need)
            facilities.add(need.facility_id)
        if len(chosen) == FUNDED_NEEDS:
            break
    funded = 0
    for index, need in enumerate(chosen):
        try:
            record_funding(need, project, need.total_cost, staff)
        except ValidationError:
            continue  # the project no longer covers the Oriental: it funds nothing there
        if index == 0:  # the work on the first one is over: its facility is reinforced
            need.refresh_from_db()
            need.set_status(Need.Status.IN_PROGRESS, staff)
            need.set_status(Need.Status.DONE, staff)
        funded += 1
    return funded


def _link_cases(project: Project, programme: str, region_codes: list[str]) -> None:
    """Follow a handful of the demo cases under the project, if it follows none yet."""
    if project.cases.exists():
        return
    cases = Case.objects.filter(programme=programme, region__code__in=region_codes).order_by("pk")
    project.cases.set(cases[:LINKED_CASES])


def _seed_plan(demo: Mapping, organisations, donors, counts) -> None:
    """Create the plan with its axes, actions, indicators and pilot project, when missing.

    Axes are numbered from 1 in the order of the data; an action belongs to the axis its code
    starts with.
    """
    council = organisations[demo["council"]]
    if ActionPlan.objects.filter(council=council, title=demo["title"]).exists():
        return
    plan = _create(
        ActionPlan,
        region=Region.objects.get(code=demo["region"]),
        council=council,
        title=demo["title"],
        starts_on=_date(demo["starts_on"]),
        ends_on=_date(demo["ends_on"]),
        status=ActionPlan.Status(demo["status"]),
        vision=demo["vision"],
        adopted_on=_date(demo.get("adopted_on")),
    )
    programmes = {p.number: p for p in SniaProgramme.objects.all()}
    targets = {t.code: t for t in SdgTarget.objects.all()}
    actions = {}
    for number, axis_data in enumerate(demo["axes"], start=1):
        axis = _create(
            StrategicAxis,
            plan=plan,
            number=number,
            title=axis_data["title"],
            description=axis_data["description"],
        )
        for item in (a for a in demo["actions"] if a["code"].split(".")[0] == str(number)):
            action = _create(
                PlanAction,
                axis=axis,
                code=item["code"],
                title=item["title"],
                lead_organisation=organisations[item["lead"]],
                budget=Decimal(item["budget"]),
                funder=donors[item["funder"]],
                starts_on=_date(item["starts_on"]),
                ends_on=_date(item["ends_on"]),
                status=PlanAction.Status(item["status"]),
            )
            action.programmes.set([programmes[n] for n in item["programmes"]])
            action.sdg_targets.set([targets[code] for code in item["targets"]])
            action.partners.set([organisations[key] for key in item["partners"]])
            action.facilities.set(
                Facility.objects.filter(code__in=item.get("facilities", []), region=plan.region)
            )
            actions[item["code"]] = action
    for order, indicator in enumerate(demo["indicators"], start=1):
        _add_indicator(indicator, order, plan=plan, action=actions.get(indicator.get("action")))
    _seed_pilot(demo["pilot"], plan, organisations, programmes, targets)
    counts["plans"] += 1
    counts["actions"] += len(actions)
    counts["pilots"] += 1
    counts["indicators"] += len(demo["indicators"]) + len(demo["pilot"]["indicators"])


def _seed_pilot(demo: Mapping, plan: ActionPlan, organisations, programmes, targets) -> None:
    pilot = _create(
        PilotProject,
        plan=plan,
        title=demo["title"],
        problem=demo["problem"],
        objectives=demo["objectives"],
        beneficiaries=demo["beneficiaries"],
        lead_organisation=organisations[demo["lead"]],
        starts_on=_date(demo["starts_on"]),
        duration_months=demo["duration_months"],
        sustainability=demo["sustainability"],
    )
    pilot.target_groups.set(TargetGroup.objects.filter(code__in=demo["target_groups"]))
    pilot.partners.set([organisations[key] for key in demo["partners"]])
    pilot.programmes.set([programmes[n] for n in demo["programmes"]])
    pilot.sdg_targets.set([targets[code] for code in demo["targets"]])
    for order, activity in enumerate(demo["activities"], start=1):
        _create(
            PilotActivity,
            pilot=pilot,
            order=order,
            title=activity["title"],
            start_month=activity["first_month"],
            end_month=activity["last_month"],
        )
    for line in demo["budget_lines"]:
        _create(
            PilotBudgetLine,
            pilot=pilot,
            category=PilotBudgetLine.Category(line["category"]),
            description=line["description"],
            quantity=Decimal(line["quantity"]),
            unit_cost=Decimal(line["unit_cost"]),
        )
    for risk in demo["risks"]:
        _create(
            PilotRisk,
            pilot=pilot,
            risk=risk["risk"],
            likelihood=PilotRisk.Level(risk["likelihood"]),
            impact=PilotRisk.Level(risk["impact"]),
            mitigation=risk["mitigation"],
        )
    for order, indicator in enumerate(demo["indicators"], start=1):
        _add_indicator(indicator, order, pilot=pilot)


def _seed_support(demo: Mapping, organisations, projects, staff) -> int:
    """Create the support activity with its participants and follow-ups; 0 when it exists."""
    organisation = organisations[demo["organisation"]]
    kind, day = SupportActivity.Kind(demo["kind"]), _date(demo["date"])
    if SupportActivity.objects.filter(
        kind=kind, date=day, organisation=organisation, topic=demo["topic"]
    ).exists():
        return 0
    facility_code = demo.get("facility")
    facility = (
        Facility.objects.filter(code=facility_code, managing_organisation=organisation).first()
        if facility_code
        else None
    )
    activity = _create(
        SupportActivity,
        kind=kind,
        date=day,
        organisation=organisation,
        facility=facility,
        project=projects[demo["project"]],
        topic=demo["topic"],
        summary=demo["summary"],
        recorded_by=staff,
    )
    for participants in demo["participants"]:
        _create(
            SupportParticipants,
            activity=activity,
            organisation=organisations[participants["organisation"]],
            women=participants["women"],
            men=participants["men"],
        )
    for follow_up in demo.get("follow_ups", ()):
        _create(
            SupportFollowUp,
            activity=activity,
            action=follow_up["action"],
            owner=follow_up["owner"],
            due_on=_date(follow_up["due_on"]),
            is_done=follow_up["done"],
        )
    return 1
