#!/usr/bin/env bash
# The load generator of `manage.py bench_load`: wrk (Debian's `wrk` package). Installs it with
# apt-get when it is missing and this runs as root; otherwise says what to install and stops.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
    exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "== Installing the load generator of bench_load: wrk"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if ! command -v wrk >/dev/null 2>&1; then
    echo "bench_load drives the server with wrk. Install it: sudo apt-get install -y wrk" >&2
    exit 1
fi
