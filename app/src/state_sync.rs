//! State sync: snapshots of the whole state for CometBFT's four snapshot calls (ListSnapshots,
//! LoadSnapshotChunk on the serving side; OfferSnapshot, ApplySnapshotChunk on the joining side).
//!
//! A snapshot is the state after block `height`: every key and value of every substore (sorted by
//! substore, then by key, as the store iterates) and of the main store minus the substore roots it
//! derives, as `u32 key length | key | u32 value length | value` records cut into chunks of at most
//! `chunk_bytes` (a record never spans two chunks). The same state and chunk size give the same
//! bytes on every node. The metadata is the chunks' SHA-256 hashes in order; the snapshot's hash is
//! the SHA-256 of the metadata.
//!
//! Serving: after every `interval`-th commit the app hands the committed (pinned) store snapshot
//! to a background task that writes `<dir>/<height>/{metadata,chunk-N}` (through a temporary
//! directory, renamed when complete) and keeps the newest `keep_recent`.
//!
//! Joining: OfferSnapshot accepts a snapshot in this format on an empty store; each chunk is checked
//! against its hash in the metadata as it arrives (a wrong one is refetched and its sender rejected);
//! with the last chunk the whole state is written into the store in one commit — but only if the
//! resulting root equals the app hash CometBFT's light client verified for that height. The store's
//! first version then holds the state after `height` (`symbiote_core::query::BASE_HEIGHT_KEY`).

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, ensure, Context, Result};
use cnidarium::{Snapshot, StateRead};
use futures::TryStreamExt;
use sha2::{Digest, Sha256};

/// The only snapshot format so far.
pub const FORMAT: u32 = 1;

/// `[state-sync]` in app.toml, as the Cosmos SDK names it.
#[derive(Clone, Debug)]
pub struct SnapshotConfig {
    /// Every `interval` blocks (0: no snapshots are taken).
    pub interval: u64,
    pub keep_recent: u32,
    pub chunk_bytes: usize,
    /// `<home>/data/snapshots`.
    pub dir: PathBuf,
}

impl SnapshotConfig {
    pub const DEFAULT_KEEP_RECENT: u32 = 2;
    pub const DEFAULT_CHUNK_BYTES: usize = 4 << 20;

    pub fn dir_in(home: &Path) -> PathBuf {
        home.join("data").join("snapshots")
    }
}

/// Every key and value of `snapshot`, in the snapshot order (see the module docs).
pub async fn export_entries(snapshot: &Snapshot, substores: &[String]) -> Result<Vec<(String, Vec<u8>)>> {
    let mut prefixes = substores.to_vec();
    prefixes.sort();
    let mut entries = Vec::new();
    for prefix in &prefixes {
        let mut from: Vec<(String, Vec<u8>)> = snapshot.prefix_raw(prefix).try_collect().await?;
        from.sort_by(|a, b| a.0.cmp(&b.0));
        entries.extend(from);
    }
    // The main store's own keys; the substore roots are recomputed on restore.
    let mut main: Vec<(String, Vec<u8>)> = snapshot
        .prefix_raw("")
        .try_filter(|(k, _)| futures::future::ready(!prefixes.contains(k)))
        .try_collect()
        .await?;
    main.sort_by(|a, b| a.0.cmp(&b.0));
    entries.extend(main);
    Ok(entries)
}

/// Cuts records into chunks of at most `chunk_bytes` (one record larger than that is a chunk alone).
pub fn chunk(entries: &[(String, Vec<u8>)], chunk_bytes: usize) -> Vec<Vec<u8>> {
    let mut chunks = Vec::new();
    let mut current = Vec::new();
    for (k, v) in entries {
        let size = 8 + k.len() + v.len();
        if !current.is_empty() && current.len() + size > chunk_bytes {
            chunks.push(std::mem::take(&mut current));
        }
        current.extend_from_slice(&(k.len() as u32).to_be_bytes());
        current.extend_from_slice(k.as_bytes());
        current.extend_from_slice(&(v.len() as u32).to_be_bytes());
        current.extend_from_slice(v);
    }
    if !current.is_empty() || chunks.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// The records of one chunk. Refuses anything that is not exactly a sequence of whole records
/// with UTF-8 keys.
pub fn decode_chunk(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    fn take<'a>(rest: &mut &'a [u8], n: usize) -> Result<&'a [u8]> {
        ensure!(rest.len() >= n, "truncated record");
        let (head, tail) = rest.split_at(n);
        *rest = tail;
        Ok(head)
    }
    fn len(rest: &mut &[u8]) -> Result<usize> {
        Ok(u32::from_be_bytes(take(rest, 4)?.try_into().expect("4 bytes")) as usize)
    }
    let mut rest = bytes;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let n = len(&mut rest)?;
        let key = std::str::from_utf8(take(&mut rest, n)?).context("a key is not UTF-8")?.to_string();
        let n = len(&mut rest)?;
        out.push((key, take(&mut rest, n)?.to_vec()));
    }
    Ok(out)
}

pub fn hash(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The metadata of a snapshot of `chunks`: their hashes in order.
pub fn metadata(chunks: &[Vec<u8>]) -> Vec<u8> {
    chunks.iter().flat_map(|c| hash(c)).collect()
}

/// The chunk hashes a metadata lists, if it is one.
pub fn chunk_hashes(metadata: &[u8], chunks: u32) -> Option<Vec<[u8; 32]>> {
    if chunks == 0 || metadata.len() != chunks as usize * 32 {
        return None;
    }
    Some(metadata.chunks(32).map(|h| h.try_into().expect("32 bytes")).collect())
}

/// The snapshots a node serves, on disk.
#[derive(Clone, Debug)]
pub struct SnapshotFiles {
    dir: PathBuf,
}

impl SnapshotFiles {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    fn at(&self, height: u64) -> PathBuf {
        self.dir.join(height.to_string())
    }

    /// Writes a snapshot completely or not at all, then keeps the newest `keep_recent`.
    pub fn write(&self, height: u64, chunks: &[Vec<u8>], keep_recent: u32) -> Result<()> {
        let tmp = self.dir.join(format!("{height}.tmp"));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        for (i, c) in chunks.iter().enumerate() {
            std::fs::write(tmp.join(format!("chunk-{i}")), c)?;
        }
        std::fs::write(tmp.join("metadata"), metadata(chunks))?;
        let _ = std::fs::remove_dir_all(self.at(height));
        std::fs::rename(&tmp, self.at(height))?;
        let heights = self.heights()?;
        for old in heights.iter().rev().skip(keep_recent.max(1) as usize) {
            std::fs::remove_dir_all(self.at(*old))?;
        }
        Ok(())
    }

    /// Heights of complete snapshots, oldest first.
    pub fn heights(&self) -> Result<Vec<u64>> {
        let mut heights: Vec<u64> = match std::fs::read_dir(&self.dir) {
            Ok(entries) => {
                entries.flatten().filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok())).collect()
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => vec![],
            Err(e) => return Err(e.into()),
        };
        heights.sort();
        Ok(heights)
    }

    pub fn list(&self) -> Result<Vec<tendermint::abci::types::Snapshot>> {
        let mut out = Vec::new();
        for height in self.heights()? {
            let metadata = std::fs::read(self.at(height).join("metadata"))?;
            out.push(tendermint::abci::types::Snapshot {
                height: height.try_into()?,
                format: FORMAT,
                chunks: (metadata.len() / 32) as u32,
                hash: hash(&metadata).to_vec().into(),
                metadata: metadata.into(),
            });
        }
        Ok(out)
    }

    /// A chunk of a snapshot this node has (empty if it has not, as the SDK answers).
    pub fn load_chunk(&self, height: u64, format: u32, chunk: u32) -> Vec<u8> {
        if format != FORMAT {
            return vec![];
        }
        std::fs::read(self.at(height).join(format!("chunk-{chunk}"))).unwrap_or_default()
    }
}

/// Takes a snapshot of `snapshot` (the state after `height`) into `files`.
pub async fn take(
    snapshot: Snapshot,
    height: u64,
    substores: Vec<String>,
    files: SnapshotFiles,
    chunk_bytes: usize,
    keep_recent: u32,
) -> Result<()> {
    let entries = export_entries(&snapshot, &substores).await?;
    drop(snapshot);
    tokio::task::spawn_blocking(move || {
        let chunks = chunk(&entries, chunk_bytes);
        files.write(height, &chunks, keep_recent)
    })
    .await
    .map_err(|e| anyhow!("snapshot task: {e}"))?
}

/// A snapshot being restored: what was offered and the chunks received so far.
pub struct Restore {
    pub height: u64,
    pub app_hash: Vec<u8>,
    pub hashes: Vec<[u8; 32]>,
    pub chunks: Vec<Option<Vec<u8>>>,
}

impl Restore {
    pub fn offered(snapshot: &tendermint::abci::types::Snapshot, app_hash: &[u8]) -> Result<Self> {
        if snapshot.format != FORMAT {
            bail!("format {} (this node restores format {FORMAT})", snapshot.format);
        }
        let hashes = chunk_hashes(&snapshot.metadata, snapshot.chunks)
            .ok_or_else(|| anyhow!("metadata does not list the chunks"))?;
        if hash(&snapshot.metadata).as_slice() != snapshot.hash.as_ref() {
            bail!("snapshot hash is not the hash of its metadata");
        }
        Ok(Self {
            height: snapshot.height.value(),
            app_hash: app_hash.to_vec(),
            chunks: vec![None; hashes.len()],
            hashes,
        })
    }

    pub fn is_complete(&self) -> bool {
        self.chunks.iter().all(Option::is_some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_chunks_hold_whole_records() {
        let entries: Vec<(String, Vec<u8>)> =
            (0..50).map(|i| (format!("bank/key-{i:03}"), vec![i as u8; (i * 7) % 40])).collect();
        let chunks = chunk(&entries, 120);
        assert!(chunks.len() > 5);
        assert!(chunks.iter().all(|c| c.len() <= 120 || decode_chunk(c).unwrap().len() == 1));
        let back: Vec<_> = chunks.iter().flat_map(|c| decode_chunk(c).unwrap()).collect();
        assert_eq!(back, entries);
        assert_eq!(chunk(&entries, 120), chunks, "the same entries, the same chunks");
        assert_eq!(chunk(&[], 120), vec![Vec::<u8>::new()], "an empty state is one empty chunk");
    }

    #[test]
    fn malformed_chunks_are_refused() {
        let good = chunk(&[("auth/a".into(), vec![1, 2, 3])], 1024).remove(0);
        assert!(decode_chunk(&good[..good.len() - 1]).is_err(), "truncated value");
        assert!(decode_chunk(&good[..3]).is_err(), "truncated length");
        let mut bad_key = good.clone();
        bad_key[4] = 0xff;
        assert!(decode_chunk(&bad_key).is_err(), "key not UTF-8");
        let mut long = good.clone();
        long[3] = 200;
        assert!(decode_chunk(&long).is_err(), "length past the end");
    }

    #[test]
    fn an_offer_must_be_self_consistent() {
        let chunks = vec![b"one".to_vec(), b"two".to_vec()];
        let md = metadata(&chunks);
        let snap = |format, n, hash_of: &[u8], md: &[u8]| tendermint::abci::types::Snapshot {
            height: 10u32.into(),
            format,
            chunks: n,
            hash: hash(hash_of).to_vec().into(),
            metadata: md.to_vec().into(),
        };
        assert!(Restore::offered(&snap(FORMAT, 2, &md, &md), b"h").is_ok());
        assert!(Restore::offered(&snap(2, 2, &md, &md), b"h").is_err(), "format");
        assert!(Restore::offered(&snap(FORMAT, 3, &md, &md), b"h").is_err(), "chunk count");
        assert!(Restore::offered(&snap(FORMAT, 2, b"other", &md), b"h").is_err(), "hash");
        assert!(Restore::offered(&snap(FORMAT, 0, &[], &[]), b"h").is_err(), "no chunks");
    }

    #[test]
    fn files_keep_the_newest_snapshots() {
        let dir = tempfile::tempdir().unwrap();
        let files = SnapshotFiles::new(dir.path().join("snapshots"));
        assert!(files.list().unwrap().is_empty());
        for h in [10, 20, 30] {
            files.write(h, &[format!("state {h}").into_bytes()], 2).unwrap();
        }
        assert_eq!(files.heights().unwrap(), [20, 30]);
        let listed = files.list().unwrap();
        assert_eq!(listed[1].height.value(), 30);
        assert_eq!(listed[1].chunks, 1);
        assert_eq!(files.load_chunk(30, FORMAT, 0), b"state 30");
        assert!(files.load_chunk(30, FORMAT, 1).is_empty());
        assert!(files.load_chunk(10, FORMAT, 0).is_empty());
        assert!(files.load_chunk(30, 7, 0).is_empty());
    }
}
