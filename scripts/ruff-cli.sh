#!/usr/bin/env bash
# Prints the path of a ruff command-line tool of the version the code scan
# pins (the @astral-sh/ruff-wasm-nodejs version in
# plugins/astro-runtime-node/package.json), fetching it from Debian when it is
# not cached yet. The -node agreement test runs it (RUFF_BIN) against the
# WebAssembly build on the example projects; .ci/run sets RUFF_BIN from here.
#
#   scripts/ruff-cli.sh            # -> .cache/ruff-cli/<version>/ruff
#
# Where from: Debian's own archive, through apt with a private state folder
# (nothing on the machine is installed or changed), so apt checks the
# archive's signature (the machine's debian-archive-keyring) and every file's
# hash. The mirror is the one this machine's apt sources name; no address is
# committed. Debian ships ruff in its development suites (sid, forky), built
# against a newer glibc than Debian 12's: when the binary cannot start here,
# that suite's libc6 is fetched the same way and ruff runs under its loader.
#
# Exits 3, saying why on stderr, when the version cannot be had (Debian has
# moved on to another ruff, or the archive cannot be reached).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${1:-$(node -p "require('$ROOT/plugins/astro-runtime-node/package.json').dependencies['@astral-sh/ruff-wasm-nodejs']")}"
DIR="$ROOT/.cache/ruff-cli/$VERSION"
SUITES="${RUFF_CLI_SUITES:-sid forky trixie}"
say() { echo "ruff-cli: $*" >&2; }

if [ -x "$DIR/ruff" ] && [ "$("$DIR/ruff" --version 2>/dev/null)" = "ruff $VERSION" ]; then
  echo "$DIR/ruff"
  exit 0
fi

# The Debian mirror this machine's apt uses (deb822 or one-line sources).
mirror="${DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror="$(
    {
      cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n' || true
      cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' || true
    } | awk '/\/debian\/?$/ && !found { sub(/\/$/, ""); print; found = 1 }'
  )"
fi
if [ -z "$mirror" ]; then
  say "no Debian mirror in the apt sources (set DEBIAN_MIRROR)"
  exit 3
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [ ! -f "$keyring" ]; then
  say "no $keyring to check the archive's signature with"
  exit 3
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
for s in $SUITES; do
  echo "deb [signed-by=$keyring] $mirror $s main"
done >"$work/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$work/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache=$work/cache"
  -o "Dir::Etc::Preferences=/dev/null"
  -o "Dir::Etc::PreferencesParts=/dev/null"
  -o "Acquire::Languages=none"
  -o "APT::Get::List-Cleanup=false"
  -o "Debug::NoLocking=true"
  -o "APT::Sandbox::User=root"
)
say "reading the package lists of $mirror ($SUITES)"
if ! apt-get -qq "${apt_opts[@]}" update >"$work/update.log" 2>&1; then
  say "apt-get update failed:"
  sed 's/^/  /' "$work/update.log" >&2
  exit 3
fi
# The Debian version whose upstream part is VERSION (e.g. 0.16.10+ds-1).
# (No `head` in these pipelines: under pipefail, a writer cut off by head's
# early exit fails the whole substitution.)
debver="$(
  apt-cache "${apt_opts[@]}" madison ruff | awk -F'|' -v want="$VERSION" '
    { v = $2; gsub(/ /, "", v); up = v; sub(/^[0-9]+:/, "", up); sub(/-[^-]*$/, "", up); sub(/\+.*$/, "", up) }
    up == want && !found { print v; found = 1 }'
)"
if [ -z "$debver" ]; then
  say "Debian ($SUITES) has no ruff $VERSION; it has: $(apt-cache "${apt_opts[@]}" madison ruff | awk -F'|' '{gsub(/ /,"",$2); printf "%s ", $2}')"
  exit 3
fi
say "downloading ruff $debver"
(cd "$work/debs" && apt-get -qq "${apt_opts[@]}" download "ruff=$debver") >&2

rm -rf "$DIR"
mkdir -p "$DIR"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$DIR/root"; done
bin="$DIR/root/usr/bin/ruff"

if "$bin" --version >/dev/null 2>&1; then
  ln -sf root/usr/bin/ruff "$DIR/ruff"
else
  libc="$(apt-cache "${apt_opts[@]}" policy libc6 | sed -n 's/^[[:space:]]*Candidate:[[:space:]]*//p')"
  say "ruff does not start against this machine's glibc; downloading libc6 $libc to run it under"
  (cd "$work/debs" && rm -f ./*.deb && apt-get -qq "${apt_opts[@]}" download "libc6=$libc") >&2
  mkdir -p "$DIR/libc"
  dpkg-deb -x "$work"/debs/libc6_*.deb "$DIR/libc"
  cat >"$DIR/ruff" <<'EOF'
#!/bin/sh
# ruff from Debian, under the glibc of the suite it was built for
d="$(dirname "$(readlink -f "$0")")"
lib="$d/libc/usr/lib/x86_64-linux-gnu"
[ -d "$lib" ] || lib="$d/libc/lib/x86_64-linux-gnu"
exec "$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$d/root/usr/bin/ruff" "$@"
EOF
  chmod +x "$DIR/ruff"
fi

got="$("$DIR/ruff" --version 2>&1 || true)"
if [ "$got" != "ruff $VERSION" ]; then
  say "the fetched ruff says \"$got\", not ruff $VERSION"
  exit 3
fi
echo "$DIR/ruff"
