#!/usr/bin/env bash
# CI's system tests (.ci/run, after `make test`; never part of `make test`): the two servers of
# README "Scale-out" (scripts/two_servers.py) and the smoke test after a deployment
# (scripts/smoke_test.py), both on the PostgreSQL server of DATABASE_URL. Each works in a
# database of its own, dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database (its server is used)}"
PYTHON=.venv/bin/python
SERVER_URL="${DATABASE_URL%/*}"

echo "== Two servers, one system (scripts/two_servers.py)"
$PYTHON scripts/two_servers.py

echo "== The smoke test after a deployment (scripts/smoke_test.py), on seeded data"
SMOKE_DB="manara_smoke_$$"
WORK="$(mktemp -d)"
drop() {
  psql "$SERVER_URL/postgres" -qc "DROP DATABASE IF EXISTS \"$SMOKE_DB\" WITH (FORCE)" >/dev/null
  rm -rf "$WORK"
}
trap drop EXIT
psql "$SERVER_URL/postgres" -qc "CREATE DATABASE \"$SMOKE_DB\""
export DATABASE_URL="$SERVER_URL/$SMOKE_DB" MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static"
unset TASKS_IMMEDIATE CACHE_URL AWS_STORAGE_BUCKET_NAME
# A deployment's data: the demonstration data, whose accounts are then retired (`check --deploy`
# refuses demonstration accounts with DEBUG off).
DEBUG=true $PYTHON manage.py migrate --noinput -v0
DEBUG=true $PYTHON manage.py seed_demo >/dev/null
DEBUG=true $PYTHON manage.py shell -c "
from accounts.models import DEMO_EMAIL_DOMAIN, User
for user in User.objects.filter(email__iendswith='@' + DEMO_EMAIL_DOMAIN):
    user.email = ''
    user.set_unusable_password()
    user.save()
" >/dev/null 2>&1
DEBUG=false \
  SECRET_KEY="$($PYTHON -c 'import secrets; print(secrets.token_urlsafe(60))')" \
  FIELD_ENCRYPTION_KEYS="$($PYTHON -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
  ALLOWED_HOSTS=manara.example.org CSRF_TRUSTED_ORIGINS=https://manara.example.org \
  $PYTHON scripts/smoke_test.py
