//! Typed reads (public) and writes (private to the module) of the example module's state, all
//! protobuf values.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{SdkError, SdkResult};
use symbiote_proto::symbiote::example::v1 as pb;

use crate::{keys, Params};

#[async_trait]
pub trait ExampleRead: StateRead {
    async fn example_value(&self, key: &str) -> SdkResult<Option<String>> {
        Ok(self.get_proto::<pb::Entry>(&keys::value(key)).await?.map(|e| e.value))
    }

    async fn example_params(&self) -> SdkResult<Params> {
        let proto: pb::Params = self
            .get_proto(&keys::params())
            .await?
            .ok_or_else(|| SdkError::internal("example params missing from state"))?;
        Ok(Params::from_proto(&proto))
    }

    async fn block_counters(&self) -> SdkResult<pb::BlockCounters> {
        Ok(self.get_proto(&keys::counters()).await?.unwrap_or_default())
    }

    async fn pending_block_gas(&self) -> SdkResult<Option<i64>> {
        Ok(self.get_proto::<pb::PendingBlockGas>(&keys::pending_block_gas()).await?.map(|p| p.max_gas))
    }

    async fn pending_validator_updates(&self) -> SdkResult<Vec<pb::PendingValidatorUpdate>> {
        Ok(self.get_proto::<pb::PendingValidatorUpdates>(&keys::pending_updates()).await?.unwrap_or_default().updates)
    }
}

impl<S: StateRead + ?Sized> ExampleRead for S {}

pub(crate) fn put_value<S: StateWrite + ?Sized>(state: &mut S, key: &str, value: &str) -> SdkResult<()> {
    state.put_proto(keys::value(key), &pb::Entry { key: key.into(), value: value.into() })
}

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}

pub(crate) fn put_counters<S: StateWrite + ?Sized>(state: &mut S, counters: &pb::BlockCounters) -> SdkResult<()> {
    state.put_proto(keys::counters(), counters)
}

pub(crate) fn put_pending<S: StateWrite + ?Sized>(
    state: &mut S,
    updates: Vec<pb::PendingValidatorUpdate>,
) -> SdkResult<()> {
    if updates.is_empty() {
        state.remove(keys::pending_updates())
    } else {
        state.put_proto(keys::pending_updates(), &pb::PendingValidatorUpdates { updates })
    }
}

pub(crate) fn put_pending_block_gas<S: StateWrite + ?Sized>(state: &mut S, max_gas: Option<i64>) -> SdkResult<()> {
    match max_gas {
        Some(max_gas) => state.put_proto(keys::pending_block_gas(), &pb::PendingBlockGas { max_gas }),
        None => state.remove(keys::pending_block_gas()),
    }
}
