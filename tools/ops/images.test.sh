#!/usr/bin/env bash
# Issue 13 item 3: the images build and run. As root on a Debian machine with docker.io,
# docker-compose (1.29) and debootstrap (.ci/run installs them):
#   - uses the Docker engine that answers, or starts its own dockerd (no iptables rules, no
#     docker0 bridge; data in /var/lib/stride-ci-docker, sockets in /run/stride-ci-docker) and
#     stops it and removes its folders at the end (STRIDE_KEEP_DOCKER=1 keeps the data folder,
#     with the base stand-ins, for the next run);
#   - builds the base stand-ins (tools/docker/base-images.sh), then the db, API and console
#     images once each (builds on the host network: the engine has no bridge for them);
#   - runs docker-compose.yml as a project of its own, with a POSTGRES_PASSWORD full of
#     URL-special characters, the console on a free loopback port, and checks through nginx:
#     security headers, robots.txt, a gzipped bundle, a missing bundle not cached, problem+json
#     413, sign-up, a patient, the refresh cookie without Secure over HTTP, a forged
#     X-Forwarded-For in neither the audit log nor the sign-in throttle; then recreates the API
#     container and checks, through the SAME nginx container, that /api answers and the patient
#     is there; a stopped API makes the console unhealthy; non-root users; the API image
#     without TypeScript, embedded PostgreSQL, source maps or tools; prints the image sizes.
# Everything it started or made is removed at the end, also on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() {
  echo "images.test: $*" >&2
  exit 1
}
say() { echo "images.test: $*"; }

[ "$(id -u)" = 0 ] || fail "needs root (it may start dockerd, and debootstrap needs root)."
for c in docker dockerd docker-compose debootstrap curl node; do
  command -v "$c" >/dev/null || fail "$c is missing; install docker.io, docker-compose, debootstrap and curl (see .ci/run)."
done
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0

state=/run/stride-ci-docker
data=/var/lib/stride-ci-docker
project=strideci$$
work=$(mktemp -d /tmp/stride-images-test.XXXXXX)
dockerd_pid=
compose=(docker-compose -p "$project" -f docker-compose.yml)

cleanup() {
  local rc=$?
  set +e
  if [ -n "${DOCKER_HOST:-}" ] && docker info >/dev/null 2>&1; then
    if [ "$rc" -ne 0 ]; then
      echo "--- images.test failed: compose ps and the last log lines ---" >&2
      "${compose[@]}" ps >&2 2>/dev/null
      "${compose[@]}" logs --no-color --tail 30 >&2 2>/dev/null
    fi
    "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1
    docker image rm "$project-api:ci" "$project-console:ci" "$project-db:ci" >/dev/null 2>&1
  fi
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid" 2>/dev/null
    for _ in $(seq 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$dockerd_pid" 2>/dev/null
    # dockerd leaves its network namespace (exec/netns/default) mounted.
    awk -v a="$state/" -v b="$data/" 'index($2, a) == 1 || index($2, b) == 1 { print $2 }' /proc/mounts | sort -r |
      while read -r m; do umount "$m" || umount -l "$m"; done
    rm -rf "$state"
    [ "${STRIDE_KEEP_DOCKER:-}" = 1 ] || rm -rf "$data"
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the engine -------------------------------------------------------------------------------
if [ -z "${DOCKER_HOST:-}" ] && [ -S "$state/docker.sock" ]; then export DOCKER_HOST=unix://$state/docker.sock; fi
if ! docker info >/dev/null 2>&1; then
  [ ! -e "$state/dockerd.pid" ] || ! kill -0 "$(cat "$state/dockerd.pid")" 2>/dev/null ||
    fail "a dockerd of an earlier run still runs (pid $(cat "$state/dockerd.pid")); stop it first."
  mkdir -p "$state" "$data"
  export DOCKER_HOST=unix://$state/docker.sock
  dockerd --data-root "$data" --exec-root "$state/exec" --pidfile "$state/dockerd.pid" -H "$DOCKER_HOST" \
    --iptables=false --ip-masq=false --bridge=none >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || {
    tail -n 5 "$work/dockerd.log" >&2
    fail "dockerd did not start (log above)."
  }
  say "started dockerd (pid $dockerd_pid, $DOCKER_HOST)"
else
  say "using the running Docker engine (${DOCKER_HOST:-default socket})"
fi

# --- images -----------------------------------------------------------------------------------
t0=$(date +%s)
tools/docker/base-images.sh
for image in db api console; do
  say "building $project-$image:ci (docker/$image.Dockerfile)"
  docker build --network host -q -f "docker/$image.Dockerfile" -t "$project-$image:ci" . >"$work/build-$image.log" 2>&1 || {
    tail -n 30 "$work/build-$image.log" >&2
    fail "docker build of docker/$image.Dockerfile failed (log above)."
  }
done
say "images built in $(($(date +%s) - t0)) s"

# --- what is in the images --------------------------------------------------------------------
for image in db api console; do
  user=$(docker image inspect -f '{{.Config.User}}' "$project-$image:ci")
  uid=$(docker run --rm --network none --entrypoint id "$project-$image:ci" -u)
  [ -n "$user" ] && [ "$user" != root ] && [ "$uid" != 0 ] || fail "the $image image runs as root (User '$user', uid $uid)."
  say "$image image runs as $user (uid $uid)"
done
found=$(docker run --rm --network none --entrypoint sh "$project-api:ci" -c \
  "find /app \( -name typescript -o -name embedded-postgres -o -path '*/@embedded-postgres' -o -name dist-tools -o -name '*.map' -o -name '*.ts' ! -name '*.d.ts' -o -name test -path '/app/backend/*' \) -print | head -n 5")
[ -z "$found" ] || fail "the API image holds what it should not: $(echo "$found" | tr '\n' ' ')"
say "the API image holds no TypeScript, embedded PostgreSQL, source maps, tests or tools"

# --- the stack --------------------------------------------------------------------------------
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
export STRIDE_IMAGE_PREFIX=$project STRIDE_TAG=ci STRIDE_PORT=$port
export POSTGRES_PASSWORD='p@ss/w#rd:1?%&=' DATABASE_APP_PASSWORD='app p@ss/w#rd:1 & more' JWT_SECRET=ci-only-secret-that-is-long-enough-0123456789
unset STRIDE_BIND COOKIE_SECURE
"${compose[@]}" config -q
"${compose[@]}" up -d --no-build >"$work/up.log" 2>&1 || {
  cat "$work/up.log" >&2
  fail "docker-compose up failed (above)."
}
cid() { "${compose[@]}" ps -q "$1"; }
health() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$(cid "$1")"; }
wait_health() { # service status
  for _ in $(seq 120); do
    [ "$(health "$1")" = "$2" ] && return 0
    sleep 1
  done
  fail "the $1 container is not $2 after 120 s (it is $(health "$1"))."
}
wait_healthy() { wait_health "$1" healthy; }
wait_healthy console
[ "$(docker inspect -f '{{.State.ExitCode}}' "$(cid migrate)")" = 0 ] || fail "the migrate service did not exit 0."
bind=$(docker port "$(cid console)" 8080/tcp)
[ "$bind" = "127.0.0.1:$port" ] || fail "the console is published on $bind, not on loopback 127.0.0.1:$port."
say "stack up and healthy, console on $bind (loopback only)"
api_env=$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$(cid api)")
! grep -q -e '^DATABASE_URL=' -e '^DATABASE_PASSWORD=' -e '^DATABASE_USER=' <<<"$api_env" || fail "the api container has the owner's connection."

base=http://127.0.0.1:$port
h() { grep -i "^$1:" "$2" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
status() { head -n 1 "$1" | cut -d' ' -f2; }

curl -sS -D "$work/index.h" -o "$work/index.html" "$base/"
[ "$(status "$work/index.h")" = 200 ] || fail "GET / answered $(status "$work/index.h")."
for header in Content-Security-Policy Strict-Transport-Security Cross-Origin-Opener-Policy Cross-Origin-Resource-Policy X-Content-Type-Options; do
  [ -n "$(h "$header" "$work/index.h")" ] || fail "GET / has no $header header."
done
h Content-Security-Policy "$work/index.h" | grep -q "'nonce-" || fail "the console page's CSP has no nonce."
say "/ carries CSP (with a nonce), HSTS, COOP, CORP"

curl -sS -D "$work/robots.h" -o "$work/robots.txt" "$base/robots.txt"
[ "$(status "$work/robots.h")" = 200 ] && grep -qi '^User-agent' "$work/robots.txt" && h Content-Type "$work/robots.h" | grep -q text/plain ||
  fail "/robots.txt is not the robots file (status $(status "$work/robots.h"), $(h Content-Type "$work/robots.h"))."
say "/robots.txt is text/plain"

bundle=$(grep -o 'main-[0-9A-Z]\{8,\}\.js' "$work/index.html" | head -n 1)
[ -n "$bundle" ] || fail "index.html names no main-<hash>.js bundle."
curl -sS -H 'Accept-Encoding: gzip' -D "$work/bundle.h" -o /dev/null "$base/$bundle"
[ "$(h Content-Encoding "$work/bundle.h")" = gzip ] || fail "/$bundle is not gzipped."
h Cache-Control "$work/bundle.h" | grep -q immutable || fail "/$bundle is not cached immutable."
curl -sS -D "$work/missing.h" -o /dev/null "$base/main-AAAAAAAA.js"
[ "$(status "$work/missing.h")" = 404 ] || fail "a missing bundle answered $(status "$work/missing.h"), not 404."
cc=$(h Cache-Control "$work/missing.h")
[ "$cc" = no-store ] || fail "a missing bundle's 404 has Cache-Control '$cc', not no-store."
say "/$bundle is gzipped and immutable; a missing bundle is 404 with no-store"

node -e "process.stdout.write(JSON.stringify({email:'x@example.org',password:'a'.repeat(1100000)}))" >"$work/big.json"
curl -sS -D "$work/big.h" -o "$work/big.out" -H 'Content-Type: application/json' --data-binary "@$work/big.json" "$base/api/v1/auth/login"
[ "$(status "$work/big.h")" = 413 ] || fail "an oversized body answered $(status "$work/big.h"), not 413."
h Content-Type "$work/big.h" | grep -q '^application/problem+json' || fail "the 413 is $(h Content-Type "$work/big.h"), not problem+json."
node -e "const b=JSON.parse(require('fs').readFileSync('$work/big.out','utf8')); if (b.type!=='/problems/payload-too-large'||b.status!==413||b.title!=='Payload too large') process.exit(1)" ||
  fail "the 413 body is not the API's problem: $(cat "$work/big.out")"
say "an oversized body is problem+json 413 ($(head -c 120 "$work/big.out"))"

# Sign-up through nginx, with a forged X-Forwarded-For.
email=owner-$project@example.org
password=ci-password-0123456789
curl -sS -D "$work/signup.h" -o "$work/signup.json" -H 'Content-Type: application/json' -H 'X-Forwarded-For: 1.2.3.4' \
  --data "{\"clinicName\":\"CI Clinic\",\"fullName\":\"CI Owner\",\"email\":\"$email\",\"password\":\"$password\"}" "$base/api/v1/auth/signup"
[ "$(status "$work/signup.h")" = 201 ] || fail "sign-up through nginx answered $(status "$work/signup.h"): $(cat "$work/signup.json")"
cookie=$(h Set-Cookie "$work/signup.h")
[ -n "$cookie" ] || fail "sign-up set no refresh cookie."
! grep -qi '; *secure' <<<"$cookie" || fail "the refresh cookie is Secure over plain HTTP: $cookie"
token=$(node -p "JSON.parse(require('fs').readFileSync('$work/signup.json','utf8')).accessToken")
say "signed up through nginx; the refresh cookie has no Secure over HTTP"

auth=(-H "Authorization: Bearer $token")
curl -sS -D "$work/patient.h" -o "$work/patient.json" "${auth[@]}" -H 'Content-Type: application/json' -H 'X-Forwarded-For: 5.6.7.8' \
  --data '{"firstName":"Ada","lastName":"Imagetest","dateOfBirth":"1980-02-03","sex":"female"}' "$base/api/v1/patients"
[ "$(status "$work/patient.h")" = 201 ] || fail "creating a patient answered $(status "$work/patient.h"): $(cat "$work/patient.json")"
patient=$(node -p "JSON.parse(require('fs').readFileSync('$work/patient.json','utf8')).id")
say "created patient $patient"

curl -sS -o "$work/audit.json" "${auth[@]}" "$base/api/v1/audit-events?pageSize=100"
node -e "
const page = JSON.parse(require('fs').readFileSync('$work/audit.json', 'utf8'));
const ips = [...new Set((page.items ?? []).map((e) => e.ip))];
if (ips.length === 0) { console.error('no audit events'); process.exit(1); }
if (ips.some((ip) => ip === '1.2.3.4' || ip === '5.6.7.8')) { console.error('forged address in the audit log: ' + ips); process.exit(1); }
console.log('images.test: audit log addresses: ' + ips.join(', ') + ' (the forged 1.2.3.4 and 5.6.7.8 are not there)');
" || fail "the audit log is wrong ($(head -c 300 "$work/audit.json"))."

# The per-address sign-in throttle (LOGIN_MAX_FAILURES_PER_ADDRESS, 100) cannot be dodged by
# rotating forged X-Forwarded-For addresses: wrong passwords for many accounts, a new forged
# address each time, until the address limit answers 429.
limited=
for i in $(seq 1 110); do
  code=$(curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -H "X-Forwarded-For: 10.9.$((i / 250)).$((i % 250 + 1))" \
    --data "{\"email\":\"nobody-$i@example.org\",\"password\":\"wrong-password-$i\"}" "$base/api/v1/auth/login")
  if [ "$code" = 429 ]; then
    limited=$i
    break
  fi
done
[ -n "$limited" ] || fail "110 failed sign-ins from forged, rotating addresses were never throttled."
say "rotating forged addresses: throttled at failed sign-in $limited"

# A stopped API makes the console unhealthy (its check asks /api/v1/health through nginx).
"${compose[@]}" stop api >/dev/null 2>&1
wait_health console unhealthy
"${compose[@]}" start api >/dev/null 2>&1
wait_healthy api
wait_healthy console
say "with the API stopped the console was unhealthy; healthy again when the API came back"

# Recreate the API container: nginx (not restarted) finds the new one; the data is there.
console_id=$(cid console)
console_started=$(docker inspect -f '{{.State.StartedAt}}' "$console_id")
old_api=$(cid api)
"${compose[@]}" up -d --no-build --force-recreate --no-deps api >"$work/recreate.log" 2>&1 || {
  cat "$work/recreate.log" >&2
  fail "recreating the api container failed."
}
[ "$(cid api)" != "$old_api" ] || fail "the api container was not recreated."
wait_healthy api
ok=
for _ in $(seq 30); do
  code=$(curl -sS -o "$work/after.json" -w '%{http_code}' "${auth[@]}" "$base/api/v1/patients/$patient" || true)
  if [ "$code" = 200 ]; then
    ok=1
    break
  fi
  sleep 1
done
[ -n "$ok" ] || fail "after the API was recreated, GET /api/v1/patients/$patient through nginx answers $code."
grep -q Imagetest "$work/after.json" || fail "the patient is not there after the API was recreated."
[ "$(cid console)" = "$console_id" ] && [ "$(docker inspect -f '{{.State.StartedAt}}' "$console_id")" = "$console_started" ] ||
  fail "the console container was restarted or recreated."
wait_healthy console
say "API recreated: the patient is there, /api answers through the same nginx container (not restarted)"

echo "images.test: image sizes:"
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -e "^$project-" -e '^node:' -e '^debian:' | sed 's/^/  /'
say "passed"
