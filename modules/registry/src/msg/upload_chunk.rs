//! `MsgUploadChunk`: part of a model too large for one tx, stored under its SHA-256 until a
//! registration uses it or `upload_expiry_blocks` pass. Stateless (a 32-byte hash that the data
//! has: a tampered chunk is refused, code 6) → stateful (within `max_chunk_bytes`, code 7) →
//! execute (stored, or its expiry refreshed if pending; a chunk a version already keeps is left
//! as it is). Content-addressed, so anyone's upload of the same bytes serves every registration.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use sha2::{Digest, Sha256};
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::registry::v1 as pb;

use crate::state::{self, RegistryRead};
use crate::{errors, events};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgUploadChunk {
    pub uploader: Address,
    pub sha256: Vec<u8>,
    pub data: Vec<u8>,
}

#[async_trait]
impl MsgHandler for MsgUploadChunk {
    const TYPE_URL: &'static str = "/symbiote.registry.v1.MsgUploadChunk";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.registry.v1.MsgUploadChunkResponse";
    type Proto = pb::MsgUploadChunk;
    type Response = pb::MsgUploadChunkResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { uploader: p.uploader.parse()?, sha256: p.sha256, data: p.data })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgUploadChunk { uploader: self.uploader.to_string(), sha256: self.sha256.clone(), data: self.data.clone() }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.uploader]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.data.is_empty() {
            return Err(errors::chunk_hash_mismatch("a chunk holds at least one byte"));
        }
        let actual = Sha256::digest(&self.data);
        if self.sha256.as_slice() != actual.as_slice() {
            return Err(errors::chunk_hash_mismatch(format!(
                "declared {}, the data hashes to {}",
                hex::encode(&self.sha256),
                hex::encode(actual)
            )));
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        let params = state.registry_params().await?;
        if self.data.len() as u64 > params.max_chunk_bytes {
            return Err(errors::chunk_too_large(format!(
                "{} bytes, over the {}-byte limit",
                self.data.len(),
                params.max_chunk_bytes
            )));
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let kept = state.chunk(&self.sha256).await?.is_some() && state.pending_chunk(&self.sha256).await?.is_none();
        if kept {
            // Already part of a registered version: kept for good, nothing to expire.
            return Ok(pb::MsgUploadChunkResponse { expires_height: 0 });
        }
        let params = state.registry_params().await?;
        let chunk = pb::PendingChunk {
            sha256: self.sha256.clone(),
            uploader: self.uploader.to_string(),
            size: self.data.len() as u64,
            expires_height: ctx.height.saturating_add(params.upload_expiry_blocks),
        };
        state::put_pending_chunk(state, &chunk, self.data.clone()).await?;
        state.record(events::chunk_uploaded(&chunk));
        Ok(pb::MsgUploadChunkResponse { expires_height: chunk.expires_height })
    }
}
