//! A module's state as genesis records: every key under its substore (except those it exports in
//! readable form, e.g. params) with its value in base64. For modules whose records are protobuf
//! messages with no JSON form in the SDK (the registry's chunks, the consent ledger's receipts):
//! `symbiote export` then `init_genesis` gives back byte-identical state, and the queries remain
//! the way to read it.

use base64::Engine as _;
use cnidarium::{StateRead, StateWrite};
use futures::StreamExt;
use serde::{Deserialize, Serialize};

use crate::error::Code;
use crate::store::WriteExt;
use crate::{SdkError, SdkResult};

/// A module's genesis section of this kind: its params, readable, and its other records.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamsAndRecords<P> {
    #[serde(default)]
    pub params: P,
    #[serde(default)]
    pub records: Vec<Record>,
}

impl<P> ParamsAndRecords<P> {
    /// The params checked by `params_ok`, the records by [`validate`] against `kinds`.
    pub fn validate(&self, kinds: &[&str], params_ok: impl Fn(&P) -> SdkResult<()>) -> SdkResult<()> {
        params_ok(&self.params)?;
        validate(&self.records, kinds)
    }

    /// Writes the params with `put_params` and the records under `prefix/` (after `validate`).
    pub fn init<S: StateWrite>(
        &self,
        state: &mut S,
        prefix: &str,
        put_params: impl Fn(&mut S, &P) -> SdkResult<()>,
    ) -> SdkResult<()> {
        put_params(state, &self.params)?;
        import(state, prefix, &self.records)
    }

    /// The section for `params` and every record under `prefix/` but the params' own key.
    pub async fn export<S: StateRead>(state: &S, prefix: &str, params: P) -> SdkResult<Self> {
        Ok(Self { params, records: export(state, prefix, &["params"]).await? })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The key below the module's prefix (`dataset/00000000000000000001`).
    pub key: String,
    /// The value, base64 (standard alphabet, padded).
    pub value: String,
}

/// Every record under `prefix/` except keys starting with one of `skip`, in key order.
pub async fn export<S: StateRead>(state: &S, prefix: &str, skip: &[&str]) -> SdkResult<Vec<Record>> {
    let root = format!("{prefix}/");
    let mut stream = std::pin::pin!(state.prefix_raw(&root));
    let mut out = Vec::new();
    while let Some(item) = stream.next().await {
        let (key, value) = item.map_err(SdkError::internal)?;
        let key = key[root.len()..].to_string();
        if skip.iter().any(|s| key.starts_with(s)) {
            continue;
        }
        out.push(Record { key, value: base64::engine::general_purpose::STANDARD.encode(value) });
    }
    Ok(out)
}

/// Checks records before any is written: known key families (`allowed` prefixes), base64 values,
/// no key twice.
pub fn validate(records: &[Record], allowed: &[&str]) -> SdkResult<()> {
    let mut seen = std::collections::BTreeSet::new();
    for r in records {
        if !allowed.iter().any(|a| r.key.starts_with(a)) {
            return Err(SdkError::new(Code::InvalidRequest, format!("genesis record {:?} is of no known kind", r.key)));
        }
        base64::engine::general_purpose::STANDARD
            .decode(&r.value)
            .map_err(|_| SdkError::new(Code::InvalidRequest, format!("genesis record {:?} is not base64", r.key)))?;
        if !seen.insert(&r.key) {
            return Err(SdkError::new(Code::InvalidRequest, format!("genesis record {:?} appears twice", r.key)));
        }
    }
    Ok(())
}

/// Writes the records under `prefix/` (validate them first).
pub fn import<S: StateWrite>(state: &mut S, prefix: &str, records: &[Record]) -> SdkResult<()> {
    for r in records {
        let value = base64::engine::general_purpose::STANDARD
            .decode(&r.value)
            .map_err(|_| SdkError::new(Code::InvalidRequest, format!("genesis record {:?} is not base64", r.key)))?;
        state.put_bytes(format!("{prefix}/{}", r.key), value)?;
    }
    Ok(())
}
