"""`manage.py build_hsds [--force]`: build the full HSDS document files now, in this process.

The background task does it after each change of the published data; this is for a deployment's
first build (so that the first download needs no wait) and to force a rebuild by hand.
"""

from django.core.management.base import BaseCommand

from directory import hsds_build


class Command(BaseCommand):
    help = "Build the HSDS document files (every language) whose data changed; all with --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Rebuild even if nothing published changed."
        )
        parser.add_argument(
            "--site-url",
            default="",
            help="Scheme and host for the services' addresses (default: SITE_URL, else the "
            "last build's).",
        )

    def handle(self, *args, force, site_url, **options):
        outcome = hsds_build.rebuild(force=force, site_url=site_url)
        for language in hsds_build.LANGUAGES:
            build = hsds_build.current(language)
            if build is not None:
                self.stdout.write(
                    f"{language}: {build.file} ({build.size} bytes gzip, {build.locations} "
                    f"locations, {build.seconds:.1f} s, built {build.built_at:%Y-%m-%d %H:%M:%S})"
                )
        self.stdout.write(f"HSDS document: {outcome}")
