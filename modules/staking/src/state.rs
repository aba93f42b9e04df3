//! Typed reads and writes of staking state. Reads are public ([`StakingRead`]): slashing,
//! distribution and governance read validators and delegations. Writers are private to the
//! module: every change goes through an operation that keeps pools, indexes and hooks in step
//! (`bonding`, `unbonding`, `validator_set`).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use futures::StreamExt;
use symbiote_core::module_account::{BONDED_POOL, NOT_BONDED_POOL};
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{Address, Amount, ConsAddress, SdkError, SdkResult, ValAddress};

use crate::delegation::{Delegation, Redelegation, UnbondingDelegation};
use crate::time::nanos;
use crate::validator::Validator;
use crate::{keys, Params};

pub fn bonded_pool() -> Address {
    Address::module(BONDED_POOL)
}

pub fn not_bonded_pool() -> Address {
    Address::module(NOT_BONDED_POOL)
}

fn corrupt(key: &str) -> SdkError {
    SdkError::internal(format!("corrupt staking value at {key}"))
}

#[async_trait]
pub trait StakingRead: StateRead {
    async fn staking_params(&self) -> SdkResult<Params> {
        let proto: pb::Params =
            self.get_proto(&keys::params()).await?.ok_or_else(|| SdkError::internal("staking params missing"))?;
        Params::from_proto(&proto).map_err(|e| SdkError::internal(format!("corrupt staking params: {}", e.log)))
    }

    async fn validator(&self, op: &ValAddress) -> SdkResult<Option<Validator>> {
        match self.get_proto::<pb::Validator>(&keys::validator(op)).await? {
            Some(p) => Validator::from_proto(&p).map(Some),
            None => Ok(None),
        }
    }

    /// The validator, or staking code 3.
    async fn existing_validator(&self, op: &ValAddress) -> SdkResult<Validator> {
        self.validator(op).await?.ok_or_else(crate::errors::no_validator_found)
    }

    async fn validator_by_cons(&self, cons: &ConsAddress) -> SdkResult<Option<Validator>> {
        let key = keys::validator_by_cons(cons);
        match self.get_raw(&key).await? {
            None => Ok(None),
            Some(bytes) => {
                let op = ValAddress::from_account(Address::from_bytes_slice(&bytes).map_err(|_| corrupt(&key))?);
                Ok(Some(self.validator(&op).await?.ok_or_else(|| corrupt(&key))?))
            }
        }
    }

    async fn delegation(&self, del: &Address, op: &ValAddress) -> SdkResult<Option<Delegation>> {
        match self.get_proto::<pb::Delegation>(&keys::delegation(del, op)).await? {
            Some(p) => Delegation::from_proto(&p).map(Some),
            None => Ok(None),
        }
    }

    async fn unbonding_delegation(&self, del: &Address, op: &ValAddress) -> SdkResult<Option<UnbondingDelegation>> {
        match self.get_proto::<pb::UnbondingDelegation>(&keys::ubd(del, op)).await? {
            Some(p) => UnbondingDelegation::from_proto(&p).map(Some),
            None => Ok(None),
        }
    }

    async fn redelegation(&self, del: &Address, src: &ValAddress, dst: &ValAddress) -> SdkResult<Option<Redelegation>> {
        match self.get_proto::<pb::Redelegation>(&keys::red(del, src, dst)).await? {
            Some(p) => Redelegation::from_proto(&p).map(Some),
            None => Ok(None),
        }
    }

    /// Whether `del` has a redelegation in progress into `dst` (which may then not be redelegated
    /// from: no transitive redelegation).
    async fn has_receiving_redelegation(&self, del: &Address, dst: &ValAddress) -> SdkResult<bool> {
        let mut keys = std::pin::pin!(self.prefix_keys(&keys::reds_into_of(dst, del)));
        Ok(keys.next().await.transpose()?.is_some())
    }

    /// Power of `op` at the last validator-set update, if it was in the set.
    async fn last_validator_power(&self, op: &ValAddress) -> SdkResult<Option<u64>> {
        self.get_u64(&keys::last_power(op)).await
    }

    /// Every validator in the last set with its power, by operator address.
    async fn last_validator_powers(&self) -> SdkResult<Vec<(ValAddress, u64)>> {
        let prefix = keys::last_powers();
        let mut stream = std::pin::pin!(self.prefix_raw(&prefix));
        let mut out = Vec::new();
        while let Some(item) = stream.next().await {
            let (key, value) = item?;
            let op = ValAddress::from_hex(&key[prefix.len()..]).ok_or_else(|| corrupt(&key))?;
            out.push((op, symbiote_core::store::decode_u64(&key, &value)?));
        }
        Ok(out)
    }

    async fn last_total_power(&self) -> SdkResult<Amount> {
        let key = keys::last_total_power();
        match self.get_raw(&key).await? {
            None => Ok(Amount::ZERO),
            Some(bytes) => std::str::from_utf8(&bytes).ok().and_then(|s| s.parse().ok()).ok_or_else(|| corrupt(&key)),
        }
    }

    async fn historical_info(&self, height: u64) -> SdkResult<Option<pb::HistoricalInfo>> {
        self.get_proto(&keys::historical(height)).await
    }

    /// Every validator, by operator address.
    async fn all_validators(&self) -> SdkResult<Vec<Validator>> {
        let mut stream = std::pin::pin!(self.prefix_raw(&keys::validators()));
        let mut out = Vec::new();
        while let Some(item) = stream.next().await {
            let (key, value) = item?;
            let p: pb::Validator = prost::Message::decode(value.as_slice()).map_err(|_| corrupt(&key))?;
            out.push(Validator::from_proto(&p)?);
        }
        Ok(out)
    }

    /// Every delegation of `del`, by validator address.
    async fn delegations_of(&self, del: &Address) -> SdkResult<Vec<Delegation>> {
        let mut stream = std::pin::pin!(self.prefix_raw(&keys::delegations_of(del)));
        let mut out = Vec::new();
        while let Some(item) = stream.next().await {
            let (key, value) = item?;
            let p: pb::Delegation = prost::Message::decode(value.as_slice()).map_err(|_| corrupt(&key))?;
            out.push(Delegation::from_proto(&p)?);
        }
        Ok(out)
    }

    /// The delegators of `op`, by address.
    async fn delegators_of(&self, op: &ValAddress) -> SdkResult<Vec<Address>> {
        let prefix = keys::delegations_to(op);
        let mut stream = std::pin::pin!(self.prefix_keys(&prefix));
        let mut out = Vec::new();
        while let Some(key) = stream.next().await {
            let key = key?;
            out.push(Address::from_hex(&key[prefix.len()..]).ok_or_else(|| corrupt(&key))?);
        }
        Ok(out)
    }

    /// The delegators with an unbonding delegation from `op`, by address.
    async fn unbonding_delegators_of(&self, op: &ValAddress) -> SdkResult<Vec<Address>> {
        let prefix = keys::ubds_from(op);
        let mut stream = std::pin::pin!(self.prefix_keys(&prefix));
        let mut out = Vec::new();
        while let Some(key) = stream.next().await {
            let key = key?;
            out.push(Address::from_hex(&key[prefix.len()..]).ok_or_else(|| corrupt(&key))?);
        }
        Ok(out)
    }

    /// (delegator, destination) of every redelegation from `src`, in key order.
    async fn redelegations_from(&self, src: &ValAddress) -> SdkResult<Vec<(Address, ValAddress)>> {
        let prefix = keys::reds_from(src);
        let mut stream = std::pin::pin!(self.prefix_keys(&prefix));
        let mut out = Vec::new();
        while let Some(key) = stream.next().await {
            let key = key?;
            let pair = key[prefix.len()..]
                .split_once('/')
                .and_then(|(d, v)| Some((Address::from_hex(d)?, ValAddress::from_hex(v)?)))
                .ok_or_else(|| corrupt(&key))?;
            out.push(pair);
        }
        Ok(out)
    }

    /// The power index in order — descending potential power (tokens / 10^6, from the key),
    /// then ascending operator address — as (power, operator); jailed validators are not in it.
    fn power_index_stream(&self) -> futures::stream::BoxStream<'static, SdkResult<(u64, ValAddress)>> {
        let prefix = keys::power_index_all();
        self.prefix_keys(&prefix)
            .map(move |item| {
                let key = item?;
                keys::parse_power_index(&key).ok_or_else(|| corrupt(&key))
            })
            .boxed()
    }
}

impl<S: StateRead + ?Sized> StakingRead for S {}

// ---- writers, private to the module ----

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}

pub(crate) fn put_validator<S: StateWrite + ?Sized>(state: &mut S, v: &Validator) -> SdkResult<()> {
    state.put_proto(keys::validator(&v.operator_address), &v.to_proto())
}

pub(crate) fn put_validator_by_cons<S: StateWrite + ?Sized>(state: &mut S, v: &Validator) -> SdkResult<()> {
    state.put_bytes(keys::validator_by_cons(&v.cons_address()), v.operator_address.as_bytes().to_vec())
}

/// Indexes the validator by its current potential power, unless it is jailed.
pub(crate) fn set_power_index<S: StateWrite + ?Sized>(state: &mut S, v: &Validator) -> SdkResult<()> {
    if v.jailed {
        return Ok(());
    }
    state.put_bytes(keys::power_index(v.potential_power(), &v.operator_address), vec![])
}

/// Removes the index entry for the validator's current tokens (call before changing them).
pub(crate) fn delete_power_index<S: StateWrite + ?Sized>(state: &mut S, v: &Validator) -> SdkResult<()> {
    state.remove(keys::power_index(v.potential_power(), &v.operator_address))
}

/// Deletes a validator record and its indexes.
pub(crate) fn delete_validator<S: StateWrite + ?Sized>(state: &mut S, v: &Validator) -> SdkResult<()> {
    state.remove(keys::validator(&v.operator_address))?;
    state.remove(keys::validator_by_cons(&v.cons_address()))?;
    delete_power_index(state, v)
}

pub(crate) fn set_last_power<S: StateWrite + ?Sized>(state: &mut S, op: &ValAddress, power: u64) -> SdkResult<()> {
    state.put_u64(keys::last_power(op), power)
}

pub(crate) fn delete_last_power<S: StateWrite + ?Sized>(state: &mut S, op: &ValAddress) -> SdkResult<()> {
    state.remove(keys::last_power(op))
}

pub(crate) fn set_last_total_power<S: StateWrite + ?Sized>(state: &mut S, power: Amount) -> SdkResult<()> {
    state.put_bytes(keys::last_total_power(), power.to_string().into_bytes())
}

pub(crate) fn put_delegation<S: StateWrite + ?Sized>(state: &mut S, d: &Delegation) -> SdkResult<()> {
    state.put_proto(keys::delegation(&d.delegator_address, &d.validator_address), &d.to_proto())?;
    state.put_bytes(keys::delegation_by_val(&d.validator_address, &d.delegator_address), vec![])
}

pub(crate) fn delete_delegation<S: StateWrite + ?Sized>(state: &mut S, d: &Delegation) -> SdkResult<()> {
    state.remove(keys::delegation(&d.delegator_address, &d.validator_address))?;
    state.remove(keys::delegation_by_val(&d.validator_address, &d.delegator_address))
}

/// Stores an unbonding delegation, or deletes it once it has no entries.
pub(crate) fn put_ubd<S: StateWrite + ?Sized>(state: &mut S, ubd: &UnbondingDelegation) -> SdkResult<()> {
    let (del, op) = (&ubd.delegator_address, &ubd.validator_address);
    if ubd.entries.is_empty() {
        state.remove(keys::ubd(del, op))?;
        return state.remove(keys::ubd_by_val(op, del));
    }
    state.put_proto(keys::ubd(del, op), &ubd.to_proto())?;
    state.put_bytes(keys::ubd_by_val(op, del), vec![])
}

/// Stores a redelegation, or deletes it once it has no entries.
pub(crate) fn put_red<S: StateWrite + ?Sized>(state: &mut S, red: &Redelegation) -> SdkResult<()> {
    let (del, src, dst) = (&red.delegator_address, &red.validator_src_address, &red.validator_dst_address);
    if red.entries.is_empty() {
        state.remove(keys::red(del, src, dst))?;
        state.remove(keys::red_by_src(src, del, dst))?;
        return state.remove(keys::red_by_dst(dst, del, src));
    }
    state.put_proto(keys::red(del, src, dst), &red.to_proto())?;
    state.put_bytes(keys::red_by_src(src, del, dst), vec![])?;
    state.put_bytes(keys::red_by_dst(dst, del, src), vec![])
}

/// Hands out the next unbonding id (ids start at 1, as the SDK's).
pub(crate) async fn next_unbonding_id<S: StateWrite + ?Sized>(state: &mut S) -> SdkResult<u64> {
    let id = state.get_u64(&keys::unbonding_id()).await?.unwrap_or(0) + 1;
    state.put_u64(keys::unbonding_id(), id)?;
    Ok(id)
}

/// Adds (delegator, validator) to the unbonding queue slot at `completion`.
pub(crate) async fn enqueue_ubd<S: StateWrite + ?Sized>(
    state: &mut S,
    completion: tendermint::Time,
    del: &Address,
    op: &ValAddress,
) -> SdkResult<()> {
    let key = keys::ubd_queue(nanos(completion));
    let mut slot: pb::DvPairs = state.get_proto(&key).await?.unwrap_or_default();
    slot.pairs.push(pb::DvPair { delegator_address: del.to_string(), validator_address: op.to_string() });
    state.put_proto(key, &slot)
}

/// Adds (delegator, source, destination) to the redelegation queue slot at `completion`.
pub(crate) async fn enqueue_red<S: StateWrite + ?Sized>(
    state: &mut S,
    completion: tendermint::Time,
    del: &Address,
    src: &ValAddress,
    dst: &ValAddress,
) -> SdkResult<()> {
    let key = keys::red_queue(nanos(completion));
    let mut slot: pb::DvvTriplets = state.get_proto(&key).await?.unwrap_or_default();
    slot.triplets.push(pb::DvvTriplet {
        delegator_address: del.to_string(),
        validator_src_address: src.to_string(),
        validator_dst_address: dst.to_string(),
    });
    state.put_proto(key, &slot)
}

/// Adds a validator to the queue of validators whose unbonding ends at its unbonding time and
/// height.
pub(crate) async fn enqueue_validator<S: StateWrite + ?Sized>(state: &mut S, v: &Validator) -> SdkResult<()> {
    let key = keys::val_queue(nanos(v.unbonding_time), v.unbonding_height);
    let mut slot: pb::ValAddresses = state.get_proto(&key).await?.unwrap_or_default();
    slot.addresses.push(v.operator_address.to_string());
    state.put_proto(key, &slot)
}

/// Takes a validator out of its unbonding-queue slot (it bonded again before the end).
pub(crate) async fn dequeue_validator<S: StateWrite + ?Sized>(state: &mut S, v: &Validator) -> SdkResult<()> {
    let key = keys::val_queue(nanos(v.unbonding_time), v.unbonding_height);
    let Some(mut slot) = state.get_proto::<pb::ValAddresses>(&key).await? else { return Ok(()) };
    let op = v.operator_address.to_string();
    slot.addresses.retain(|a| *a != op);
    if slot.addresses.is_empty() {
        state.remove(key)
    } else {
        state.put_proto(key, &slot)
    }
}

pub(crate) fn put_historical<S: StateWrite + ?Sized>(
    state: &mut S,
    height: u64,
    info: &pb::HistoricalInfo,
) -> SdkResult<()> {
    state.put_proto(keys::historical(height), info)
}

pub(crate) fn delete_historical<S: StateWrite + ?Sized>(state: &mut S, height: u64) -> SdkResult<()> {
    state.remove(keys::historical(height))
}
