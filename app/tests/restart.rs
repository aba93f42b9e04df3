//! A restarted app reports exactly the last committed height and app hash (so CometBFT's handshake
//! replays only what is missing) and continues from there.

use crate::common;

use bytes::Bytes;
use common::*;
use symbiote_app::testing::{genesis_with, TestNode};
use symbiote_app::tx::build::Signer;

#[tokio::test]
async fn restart_keeps_height_hash_and_state_and_a_second_init_chain_is_harmless() {
    let alice = Signer::from_seed("alice");
    let bob = Signer::from_seed("bob");
    let dir = tempfile::tempdir().unwrap();
    let genesis = genesis_with(&[&alice, &bob], FUNDS);
    let mut node = TestNode::start(dir.path(), &genesis, -1).await.unwrap();
    node.finalize_and_commit(vec![Bytes::from(send(&alice, 0, 0, bob.address(), "7usym"))]).await.unwrap();
    node.finalize_and_commit(vec![]).await.unwrap();
    let info = symbiote_app::app::info(node.app.snapshots()).await.unwrap();
    assert_eq!(info.last_block_height.value(), 2);
    drop(node);

    let mut node = reopen(dir.path()).await;
    let again = symbiote_app::app::info(node.app.snapshots()).await.unwrap();
    assert_eq!(again.last_block_height, info.last_block_height);
    assert_eq!(again.last_block_app_hash, info.last_block_app_hash);
    // The mempool view was rebuilt: alice's next sequence is 1.
    assert_eq!(node.check_tx(&send(&alice, 0, 1, bob.address(), "1usym")).await.code, 0);
    let block = node.finalize_and_commit(vec![Bytes::from(send(&alice, 0, 1, bob.address(), "1usym"))]).await.unwrap();
    assert_eq!(block.tx_results[0].code.value(), 0);
    assert_eq!(node.height, 3);
}

#[tokio::test]
async fn finalize_without_commit_is_replayed_identically() {
    // CometBFT may crash between FinalizeBlock and Commit; on restart it replays the block.
    let alice = Signer::from_seed("alice");
    let bob = Signer::from_seed("bob");
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::start(dir.path(), &genesis_with(&[&alice, &bob], FUNDS), -1).await.unwrap();
    let tx = Bytes::from(send(&alice, 0, 0, bob.address(), "7usym"));
    let finalize = |height: u64, txs: Vec<Bytes>| tendermint::abci::request::FinalizeBlock {
        txs,
        decided_last_commit: tendermint::abci::types::CommitInfo { round: 0u8.into(), votes: vec![] },
        misbehavior: vec![],
        hash: tendermint::Hash::None,
        height: height.try_into().unwrap(),
        time: tendermint::Time::from_unix_timestamp(1_700_000_005, 0).unwrap(),
        next_validators_hash: tendermint::Hash::None,
        proposer_address: tendermint::account::Id::new([0; 20]),
    };
    let first = node.app.finalize_block(finalize(1, vec![tx.clone()])).await.unwrap();
    drop(node); // "crash" before Commit

    let mut node = reopen(dir.path()).await;
    assert_eq!(symbiote_app::app::info(node.app.snapshots()).await.unwrap().last_block_height.value(), 0);
    let replay = node.app.finalize_block(finalize(1, vec![tx])).await.unwrap();
    assert_eq!(replay.app_hash, first.app_hash);
    node.app.commit().await.unwrap();
}
