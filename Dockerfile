# syntax=docker/dockerfile:1
# Manara's image (README "Deployment"): one image for the three processes of the Procfile. Its
# default command is the web process; the worker and the scheduler run the same image with
# `python manage.py db_worker` and `python manage.py run_scheduler` (compose.yaml does).
#
#   docker build -t manara .
#
# CI does not build it (base images cannot be pulled there): tests/test_deployment_files.py
# checks what can be checked without building. See the README for what that covers.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- builder: the locked dependencies, hash-checked, in a virtualenv copied whole below.
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock

# --- runtime: the system libraries WeasyPrint loads, pg_dump for backups, the code, no compiler.
FROM ${PYTHON_IMAGE} AS runtime
# Pango, HarfBuzz and fontconfig are what WeasyPrint loads (scripts/check_system_libraries.py);
# shared-mime-info lets it recognise images by type; the PDF fonts themselves are vendored
# under static/vendor/fonts, DejaVu is the fallback. postgresql-client-15 matches the server's
# major version in compose.yaml, so `pg_dump` (manage.py backup) can read its databases.
# Not pinned to versions: Debian's archive keeps only the current one of a release, so a pin
# would break the build at its next security update.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
        shared-mime-info \
        postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

# The processes run as this user; the code and the collected static files belong to root and
# cannot be changed by it. Only the media directory (a volume) is its to write.
RUN groupadd --system --gid 10001 manara \
    && useradd --system --uid 10001 --gid manara --home-dir /app --shell /usr/sbin/nologin manara \
    && mkdir -p /var/lib/manara/media \
    && chown manara:manara /var/lib/manara/media

COPY --from=builder /opt/venv /opt/venv
# XDG_CACHE_HOME: fontconfig's cache where the user may write (its home, /app, is read-only).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/var/lib/manara/media \
    HOST=0.0.0.0 \
    PORT=8000 \
    XDG_CACHE_HOME=/tmp/.cache

WORKDIR /app
# The checkout, less what .dockerignore leaves out (.git, .venv, tests, local files).
COPY . /app

# The static files, compressed and with hashed names, as WhiteNoise serves them when DEBUG is
# off. Settings refuse to load without a SECRET_KEY and FIELD_ENCRYPTION_KEYS when DEBUG is
# off: this step gets random ones that exist only for its duration and are in no layer.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    FIELD_ENCRYPTION_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    DEBUG=false \
    python manage.py collectstatic --noinput --verbosity 0

# By number: a platform that checks for "not root" (Kubernetes' runAsNonRoot) needs one.
USER 10001:10001
EXPOSE 8000
# Liveness: the web process answers /healthz (deploy/healthcheck.py sends the Host and
# X-Forwarded-Proto a request through the reverse proxy would have). Worker and scheduler
# containers turn it off (compose.yaml: healthcheck: disable).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "deploy/healthcheck.py", "/healthz"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"]
