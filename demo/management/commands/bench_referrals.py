"""`manage.py bench_referrals` (`make bench`): every referral and case page at 100,000 referrals
over 50,000 cases, each next to its own bare SQL.

It adds N synthetic referrals over N/2 cases (`demo.synthetic_referrals`: IOM and twelve partner
organisations, the busiest receiving the most, every status, some answers overdue, the cases'
needs and scored follow-ups), one long-followed case (sixty referrals, forty follow-ups, a referral
with sixty progress notes) and a few thousand notifications for the people it measures: an IOM
staff member and a partner of the busiest receiving organisation. For each of them it requests,
through Django's test client, every tab of the caseload and the overdue answers, the referral
dashboard (IOM only: the partner's 403 is printed as such), the long-followed case and one of its
referrals, the case list and a search of it by reference, the actor list, the coverage matrix,
the roadmap, the pathways, the proposals, the notifications page, the staff search and the case
export: the number of queries, the size of the page, the server time of a first request and the
median of the next ones; then it runs the SQL of one request bare on a cursor, fetching every
row, and prints the ratio of the page's time to it: what Django, the templates and Python add to
the database's work. Everything happens in a transaction that is rolled back: the database is
left as it was. The last line reads `referrals: <N> referrals, caseload <ms> ms, case list <ms>
ms, notifications <ms> ms, search <ms> ms, worst ratio <x>` (the slower of the two people for each
page), then the slowest page, the largest HTML page and the worst ratio of any page.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accounts.models import User
from demo.benchmarking import Measurement, analyze, bench_user, measure_page, size_text, write_table
from demo.clients import page_conditions, signed_in_client
from demo.synthetic_referrals import (
    create_long_followed_case,
    create_synthetic_notifications,
    create_synthetic_referrals,
    seed_network,
)
from notifications.models import Notification
from referrals.models import Case, FollowUp, Referral, ReferralNote

TABS = ("to_answer", "in_progress", "sent", "closed")


class Command(BaseCommand):
    """Benchmark the referral pages at N referrals against their own SQL, rolled back."""

    help = (
        "Print the queries, server times and ratio to their bare SQL of the caseload tabs, the "
        "case list, the notifications page and the search, at N synthetic referrals (rolled back)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--referrals", type=int, default=100_000, metavar="N")
        parser.add_argument(
            "--cases",
            type=int,
            default=None,
            metavar="C",
            help="Cases the referrals are spread over (default N/2).",
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=5,
            help="Timed requests per page after the first one (default 5).",
        )
        parser.add_argument(
            "--notifications",
            type=int,
            default=3000,
            metavar="M",
            help="Notifications given to each person measured (default 3000).",
        )

    def handle(self, *args, referrals, cases, repeat, notifications, **options):
        if referrals < 1 or repeat < 1 or notifications < 0 or (cases is not None and cases < 1):
            raise CommandError(
                "--referrals, --cases and --repeat must be at least 1, --notifications 0 or more."
            )
        with page_conditions(), transaction.atomic():
            try:
                people, pages, seconds = self.arrange(referrals, cases, notifications)
                totals = (Referral.objects.count(), Case.objects.count())
                unread = Notification.objects.filter(read_at__isnull=True).count()
                measurements = [
                    measure_page(client, person, page, address, repeat)
                    for person, client in people
                    for page, address in pages
                ]
            finally:
                transaction.set_rollback(True)
        self.stdout.write(
            f"{referrals} synthetic referrals and {notifications} notifications per person added "
            f"in {seconds:.1f} s: {totals[0]} referrals, {totals[1]} cases, {unread} unread "
            f"notifications in all; {connection.vendor}, first request then median of "
            f"{repeat}. The database is unchanged (rolled back).\n"
        )
        self.write_table(measurements)
        self.stdout.write(self.summary(referrals, measurements))

    def arrange(self, count: int, cases: int | None, notifications: int):
        """Seed the referrals, the long-followed case, the two people and their notifications;
        signed-in clients and the pages to measure."""
        started = time.perf_counter()
        self.stderr.write(f"Adding {count} synthetic referrals…")
        network = seed_network()
        references = create_synthetic_referrals(count, network, cases=cases)
        staff = self.person(User.Role.IOM_STAFF, network.iom)
        partner = self.person(User.Role.PARTNER, network.partners[0])
        case, referral = create_long_followed_case(network, partner)
        for user in (staff, partner):
            create_synthetic_notifications(user, notifications)
        analyze(Case, Referral, FollowUp, ReferralNote, Notification)
        seconds = time.perf_counter() - started
        # A reference cut after its thousands: a hundred cases start with it at 100,000.
        query = references[len(references) // 2][:-2]
        people = [("IOM staff", signed_in_client(staff)), ("partner", signed_in_client(partner))]
        return people, self.pages(query, case, referral), seconds

    def person(self, role: str, organisation) -> User:
        return bench_user(role, organisation)

    def pages(self, query: str, case: Case, referral: Referral) -> list[tuple[str, str]]:
        tabs = [(f"caseload {slug}", f"/fr/referrals/?tab={slug}") for slug in TABS]
        return [
            *tabs,
            ("caseload overdue", "/fr/referrals/?tab=to_answer&overdue=on"),
            ("dashboard", "/fr/referrals/dashboard/"),
            ("dashboard per actor", "/fr/referrals/dashboard/?table=per_actor"),
            ("case page", f"/fr/cases/{case.pk}/"),
            ("case page referrals", f"/fr/cases/{case.pk}/?all=referrals"),
            ("referral page", f"/fr/referrals/{referral.pk}/"),
            ("referral timeline", f"/fr/referrals/{referral.pk}/?all=timeline&page=2"),
            ("case list", "/fr/cases/"),
            ("case list search", f"/fr/cases/?q={query}"),
            ("case list follow-ups", "/fr/cases/?follow_up_due=on"),
            ("actor list", "/fr/actors/"),
            ("coverage", "/fr/actors/coverage/"),
            ("roadmap", "/fr/roadmap/"),
            ("pathways", "/fr/pathways/"),
            ("proposals", "/fr/actors/proposals/"),
            ("notifications", "/fr/notifications/"),
            ("search", f"/fr/search/?q={query}"),
            ("case export", "/fr/cases/export.xlsx"),
        ]

    def write_table(self, measurements: list[Measurement]):
        write_table(self.stdout, self.style, measurements)

    def summary(self, count: int, measurements: list[Measurement]) -> str:
        """The last lines: the slowest and the largest page answered, then the slowest person's
        median for each kind of page and the worst ratio (the export aside)."""

        def slowest(prefix: str) -> float:
            return max(m.median_ms for m in measurements if m.page.startswith(prefix))

        answered = [m for m in measurements if m.status == 200]
        pages = [m for m in answered if m.page != "case export"]
        worst = max(pages, key=lambda m: m.median_ms)
        largest = max(pages, key=lambda m: m.size)
        return (
            f"\nslowest page: {worst.page} ({worst.person}) {worst.median_ms:.1f} ms; largest: "
            f"{largest.page} ({largest.person}) {size_text(largest.size)}"
            f"\nreferrals: {count} referrals, caseload {slowest('caseload'):.1f} ms, case list "
            f"{slowest('case list'):.1f} ms, notifications {slowest('notifications'):.1f} ms, "
            f"search {slowest('search'):.1f} ms, dashboard {slowest('dashboard'):.1f} ms, "
            f"worst ratio {max(m.ratio for m in pages):.1f} (pages; the export streams its rows "
            "after the view returns, so its SQL is not in the replay)"
        )
