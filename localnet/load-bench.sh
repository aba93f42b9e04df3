#!/usr/bin/env bash
# Network throughput benchmark (docs/performance.md, "Network throughput"): symbiote next to
# CometBFT's own kvstore app (`cometbft node --proxy_app=kvstore`) on the same localnet shapes,
# loaded by the same tool (`symbiote load`) in one run, so the ratio is measured side by side.
#
#   localnet/load-bench.sh                     1 and 4 validators, 20000 txs from 32 accounts each
#   localnet/load-bench.sh --validators 4 --txs 40000 --indexer null
#
# Every net: 1 s blocks (timeout_commit), the same mempool size and tx indexer on every node, txs
# broadcast to all nodes round-robin. Symbiote's block gas limit is raised to 10^10 (100,000 sends
# of 100,000 gas per block) so that it cannot be what caps a block (--max-gas sets another).
# Prints one table; the nets' data and logs are kept in a temporary directory whose path is printed.
#
# Options: --validators "1 4"   --txs N (20000)   --accounts K (32)   --mempool-size N (50000;
#          CometBFT's default is 5000, under the load)   --indexer kv|null (kv, CometBFT's default)
#          --base-port P (24000; below the ephemeral port range)   --max-gas G (symbiote's block gas limit, 10000000000)
# Env: SYMBIOTE_BIN=path skips the build; CARGO_TARGET_DIR is honoured.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shapes="1 4"
txs=20000
accounts=32
mempool_size=50000
indexer=kv
base_port=24000
max_gas=10000000000

while [ $# -gt 0 ]; do
  case "$1" in
    --validators) shapes="$2"; shift 2 ;;
    --txs) txs="$2"; shift 2 ;;
    --accounts) accounts="$2"; shift 2 ;;
    --mempool-size) mempool_size="$2"; shift 2 ;;
    --indexer) indexer="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    --max-gas) max_gas="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

bash "$repo/scripts/install-deps.sh"
cometbft=$(bash "$repo/localnet/install-cometbft.sh")
export SYMBIOTE_COMETBFT="$cometbft"
if [ -z "${SYMBIOTE_BIN:-}" ]; then
  echo "building symbiote (release)..." >&2
  (cd "$repo" && cargo build --release --locked -p symbiote-cli >&2)
  SYMBIOTE_BIN="${CARGO_TARGET_DIR:-$repo/target}/release/symbiote"
fi
export SYMBIOTE_BIN
sym="$SYMBIOTE_BIN"

work=$(mktemp -d -t symbiote-load-bench.XXXXXX)
running=()
stop_all() {
  for pid in ${running[@]+"${running[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in ${running[@]+"${running[@]}"}; do wait "$pid" 2>/dev/null || true; done
  running=()
}
trap stop_all EXIT

wait_height() { # url height
  for _ in $(seq 1 240); do
    h=$(curl -s "$1/status" | grep -o '"latest_block_height":"[0-9]*"' | grep -o '[0-9]*' || true)
    [ -n "$h" ] && [ "$h" -ge "$2" ] && return 0
    sleep 0.5
  done
  echo "$1 did not reach height $2 (logs in $work)" >&2
  exit 1
}

rpc_urls() { # validators
  local urls=()
  for ((i = 0; i < $1; i++)); do urls+=("http://127.0.0.1:$((base_port + 1 + 10 * i))"); done
  (IFS=,; echo "${urls[*]}")
}

field() { grep -o "\"$2\": *[^,}]*" "$1" | head -1 | cut -d: -f2- | tr -d '"'; }

run_symbiote() { # validators
  local v=$1 data="$work/symbiote-$1"
  bash "$repo/localnet/start.sh" --validators "$v" --block-time 1s --data "$data" \
    --base-port "$base_port" --grpc-base "$((base_port + 900))" \
    --genesis "consensus_params.block.max_gas=\"$max_gas\"" \
    --config "mempool.size=$mempool_size" --config "tx_index.indexer=$indexer" >"$data.log" 2>&1 &
  running+=($!)
  wait_height "http://127.0.0.1:$((base_port + 1))" 3
  "$sym" load --node "$(rpc_urls "$v")" --accounts "$accounts" --txs "$txs" \
    --home "$data/node0" --output json >"$work/symbiote-$v.json"
  stop_all
}

run_kvstore() { # validators
  local v=$1 out="$work/kvstore-$1"
  "$cometbft" testnet --v "$v" --o "$out" --starting-ip-address 127.0.0.1 >/dev/null
  local ids=()
  for ((i = 0; i < v; i++)); do ids+=("$("$cometbft" show-node-id --home "$out/node$i")"); done
  for ((i = 0; i < v; i++)); do
    local home="$out/node$i" p=$((base_port + 10 * i)) peers=()
    for ((j = 0; j < v; j++)); do [ "$j" -ne "$i" ] && peers+=("${ids[$j]}@127.0.0.1:$((base_port + 10 * j))"); done
    "$sym" config consensus.timeout_commit 1s --home "$home"
    "$sym" config mempool.size "$mempool_size" --home "$home"
    "$sym" config tx_index.indexer "$indexer" --home "$home"
    "$sym" config p2p.allow_duplicate_ip true --home "$home"
    "$sym" config p2p.addr_book_strict false --home "$home"
    "$cometbft" node --proxy_app=kvstore --home "$home" \
      --p2p.laddr "tcp://127.0.0.1:$p" --rpc.laddr "tcp://127.0.0.1:$((p + 1))" \
      --p2p.persistent_peers "$(IFS=,; echo "${peers[*]-}")" >"$home/node.log" 2>&1 &
    running+=($!)
  done
  wait_height "http://127.0.0.1:$((base_port + 1))" 3
  "$sym" load --target kvstore --node "$(rpc_urls "$v")" --accounts "$accounts" --txs "$txs" \
    --home "$work/symbiote-$v/node0" --output json >"$work/kvstore-$v.json"
  stop_all
}

rows=()
for v in $shapes; do
  echo "== $v validator(s): symbiote" >&2
  run_symbiote "$v"
  echo "== $v validator(s): kvstore" >&2
  run_kvstore "$v"
  s="$work/symbiote-$v.json" k="$work/kvstore-$v.json"
  ratio=$(awk -v a="$(field "$s" committed_tps)" -v b="$(field "$k" committed_tps)" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  for f in "$s" "$k"; do
    rows+=("$(printf '| %s | %s | %.0f | %s | %.1f | %.0f | %.2f / %.2f | %s / %s |' "$v" \
      "$(field "$f" target)" "$(field "$f" committed_tps)" "$(field "$f" loaded_blocks)" \
      "$(field "$f" loaded_seconds)" "$(field "$f" accepted_tps)" "$(field "$f" latency_p50_s)" \
      "$(field "$f" latency_p99_s)" "$(field "$f" rejected)" "$(field "$f" lost)")")
  done
  rows+=("| $v | ratio symbiote / kvstore (committed) | $ratio | | | | | |")
done

echo
echo "$txs txs from $accounts accounts per run, 1 s blocks, mempool size $mempool_size, indexer $indexer, symbiote max_gas $max_gas, $(nproc) cores"
echo "| validators | app | committed tx/s | blocks | seconds | accepted tx/s | latency p50 / p99 (s) | rejected / lost |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
echo "(data and logs: $work)"
