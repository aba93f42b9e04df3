//! The store's JMT is patched (vendor/jmt, docs/decisions.md "jmt: batched inserts"): a block's
//! value set without deletions is applied with `batch_put_value_sets` instead of key by key. The
//! app hash and everything written to disk must not change. This drives both paths over the same
//! random sequence of versions (inserts, updates, and sets with deletions, which take the old path)
//! and requires the same root hash and the same `TreeUpdateBatch` (nodes, stale-node index, stats)
//! at every version.

use std::collections::BTreeMap;

use jmt::mock::MockTreeStore;
use jmt::{KeyHash, Sha256Jmt};
use proptest::prelude::*;

/// One version's writes: key index (from a small pool, so updates and collisions are common) →
/// value, or `None` for a deletion.
fn version_writes() -> impl Strategy<Value = BTreeMap<u16, Option<Vec<u8>>>> {
    let write = prop_oneof![
        9 => proptest::collection::vec(any::<u8>(), 0..40).prop_map(Some),
        1 => Just(None),
    ];
    proptest::collection::btree_map(0u16..600, write, 1..200)
}

/// Like `version_writes`, without deletions: the sets the patch sends down the batched path.
fn insert_only_writes() -> impl Strategy<Value = BTreeMap<u16, Option<Vec<u8>>>> {
    proptest::collection::btree_map(0u16..600, proptest::collection::vec(any::<u8>(), 0..40).prop_map(Some), 1..200)
}

fn key(index: u16) -> KeyHash {
    KeyHash::with::<sha2::Sha256>(format!("bank/balances/{index:05}/usym"))
}

fn versions() -> impl Strategy<Value = Vec<BTreeMap<u16, Option<Vec<u8>>>>> {
    proptest::collection::vec(prop_oneof![3 => insert_only_writes(), 1 => version_writes()], 1..8)
}

/// Applies `versions` through both paths; panics at the first version where they differ.
fn assert_paths_agree(versions: Vec<Vec<(u16, Option<Vec<u8>>)>>) {
    let (batched_store, key_by_key_store) = (MockTreeStore::default(), MockTreeStore::default());
    let (batched, key_by_key) = (Sha256Jmt::new(&batched_store), Sha256Jmt::new(&key_by_key_store));
    for (version, writes) in versions.into_iter().enumerate() {
        let set: Vec<_> = writes.into_iter().map(|(k, v)| (key(k), v)).collect();
        let (root_a, batch_a) = batched.put_value_set(set.clone(), version as u64).unwrap();
        // `put_value_sets` is the unpatched key-by-key path.
        let (roots_b, batch_b) = key_by_key.put_value_sets(vec![set], version as u64).unwrap();
        assert_eq!(root_a, roots_b[0], "root hash at version {version}");
        assert_eq!(batch_a, batch_b, "tree update batch at version {version}");
        batched_store.write_tree_update_batch(batch_a).unwrap();
        key_by_key_store.write_tree_update_batch(batch_b).unwrap();
    }
}

#[test]
fn shapes_random_sets_rarely_reach() {
    let v = |b: u8| Some(vec![b]);
    // A tree whose root is a single leaf, then inserts next to it and an update of it.
    assert_paths_agree(vec![vec![(1, v(1))], vec![(2, v(2)), (3, v(3))], vec![(1, v(9))]]);
    // A tree emptied by deletions, then given inserts again.
    assert_paths_agree(vec![vec![(1, v(1)), (2, v(2))], vec![(1, None), (2, None)], vec![(3, v(3)), (4, v(4))]]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn batched_and_key_by_key_commits_are_identical(versions in versions()) {
        assert_paths_agree(versions.into_iter().map(|writes| writes.into_iter().collect()).collect());
    }
}
