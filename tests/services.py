"""Real servers the tests start on 127.0.0.1: Redis (Debian's redis-server) and an S3-compatible
object store (moto's server mode). Each runs on a free port of its own and is stopped by its
process id when the `with` block ends, so tests depend neither on the machine's own services nor
on each other.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
MOTO_SERVER = str(Path(sys.executable).with_name("moto_server"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 20) -> None:
    """Return once something accepts connections on the port; fail if the process died first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited ({process.returncode}) before listening")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Redis:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        stop(self.process)


@contextlib.contextmanager
def running_redis() -> Iterator[Redis]:
    """A redis-server that keeps nothing on disk."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                folder,
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_port(port, process)
            yield Redis(port, process)
        finally:
            stop(process)


@dataclass
class ObjectStore:
    port: int
    process: subprocess.Popen
    bucket: str = "manara-test"
    access_key: str = "testing"
    secret_key: str = "testing"  # noqa: S105 (moto accepts any key)
    region: str = "us-east-1"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        """The variables that put Manara's files in this store (config/settings.py)."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": self.region,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
        }

    def storage_settings(self) -> dict:
        """STORAGES["default"] on this store, for `settings.STORAGES = {...}` in a test."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "endpoint_url": self.endpoint,
                "region_name": self.region,
                "access_key": self.access_key,
                "secret_key": self.secret_key,
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )

    def create_bucket(self, name: str | None = None) -> str:
        self.client().create_bucket(Bucket=name or self.bucket)
        return name or self.bucket

    def stop(self) -> None:
        stop(self.process)


@contextlib.contextmanager
def running_object_store(create_bucket: bool = True) -> Iterator[ObjectStore]:
    """moto's S3 server on a free port, with the test bucket made."""
    port = free_port()
    process = subprocess.Popen(
        [MOTO_SERVER, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"},
    )
    try:
        wait_for_port(port, process)
        store = ObjectStore(port, process)
        if create_bucket:
            store.create_bucket()
        yield store
    finally:
        stop(process)
