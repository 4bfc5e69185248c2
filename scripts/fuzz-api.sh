#!/usr/bin/env bash
# Schema-driven fuzz run of the API (schemathesis) against a real server on a fresh database.
#
#   scripts/fuzz-api.sh [BINARY]
#
# BINARY defaults to target/debug/virksomhedscenter (built by `cargo test` / `cargo build`).
# DATABASE_URL picks the backend: unset = a new SQLite file; a postgres:// URL = a new database
# created on that server (dropped afterwards). FUZZ_EXAMPLES (default 25) bounds the examples per
# operation, FUZZ_SECONDS (default 420) the whole run. One worker: schemathesis's hypothesis parses
# lambda sources with ast.parse, which is not thread-safe on CPython 3.11 (seen here as
# "AST constructor recursion depth mismatch"). Each role (administrator, job consultant,
# company signatory, mentor) gets its own pass with its own login. The checks: no 5xx, and every
# response (status, content type, body) matches the OpenAPI document.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${1:-target/debug/virksomhedscenter}"
EXAMPLES="${FUZZ_EXAMPLES:-25}"
SECONDS_BUDGET="${FUZZ_SECONDS:-420}"
SCHEMATHESIS_VERSION="4.32.5"

if ! command -v schemathesis >/dev/null 2>&1 || ! schemathesis --version | grep -q "$SCHEMATHESIS_VERSION"; then
  echo "== installing schemathesis $SCHEMATHESIS_VERSION"
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

work="$(mktemp -d)"
server_pid=""
pg_db=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_db" ]; then psql "$PG_ADMIN" -qAtc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*)
    PG_ADMIN="$DATABASE_URL"
    pg_db="vc_fuzz_$$"
    psql "$PG_ADMIN" -qAtc "CREATE DATABASE $pg_db" >/dev/null
    base="${PG_ADMIN%%\?*}"
    db_url="${base%/*}/$pg_db"
    ;;
  *)
    db_url="$work/fuzz.db"
    ;;
esac

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
DATABASE_URL="$db_url" VC_BIND="127.0.0.1:$port" VC_SECRET_KEY="fuzz-run-secret-key-that-is-long-enough" \
  RUST_LOG=warn "$BIN" serve >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
base_url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fsS "$base_url/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$base_url/health" >/dev/null || { echo "server did not start"; cat "$work/server.err"; exit 1; }

login() {
  curl -fsS -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"virksomhedscenter\"}" "$base_url/api/v1/auth/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# All logins first: fuzzing the login route trips the login limit for this address.
users=(admin@virksomhedscenter.dk karin.holm@middelfart.dk lene@lillebaelt-rengoering.dk ole@lillebaelt-rengoering.dk)
declare -A tokens
for who in "${users[@]}"; do tokens[$who]="$(login "$who")"; done

deadline=$(( $(date +%s) + SECONDS_BUDGET ))
status=0
passes_left=4
for who in "${users[@]}"; do
  left=$(( deadline - $(date +%s) ))
  if [ "$left" -le 10 ]; then echo "== time budget spent before $who"; break; fi
  token="${tokens[$who]}"
  echo "== schemathesis as $who ($left s left)"
  # Logging out would end the run's own session; the password change would lock the next pass out.
  if ! timeout "$(( left + 30 ))" schemathesis run "$base_url/api/v1/openapi.json" \
      --url "$base_url" \
      -H "Authorization: Bearer $token" \
      --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
      --exclude-path-regex 'logout|/auth/password' \
      --phases examples,coverage,fuzzing \
      --max-examples "$EXAMPLES" \
      --max-time "$(( left / passes_left ))" \
      --seed 20261128 \
      --generation-allow-x00 false \
      --suppress-health-check all \
      --workers 1 \
      --no-color; then
    status=1
  fi
  passes_left=$(( passes_left - 1 ))
done
if grep -q "panicked" "$work/server.err"; then
  echo "== the server panicked:"; grep -A3 "panicked" "$work/server.err"; status=1
fi
exit "$status"
