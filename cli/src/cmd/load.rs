//! `symbiote load`: load a running chain and measure what it commits, from block data.
//!
//! For symbiote (`--target symbiote`): funds `--accounts` fresh accounts from `--from` (50 sends per
//! tx), pre-signs `--txs` bank sends round-robin over them (each account's in sequence order), then
//! every account's sender task broadcasts its txs in order with `broadcast_tx_sync` to the nodes of
//! `--node` (round-robin when several are given). For CometBFT's own `kvstore` app (`--target
//! kvstore`, `cometbft node --proxy_app=kvstore`) the txs are `key=value` bytes, sent the same way,
//! so the two are measured side by side by one tool.
//!
//! While sending, and after until every accepted tx is committed or `--timeout` passes, it reads
//! each new block from the first node (polling every 100 ms). It prints committed tx/s over the
//! loaded blocks (load txs ÷ the time from the block before the first loaded block, or the first
//! broadcast if earlier, to the last loaded block, by block times), submit→commit latency p50/p99 (from the broadcast to when the tool first
//! saw the block holding the tx, as a client would), txs rejected by CheckTx, and txs lost
//! (accepted, never committed).
//!
//! `--rate` paces the senders (txs per second in all), for a steady load over a known time (the
//! chaos test). A broadcast the node could not take (connection refused: the node is down) is
//! tried on the next node, so a node going down does not break an account's sequence.
//! `--committed-out FILE` writes each committed tx as `HASH HEIGHT` lines.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use symbiote_app::tx::build::{any, Signer, Signing, UnsignedTx};
use symbiote_bank::MsgSend;
use symbiote_core::{Coins, BASE_DENOM};
use tendermint_rpc::{Client, HttpClient};

use crate::client::Node;
use crate::keys::{Backend, Keyring};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// symbiote: signed bank sends.
    Symbiote,
    /// CometBFT's built-in kvstore app: `key=value` txs.
    Kvstore,
}

#[derive(clap::Args, Debug)]
pub struct LoadArgs {
    /// CometBFT RPC URLs to broadcast to (comma-separated; blocks are read from the first).
    #[arg(long, value_delimiter = ',', default_value = "http://127.0.0.1:26657")]
    pub node: Vec<String>,
    #[arg(long, value_enum, default_value = "symbiote")]
    pub target: Target,
    /// Sending accounts (one sender task each).
    #[arg(long, default_value_t = 32)]
    pub accounts: usize,
    /// Txs to send in all.
    #[arg(long, default_value_t = 2000)]
    pub txs: usize,
    /// The key that funds the accounts (symbiote).
    #[arg(long, default_value = "alice")]
    pub from: String,
    #[arg(long, value_enum, default_value = "test")]
    pub keyring_backend: Backend,
    /// Gas limit of each send (symbiote); the fee is 0.025usym × gas, the chain's floor.
    #[arg(long, default_value_t = 100_000)]
    pub gas: u64,
    /// Seconds to wait, after the last broadcast, for accepted txs to be committed.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Txs per second in all (0: as fast as the nodes take them).
    #[arg(long, default_value_t = 0.0)]
    pub rate: f64,
    /// Writes every committed tx as a `HASH HEIGHT` line (hex hash as CometBFT shows it).
    #[arg(long)]
    pub committed_out: Option<std::path::PathBuf>,
}

/// One tx to send: its bytes and the sender task it belongs to.
struct Prepared {
    sender: usize,
    bytes: Vec<u8>,
}

/// What happened to one tx.
#[derive(Clone, Debug, Default)]
struct Fate {
    submitted: Option<f64>,
    rejected: Option<String>,
    /// Height, block time, and when the tool first saw the block (the commit as a client sees it).
    committed: Option<(u64, f64, f64)>,
}

fn now_secs() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

fn time_secs(t: tendermint::Time) -> f64 {
    t.duration_since(tendermint::Time::unix_epoch()).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

fn hash(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// A distinct run tag, so repeated runs never repeat a tx or an account.
fn run_tag() -> String {
    format!("{:x}", SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0))
}

async fn latest_height(client: &HttpClient) -> Result<u64> {
    Ok(client.status().await.context("node status")?.sync_info.latest_block_height.value())
}

/// Signs `msgs` from `signer`, broadcasts, waits for the block; fails on any non-zero code.
async fn send_and_wait(
    node: &Node,
    chain_id: &str,
    signer: &Signer,
    sequence: u64,
    number: u64,
    msgs: Vec<symbiote_core::Any>,
    gas: u64,
) -> Result<()> {
    let fee: Coins =
        format!("{}{BASE_DENOM}", gas.div_ceil(40)).parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
    let bytes = UnsignedTx::new(msgs, fee, gas).sign(chain_id, &[Signing { signer, account_number: number, sequence }]);
    // Committed as a block event, not looked up in the tx index: a node may run without one.
    let r = node.rpc().broadcast_tx_commit(bytes).await.context("broadcasting a funding tx")?;
    if r.check_tx.code.is_err() {
        bail!("funding tx refused by CheckTx: {}", r.check_tx.log);
    }
    if r.tx_result.code.is_err() {
        bail!("funding tx failed: {}", r.tx_result.log);
    }
    Ok(())
}

/// The symbiote txs: accounts funded, then `n` sends signed round-robin over them.
async fn prepare_symbiote(args: &LoadArgs, home: &std::path::Path, node: &Node) -> Result<Vec<Prepared>> {
    let keyring = Keyring::new(home, args.keyring_backend);
    let funder = keyring.signer(&args.from)?;
    let chain_id = node.chain_id().await?;
    let tag = run_tag();
    let accounts: Vec<Signer> = (0..args.accounts).map(|i| Signer::from_seed(&format!("load-{tag}-{i}"))).collect();
    let per_account = args.txs.div_ceil(args.accounts) as u128;
    let fee_each = u128::from(args.gas.div_ceil(40));
    let grant = per_account * (fee_each + 1) + 1_000;
    let funder_account = node
        .account(&funder.address().to_string())
        .await?
        .ok_or_else(|| anyhow!("the funding key {} has no account", args.from))?;
    for (sequence, chunk) in (funder_account.sequence..).zip(accounts.chunks(50)) {
        let msgs = chunk
            .iter()
            .map(|a| {
                let amount: Coins = format!("{grant}{BASE_DENOM}").parse().expect("a valid coin");
                any(&MsgSend { from: funder.address(), to: a.address(), amount })
            })
            .collect();
        send_and_wait(
            node,
            &chain_id,
            &funder,
            sequence,
            funder_account.account_number,
            msgs,
            200_000 + 30_000 * chunk.len() as u64,
        )
        .await?;
    }
    let mut numbers = Vec::with_capacity(accounts.len());
    for a in &accounts {
        let acc =
            node.account(&a.address().to_string()).await?.ok_or_else(|| anyhow!("a funded account is missing"))?;
        numbers.push(acc.account_number);
    }
    let fee: Coins = format!("{fee_each}{BASE_DENOM}").parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
    let mut sequences = vec![0u64; accounts.len()];
    let mut out = Vec::with_capacity(args.txs);
    for i in 0..args.txs {
        let s = i % accounts.len();
        let to = accounts[(s + 1) % accounts.len()].address();
        let amount: Coins = format!("1{BASE_DENOM}").parse().expect("a valid coin");
        let msg = any(&MsgSend { from: accounts[s].address(), to, amount });
        let bytes = UnsignedTx::new(vec![msg], fee.clone(), args.gas)
            .sign(&chain_id, &[Signing { signer: &accounts[s], account_number: numbers[s], sequence: sequences[s] }]);
        sequences[s] += 1;
        out.push(Prepared { sender: s, bytes });
    }
    Ok(out)
}

fn prepare_kvstore(args: &LoadArgs) -> Vec<Prepared> {
    let tag = run_tag();
    (0..args.txs)
        .map(|i| Prepared { sender: i % args.accounts, bytes: format!("load-{tag}-{i}=v{i}").into_bytes() })
        .collect()
}

/// Reads blocks from the first node, or the next one while a node is down (for a minute at most).
struct Reader {
    clients: Vec<HttpClient>,
    current: usize,
}

impl Reader {
    async fn latest_height(&mut self) -> Result<u64> {
        for _ in 0..120 {
            for _ in 0..self.clients.len() {
                if let Ok(h) = latest_height(&self.clients[self.current]).await {
                    return Ok(h);
                }
                self.current = (self.current + 1) % self.clients.len();
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        bail!("no node answers")
    }

    async fn block(&mut self, height: u64) -> Result<tendermint_rpc::endpoint::block::Response> {
        let height = tendermint::block::Height::try_from(height)?;
        for _ in 0..120 {
            for _ in 0..self.clients.len() {
                if let Ok(b) = self.clients[self.current].block(height).await {
                    return Ok(b);
                }
                self.current = (self.current + 1) % self.clients.len();
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        bail!("no node has block {height}")
    }
}

/// Resends of lost txs a sender may make in one run.
const MAX_RESENDS: usize = 100;

/// `broadcast_tx_sync` to the first node that takes the tx. A node that cannot be reached (down,
/// restarting) never saw it, and one that refuses its sequence may be behind (just restarted,
/// catching up): the next one is asked.
async fn broadcast(
    clients: &[HttpClient],
    bytes: Vec<u8>,
) -> Result<tendermint_rpc::endpoint::broadcast::tx_sync::Response, tendermint_rpc::Error> {
    let mut last = None;
    for client in clients {
        match client.broadcast_tx_sync(bytes.clone()).await {
            Err(e) if unreachable(&e) => last = Some(Err(e)),
            Ok(r) if expected_sequence(r.code.value(), &r.log).is_some() => last = Some(Ok(r)),
            other => return other,
        }
    }
    last.expect("at least one node")
}

/// The sequence a node expected, from a sequence-mismatch refusal (sdk code 32).
fn expected_sequence(code: u32, log: &str) -> Option<usize> {
    if code != 32 {
        return None;
    }
    log.split("expected ").nth(1)?.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// A connection that could not be made (refused: nothing listens): the request never reached the
/// node. (The client's error carries only a message to tell this by.)
fn unreachable(e: &tendermint_rpc::Error) -> bool {
    use tendermint_rpc::error::ErrorDetail;
    matches!(e.detail(), ErrorDetail::Http(_) | ErrorDetail::Io(_)) && {
        let text = format!("{e:?}").to_lowercase();
        text.contains("connection refused") || text.contains("error trying to connect")
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub async fn run(home: &std::path::Path, args: &LoadArgs) -> Result<(Value, String)> {
    if args.accounts == 0 || args.txs == 0 || args.node.is_empty() {
        bail!("--accounts, --txs and --node must be non-empty");
    }
    let nodes: Vec<Node> = args.node.iter().map(|u| Node::new(u)).collect::<Result<_>>()?;
    let mut reader = Reader { clients: nodes.iter().map(|n| n.rpc().clone()).collect(), current: 0 };
    let prepared = match args.target {
        Target::Symbiote => prepare_symbiote(args, home, &nodes[0]).await?,
        Target::Kvstore => prepare_kvstore(args),
    };
    let index: BTreeMap<[u8; 32], usize> = prepared.iter().enumerate().map(|(i, p)| (hash(&p.bytes), i)).collect();
    let fates = Arc::new(Mutex::new(vec![Fate::default(); prepared.len()]));
    let start_height = reader.latest_height().await?;

    // Senders: one task per account, its txs in order, nodes round-robin per account.
    let mut by_sender: BTreeMap<usize, Vec<(usize, Vec<u8>)>> = BTreeMap::new();
    for (i, p) in prepared.into_iter().enumerate() {
        by_sender.entry(p.sender).or_default().push((i, p.bytes));
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    // Each sender's pace: its share of `--rate`.
    let interval = (args.rate > 0.0).then(|| Duration::from_secs_f64(by_sender.len() as f64 / args.rate));
    for (sender, txs) in by_sender {
        let clients: Vec<HttpClient> =
            (0..nodes.len()).map(|k| nodes[(sender + k) % nodes.len()].rpc().clone()).collect();
        let fates = fates.clone();
        tasks.push(tokio::spawn(async move {
            let mut ticker = interval.map(|every| {
                let mut t = tokio::time::interval(every);
                t.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                t
            });
            // The account's txs carry sequences 0, 1, 2... in order (fresh accounts).
            let (mut k, mut resends) = (0, 0);
            while k < txs.len() {
                let (i, bytes) = &txs[k];
                if let Some(t) = ticker.as_mut() {
                    t.tick().await;
                }
                let at = now_secs();
                let outcome = broadcast(&clients, bytes.clone()).await;
                let mut f = fates.lock().expect("no panics while held");
                f[*i].submitted.get_or_insert(at);
                match outcome {
                    Ok(r) if r.code.is_ok() => f[*i].rejected = None,
                    Ok(r) => {
                        // Every node expects an earlier sequence: an accepted tx of this account
                        // was lost (a node died holding it). Send again from there, as a wallet
                        // would, a bounded number of times.
                        if let Some(expected) = expected_sequence(r.code.value(), &r.log) {
                            if expected < k && resends < MAX_RESENDS {
                                resends += 1;
                                k = expected;
                                continue;
                            }
                        }
                        f[*i].rejected = Some(format!("code {}: {}", r.code.value(), r.log));
                    }
                    Err(e) => f[*i].rejected = Some(format!("rpc: {e}")),
                }
                k += 1;
            }
        }));
    }

    // Blocks: read each new one until every accepted tx is committed (or the timeout).
    let mut next = start_height + 1;
    let mut block_times: BTreeMap<u64, f64> = BTreeMap::new();
    let mut sending_done_at: Option<Instant> = None;
    loop {
        if sending_done_at.is_none() && tasks.iter().all(|t| t.is_finished()) {
            sending_done_at = Some(Instant::now());
        }
        let latest = reader.latest_height().await?;
        while next <= latest {
            let b = reader.block(next).await?;
            let t = time_secs(b.block.header.time);
            let seen = now_secs();
            block_times.insert(next, t);
            let mut f = fates.lock().expect("no panics while held");
            for tx in b.block.data.iter() {
                if let Some(&i) = index.get(&hash(tx)) {
                    f[i].committed = Some((next, t, seen));
                }
            }
            next += 1;
        }
        let pending = {
            let f = fates.lock().expect("no panics while held");
            f.iter().filter(|x| x.rejected.is_none() && x.committed.is_none()).count()
        };
        if sending_done_at.is_some() && pending == 0 {
            break;
        }
        if sending_done_at.is_some_and(|d| d.elapsed() > Duration::from_secs(args.timeout)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for t in tasks {
        t.await.context("a sender task")?;
    }
    let sending_secs = sending_done_at.map_or_else(|| started.elapsed(), |d| d - started).as_secs_f64();

    let mut fates = fates.lock().expect("no panics while held").clone();
    // A tx refused by one node can still be committed (a node that took it before refusing a
    // resend, or a timeout after it was accepted): the chain has the last word.
    for f in fates.iter_mut().filter(|f| f.committed.is_some()) {
        f.rejected = None;
    }
    let sent = fates.len();
    let rejected = fates.iter().filter(|f| f.rejected.is_some()).count();
    let committed: Vec<&Fate> = fates.iter().filter(|f| f.committed.is_some()).collect();
    let lost = sent - rejected - committed.len();
    let heights: Vec<u64> = committed.iter().filter_map(|f| f.committed.map(|(h, _, _)| h)).collect();
    let (first, last) = (heights.iter().min().copied(), heights.iter().max().copied());
    // From the first broadcast, or the block before the first loaded one if that is earlier: a
    // stall before the first loaded block (rounds failing under load) counts against the rate.
    let first_sent = fates.iter().filter_map(|f| f.submitted).min_by(f64::total_cmp);
    let (tps, span, blocks) = match (first, last) {
        (Some(first), Some(last)) => {
            let before = block_times.get(&(first - 1)).copied();
            let before = match before {
                Some(t) => t,
                None => time_secs(reader.block(first - 1).await?.block.header.time),
            };
            let start = first_sent.map_or(before, |s| s.min(before));
            let span = block_times[&last] - start;
            let tps = if span > 0.0 { committed.len() as f64 / span } else { 0.0 };
            (tps, span, last - first + 1)
        }
        _ => (0.0, 0.0, 0),
    };
    let mut latencies: Vec<f64> =
        committed.iter().filter_map(|f| Some((f.committed?.2 - f.submitted?).max(0.0))).collect();
    latencies.sort_by(|a, b| a.total_cmp(b));
    let (p50, p99) = (percentile(&latencies, 0.50), percentile(&latencies, 0.99));
    if let Some(path) = &args.committed_out {
        let lines: String = index
            .iter()
            .filter_map(|(h, &i)| {
                fates[i].committed.map(|(height, _, _)| format!("{} {height}\n", hex::encode_upper(h)))
            })
            .collect();
        std::fs::write(path, lines).with_context(|| format!("writing {}", path.display()))?;
    }
    let first_rejection = fates.iter().find_map(|f| f.rejected.clone()).unwrap_or_default();
    let v = json!({
        "target": format!("{:?}", args.target).to_lowercase(),
        "nodes": args.node,
        "accounts": args.accounts,
        "sent": sent,
        "rejected": rejected,
        "committed": committed.len(),
        "lost": lost,
        "loaded_blocks": blocks,
        "loaded_seconds": span,
        "committed_tps": tps,
        "sending_seconds": sending_secs,
        "accepted_tps": (sent - rejected) as f64 / sending_secs.max(1e-9),
        "latency_p50_s": p50,
        "latency_p99_s": p99,
        "first_rejection": first_rejection,
    });
    let text = format!(
        "{} load: {sent} txs from {} accounts to {} node(s)\ncommitted {} in {blocks} blocks over {span:.2} s: {tps:.0} tx/s\nsubmit→commit latency p50 {p50:.2} s, p99 {p99:.2} s\nrejected {rejected}{}, lost {lost}",
        v["target"].as_str().unwrap_or_default(),
        args.accounts,
        args.node.len(),
        committed.len(),
        if rejected > 0 { format!(" (first: {first_rejection})") } else { String::new() },
    );
    Ok((v, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sequence_refusal_says_what_was_expected() {
        assert_eq!(
            expected_sequence(32, "account sequence mismatch, expected 7, got 9: incorrect account sequence"),
            Some(7)
        );
        assert_eq!(expected_sequence(4, "expected 7"), None);
        assert_eq!(expected_sequence(32, "something else"), None);
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!((percentile(&v, 0.5), percentile(&v, 0.99)), (50.0, 99.0));
        assert_eq!(percentile(&[3.0], 0.99), 3.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    #[test]
    fn kvstore_txs_are_distinct_key_value_pairs() {
        let args = LoadArgs {
            node: vec!["http://127.0.0.1:1".into()],
            target: Target::Kvstore,
            accounts: 3,
            txs: 7,
            from: "alice".into(),
            keyring_backend: Backend::Test,
            gas: 100_000,
            timeout: 1,
            rate: 0.0,
            committed_out: None,
        };
        let txs = prepare_kvstore(&args);
        assert_eq!(txs.len(), 7);
        assert_eq!(txs.iter().map(|t| t.sender).collect::<Vec<_>>(), [0, 1, 2, 0, 1, 2, 0]);
        let keys: std::collections::BTreeSet<_> = txs.iter().map(|t| hash(&t.bytes)).collect();
        assert_eq!(keys.len(), 7);
        assert!(txs.iter().all(|t| String::from_utf8(t.bytes.clone()).unwrap().contains('=')));
    }
}
