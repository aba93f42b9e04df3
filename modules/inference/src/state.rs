//! Typed reads and writes of inference state: reads public ([`InferenceRead`]), writers private.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{SdkError, SdkResult};
use symbiote_proto::symbiote::inference::v1 as pb;

use crate::{keys, Params};

#[async_trait]
pub trait InferenceRead: StateRead {
    async fn inference_params(&self) -> SdkResult<Params> {
        let key = keys::params();
        let proto: pb::Params =
            self.get_proto(&key).await?.ok_or_else(|| SdkError::internal("inference params missing"))?;
        Params::from_proto(&proto)
    }

    async fn trace(&self, id: &[u8]) -> SdkResult<Option<pb::Trace>> {
        self.get_proto(&keys::trace(id)).await
    }
}

impl<S: StateRead + ?Sized> InferenceRead for S {}

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}

/// Stores a trace under its id (its canonical bytes, so the stored value hashes to the key), and
/// its entries in the by-model and by-requester indexes.
pub(crate) fn put_trace<S: StateWrite + ?Sized>(state: &mut S, id: &[u8], trace: &pb::Trace) -> SdkResult<()> {
    let version: u32 = trace.model_version.parse().map_err(|_| SdkError::internal("a chain trace's version"))?;
    state.put_bytes(keys::entry(&keys::by_model(&trace.model_name, Some(version)), trace.height, id), vec![])?;
    state.put_bytes(keys::entry(&keys::by_requester(&trace.requester), trace.height, id), vec![])?;
    state.put_bytes(keys::trace(id), symbiote_engine::trace::encode(trace))
}
