"""gunicorn's settings for Manara's `web` process (Procfile: `gunicorn -c gunicorn.conf.py
config.wsgi`). Each one can be changed through the environment; README "Process model".

It listens on 127.0.0.1 unless told otherwise: Manara is meant to sit behind a reverse proxy on
the same machine (TLS, static files' caching, request size limits), and a default that opened
the port to the whole network would expose it without them by mistake. A container or a
proxy on another machine sets BIND=0.0.0.0:8000 (or HOST=0.0.0.0).
"""

import os

bind = os.environ.get("BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
# Processes, each serving one request at a time: ~2 per core; each holds its own database
# connection and, without a shared CACHE_URL, its own cache.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# A request taking longer is stopped (its worker restarted): PDFs and exports finish well within.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Each worker is replaced after this many requests (± the jitter, so they do not all restart at
# once): memory a long-lived process gathers is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# Access and error lines on the standard output and error, where the process manager collects them.
accesslog = "-"
errorlog = "-"
# Which proxies' X-Forwarded-* headers gunicorn believes (comma-separated addresses, "*" for any):
# by default only a proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The workers' heartbeat files: in memory where there is /dev/shm (a container's /tmp may be on a
# slow or overlay disk, and a stalled write there gets healthy workers killed).
if os.path.isdir("/dev/shm"):  # noqa: S108 (gunicorn's documented choice, not a temporary file)
    worker_tmp_dir = "/dev/shm"  # noqa: S108
