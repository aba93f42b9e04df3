#!/usr/bin/env bash
# Installs the one Hermes (IBC relayer) version symbiote is tested against, from crates.io with
# `cargo install --locked`, into ~/.cache/symbiote/tools/hermes-<version>/ (outside the clone, so a
# fresh clone reuses it; ~7 min to build the first time on 2 cores). Does nothing if that exact
# version is present. Prints the binary's path on stdout; everything else goes to stderr.
# Hermes 1.12 and later cannot be built here (a dependency downloads proving keys in its build).
set -euo pipefail

HERMES_VERSION="1.10.5"

dir="${SYMBIOTE_TOOLS:-$HOME/.cache/symbiote/tools}/hermes-$HERMES_VERSION"
bin="$dir/bin/hermes"

if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -q "hermes $HERMES_VERSION\b"; then
  echo "$bin"
  exit 0
fi

command -v cargo >/dev/null || { echo "install-hermes: cargo is required" >&2; exit 1; }
echo "install-hermes: building Hermes $HERMES_VERSION with cargo install (first time only)..." >&2
mkdir -p "$dir"
# Its own target dir: Hermes' dependency versions differ from the workspace's.
CARGO_TARGET_DIR="$dir/target" cargo install ibc-relayer-cli --version "$HERMES_VERSION" --locked \
  --bin hermes --root "$dir" >&2
rm -rf "$dir/target"
got=$("$bin" version 2>/dev/null || true)
echo "$got" | grep -q "hermes $HERMES_VERSION\b" || { echo "install-hermes: expected hermes $HERMES_VERSION, got: $got" >&2; exit 1; }
echo "$bin"
