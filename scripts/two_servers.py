#!/usr/bin/env python
"""Two servers, one system: the scale-out set-up of README "Scale-out", run for real.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/manara .venv/bin/python scripts/two_servers.py

(.ci/run runs it through scripts/ci_system_tests.sh; never in `make test`.) On the PostgreSQL
server of DATABASE_URL it makes a database of its own (dropped at the end); it starts its own
redis-server and S3-compatible store (tests/services.py) and a mail server that keeps what it
receives; it migrates, seeds the demonstration data (with DEBUG on, for that command only),
collects the static files, then starts two gunicorn servers, A and B, on two ports, one worker
and one scheduler, all with DEBUG off and the same SECRET_KEY and FIELD_ENCRYPTION_KEYS. Then,
through real HTTP, signed in with password and two-factor code:

1. a guide built through server A downloads from server B (one PDF in the store, same bytes);
2. a batch ZIP made by the worker downloads from both;
3. the open-data document, asked of both, is built once and served by both;
4. a referral sent on A appears on B's work list, and its mail is sent by the worker.

The staff member's session, opened on A, is used on B too: one browser behind a load balancer
that sends each request to either server. It prints a line per step with its time, stops every
process by its id and exits 1 when a check failed.
"""

from __future__ import annotations

import base64
import email
import email.policy
import io
import os
import re
import secrets
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import psycopg  # noqa: E402
from smoke_test import Browser, ProcessModel, Report, free_port, manage, wait_ready  # noqa: E402

from tests.services import running_object_store, running_redis  # noqa: E402

# A mail server that keeps what it receives


class MailSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's SMTP backend: every message is kept in `messages`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpSession)
        self.port = self.server_address[1]
        self.messages: list[email.message.Message] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()

    def to(self, address: str) -> list[email.message.Message]:
        return [message for message in self.messages if address in message.get("To", "")]


class SmtpSession(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 mail sink")
        while line := self.rfile.readline():
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb == "DATA":
                self.reply("354 end with a dot")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                self.server.messages.append(
                    email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                )
                self.reply("250 kept")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            elif verb in ("EHLO", "HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 ok")
            else:
                self.reply("502 not here")


# The database


def server_url() -> str:
    """DATABASE_URL without its database name: where the throwaway database is made."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url.rsplit("/", 1)[0]


def admin_query(sql: str) -> None:
    with psycopg.connect(server_url() + "/postgres", autocommit=True) as connection:
        connection.execute(sql)


def wait_until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {seconds} s")


# The data the scenarios use (read and written through the ORM, in this process)


def prepare_data() -> dict:
    """Two people with an authenticator app (IOM staff; a partner of a receiving organisation),
    and the records the scenarios act on, chosen in the demonstration data."""
    from django.db.models import Count
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import twofactor
    from accounts.models import DEMO_EMAIL_DOMAIN, Organisation, User
    from assessments.models import Assessment
    from referrals.models import ActorService, Case

    # `check --deploy` refuses demonstration accounts with DEBUG off: these lose their address
    # and password (their records stay).
    for demo in User.objects.filter(email__iendswith="@" + DEMO_EMAIL_DOMAIN):
        demo.email = ""
        demo.set_unusable_password()
        demo.save()

    # Staff of IOM send a referral of one of IOM's cases (with consent) to another organisation.
    iom = Organisation.objects.filter(kind=Organisation.Kind.IOM).order_by("pk").first()
    case, service = next(
        (case, service)
        for case in Case.objects.filter(consent_given=True, owner=iom).order_by("pk")
        for service in ActorService.objects.filter(is_active=True, regions=case.region_id)
        .exclude(actor__organisation=iom)
        .select_related("actor__organisation")
        .order_by("pk")[:1]
    )
    password = secrets.token_urlsafe(16)
    people = {}
    for name, role, organisation in (
        ("staff", User.Role.IOM_STAFF, iom),
        ("receiver", User.Role.PARTNER, service.actor.organisation),
    ):
        user = User.objects.create_user(
            username=f"two-servers-{name}",
            password=password,
            email=f"{name}@two-servers.test",
            role=role,
            organisation=organisation,
        )
        device = TOTPDevice.objects.create(
            user=user, name=twofactor.APP_DEVICE_NAME, confirmed=True
        )
        people[name] = (user.username, lambda device=device: twofactor.current_code(device))
    validated = Assessment.objects.filter(status=Assessment.Status.VALIDATED)
    region = (
        validated.values("facility__region")
        .annotate(facilities=Count("facility", distinct=True))
        .order_by("facilities", "facility__region")
        .first()["facility__region"]
    )
    return {
        "password": password,
        "people": people,
        "facility": validated.order_by("pk").first().facility_id,
        "region": region,
        "case": case.pk,
        "service": service.pk,
    }


def stored(store, prefix: str) -> list[str]:
    listed = store.client().list_objects_v2(Bucket=store.bucket, Prefix=prefix)
    return [item["Key"] for item in listed.get("Contents", [])]


# The four scenarios


def guide_from_a_downloads_from_b(report, staff, a, b, data, store) -> None:
    path = f"/fr/guides/facility/{data['facility']}.pdf"
    from_a = staff.get(path, a)
    from_b = staff.get(path, b)
    report.step(
        "1. guide built through A downloads from B",
        from_a.status_code == from_b.status_code == 200
        and from_a.content.startswith(b"%PDF")
        and from_a.content == from_b.content
        and len(stored(store, "guides/facility/")) == 1,
        f"A {from_a.status_code}, B {from_b.status_code}, {len(from_b.content)} bytes the same, "
        f"{len(stored(store, 'guides/facility/'))} PDF in the store",
    )


def ask_for_batch(staff, a, data) -> int:
    answer = staff.post(
        "/fr/guides/batches/", {"kind": "region_guides", "region": data["region"]}, a
    )
    found = re.search(r"/guides/batches/(\d+)/$", urlsplit(answer.url).path)
    if answer.status_code != 200 or not found:
        raise AssertionError(f"batch not made: {answer.status_code} {answer.url}")
    return int(found.group(1))


def batch_downloads_from_both(report, staff, a, b, batch_pk) -> None:
    from guides.models import GuideBatch

    batch = wait_until(
        lambda: GuideBatch.objects.filter(
            pk=batch_pk, status__in=[GuideBatch.Status.DONE, GuideBatch.Status.FAILED]
        ).first(),
        180,
        "the worker finishing the batch",
    )
    path = f"/fr/guides/batches/{batch_pk}/download.zip"
    from_a, from_b = staff.get(path, a), staff.get(path, b)
    names = []
    if from_a.status_code == 200:
        names = zipfile.ZipFile(io.BytesIO(from_a.content)).namelist()
    report.step(
        "2. batch ZIP made by the worker downloads from A and B",
        batch.status == GuideBatch.Status.DONE
        and from_a.status_code == from_b.status_code == 200
        and from_a.content == from_b.content
        and any(name.endswith(".pdf") for name in names),
        f"{batch.status}, A {from_a.status_code}, B {from_b.status_code}, {len(names)} file(s)",
    )


def open_data_built_once(report, public, a, b, store) -> None:
    from directory.models import HsdsBuild

    path = "/api/directory/hsds/?lang=fr"
    first = [public.get(path, server).status_code for server in (a, b)]
    wait_until(lambda: public.get(path, a).status_code == 200, 120, "the HSDS document")
    from_a, from_b = public.get(path, a), public.get(path, b)
    builds = {
        language: HsdsBuild.objects.filter(language=language).count()
        for language in ("fr", "ar", "en")
    }
    report.step(
        "3. open-data document built once, served by A and B",
        from_b.status_code == 200
        and from_a.headers["ETag"] == from_b.headers["ETag"]
        and from_a.headers["X-Built-At"] == from_b.headers["X-Built-At"]
        and from_a.content == from_b.content
        and set(builds.values()) == {1}
        and len(stored(store, "open-data/hsds/")) == 3,
        f"first answers {first}, then A and B {from_b.headers.get('ETag')}, builds {builds}",
    )


def referral_on_a_reaches_b(report, staff, a, b, data, mail) -> None:
    answer = staff.post(
        f"/fr/cases/{data['case']}/referrals/new/",
        {"service": data["service"], "reason": "Two servers test", "urgency": "normal", "send": 1},
        a,
    )
    found = re.search(r"/referrals/(\d+)/$", urlsplit(answer.url).path)
    if answer.status_code != 200 or not found:
        raise AssertionError(f"referral not sent: {answer.status_code} {answer.url}")
    link = f"/fr/referrals/{found.group(1)}/"
    receiver = Browser(b)
    username, code = data["people"]["receiver"]
    receiver.sign_in(username, data["password"], code)
    work_list = receiver.get("/fr/referrals/")
    mails = wait_until(
        lambda: mail.to("receiver@two-servers.test"), 90, "the worker sending the mail"
    )
    report.step(
        "4. referral sent on A is on B's work list, its mail sent by the worker",
        work_list.status_code == 200 and link in work_list.text and len(mails) == 1,
        f"{link} on B's list: {link in work_list.text}; mail: {mails[0]['Subject']!r}",
    )


def run_servers(report, model, environment, store, mail, data) -> None:
    """Servers A and B, the worker and the scheduler; then the four scenarios."""
    ports = {"A": free_port(), "B": free_port()}
    servers = {
        name: model.start("web", f"web-{name}", PORT=str(port), HOST="127.0.0.1", BIND="")
        for name, port in ports.items()
    }
    model.start("worker")
    model.start("scheduler")
    for name, process in servers.items():
        model.wait_for_web(process, ports[name])
    a, b = (f"http://127.0.0.1:{port}" for port in ports.values())
    report.step(f"servers A :{ports['A']} and B :{ports['B']}, a worker, a scheduler", True)

    staff = Browser(a)
    username, code = data["people"]["staff"]
    staff.sign_in(username, data["password"], code)
    report.step("staff signed in on A (password, then code); the same session used on B", True)
    public = Browser(b)
    guide_from_a_downloads_from_b(report, staff, a, b, data, store)
    batch_pk = ask_for_batch(staff, a, data)
    referral_on_a_reaches_b(report, staff, a, b, data, mail)
    open_data_built_once(report, public, a, b, store)
    batch_downloads_from_both(report, staff, a, b, batch_pk)
    for name, base_url in (("A", a), ("B", b)):
        ready = wait_ready(public, 90, base_url)
        report.step(
            f"/readyz of {name} (database, Redis, S3, worker's heartbeat)",
            ready.status_code == 200,
            ready.text.strip().replace("\n", "; "),
        )


def main() -> int:
    report = Report()
    database = f"manara_two_servers_{secrets.token_hex(4)}"
    admin_query(f'CREATE DATABASE "{database}"')
    folder = Path(tempfile.mkdtemp(prefix="manara-two-servers-"))
    model = None
    try:
        with running_redis() as redis, running_object_store() as store, MailSink() as mail:
            environment = {
                **os.environ,
                "DEBUG": "false",
                "SECRET_KEY": secrets.token_urlsafe(50),
                # A Fernet key made for this run (never one of a real deployment).
                "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
                "ALLOWED_HOSTS": "127.0.0.1",
                "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
                "DATABASE_URL": f"{server_url()}/{database}",
                "CACHE_URL": redis.url,
                **store.environment(),
                "EMAIL_URL": f"smtp://127.0.0.1:{mail.port}",
                "STATIC_ROOT": str(folder / "static"),
                "MEDIA_ROOT": str(folder / "media"),
                "SITE_URL": "https://manara.test",
                # The open-data document is rebuilt 2 s after a change, not a minute.
                "HSDS_REBUILD_SECONDS": "2",
                "WEB_CONCURRENCY": "2",
                "PYTHONUNBUFFERED": "1",
            }
            environment.pop("TASKS_IMMEDIATE", None)
            report.step(f"database {database}, Redis :{redis.port}, S3 :{store.port}", True)
            # collectstatic alongside migrate and the seed: each keeps one core busy.
            collect = subprocess.Popen(  # noqa: S603 (this checkout's manage.py)
                [sys.executable, "manage.py", "collectstatic", "--noinput"],
                cwd=ROOT,
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=(folder / "collectstatic.log").open("wb"),
            )
            manage("migrate", "--noinput", environment=environment)
            report.step("migrate", True)
            manage("seed_demo", environment={**environment, "DEBUG": "true"})
            report.step("seed_demo (DEBUG on for this command only)", True)
            report.step("collectstatic", collect.wait(300) == 0)

            os.environ.update(environment)
            os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
            import django

            django.setup()
            data = prepare_data()
            report.step("two people with an authenticator app; the records to act on", True)
            model = ProcessModel(environment, folder)
            run_servers(report, model, environment, store, mail, data)
    except Exception as error:  # noqa: BLE001 (reported, then everything is stopped)
        report.step("unexpected error", False, f"{type(error).__name__}: {error}")
    finally:
        if model is not None:
            problems = model.stop()
            report.step(
                "every process stopped cleanly (SIGTERM)",
                not problems,
                ", ".join(f"{p.name}: {p.returncode}" for p in model.processes),
            )
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        admin_query(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    seconds = time.monotonic() - report.started
    if report.failures:
        print(
            f"TWO SERVERS FAILED in {seconds:.0f} s: {', '.join(report.failures)} (logs: {folder})"
        )
        return 1
    # The logs, static files and media are kept for a failed run only.
    shutil.rmtree(folder, ignore_errors=True)
    print(f"TWO SERVERS PASSED in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
