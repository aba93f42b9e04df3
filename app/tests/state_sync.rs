//! State sync in process: a node's snapshot of a chain with history restores on an empty node,
//! which reports the snapshot's height and app hash, then follows the chain with the same app
//! hashes, and keeps doing so after a restart. Every way a snapshot can be wrong is refused without
//! writing anything: a corrupted chunk (refetched, its sender rejected), a state that is not the
//! trusted app hash's, chunks that do not decode, another format, or an offer to a node with state.

use bytes::Bytes;
use symbiote_app::keys::substore_prefixes;
use symbiote_app::state_sync::{self, SnapshotConfig, SnapshotFiles, FORMAT};
use symbiote_app::testing::{genesis_with, TestNode};
use symbiote_app::tx::build::Signer;
use symbiote_app::Modules;
use tendermint::abci::request::{ApplySnapshotChunk, OfferSnapshot};
use tendermint::abci::response::{self, ApplySnapshotChunkResult as Chunk};
use tendermint::abci::types::Snapshot;

use crate::common::{reopen, send, FUNDS};

const CHUNK_BYTES: usize = 2_048;

fn signers() -> Vec<Signer> {
    (0..12).map(|i| Signer::from_seed(&format!("sync-{i}"))).collect()
}

/// A chain of a few blocks of sends between twelve accounts.
async fn source(dir: &std::path::Path) -> TestNode {
    let signers = signers();
    let mut node = TestNode::start(dir, &genesis_with(&signers.iter().collect::<Vec<_>>(), FUNDS), -1).await.unwrap();
    for seq in 0..4u64 {
        let txs: Vec<Bytes> = (0..signers.len())
            .map(|i| Bytes::from(send(&signers[i], i as u64, seq, signers[(i + 1) % signers.len()].address(), "7usym")))
            .collect();
        let r = node.finalize_and_commit(txs).await.unwrap();
        assert!(r.tx_results.iter().all(|t| t.code.is_ok()));
    }
    node
}

/// The snapshot of `node`'s latest state: its chunks and what CometBFT would offer.
async fn snapshot_of(node: &TestNode) -> (Vec<Vec<u8>>, Snapshot) {
    let latest = node.app.storage().latest_snapshot();
    let entries = state_sync::export_entries(&latest, &substore_prefixes::<Modules>()).await.unwrap();
    let chunks = state_sync::chunk(&entries, CHUNK_BYTES);
    let metadata = state_sync::metadata(&chunks);
    let snapshot = Snapshot {
        height: node.height.try_into().unwrap(),
        format: FORMAT,
        chunks: chunks.len() as u32,
        hash: state_sync::hash(&metadata).to_vec().into(),
        metadata: metadata.into(),
    };
    (chunks, snapshot)
}

fn offer(snapshot: &Snapshot, app_hash: &[u8]) -> OfferSnapshot {
    OfferSnapshot { snapshot: snapshot.clone(), app_hash: app_hash.to_vec().try_into().unwrap() }
}

fn chunk(index: usize, bytes: &[u8], sender: &str) -> ApplySnapshotChunk {
    ApplySnapshotChunk { index: index as u32, chunk: bytes.to_vec().into(), sender: sender.into() }
}

async fn empty_node(dir: &std::path::Path) -> TestNode {
    TestNode::reopen(dir).await.unwrap()
}

async fn info(node: &TestNode) -> (u64, Vec<u8>) {
    let i = symbiote_app::app::info(node.app.snapshots()).await.unwrap();
    (i.last_block_height.value(), i.last_block_app_hash.as_bytes().to_vec())
}

#[tokio::test]
async fn a_snapshot_restores_an_empty_node_that_then_follows_the_chain() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut src = source(a.path()).await;
    let (chunks, snapshot) = snapshot_of(&src).await;
    assert!(chunks.len() > 3, "several chunks: {}", chunks.len());
    let (height, app_hash) = info(&src).await;
    assert_eq!(height, 4);

    let mut joiner = empty_node(b.path()).await;
    assert_eq!(joiner.app.offer_snapshot(offer(&snapshot, &app_hash)), response::OfferSnapshot::Accept);
    // A corrupted chunk from one peer: refused, refetched, that peer rejected.
    let mut bad = chunks[1].clone();
    bad[10] ^= 1;
    let r = joiner.app.apply_snapshot_chunk(chunk(1, &bad, "peer-bad")).await.unwrap();
    assert_eq!((r.result, r.refetch_chunks, r.reject_senders), (Chunk::Retry, vec![1], vec!["peer-bad".to_string()]));
    for (i, c) in chunks.iter().enumerate() {
        let r = joiner.app.apply_snapshot_chunk(chunk(i, c, "peer-good")).await.unwrap();
        assert_eq!(r.result, Chunk::Accept, "chunk {i}");
    }
    assert_eq!(info(&joiner).await, (4, app_hash.clone()), "the restored node reports the snapshot's height and hash");
    assert_eq!(joiner.app.snapshots().latest().height(), 4);

    // Both execute the next blocks: the same app hashes.
    joiner.height = 4;
    let signers = signers();
    for seq in 4..6u64 {
        let txs: Vec<Bytes> = (0..signers.len())
            .map(|i| Bytes::from(send(&signers[i], i as u64, seq, signers[(i + 3) % signers.len()].address(), "1usym")))
            .collect();
        let x = src.finalize_and_commit(txs.clone()).await.unwrap();
        let y = joiner.finalize_and_commit(txs).await.unwrap();
        assert!(y.tx_results.iter().all(|t| t.code.is_ok()), "{:?}", y.tx_results);
        assert_eq!(x.app_hash, y.app_hash, "block {}", src.height);
    }
    assert_eq!(info(&joiner).await, info(&src).await);

    // Restarted, the restored node still knows its heights.
    drop(joiner);
    let mut joiner = reopen(b.path()).await;
    assert_eq!(joiner.height, 6);
    assert_eq!(info(&joiner).await, info(&src).await);
    let txs = vec![Bytes::from(send(&signers[0], 0, 6, signers[1].address(), "1usym"))];
    let x = src.finalize_and_commit(txs.clone()).await.unwrap();
    let y = joiner.finalize_and_commit(txs).await.unwrap();
    assert_eq!(x.app_hash, y.app_hash);
}

#[tokio::test]
async fn wrong_snapshots_are_refused_and_write_nothing() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let src = source(a.path()).await;
    let (chunks, snapshot) = snapshot_of(&src).await;
    let (_, app_hash) = info(&src).await;
    let mut joiner = empty_node(b.path()).await;

    // Not the state the trusted app hash commits to.
    let mut other_hash = app_hash.clone();
    other_hash[0] ^= 1;
    assert_eq!(joiner.app.offer_snapshot(offer(&snapshot, &other_hash)), response::OfferSnapshot::Accept);
    let mut last = Chunk::Unknown;
    for (i, c) in chunks.iter().enumerate() {
        last = joiner.app.apply_snapshot_chunk(chunk(i, c, "p")).await.unwrap().result;
    }
    assert_eq!(last, Chunk::RejectSnapshot);
    assert_eq!(info(&joiner).await, (0, vec![]), "nothing written");

    // Chunks that do not decode, under metadata that lists them.
    let garbage = vec![vec![0, 0, 0, 9, b'x']];
    let md = state_sync::metadata(&garbage);
    let forged =
        Snapshot { chunks: 1, hash: state_sync::hash(&md).to_vec().into(), metadata: md.into(), ..snapshot.clone() };
    assert_eq!(joiner.app.offer_snapshot(offer(&forged, &app_hash)), response::OfferSnapshot::Accept);
    let r = joiner.app.apply_snapshot_chunk(chunk(0, &garbage[0], "p")).await.unwrap();
    assert_eq!(r.result, Chunk::RejectSnapshot);
    assert_eq!(info(&joiner).await, (0, vec![]));

    // Another format; metadata that does not match its hash.
    let other_format = Snapshot { format: FORMAT + 1, ..snapshot.clone() };
    assert_eq!(joiner.app.offer_snapshot(offer(&other_format, &app_hash)), response::OfferSnapshot::RejectFormat);
    let bad_hash = Snapshot { hash: vec![0; 32].into(), ..snapshot.clone() };
    assert_eq!(joiner.app.offer_snapshot(offer(&bad_hash, &app_hash)), response::OfferSnapshot::Reject);
    // A chunk with nothing offered.
    let r = joiner.app.apply_snapshot_chunk(chunk(0, &chunks[0], "p")).await.unwrap();
    assert_eq!(r.result, Chunk::Abort);

    // A node that has state takes no snapshot.
    let mut src = src;
    assert_eq!(src.app.offer_snapshot(offer(&snapshot, &app_hash)), response::OfferSnapshot::Abort);
}

#[tokio::test]
async fn a_serving_node_writes_snapshots_at_its_interval_as_everyone_would() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let signers = signers();
    let mut node =
        TestNode::start(a.path(), &genesis_with(&signers.iter().collect::<Vec<_>>(), FUNDS), -1).await.unwrap();
    let dir = b.path().join("snapshots");
    node.app.serve_snapshots(SnapshotConfig {
        interval: 2,
        keep_recent: 2,
        chunk_bytes: CHUNK_BYTES,
        dir: dir.clone(),
    });
    let files = SnapshotFiles::new(dir);
    for seq in 0..6u64 {
        let txs = vec![Bytes::from(send(&signers[0], 0, seq, signers[1].address(), "1usym"))];
        node.finalize_and_commit(txs).await.unwrap();
        let height = seq + 1;
        if height % 2 != 0 {
            continue;
        }
        // Each due snapshot is written before the next is due (one that comes due while another
        // is being written is skipped, by design).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !files.heights().unwrap().contains(&height) {
            assert!(std::time::Instant::now() < deadline, "no snapshot at height {height}");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        if height == 4 {
            // The snapshot of height 4 is the state at 4, cut as anyone exporting it would cut it.
            let (_, expected) = snapshot_of(&node).await;
            let listed = files.list().unwrap().into_iter().find(|s| s.height.value() == 4).unwrap();
            assert_eq!(listed, expected);
        }
    }
    // The newest two are kept (older ones go right after a new one is in place).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while files.heights().unwrap() != [4, 6] {
        assert!(std::time::Instant::now() < deadline, "kept {:?}", files.heights().unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
