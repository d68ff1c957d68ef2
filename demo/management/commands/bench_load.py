"""`manage.py bench_load` (`make bench`): requests per second under load, as production serves them.

It starts gunicorn (`config.wsgi`, 2 sync workers, DEBUG off, a throwaway SECRET_KEY and
encryption key, static files from WhiteNoise after `collectstatic` into a temporary directory) on
a free port against the current database, then drives it with wrk (8 connections, 2 threads,
`Accept-Encoding: gzip` as browsers send) for `--seconds` per address: a static file, `/healthz`,
the public directory in French, an Arabic search, a public facility page, the help page and the
staff facility list (signed in as a throwaway IOM account whose session has passed the second
factor). It prints each address's requests per second and its share of `/healthz`'s, then stops
gunicorn by its pid and deletes the account.

wrk (Debian's `wrk` package; `scripts/install_load_tool.sh` installs it) rather than a Python
client: the machine has two cores, and a client written in Python would take one of them from
the server it measures; wrk drives 8 keep-alive connections from a few percent of a core.

`--cache-url dummycache://` serves without Django's cache, as the public pages were served before
they were kept on the server (the "before" figures of the README).
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.urls import reverse

from accounts.models import User
from demo.benchmarking import bench_user
from demo.clients import signed_in_client
from demo.facilities import seed_organisations
from facilities.models import Facility

HOST = "127.0.0.1"
REQUESTS_PER_SECOND = re.compile(r"Requests/sec:\s+([\d.]+)")
LATENCY = re.compile(r"Latency\s+([\d.]+)(us|ms|s)\b")
NOT_OK = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
ERRORS = re.compile(r"Socket errors:.*")


class Command(BaseCommand):
    help = "Requests per second of public and staff pages under gunicorn, against /healthz."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=20, help="Load per address (20).")
        parser.add_argument("--connections", type=int, default=8, help="Connections (8).")
        parser.add_argument("--workers", type=int, default=2, help="Gunicorn workers (2).")
        parser.add_argument(
            "--cache-url",
            default="",
            help="CACHE_URL for the server (default: as configured; dummycache:// for none).",
        )

    def handle(self, *args, seconds, connections, workers, cache_url, **options):
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError(
                "wrk is missing: run `bash scripts/install_load_tool.sh` (Debian: apt-get "
                "install wrk)."
            )
        facility = Facility.objects.published().order_by("pk").first()
        if facility is None:
            raise CommandError("No published facility: run `manage.py seed_demo` first.")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        if not gunicorn.exists():
            raise CommandError(f"{gunicorn} is missing: `make install`.")
        self.stdout.write(
            f"Published, open facilities: {Facility.objects.published().count()}; "
            f"{workers} sync workers, {connections} connections, {seconds} s per address "
            f"(database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
            f"{', cache: ' + cache_url if cache_url else ''})"
        )
        secret_key = secrets.token_urlsafe(50)
        with tempfile.TemporaryDirectory(prefix="manara-bench-static-") as static_root:
            environment = self.server_environment(secret_key, static_root, cache_url)
            self.stderr.write("Collecting the static files…")
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=settings.BASE_DIR,
                env=environment,
                check=True,
            )
            with self.staff_session(secret_key) as (session_cookie, staff_address):
                port = free_port()
                server = subprocess.Popen(  # noqa: S603 (our own gunicorn, our arguments)
                    [
                        str(gunicorn),
                        "config.wsgi",
                        "--workers",
                        str(workers),
                        "--worker-class",
                        "sync",
                        "--bind",
                        f"{HOST}:{port}",
                        "--log-level",
                        "warning",
                    ],
                    cwd=settings.BASE_DIR,
                    env=environment,
                    stdout=subprocess.DEVNULL,
                )
                try:
                    wait_until_up(port, server)
                    facility_address = reverse("directory:facility", args=[facility.slug])
                    pages = [
                        ("static file", "/static/css/public.css", None),
                        ("/healthz", "/healthz", None),
                        ("directory (fr)", "/fr/directory/", None),
                        ("search (ar)", "/ar/directory/?q=Tanger&group=women", None),
                        ("facility page", facility_address, None),
                        ("help page", "/fr/help/", None),
                        ("staff facility list", staff_address, session_cookie),
                    ]
                    results = []
                    for name, address, cookie in pages:
                        self.stderr.write(f"Loading {address} for {seconds} s…")
                        warm_up(port, address, cookie)
                        results.append(
                            (
                                name,
                                address,
                                *self.load(wrk, port, address, cookie, seconds, connections),
                            )
                        )
                finally:
                    server.send_signal(signal.SIGTERM)
                    try:
                        server.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        server.kill()
                        server.wait()
        self.write_results(results)

    def server_environment(self, secret_key: str, static_root: str, cache_url: str) -> dict:
        """The environment of collectstatic and gunicorn: production's settings, throwaway keys."""
        environment = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secret_key,
            "FIELD_ENCRYPTION_KEYS": os.environ.get("FIELD_ENCRYPTION_KEYS")
            or Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": HOST,
            "STATIC_ROOT": static_root,
            # Plain HTTP on the loopback: no redirection to https.
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
        if cache_url:
            environment["CACHE_URL"] = cache_url
        return environment

    @contextlib.contextmanager
    def staff_session(self, secret_key: str):
        """A throwaway IOM account's session cookie, signed with the server's key, and the list."""
        organisations, _created = seed_organisations()
        user = bench_user(User.Role.IOM_STAFF, organisations["iom"])
        try:
            # The session's auth hash and signature are made with the server's SECRET_KEY.
            with override_settings(SECRET_KEY=secret_key):
                client = signed_in_client(user)
                cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield f"{settings.SESSION_COOKIE_NAME}={cookie}", reverse("facilities:list")
        finally:
            client.session.delete()
            user.delete()

    def load(self, wrk, port, address, cookie, seconds, connections):
        """wrk's requests per second, mean latency in ms and answers that were not 2xx/3xx."""
        command = [
            wrk,
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            "--header",
            "Accept-Encoding: gzip",
            # A slow page is counted at its pace, not as a socket error after wrk's 2 s.
            "--timeout",
            "30s",
        ]
        if cookie:
            command += ["--header", f"Cookie: {cookie}"]
        output = subprocess.run(  # noqa: S603 (wrk, our arguments)
            [*command, f"http://{HOST}:{port}{address}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rate = float(REQUESTS_PER_SECOND.search(output).group(1))
        latency = LATENCY.search(output)
        factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[latency.group(2)] if latency else 0
        latency_ms = float(latency.group(1)) * factor if latency else 0.0
        not_ok = int(NOT_OK.search(output).group(1)) if NOT_OK.search(output) else 0
        if ERRORS.search(output):
            not_ok += sum(int(n) for n in re.findall(r"\d+", ERRORS.search(output).group(0)))
        return rate, latency_ms, not_ok

    def write_results(self, results):
        health = next(rate for name, _a, rate, _l, _n in results if name == "/healthz")
        header = (
            f"{'page':<20}  {'address':<42}  {'req/s':>8}  {'% healthz':>9}  {'mean ms':>7}  "
            f"{'errors':>6}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for name, address, rate, latency, not_ok in results:
            share = 100 * rate / health if health else 0.0
            line = (
                f"{name:<20}  {address[:42]:<42}  {rate:>8.1f}  {share:>8.0f}%  {latency:>7.1f}  "
                f"{not_ok:>6}"
            )
            self.stdout.write(self.style.ERROR(line) if not_ok else line)


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until gunicorn answers /healthz (any status: a late worker queue says 503)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn stopped (exit status {server.returncode}).")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
            connection.close()
            if status:
                return
        time.sleep(0.5)
    raise CommandError("gunicorn did not answer within a minute.")


def warm_up(port: int, address: str, cookie: str | None, requests: int = 10) -> None:
    """A few requests first, so that each worker has opened its connections and caches."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Accept-Encoding": "gzip", **({"Cookie": cookie} if cookie else {})}
    for _ in range(requests):
        connection.request("GET", address, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200 and address != "/healthz":
            raise CommandError(f"{address} answered {response.status}")
    connection.close()
