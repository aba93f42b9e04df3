//! In-block inference through FinalizeBlock: a block of explained decisions, its inferences
//! prepared in parallel before it executes, gives the same app hash, tx results and traces
//! whether they ran on two threads, one, or not at all (each computed as its message executes).

use symbiote_inference::prepare;

use crate::common::inference::{breast_cancer, inputs, iris, InferenceChain};

/// Every block's app hash, and the last block's tx results, with preparation on `threads`.
async fn run(threads: usize) -> (Vec<Vec<u8>>, Vec<(u32, Vec<u8>)>) {
    prepare::set_threads(threads);
    let dir = tempfile::tempdir().unwrap();
    let mut chain = InferenceChain::start(dir.path(), 3, &[iris(), breast_cancer()]).await;
    let mut hashes = Vec::new();
    let mut txs = Vec::new();
    for (i, x) in inputs(8, 4, 1).iter().enumerate() {
        txs.push(chain.infer(i % 3, "iris:1", x));
    }
    for (i, x) in inputs(4, 30, 2).iter().enumerate() {
        txs.push(chain.infer(i % 3, "breast-cancer:1", x));
    }
    // The same input twice (one job, two decisions), and a malformed one (refused, coded).
    let repeat = inputs(1, 4, 1).remove(0);
    txs.push(chain.infer(0, "iris:1", &repeat));
    txs.push(chain.infer(1, "iris:1", &[1.0, 2.0]));
    let r = chain.block(txs).await;
    hashes.push(r.app_hash.clone());
    let results = r.tx_results.iter().map(|t| (t.code.value(), t.data.to_vec())).collect();
    // A second block on the state the first left.
    let txs = inputs(6, 4, 3).iter().enumerate().map(|(i, x)| chain.infer(i % 3, "iris:1", x)).collect::<Vec<_>>();
    let r = chain.block(txs).await;
    hashes.push(r.app_hash);
    (hashes, results)
}

#[tokio::test]
async fn a_block_of_inferences_has_one_app_hash_however_many_threads_prepared_it() {
    let (taken, _) = prepare::stats();
    let two = run(2).await;
    let one = run(1).await;
    let (taken_after, _) = prepare::stats();
    let none = run(0).await;
    prepare::set_threads(2);
    let (codes, _): (Vec<u32>, Vec<Vec<u8>>) = two.1.iter().cloned().unzip();
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 13, "every well-formed inference succeeded: {codes:?}");
    assert_eq!(codes.last(), Some(&4), "the malformed input is refused with inference code 4");
    assert!(taken_after - taken >= 26, "the prepared outcomes were used ({})", taken_after - taken);
    assert_eq!(two, one, "two threads and one agree on every app hash and tx result");
    assert_eq!(two, none, "prepared or computed in turn, the same chain");
}
