//! Typed reads and writes of slashing state. Reads are public ([`SlashingRead`]); writers are
//! private to the module.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as pb;
use futures::StreamExt;
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{ConsAddress, SdkError, SdkResult};
use tendermint::Time;

use crate::{keys, Params};

pub(crate) fn corrupt(key: &str) -> SdkError {
    SdkError::internal(format!("corrupt slashing value at {key}"))
}

/// A validator's liveness record (`ValidatorSigningInfo`), kept from its first bonding on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningInfo {
    pub address: ConsAddress,
    /// The height it (last) bonded at: downtime counts only a full window after it.
    pub start_height: u64,
    /// How many of its votes were counted since the window last restarted.
    pub index_offset: u64,
    pub jailed_until: Time,
    pub tombstoned: bool,
    pub missed_blocks_counter: u64,
}

/// The SDK's "jailed forever" (`DoubleSignJailEndTime`): 9999-12-31T23:59:59Z.
pub fn double_sign_jail_end() -> Time {
    Time::from_unix_timestamp(253_402_300_799, 0).unwrap_or_else(|_| Time::unix_epoch())
}

impl SigningInfo {
    pub fn new(address: ConsAddress, start_height: u64) -> Self {
        Self {
            address,
            start_height,
            index_offset: 0,
            jailed_until: Time::unix_epoch(),
            tombstoned: false,
            missed_blocks_counter: 0,
        }
    }

    pub fn to_proto(&self) -> pb::ValidatorSigningInfo {
        pb::ValidatorSigningInfo {
            address: self.address.to_string(),
            start_height: self.start_height as i64,
            index_offset: self.index_offset as i64,
            jailed_until: Some(self.jailed_until.into()),
            tombstoned: self.tombstoned,
            missed_blocks_counter: self.missed_blocks_counter as i64,
        }
    }

    pub fn from_proto(p: &pb::ValidatorSigningInfo) -> SdkResult<Self> {
        let bad = || SdkError::internal(format!("corrupt signing info of {}", p.address));
        let jailed_until = Time::try_from(p.jailed_until.unwrap_or_default()).map_err(|_| bad())?;
        Ok(Self {
            address: p.address.parse().map_err(|_| bad())?,
            start_height: u64::try_from(p.start_height).map_err(|_| bad())?,
            index_offset: u64::try_from(p.index_offset).map_err(|_| bad())?,
            jailed_until,
            tombstoned: p.tombstoned,
            missed_blocks_counter: u64::try_from(p.missed_blocks_counter).map_err(|_| bad())?,
        })
    }
}

#[async_trait]
pub trait SlashingRead: StateRead {
    async fn slashing_params(&self) -> SdkResult<Params> {
        let key = keys::params();
        let proto: pb::Params =
            self.get_proto(&key).await?.ok_or_else(|| SdkError::internal("slashing params missing"))?;
        Params::from_proto(&proto).map_err(|_| corrupt(&key))
    }

    async fn signing_info(&self, cons: &ConsAddress) -> SdkResult<Option<SigningInfo>> {
        match self.get_proto::<pb::ValidatorSigningInfo>(&keys::signing_info(cons)).await? {
            None => Ok(None),
            Some(p) => SigningInfo::from_proto(&p).map(Some),
        }
    }

    /// Whether the validator missed the block at window index `index`.
    async fn missed_at(&self, cons: &ConsAddress, index: u64) -> SdkResult<bool> {
        Ok(self.get_raw(&keys::missed(cons, index)).await?.is_some())
    }

    /// The window indexes at which the validator missed a block, ascending.
    async fn missed_indexes(&self, cons: &ConsAddress) -> SdkResult<Vec<u64>> {
        let prefix = keys::missed_of(cons);
        let mut stream = std::pin::pin!(self.prefix_keys(&prefix));
        let mut out = Vec::new();
        while let Some(key) = stream.next().await {
            let key = key?;
            out.push(key[prefix.len()..].parse().map_err(|_| corrupt(&key))?);
        }
        Ok(out)
    }
}

impl<S: StateRead + ?Sized> SlashingRead for S {}

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}

pub(crate) fn put_signing_info<S: StateWrite + ?Sized>(state: &mut S, info: &SigningInfo) -> SdkResult<()> {
    state.put_proto(keys::signing_info(&info.address), &info.to_proto())
}

pub(crate) fn set_missed<S: StateWrite + ?Sized>(
    state: &mut S,
    cons: &ConsAddress,
    index: u64,
    missed: bool,
) -> SdkResult<()> {
    if missed {
        state.put_bytes(keys::missed(cons, index), vec![1])
    } else {
        state.remove(keys::missed(cons, index))
    }
}

/// Forgets every missed block of the validator (after a downtime jail).
pub(crate) async fn clear_missed<S: StateWrite + ?Sized>(state: &mut S, cons: &ConsAddress) -> SdkResult<()> {
    for index in state.missed_indexes(cons).await? {
        state.remove(keys::missed(cons, index))?;
    }
    Ok(())
}

pub(crate) fn put_evidence<S: StateWrite + ?Sized>(
    state: &mut S,
    hash: &[u8],
    e: &cosmos_sdk_proto::cosmos::evidence::v1beta1::Equivocation,
) -> SdkResult<()> {
    state.put_proto(keys::evidence(hash), e)
}
