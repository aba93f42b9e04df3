//! Past versions of the store (vendor/cnidarium's history patch), checked against a model of every
//! version: point reads, prefix scans (keys deleted or written since included or skipped as they
//! should be), ICS23 proofs against that version's root; then pruning: kept versions read the
//! same, pruned ones are gone, roots of later commits do not change, a snapshot opened before a
//! pass still reads its version, and it all survives reopening the store.

use std::collections::BTreeMap;

use cnidarium::{RootHash, Snapshot, StateDelta, StateRead, StateWrite, Storage};
use futures::TryStreamExt;

const SUBSTORES: [&str; 2] = ["a", "b"];
const VERSIONS: u64 = 40;

type Model = BTreeMap<String, Vec<u8>>;

/// A deterministic mix of writes, overwrites and deletions in both substores and the main store;
/// substore `b` changes only every third version (its versions then lag the main store's).
fn changes(version: u64) -> Vec<(String, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    for i in 0..6u64 {
        let k = (version * 7 + i * 5) % 23;
        let value = (version % 4 != 3 || i % 2 == 0).then(|| format!("v{version}-{i}").into_bytes());
        out.push((format!("a/item/{k:02}"), value));
    }
    if version.is_multiple_of(3) {
        out.push((format!("b/x/{:02}", version % 5), version.is_multiple_of(2).then(|| vec![version as u8])));
    }
    out.push((format!("main/{}", version % 3), (version % 5 != 4).then(|| version.to_be_bytes().to_vec())));
    out
}

async fn commit(storage: &Storage, model: &mut Model, version: u64) -> RootHash {
    let mut delta = StateDelta::new(storage.latest_snapshot());
    for (key, value) in changes(version) {
        match value {
            Some(v) => {
                model.insert(key.clone(), v.clone());
                delta.put_raw(key, v);
            }
            None => {
                model.remove(&key);
                delta.delete(key);
            }
        }
    }
    storage.commit(delta).await.unwrap()
}

/// Everything `snapshot` holds agrees with `model` (reads, scans, proofs against `root`).
async fn check(snapshot: &Snapshot, model: &Model, root: &RootHash) {
    assert_eq!(&snapshot.root_hash().await.unwrap(), root, "root at {}", snapshot.version());
    for prefix in ["a/", "a/item/1", "b/", "main/"] {
        let scanned: Vec<(String, Vec<u8>)> = snapshot.prefix_raw(prefix).try_collect().await.unwrap();
        let expected: Vec<(String, Vec<u8>)> = model
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut scanned_sorted = scanned.clone();
        scanned_sorted.sort();
        assert_eq!(scanned_sorted, expected, "prefix {prefix} at version {}", snapshot.version());
        let keys: Vec<String> = snapshot.prefix_keys(prefix).try_collect().await.unwrap();
        let mut keys_sorted = keys;
        keys_sorted.sort();
        assert_eq!(keys_sorted, expected.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>());
    }
    let spec = cnidarium::ics23_spec();
    for k in 0..23 {
        let key = format!("a/item/{k:02}");
        let value = snapshot.get_raw(&key).await.unwrap();
        assert_eq!(value.as_ref(), model.get(&key), "{key} at version {}", snapshot.version());
        let (proved, proof) = snapshot.get_with_proof(key.clone().into_bytes()).await.unwrap();
        assert_eq!(proved, value);
        let a_root = snapshot.prefix_root_hash("a").await.unwrap();
        let inner = &proof.proofs[0];
        let outer = &proof.proofs[1];
        let sub_key = format!("item/{k:02}");
        match &value {
            Some(v) => assert!(ics23::verify_membership::<ics23::HostFunctionsManager>(
                inner,
                &spec,
                &a_root.0.to_vec(),
                sub_key.as_bytes(),
                v
            )),
            None => assert!(ics23::verify_non_membership::<ics23::HostFunctionsManager>(
                inner,
                &spec,
                &a_root.0.to_vec(),
                sub_key.as_bytes()
            )),
        }
        assert!(ics23::verify_membership::<ics23::HostFunctionsManager>(
            outer,
            &spec,
            &root.0.to_vec(),
            b"a",
            &a_root.0
        ));
    }
}

#[derive(Clone, Copy)]
struct KeepRecentAndEvery {
    recent: u64,
    every: u64,
}

impl cnidarium::Retention for KeepRecentAndEvery {
    fn first_recent(&self, latest: u64) -> u64 {
        latest.saturating_sub(self.recent)
    }
    fn keeps_any(&self, from: u64, to: u64) -> bool {
        self.every > 0 && (from..to).any(|v| v.is_multiple_of(self.every))
    }
}

impl KeepRecentAndEvery {
    fn kept(&self, version: u64, latest: u64) -> bool {
        version + self.recent >= latest || (self.every > 0 && version.is_multiple_of(self.every))
    }
}

#[tokio::test]
async fn past_versions_read_as_they_were_and_pruning_keeps_recent_and_every_tenth() {
    scenario(KeepRecentAndEvery { recent: 3, every: 10 }).await;
}

#[tokio::test]
async fn pruning_only_recent_versions_forgets_deleted_keys_too() {
    scenario(KeepRecentAndEvery { recent: 3, every: 0 }).await;
}

async fn scenario(retention: KeepRecentAndEvery) {
    let kept = |v, latest| retention.kept(v, latest);
    let dir = tempfile::tempdir().unwrap();
    let prefixes: Vec<String> = SUBSTORES.iter().map(|s| s.to_string()).collect();
    let storage = Storage::load(dir.path().to_path_buf(), prefixes.clone()).await.unwrap();
    let twin_dir = tempfile::tempdir().unwrap();
    let twin = Storage::load(twin_dir.path().to_path_buf(), prefixes.clone()).await.unwrap();

    let (mut model, mut twin_model) = (Model::new(), Model::new());
    let mut models = Vec::new();
    let mut roots = Vec::new();
    for v in 0..VERSIONS {
        let root = commit(&storage, &mut model, v).await;
        assert_eq!(commit(&twin, &mut twin_model, v).await, root);
        models.push(model.clone());
        roots.push(root);
    }
    // Every version, not only cnidarium's last ten.
    for v in 0..VERSIONS {
        let s = storage.snapshot_at(v).unwrap().unwrap_or_else(|| panic!("version {v} readable"));
        assert_eq!(s.version(), v);
        check(&s, &models[v as usize], &roots[v as usize]).await;
    }
    assert!(storage.snapshot_at(VERSIONS).unwrap().is_none(), "not written yet");

    // Prune: keep the latest and `recent` before it, and every `every`-th.
    let held = storage.snapshot_at(5).unwrap().unwrap();
    let latest = VERSIONS - 1;
    let pruned = storage.prune(&retention).unwrap();
    assert_eq!(pruned.versions, (0..VERSIONS).filter(|v| !kept(*v, latest)).count() as u64);
    assert!(pruned.nodes > 0 && pruned.values > 0, "{pruned:?}");
    // Deleted keys stay indexed while a kept version older than their deletion may hold them.
    assert_eq!(pruned.deleted_keys > 0, retention.every == 0, "{pruned:?}");
    // A second pass finds nothing more.
    assert_eq!(storage.prune(&retention).unwrap(), Default::default());
    for v in 0..VERSIONS {
        match storage.snapshot_at(v).unwrap() {
            Some(s) => {
                assert!(kept(v, latest), "version {v} was pruned but opens");
                check(&s, &models[v as usize], &roots[v as usize]).await;
            }
            None => assert!(!kept(v, latest), "version {v} is kept but does not open"),
        }
    }
    // Opened before the pass: still the version it was.
    check(&held, &models[5], &roots[5]).await;
    drop(held);

    // Later commits: the same roots as the store that never pruned, and after reopening.
    for v in VERSIONS..VERSIONS + 5 {
        let root = commit(&storage, &mut model, v).await;
        assert_eq!(commit(&twin, &mut twin_model, v).await, root, "root at {v}");
        models.push(model.clone());
        roots.push(root);
    }
    storage.release().await;
    let storage = Storage::load(dir.path().to_path_buf(), prefixes).await.unwrap();
    let latest = VERSIONS + 4;
    storage.prune(&retention).unwrap();
    for v in 0..=latest {
        match storage.snapshot_at(v).unwrap() {
            Some(s) => {
                assert!(kept(v, latest), "version {v} was pruned but opens");
                check(&s, &models[v as usize], &roots[v as usize]).await;
            }
            None => assert!(!kept(v, latest), "version {v} is kept but does not open"),
        }
    }
    let root = commit(&storage, &mut model, latest + 1).await;
    assert_eq!(commit(&twin, &mut twin_model, latest + 1).await, root);
}
