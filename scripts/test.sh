#!/usr/bin/env bash
# Install what the tests need and run them all: unit, AppTest and browser tests, storage tests on
# SQLite and on a throw-away PostgreSQL server. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# Debian's Chromium (browser tests), PostgreSQL (storage tests) and nginx, when we may install them.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# nginx and openssl: the deployment recipe's reverse proxy, started by the several-servers test.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# axe-core for the accessibility tests (tests/e2e/package-lock.json), from the npm registry.
if [ ! -d tests/e2e/node_modules/axe-core ] && command -v npm >/dev/null; then
  npm ci --prefix tests/e2e --no-audit --no-fund
fi

# A private PostgreSQL server for this run, unless one is given.
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$pg_bin" ]; then
    pg_dir=$(mktemp -d /tmp/alliances-pg.XXXXXX)
    port=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg=()
    if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir"; as_pg=(runuser -u postgres --); fi
    "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
      -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    trap '"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
    export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  fi
fi

# ruff (lint, format) and mypy run inside the tests: tests/unit/test_code_quality.py.
python -m pytest "$@"
