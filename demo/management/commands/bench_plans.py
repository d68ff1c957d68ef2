"""`manage.py bench_plans`: what the plans, projects and regional dashboard pages cost.

For the plan list and page, the regional dashboard, the project list and page, and the plan and
pilot PDFs, it prints the number of queries, the server time of a first request and the median
of the next ones. It then adds a large plan (60 actions, 20 indicators with values) and 200
projects with 1,000 funded needs inside a transaction it rolls back, and measures the same pages
on them, so the figures hold for more than the demo data. Run it after `seed_demo` (and
`seed_demo --facilities 10000` for the figures of the README). The last line reads
`plans: <ms> ms plan page, <ms> ms project list, <ms> ms dashboard`.
"""

import datetime
import statistics
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation, User
from assessments.models import Need
from demo.clients import signed_in_client
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

RUNS = 6


class Rollback(Exception):
    """Raised to undo the synthetic rows once measured."""


class Command(BaseCommand):
    help = "Print the queries and server time of the plans, projects and dashboard pages."

    def handle(self, *args, **options):
        plan = ActionPlan.objects.order_by("pk").first()
        pilot = PilotProject.objects.order_by("pk").first()
        project = Project.objects.order_by("pk").first()
        if not (plan and pilot and project):
            raise CommandError("No plan, pilot or project: run `manage.py seed_demo` first.")
        figures = {}
        try:
            with transaction.atomic():
                user = User.objects.create(
                    username="bench-plans", role=User.Role.IOM_STAFF, is_active=True
                )
                client = signed_in_client(user, HTTP_HOST="localhost")
                self.stdout.write(f"{'page':48} {'queries':>8} {'first':>10} {'median':>9}")
                self.stdout.write("-- demo data")
                figures.update(self.measure(client, plan, pilot, project, pdfs=True))
                self.stdout.write("-- plus a plan of 60 actions and 200 projects, 1,000 fundings")
                big_plan = self.large_plan(plan)
                self.large_projects()
                figures.update(self.measure(client, big_plan, pilot, project, pdfs=False))
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(
            f"plans: {figures['plan']:.1f} ms plan page, {figures['projects']:.1f} ms project "
            f"list, {figures['dashboard']:.1f} ms dashboard"
        )

    def measure(self, client, plan, pilot, project, pdfs) -> dict:
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
        medians = {}
        for name, address in pages:
            timings = []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(address)
                    timings.append((time.perf_counter() - started) * 1000)
                query_count = len(queries.captured_queries)
                if response.status_code != 200:
                    raise CommandError(f"{address} answered {response.status_code}")
            medians[name] = statistics.median(timings[1:])
            self.stdout.write(
                f"{address[:48]:48} {query_count:>8} {timings[0]:>7.1f} ms {medians[name]:>6.1f} ms"
            )
        return medians

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
