//! symbiote patch: state at past versions, and pruning of the versions a node no longer keeps.
//!
//! Upstream cnidarium keeps every JMT node and value forever, but can open only its last ten
//! versions, and its key index forgets a key when it is deleted (so a past version's prefix scan
//! would miss it). This module adds, in one column family written in the same batch as each
//! commit:
//!
//! - `v | version` → the version of every substore at that main version (what a snapshot of a
//!   past version needs); present exactly for the versions that can still be read;
//! - `s | prefix | substore version` → the main version that wrote it (substore versions advance
//!   only when the substore changes; pruning reasons in main versions);
//! - `n | stale since | prefix | node key` → the substore version of that commit: a JMT node the
//!   commit at main version `stale since` replaced. A replaced leaf whose key got a new value
//!   entry (or a tombstone) in that commit also retires the key's previous value entry (a leaf
//!   replaced only because the tree around it changed shape keeps its value);
//! - `d | prefix | key` → the main version that last deleted it, and `D | version | prefix |
//!   key` to visit those in order: past versions' prefix scans also walk deleted keys.
//!
//! A node created at main version `c` and replaced at `s` is read by versions `[c, s)` only, and a
//! value entry likewise; [`Storage::prune`](crate::Storage::prune) deletes both once no retained
//! version lies in their range (the same rule as Aptos' and Diem's JMT pruners).

use std::sync::Arc;

use anyhow::{Context, Result};
use borsh::BorshDeserialize;
use jmt::storage::Node;
use rocksdb::{IteratorMode, ReadOptions, WriteBatch, DB};

use crate::store::substore::{DbNodeKey, SubstoreConfig, VersionedKeyHash};

pub const CF_HISTORY: &str = "symbiote-history";

const VERSIONS: u8 = b'v';
const SUBSTORE_VERSIONS: u8 = b's';
const STALE_NODES: u8 = b'n';
const DELETED: u8 = b'd';
const DELETED_AT: u8 = b'D';

pub(crate) fn cf(db: &DB) -> &rocksdb::ColumnFamily {
    db.cf_handle(CF_HISTORY).expect("the history column family is opened with the store")
}

fn prefixed(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut key = vec![tag];
    for p in parts {
        key.extend_from_slice(p);
    }
    key
}

/// A substore's name, length-prefixed so that names and what follows them never run together.
fn name(prefix: &str) -> Vec<u8> {
    let mut out = vec![u8::try_from(prefix.len()).expect("substore prefixes are short")];
    out.extend_from_slice(prefix.as_bytes());
    out
}

fn split_name(bytes: &[u8]) -> Option<(&str, &[u8])> {
    let len = *bytes.first()? as usize;
    let name = std::str::from_utf8(bytes.get(1..1 + len)?).ok()?;
    Some((name, &bytes[1 + len..]))
}

fn be(v: u64) -> [u8; 8] {
    v.to_be_bytes()
}

fn read_be(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.get(..8)?.try_into().ok()?))
}

/// What one commit adds to the history, gathered while its write batch is built.
pub(crate) struct Recorder<'a> {
    pub db: &'a DB,
    pub main_version: jmt::Version,
}

impl Recorder<'_> {
    pub fn substore_versions(&self, batch: &mut WriteBatch, versions: &[(String, jmt::Version)]) {
        let value = borsh::to_vec(&versions.to_vec()).expect("borsh encodes a vec of pairs");
        batch.put_cf(cf(self.db), prefixed(VERSIONS, &[&be(self.main_version)]), value);
    }

    pub fn substore_advanced(&self, batch: &mut WriteBatch, prefix: &str, substore_version: jmt::Version) {
        let key = prefixed(SUBSTORE_VERSIONS, &[&name(prefix), &be(substore_version)]);
        batch.put_cf(cf(self.db), key, be(self.main_version));
    }

    pub fn stale_node(
        &self,
        batch: &mut WriteBatch,
        prefix: &str,
        node: &jmt::storage::NodeKey,
        substore_version: jmt::Version,
    ) -> Result<()> {
        let node = DbNodeKey::encode_from_node_key(node)?;
        let key = prefixed(STALE_NODES, &[&be(self.main_version), &name(prefix), &node]);
        batch.put_cf(cf(self.db), key, be(substore_version));
        Ok(())
    }

    pub fn deleted(&self, batch: &mut WriteBatch, prefix: &str, key: &[u8]) {
        batch.put_cf(cf(self.db), prefixed(DELETED, &[&name(prefix), key]), be(self.main_version));
        batch.put_cf(cf(self.db), prefixed(DELETED_AT, &[&be(self.main_version), &name(prefix), key]), []);
    }
}

/// Where every substore's version at `main_version` is recorded (while it can be read).
pub(crate) fn versions_key(main_version: jmt::Version) -> Vec<u8> {
    prefixed(VERSIONS, &[&be(main_version)])
}

pub(crate) fn decode_versions(bytes: &[u8]) -> Result<Vec<(String, jmt::Version)>> {
    borsh::from_slice(bytes).context("decoding recorded substore versions")
}

/// The keys deleted from `config`'s substore under `key_prefix` at some version (sorted); a past
/// version's scan checks each one's value at that version.
pub(crate) fn deleted_keys(
    db: &DB,
    snapshot: &crate::snapshot::RocksDbSnapshot,
    config: &SubstoreConfig,
    key_prefix: &[u8],
) -> Result<Vec<Vec<u8>>> {
    let start = prefixed(DELETED, &[&name(&config.prefix), key_prefix]);
    let mut options = ReadOptions::default();
    options.set_iterate_range(rocksdb::PrefixRange(start.clone()));
    let mut keys = Vec::new();
    for item in snapshot.iterator_cf_opt(cf(db), options, IteratorMode::Start) {
        let (key, _) = item?;
        keys.push(key[start.len() - key_prefix.len()..].to_vec());
    }
    Ok(keys)
}

/// Which versions a node keeps; see [`Storage::prune`](crate::Storage::prune).
pub trait Retention {
    /// The oldest version kept because it is recent: every version from it on is kept.
    fn first_recent(&self, latest: jmt::Version) -> jmt::Version;
    /// Whether some version in `[from, to)` is kept though older than the recent ones.
    fn keeps_any(&self, from: jmt::Version, to: jmt::Version) -> bool;
}

/// What a pruning pass removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub versions: u64,
    pub nodes: u64,
    pub values: u64,
    pub deleted_keys: u64,
}

/// Deletions are written in batches of about this many entries.
const BATCH_ENTRIES: usize = 20_000;

pub(crate) struct Pruner<'a> {
    pub db: &'a Arc<DB>,
    pub substores: Vec<Arc<SubstoreConfig>>,
}

impl Pruner<'_> {
    fn config(&self, prefix: &str) -> Result<&Arc<SubstoreConfig>> {
        self.substores
            .iter()
            .find(|c| c.prefix == prefix)
            .with_context(|| format!("history names an unknown substore {prefix:?}"))
    }

    /// The main version that wrote `substore_version` of `prefix` (the main store's are its own).
    fn main_version_of(&self, prefix: &str, substore_version: jmt::Version) -> Result<jmt::Version> {
        if prefix.is_empty() {
            return Ok(substore_version);
        }
        let key = prefixed(SUBSTORE_VERSIONS, &[&name(prefix), &be(substore_version)]);
        match self.db.get_cf(cf(self.db), key)? {
            Some(v) => read_be(&v).context("malformed substore version record"),
            // Written before this history existed: assume version 0, the widest range (kept if
            // any keep-every version precedes its replacement).
            None => Ok(0),
        }
    }

    /// Visits everything recorded under `tag` with a version below `bound`, in order, writing
    /// what `visit` adds to a batch every [`BATCH_ENTRIES`] entries.
    fn visit(
        &self,
        tag: u8,
        bound: jmt::Version,
        mut visit: impl FnMut(&[u8], &[u8], &mut WriteBatch) -> Result<()>,
    ) -> Result<()> {
        let end = prefixed(tag, &[&be(bound)]);
        let mut from = vec![tag];
        loop {
            let mut options = ReadOptions::default();
            options.set_iterate_range(from.clone()..end.clone());
            let mut batch = WriteBatch::default();
            let mut seen = 0;
            for item in self.db.iterator_cf_opt(cf(self.db), options, IteratorMode::Start) {
                let (key, value) = item?;
                visit(&key, &value, &mut batch)?;
                seen += 1;
                if seen == BATCH_ENTRIES {
                    // The next key after this one.
                    from = key.to_vec();
                    from.push(0);
                    break;
                }
            }
            self.db.write(batch).context("writing a pruning batch")?;
            if seen < BATCH_ENTRIES {
                return Ok(());
            }
        }
    }

    pub fn prune(&self, latest: jmt::Version, retention: &dyn Retention) -> Result<Pruned> {
        let mut pruned = Pruned::default();
        if latest == u64::MAX {
            return Ok(pruned);
        }
        let first_recent = retention.first_recent(latest).min(latest);
        let history = cf(self.db);

        // Versions no longer readable first, so that no new snapshot opens one being pruned
        // (a snapshot opened before keeps its RocksDB view).
        self.visit(VERSIONS, first_recent, |key, _, batch| {
            let version = read_be(&key[1..]).context("malformed version record")?;
            if !retention.keeps_any(version, version + 1) {
                batch.delete_cf(history, key);
                pruned.versions += 1;
            }
            Ok(())
        })?;

        // Nodes replaced at or before the first recent version: no recent version reads them.
        self.visit(STALE_NODES, first_recent + 1, |key, value, batch| {
            let stale_since = read_be(&key[1..]).context("malformed stale node record")?;
            let stale_since_substore = read_be(value).context("malformed stale node record")?;
            let (prefix, node) = split_name(&key[9..]).context("malformed stale node record")?;
            let config = self.config(prefix)?;
            let created = read_be(node).context("malformed node key")?;
            let created = self.main_version_of(prefix, created)?;
            if !retention.keeps_any(created, stale_since) {
                batch.delete_cf(config.cf_jmt(self.db), node);
                pruned.nodes += 1;
            }
            // A replaced leaf may retire its key's previous value entry.
            if let Some(Node::Leaf(leaf)) = self.db.get_cf(config.cf_jmt(self.db), node)?.map(|b| Node::try_from_slice(&b)).transpose()? {
                let key_hash = leaf.key_hash();
                let rewritten = VersionedKeyHash::encode_from_keyhash(&key_hash, &stale_since_substore);
                if self.db.get_cf(config.cf_jmt_values(self.db), rewritten)?.is_some() {
                    if let Some(previous) = self.previous_value_version(config, &key_hash, stale_since_substore)? {
                        let written = self.main_version_of(prefix, previous)?;
                        if !retention.keeps_any(written, stale_since) {
                            let entry = VersionedKeyHash::encode_from_keyhash(&key_hash, &previous);
                            batch.delete_cf(config.cf_jmt_values(self.db), entry);
                            pruned.values += 1;
                        }
                    }
                }
            }
            batch.delete_cf(history, key);
            Ok(())
        })?;

        // Deleted keys no kept version can still hold (a later deletion has its own record).
        self.visit(DELETED_AT, first_recent + 1, |key, _, batch| {
            let deleted_at = read_be(&key[1..]).context("malformed deletion record")?;
            let index_key = prefixed(DELETED, &[&key[9..]]);
            let last_deletion = self.db.get_cf(history, &index_key)?.and_then(|v| read_be(&v));
            if last_deletion == Some(deleted_at) && !retention.keeps_any(0, deleted_at) {
                batch.delete_cf(history, index_key);
                pruned.deleted_keys += 1;
            }
            batch.delete_cf(history, key);
            Ok(())
        })?;
        Ok(pruned)
    }

    /// The newest value entry of `key_hash` older than substore version `before`.
    fn previous_value_version(
        &self,
        config: &SubstoreConfig,
        key_hash: &jmt::KeyHash,
        before: jmt::Version,
    ) -> Result<Option<jmt::Version>> {
        let mut options = ReadOptions::default();
        options.set_iterate_range(
            VersionedKeyHash::encode_from_keyhash(key_hash, &0)..VersionedKeyHash::encode_from_keyhash(key_hash, &before),
        );
        let mut iter = self.db.iterator_cf_opt(config.cf_jmt_values(self.db), options, IteratorMode::End);
        match iter.next().transpose()? {
            Some((key, _)) => Ok(read_be(&key[32..])),
            None => Ok(None),
        }
    }
}

/// The keys a prefix scan visits, in order: the substore's key index, and for a past version
/// also the keys deleted since (merged, each once). The caller skips keys without a value at the
/// scanned version.
pub(crate) fn scan_keys<'a, I>(
    substore: &crate::store::substore::SubstoreSnapshot,
    index: I,
    historical: bool,
    key_prefix: &[u8],
) -> Result<impl Iterator<Item = Result<Vec<u8>>> + 'a>
where
    I: Iterator<Item = std::result::Result<(Box<[u8]>, Box<[u8]>), rocksdb::Error>> + 'a,
{
    let deleted = if historical {
        deleted_keys(&substore.db, &substore.rocksdb_snapshot, &substore.config, key_prefix)?
    } else {
        Vec::new()
    };
    let mut deleted = deleted.into_iter().peekable();
    let mut index = index.map(|item| item.map(|(k, _)| k.to_vec()).map_err(anyhow::Error::from)).peekable();
    Ok(std::iter::from_fn(move || {
        let next_indexed = match index.peek() {
            Some(Err(_)) => return index.next(),
            Some(Ok(k)) => Some(k.clone()),
            None => None,
        };
        match (next_indexed, deleted.peek()) {
            (None, None) => None,
            (Some(_), None) => index.next(),
            (None, Some(_)) => deleted.next().map(Ok),
            (Some(i), Some(d)) => match i.cmp(d) {
                std::cmp::Ordering::Less => index.next(),
                std::cmp::Ordering::Greater => deleted.next().map(Ok),
                std::cmp::Ordering::Equal => {
                    deleted.next();
                    index.next()
                }
            },
        }
    }))
}
