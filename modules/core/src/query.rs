//! Which committed state a query reads.
//!
//! gRPC clients pick a height with the `x-cosmos-block-height` header (0 or absent: latest), as on
//! every Cosmos SDK chain, and the response carries the height it was answered at in the same
//! header. cnidarium keeps only a handful of snapshots itself, so the app records each committed
//! snapshot here and queries can read any of the last `retain` heights.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use cnidarium::{Snapshot, Storage};
use tonic::{Request, Response, Status};

pub const HEIGHT_HEADER: &str = "x-cosmos-block-height";

/// cnidarium's version of the state before genesis.
pub const PRE_GENESIS: u64 = u64::MAX;

#[derive(Clone)]
pub struct Snapshots {
    storage: Storage,
    retained: Arc<RwLock<BTreeMap<u64, Snapshot>>>,
    retain: usize,
}

impl Snapshots {
    pub fn new(storage: Storage, retain: usize) -> Self {
        let this = Self { storage, retained: Default::default(), retain: retain.max(1) };
        this.record(this.storage.latest_snapshot());
        this
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// Called by the app after every commit.
    pub fn record(&self, snapshot: Snapshot) {
        if snapshot.version() == PRE_GENESIS {
            return;
        }
        let mut map = self.retained.write().expect("snapshot lock poisoned");
        map.insert(snapshot.version(), snapshot);
        while map.len() > self.retain {
            map.pop_first();
        }
    }

    pub fn latest(&self) -> Snapshot {
        self.storage.latest_snapshot()
    }

    /// The snapshot at `height`, or latest for 0.
    pub fn at(&self, height: u64) -> Result<Snapshot, Status> {
        let latest = self.latest();
        if height == 0 || height == latest.version() {
            return Ok(latest);
        }
        if latest.version() == PRE_GENESIS || height > latest.version() {
            return Err(Status::invalid_argument(format!(
                "cannot query with height in the future; please provide a valid height (requested {height})"
            )));
        }
        let map = self.retained.read().expect("snapshot lock poisoned");
        map.get(&height).cloned().ok_or_else(|| {
            let (lo, hi) = range_of(&map);
            Status::not_found(format!("height {height} is not retained by this node (available: {lo}..={hi})"))
        })
    }

    /// The snapshot a gRPC request asks for through its height header.
    pub fn for_request<T>(&self, request: &Request<T>) -> Result<Snapshot, Status> {
        self.at(requested_height(request)?)
    }
}

fn range_of(map: &BTreeMap<u64, Snapshot>) -> (u64, u64) {
    let lo = map.first_key_value().map_or(0, |(k, _)| *k);
    let hi = map.last_key_value().map_or(0, |(k, _)| *k);
    (lo, hi)
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
pub fn reply<T>(snapshot: &Snapshot, message: T) -> Response<T> {
    let mut response = Response::new(message);
    let height = if snapshot.version() == PRE_GENESIS { 0 } else { snapshot.version() };
    if let Ok(v) = height.to_string().parse() {
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
