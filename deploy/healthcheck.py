"""The container's health check: asks the web process on this machine for a page, 0 when it
answers 200, 1 otherwise (Dockerfile HEALTHCHECK: /healthz; compose.yaml's web: /readyz).

Python's standard library only, so the image needs no curl. The request carries what one through
the reverse proxy would: a Host from ALLOWED_HOSTS (Django answers 400 to any other) and
`X-Forwarded-Proto: https` (with DEBUG off, Django redirects plain HTTP to HTTPS).
"""

import http.client
import os
import sys


def host_name(allowed_hosts: str) -> str:
    """The first usable name of ALLOWED_HOSTS (".example.org" stands for example.org too)."""
    for name in allowed_hosts.split(","):
        name = name.strip().lstrip(".")
        if name and "*" not in name:
            return name
    return "localhost"


def port(environ) -> int:
    """The port gunicorn listens on, as gunicorn.conf.py reads it (BIND, else PORT)."""
    bind = environ.get("BIND", "")
    if bind and not bind.startswith("unix:") and ":" in bind:
        return int(bind.rsplit(":", 1)[1])
    return int(environ.get("PORT", "8000"))


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "/healthz"
    connection = http.client.HTTPConnection("127.0.0.1", port(os.environ), timeout=4)
    try:
        connection.request(
            "GET",
            path,
            headers={
                "Host": host_name(os.environ.get("ALLOWED_HOSTS", "")),
                "X-Forwarded-Proto": "https",
            },
        )
        response = connection.getresponse()
        body = response.read(2000).decode("utf-8", "replace")
    except OSError as error:
        print(f"{path}: no answer ({error})", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if response.status != 200:
        print(f"{path}: {response.status}\n{body}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
