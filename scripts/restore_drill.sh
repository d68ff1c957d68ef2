#!/usr/bin/env bash
# The restore drill (README "Backup and restore"), run by .ci/run on PostgreSQL:
# a site with the demo data and some extra rows and uploaded files is backed up with a BACKUP_KEY,
# restored into a new, empty database and media folder, and the two sites are compared: every
# table's row count and checksum, every file's SHA-256 (`manage.py backup --inventory` on each).
# Any difference, or any failed step, exits non-zero. Its databases and folders are removed at the
# end, whatever happened.
#
# PG_HOST, PG_PORT, PG_USER (and PGPASSWORD if needed) as in .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PYTHON=${PYTHON:-.venv/bin/python}
SOURCE_DB="manara_drill_source_$$"
TARGET_DB="manara_drill_target_$$"
WORK=$(mktemp -d)

cleanup() {
  for db in "$SOURCE_DB" "$TARGET_DB"; do
    dropdb --if-exists --force -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Run manage.py against one of the two sites: source or target.
site() {
  local which=$1
  shift
  local db=$SOURCE_DB
  [ "$which" = target ] && db=$TARGET_DB
  DEBUG=true TASKS_IMMEDIATE=true \
    DATABASE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$db" MEDIA_ROOT="$WORK/media-$which" \
    env -u AWS_STORAGE_BUCKET_NAME "$PYTHON" manage.py "$@"
}

step() {
  echo "== drill: $1 (at ${SECONDS} s)"
}

# Run a noisy command quietly; show what it printed only if it failed.
quietly() {
  if ! "$@" >"$WORK/step.log" 2>&1; then
    cat "$WORK/step.log" >&2
    return 1
  fi
}

step "a source site: new database, migrate, seed_demo"
createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$SOURCE_DB"
quietly site source migrate --verbosity 0
quietly site source seed_demo

step "extra rows and uploaded files"
quietly site source shell -c '
import os
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from accounts.models import Organisation, User
organisation = Organisation.objects.create(name="Drill NGO", kind=Organisation.Kind.NGO)
for number in range(20):
    User.objects.create_user(f"drill{number}", f"drill{number}@example.org", "drill password 1", organisation=organisation)
default_storage.save("drill/guide.pdf", ContentFile(b"%PDF-1.4 drill"))
default_storage.save("drill/photos/large.bin", ContentFile(os.urandom(3_000_000)))
default_storage.save("drill/نص.txt", ContentFile("Rabat, Oujda".encode()))
'

step "backup with BACKUP_KEY"
export BACKUP_KEY
BACKUP_KEY=$(site source backup --new-key)
site source backup --output "$WORK/backups"
archive=$(ls "$WORK"/backups/manara-*.tar.enc)

step "restore into a new, empty database and media folder"
createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$TARGET_DB"
mkdir -p "$WORK/media-target"
site target restore "$archive" 2>"$WORK/restore.log" || { cat "$WORK/restore.log" >&2; exit 1; }

step "compare every table and every file"
site source backup --inventory >"$WORK/source.json"
site target backup --inventory >"$WORK/target.json"
if ! cmp -s "$WORK/source.json" "$WORK/target.json"; then
  echo "!! drill: the restored site differs from the source:" >&2
  diff "$WORK/source.json" "$WORK/target.json" | head -40 >&2
  exit 1
fi
"$PYTHON" - "$WORK/source.json" <<'EOF'
import json, sys
inventory = json.load(open(sys.argv[1]))
tables = inventory["tables"]
print(
    f"== drill: identical: {len(tables)} tables, {sum(t['rows'] for t in tables.values())} rows, "
    f"{len(inventory['files'])} files"
)
EOF

step "the restored site takes new rows (its sequences came back too)"
quietly site target shell -c '
from accounts.models import User
User.objects.create_user("after-restore", "after@example.org", "drill password 2")
'

step "a wrong key and a truncated archive are refused"
if BACKUP_KEY=$(site source backup --new-key) site target restore --verify-only "$archive" 2>/dev/null; then
  echo "!! drill: the archive opened with another key" >&2
  exit 1
fi
head -c $(($(stat -c %s "$archive") / 2)) "$archive" >"$WORK/truncated.tar.enc"
if site target restore --verify-only "$WORK/truncated.tar.enc" 2>/dev/null; then
  echo "!! drill: a truncated archive was accepted" >&2
  exit 1
fi

echo "== drill passed in ${SECONDS} s"
