//! Typed reads of ICS-20 state; the writers are private to the module (the app's token moves and
//! genesis).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use ibc_proto::ibc::applications::transfer::v1 as pb;
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{Amount, SdkError, SdkResult};

use crate::{keys, Params};

#[async_trait]
pub trait TransferRead: StateRead {
    async fn transfer_params(&self) -> SdkResult<Params> {
        let proto: pb::Params = self
            .get_proto(&keys::params())
            .await?
            .ok_or_else(|| SdkError::internal("transfer params missing from state"))?;
        Ok(Params::from_proto(&proto))
    }

    /// The trace of voucher `ibc/{hash}`.
    async fn denom_trace(&self, hash: &str) -> SdkResult<Option<pb::DenomTrace>> {
        self.get_proto(&keys::denom_trace(hash)).await
    }

    /// How much of native `denom` all escrow accounts hold together.
    async fn total_escrow(&self, denom: &str) -> SdkResult<Amount> {
        match self.get_raw(&keys::total_escrow(denom)).await? {
            None => Ok(Amount::ZERO),
            Some(bytes) => std::str::from_utf8(&bytes)
                .ok()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| SdkError::internal(format!("corrupt escrow total of {denom}"))),
        }
    }
}

impl<S: StateRead + ?Sized> TransferRead for S {}

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}

pub(crate) fn put_denom_trace<S: StateWrite + ?Sized>(
    state: &mut S,
    hash: &str,
    trace: &pb::DenomTrace,
) -> SdkResult<()> {
    state.put_proto(keys::denom_trace(hash), trace)
}

/// Decimal text, as the amount's own form (a U256 does not fit the SDK's u64 encodings).
pub(crate) fn put_total_escrow<S: StateWrite + ?Sized>(state: &mut S, denom: &str, amount: Amount) -> SdkResult<()> {
    if amount.is_zero() {
        state.remove(keys::total_escrow(denom))
    } else {
        state.put_bytes(keys::total_escrow(denom), amount.to_string().into_bytes())
    }
}
