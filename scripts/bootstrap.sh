#!/usr/bin/env bash
# Sourced by ./dev and .ci/run: puts Yarn 4 (through corepack) on this shell,
# pointed at the npm registry this machine is configured with, and installs
# the workspace when node_modules is missing or older than yarn.lock.
# No registry address is ever committed: it is read from npm at run time.
# Concurrent callers (./dev start in one terminal, ./dev test in another) take
# an exclusive lock on .bootstrap.lock: one installs, the others wait and then
# find the install done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
registry="$(cd / && npm config get registry 2>/dev/null | sed 's#/$##')"
[ -n "$registry" ] || registry="$(cd / && npm config get registry | sed 's#/$##')"
export COREPACK_NPM_REGISTRY="$registry"
export YARN_NPM_REGISTRY_SERVER="$registry"
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export COREPACK_ENABLE_STRICT=0
# native addons (better-sqlite3) build against the local Node headers
if [ -d /usr/include/node ]; then export npm_config_nodedir="${npm_config_nodedir:-/usr}"; fi
bootstrap_stale() {
  local stamp="$ROOT/node_modules/.install-stamp"
  [ ! -f "$stamp" ] || [ "$ROOT/yarn.lock" -nt "$stamp" ] || [ "$ROOT/package.json" -nt "$stamp" ]
}
if bootstrap_stale; then
  exec {bootstrap_lock_fd}>"$ROOT/.bootstrap.lock"
  if ! flock -n "$bootstrap_lock_fd"; then
    echo "bootstrap: another ./dev is installing the workspace; waiting for it" >&2
    flock "$bootstrap_lock_fd"
  fi
  # checked again under the lock: the install we waited for may have done it
  if bootstrap_stale; then
    echo "bootstrap: yarn install --immutable (registry from npm config)" >&2
    (cd "$ROOT" && corepack yarn install --immutable)
    touch "$ROOT/node_modules/.install-stamp"
  fi
  flock -u "$bootstrap_lock_fd"
  exec {bootstrap_lock_fd}>&-
fi
