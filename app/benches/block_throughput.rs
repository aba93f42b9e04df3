//! Block execution throughput: blocks of 1,000 pre-signed bank sends through FinalizeBlock + Commit,
//! next to the cost of one secp256k1 signature verification on the same machine, so the ratio to
//! the signature-verification limit is visible. One core: block execution is sequential.
//!
//!     cargo bench -p symbiote-app --bench block_throughput
//!
//! Prints figures; it is not a timed test and asserts nothing about speed.

use std::time::{Duration, Instant};

use bytes::Bytes;
use symbiote_app::ante::verify_secp256k1;
use symbiote_app::testing::{genesis_with, TestNode, TEST_CHAIN_ID};
use symbiote_app::tx::build::{Signer, Signing, UnsignedTx};
use symbiote_app::tx::Msg;
use symbiote_bank::MsgSend;

const TXS_PER_BLOCK: usize = 1_000;
const BLOCKS: usize = 6; // the first is a warm-up
const VERIFY_ROUNDS: u32 = 20_000;

fn verify_cost() -> Duration {
    let signer = Signer::from_seed("bench-verify");
    let msg = vec![7u8; 300]; // about the size of a bank send's SignDoc
    let sig = signer.sign(&msg);
    let start = Instant::now();
    for _ in 0..VERIFY_ROUNDS {
        assert!(verify_secp256k1(signer.pubkey(), std::hint::black_box(&msg), &sig));
    }
    start.elapsed() / VERIFY_ROUNDS
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let verify = verify_cost();
        let signers: Vec<Signer> = (0..TXS_PER_BLOCK).map(|i| Signer::from_seed(&format!("bench-{i}"))).collect();
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

        let mut times = vec![];
        let mut finalize_times = vec![];
        for (n, txs) in blocks.into_iter().enumerate() {
            let start = Instant::now();
            let r = node.finalize(txs).await.unwrap();
            let executed = start.elapsed();
            node.commit().await.unwrap();
            let took = start.elapsed();
            assert!(r.tx_results.iter().all(|t| t.code.is_ok()), "a bench tx failed: {}", r.tx_results.iter().find(|t| t.code.is_err()).unwrap().log);
            if n > 0 {
                times.push(took);
                finalize_times.push(executed);
            }
        }
        times.sort();
        let median = times[times.len() / 2];
        let per_tx = median / TXS_PER_BLOCK as u32;
        let tps = TXS_PER_BLOCK as f64 / median.as_secs_f64();
        let limit = 1.0 / verify.as_secs_f64();
        println!("secp256k1 verify (libsecp256k1, 300-byte msg incl. SHA-256): {:.1} µs  → limit {:.0} verifies/s/core", verify.as_secs_f64() * 1e6, limit);
        println!(
            "block of {TXS_PER_BLOCK} bank sends, FinalizeBlock + Commit (median of {}): {:.1} ms  → {:.1} µs/tx, {:.0} tx/s",
            times.len(),
            median.as_secs_f64() * 1e3,
            per_tx.as_secs_f64() * 1e6,
            tps
        );
        println!("ratio to the signature-verification limit: {:.0}% (goal ≥ 50%)", 100.0 * tps / limit);
        finalize_times.sort();
        let fin = finalize_times[finalize_times.len() / 2];
        println!(
            "  of which FinalizeBlock (execution + JMT root): {:.1} ms, Commit (RocksDB write): {:.1} ms",
            fin.as_secs_f64() * 1e3,
            (median.saturating_sub(fin)).as_secs_f64() * 1e3
        );
        println!("all block times (ms): {:?}", times.iter().map(|t| (t.as_secs_f64() * 1e4).round() / 10.0).collect::<Vec<_>>());
    });
}
