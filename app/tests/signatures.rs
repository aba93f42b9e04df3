//! Signatures verified once per node (CheckTx's cache) and ahead of execution (worker threads
//! verifying a block's signatures while its txs run): blocks give the same app hashes and the
//! same tx results with pre-verification on or off, and with or without CheckTx having seen the
//! txs; a bad signature is refused every time, whatever was verified before.

use bytes::Bytes;
use symbiote_app::signatures::set_preverify_workers;
use symbiote_app::testing::{genesis_with, TestNode, TEST_CHAIN_ID};
use symbiote_app::tx::build::{Signer, Signing, UnsignedTx};

use crate::common::{coins, send, send_msg, without_inflation, FUNDS, GAS};

/// Each block's app hash and every tx's (code, log), with `workers` pre-verifying and, if
/// `check_first`, every tx CheckTx'd before its block (filling the cache).
async fn run(workers: usize, check_first: bool) -> (Vec<Vec<u8>>, Vec<(u32, String)>) {
    set_preverify_workers(workers);
    let signers: Vec<Signer> = (0..6).map(|i| Signer::from_seed(&format!("sig-{i}"))).collect();
    let newcomer = Signer::from_seed("sig-newcomer");
    let dir = tempfile::tempdir().unwrap();
    let mut genesis = genesis_with(&signers.iter().collect::<Vec<_>>(), FUNDS);
    without_inflation(&mut genesis);
    let mut node = TestNode::start(dir.path(), &genesis, -1).await.unwrap();
    let newcomer_number = {
        use symbiote_auth::AuthRead;
        node.app.storage().latest_snapshot().next_account_number().await.unwrap()
    };

    let mut flipped = send(&signers[2], 2, 0, signers[0].address(), "5usym");
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    let blocks: Vec<Vec<Vec<u8>>> = vec![
        vec![
            // First use of each key (set from the tx), a bad signature, a wrong account number,
            // a second tx of one account in the block, a newcomer funded and then spending
            // (its account number is the next one), and a wrong sequence.
            send(&signers[0], 0, 0, signers[1].address(), "10usym"),
            send(&signers[1], 1, 0, newcomer.address(), "100000usym"),
            flipped,
            send(&signers[3], 4, 0, signers[0].address(), "1usym"),
            send(&signers[0], 0, 1, signers[2].address(), "7usym"),
            UnsignedTx::new(vec![send_msg(&newcomer, signers[0].address(), "3usym")], coins("5000usym"), GAS)
                .sign(TEST_CHAIN_ID, &[Signing { signer: &newcomer, account_number: newcomer_number, sequence: 0 }]),
            send(&signers[4], 4, 5, signers[0].address(), "1usym"),
        ],
        vec![
            // Stored keys now; the refused txs' accounts try again correctly.
            send(&signers[0], 0, 2, signers[1].address(), "1usym"),
            send(&signers[2], 2, 0, signers[0].address(), "5usym"),
            send(&signers[3], 3, 0, signers[0].address(), "1usym"),
            send(&signers[4], 4, 0, signers[0].address(), "1usym"),
            send(&signers[5], 5, 0, signers[0].address(), "1usym"),
        ],
    ];
    let (mut hashes, mut results) = (vec![], vec![]);
    for txs in blocks {
        if check_first {
            for tx in &txs {
                node.check_tx(tx).await;
            }
        }
        let r = node.finalize_and_commit(txs.into_iter().map(Bytes::from).collect()).await.unwrap();
        hashes.push(r.app_hash);
        results.extend(r.tx_results.iter().map(|t| (t.code.value(), t.log.clone())));
    }
    (hashes, results)
}

#[tokio::test]
async fn blocks_are_the_same_with_signatures_verified_ahead_cached_or_in_turn() {
    let ahead = run(1, false).await;
    let two_workers = run(2, false).await;
    let in_turn = run(0, false).await;
    let cached = run(1, true).await;
    set_preverify_workers(1);
    let codes: Vec<u32> = ahead.1.iter().map(|r| r.0).collect();
    assert_eq!(codes, [0, 0, 4, 4, 0, 0, 32, 0, 0, 0, 0, 0], "{:#?}", ahead.1);
    assert!(ahead.1[2].1.contains("signature verification failed"), "{}", ahead.1[2].1);
    assert_eq!(ahead, in_turn, "pre-verified or verified as each tx runs: the same chain");
    assert_eq!(ahead, two_workers);
    assert_eq!(ahead, cached, "with CheckTx's verified signatures cached: the same chain");
}

#[tokio::test]
async fn a_bad_signature_is_refused_after_the_good_one_was_verified() {
    let alice = Signer::from_seed("alice");
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::start(dir.path(), &genesis_with(&[&alice], FUNDS), -1).await.unwrap();
    let good = send(&alice, 0, 0, alice.address(), "1usym");
    let mut bad = good.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    // The same body and signer info under another account number: other sign bytes.
    let other_number = send(&alice, 9, 0, alice.address(), "1usym");
    assert_eq!(node.check_tx(&good).await.code, 0, "verified, and cached");
    let r = node.finalize_and_commit(vec![Bytes::from(bad), Bytes::from(other_number)]).await.unwrap();
    let codes: Vec<u32> = r.tx_results.iter().map(|t| t.code.value()).collect();
    assert_eq!(codes, [4, 4], "{:?}", r.tx_results);
    let r = node.finalize_and_commit(vec![Bytes::from(good)]).await.unwrap();
    assert_eq!(r.tx_results[0].code.value(), 0, "{}", r.tx_results[0].log);
}
