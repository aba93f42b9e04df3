//! Chaos on a four-validator localnet (real CometBFT, loopback only, bounded, stops by itself).
//! Under a steady load from `symbiote load`, validators are killed with SIGKILL (the app and its
//! CometBFT, as a machine crash would) and restarted, one at a time, never two down at once; and
//! one is stopped long enough to fall behind and catch up by block sync. Afterwards:
//! - every tx the load tool saw committed is in the block it saw, on every node, and every node
//!   has the same block at every height;
//! - all nodes report the same app hash at a common height;
//! - the supply equals the sum of all balances (fees included: the fee collector and the
//!   distribution account hold theirs as balances), on every node at one height;
//! - past heights from before, between and after the crashes read the same on every node, with
//!   the supply proved (ICS23, through CometBFT's abci_query) against that height's app hash;
//! - no node logged a panic.
//!
//! About a minute of chaos by default (CI); `SYMBIOTE_CHAOS_SECONDS=600` runs longer. The victims
//! come from a seed that is printed; `SYMBIOTE_CHAOS_SEED` replays a run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use prost::Message;
use serde_json::Value;
use tendermint_rpc::{Client, HttpClient};

const VALIDATORS: usize = 4;
const BLOCK_TIME: &str = "500ms";
/// Blocks the long-stopped validator misses before it restarts (then block sync brings it back).
const BEHIND: u64 = 20;

/// A small deterministic generator: the run is replayable from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

struct Net {
    data: PathBuf,
    logs: PathBuf,
    clients: Vec<HttpClient>,
    /// Nodes the test restarted (start.sh's originals are killed, never restarted by it).
    restarted: Vec<Option<Proc>>,
    restarts: usize,
}

impl Net {
    fn home(&self, i: usize) -> PathBuf {
        self.data.join(format!("node{i}"))
    }

    /// SIGKILL to the node's app and its CometBFT: nothing flushed, nothing said goodbye. (Only
    /// `start` commands: the load tool reads node 0's keyring with `--home` too.)
    fn crash(&mut self, i: usize) {
        let pattern = format!(" start (--with-cometbft )?--home {}( |$)", self.home(i).display());
        let _ = Command::new("pkill").args(["-KILL", "-f", "--", &pattern]).status();
        for _ in 0..100 {
            let left = Command::new("pgrep").args(["-f", "--", &pattern]).output().unwrap();
            if left.stdout.is_empty() {
                self.restarted[i] = None;
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("node {i} did not die");
    }

    fn restart(&mut self, i: usize) -> PathBuf {
        self.restarts += 1;
        let log = self.logs.join(format!("node{i}-restart{}.log", self.restarts));
        let proc = Proc::spawn(
            Command::new(SYMBIOTE)
                .args(["start", "--with-cometbft", "--home"])
                .arg(self.home(i))
                .env("SYMBIOTE_COMETBFT", cometbft())
                .env("RUST_BACKTRACE", "1"),
            &log,
        );
        self.restarted[i] = Some(proc);
        log
    }

    async fn height(&self, i: usize) -> Option<u64> {
        let status = tokio::time::timeout(Duration::from_secs(2), self.clients[i].status()).await.ok()?.ok()?;
        Some(status.sync_info.latest_block_height.value())
    }

    async fn highest(&self, except: usize) -> u64 {
        let mut best = 0;
        for i in (0..VALIDATORS).filter(|i| *i != except) {
            best = best.max(self.height(i).await.unwrap_or(0));
        }
        best
    }

    /// Waits until node `i` is within a block of the others.
    async fn caught_up(&self, i: usize, timeout: Duration) {
        let start = Instant::now();
        loop {
            let target = self.highest(i).await;
            if let Some(h) = self.height(i).await {
                // (target 0: no other node answered in time, under load; ask again.)
                if h + 1 >= target && h > 0 && target > 0 {
                    return;
                }
            }
            assert!(start.elapsed() < timeout, "node {i} did not catch up within {timeout:?}");
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// A protobuf query answered by the app at `height`.
async fn query<Q: Message, R: Message + Default>(client: &HttpClient, path: &str, req: &Q, height: u64) -> R {
    let resp = client
        .abci_query(Some(path.to_string()), req.encode_to_vec(), Some(height.try_into().unwrap()), false)
        .await
        .unwrap();
    assert!(resp.code.is_ok(), "{path} at {height}: {}", resp.log);
    R::decode(resp.value.as_slice()).unwrap()
}

/// (total supply of usym, Σ of every holder's usym balance) at `height`.
async fn supply_and_balances(client: &HttpClient, height: u64) -> (u128, u128) {
    use cosmos_sdk_proto::cosmos::bank::v1beta1::*;
    use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
    let page = Some(PageRequest { limit: 100_000, ..Default::default() });
    let supply: QuerySupplyOfResponse =
        query(client, "/cosmos.bank.v1beta1.Query/SupplyOf", &QuerySupplyOfRequest { denom: "usym".into() }, height)
            .await;
    let owners: QueryDenomOwnersResponse = query(
        client,
        "/cosmos.bank.v1beta1.Query/DenomOwners",
        &QueryDenomOwnersRequest { denom: "usym".into(), pagination: page },
        height,
    )
    .await;
    let total = supply.amount.unwrap().amount.parse().unwrap();
    let held = owners.denom_owners.iter().map(|o| o.balance.as_ref().unwrap().amount.parse::<u128>().unwrap()).sum();
    (total, held)
}

/// The usym supply at `height` read from the bank store with ICS23 proofs, checked against the
/// app hash CometBFT committed for that height.
async fn proved_supply(client: &HttpClient, height: u64) -> u128 {
    let key = b"supply/usym";
    let resp = client
        .abci_query(Some("store/bank/key".into()), key.to_vec(), Some(height.try_into().unwrap()), true)
        .await
        .unwrap();
    assert!(resp.code.is_ok(), "store/bank/key at {height}: {}", resp.log);
    assert_eq!(resp.height.value(), height);
    let ops = resp.proof.expect("proof requested").ops;
    let inner = ics23::CommitmentProof::decode(ops[0].data.as_slice()).unwrap();
    let outer = ics23::CommitmentProof::decode(ops[1].data.as_slice()).unwrap();
    let Some(ics23::commitment_proof::Proof::Exist(exist)) = &inner.proof else { panic!("no existence proof") };
    let bank_root = ics23::calculate_existence_root::<ics23::HostFunctionsManager>(exist).unwrap();
    let spec = cnidarium::ics23_spec();
    let next = client.block(tendermint::block::Height::try_from(height + 1).unwrap()).await.unwrap();
    let app_hash = next.block.header.app_hash.as_bytes().to_vec();
    assert!(ics23::verify_membership::<ics23::HostFunctionsManager>(&inner, &spec, &bank_root, key, &resp.value));
    assert!(ics23::verify_membership::<ics23::HostFunctionsManager>(&outer, &spec, &app_hash, b"bank", &bank_root));
    String::from_utf8(resp.value).unwrap().parse().unwrap()
}

fn logs_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            logs_under(&p, out);
        } else if p.extension().is_some_and(|e| e == "log") {
            out.push(p);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validators_crash_and_catch_up_under_load_and_the_chain_stays_whole() {
    let seconds = env_u64("SYMBIOTE_CHAOS_SECONDS").unwrap_or(60).max(30);
    let seed = env_u64("SYMBIOTE_CHAOS_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    }) | 1;
    eprintln!("chaos: {seconds} s, seed {seed} (SYMBIOTE_CHAOS_SEED={seed} replays the victims)");
    let mut rng = Rng(seed);

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("net");
    let (base, grpc) = port_block(VALIDATORS as u16, 20_000);
    let _net = start_localnet(
        &["--validators", &VALIDATORS.to_string(), "--block-time", BLOCK_TIME],
        &data,
        base,
        grpc,
        &dir.path().join("localnet.log"),
    );
    let urls: Vec<String> = (0..VALIDATORS).map(|i| format!("http://127.0.0.1:{}", base + 1 + 10 * i as u16)).collect();
    let mut net = Net {
        data: data.clone(),
        logs: dir.path().to_path_buf(),
        clients: (0..VALIDATORS).map(|i| rpc(base + 1 + 10 * i as u16)).collect(),
        restarted: (0..VALIDATORS).map(|_| None).collect(),
        restarts: 0,
    };
    for c in &net.clients {
        wait_height(c, 3, Duration::from_secs(120)).await;
    }

    // A steady load over the whole run, to every node (a down node's share goes to the next).
    let rate = 40u64;
    let committed_out = dir.path().join("committed.txt");
    let load_out = dir.path().join("load.json");
    let mut load = Command::new(SYMBIOTE)
        .args(["load", "--node", &urls.join(","), "--accounts", "16"])
        .args(["--txs", &(rate * seconds).to_string(), "--rate", &rate.to_string(), "--timeout", "120"])
        .arg("--committed-out")
        .arg(&committed_out)
        .args(["--output", "json", "--home"])
        .arg(net.home(0))
        .stdout(std::fs::File::create(&load_out).unwrap())
        .stderr(std::fs::File::create(dir.path().join("load.err")).unwrap())
        .spawn()
        .unwrap();

    // Crashes and restarts, one node at a time; halfway, the long stop. First the load tool
    // funds its accounts (a few blocks).
    tokio::time::sleep(Duration::from_secs(10)).await;
    let started = Instant::now();
    let (mut crashes, mut long_stop_done) = (0, false);
    while started.elapsed() < Duration::from_secs(seconds) {
        let victim = rng.next(VALIDATORS as u64) as usize;
        if !long_stop_done && started.elapsed() >= Duration::from_secs(seconds / 2) {
            let stopped_at = net.height(victim).await.unwrap_or(0);
            eprintln!("chaos: node {victim} stopped at height {stopped_at} until the others are {BEHIND} blocks on");
            net.crash(victim);
            let until = Instant::now() + Duration::from_secs(120);
            while net.highest(victim).await < stopped_at + BEHIND {
                assert!(Instant::now() < until, "the other three stopped making blocks");
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            let log = net.restart(victim);
            net.caught_up(victim, Duration::from_secs(120)).await;
            // CometBFT's block sync says where it handed over to consensus (block sync reports
            // heights a block behind until then, so "caught up" may come first).
            let until = Instant::now() + Duration::from_secs(60);
            let switched = loop {
                let text = std::fs::read_to_string(&log).unwrap();
                if let Some(h) = logged_height(&text, "Time to switch to consensus reactor!") {
                    break h;
                }
                assert!(Instant::now() < until, "node {victim} did not block-sync:\n{}", tail(&log));
                tokio::time::sleep(Duration::from_millis(250)).await;
            };
            assert!(switched >= stopped_at + BEHIND - 1, "block sync took it from {stopped_at} to {switched}");
            eprintln!("chaos: node {victim} block-synced from {stopped_at} to {switched}");
            long_stop_done = true;
            continue;
        }
        let down_for = Duration::from_millis(500 + 500 * rng.next(6));
        eprintln!("chaos: kill -9 node {victim} for {down_for:?}");
        net.crash(victim);
        crashes += 1;
        tokio::time::sleep(down_for).await;
        net.restart(victim);
        net.caught_up(victim, Duration::from_secs(120)).await;
        tokio::time::sleep(Duration::from_millis(1000 + 500 * rng.next(6))).await;
    }
    assert!(crashes >= 2 && long_stop_done, "{crashes} crashes");

    let status = tokio::task::spawn_blocking(move || load.wait().unwrap()).await.unwrap();
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&load_out).unwrap())
        .unwrap_or_else(|e| panic!("load report: {e}\n{}", tail(&dir.path().join("load.err"))));
    assert!(status.success(), "load tool failed: {report}");
    eprintln!("chaos: load {report}");
    let committed: Vec<(String, u64)> = std::fs::read_to_string(&committed_out)
        .unwrap()
        .lines()
        .map(|l| {
            let (h, height) = l.split_once(' ').unwrap();
            (h.to_string(), height.parse().unwrap())
        })
        .collect();
    assert_eq!(committed.len() as u64, report["committed"].as_u64().unwrap());
    assert!(committed.len() as u64 >= rate * seconds / 2, "the load mostly got through: {report}");

    // Every node: the same block at every height up to a common one, holding every committed tx.
    for i in 0..VALIDATORS {
        net.caught_up(i, Duration::from_secs(60)).await;
    }
    let mut common_height = u64::MAX;
    for i in 0..VALIDATORS {
        common_height = common_height.min(net.height(i).await.unwrap());
    }
    let last_load_height = committed.iter().map(|c| c.1).max().unwrap();
    assert!(common_height >= last_load_height, "{common_height} < {last_load_height}");
    let mut by_height: BTreeMap<u64, Vec<&str>> = BTreeMap::new();
    for (h, height) in &committed {
        by_height.entry(*height).or_default().push(h);
    }
    for height in 1..=common_height {
        let mut ids = Vec::new();
        for c in &net.clients {
            let b = c.block(tendermint::block::Height::try_from(height).unwrap()).await.unwrap();
            let hashes: Vec<String> =
                b.block.data.iter().map(|tx| hex::encode_upper(<sha2::Sha256 as sha2::Digest>::digest(tx))).collect();
            for h in by_height.get(&height).into_iter().flatten() {
                assert!(hashes.iter().any(|x| x == h), "tx {h} missing from block {height}");
            }
            ids.push(b.block_id.hash);
        }
        assert!(ids.windows(2).all(|w| w[0] == w[1]), "nodes disagree on block {height}: {ids:?}");
    }

    // The same app hash at one height, asked of every app together.
    app_hash_at_one_height(&net.clients.iter().collect::<Vec<_>>()).await;

    // Supply = Σ balances, the same on every node.
    let mut seen = Vec::new();
    for c in &net.clients {
        let (supply, held) = supply_and_balances(c, common_height).await;
        assert_eq!(supply, held, "supply at {common_height} is not the sum of all balances");
        seen.push(supply);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "nodes disagree on the supply: {seen:?}");

    // Past heights (before, between and after the crashes) read the same on every node, and the
    // supply there is proved against that height's app hash (in the next block's header).
    for height in [2, common_height / 3, common_height / 2, common_height - 1] {
        let mut seen = Vec::new();
        for c in &net.clients {
            let (supply, held) = supply_and_balances(c, height).await;
            assert_eq!(supply, held, "supply at {height} is not the sum of all balances");
            assert_eq!(proved_supply(c, height).await, supply, "proved supply at {height}");
            seen.push(supply);
        }
        assert!(seen.windows(2).all(|w| w[0] == w[1]), "nodes disagree on the supply at {height}: {seen:?}");
    }

    // No panic anywhere: the apps (Rust) nor CometBFT (Go).
    let mut logs = Vec::new();
    logs_under(dir.path(), &mut logs);
    for log in &logs {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        for marker in ["panicked at", "\npanic:", "CONSENSUS FAILURE"] {
            assert!(!text.contains(marker), "{} logged {marker:?}:\n{}", log.display(), tail(log));
        }
    }
    eprintln!(
        "chaos: {crashes} crashes and a block sync; {} txs committed, the same on all {VALIDATORS} nodes up to height {common_height}",
        committed.len()
    );
}
