#!/usr/bin/env bash
# Every test of the repository, in the order a reviewer would want to read them:
# types, lint, unit/integration (jest through backstage-cli), then the app end
# to end in headless Chromium. Exits non-zero on the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI=true
echo "== tsc"; yarn tsc
echo "== lint"; yarn lint:all
echo "== unit and integration tests (jest)"
[ -n "${ASTRO_RUNTIME_TEST_PG:-}" ] || echo "note: ASTRO_RUNTIME_TEST_PG is unset: the PostgreSQL store tests will skip (SQLite tests still run)"
results="$(mktemp -d)/jest.json"
set +e
yarn backstage-cli repo test --json --outputFile="$results"
rc=$?
set -e
if [ -f "$results" ]; then
  node -e '
    const r = require(process.argv[1]);
    console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
  ' "$results"
fi
[ "$rc" -eq 0 ] || { echo "unit tests failed (exit $rc)"; exit "$rc"; }
echo "== end to end (headless Chromium)"
yarn test:e2e
