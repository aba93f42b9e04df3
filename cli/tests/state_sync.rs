//! State sync on real CometBFT: a four-validator localnet takes snapshots every 10 blocks; a fresh
//! node joins it by state sync (trusting a header it got from one validator's RPC), while three of
//! the four validators serve corrupted chunks: the joiner refuses each one, refetches it from
//! another peer, restores the state the light client verified, and then follows the chain with the
//! same app hash as the validators.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use tendermint_rpc::{Client, HttpClient};

const VALIDATORS: usize = 4;

/// Flips a byte in every chunk file under `dir` not flipped before (a snapshot written later is
/// corrupted on the next pass).
fn corrupt_chunks(dir: &Path, done: &mut BTreeSet<PathBuf>) {
    let Ok(heights) = std::fs::read_dir(dir) else { return };
    for h in heights.flatten() {
        if h.file_name().to_string_lossy().ends_with(".tmp") {
            continue;
        }
        for f in std::fs::read_dir(h.path()).into_iter().flatten().flatten() {
            let p = f.path();
            if !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("chunk-")) || done.contains(&p) {
                continue;
            }
            if let Ok(mut bytes) = std::fs::read(&p) {
                let middle = bytes.len() / 2;
                if let Some(b) = bytes.get_mut(middle) {
                    *b ^= 0x5a;
                    std::fs::write(&p, bytes).unwrap();
                    done.insert(p);
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_node_joins_by_state_sync_refusing_corrupted_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("net");
    // Ports for the validators and the joiner.
    let (base, grpc) = port_block(VALIDATORS as u16 + 1, 12_000);
    let _net = start_localnet(
        &[
            "--validators",
            &VALIDATORS.to_string(),
            "--block-time",
            "300ms",
            "--config",
            "app.state-sync.snapshot-interval=10",
            "--config",
            "app.state-sync.snapshot-chunk-bytes=4096",
            // Snapshots every 3 s; the SDK's default keeps 2, which the chain outruns while the
            // joiner discovers and restores one (a pruned snapshot's chunks come back empty).
            "--config",
            "app.state-sync.snapshot-keep-recent=20",
        ],
        &data,
        base,
        grpc,
        &dir.path().join("localnet.log"),
    );
    let clients: Vec<HttpClient> = (0..VALIDATORS).map(|i| rpc(base + 1 + 10 * i as u16)).collect();
    for c in &clients {
        wait_height(c, 22, Duration::from_secs(180)).await;
    }
    let snapshots0 = data.join("node0/data/snapshots");
    let listed: Vec<String> =
        std::fs::read_dir(&snapshots0).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into()).collect();
    assert!(listed.iter().any(|n| n == "20"), "node 0 took a snapshot at 20: {listed:?}");

    // The joiner trusts a recent header it got from node 0.
    let trust = clients[0].latest_block().await.unwrap();
    let trust_height = trust.block.header.height.value();
    let home = dir.path().join("joiner");
    let p = base + 10 * VALIDATORS as u16;
    sym_ok(
        &home,
        &[
            "init",
            "joiner",
            "--chain-id",
            "symbiote-local-1",
            "--p2p-laddr",
            &format!("tcp://127.0.0.1:{p}"),
            "--rpc-laddr",
            &format!("tcp://127.0.0.1:{}", p + 1),
            "--abci-addr",
            &format!("127.0.0.1:{}", p + 2),
            "--grpc-addr",
            &format!("127.0.0.1:{}", grpc + VALIDATORS as u16),
        ],
    );
    std::fs::copy(data.join("node0/config/genesis.json"), home.join("config/genesis.json")).unwrap();
    let peers: Vec<String> = (0..VALIDATORS)
        .map(|i| {
            let out = Command::new(cometbft())
                .args(["show-node-id", "--home"])
                .arg(data.join(format!("node{i}")))
                .output()
                .unwrap();
            format!("{}@127.0.0.1:{}", String::from_utf8(out.stdout).unwrap().trim(), base + 10 * i as u16)
        })
        .collect();
    let rpc_servers = format!("127.0.0.1:{},127.0.0.1:{}", base + 1, base + 11);
    for (key, value) in [
        ("p2p.persistent_peers", peers.join(",")),
        ("p2p.allow_duplicate_ip", "true".into()),
        ("p2p.addr_book_strict", "false".into()),
        ("consensus.timeout_commit", "300ms".into()),
        ("statesync.enable", "true".into()),
        ("statesync.rpc_servers", rpc_servers),
        ("statesync.trust_height", trust_height.to_string()),
        ("statesync.trust_hash", trust.block_id.hash.to_string()),
        ("statesync.trust_period", "168h0m0s".into()),
        ("statesync.discovery_time", "5s".into()),
    ] {
        sym_ok(&home, &["config", key, &value]);
    }

    // Three of the four validators serve corrupted chunks from now on.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let corrupter = {
        let (stop, data) = (stop.clone(), data.clone());
        std::thread::spawn(move || {
            let mut done = BTreeSet::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for i in 1..VALIDATORS {
                    corrupt_chunks(&data.join(format!("node{i}/data/snapshots")), &mut done);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            done.len()
        })
    };
    std::thread::sleep(Duration::from_millis(300));

    let log = dir.path().join("joiner.log");
    let _joiner = Proc::spawn(
        Command::new(SYMBIOTE)
            .args(["start", "--with-cometbft", "--home"])
            .arg(&home)
            .env("SYMBIOTE_COMETBFT", cometbft())
            .env("RUST_BACKTRACE", "1"),
        &log,
    );
    let joiner = rpc(p + 1);
    let started = Instant::now();
    loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("state restored from a snapshot") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "no restore:\n{}", tail(&log));
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let corrupted = corrupter.join().unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        corrupted > 0 && text.contains("snapshot chunk refused"),
        "no corrupted chunk reached the joiner:\n{}",
        tail(&log)
    );
    // CometBFT's own line (plain text): "Snapshot restored ... height=N".
    let restored_at = logged_height(&text, "Snapshot restored")
        .unwrap_or_else(|| panic!("CometBFT did not say it restored:\n{}", tail(&log)));
    assert!(restored_at >= 20 && restored_at.is_multiple_of(10), "restored at {restored_at}");

    // Then it catches up and follows: the same app hash as the validators at one height, twice.
    let latest = clients[0].latest_block().await.unwrap().block.header.height.value();
    wait_height(&joiner, latest, Duration::from_secs(120)).await;
    let (h1, _) = app_hash_at_one_height(&[&clients[0], &clients[2], &joiner]).await;
    // (CometBFT's status height can run a block ahead of the app's committed one.)
    wait_height(&joiner, h1 + 11, Duration::from_secs(60)).await;
    let (h2, _) = app_hash_at_one_height(&[&clients[1], &clients[3], &joiner]).await;
    assert!(h2 >= h1 + 10, "followed only from {h1} to {h2}");
    // Its blocks before the snapshot are not there; its state is.
    let status = joiner.status().await.unwrap();
    assert!(status.sync_info.earliest_block_height.value() > restored_at, "{:?}", status.sync_info);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(!text.contains("panicked at"), "{}", tail(&log));
    eprintln!(
        "state sync: restored at {restored_at} (trusted header {trust_height}), {} corrupted chunks refused, then followed to {h2}",
        text.matches("snapshot chunk refused").count()
    );
}
