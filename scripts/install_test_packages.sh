#!/usr/bin/env bash
# The system tools the tests need: poppler (pdftoppm, pdftotext, pdfinfo) and tesseract OCR with
# its Arabic, French and English models, to read printed pages; redis-server, which the cache
# tests start on a port of their own; pg_dump and pg_restore (PostgreSQL's client), for the backup
# tests. Installs them with apt-get when they are missing and this runs as root (as in CI);
# otherwise says what to install and stops.
set -euo pipefail

PACKAGES="poppler-utils tesseract-ocr tesseract-ocr-ara tesseract-ocr-fra tesseract-ocr-eng redis-server postgresql-client"

missing() {
    for tool in pdftoppm pdftotext pdfinfo tesseract redis-server pg_dump pg_restore; do
        command -v "$tool" >/dev/null 2>&1 || return 0
    done
    local languages
    languages="$(tesseract --list-langs 2>/dev/null || true)"
    for language in ara fra eng; do
        grep -qx "$language" <<<"$languages" || return 0
    done
    return 1
}

if ! missing; then
    exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "== Installing the tools the tests read PDFs with: $PACKAGES"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null
fi
if missing; then
    echo "The tests read printed pages with poppler and tesseract, start redis-server, and back up" >&2
    echo "with pg_dump. Install them:" >&2
    echo "    sudo apt-get install -y $PACKAGES" >&2
    exit 1
fi
