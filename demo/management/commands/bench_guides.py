"""`manage.py bench_guides`: how fast a guide is laid out, and what the cache saves.

It builds one facility with a validated assessment on the current framework (every criterion
below the standard, with comments, and twelve costed needs: a guide of ten pages or more), lays
its reinforcement guide out several times and prints pages per second; then it downloads the
guide through the real view as IOM staff with `demo.benchmarking.measure_page`, once with an
empty cache and then from the cache, and prints its row (queries, size, first and median time,
bare SQL, ratio) as the other benchmarks do. Everything happens in a transaction that is rolled
back, with the cache in a temporary folder: the database and the media files are left as they
were. The last line reads
`guides: <pages> pages, <pages/s> pages/s, uncached <ms> ms, cached <ms> ms`.
"""

import statistics
import tempfile
import time
import uuid
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from accounts.models import Organisation, User
from assessments.models import Answer, Assessment, Dimension, Framework, Need
from demo.benchmarking import Measurement, bench_user, measure_page, write_table
from demo.clients import page_conditions, signed_in_client
from facilities.models import Facility, Province
from guides import documents
from guides.pdf import layout, render_html


class Command(BaseCommand):
    help = (
        "Print pages per second for a guide of ten pages or more, and the time of an uncached "
        "download next to a cached one (in a rolled-back transaction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, repeat, **options):
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        framework = Framework.objects.current()
        if framework is None:
            raise CommandError("No published framework: run migrate first.")
        media = tempfile.mkdtemp(prefix="bench-guides-")
        with page_conditions(MEDIA_ROOT=media), transaction.atomic():
            try:
                assessment, user = self.arrange(framework)
                pages, seconds = self.time_layout(assessment, repeat)
                download = self.time_downloads(assessment, user)
            finally:
                transaction.set_rollback(True)
        self.stdout.write(
            f"Guide of {pages} pages on framework {framework}, median of {repeat} layout(s). "
            "The database is unchanged (rolled back).\n"
        )
        # First: laid out (the cache is empty); median: from the cache.
        write_table(self.stdout, self.style, [download])
        self.stdout.write(
            f"\nguides: {pages} pages, {pages / seconds:.1f} pages/s, "
            f"uncached {download.first_ms:.0f} ms, cached {download.median_ms:.0f} ms"
        )

    def arrange(self, framework: Framework):
        organisation = Organisation.objects.create(name=f"Bench {uuid.uuid4().hex[:8]}")
        province = Province.objects.select_related("region").order_by("code").first()
        facility = Facility.objects.create(
            name="Centre d'accueil de référence (banc d'essai)",
            kind=Facility.Kind.RECEPTION_CENTRE,
            managing_organisation=organisation,
            region=province.region,
            province=province,
            capacity=80,
            occupancy=95,
        )
        user = bench_user(User.Role.IOM_STAFF)
        assessment = Assessment.objects.create(
            facility=facility, framework=framework, assessor_organisation=organisation
        )
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                criterion=criterion,
                score=index % 3,
                comment="Constat détaillé de l'évaluateur lors de la visite, avec photos.",
            )
            for index, criterion in enumerate(assessment.criteria())
        )
        dimensions = list(Dimension.values)
        for number in range(12):
            Need.objects.create(
                facility=facility,
                assessment=assessment,
                dimension=dimensions[number % 4],
                kind=Need.Kind.EQUIPMENT,
                description=f"Besoin chiffré numéro {number + 1}",
                quantity=Decimal(number + 1),
                unit_cost=Decimal("1250.00"),
                urgency=list(Need.Urgency.values)[number % 3],
            )
        assessment.submit(user)
        assessment.validate(user)
        return assessment, user

    def time_layout(self, assessment: Assessment, repeat: int) -> tuple[int, float]:
        html = render_html(
            "guides/facility_guide.html",
            documents.facility_guide(assessment.facility, assessment, with_comments=True),
        )
        layout(html)  # warm-up: fonts loaded and subset once
        timings, pages = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            document = layout(html)
            document.write_pdf()
            timings.append(time.perf_counter() - started)
            pages = len(document.pages)
        return pages, statistics.median(timings)

    def time_downloads(self, assessment: Assessment, user) -> Measurement:
        """The guide's download through the real view with `demo.benchmarking.measure_page`:
        its first request lays the guide out (cache miss), the next ones read the cache."""
        client = signed_in_client(user)
        url = reverse("guides:facility", args=[assessment.facility_id])
        measurement = measure_page(client, "IOM staff", "facility guide PDF", url, 2)
        if client.get(url, secure=True)["X-Guide-Cache"] != "hit":
            raise CommandError("The later downloads did not come from the cache.")
        return measurement
