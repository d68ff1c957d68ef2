"""Run the test OpenID Connect provider in a second process for the length of a test session."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 30


@dataclass(frozen=True)
class Provider:
    """A running test provider: where it answers, and the client Manara is registered as."""

    url: str
    client_id: str
    client_secret: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_provider(
    folder: Path, people: list[dict], client_id: str, client_secret: str, redirect_uris: list[str]
) -> Iterator[Provider]:
    """Start the provider on a free 127.0.0.1 port, wait for its discovery document, and stop it
    (by its pid) when the block ends."""
    port = free_port()
    provider = Provider(f"http://127.0.0.1:{port}", client_id, client_secret)
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    } | {
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PYTHONPATH": str(PROJECT),
        "OIDC_PROVIDER_DATABASE": str(folder / "provider.sqlite3"),
        "OIDC_PROVIDER_ISSUER": provider.issuer,
        "OIDC_PROVIDER_PEOPLE": json.dumps(people),
        "OIDC_PROVIDER_CLIENT_ID": client_id,
        "OIDC_PROVIDER_CLIENT_SECRET": client_secret,
        "OIDC_PROVIDER_REDIRECT_URIS": " ".join(redirect_uris),
    }
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_ready(provider, process, folder / "provider.log")
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_ready(provider: Provider, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    discovery = f"{provider.issuer}/.well-known/openid-configuration"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The test OpenID provider stopped:\n{log.read_text()}")
        try:
            if requests.get(discovery, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"The test OpenID provider did not answer in time:\n{log.read_text()}")
