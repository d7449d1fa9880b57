#!/usr/bin/env bash
# `npm run test:ops`: the slow operations checks (images, start-anywhere, backups), each in its own file
# tools/ops/*.test.{sh,mjs}, run one after another in name order; stops at the first that fails.
# Not part of `npm test`; `.ci/run` calls it.
set -euo pipefail
cd "$(dirname "$0")"
shopt -s nullglob
ran=0
for check in *.test.sh *.test.mjs; do
  printf '\n--- ops check: %s ---\n' "$check"
  case "$check" in
    *.sh) bash "./$check" ;;
    *.mjs) node "./$check" ;;
  esac
  ran=$((ran + 1))
done
if [ "$ran" -eq 0 ]; then
  echo "test:ops found no tools/ops/*.test.* file to run" >&2
  exit 1
fi
echo "test:ops: $ran check file(s) passed"
