#!/usr/bin/env bash
# Types and lint before the tests (the test command's pretest): tsc over the server, tests, benches
# and scripts, typescript-eslint over the same, and the web app's type check when it has one.
# They run side by side; any error fails the test command.
set -uo pipefail
cd "$(dirname "$0")/.."
out=.cache/check
mkdir -p "$out"
started=$(date +%s)
npm run --silent typecheck >"$out/tsc.log" 2>&1 &
tsc=$!
npm run --silent lint >"$out/eslint.log" 2>&1 &
eslint=$!
npm run --silent --if-present typecheck:web >"$out/web.log" 2>&1 &
web=$!
status=0
for job in "tsc:$tsc" "eslint:$eslint" "web:$web"; do
  name=${job%%:*}
  if ! wait "${job#*:}"; then
    status=1
    echo "✖ $name failed:" >&2
    cat "$out/$name.log" >&2
  fi
done
[ "$status" = 0 ] && echo "types and lint: 0 errors ($(($(date +%s) - started)) s)"
exit "$status"
