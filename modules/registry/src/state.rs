//! Typed reads and writes of registry state. Reads are public ([`RegistryRead`], including
//! [`RegistryRead::resolve`] and [`RegistryRead::model_bytes`], which the inference module uses);
//! writers are private to the module.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use futures::StreamExt;
use sha2::Digest;
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{SdkError, SdkResult};
use symbiote_proto::symbiote::registry::v1 as pb;

use crate::refs::ModelRef;
use crate::{errors, keys, Params};

pub(crate) fn corrupt(what: &str) -> SdkError {
    SdkError::internal(format!("corrupt registry state: {what}"))
}

/// A reference resolved at this block.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub version: pb::ModelVersion,
    /// The alias the reference went through, if any.
    pub alias: Option<String>,
}

#[async_trait]
pub trait RegistryRead: StateRead {
    async fn registry_params(&self) -> SdkResult<Params> {
        let key = keys::params();
        let proto: pb::Params =
            self.get_proto(&key).await?.ok_or_else(|| SdkError::internal("registry params missing"))?;
        Params::from_proto(&proto).map_err(|_| corrupt(&key))
    }

    async fn model(&self, name: &str) -> SdkResult<Option<pb::Model>> {
        self.get_proto(&keys::model(name)).await
    }

    async fn existing_model(&self, name: &str) -> SdkResult<pb::Model> {
        self.model(name).await?.ok_or_else(|| errors::unknown_model(format!("no model named {name:?}")))
    }

    async fn model_version(&self, name: &str, version: u32) -> SdkResult<Option<pb::ModelVersion>> {
        self.get_proto(&keys::version(name, version)).await
    }

    async fn existing_version(&self, name: &str, version: u32) -> SdkResult<pb::ModelVersion> {
        self.model_version(name, version)
            .await?
            .ok_or_else(|| errors::unknown_version(format!("model {name:?} has no version {version}")))
    }

    /// Which version holds the bytes with this SHA-256.
    async fn version_by_id(&self, model_id: &[u8]) -> SdkResult<Option<pb::ModelVersion>> {
        match self.get_proto::<pb::Alias>(&keys::by_id(model_id)).await? {
            None => Ok(None),
            Some(a) => Ok(Some(
                self.model_version(&a.name, a.version)
                    .await?
                    .ok_or_else(|| corrupt("model id of a missing version"))?,
            )),
        }
    }

    async fn alias(&self, name: &str, alias: &str) -> SdkResult<Option<pb::Alias>> {
        self.get_proto(&keys::alias(name, alias)).await
    }

    /// The model's aliases, by alias name.
    async fn aliases(&self, name: &str) -> SdkResult<Vec<pb::Alias>> {
        self.protos_under(&keys::aliases(name)).await
    }

    /// Every move of the model's aliases, oldest first.
    async fn alias_history(&self, name: &str) -> SdkResult<Vec<pb::AliasChange>> {
        self.protos_under(&keys::alias_history(name)).await
    }

    async fn protos_under<T: prost::Message + Default>(&self, prefix: &str) -> SdkResult<Vec<T>> {
        let mut stream = std::pin::pin!(self.prefix_raw(prefix));
        let mut out = Vec::new();
        while let Some(item) = stream.next().await {
            let (key, bytes) = item?;
            out.push(T::decode(bytes.as_slice()).map_err(|_| corrupt(&key))?);
        }
        Ok(out)
    }

    async fn chunk(&self, sha: &[u8]) -> SdkResult<Option<Vec<u8>>> {
        Ok(self.get_raw(&keys::chunk(sha)).await?)
    }

    async fn pending_chunk(&self, sha: &[u8]) -> SdkResult<Option<pb::PendingChunk>> {
        self.get_proto(&keys::pending(sha)).await
    }

    /// `name@alias`, `name:N` or a model id, at this block; coded errors for what does not exist.
    async fn resolve(&self, reference: &str) -> SdkResult<Resolved> {
        match ModelRef::parse(reference)? {
            ModelRef::Alias { name, alias } => {
                self.existing_model(&name).await?;
                let a = self
                    .alias(&name, &alias)
                    .await?
                    .ok_or_else(|| errors::unknown_alias(format!("model {name:?} has no alias {alias:?}")))?;
                let version =
                    self.model_version(&name, a.version).await?.ok_or_else(|| corrupt("alias to a missing version"))?;
                Ok(Resolved { version, alias: Some(alias) })
            }
            ModelRef::Version { name, version } => {
                self.existing_model(&name).await?;
                Ok(Resolved { version: self.existing_version(&name, version).await?, alias: None })
            }
            ModelRef::Id(id) => {
                let version = self
                    .version_by_id(&id)
                    .await?
                    .ok_or_else(|| errors::unknown_model(format!("no version has model id {}", hex::encode(id))))?;
                Ok(Resolved { version, alias: None })
            }
        }
    }

    /// The whole ONNX bytes of a version, checked against its model id.
    async fn model_bytes(&self, version: &pb::ModelVersion) -> SdkResult<Vec<u8>> {
        let mut bytes = Vec::with_capacity(usize::try_from(version.size_bytes).unwrap_or(0));
        for sha in &version.chunks {
            bytes.extend(self.chunk(sha).await?.ok_or_else(|| corrupt("a version's chunk is missing"))?);
        }
        if sha2::Sha256::digest(&bytes).as_slice() != version.model_id.as_slice() {
            return Err(corrupt("a version's chunks do not hash to its model id"));
        }
        Ok(bytes)
    }
}

impl<S: StateRead + ?Sized> RegistryRead for S {}

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}

pub(crate) fn put_model<S: StateWrite + ?Sized>(state: &mut S, model: &pb::Model) -> SdkResult<()> {
    state.put_proto(keys::model(&model.name), model)
}

/// Stores a version and its model-id index (new versions only: versions are immutable except
/// for deprecation).
pub(crate) fn put_version<S: StateWrite + ?Sized>(state: &mut S, v: &pb::ModelVersion) -> SdkResult<()> {
    let index = pb::Alias { name: v.name.clone(), alias: String::new(), version: v.version };
    state.put_proto(keys::by_id(&v.model_id), &index)?;
    state.put_proto(keys::version(&v.name, v.version), v)
}

pub(crate) fn put_alias<S: StateWrite + ?Sized>(state: &mut S, alias: &pb::Alias) -> SdkResult<()> {
    state.put_proto(keys::alias(&alias.name, &alias.alias), alias)
}

pub(crate) fn remove_alias<S: StateWrite + ?Sized>(state: &mut S, name: &str, alias: &str) -> SdkResult<()> {
    state.remove(keys::alias(name, alias))
}

/// Appends to the model's alias history.
pub(crate) async fn push_alias_change<S: StateWrite + ?Sized>(
    state: &mut S,
    name: &str,
    change: &pb::AliasChange,
) -> SdkResult<()> {
    let seq = state.alias_history(name).await?.len() as u64;
    state.put_proto(keys::alias_change(name, seq), change)
}

/// Stores an uploaded chunk (or refreshes its expiry if it is already pending).
pub(crate) async fn put_pending_chunk<S: StateWrite + ?Sized>(
    state: &mut S,
    chunk: &pb::PendingChunk,
    data: Vec<u8>,
) -> SdkResult<()> {
    if let Some(old) = state.pending_chunk(&chunk.sha256).await? {
        state.remove(keys::expiry(old.expires_height, &old.sha256))?;
    } else {
        state.put_bytes(keys::chunk(&chunk.sha256), data)?;
    }
    state.put_bytes(keys::expiry(chunk.expires_height, &chunk.sha256), vec![])?;
    state.put_proto(keys::pending(&chunk.sha256), chunk)
}

/// A registered version uses the chunk: it stays for good.
pub(crate) async fn keep_chunk<S: StateWrite + ?Sized>(state: &mut S, sha: &[u8]) -> SdkResult<()> {
    if let Some(p) = state.pending_chunk(sha).await? {
        state.remove(keys::expiry(p.expires_height, sha))?;
        state.remove(keys::pending(sha))?;
    }
    Ok(())
}

/// Deletes every pending chunk whose expiry height is at or below `height`; returns how many.
pub(crate) async fn expire_chunks<S: StateWrite + ?Sized>(state: &mut S, height: u64) -> SdkResult<u64> {
    let prefix = keys::expiries();
    let mut due = Vec::new();
    {
        let mut stream = std::pin::pin!(state.prefix_keys(&prefix));
        while let Some(key) = stream.next().await {
            let key = key?;
            let rest = &key[prefix.len()..];
            let (h, sha) = rest.split_once('/').ok_or_else(|| corrupt(&key))?;
            let h: u64 = h.parse().map_err(|_| corrupt(&key))?;
            // Keys sort by zero-padded height: the first one not due ends the scan.
            if h > height {
                break;
            }
            due.push((key.clone(), hex::decode(sha).map_err(|_| corrupt(&key))?));
        }
    }
    for (key, sha) in &due {
        state.remove(key.clone())?;
        state.remove(keys::pending(sha))?;
        state.remove(keys::chunk(sha))?;
    }
    Ok(due.len() as u64)
}
