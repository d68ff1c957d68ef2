#!/usr/bin/env python
"""The smoke test after a deployment (README "After a deployment: the smoke test").

Run from the checkout, with the production environment (DATABASE_URL, SECRET_KEY,
FIELD_ENCRYPTION_KEYS, ALLOWED_HOSTS, CACHE_URL, AWS_*, EMAIL_URL... as the services have them):

    .venv/bin/python scripts/smoke_test.py

It runs `check --deploy`, `migrate` and `collectstatic`; starts the Procfile's three processes
(web on a free port of 127.0.0.1, worker, scheduler) with those settings; makes a throwaway IOM
staff account with an authenticator app (`manage.py smoke_user`); signs in through the real login
and two-factor pages; opens each main page once; waits for /readyz; deletes the account; stops
the processes with SIGTERM and checks that each one exited cleanly. It prints a line per step
and exits 1 when any failed.

Requests go over plain HTTP to 127.0.0.1 with `X-Forwarded-Proto: https`, as the reverse proxy
sends them, so the production settings (secure cookies, HTTPS redirect) stay as they are.
scripts/two_servers.py reuses the pieces below.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def procfile() -> dict[str, str]:
    """The Procfile's processes by name (what a process manager reads)."""
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            processes[name.strip()] = command.strip()
    return processes


def manage(*arguments: str, environment: dict[str, str], timeout: float = 600) -> str:
    """Run `manage.py ...` with `environment`; its standard output, or RuntimeError with its
    last lines."""
    done = subprocess.run(  # noqa: S603 (this checkout's manage.py)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed ({done.returncode}):\n{tail}")
    return done.stdout


# The processes


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    returncode: int | None = None

    def tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class ProcessModel:
    """Processes started from the Procfile's commands, each logging to a file of `folder`."""

    environment: dict[str, str]
    folder: Path
    processes: list[Process] = field(default_factory=list)

    def start(self, kind: str, name: str = "", **extra: str) -> Process:
        """Start the Procfile's `kind` (web, worker, scheduler) with `extra` variables."""
        name = name or kind
        log = self.folder / f"{name}.log"
        environment = {**self.environment, "PATH": f"{BIN}:{os.environ['PATH']}", **extra}
        popen = subprocess.Popen(  # noqa: S603 (the Procfile's own command)
            shlex.split(procfile()[kind]),
            cwd=ROOT,
            env=environment,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def wait_for_web(self, process: Process, port: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.popen.poll() is not None:
                raise RuntimeError(f"{process.name} exited before answering:\n{process.tail()}")
            try:
                answer = requests.get(
                    f"http://127.0.0.1:{port}/healthz",
                    headers={"X-Forwarded-Proto": "https"},
                    timeout=2,
                    allow_redirects=False,
                )
                if answer.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{process.name} did not answer /healthz within {seconds} s")

    def stop(self, seconds: float = 40) -> list[str]:
        """SIGTERM to each process, as a process manager stops it, then wait for its exit code;
        one still there is killed. Returns the problems: an exit code other than 0, a kill."""
        for process in self.processes:
            if process.popen.poll() is None:
                process.popen.send_signal(signal.SIGTERM)
        problems = []
        deadline = time.monotonic() + seconds
        for process in self.processes:
            try:
                process.returncode = process.popen.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.popen.pid, signal.SIGKILL)
                process.returncode = process.popen.wait()
                problems.append(f"{process.name} did not stop within {seconds} s (killed)")
                continue
            if process.returncode != 0:
                problems.append(
                    f"{process.name} exited with {process.returncode}:\n{process.tail()}"
                )
        return problems


# A browser behind the reverse proxy


class Browser:
    """A person's browser: one cookie jar, every request through `X-Forwarded-Proto: https`.

    Cookies are kept per host, not per port, so one Browser talking to two servers on
    127.0.0.1 is one person behind a load balancer that sends each request anywhere. The
    production settings mark the session and CSRF cookies `Secure`; over the plain connection
    to 127.0.0.1 they are sent anyway (the requests say they came through HTTPS, as behind the
    reverse proxy), so redirects are followed here, after each response's cookies are kept.
    """

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["X-Forwarded-Proto"] = "https"

    def url(self, path: str, base_url: str = "") -> str:
        return urljoin((base_url or self.base_url) + "/", path.lstrip("/"))

    def _send(self, method: str, url: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 120)
        for _redirect in range(10):
            answer = self.session.request(method, url, allow_redirects=False, **kwargs)
            for cookie in self.session.cookies:
                cookie.secure = False
            if not answer.is_redirect:
                return answer
            url = urljoin(url, answer.headers["Location"])
            if url.startswith("https://"):
                raise AssertionError(f"redirected to {url}: is X-Forwarded-Proto believed?")
            method, kwargs = "GET", {"timeout": kwargs["timeout"]}
        raise AssertionError(f"too many redirects from {url}")

    def get(self, path: str, base_url: str = "", **kwargs) -> requests.Response:
        return self._send("GET", self.url(path, base_url), **kwargs)

    def post(self, path: str, data: dict, base_url: str = "", **kwargs) -> requests.Response:
        """A form's POST with the CSRF token and the Origin and Referer a browser sends."""
        url = self.url(path, base_url)
        origin = "https://" + urlsplit(url).netloc
        headers = {"Origin": origin, "Referer": origin + urlsplit(url).path}
        token = self.session.cookies.get("csrftoken")
        return self._send(
            "POST", url, data={"csrfmiddlewaretoken": token, **data}, headers=headers, **kwargs
        )

    def sign_in(self, username: str, password: str, code, base_url: str = "") -> None:
        """Password on the login page, then the app's code (`code()`) on the two-factor page."""
        login = "/fr/accounts/login/"
        self.get(login, base_url).raise_for_status()
        answer = self.post(login, {"username": username, "password": password}, base_url)
        if "/two-factor/code/" not in answer.url:
            raise AssertionError(f"after the password: {answer.status_code} {answer.url}")
        path = urlsplit(answer.url).path + (
            "?" + urlsplit(answer.url).query if urlsplit(answer.url).query else ""
        )
        answer = self.post(path, {"code": code()}, base_url)
        if answer.status_code != 200 or "/two-factor/" in answer.url:
            raise AssertionError(f"after the code: {answer.status_code} {answer.url}")


# The smoke test itself


MAIN_PAGES = [
    ("home", "/fr/"),
    ("facilities", "/fr/facilities/"),
    ("ranking", "/fr/prioritisation/"),
    ("needs", "/fr/needs/"),
    ("planner", "/fr/needs/?budget=1000000"),
    ("referrals work list", "/fr/referrals/"),
    ("referrals dashboard", "/fr/referrals/dashboard/"),
    ("regional dashboards", "/fr/dashboard/region/"),
    ("plans", "/fr/plans/"),
    ("guide batches", "/fr/guides/batches/"),
    ("public directory (fr)", "/fr/directory/"),
    ("public directory (ar)", "/ar/directory/"),
]


class Report:
    def __init__(self):
        self.failures: list[str] = []
        self.started = time.monotonic()

    def step(self, name: str, ok: bool, detail: str = "") -> bool:
        elapsed = time.monotonic() - self.started
        outcome = "ok  " if ok else "FAIL"
        detail = f" — {detail}" if detail else ""
        print(f"[{elapsed:6.1f} s] {outcome} {name}{detail}")
        sys.stdout.flush()
        if not ok:
            self.failures.append(name)
        return ok


def wait_ready(browser: Browser, seconds: float, base_url: str = "") -> requests.Response:
    """/readyz until 200 (the worker's first heartbeat comes at the scheduler's next minute)."""
    deadline = time.monotonic() + seconds
    while True:
        answer = browser.get("/readyz", base_url, timeout=10)
        if answer.status_code == 200 or time.monotonic() > deadline:
            return answer
        time.sleep(2)


def shown(answer: requests.Response, path: str) -> bool:
    """200, and the page itself: not the login or two-factor page a lost session leads to."""
    return answer.status_code == 200 and (
        "/accounts/" not in urlsplit(answer.url).path or "/accounts/" in path
    )


def open_pages(browser: Browser, report: Report) -> None:
    for name, path in MAIN_PAGES:
        answer = browser.get(path)
        landed = urlsplit(answer.url).path
        redirected = f" (at {landed})" if landed != urlsplit(path).path else ""
        report.step(f"{name} {path}", shown(answer, path), f"{answer.status_code}{redirected}")
        if name == "facilities" and answer.status_code == 200:
            found = re.search(r'href="(/fr/facilities/\d+/)"', answer.text)
            if found:
                page = browser.get(found.group(1))
                report.step(
                    f"a facility {found.group(1)}",
                    shown(page, found.group(1)),
                    str(page.status_code),
                )
            else:
                print("       (no facility yet: no facility page opened)")


def main() -> int:
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    report = Report()
    port = int(os.environ.get("SMOKE_PORT") or free_port())
    hosts = os.environ.get("ALLOWED_HOSTS", "")
    web_environment = {
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "BIND": "",
        # The test's requests come to 127.0.0.1 directly, not under the public name.
        "ALLOWED_HOSTS": ",".join(filter(None, [hosts, "127.0.0.1"])),
    }
    for arguments in (
        ("check", "--deploy", "--fail-level", "WARNING"),
        ("migrate", "--noinput"),
        ("collectstatic", "--noinput"),
    ):
        try:
            manage(*arguments, environment=environment)
            report.step("manage.py " + " ".join(arguments), True)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            report.step("manage.py " + " ".join(arguments), False, str(error))
            return 1

    folder = Path(tempfile.mkdtemp(prefix="manara-smoke-"))
    model = ProcessModel(environment, folder)
    account = None
    try:
        web = model.start("web", **web_environment)
        model.start("worker")
        model.start("scheduler")
        model.wait_for_web(web, port)
        report.step(f"web, worker and scheduler started (web on 127.0.0.1:{port})", True)

        account = json.loads(manage("smoke_user", "create", environment=environment))
        username = account["username"]
        browser = Browser(f"http://127.0.0.1:{port}")
        browser.sign_in(
            username,
            account["password"],
            lambda: manage("smoke_user", "code", username, environment=environment).strip(),
        )
        report.step(f"signed in as {username} with password and two-factor code", True)
        open_pages(browser, report)
        ready = wait_ready(browser, float(os.environ.get("SMOKE_READY_SECONDS", "90")))
        report.step("/readyz", ready.status_code == 200, ready.text.strip().replace("\n", "; "))
    except Exception as error:  # noqa: BLE001 (every failure is reported, then everything stops)
        report.step("unexpected error", False, f"{type(error).__name__}: {error}")
    finally:
        if account is not None:
            try:
                manage("smoke_user", "delete", account["username"], environment=environment)
                report.step(f"throwaway account {account['username']} deleted", True)
            except RuntimeError as error:
                report.step("throwaway account deleted", False, str(error))
        problems = model.stop()
        report.step(
            "processes stopped cleanly (SIGTERM)",
            not problems,
            "; ".join(problems) or ", ".join(f"{p.name}: {p.returncode}" for p in model.processes),
        )
        print(f"       logs of the processes: {folder}")

    seconds = time.monotonic() - report.started
    if report.failures:
        print(f"SMOKE TEST FAILED in {seconds:.0f} s: {', '.join(report.failures)}")
        return 1
    print(f"SMOKE TEST PASSED in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
