//! End to end, with the real CometBFT: a CLI send moves balances seen over gRPC; stock cosmjs sends
//! with fee "auto"; a bad signature, a replay, garbage bytes, a tx with bytes appended or unknown
//! fields and one with too many messages are refused in CheckTx and change nothing; an underfunded
//! send is included and fails paying its fee; probes from the network (a negative query height,
//! unknown tx hashes with RUST_BACKTRACE set) get coded one-line answers and stop nothing;
//! `kill -9` of the app mid-run, restart, and the chain resumes on the same app hash; `symbiote
//! export` of the stopped node gives a genesis that validates.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use base64::Engine;
use common::*;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::service_client::ServiceClient as NodeClient;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::{GetLatestBlockRequest, GetNodeInfoRequest};
use cosmos_sdk_proto::cosmos::tx::v1beta1::service_client::ServiceClient as TxClient;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{GetTxRequest, SimulateRequest};
use cosmos_sdk_proto::Any;
use prost::Message;
use symbiote_app::tx::build::{Signer, Signing, UnsignedTx};
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

fn send_tx(signer: &Signer, chain: &str, sequence: u64, to: &str, amount: &str) -> Vec<u8> {
    UnsignedTx::new(vec![send_msg(signer, to, amount)], "5000usym".parse().unwrap(), 200_000)
        .sign(chain, &[Signing { signer, account_number: 0, sequence }])
}

/// `tx` with `extra` appended to the `TxRaw` bytes: the same signed content under another hash.
fn with_bytes_appended(tx: &[u8], extra: &[u8]) -> Vec<u8> {
    let mut out = tx.to_vec();
    out.extend_from_slice(extra);
    out
}

/// A signed tx whose message carries a field MsgSend does not have (field 9, varint): signed by
/// its sender, so valid but for the unknown field, which the SDK refuses (ADR-020).
fn with_unknown_message_field(signer: &Signer, sequence: u64, to: &str) -> Vec<u8> {
    let mut msg = send_msg(signer, to, "1usym");
    msg.value.extend_from_slice(&[0x48, 0x01]);
    UnsignedTx::new(vec![msg], "5000usym".parse().unwrap(), 200_000)
        .sign(CHAIN, &[Signing { signer, account_number: 0, sequence }])
}

/// One raw HTTP/1.0 GET to CometBFT's RPC, for requests its typed client cannot express.
fn http_get(port: u16, path_and_query: &str) -> String {
    use std::io::Read;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path_and_query} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

/// What a client may see in an error message: one line, no source locations, no backtrace.
fn assert_clean(what: &str, message: &str) {
    assert!(!message.is_empty(), "{what}: empty message");
    for bad in ["\n", ".rs:", "Location", "backtrace", "stack backtrace"] {
        assert!(!message.contains(bad), "{what}: message leaks {bad:?}: {message:?}");
    }
}

/// Stock cosmjs (cli/tests/cosmjs, pinned) sends `amount` to `recipient` with fee "auto".
fn cosmjs_send(rpc_port: u16, recipient: &str, amount: u64) -> serde_json::Value {
    let dir = repo().join("cli/tests/cosmjs");
    let install = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel", "error"])
        .current_dir(&dir)
        .output()
        .expect("running npm (Node.js is needed for the cosmjs test)");
    assert!(install.status.success(), "npm ci failed: {}", String::from_utf8_lossy(&install.stderr));
    let out = Command::new("node")
        .arg(dir.join("send_auto.mjs"))
        .env("RPC", format!("http://127.0.0.1:{rpc_port}"))
        .env("MNEMONIC", ALICE_MNEMONIC)
        .env("RECIPIENT", recipient)
        .env("AMOUNT", amount.to_string())
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(line.trim())
        .unwrap_or_else(|e| panic!("cosmjs printed no JSON ({e}): {line}\n{}", String::from_utf8_lossy(&out.stderr)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_send_error_codes_and_crash_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("node");
    let node = Node::init(&home, CHAIN, "300ms");
    let rpc_url = format!("http://127.0.0.1:{}", node.rpc_port);

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
    assert_eq!(node.balance(&bob).await, 1000);
    assert_eq!(node.account(&alice).await.sequence, 1);

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
    for name in symbiote_proto::SERVICE_NAMES.iter().chain(&["symbiote.auth.v1.Query"]) {
        assert!(services.iter().any(|s| s == name), "{name} missing from reflection: {services:?}");
    }
    // Only what the node serves: no Msg services, no services of modules it does not run.
    for s in &services {
        assert!(!s.ends_with(".Msg") && !s.starts_with("symbiote.example."), "{s} listed but not served");
    }

    // 2. Stock cosmjs, fee "auto": its simulation (empty signature, SIGN_MODE_UNSPECIFIED) is
    //    answered, and the tx it then signs is committed.
    let carol = Signer::from_seed("carol").address().to_string();
    let js = cosmjs_send(node.rpc_port, &carol, 12_345);
    assert_eq!(js["ok"], true, "{js}");
    assert_eq!(js["code"], 0, "{js}");
    assert_eq!(js["recipientAfter"], "12345", "{js}");
    assert_eq!(js["foundTx"], true, "{js}");
    assert!(js["simulatedGas"].as_u64().unwrap() > 30_000, "{js}");
    let alice_after_send = node.balance(&alice).await;
    assert_eq!(node.account(&alice).await.sequence, 2);

    // 3. Rejections in CheckTx: each gets its code and changes nothing.
    let key: [u8; 32] = hex::decode(ALICE_PRIVKEY).unwrap().try_into().unwrap();
    let signer = Signer::from_secret_bytes(&key).unwrap();
    #[allow(deprecated)]
    let sim = txs
        .simulate(SimulateRequest { tx: None, tx_bytes: send_tx(&signer, CHAIN, 2, &bob, "1usym") })
        .await
        .unwrap()
        .into_inner();
    assert!(sim.gas_info.unwrap().gas_used > 30_000);
    // A simulation of a send alice cannot afford fails with the send's code: that is where a
    // client learns it (CheckTx runs the ante checks only).
    #[allow(deprecated)]
    let sim = txs
        .simulate(SimulateRequest { tx: None, tx_bytes: send_tx(&signer, CHAIN, 2, &bob, "999999999999usym") })
        .await
        .unwrap_err();
    assert!(sim.message().contains("insufficient funds"), "{}", sim.message());
    let good = send_tx(&signer, CHAIN, 2, &bob, "1usym");
    let too_many: Vec<Any> = (0..51).map(|_| send_msg(&signer, &bob, "1usym")).collect();
    let too_many = UnsignedTx::new(too_many, "5000usym".parse().unwrap(), 2_000_000)
        .sign(CHAIN, &[Signing { signer: &signer, account_number: 0, sequence: 2 }]);
    let cases: Vec<(Vec<u8>, u32, &str)> = vec![
        (send_tx(&signer, "another-chain", 2, &bob, "1usym"), 4, "bad signature"),
        (send_tx(&signer, CHAIN, 0, &bob, "1usym"), 32, "replayed sequence"),
        (b"garbage bytes".to_vec(), 2, "garbage"),
        (with_bytes_appended(&good, &[0x22, 0x00]), 2, "TxRaw with an unknown field 4 appended"),
        (with_bytes_appended(&good, &[0x0a, 0x00]), 2, "TxRaw with body_bytes repeated"),
        (with_unknown_message_field(&signer, 2, &bob), 2, "unknown field in a signed message"),
        (too_many, 18, "51 messages, max_msgs_per_tx 50"),
    ];
    for (tx, code, what) in cases {
        let r = client.broadcast_tx_sync(tx).await.unwrap();
        assert_eq!(r.code.value(), code, "{what}: {}", r.log);
        assert_eq!(r.codespace, "sdk", "{what}");
    }

    // An underfunded send passes CheckTx (ante checks only), and fails in its block paying its fee.
    let underfunded = client.broadcast_tx_sync(send_tx(&signer, CHAIN, 2, &bob, "999999999999usym")).await.unwrap();
    assert_eq!(underfunded.code.value(), 0, "{}", underfunded.log);
    let included = wait_tx(&client, underfunded.hash).await;
    assert_eq!(included.tx_result.code.value(), 5, "{}", included.tx_result.log);
    assert_eq!(node.balance(&bob).await, 1000);
    assert_eq!(node.balance(&alice).await, alice_after_send - 5_000, "only the fee was paid");
    assert_eq!(node.account(&alice).await.sequence, 3);

    // 4. Probes from the network get coded one-line answers, and the node keeps going.
    let height = client.status().await.unwrap().sync_info.latest_block_height.value();
    let path = "%22/cosmos.bank.v1beta1.Query/Params%22";
    for h in ["-1", "-9223372036854775808"] {
        let reply = http_get(node.rpc_port, &format!("/abci_query?path={path}&height={h}"));
        assert!(reply.contains("\"code\":18"), "height {h}: {reply}");
    }
    // ABCIQuery is served over gRPC only (over ABCI it would wait on its own connection).
    let reply = http_get(node.rpc_port, "/abci_query?path=%22/cosmos.base.tendermint.v1beta1.Service/ABCIQuery%22");
    assert!(reply.contains("\"code\":6"), "ABCIQuery over ABCI: {reply}");
    // CometBFT hex-decodes `0x..` arguments: a path that is not UTF-8 reaches the app.
    let reply = http_get(node.rpc_port, "/abci_query?path=0xff");
    assert!(reply.contains("\"code\":18"), "non-UTF-8 path: {reply}");
    wait_height(&client, height + 2, Duration::from_secs(30)).await;
    let unknown_hash = "AB".repeat(32);
    let err = txs.get_tx(GetTxRequest { hash: unknown_hash.clone() }).await.unwrap_err();
    assert_eq!(err.code(), tonic::Code::NotFound);
    assert_clean("GetTx over gRPC", err.message());
    let req = GetTxRequest { hash: unknown_hash };
    let over_abci = client
        .abci_query(Some("/cosmos.tx.v1beta1.Service/GetTx".into()), req.encode_to_vec(), None, false)
        .await
        .unwrap();
    assert_eq!(over_abci.code.value(), 22, "{}", over_abci.log);
    assert_clean("GetTx over ABCI", &over_abci.log);
    let err = tm
        .get_block_by_height(cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::GetBlockByHeightRequest {
            height: -5,
        })
        .await
        .unwrap_err();
    assert_clean("GetBlockByHeight(-5)", err.message());
    // The SDK accepts all-upper-case bech32.
    assert_eq!(node.balance(&bob.to_uppercase()).await, 1000);

    // 5. kill -9 the app mid-run. CometBFT stops when it loses the app; restart both.
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
    assert_eq!(node.balance(&bob).await, 1000);
    // The exact bytes of the earlier send, replayed after the restart (mempool cache now empty).
    let sent = client.tx(sent_hash.parse().unwrap(), false).await.unwrap();
    let replay = client.broadcast_tx_sync(sent.tx).await.unwrap();
    assert_eq!(replay.code.value(), 32, "{}", replay.log);
    assert!(replay.log.contains("account sequence mismatch, expected 3, got 0"), "{}", replay.log);

    // 6. SIGTERM stops the app cleanly, and the stopped node's state exports as a valid genesis.
    app.signal("TERM");
    assert!(app.wait_exit(Duration::from_secs(15)), "app did not stop on SIGTERM:\n{}", tail(&home.join("app.log")));
    drop(_comet);
    let exported: serde_json::Value = serde_json::from_str(&sym_ok(&home, &["export", "--output", "json"])).unwrap();
    let balances = exported["app_state"]["bank"]["balances"].as_array().unwrap();
    assert!(balances.iter().any(|b| b["address"] == bob.as_str() && b["coins"][0]["amount"] == "1000"), "{exported}");
    let fresh = dir.path().join("fresh");
    std::fs::create_dir_all(fresh.join("config")).unwrap();
    std::fs::write(fresh.join("config/genesis.json"), serde_json::to_vec(&exported).unwrap()).unwrap();
    let validated: serde_json::Value =
        serde_json::from_str(&sym_ok(&fresh, &["genesis", "validate", "--output", "json"])).unwrap();
    assert_eq!(
        validated["sections"],
        serde_json::json!(<symbiote_app::Modules as symbiote_app::ModuleSet>::names()),
        "{validated}"
    );
}

/// Waits until CometBFT has indexed `hash`; returns its result.
async fn wait_tx(
    client: &tendermint_rpc::HttpClient,
    hash: tendermint::Hash,
) -> tendermint_rpc::endpoint::tx::Response {
    let start = std::time::Instant::now();
    loop {
        if let Ok(found) = client.tx(hash, false).await {
            return found;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "tx {hash} not committed within 30 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
