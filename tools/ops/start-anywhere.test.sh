#!/usr/bin/env bash
# `npm start` from a checkout the postgres user cannot enter (SPEC §14, issue 13 item 1).
# As root: clones this checkout's commit into a 0700 `mktemp -d` folder, `npm ci`, `npm start` on
# a free port, waits for /api/v1/health/ready and a demo sign-in, creates a patient, stops, starts
# again and finds the patient (and the first run's token still valid: the local secret in
# .data persisted); checks the database lives under /var/lib/stride/<checkout>-<hash>/ as
# printed; runs a spec of npm test there; then checks the one-sentence failure when that folder cannot be made. Then, as
# `nobody`, the same clone (moved into a 0700 folder of nobody's) starts and signs in. Cleans up
# everything it made (servers, clone, /var/lib/stride/<…>).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "start-anywhere: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "run it as root: it tests npm start as root from a folder postgres cannot enter."
command -v curl >/dev/null || fail "curl is missing: apt-get install -y curl."

WORK=$(mktemp -d /tmp/stride-start-anywhere.XXXXXX) # mode 0700, owned by root
WORK2=""
CLONE="$WORK/stride"
SERVER_PGID=""
VARLIB_CREATED=""
[ -d /var/lib/stride ] || VARLIB_CREATED=1
HOME_DIR=""
EXPECTED_HOME=""

stop_server() {
  if [ -n "$SERVER_PGID" ]; then
    kill -TERM -- "-$SERVER_PGID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 -- "-$SERVER_PGID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$SERVER_PGID" 2>/dev/null || true
    SERVER_PGID=""
  fi
}
cleanup() {
  stop_server
  rm -rf "$WORK" ${WORK2:+"$WORK2"}
  if [ -n "$EXPECTED_HOME" ]; then rm -rf "$EXPECTED_HOME" "$EXPECTED_HOME.moved"; fi
  if [ -n "$VARLIB_CREATED" ]; then rmdir /var/lib/stride 2>/dev/null || true; fi
}
trap cleanup EXIT

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# start <log> <command…>: runs the command in a process group of its own, in the clone.
start() {
  local log=$1
  shift
  (cd "$CLONE" && exec setsid "$@" >"$log" 2>&1) &
  SERVER_PGID=$!
}
wait_ready() {
  local port=$1 log=$2
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/health/ready" 2>/dev/null; then return 0; fi
    kill -0 -- "-$SERVER_PGID" 2>/dev/null || { tail -30 "$log" >&2; fail "the server exited before it was ready (log above)."; }
    sleep 0.5
  done
  tail -30 "$log" >&2
  fail "the server was not ready within 300 s (log above)."
}
# sign_in <port>: prints the demo owner's access token.
sign_in() {
  local body
  body=$(curl -fsS -H 'Content-Type: application/json' \
    -d '{"email":"owner@stride-demo.example","password":"stride-demo-2026"}' \
    "http://127.0.0.1:$1/api/v1/auth/login") || fail "the demo owner could not sign in on port $1."
  node -e 'const b=JSON.parse(process.argv[1]); if(!b.accessToken) process.exit(1); console.log(b.accessToken)' "$body" ||
    fail "the sign-in answer had no access token: $body"
}

echo "clone of $(git -C "$SRC" rev-parse --short HEAD) into $CLONE (folder mode $(stat -c %a "$WORK"))"
git clone -q --no-checkout "$SRC" "$CLONE"
git -C "$CLONE" checkout -q "$(git -C "$SRC" rev-parse HEAD)"
if runuser -u postgres -- test -x "$CLONE" 2>/dev/null; then fail "postgres can enter $CLONE: the test would prove nothing."; fi
(cd "$CLONE" && npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm-ci.log" 2>&1) ||
  { tail -30 "$WORK/npm-ci.log" >&2; fail "npm ci failed in the clone (log above)."; }

EXPECTED_HOME="/var/lib/stride/stride-$(printf %s "$(realpath "$CLONE")" | sha256sum | cut -c1-12)"

echo "first npm start (build, initdb, migrate, seed)"
PORT1=$(free_port)
start "$WORK/start1.log" env PORT="$PORT1" npm start
wait_ready "$PORT1" "$WORK/start1.log"
grep -qF "Embedded PostgreSQL (postgres cannot enter this checkout): $EXPECTED_HOME" "$WORK/start1.log" ||
  fail "npm start did not print the database folder $EXPECTED_HOME."
[ -f "$EXPECTED_HOME/pg/PG_VERSION" ] || fail "no PostgreSQL cluster in $EXPECTED_HOME/pg."
[ "$(stat -c %U "$EXPECTED_HOME/pg")" = postgres ] || fail "$EXPECTED_HOME/pg is not owned by postgres."
[ -f "$CLONE/.data/secrets.json" ] || fail "the local secret $CLONE/.data/secrets.json is missing."
TOKEN1=$(sign_in "$PORT1")
PATIENT=$(curl -fsS -H "Authorization: Bearer $TOKEN1" -H 'Content-Type: application/json' \
  -d '{"firstName":"Persisted","lastName":"Anywhere","dateOfBirth":"1970-05-06","sex":"female"}' \
  "http://127.0.0.1:$PORT1/api/v1/patients" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')
[ -n "$PATIENT" ] || fail "could not create a patient."
stop_server
if pgrep -u postgres -f "$EXPECTED_HOME" >/dev/null; then fail "PostgreSQL kept running after npm start stopped."; fi
echo "signed in, created patient $PATIENT, stopped"

echo "second npm start (same data)"
PORT2=$(free_port)
start "$WORK/start2.log" env PORT="$PORT2" npm start
wait_ready "$PORT2" "$WORK/start2.log"
grep -qF "seeded earlier" "$WORK/start2.log" || fail "the second start did not find the demo clinic seeded earlier."
sign_in "$PORT2" >/dev/null
code=$(curl -s -o "$WORK/patient.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN1" \
  "http://127.0.0.1:$PORT2/api/v1/patients/$PATIENT")
[ "$code" = 200 ] && grep -q '"lastName":"Anywhere"' "$WORK/patient.json" ||
  fail "after a restart the patient $PATIENT (with the first run's token) answered $code."
stop_server
echo "restarted: the patient and the first run's token are still there"

echo "npm test's embedded PostgreSQL from the same clone (global setup, and a spec that starts its own)"
(cd "$CLONE" && npm test -w backend -- test/readiness.spec.ts >"$WORK/npm-test.log" 2>&1) ||
  { tail -40 "$WORK/npm-test.log" >&2; fail "npm test failed in the 0700 clone (log above)."; }

echo "when $EXPECTED_HOME cannot be made: one sentence, exit 1"
mv "$EXPECTED_HOME" "$EXPECTED_HOME.moved"
touch "$EXPECTED_HOME"
set +e
(cd "$CLONE" && node backend/dist/setup/cli.js migrate >"$WORK/fail.out" 2>"$WORK/fail.err")
rc=$?
set -e
rm -f "$EXPECTED_HOME"
mv "$EXPECTED_HOME.moved" "$EXPECTED_HOME"
[ "$rc" = 1 ] || fail "a start that cannot make $EXPECTED_HOME exited $rc, not 1."
[ "$(wc -l <"$WORK/fail.err")" = 1 ] && grep -qF "$EXPECTED_HOME" "$WORK/fail.err" && grep -q "chmod 755" "$WORK/fail.err" ||
  { cat "$WORK/fail.err" >&2; fail "the failure was not one sentence naming $EXPECTED_HOME and the fix."; }
echo "  $(cat "$WORK/fail.err")"

echo "as nobody, from a 0700 folder of nobody's"
WORK2=$(mktemp -d /tmp/stride-start-anywhere-nobody.XXXXXX)
HOME_DIR="$WORK2/home" # removed with WORK2
mv "$CLONE" "$WORK2/stride"
CLONE="$WORK2/stride"
mkdir -p "$HOME_DIR"
rm -rf "$CLONE/.data"
chown -R nobody:nogroup "$WORK2"
PORT3=$(free_port)
start "$WORK2/start3.log" runuser -u nobody -- env HOME="$HOME_DIR" PORT="$PORT3" npm start
wait_ready "$PORT3" "$WORK2/start3.log"
sign_in "$PORT3" >/dev/null
grep -q "Embedded PostgreSQL (postgres cannot enter" "$WORK2/start3.log" && fail "as nobody the database should stay in the checkout."
[ -f "$CLONE/.data/pg/PG_VERSION" ] || fail "as nobody the database is not in $CLONE/.data/pg."
stop_server
echo "start-anywhere: npm start works as root from a 0700 folder (database in $EXPECTED_HOME, persisted) and as nobody"
