"""`manage.py bench_plans`: what the plans, projects and regional dashboard pages cost.

For the plan list and page, the regional dashboard, the project list and page, and the plan and
pilot PDFs, it prints with `demo.benchmarking` the number of queries, the size, the server time of
a first request and the median of the next ones, the same SQL run bare and the ratio of the two.
It then adds a large plan (60 actions, 20 indicators with values) and 200
projects with 1,000 funded needs inside a transaction it rolls back, and measures the same pages
on them, so the figures hold for more than the demo data. Run it after `seed_demo` (and
`seed_demo --facilities 10000` for the figures of the README). The last line reads
`plans: <ms> ms plan page, <ms> ms project list, <ms> ms dashboard`.
"""

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accounts.models import Organisation, User
from assessments.models import Need
from demo.benchmarking import Measurement, measure_page, write_table
from demo.clients import page_conditions, signed_in_client
from plans.models import (
    ActionPlan,
    Donor,
    Indicator,
    IndicatorValue,
    NeedFunding,
    PilotProject,
    PlanAction,
    Project,
    SdgTarget,
    SniaProgramme,
    StrategicAxis,
)

REPEAT = 5


class Rollback(Exception):
    """Raised to undo the synthetic rows once measured."""


class Command(BaseCommand):
    help = (
        "Print the queries, size, server times and ratio to their bare SQL of the plans, "
        "projects and dashboard pages."
    )

    def handle(self, *args, **options):
        plan = ActionPlan.objects.order_by("pk").first()
        pilot = PilotProject.objects.order_by("pk").first()
        project = Project.objects.order_by("pk").first()
        if not (plan and pilot and project):
            raise CommandError("No plan, pilot or project: run `manage.py seed_demo` first.")
        measurements: list[Measurement] = []
        try:
            with page_conditions(), transaction.atomic():
                user = User.objects.create(
                    username="bench-plans", role=User.Role.IOM_STAFF, is_active=True
                )
                client = signed_in_client(user)
                measurements += self.measure(client, "demo", plan, pilot, project, pdfs=True)
                big_plan = self.large_plan(plan)
                self.large_projects()
                measurements += self.measure(client, "large", big_plan, pilot, project, pdfs=False)
                raise Rollback
        except Rollback:
            pass
        bad = [m for m in measurements if m.status != 200]
        if bad:
            raise CommandError(f"{bad[0].address} answered {bad[0].status}")
        figures = {m.page.split(" ", 1)[1]: m.median_ms for m in measurements}
        self.stdout.write(
            f"Demo data, then a plan of 60 actions and 200 projects with 1,000 fundings ('large'); "
            f"{connection.vendor}, first request then median of {REPEAT}. Rolled back.\n"
        )
        write_table(self.stdout, self.style, measurements)
        self.stdout.write(
            f"plans: {figures['plan']:.1f} ms plan page, {figures['projects']:.1f} ms project "
            f"list, {figures['dashboard']:.1f} ms dashboard"
        )

    def measure(self, client, data: str, plan, pilot, project, pdfs) -> list[Measurement]:
        """Every page on `data` (the page column reads "<data> <page>")."""
        pages = [
            ("plans", "/fr/plans/"),
            ("plan", f"/fr/plans/{plan.pk}/"),
            ("dashboard", f"/fr/dashboard/region/{plan.region.code}/"),
            ("projects", "/fr/projects/"),
            ("project", f"/fr/projects/{project.pk}/"),
            ("export", f"/fr/plans/{plan.pk}.xlsx"),
        ]
        if pdfs:
            pages += [
                ("plan_pdf", f"/fr/plans/{plan.pk}.pdf"),
                ("pilot_pdf", f"/ar/pilots/{pilot.pk}.pdf"),
            ]
        return [
            measure_page(client, "IOM staff", f"{data} {name}", address, REPEAT)
            for name, address in pages
        ]

    def large_plan(self, plan) -> ActionPlan:
        big = ActionPlan.objects.create(
            region=plan.region,
            council=plan.council,
            title="Bench plan",
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2029, 12, 31),
            status=ActionPlan.Status.ADOPTED,
        )
        donor = Donor.objects.order_by("pk").first()
        programmes = list(SniaProgramme.objects.all())
        targets = list(SdgTarget.objects.all())
        for number in range(1, 7):
            axis = StrategicAxis.objects.create(plan=big, number=number, title=f"Axe {number}")
            for index in range(10):
                action = PlanAction.objects.create(
                    axis=axis,
                    code=f"{number}.{index}",
                    title=f"Action {number}.{index}",
                    budget=Decimal(100_000 + index),
                    funder=donor,
                    starts_on=datetime.date(2026, 1, 1),
                    ends_on=datetime.date(2027, 12, 31),
                )
                action.programmes.set(programmes[index % 11 : index % 11 + 2])
                action.sdg_targets.set(targets[index % 20 : index % 20 + 2])
        for number in range(20):
            indicator = Indicator.objects.create(
                plan=big, code=f"B{number}", name=f"Indicateur {number}", unit="number", target=100
            )
            IndicatorValue.objects.bulk_create(
                IndicatorValue(
                    indicator=indicator,
                    period_start=datetime.date(2025, 1, 1),
                    period_end=datetime.date(2025, month, 28),
                    value=month * 5,
                    unit="number",
                    source="bench",
                )
                for month in range(1, 13)
            )
        return big

    def large_projects(self) -> None:
        donor = Donor.objects.order_by("pk").first()
        organisation = Organisation.objects.order_by("pk").first()
        projects = Project.objects.bulk_create(
            Project(
                code=f"BN.{number:04d}",
                title=f"Bench project {number}",
                kind=Project.Kind.PROTECTION,
                budget=Decimal(1_000_000),
                starts_on=datetime.date(2025, 1, 1),
                ends_on=datetime.date(2027, 12, 31),
                status=Project.Status.ACTIVE,
                is_national=True,
            )
            for number in range(200)
        )
        for project in projects:
            project.donors.add(donor)
            project.partners.create(organisation=organisation, role="implementing")
        needs = list(Need.objects.filter(funding__isnull=True).order_by("pk")[:1000])
        NeedFunding.objects.bulk_create(
            NeedFunding(need=need, project=projects[index % 200], amount=need.total_cost or 1)
            for index, need in enumerate(needs)
        )
