#!/usr/bin/env bash
# Installs the one CometBFT version symbiote is built and tested against, with the Go toolchain,
# into <repo>/.tools/cometbft-<version>/ (git-ignored). Does nothing if that exact version is present.
# Prints the binary's path on stdout; everything else goes to stderr.
set -euo pipefail

COMETBFT_VERSION="v0.38.26"

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$repo/.tools/cometbft-$COMETBFT_VERSION"
bin="$dir/cometbft"

if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -qx "${COMETBFT_VERSION#v}"; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || { echo "install-cometbft: Go is required (https://go.dev/dl)" >&2; exit 1; }
echo "install-cometbft: building CometBFT $COMETBFT_VERSION with go install (first time only)..." >&2
mkdir -p "$dir"
GOBIN="$dir" GOFLAGS=-mod=mod go install "github.com/cometbft/cometbft/cmd/cometbft@$COMETBFT_VERSION" >&2
got=$("$bin" version)
[ "$got" = "${COMETBFT_VERSION#v}" ] || { echo "install-cometbft: expected ${COMETBFT_VERSION#v}, got $got" >&2; exit 1; }
echo "$bin"
