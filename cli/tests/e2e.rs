//! End to end, with the real CometBFT: a CLI send moves balances seen over gRPC; a bad signature,
//! a replay, an underfunded send and garbage bytes get codes 4, 32, 5 and 2 and change nothing;
//! `kill -9` of the app mid-run, restart, and the chain resumes on the same app hash.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use base64::Engine;
use common::*;
use cosmos_sdk_proto::cosmos::auth::v1beta1::query_client::QueryClient as AuthClient;
use cosmos_sdk_proto::cosmos::auth::v1beta1::{BaseAccount, QueryAccountRequest};
use cosmos_sdk_proto::cosmos::bank::v1beta1::query_client::QueryClient as BankClient;
use cosmos_sdk_proto::cosmos::bank::v1beta1::QueryBalanceRequest;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::service_client::ServiceClient as NodeClient;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::{GetLatestBlockRequest, GetNodeInfoRequest};
use cosmos_sdk_proto::cosmos::tx::v1beta1::service_client::ServiceClient as TxClient;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{GetTxRequest, SimulateRequest};
use prost::Message;
use symbiote_app::tx::build::{Signer, Signing, UnsignedTx};
use symbiote_bank::MsgSend;
use tendermint_rpc::Client;
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient as ReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
use tonic_reflection::pb::v1::ServerReflectionRequest;

/// cosmjs's key for "abandon ×11 about" on m/44'/118'/0'/0/0 (see app/tests/tx_semantics.rs).
const ALICE_MNEMONIC: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const ALICE_PRIVKEY: &str = "c4a48e2fce1481cd3294b4490f6678090ea98d3d0e5cd984558ab0968741b104";
const CHAIN: &str = "symbiote-e2e-1";

struct Node {
    home: std::path::PathBuf,
    rpc_port: u16,
    grpc_port: u16,
}

impl Node {
    fn start_cometbft(&self) -> Proc {
        Proc::spawn(
            Command::new(cometbft()).arg("start").arg("--home").arg(&self.home),
            &self.home.join("cometbft.log"),
        )
    }

    fn start_app(&self) -> Proc {
        Proc::spawn(Command::new(SYMBIOTE).arg("start").arg("--home").arg(&self.home), &self.home.join("app.log"))
    }

    async fn balance(&self, address: &str) -> String {
        let mut bank = BankClient::connect(format!("http://127.0.0.1:{}", self.grpc_port)).await.unwrap();
        let req = QueryBalanceRequest { address: address.into(), denom: "usym".into() };
        bank.balance(req).await.unwrap().into_inner().balance.unwrap().amount
    }

    async fn sequence(&self, address: &str) -> u64 {
        let mut auth = AuthClient::connect(format!("http://127.0.0.1:{}", self.grpc_port)).await.unwrap();
        let any =
            auth.account(QueryAccountRequest { address: address.into() }).await.unwrap().into_inner().account.unwrap();
        BaseAccount::decode(any.value.as_slice()).unwrap().sequence
    }
}

fn send_tx(signer: &Signer, chain: &str, sequence: u64, to: &str, amount: &str) -> Vec<u8> {
    let msg = symbiote_app::tx::build::any(&MsgSend {
        from: signer.address(),
        to: to.parse().unwrap(),
        amount: amount.parse().unwrap(),
    });
    UnsignedTx::new(vec![msg], "5000usym".parse().unwrap(), 200_000)
        .sign(chain, &[Signing { signer, account_number: 0, sequence }])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_send_error_codes_and_crash_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("node");
    let ports = free_ports(4);
    let node = Node { home: home.clone(), rpc_port: ports[1], grpc_port: ports[3] };
    let rpc_url = format!("http://127.0.0.1:{}", ports[1]);
    sym_ok(
        &home,
        &[
            "init",
            "n0",
            "--chain-id",
            CHAIN,
            "--p2p-laddr",
            &format!("tcp://127.0.0.1:{}", ports[0]),
            "--rpc-laddr",
            &format!("tcp://127.0.0.1:{}", ports[1]),
            "--abci-addr",
            &format!("127.0.0.1:{}", ports[2]),
            "--grpc-addr",
            &format!("127.0.0.1:{}", ports[3]),
        ],
    );
    sym_ok(&home, &["config", "consensus.timeout_commit", "300ms"]);

    // alice recovered from a mnemonic (so the test knows her key), bob freshly generated.
    let mut add = Command::new(SYMBIOTE)
        .args(["keys", "add", "alice", "--recover", "--keyring-backend", "test", "--home"])
        .arg(&home)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin.take().unwrap().write_all(ALICE_MNEMONIC.as_bytes()).unwrap();
    assert!(add.wait().unwrap().success());
    sym_ok(&home, &["keys", "add", "bob", "--keyring-backend", "test"]);
    let alice = sym_ok(&home, &["keys", "show", "alice", "-a", "--keyring-backend", "test"]).trim().to_string();
    let bob = sym_ok(&home, &["keys", "show", "bob", "-a", "--keyring-backend", "test"]).trim().to_string();
    assert_eq!(alice, "sym19rl4cm2hmr8afy4kldpxz3fka4jguq0ac2sd6q", "BIP-39/HD derivation matches cosmjs");
    sym_ok(&home, &["genesis", "add-account", "alice", "1000000000usym", "--keyring-backend", "test"]);

    let mut app = node.start_app();
    let mut comet = node.start_cometbft();
    let client = rpc(node.rpc_port);
    wait_height(&client, 2, Duration::from_secs(60)).await;

    // 1. A send with the CLI: simulate, sign, broadcast, wait for inclusion.
    let out = sym_ok(
        &home,
        &[
            "tx",
            "bank",
            "send",
            "alice",
            &bob,
            "1000usym",
            "--keyring-backend",
            "test",
            "--node",
            &rpc_url,
            "--output",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["code"], 0, "{out}");
    let sent_hash = v["txhash"].as_str().unwrap().to_string();
    assert_eq!(node.balance(&bob).await, "1000");
    let alice_after_send = node.balance(&alice).await;
    assert_eq!(node.sequence(&alice).await, 1);

    // The tx over gRPC (tx and node services) and through CometBFT's kv indexer.
    let grpc = format!("http://127.0.0.1:{}", node.grpc_port);
    let mut txs = TxClient::connect(grpc.clone()).await.unwrap();
    let got = txs.get_tx(GetTxRequest { hash: sent_hash.clone() }).await.unwrap().into_inner();
    let resp = got.tx_response.unwrap();
    assert_eq!((resp.code, resp.txhash.as_str()), (0, sent_hash.as_str()));
    assert!(resp.events.iter().any(|e| e.r#type == "transfer"));
    let mut tm = NodeClient::connect(grpc.clone()).await.unwrap();
    let info = tm.get_node_info(GetNodeInfoRequest {}).await.unwrap().into_inner();
    assert_eq!(info.default_node_info.unwrap().version, "0.38.26");
    assert_eq!(info.application_version.unwrap().app_name, "symbiote");
    let latest = tm.get_latest_block(GetLatestBlockRequest {}).await.unwrap().into_inner();
    assert!(latest.block.unwrap().header.unwrap().height >= 2);
    let found = client
        .tx_search(
            format!("transfer.recipient='{bob}'").parse().unwrap(),
            false,
            1,
            10,
            tendermint_rpc::Order::Ascending,
        )
        .await
        .unwrap();
    assert_eq!(found.total_count, 1);

    // gRPC server reflection lists the Cosmos services (what grpcurl uses).
    let channel = tonic::transport::Channel::from_shared(grpc.clone()).unwrap().connect().await.unwrap();
    let mut reflection = ReflectionClient::new(channel);
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut stream = reflection.server_reflection_info(futures::stream::iter([request])).await.unwrap().into_inner();
    let reply = stream.message().await.unwrap().unwrap();
    let Some(MessageResponse::ListServicesResponse(list)) = reply.message_response else {
        panic!("unexpected reflection reply")
    };
    let services: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    for name in symbiote_proto::SERVICE_NAMES {
        assert!(services.iter().any(|s| s == name), "{name} missing from reflection: {services:?}");
    }

    // 2. Rejections: each gets its code and changes nothing.
    let key: [u8; 32] = hex::decode(ALICE_PRIVKEY).unwrap().try_into().unwrap();
    let signer = Signer::from_secret_bytes(&key).unwrap();
    #[allow(deprecated)]
    let sim = txs
        .simulate(SimulateRequest { tx: None, tx_bytes: send_tx(&signer, CHAIN, 1, &bob, "1usym") })
        .await
        .unwrap()
        .into_inner();
    assert!(sim.gas_info.unwrap().gas_used > 30_000);
    let cases: Vec<(Vec<u8>, u32, &str)> = vec![
        (send_tx(&signer, "another-chain", 1, &bob, "1usym"), 4, "bad signature"),
        (send_tx(&signer, CHAIN, 0, &bob, "1usym"), 32, "replayed sequence"),
        (send_tx(&signer, CHAIN, 1, &bob, "999999999999usym"), 5, "underfunded"),
        (b"garbage bytes".to_vec(), 2, "garbage"),
    ];
    for (tx, code, what) in cases {
        let r = client.broadcast_tx_sync(tx).await.unwrap();
        assert_eq!(r.code.value(), code, "{what}: {}", r.log);
        assert_eq!(r.codespace, "sdk", "{what}");
    }
    wait_height(
        &client,
        client.status().await.unwrap().sync_info.latest_block_height.value() + 2,
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(node.balance(&bob).await, "1000");
    assert_eq!(node.balance(&alice).await, alice_after_send);
    assert_eq!(node.sequence(&alice).await, 1);

    // 3. kill -9 the app mid-run. CometBFT stops when it loses the app; restart both.
    let info = client.abci_info().await.unwrap();
    let height = info.last_block_height.value();
    // tendermint-rpc 0.40 returns abci_info's app hash as the base64 text CometBFT sent.
    let hash = base64::engine::general_purpose::STANDARD.decode(info.last_block_app_hash.as_bytes()).unwrap();
    app.signal("KILL");
    assert!(app.wait_exit(Duration::from_secs(10)));
    if !comet.wait_exit(Duration::from_secs(20)) {
        comet.signal("TERM");
        assert!(
            comet.wait_exit(Duration::from_secs(20)),
            "CometBFT did not stop:\n{}",
            tail(&home.join("cometbft.log"))
        );
    }
    let mut app = node.start_app();
    let _comet = node.start_cometbft();
    wait_height(&client, height + 3, Duration::from_secs(60)).await;
    let next = client.block(tendermint::block::Height::try_from(height + 1).unwrap()).await.unwrap();
    assert_eq!(
        next.block.header.app_hash.as_bytes(),
        hash.as_slice(),
        "the block after the crash carries the app hash committed before it"
    );
    assert_eq!(node.balance(&bob).await, "1000");
    // The exact bytes of the earlier send, replayed after the restart (mempool cache now empty).
    let sent = client.tx(sent_hash.parse().unwrap(), false).await.unwrap();
    let replay = client.broadcast_tx_sync(sent.tx).await.unwrap();
    assert_eq!(replay.code.value(), 32, "{}", replay.log);
    assert!(replay.log.contains("account sequence mismatch, expected 1, got 0"));

    // 4. SIGTERM stops the app cleanly.
    app.signal("TERM");
    assert!(app.wait_exit(Duration::from_secs(15)), "app did not stop on SIGTERM:\n{}", tail(&home.join("app.log")));
}
