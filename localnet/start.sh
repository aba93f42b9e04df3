#!/usr/bin/env bash
# Starts a fresh local symbiote chain (chain id symbiote-local-1) in the foreground; Ctrl-C stops it.
#
#   localnet/start.sh                  one validator: CometBFT RPC 127.0.0.1:26657, gRPC 127.0.0.1:9090
#   localnet/start.sh --validators 4   four validators with equal stake on distinct loopback ports
#
# Installs what is missing (system packages, the pinned CometBFT) and builds the `symbiote` binary.
# Test keys `alice` and `bob` (test keyring of node 0) are funded in genesis; their mnemonics are printed.
# Validators join as on a Cosmos SDK chain: node i's key `validator` (its own test keyring) is funded,
# signs a gentx self-delegating 100000000usym (power 100), and collect-gentxs writes them all to genesis.
#
# Options: --validators N   --data DIR (default localnet/.data, wiped each run)
#          --base-port P (node i: p2p P+10i, rpc P+1+10i, abci P+2+10i; default 26656)
#          --grpc-base G (node i: gRPC G+i; default 9090)   --block-time 1s
#          --unbonding-time 120s (staking's unbonding period; the SDK's default is 21 days)
#          --chain-id ID (default symbiote-local-1)
#          --account ADDRESS=COINS (repeatable; another account funded in genesis)
#          --resume (start the nodes already in --data as they are, no new genesis)
#          --genesis PATH=VALUE (repeatable; any genesis field, as `symbiote genesis set` takes it,
#            e.g. app_state.slashing.params.signed_blocks_window=10)
#          --config KEY=VALUE (repeatable; a CometBFT config.toml setting on every node, as
#            `symbiote config` takes it, e.g. mempool.size=50000)
# Env: SYMBIOTE_BIN=path skips the build; CARGO_TARGET_DIR is honoured.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
validators=1
data="$repo/localnet/.data"
base_port=26656
grpc_base=9090
block_time="1s"
unbonding_time="120s"
self_bond="100000000usym"
chain_id="symbiote-local-1"
genesis_sets=()
config_sets=()
accounts=()
resume=false

while [ $# -gt 0 ]; do
  case "$1" in
    --validators) validators="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    --grpc-base) grpc_base="$2"; shift 2 ;;
    --block-time) block_time="$2"; shift 2 ;;
    --unbonding-time) unbonding_time="$2"; shift 2 ;;
    --genesis) genesis_sets+=("$2"); shift 2 ;;
    --config) config_sets+=("$2"); shift 2 ;;
    --chain-id) chain_id="$2"; shift 2 ;;
    --account) accounts+=("$2"); shift 2 ;;
    --resume) resume=true; shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$validators" =~ ^[1-9][0-9]*$ ]] || { echo "--validators must be a positive integer" >&2; exit 2; }

bash "$repo/scripts/install-deps.sh"
cometbft=$(bash "$repo/localnet/install-cometbft.sh")
export SYMBIOTE_COMETBFT="$cometbft"

if [ -z "${SYMBIOTE_BIN:-}" ]; then
  echo "building symbiote (release)..." >&2
  (cd "$repo" && cargo build --release --locked -p symbiote-cli >&2)
  SYMBIOTE_BIN="${CARGO_TARGET_DIR:-$repo/target}/release/symbiote"
fi
sym="$SYMBIOTE_BIN"

home() { echo "$data/node$1"; }
if $resume; then
  [ -f "$(home 0)/config/genesis.json" ] || { echo "--resume: no localnet in $data" >&2; exit 2; }
  chain_id=$(sed -n 's/.*"chain_id": *"\([^"]*\)".*/\1/p' "$(home 0)/config/genesis.json" | head -n 1)
  validators=$(find "$data" -maxdepth 1 -name 'node*' -type d | wc -l)
  keys_out="(as created before; see $(home 0)/keyring-test)"
else
rm -rf "$data"
mkdir -p "$data"

for ((i = 0; i < validators; i++)); do
  p=$((base_port + 10 * i))
  "$sym" init "node$i" --chain-id "$chain_id" --home "$(home "$i")" \
    --p2p-laddr "tcp://127.0.0.1:$p" --rpc-laddr "tcp://127.0.0.1:$((p + 1))" \
    --abci-addr "127.0.0.1:$((p + 2))" --grpc-addr "127.0.0.1:$((grpc_base + i))" >/dev/null
  "$sym" config consensus.timeout_commit "$block_time" --home "$(home "$i")"
  "$sym" config p2p.allow_duplicate_ip true --home "$(home "$i")"
  "$sym" config p2p.addr_book_strict false --home "$(home "$i")"
  for kv in ${config_sets[@]+"${config_sets[@]}"}; do
    [[ "$kv" == *=* ]] || { echo "--config takes KEY=VALUE, got $kv" >&2; exit 2; }
    "$sym" config "${kv%%=*}" "${kv#*=}" --home "$(home "$i")"
  done
done

h0=$(home 0)
keys_out=""
for name in alice bob; do
  keys_out+="$("$sym" keys add "$name" --keyring-backend test --home "$h0")"$'\n\n'
  "$sym" genesis add-account "$name" 1000000000000usym --keyring-backend test --home "$h0" >/dev/null
done
for kv in ${accounts[@]+"${accounts[@]}"}; do
  [[ "$kv" == *=* ]] || { echo "--account takes ADDRESS=COINS, got $kv" >&2; exit 2; }
  "$sym" genesis add-account "${kv%%=*}" "${kv#*=}" --home "$h0" >/dev/null
done
"$sym" genesis set app_state.staking.params.unbonding_time "$unbonding_time" --home "$h0" >/dev/null
for kv in ${genesis_sets[@]+"${genesis_sets[@]}"}; do
  [[ "$kv" == *=* ]] || { echo "--genesis takes PATH=VALUE, got $kv" >&2; exit 2; }
  "$sym" genesis set "${kv%%=*}" "${kv#*=}" --home "$h0" >/dev/null
done

# Each node's operator key, funded in the shared genesis; then each node signs its gentx against
# that genesis, and every node collects all of them (same file names, so the same genesis; each
# node's persistent_peers are the others).
for ((i = 0; i < validators; i++)); do
  "$sym" keys add validator --keyring-backend test --home "$(home "$i")" >/dev/null
  op=$("$sym" keys show validator -a --keyring-backend test --home "$(home "$i")")
  "$sym" genesis add-account "$op" 1000000000usym --home "$h0" >/dev/null
done
mkdir -p "$data/gentx"
for ((i = 0; i < validators; i++)); do
  [ "$i" -gt 0 ] && cp "$h0/config/genesis.json" "$(home "$i")/config/genesis.json"
  id=$("$cometbft" show-node-id --home "$(home "$i")")
  "$sym" genesis gentx validator "$self_bond" --moniker "node$i" --keyring-backend test \
    --home "$(home "$i")" --output-document "$data/gentx/gentx-$id.json" >/dev/null
done
for ((i = 0; i < validators; i++)); do
  "$sym" genesis collect-gentxs --gentx-dir "$data/gentx" --home "$(home "$i")" >/dev/null
done
"$sym" genesis validate --home "$h0" >/dev/null
fi
h0=$(home 0)

pids=()
stop() {
  trap - INT TERM
  echo >&2; echo "stopping ${#pids[@]} node(s)..." >&2
  # TERM, not INT: background children of a script ignore SIGINT.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped." >&2
  exit 0
}
trap stop INT TERM

for ((i = 0; i < validators; i++)); do
  if [ "$validators" -eq 1 ]; then
    "$sym" start --with-cometbft --home "$(home "$i")" &
  else
    "$sym" start --with-cometbft --home "$(home "$i")" >"$(home "$i")/node.log" 2>&1 &
  fi
  pids+=($!)
done

cat >&2 <<INFO

symbiote localnet: chain $chain_id, $validators validator(s), data in $data
$(for ((i = 0; i < validators; i++)); do p=$((base_port + 10 * i)); echo "  node$i: CometBFT RPC http://127.0.0.1:$((p + 1))  gRPC 127.0.0.1:$((grpc_base + i))$([ "$validators" -gt 1 ] && echo "  log $(home "$i")/node.log")"; done)

Test keys (keyring-backend test, home $h0), each funded with 1000000000000usym:
$keys_out
Try:  $sym tx bank send alice \$($sym keys show bob -a --keyring-backend test --home $h0) 1000usym --keyring-backend test --home $h0
      $sym query bank balances \$($sym keys show bob -a --keyring-backend test --home $h0)
Ctrl-C stops every process.
INFO

wait
