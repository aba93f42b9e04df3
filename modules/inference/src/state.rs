//! Typed reads and writes of inference state: reads public ([`InferenceRead`]), writers private.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{Address, Coins, SdkError, SdkResult};
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

    /// Inference rewards accrued to `address` and not yet withdrawn.
    async fn rewards(&self, address: &Address) -> SdkResult<Coins> {
        let stored: Option<pb::Rewards> = self.get_proto(&keys::rewards(address)).await?;
        match stored {
            None => Ok(Coins::new()),
            Some(r) => Coins::from_proto_strict(&r.amount).map_err(|_| SdkError::internal("corrupt accrued rewards")),
        }
    }

    /// Engine cost run so far in the block at `height` (block-scoped: never stored, so it is not
    /// part of the app hash; it starts from zero in each block).
    fn block_cost(&self, height: u64) -> u64 {
        match self.object_get::<(u64, u64)>(BLOCK_COST) {
            Some((h, used)) if h == height => used,
            _ => 0,
        }
    }
}

impl<S: StateRead + ?Sized> InferenceRead for S {}

const BLOCK_COST: &str = "inference/block_cost";

pub(crate) fn add_block_cost<S: StateWrite + ?Sized>(state: &mut S, height: u64, cost: u64) {
    let used = state.block_cost(height).saturating_add(cost);
    state.object_put(BLOCK_COST, (height, used));
}

pub(crate) fn put_rewards<S: StateWrite + ?Sized>(state: &mut S, address: &Address, amount: &Coins) -> SdkResult<()> {
    state.put_proto(keys::rewards(address), &pb::Rewards { amount: amount.to_proto() })
}

pub(crate) fn delete_rewards<S: StateWrite + ?Sized>(state: &mut S, address: &Address) -> SdkResult<()> {
    state.remove(keys::rewards(address))
}

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
