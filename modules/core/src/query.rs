//! Which committed state a query reads.
//!
//! gRPC clients pick a height with the `x-cosmos-block-height` header (0 or absent: latest), as on
//! every Cosmos SDK chain, and the response carries the height it was answered at in the same
//! header. Any height the store still holds can be read (`Storage::snapshot_at`, vendor/cnidarium;
//! which heights are kept: the app's pruning settings), with proofs against that height's app hash.
//!
//! Store versions are block heights, except on a node restored by state sync: its first version
//! holds the state after the snapshot's height (`base`), and version v is height `base + v`.
//! Queries name heights; [`AtHeight`] carries the height a snapshot holds.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use cnidarium::{Snapshot, StateRead, Storage};
use tonic::{Request, Response, Status};

pub const HEIGHT_HEADER: &str = "x-cosmos-block-height";

/// cnidarium's version of the state before genesis.
pub const PRE_GENESIS: u64 = u64::MAX;

/// Where a restored store records the height its first version holds (not in the app hash).
pub const BASE_HEIGHT_KEY: &[u8] = b"app/base_height";

/// The height the first version of `snapshot`'s store holds (0 unless restored by state sync).
pub async fn read_base_height(snapshot: &Snapshot) -> anyhow::Result<u64> {
    Ok(match snapshot.nonverifiable_get_raw(BASE_HEIGHT_KEY).await? {
        Some(bytes) => u64::from_be_bytes(
            bytes.as_slice().try_into().map_err(|_| anyhow::anyhow!("corrupt base height in the store"))?,
        ),
        None => 0,
    })
}

/// The committed state after block `height`: a store snapshot with its height.
#[derive(Clone)]
pub struct AtHeight {
    snapshot: Snapshot,
    height: u64,
}

impl AtHeight {
    /// 0 before genesis is committed.
    pub fn height(&self) -> u64 {
        self.height
    }

    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    pub fn is_pre_genesis(&self) -> bool {
        self.snapshot.version() == PRE_GENESIS
    }
}

impl std::ops::Deref for AtHeight {
    type Target = Snapshot;

    fn deref(&self) -> &Snapshot {
        &self.snapshot
    }
}

impl StateRead for AtHeight {
    type GetRawFut = <Snapshot as StateRead>::GetRawFut;
    type PrefixRawStream = <Snapshot as StateRead>::PrefixRawStream;
    type PrefixKeysStream = <Snapshot as StateRead>::PrefixKeysStream;
    type NonconsensusPrefixRawStream = <Snapshot as StateRead>::NonconsensusPrefixRawStream;
    type NonconsensusRangeRawStream = <Snapshot as StateRead>::NonconsensusRangeRawStream;

    fn get_raw(&self, key: &str) -> Self::GetRawFut {
        self.snapshot.get_raw(key)
    }

    fn nonverifiable_get_raw(&self, key: &[u8]) -> Self::GetRawFut {
        self.snapshot.nonverifiable_get_raw(key)
    }

    fn object_get<T: std::any::Any + Send + Sync + Clone>(&self, key: &'static str) -> Option<T> {
        self.snapshot.object_get(key)
    }

    fn object_type(&self, key: &'static str) -> Option<std::any::TypeId> {
        self.snapshot.object_type(key)
    }

    fn prefix_raw(&self, prefix: &str) -> Self::PrefixRawStream {
        self.snapshot.prefix_raw(prefix)
    }

    fn prefix_keys(&self, prefix: &str) -> Self::PrefixKeysStream {
        self.snapshot.prefix_keys(prefix)
    }

    fn nonverifiable_prefix_raw(&self, prefix: &[u8]) -> Self::NonconsensusPrefixRawStream {
        self.snapshot.nonverifiable_prefix_raw(prefix)
    }

    fn nonverifiable_range_raw(
        &self,
        prefix: Option<&[u8]>,
        range: impl std::ops::RangeBounds<Vec<u8>>,
    ) -> anyhow::Result<Self::NonconsensusRangeRawStream> {
        self.snapshot.nonverifiable_range_raw(prefix, range)
    }
}

#[derive(Clone)]
pub struct Snapshots {
    storage: Storage,
    /// The height of the store's first version (see the module docs).
    base: Arc<AtomicU64>,
}

impl Snapshots {
    /// For a store whose first version is height 0 (or 1 for blocks): call [`Snapshots::set_base`]
    /// with [`read_base_height`] for a store that may have been restored.
    pub fn new(storage: Storage) -> Self {
        Self { storage, base: Arc::new(AtomicU64::new(0)) }
    }

    pub fn set_base(&self, base: u64) {
        self.base.store(base, Ordering::Relaxed);
    }

    /// The height the store's first version holds (0 unless restored from a state-sync snapshot).
    pub fn base(&self) -> u64 {
        self.base.load(Ordering::Relaxed)
    }

    /// The height `snapshot` holds the state after (0 before genesis).
    pub fn height_of(&self, snapshot: &Snapshot) -> u64 {
        match snapshot.version() {
            PRE_GENESIS => 0,
            v => v + self.base.load(Ordering::Relaxed),
        }
    }

    fn pin(&self, snapshot: Snapshot) -> AtHeight {
        AtHeight { height: self.height_of(&snapshot), snapshot }
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    pub fn latest(&self) -> AtHeight {
        self.pin(self.storage.latest_snapshot())
    }

    /// The state after block `height`, or the latest for 0.
    pub fn at(&self, height: u64) -> Result<AtHeight, Status> {
        let latest = self.latest();
        if height == 0 || height == latest.height() {
            return Ok(latest);
        }
        if latest.is_pre_genesis() || height > latest.height() {
            return Err(Status::invalid_argument(format!(
                "cannot query with height in the future; please provide a valid height (requested {height})"
            )));
        }
        let base = self.base.load(Ordering::Relaxed);
        let Some(version) = height.checked_sub(base) else {
            return Err(Status::invalid_argument(format!(
                "failed to load state at height {height}; version does not exist: this node's state starts \
                 at height {base} (state sync)"
            )));
        };
        match self.storage.snapshot_at(version) {
            Ok(Some(s)) => Ok(self.pin(s)),
            // The SDK's answer for a pruned height (code 18, InvalidRequest), with the reason.
            Ok(None) => Err(Status::invalid_argument(format!(
                "failed to load state at height {height}; version does not exist: not retained by this node \
                 (pruning in app.toml) (latest height: {})",
                latest.height()
            ))),
            Err(e) => Err(Status::internal(format!("opening the state at height {height}: {e:#}"))),
        }
    }

    /// The state a gRPC request asks for through its height header.
    pub fn for_request<T>(&self, request: &Request<T>) -> Result<AtHeight, Status> {
        self.at(requested_height(request)?)
    }
}

pub fn requested_height<T>(request: &Request<T>) -> Result<u64, Status> {
    match request.metadata().get(HEIGHT_HEADER) {
        None => Ok(0),
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .ok_or_else(|| Status::invalid_argument(format!("invalid {HEIGHT_HEADER} header"))),
    }
}

/// An address in a query request: code 18 (`InvalidArgument`) with the parse error if malformed.
pub fn parse_address(s: &str) -> Result<crate::Address, Status> {
    s.parse::<crate::Address>().map_err(|e| Status::invalid_argument(e.log))
}

/// Wraps a reply with the height it was read at.
pub fn reply<T>(state: &AtHeight, message: T) -> Response<T> {
    let mut response = Response::new(message);
    if let Ok(v) = state.height().to_string().parse() {
        response.metadata_mut().insert(HEIGHT_HEADER, v);
    }
    response
}

/// The raw value at `key` in `module`'s substore with its ICS23 proofs, as `store/<module>/key`
/// answers with `prove`: first the key in the module's tree (op key: `key`), then the module's
/// root in the main tree, whose root is the app hash (op key: the module's name). Both ops are
/// `ics23:jmt`, verifiable with `cnidarium::ics23_spec()`.
pub async fn get_with_proof(
    snapshot: &Snapshot,
    module: &str,
    key: &[u8],
) -> anyhow::Result<(Option<Vec<u8>>, tendermint::merkle::proof::ProofOps)> {
    use prost::Message as _;
    use tendermint::merkle::proof::{ProofOp, ProofOps};
    let mut full = format!("{module}/").into_bytes();
    full.extend_from_slice(key);
    let (value, proof) = snapshot.get_with_proof(full).await?;
    let names = [key.to_vec(), module.as_bytes().to_vec()];
    let ops = proof
        .proofs
        .iter()
        .zip(names)
        .map(|(p, name)| ProofOp { field_type: "ics23:jmt".into(), key: name, data: p.encode_to_vec() })
        .collect();
    Ok((value, ProofOps { ops }))
}

/// Internal errors reading the store become gRPC `Internal`; coded SDK errors keep their log.
pub fn status(err: crate::SdkError) -> Status {
    use crate::error::Code;
    let code = if err.is(Code::NotFound) || err.is(Code::UnknownAddress) {
        tonic::Code::NotFound
    } else if err.is(Code::Logic) || err.is(Code::Io) {
        tonic::Code::Internal
    } else {
        tonic::Code::InvalidArgument
    };
    Status::new(code, err.log)
}
