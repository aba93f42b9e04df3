//! Block execution throughput: blocks of 1,000 pre-signed bank sends through FinalizeBlock + Commit,
//! next to the cost of one secp256k1 signature verification on the same machine, so the ratio to
//! the signature-verification limit is visible. One core: block execution is sequential.
//!
//!     cargo bench -p symbiote-app --bench block_throughput
//!
//! Prints figures; it is not a timed test and asserts nothing about speed.
//!
//! The reference verification cost is measured over 1,000 distinct keys, messages and signatures,
//! as a block presents them. Re-verifying one signature in a loop is ~5% faster (the CPU's branch
//! predictors learn that one signature's scalar digits); that figure is printed too, with the ratio
//! against it, so neither yardstick is hidden.

use std::time::{Duration, Instant};

use bytes::Bytes;
use symbiote_app::ante::verify_secp256k1;
use symbiote_app::testing::{genesis_with, TestNode, TEST_CHAIN_ID};
use symbiote_app::tx::build::{Signer, Signing, UnsignedTx};
use symbiote_app::tx::Msg;
use symbiote_bank::MsgSend;

const TXS_PER_BLOCK: usize = 1_000;
const BLOCKS: usize = 11; // the first is a warm-up (cold caches)
const VERIFY_ROUNDS: u32 = 20;

/// Mean cost of one verification (key parse, SHA-256 of a 300-byte message — about a bank send's
/// SignDoc — and ECDSA verify): over one distinct signature per signer, and over one signature
/// verified again and again.
fn verify_costs(signers: &[Signer]) -> (Duration, Duration) {
    let signed: Vec<(&[u8; 33], Vec<u8>, [u8; 64])> = signers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let msg: Vec<u8> = (0..300).map(|j| (i * 31 + j) as u8).collect();
            let sig = s.sign(&msg);
            (s.pubkey(), msg, sig)
        })
        .collect();
    let start = Instant::now();
    for _ in 0..VERIFY_ROUNDS {
        for (pubkey, msg, sig) in &signed {
            assert!(verify_secp256k1(*pubkey, std::hint::black_box(msg), sig));
        }
    }
    let distinct = start.elapsed() / (VERIFY_ROUNDS * signed.len() as u32);
    let (pubkey, msg, sig) = &signed[0];
    let start = Instant::now();
    for _ in 0..VERIFY_ROUNDS * signed.len() as u32 {
        assert!(verify_secp256k1(*pubkey, std::hint::black_box(msg), sig));
    }
    (distinct, start.elapsed() / (VERIFY_ROUNDS * signed.len() as u32))
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let signers: Vec<Signer> = (0..TXS_PER_BLOCK).map(|i| Signer::from_seed(&format!("bench-{i}"))).collect();
        let (verify, verify_repeated) = verify_costs(&signers);
        let refs: Vec<&Signer> = signers.iter().collect();
        let dir = tempfile::tempdir().unwrap();
        let mut node = TestNode::start(dir.path(), &genesis_with(&refs, 1_000_000_000), -1).await.unwrap();

        // Pre-sign every block: sender i pays sender i+1, one tx per account per block.
        let blocks: Vec<Vec<Bytes>> = (0..BLOCKS as u64)
            .map(|seq| {
                signers
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let to = signers[(i + 1) % signers.len()].address();
                        let msg = Msg::BankSend(MsgSend { from: s.address(), to, amount: "1usym".parse().unwrap() });
                        let tx = UnsignedTx::new(vec![msg], "5000usym".parse().unwrap(), 200_000)
                            .sign(TEST_CHAIN_ID, &[Signing { signer: s, account_number: i as u64, sequence: seq }]);
                        Bytes::from(tx)
                    })
                    .collect()
            })
            .collect();

        let mut first = Duration::ZERO;
        let mut times = vec![];
        let mut finalize_times = vec![];
        for (n, txs) in blocks.into_iter().enumerate() {
            let start = Instant::now();
            let r = node.finalize(txs).await.unwrap();
            let executed = start.elapsed();
            node.commit().await.unwrap();
            let took = start.elapsed();
            assert!(r.tx_results.iter().all(|t| t.code.is_ok()), "a bench tx failed: {}", r.tx_results.iter().find(|t| t.code.is_err()).unwrap().log);
            if n == 0 {
                first = took;
            } else {
                times.push(took);
                finalize_times.push(executed);
            }
        }
        times.sort();
        let median = times[times.len() / 2];
        let per_tx = median / TXS_PER_BLOCK as u32;
        let tps = TXS_PER_BLOCK as f64 / median.as_secs_f64();
        let limit = 1.0 / verify.as_secs_f64();
        let limit_repeated = 1.0 / verify_repeated.as_secs_f64();
        println!(
            "secp256k1 verify (libsecp256k1; key parse + SHA-256 of 300 bytes + ECDSA), {TXS_PER_BLOCK} distinct signatures: {:.1} µs  → limit {:.0} verifies/s/core",
            verify.as_secs_f64() * 1e6,
            limit
        );
        println!(
            "  (one signature re-verified: {:.1} µs → {:.0}/s)",
            verify_repeated.as_secs_f64() * 1e6,
            limit_repeated
        );
        println!(
            "block of {TXS_PER_BLOCK} bank sends, FinalizeBlock + Commit (median of {}): {:.1} ms  → {:.1} µs/tx, {:.0} tx/s",
            times.len(),
            median.as_secs_f64() * 1e3,
            per_tx.as_secs_f64() * 1e6,
            tps
        );
        println!(
            "ratio to the signature-verification limit: {:.1}% (goal ≥ 50%); against the re-verified figure: {:.1}%",
            100.0 * tps / limit,
            100.0 * tps / limit_repeated
        );
        finalize_times.sort();
        let fin = finalize_times[finalize_times.len() / 2];
        println!(
            "  of which FinalizeBlock (execution + JMT root): {:.1} ms, Commit (RocksDB write): {:.1} ms",
            fin.as_secs_f64() * 1e3,
            (median.saturating_sub(fin)).as_secs_f64() * 1e3
        );
        println!("all block times (ms): {:?}", times.iter().map(|t| (t.as_secs_f64() * 1e4).round() / 10.0).collect::<Vec<_>>());
        println!(
            "first block after start (cold read cache, public keys being set): {:.1} ms",
            first.as_secs_f64() * 1e3
        );
    });
}
