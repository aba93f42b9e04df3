#!/usr/bin/env bash
# Runs the whole test suite: unit tests, in-process chain tests, and end-to-end tests against the
# real, pinned CometBFT and, for IBC, the pinned Hermes relayer (both installed here if missing),
# after the reference oracles (Fairlearn, in its own pinned venv) reproduce the fixtures the chain's
# fairness audit is checked against. Everything builds once, in the release profile, which the
# localnet and the benchmarks share.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
bash scripts/install-deps.sh
SYMBIOTE_COMETBFT=$(bash localnet/install-cometbft.sh)
export SYMBIOTE_COMETBFT
# The pinned Hermes for the IBC end-to-end test (built once into ~/.cache/symbiote/tools: ~7 min).
SYMBIOTE_HERMES=$(bash localnet/install-hermes.sh)
export SYMBIOTE_HERMES
bash modules/gov/fixtures/check.sh
cargo test --release --locked --workspace
