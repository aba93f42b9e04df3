#!/usr/bin/env bash
# Two local symbiote chains joined by IBC, relayed by a stock Hermes, in the foreground; Ctrl-C
# stops all of it.
#
#   localnet/ibc.sh      chains symbiote-a-1 (RPC 127.0.0.1:26657, gRPC :9090) and symbiote-b-1
#                        (RPC 127.0.0.1:26757, gRPC :9091), one validator each; Hermes creates
#                        clients, a connection and a channel on port `transfer` (channel-0 on
#                        both), then relays.
#
# Installs what is missing (system packages, the pinned CometBFT and Hermes) and builds `symbiote`.
# Keys (test keyring): `alice` and `bob` on each chain (homes DATA/a/node0, DATA/b/node0) and the
# relayer's key `relayer`, the same mnemonic on both chains, funded in both geneses.
#
# Options: --data DIR (default localnet/.ibc; wiped unless --resume)
#          --base-port P (chain a: P.., chain b: P+100.., as localnet/start.sh lays out; default 26656)
#          --grpc-base G (chain a: G, chain b: G+1; default 9090)   --block-time 1s
#          --resume (restart the chains and Hermes in --data as they were: no new genesis, no new
#            channel)
#          --no-hermes (start the chains only; the Hermes command and config are printed)
# Env: SYMBIOTE_BIN=path skips the build; CARGO_TARGET_DIR is honoured.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data="$repo/localnet/.ibc"
base_port=26656
grpc_base=9090
block_time="1s"
resume=false
relay=true

while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    --grpc-base) grpc_base="$2"; shift 2 ;;
    --block-time) block_time="$2"; shift 2 ;;
    --resume) resume=true; shift ;;
    --no-hermes) relay=false; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

bash "$repo/scripts/install-deps.sh"
hermes=$(bash "$repo/localnet/install-hermes.sh")
if [ -z "${SYMBIOTE_BIN:-}" ]; then
  echo "building symbiote (release)..." >&2
  (cd "$repo" && cargo build --release --locked -p symbiote-cli >&2)
  SYMBIOTE_BIN="${CARGO_TARGET_DIR:-$repo/target}/release/symbiote"
fi
export SYMBIOTE_BIN
sym="$SYMBIOTE_BIN"

chains=(symbiote-a-1 symbiote-b-1)
dirs=("$data/a" "$data/b")
rpc_port() { echo $((base_port + 100 * $1 + 1)); }
grpc_port() { echo $((grpc_base + $1)); }
config="$data/hermes/config.toml"
mnemonic="$data/hermes/relayer.mnemonic"

if ! $resume; then
  rm -rf "$data"
  mkdir -p "$data/hermes"
  # The relayer's key, from one mnemonic for both chains (same address: both use prefix `sym`).
  "$sym" keys add relayer --keyring-backend test --home "$data/hermes" --output json \
    | sed -n 's/.*"mnemonic": *"\([^"]*\)".*/\1/p' > "$mnemonic"
  [ -s "$mnemonic" ] || { echo "ibc.sh: could not create the relayer key" >&2; exit 1; }
  relayer=$("$sym" keys show relayer -a --keyring-backend test --home "$data/hermes")

  # Hermes' view of both chains. `proof_specs`: our JMT proofs (not the SDK's IAVL ones), which
  # the counterparty's client of each chain must carry; trusting period two thirds of the 21-day
  # unbonding period; packets cleared every 10 blocks as well as relayed on events.
  specs=$(cat "$repo/localnet/hermes-proof-specs.json")
  {
    cat <<TOML
[global]
log_level = 'info'

[mode.clients]
enabled = true
refresh = true
misbehaviour = false

[mode.connections]
enabled = false

[mode.channels]
enabled = false

[mode.packets]
enabled = true
clear_interval = 10
clear_on_start = true
tx_confirmation = true

[rest]
enabled = false
host = '127.0.0.1'
port = 3000

[telemetry]
enabled = false
host = '127.0.0.1'
port = 3001
TOML
    for i in 0 1; do
      cat <<TOML

[[chains]]
id = '${chains[$i]}'
type = 'CosmosSdk'
rpc_addr = 'http://127.0.0.1:$(rpc_port "$i")'
grpc_addr = 'http://127.0.0.1:$(grpc_port "$i")'
event_source = { mode = 'push', url = 'ws://127.0.0.1:$(rpc_port "$i")/websocket', batch_delay = '200ms' }
rpc_timeout = '10s'
account_prefix = 'sym'
key_name = 'relayer'
key_store_folder = '$data/hermes/keys'
store_prefix = 'ibc'
default_gas = 200000
max_gas = 4000000
gas_price = { price = 0.025, denom = 'usym' }
gas_multiplier = 1.3
max_msg_num = 30
max_tx_size = 180000
clock_drift = '5s'
max_block_time = '30s'
trusting_period = '14days'
trust_threshold = '2/3'
address_type = { derivation = 'cosmos' }
proof_specs = '''
$specs
'''
TOML
    done
  } > "$config"
  "$hermes" --config "$config" config validate >&2
fi

pids=()
stop() {
  trap - INT TERM
  echo >&2; echo "stopping..." >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped." >&2
  exit 0
}
trap stop INT TERM

for i in 0 1; do
  args=(--data "${dirs[$i]}" --base-port $((base_port + 100 * i)) --grpc-base "$(grpc_port "$i")"
        --block-time "$block_time")
  if $resume; then
    args+=(--resume)
  else
    args+=(--chain-id "${chains[$i]}" --unbonding-time 1814400s --account "$relayer=100000000000usym")
  fi
  bash "$repo/localnet/start.sh" "${args[@]}" >"$data/chain-$i.log" 2>&1 &
  pids+=($!)
done

# Both chains producing blocks (and serving gRPC) before Hermes talks to them.
for i in 0 1; do
  for _ in $(seq 1 120); do
    "$sym" --output json status --node "http://127.0.0.1:$(rpc_port "$i")" 2>/dev/null \
      | grep -q '"latest_block_height": *"\?[1-9]' && break
    sleep 1
  done
  "$sym" status --node "http://127.0.0.1:$(rpc_port "$i")" >/dev/null 2>&1 \
    || { echo "ibc.sh: ${chains[$i]} did not start; see $data/chain-$i.log" >&2; stop; }
done

if ! $resume; then
  for chain in "${chains[@]}"; do
    "$hermes" --config "$config" keys add --chain "$chain" --key-name relayer --mnemonic-file "$mnemonic" >&2
  done
  echo "ibc.sh: creating clients, a connection and a channel (transfer <-> transfer)..." >&2
  "$hermes" --config "$config" create channel --a-chain "${chains[0]}" --b-chain "${chains[1]}" \
    --a-port transfer --b-port transfer --new-client-connection --yes >"$data/hermes/create-channel.log" 2>&1 \
    || { cat "$data/hermes/create-channel.log" >&2; echo "ibc.sh: hermes create channel failed" >&2; stop; }
  echo "ibc.sh: channel-0 open on both chains" >&2
fi

cat >&2 <<INFO

symbiote IBC localnet: data in $data
  ${chains[0]}: CometBFT RPC http://127.0.0.1:$(rpc_port 0)  gRPC 127.0.0.1:$(grpc_port 0)  home ${dirs[0]}/node0
  ${chains[1]}: CometBFT RPC http://127.0.0.1:$(rpc_port 1)  gRPC 127.0.0.1:$(grpc_port 1)  home ${dirs[1]}/node0
  Hermes: $hermes --config $config
Try:  $sym tx ibc-transfer transfer transfer channel-0 \$($sym keys show bob -a --keyring-backend test --home ${dirs[1]}/node0) 1000usym --from alice --keyring-backend test --home ${dirs[0]}/node0 --node http://127.0.0.1:$(rpc_port 0)
      $sym query bank balances \$($sym keys show bob -a --keyring-backend test --home ${dirs[1]}/node0) --node http://127.0.0.1:$(rpc_port 1)
Ctrl-C stops every process.
INFO

if $relay; then
  "$hermes" --config "$config" start >"$data/hermes/hermes.log" 2>&1 &
  pids+=($!)
  # Hermes subscribes to both chains' events only after scanning them: transfers sent before then
  # wait for the next clearing.
  for _ in $(seq 1 120); do
    grep -q "Hermes has started" "$data/hermes/hermes.log" 2>/dev/null && break
    sleep 0.5
  done
  echo "ibc.sh: relaying (log: $data/hermes/hermes.log)" >&2
fi
wait
