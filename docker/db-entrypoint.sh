#!/bin/bash
# First start (no PG_VERSION in PGDATA): initdb with POSTGRES_USER (default postgres) as the
# superuser and POSTGRES_PASSWORD (required, any characters) as its password, SCRAM for every TCP
# connection, then POSTGRES_DB (default: the user's name) created. Then runs postgres in the
# foreground listening on every address of the container. As the official image does.
set -euo pipefail
fail() {
  echo "db-entrypoint: $*" >&2
  exit 1
}
[ "${1:-}" = postgres ] || exec "$@"
shift
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD:-}" ] || fail "POSTGRES_PASSWORD is required to create the database."
  [ -w "$PGDATA" ] || fail "$PGDATA is not writable by uid $(id -u); give the volume to uid 999."
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    ident=${db//\"/\"\"}
    echo "CREATE DATABASE \"$ident\"" | postgres --single -D "$PGDATA" -j postgres >/dev/null
  fi
  echo "db-entrypoint: created the cluster in $PGDATA with user $user and database $db"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
