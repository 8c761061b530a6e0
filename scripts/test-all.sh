#!/usr/bin/env bash
# Every test of the repository, in the order a reviewer would want to read them:
# types, lint, formatting, unit/integration (jest through backstage-cli), the repo scripts,
# the app end to end in headless Chromium, then the plugins packed and installed
# into a separate fresh app. Exits non-zero on the first failing stage; prints
# the time of each stage at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI=true
times=()
began=$SECONDS
stage_start=$SECONDS
stage_name=""
stage() {
  if [ -n "$stage_name" ]; then times+=("$stage_name $((SECONDS - stage_start)) s"); fi
  stage_name="$1"; stage_start=$SECONDS
  echo "== $1"
}
report() {
  local rc=$?
  if [ -n "$stage_name" ]; then times+=("$stage_name $((SECONDS - stage_start)) s"); fi
  echo "== stage times"
  for t in "${times[@]}"; do echo "  $t"; done
  echo "  total $((SECONDS - began)) s"
  exit "$rc"
}
trap report EXIT

stage "tsc"; yarn tsc
stage "lint"; yarn lint:all
# one prettier config (@backstage/cli's, from the root package.json) for every
# package; `yarn prettier --write .` fixes what this reports
stage "prettier"; yarn prettier:check
# dependencies a package declares but does not use, or uses but does not
# declare: fails when a package's knip-report.md differs from what is committed
# (regenerate with `yarn knip-reports` and commit the reports)
stage "knip reports"; yarn knip-reports --ci
stage "unit and integration tests (jest)"
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
stage "repo scripts (./dev bootstrap, install snippets, fresh app isolation)"; yarn test:scripts
stage "end to end (headless Chromium)"; yarn test:e2e
# dist-types/ is fresh from the tsc stage
stage "packed plugins in a fresh app (headless Chromium)"; yarn test:packed --skip-tsc
