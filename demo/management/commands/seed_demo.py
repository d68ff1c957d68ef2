"""`manage.py seed_demo`: fill a development database with demonstration data, safely re-runnable.

It creates the demonstration organisations and facilities that are missing (never duplicating or
overwriting them) and, only when DEBUG is on, the demo accounts `admin`, `iom`, `partner1`,
`partner2`, `viewer` and `council` with the password DEMO_PASSWORD (`admin` and `iom`, who
must sign in with a second factor, with the demo authenticator key DEMO_TOTP_KEY; `demo_totp`
prints their code). With DEBUG off the
organisations and facilities are still created but no account is: the command warns and exits
normally, so that a demo password can never exist on a production machine. It then adds
demonstration assessments of the demo facilities (validated, submitted, draft and returned ones),
reintegration actors and cases, and the regional action plans, IOM projects and support
activities. `--facilities N` adds N synthetic facilities in bulk for load tests, each with a
validated assessment, its answers and costed needs.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from demo.assessments import seed_assessments
from demo.facilities import (
    DEMO_TOTP_KEY,
    seed_facilities,
    seed_organisations,
    seed_second_factors,
    seed_users,
)
from demo.plans import seed_plans
from demo.referrals import seed_actors, seed_cases
from demo.synthetic_assessments import create_synthetic_assessments
from demo.synthetic_facilities import create_synthetic_facilities
from facilities.models import Facility


class Command(BaseCommand):
    """Seed the demonstration organisations, facilities and (with DEBUG on) accounts."""

    help = (
        "Create the demo organisations, facilities and, when DEBUG is on, the demo accounts "
        "(idempotent). --facilities N adds N synthetic facilities for load tests."
    )

    def add_arguments(self, parser):
        """Declare --facilities, --batch-size and --reset-passwords."""
        parser.add_argument(
            "--facilities",
            type=int,
            default=0,
            metavar="N",
            help="Also add N synthetic facilities (codes SYN-…), in bulk, for load tests.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Rows per INSERT when adding synthetic facilities (default 1000).",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set the demo accounts that already exist back to DEMO_PASSWORD (DEBUG only).",
        )

    def handle(self, *args, facilities, batch_size, reset_passwords, **options):
        """Seed what is missing, then add the synthetic facilities, then list the accounts."""
        if facilities < 0 or batch_size < 1:
            raise CommandError("--facilities must be 0 or more and --batch-size at least 1.")
        password = settings.DEMO_PASSWORD
        if settings.DEBUG and not password:
            raise CommandError("DEMO_PASSWORD is empty: set it, or leave it unset for the default.")

        with transaction.atomic():
            organisations, organisations_created = seed_organisations()
            facilities_created = seed_facilities(organisations)
            accounts = (
                seed_users(organisations, password, reset_passwords) if settings.DEBUG else None
            )
            with_demo_app = seed_second_factors(accounts) if accounts is not None else []
            assessments_created = seed_assessments()
            actors_created = seed_actors()
            cases_created = seed_cases()
            plans_created = seed_plans()
        self.stdout.write(
            f"Organisations: {organisations_created} created, "
            f"{len(organisations) - organisations_created} already there."
        )
        self.stdout.write(f"Demo facilities: {facilities_created} created.")
        self.stdout.write(f"Demo assessments: {assessments_created} created.")
        self.stdout.write(
            f"Reintegration actors: {actors_created} created; "
            f"cases with referrals: {cases_created} created."
        )
        self.stdout.write(
            f"Action plans: {plans_created['plans']} created "
            f"({plans_created['actions']} actions, {plans_created['pilots']} pilot projects); "
            f"projects: {plans_created['projects']} created; "
            f"indicators: {plans_created['indicators']} created; "
            f"funded needs: {plans_created['fundings']} created; "
            f"support activities: {plans_created['support activities']} created."
        )

        if facilities:
            started = time.perf_counter()
            codes = create_synthetic_facilities(facilities, batch_size=batch_size)
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"Synthetic facilities: {len(codes)} added ({codes[0]} to {codes[-1]}) "
                f"in {elapsed:.1f} s."
            )
            started = time.perf_counter()
            # The new codes are consecutive and of equal width: a range selects them.
            ids = list(
                Facility.objects.filter(code__gte=codes[0], code__lte=codes[-1]).values_list(
                    "pk", flat=True
                )
            )
            assessed = create_synthetic_assessments(ids, seed=len(codes))
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"Synthetic validated assessments, with answers and needs: {assessed} added "
                f"in {elapsed:.1f} s."
            )
        if connection.vendor == "postgresql":
            # The planner's statistics of what was just added, as autovacuum would gather them
            # later (where it runs): benchmarks right after a seed measure the plans of real use.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        if accounts is None:
            self.stderr.write(
                self.style.WARNING(
                    "No demo account was created or changed because DEBUG is off: demo "
                    "passwords must never exist on a production machine. Create real accounts "
                    "with `manage.py createsuperuser` and the admin site."
                )
            )
        else:
            self._write_accounts(accounts, password)
            self._write_second_factor(with_demo_app)

    def _write_accounts(self, accounts, password):
        """Print the demo accounts as a small table, with the password where it is known."""
        rows = [("username", "role", "organisation", "password")]
        for user, has_demo_password in accounts:
            organisation = user.organisation
            rows.append(
                (
                    user.username,
                    user.role,
                    (organisation.acronym or organisation.name) if organisation else "—",
                    password if has_demo_password else "(unchanged; --reset-passwords)",
                )
            )
        widths = [max(len(row[column]) for row in rows) for column in range(4)]
        self.stdout.write("\nDemo accounts (DEBUG only):")
        for index, row in enumerate(rows):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(f"  {line.rstrip()}")
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))

    def _write_second_factor(self, users):
        """How to give the code the demo accounts of administrators and IOM staff are asked."""
        if not users:
            return
        from base64 import b32encode

        key = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode().rstrip("=")
        names = ", ".join(user.username for user in users)
        self.stdout.write(
            f"\nTwo-factor sign-in (DEBUG only): {names} give a code after the password. Add the "
            f"key {key} to an authenticator app, or print the current code with "
            "`python manage.py demo_totp USERNAME`."
        )
