//! Typed reads and writes of mint state. Reads are public ([`MintRead`]); the writers are private
//! to the module: the minter changes only in the begin-block hook, the params only at genesis and
//! through `MsgUpdateParams`.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::mint::v1beta1 as pb;
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{SdkError, SdkResult};

use crate::{keys, Minter, Params};

#[async_trait]
pub trait MintRead: StateRead {
    async fn minter(&self) -> SdkResult<Minter> {
        let proto: pb::Minter = self
            .get_proto(&keys::minter())
            .await?
            .ok_or_else(|| SdkError::internal("mint minter missing from state"))?;
        Minter::from_proto(&proto).map_err(|e| SdkError::internal(format!("corrupt mint minter: {}", e.log)))
    }

    async fn mint_params(&self) -> SdkResult<Params> {
        let proto: pb::Params = self
            .get_proto(&keys::params())
            .await?
            .ok_or_else(|| SdkError::internal("mint params missing from state"))?;
        Params::from_proto(&proto).map_err(|e| SdkError::internal(format!("corrupt mint params: {}", e.log)))
    }
}

impl<S: StateRead + ?Sized> MintRead for S {}

// ---- writers, private to the module ----

pub(crate) fn put_minter<S: StateWrite + ?Sized>(state: &mut S, minter: &Minter) -> SdkResult<()> {
    state.put_proto(keys::minter(), &minter.to_proto())
}

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}
