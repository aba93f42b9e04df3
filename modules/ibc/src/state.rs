//! Typed reads of the module's own state (the ICS-24 paths are read and written by ibc-rs through
//! [`crate::ctx::IbcContext`]); the params writer is private to the module (genesis only).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use ibc_proto::ibc::core::connection::v1 as pb;
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{SdkError, SdkResult};

use crate::{keys, Params};

#[async_trait]
pub trait IbcRead: StateRead {
    /// A channel end (ibc-go's `Channel`), if it exists.
    async fn channel_end(
        &self,
        port: &str,
        channel: &str,
    ) -> SdkResult<Option<ibc_proto::ibc::core::channel::v1::Channel>> {
        self.get_proto(&format!("{}/channelEnds/ports/{port}/channels/{channel}", crate::host::STORE)).await
    }

    async fn ibc_params(&self) -> SdkResult<Params> {
        let proto: pb::Params = self
            .get_proto(&keys::params())
            .await?
            .ok_or_else(|| SdkError::internal("ibc params missing from state"))?;
        Params::from_proto(&proto).map_err(|e| SdkError::internal(format!("corrupt ibc params: {}", e.log)))
    }
}

impl<S: StateRead + ?Sized> IbcRead for S {}

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}
