#!/usr/bin/env bash
# `npm run test:ops` (SPEC §14): the slow operations checks, one file each, run in name order —
# every tools/ops/*.test.sh (bash) and *.test.mjs (node). Stops at the first that fails.
set -euo pipefail
cd "$(dirname "$0")"
shopt -s nullglob
checks=(*.test.*)
if [ ${#checks[@]} -eq 0 ]; then
  echo "test:ops found no tools/ops/*.test.* file to run."
  exit 1
fi
for check in "${checks[@]}"; do
  printf '\n--- %s ---\n' "$check"
  case "$check" in
    *.sh) bash "./$check" ;;
    *.mjs) node "./$check" ;;
    *) echo "test:ops cannot run $check (only .sh and .mjs)."; exit 1 ;;
  esac
done
echo "test:ops: ${#checks[@]} checks passed"
