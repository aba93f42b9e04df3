//! The app hash after a fixed sequence of blocks. If this test fails, the state layout or the
//! semantics of a transaction changed: that is a consensus-breaking change, so update the expected
//! hash only on purpose, and say why in the commit.

use crate::common;

use bytes::Bytes;
use common::*;
use symbiote_app::testing::{genesis_with, TestNode};
use symbiote_app::tx::build::Signer;

const EXPECTED_APP_HASH: &str = "6B1E407F1A98ADBA90D379B65761326CBCF3A08CF9F9E381C3099C8E873569BA";

/// Every block's app hash over the fixed sequence; with `cold`, the node is reopened before each
/// block, so nothing carries over in memory (the inter-block read cache starts empty).
async fn block_hashes(cold: bool) -> Vec<String> {
    let alice = Signer::from_seed("alice");
    let bob = Signer::from_seed("bob");
    let carol = Signer::from_seed("carol");
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::start(dir.path(), &genesis_with(&[&alice, &bob], FUNDS), 10_000_000).await.unwrap();
    let blocks: Vec<Vec<Vec<u8>>> = vec![
        vec![send(&alice, 0, 0, bob.address(), "100usym"), send(&bob, 1, 0, carol.address(), "50usym")],
        vec![
            send(&alice, 0, 1, carol.address(), &format!("{FUNDS}usym")), // fails: pays fee only
            b"garbage".to_vec(),                                          // fails: no effect
            send(&carol, 3, 0, alice.address(), "1usym"),                 // carol has no fee money
        ],
        vec![],
        vec![send(&bob, 1, 1, alice.address(), "1usym")],
    ];
    let expected_codes: Vec<Vec<u32>> = vec![vec![0, 0], vec![5, 2, 5], vec![], vec![0]];
    let mut hashes = vec![];
    for (txs, codes) in blocks.into_iter().zip(expected_codes) {
        if cold {
            drop(node);
            node = reopen(dir.path()).await;
        }
        let r = node.finalize_and_commit(txs.into_iter().map(Bytes::from).collect()).await.unwrap();
        let got: Vec<u32> = r.tx_results.iter().map(|t| t.code.value()).collect();
        assert_eq!(got, codes);
        hashes.push(hex::encode_upper(&r.app_hash));
    }
    hashes
}

#[tokio::test]
async fn app_hash_over_a_fixed_block_sequence() {
    let hashes = block_hashes(false).await;
    let last = hashes.last().unwrap().clone();
    assert_eq!(last, EXPECTED_APP_HASH, "app hash changed; all block hashes: {hashes:?}");
}

#[tokio::test]
async fn values_carried_between_blocks_change_no_hash() {
    assert_eq!(block_hashes(false).await, block_hashes(true).await);
}
