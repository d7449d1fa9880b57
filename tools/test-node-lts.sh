#!/usr/bin/env bash
# `npm test` (the shared library, the API and the console) on the current Node.js LTS, pinned in
# tools/node-lts.sh, without touching this checkout: the tracked files are copied to a temporary
# folder, `npm ci` there runs on the LTS (so everything ABI-specific — argon2's binary, the
# install scripts — is installed for that Node, as a user on it would get it), `npm test` runs
# there, and the copy is removed. This checkout's node_modules stay as they were for the Node
# that runs the rest of CI.
#
#   tools/test-node-lts.sh            on the pinned LTS
#   tools/test-node-lts.sh 22.23.5    on another version (fetched by tools/node-lts.sh)
#
# Extra environment is passed through (e.g. DATABASE_URL for a PostgreSQL server instead of the
# embedded one). STRIDE_KEEP_COPY=1 keeps the copy for debugging.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

fail() {
  echo "test-node-lts: $*" >&2
  exit 1
}

command -v git >/dev/null || fail "git is needed to list the checkout's files; install git."
git -C "$root" rev-parse --show-toplevel >/dev/null 2>&1 || fail "$root is not a git checkout; run this from a clone."

bin=$(tools/node-lts.sh "$@")
export PATH="$bin:$PATH"
want=$("$bin/node" --version)
# node-gyp then builds any native addon against this Node's own headers, with no download.
export npm_config_nodedir
npm_config_nodedir=$(dirname "$bin")
echo "node $want from $bin (npm $(npm --version) running on $(npm exec -c 'node --version' 2>/dev/null || echo '?'))"

copy=$(mktemp -d "${TMPDIR:-/tmp}/stride-node-lts.XXXXXX")
# As root, the embedded PostgreSQL runs as the postgres user, who must reach its binaries here.
chmod 755 "$copy"
cleanup() {
  if [ "${STRIDE_KEEP_COPY:-}" = "1" ]; then echo "copy kept at $copy"; else rm -rf "$copy"; fi
}
trap cleanup EXIT

# The files git knows (committed, staged or new and not ignored), as they are on disk.
git -C "$root" ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -xf - -C "$copy"
echo "copied $(find "$copy" -type f | wc -l) files to $copy"

cd "$copy"
start=$SECONDS
npm ci --no-audit --no-fund --loglevel=error
echo "npm ci on node $want: $((SECONDS - start)) s"

# Every native addon the API loads must load on this Node (argon2 is the ABI-specific one).
got=$(npm exec -w backend -c "node -e \"require('argon2'); process.stdout.write(process.version)\"")
[ "$got" = "$want" ] || fail "npm scripts run node $got, not $want; check PATH."

start=$SECONDS
npm test
echo "npm test on node $want: passed in $((SECONDS - start)) s"
