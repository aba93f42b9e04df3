//! IBC end to end: two symbiote chains on real CometBFT (`localnet/ibc.sh`), relayed by the stock
//! Hermes 1.10.5 (`localnet/install-hermes.sh`), unmodified.
//!
//! 1. `ibc.sh` creates clients, a connection and a channel on port `transfer` with
//!    `hermes create channel`, then relays with `hermes start`, whose health check passes;
//! 2. alice on A sends usym to bob on B: bob holds `ibc/{HASH}` with the exact amount and its
//!    denom trace; A's escrow holds the amount; bob sends part back: the escrow releases it;
//! 3. a forged packet (a proof that proves nothing) is refused with code 6 of codespace `ibc` and
//!    changes nothing;
//! 4. everything stops; the chains restart without Hermes; a packet that can only time out is
//!    sent and `hermes clear packets` times it out: the sender is refunded;
//! 5. chains and Hermes restart (`ibc.sh --resume`) and a transfer goes through again;
//!
//! and at each step supply stays exact: on A the escrow holds exactly what is out on B
//! (`TotalEscrowForDenom` too), on B the voucher's supply is exactly what bob holds.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use cosmos_sdk_proto::cosmos::bank::v1beta1::query_client::QueryClient as BankClient;
use cosmos_sdk_proto::cosmos::bank::v1beta1::{QueryBalanceRequest, QuerySupplyOfRequest};
use ibc_proto::ibc::applications::transfer::v1::query_client::QueryClient as TransferClient;
use ibc_proto::ibc::applications::transfer::v1::QueryTotalEscrowForDenomRequest;
use ibc_proto::ibc::core::channel::v1 as chan;
use ibc_proto::ibc::core::client::v1 as client;
use ibc_proto::ibc::core::commitment::v1::MerkleProof;
use prost::Message;
use serde_json::Value;
use sha2::{Digest, Sha256};
use symbiote_app::tx::build::{Signer, Signing, UnsignedTx};
use symbiote_core::Any;
use tendermint_rpc::Client;

struct Net {
    dir: PathBuf,
    base: u16,
    grpc: u16,
}

impl Net {
    fn data(&self) -> PathBuf {
        self.dir.join("ibc")
    }
    fn home(&self, chain: usize) -> PathBuf {
        self.data().join(if chain == 0 { "a" } else { "b" }).join("node0")
    }
    fn rpc_port(&self, chain: usize) -> u16 {
        self.base + 100 * chain as u16 + 1
    }
    fn node(&self, chain: usize) -> String {
        format!("http://127.0.0.1:{}", self.rpc_port(chain))
    }
    fn grpc(&self, chain: usize) -> String {
        format!("http://127.0.0.1:{}", self.grpc + chain as u16)
    }
    fn hermes_config(&self) -> PathBuf {
        self.data().join("hermes/config.toml")
    }

    fn start(&self, extra: &[&str], log: &str) -> Proc {
        Proc::spawn(
            Command::new("bash")
                .arg(repo().join("localnet/ibc.sh"))
                .arg("--data")
                .arg(self.data())
                .args(["--base-port", &self.base.to_string(), "--grpc-base", &self.grpc.to_string()])
                .args(["--block-time", "500ms"])
                .args(extra)
                .env("SYMBIOTE_BIN", SYMBIOTE)
                .env("SYMBIOTE_COMETBFT", cometbft()),
            &self.dir.join(log),
        )
    }

    /// Waits for `marker` in the script's log (panicking with the logs if the script ends first
    /// or after `timeout`).
    fn wait_log(&self, script: &mut Proc, log: &str, marker: &str, timeout: Duration) {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if std::fs::read_to_string(self.dir.join(log)).unwrap_or_default().contains(marker) {
                return;
            }
            if script.0.try_wait().unwrap().is_some() {
                panic!("ibc.sh ended before {marker:?}:\n{}", self.logs(log));
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        panic!("no {marker:?} within {timeout:?}:\n{}", self.logs(log));
    }

    fn logs(&self, log: &str) -> String {
        [self.dir.join(log), self.data().join("chain-0.log"), self.data().join("chain-1.log")]
            .iter()
            .chain(&[self.data().join("hermes/hermes.log"), self.data().join("hermes/create-channel.log")])
            .map(|p| format!("--- {}:\n{}", p.display(), tail(p)))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn address(&self, chain: usize, key: &str) -> String {
        sym_ok(&self.home(chain), &["keys", "show", key, "-a", "--keyring-backend", "test"]).trim().to_string()
    }

    fn transfer(&self, chain: usize, from: &str, receiver: &str, amount: &str, extra: &[&str]) -> Value {
        let node = self.node(chain);
        let mut args = vec![
            "tx",
            "ibc-transfer",
            "transfer",
            "transfer",
            "channel-0",
            receiver,
            amount,
            "--from",
            from,
            "--keyring-backend",
            "test",
            "--node",
            &node,
            "--output",
            "json",
        ];
        args.extend_from_slice(extra);
        let v: Value = serde_json::from_str(&sym_ok(&self.home(chain), &args)).unwrap();
        assert_eq!(v["code"], 0, "transfer refused: {v}");
        v
    }

    async fn balance(&self, chain: usize, address: &str, denom: &str) -> u128 {
        let mut bank = BankClient::connect(self.grpc(chain)).await.unwrap();
        let req = QueryBalanceRequest { address: address.into(), denom: denom.into() };
        bank.balance(req).await.unwrap().into_inner().balance.map_or(0, |c| c.amount.parse().unwrap())
    }

    async fn supply(&self, chain: usize, denom: &str) -> u128 {
        let mut bank = BankClient::connect(self.grpc(chain)).await.unwrap();
        let resp = bank.supply_of(QuerySupplyOfRequest { denom: denom.into() }).await.unwrap().into_inner();
        resp.amount.map_or(0, |c| c.amount.parse().unwrap())
    }

    async fn total_escrow(&self, chain: usize, denom: &str) -> u128 {
        let mut q = TransferClient::new(grpc_channel(&self.grpc(chain)).await);
        let resp = q.total_escrow_for_denom(QueryTotalEscrowForDenomRequest { denom: denom.into() }).await.unwrap();
        resp.into_inner().amount.map_or(0, |c| c.amount.parse().unwrap())
    }

    /// Polls until `address` holds exactly `want` of `denom` on `chain`.
    async fn wait_balance(&self, chain: usize, address: &str, denom: &str, want: u128, log: &str) {
        let start = Instant::now();
        loop {
            let got = self.balance(chain, address, denom).await;
            if got == want {
                return;
            }
            if start.elapsed() > Duration::from_secs(120) {
                panic!("{address} holds {got}{denom} on chain {chain}, expected {want}:\n{}", self.logs(log));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}

/// A gRPC connection (ibc-proto's clients are built without their own `connect`).
async fn grpc_channel(url: &str) -> tonic::transport::Channel {
    tonic::transport::Channel::from_shared(url.to_string()).unwrap().connect().await.unwrap()
}

fn hermes() -> PathBuf {
    if let Ok(p) = std::env::var("SYMBIOTE_HERMES") {
        return p.into();
    }
    let out = Command::new("bash").arg(repo().join("localnet/install-hermes.sh")).output().unwrap();
    assert!(out.status.success(), "install-hermes.sh failed: {}", String::from_utf8_lossy(&out.stderr));
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

fn query(home: &Path, node: &str, args: &[&str]) -> Value {
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--node", node, "--output", "json"]);
    serde_json::from_str(&sym_ok(home, &all)).unwrap()
}

/// Channel-0's escrow on A holds `escrowed` (and A's escrow total says so), and B's voucher supply
/// is `out_on_b`: equal once no packet is in flight.
async fn assert_supply_exact(net: &Net, voucher: &str, escrowed: u128, out_on_b: u128) {
    let escrow = query(&net.home(0), &net.node(0), &["ibc-transfer", "escrow-address", "transfer", "channel-0"]);
    let escrow = escrow["escrow_address"].as_str().unwrap().to_string();
    assert_eq!(net.balance(0, &escrow, "usym").await, escrowed, "escrow on A");
    assert_eq!(net.total_escrow(0, "usym").await, escrowed, "TotalEscrowForDenom on A");
    assert_eq!(net.supply(1, voucher).await, out_on_b, "voucher supply on B");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_cross_between_symbiote_chains_through_a_stock_hermes() {
    let hermes = hermes();
    let dir = tempfile::tempdir().unwrap();
    // Chain a on base.., chain b on base+100..; gRPC grpc and grpc+1 (port_block checks them all).
    let (base, grpc) = port_block(11, 14_000);
    let net = Net { dir: dir.path().to_path_buf(), base, grpc };

    // 1. Two chains, a channel, Hermes relaying.
    let mut script = net.start(&[], "ibc-1.log");
    net.wait_log(&mut script, "ibc-1.log", "ibc.sh: relaying", Duration::from_secs(600));
    // Hermes' health check (GetNodeInfo's build deps, the node config, staking params, tx indexing)
    // passes on both chains.
    let hermes_log = std::fs::read_to_string(net.data().join("hermes/hermes.log")).unwrap();
    assert!(hermes_log.contains("Hermes has started"), "{hermes_log}");
    assert!(!hermes_log.contains("health check failed"), "{hermes_log}");
    let channel = query(&net.home(0), &net.node(0), &["ibc", "channel", "transfer", "channel-0"]);
    assert_eq!(channel["channel"]["state"], "STATE_OPEN", "{channel}");
    assert_eq!(channel["channel"]["counterparty"]["channel_id"], "channel-0", "{channel}");
    let channels = query(&net.home(1), &net.node(1), &["ibc", "channels"]);
    assert_eq!(channels["channels"].as_array().map(Vec::len), Some(1), "{channels}");
    let connections = query(&net.home(1), &net.node(1), &["ibc", "connections"]);
    assert_eq!(connections["connections"][0]["state"], "STATE_OPEN", "{connections}");
    let clients = query(&net.home(0), &net.node(0), &["ibc", "client-states"]);
    assert_eq!(clients["client_states"][0]["client_state"]["chain_id"], "symbiote-b-1", "{clients}");

    // 2. A → B, then part of it back.
    let (alice_a, bob_b) = (net.address(0, "alice"), net.address(1, "bob"));
    let hash = hex::encode_upper(Sha256::digest(b"transfer/channel-0/usym"));
    let voucher = format!("ibc/{hash}");
    net.transfer(0, "alice", &bob_b, "1000usym", &[]);
    net.wait_balance(1, &bob_b, &voucher, 1000, "ibc-1.log").await;
    let trace = query(&net.home(1), &net.node(1), &["ibc-transfer", "denom-trace", &hash]);
    assert_eq!(trace["denom_trace"]["path"], "transfer/channel-0", "{trace}");
    assert_eq!(trace["denom_trace"]["base_denom"], "usym", "{trace}");
    assert_supply_exact(&net, &voucher, 1000, 1000).await;

    let alice_before = net.balance(0, &alice_a, "usym").await;
    net.transfer(1, "bob", &alice_a, &format!("400{voucher}"), &[]);
    net.wait_balance(0, &alice_a, "usym", alice_before + 400, "ibc-1.log").await;
    assert_eq!(net.balance(1, &bob_b, &voucher).await, 600);
    assert_supply_exact(&net, &voucher, 600, 600).await;

    // 3. A forged packet: A never sent sequence 99; the proof proves nothing.
    forged_packet_is_refused(&net, &bob_b, &voucher).await;

    // 4. Everything stops; the chains come back without Hermes; a packet that can only time out
    //    (1 ns after the latest time B's client on A knows) is timed out by `hermes clear packets`.
    script.signal("TERM");
    assert!(script.wait_exit(Duration::from_secs(60)), "ibc.sh did not stop:\n{}", net.logs("ibc-1.log"));
    drop(script);
    let mut script = net.start(&["--resume", "--no-hermes"], "ibc-2.log");
    net.wait_log(&mut script, "ibc-2.log", "symbiote IBC localnet", Duration::from_secs(180));
    let alice_before = net.balance(0, &alice_a, "usym").await;
    let sent = net.transfer(
        0,
        "alice",
        &bob_b,
        "250usym",
        &["--packet-timeout-height", "0-0", "--packet-timeout-timestamp", "1"],
    );
    let fee: u128 = alice_before - net.balance(0, &alice_a, "usym").await - 250;
    // In flight: escrowed on A, not on B.
    assert_supply_exact(&net, &voucher, 850, 600).await;
    wait_height(&rpc(net.rpc_port(1)), 3, Duration::from_secs(60)).await;
    let out = Command::new(&hermes)
        .arg("--config")
        .arg(net.hermes_config())
        .args(["clear", "packets", "--chain", "symbiote-a-1", "--port", "transfer", "--channel", "channel-0"])
        .output()
        .unwrap();
    let text = format!("{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "hermes clear packets failed ({sent}):\n{text}");
    net.wait_balance(0, &alice_a, "usym", alice_before - fee, "ibc-2.log").await;
    assert_eq!(net.balance(1, &bob_b, &voucher).await, 600, "the timed-out packet never arrived");
    assert_supply_exact(&net, &voucher, 600, 600).await;
    drop(script);

    // 5. Chains and Hermes restart; a transfer goes through again.
    let mut script = net.start(&["--resume"], "ibc-3.log");
    net.wait_log(&mut script, "ibc-3.log", "ibc.sh: relaying", Duration::from_secs(180));
    net.transfer(0, "alice", &bob_b, "5usym", &[]);
    net.wait_balance(1, &bob_b, &voucher, 605, "ibc-3.log").await;
    assert_supply_exact(&net, &voucher, 605, 605).await;
}

/// A MsgRecvPacket for a packet A never sent, with a proof of nothing, at a height B's client of A
/// has: refused with code 6 (`ibc`: invalid proof); no receipt, no voucher minted.
async fn forged_packet_is_refused(net: &Net, bob_b: &str, voucher: &str) {
    let forger = Signer::from_seed("ibc-forger");
    let forger_address = forger.address().to_string();
    let send = ["tx", "bank", "send", "bob", &forger_address, "1000000usym", "--keyring-backend", "test"];
    let node = net.node(1);
    let mut args = send.to_vec();
    args.extend_from_slice(&["--node", &node, "--output", "json"]);
    let v: Value = serde_json::from_str(&sym_ok(&net.home(1), &args)).unwrap();
    assert_eq!(v["code"], 0, "{v}");

    let mut clients = client::query_client::QueryClient::new(grpc_channel(&net.grpc(1)).await);
    let state = clients
        .client_state(client::QueryClientStateRequest { client_id: "07-tendermint-0".into() })
        .await
        .unwrap()
        .into_inner()
        .client_state
        .unwrap();
    let state = ibc_proto::ibc::lightclients::tendermint::v1::ClientState::decode(state.value.as_slice()).unwrap();
    let data = serde_json::json!({
        "denom": "usym", "amount": "1000000", "sender": "sym1forger", "receiver": bob_b, "memo": ""
    });
    let msg = chan::MsgRecvPacket {
        packet: Some(chan::Packet {
            sequence: 99,
            source_port: "transfer".into(),
            source_channel: "channel-0".into(),
            destination_port: "transfer".into(),
            destination_channel: "channel-0".into(),
            data: serde_json::to_vec(&data).unwrap(),
            timeout_height: Some(client::Height { revision_number: 1, revision_height: 1_000_000 }),
            timeout_timestamp: 0,
        }),
        proof_commitment: MerkleProof { proofs: vec![Default::default(), Default::default()] }.encode_to_vec(),
        proof_height: state.latest_height,
        signer: forger_address.clone(),
    };
    let any = Any { type_url: "/ibc.core.channel.v1.MsgRecvPacket".into(), value: msg.encode_to_vec() };
    let account: u64 = {
        let a = query(&net.home(1), &node, &["auth", "account", &forger_address]);
        a["account_number"].as_str().unwrap().parse().unwrap()
    };
    let raw = UnsignedTx::new(vec![any], "50000usym".parse().unwrap(), 2_000_000)
        .sign("symbiote-b-1", &[Signing { signer: &forger, account_number: account, sequence: 0 }]);
    let voucher_supply = net.supply(1, voucher).await;
    let r = rpc(net.rpc_port(1)).broadcast_tx_commit(raw).await.unwrap();
    assert_eq!(r.check_tx.code.value(), 0, "{}", r.check_tx.log);
    assert_eq!((r.tx_result.code.value(), r.tx_result.codespace.as_str()), (6, "ibc"), "{}", r.tx_result.log);
    let mut channels = chan::query_client::QueryClient::new(grpc_channel(&net.grpc(1)).await);
    let receipt = channels
        .packet_receipt(chan::QueryPacketReceiptRequest {
            port_id: "transfer".into(),
            channel_id: "channel-0".into(),
            sequence: 99,
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!receipt.received, "the forged packet left a receipt");
    assert_eq!(net.supply(1, voucher).await, voucher_supply, "nothing minted");
    assert_eq!(net.balance(1, bob_b, voucher).await, 600, "bob received nothing");
}
