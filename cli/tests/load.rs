//! `symbiote load` against real nodes (never mocked): a one-validator symbiote localnet and
//! CometBFT's own `kvstore` app, each with 1 s blocks, loaded by the same tool. Every tx sent is
//! accounted for — committed, rejected or lost — from block data, and the figures it prints are the
//! ones the throughput benchmark records (`docs/performance.md`). Small loads here: the tool's
//! correctness, not the machine's speed, is what a test can check.

mod common;

use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

use common::*;
use serde_json::Value;

/// `n` consecutive free loopback ports from a base that depends on the process id.
fn free_ports(n: u16, offset: u32) -> u16 {
    for attempt in 0..200u32 {
        let base = 30_000 + ((std::process::id() + offset + attempt * 89) % 300) as u16 * 30;
        if (0..n).all(|i| TcpListener::bind(("127.0.0.1", base + i)).is_ok()) {
            return base;
        }
    }
    panic!("no free ports");
}

fn load(home: &std::path::Path, args: &[&str]) -> Value {
    let mut all = vec!["load"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--output", "json"]);
    serde_json::from_str(&sym_ok(home, &all)).unwrap()
}

fn assert_accounted(v: &Value, sent: u64) {
    assert_eq!(v["sent"], sent, "{v}");
    assert_eq!(
        (v["committed"].clone(), v["rejected"].clone(), v["lost"].clone()),
        (sent.into(), 0.into(), 0.into()),
        "{v}"
    );
    assert!(v["loaded_blocks"].as_u64().unwrap() >= 1, "{v}");
    assert!(v["committed_tps"].as_f64().unwrap() > 0.0, "{v}");
    let (p50, p99) = (v["latency_p50_s"].as_f64().unwrap(), v["latency_p99_s"].as_f64().unwrap());
    assert!(p50 <= p99 && p99 < 60.0, "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_load_tool_accounts_for_every_tx_on_symbiote_and_on_kvstore() {
    let dir = tempfile::tempdir().unwrap();

    // symbiote: one validator, 1 s blocks.
    let base = free_ports(3, 0);
    let grpc = free_ports(1, 7);
    let data = dir.path().join("net");
    let _net = start_localnet(
        &["--validators", "1", "--block-time", "1s"],
        &data,
        base,
        grpc,
        &dir.path().join("localnet.log"),
    );
    let client = rpc(base + 1);
    wait_height(&client, 2, Duration::from_secs(120)).await;
    let node = format!("http://127.0.0.1:{}", base + 1);
    let home0 = data.join("node0");
    let v = load(&home0, &["--node", &node, "--accounts", "8", "--txs", "400"]);
    assert_eq!(v["target"], "symbiote");
    assert_accounted(&v, 400);

    // CometBFT's kvstore: the same tool, the same block time.
    let kv = dir.path().join("kvstore");
    let out = Command::new(cometbft()).args(["init", "--home"]).arg(&kv).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let config = std::fs::read_to_string(kv.join("config/config.toml")).unwrap();
    assert!(config.contains("timeout_commit = \"1s\""), "CometBFT's default block time is symbiote's here");
    let kv_base = free_ports(3, 13);
    let _kvstore = Proc::spawn(
        Command::new(cometbft())
            .args(["node", "--proxy_app=kvstore", "--home"])
            .arg(&kv)
            .arg(format!("--rpc.laddr=tcp://127.0.0.1:{}", kv_base + 1))
            .arg(format!("--p2p.laddr=tcp://127.0.0.1:{kv_base}"))
            .arg("--consensus.create_empty_blocks=true"),
        &dir.path().join("kvstore.log"),
    );
    let kv_client = rpc(kv_base + 1);
    wait_height(&kv_client, 2, Duration::from_secs(60)).await;
    let kv_node = format!("http://127.0.0.1:{}", kv_base + 1);
    let v = load(&home0, &["--target", "kvstore", "--node", &kv_node, "--accounts", "8", "--txs", "400"]);
    assert_eq!(v["target"], "kvstore");
    assert_accounted(&v, 400);
}
