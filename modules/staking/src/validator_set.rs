//! Validator status changes and the set handed to CometBFT (`keeper/val_state_change.go`,
//! `keeper/validator.go`): bonding, unbonding, jailing, removal, and the end-of-block update.
//!
//! The end-of-block update reads the power index up to `max_validators` entries and the last
//! set's powers: its cost follows the number of validators, never the number of delegations.

use std::collections::BTreeMap;

use cnidarium::StateWrite;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use futures::StreamExt;
use symbiote_core::store::WriteExt;
use symbiote_core::{Amount, SdkError, SdkResult, ValAddress, ValidatorUpdate};

use crate::bonding::{bonded_to_not_bonded, not_bonded_to_bonded, Env};
use crate::hooks::{fire, Hook};
use crate::state::{self, StakingRead};
use crate::time::{add, nanos};
use crate::validator::{BondStatus, Validator};
use crate::{errors, keys};

fn broken(what: impl std::fmt::Display) -> SdkError {
    SdkError::internal(format!("staking invariant: {what}"))
}

/// `jailValidator`: out of the power index, so the next update removes it from the set.
pub(crate) async fn jail<S: StateWrite>(state: &mut S, _env: Env<'_>, v: &mut Validator) -> SdkResult<()> {
    if v.jailed {
        return Err(errors::validator_jailed());
    }
    v.jailed = true;
    state::put_validator(state, v)?;
    state::delete_power_index(state, v)
}

/// `RemoveValidator`: only an unbonded validator without tokens goes.
pub(crate) async fn remove_validator<S: StateWrite>(state: &mut S, env: Env<'_>, v: &Validator) -> SdkResult<()> {
    if !v.is_unbonded() {
        return Err(broken("cannot call RemoveValidator on bonded or unbonding validators"));
    }
    if !v.tokens.is_zero() {
        return Err(broken("attempting to remove a validator which still contains tokens"));
    }
    state::delete_validator(state, v)?;
    fire(state, env, Hook::ValidatorRemoved(&v.cons_address(), &v.operator_address)).await
}

/// `bondValidator`: status Bonded, out of the unbonding queue, hook.
async fn bond<S: StateWrite>(state: &mut S, env: Env<'_>, v: &mut Validator) -> SdkResult<()> {
    state::delete_power_index(state, v)?;
    v.status = BondStatus::Bonded;
    state::put_validator(state, v)?;
    state::set_power_index(state, v)?;
    state::dequeue_validator(state, v).await?;
    fire(state, env, Hook::ValidatorBonded(&v.cons_address(), &v.operator_address)).await
}

/// `BeginUnbondingValidator`: status Unbonding until block time + unbonding time, queued.
async fn begin_unbonding<S: StateWrite>(state: &mut S, env: Env<'_>, v: &mut Validator) -> SdkResult<()> {
    if v.status != BondStatus::Bonded {
        return Err(broken(format!("bondedToUnbonding on a validator that is not bonded: {}", v.operator_address)));
    }
    let params = state.staking_params().await?;
    state::delete_power_index(state, v)?;
    let id = state::next_unbonding_id(state).await?;
    v.status = BondStatus::Unbonding;
    v.unbonding_time = add(env.time, params.unbonding_time)?;
    v.unbonding_height = env.height;
    v.unbonding_ids.push(id);
    state::put_validator(state, v)?;
    state::set_power_index(state, v)?;
    state::enqueue_validator(state, v).await?;
    fire(state, env, Hook::ValidatorBeginUnbonding(&v.cons_address(), &v.operator_address)).await?;
    fire(state, env, Hook::UnbondingInitiated(id)).await
}

/// `ApplyAndReturnValidatorSetUpdates`: the first `max_validators` validators of the power index
/// with power > 0 are bonded; an update goes out for each whose power changed, and a zero-power
/// update for each that left (in address order); the net token movement between the pools is
/// made once.
pub async fn apply_validator_set_updates<S: StateWrite>(
    state: &mut S,
    env: Env<'_>,
) -> SdkResult<Vec<ValidatorUpdate>> {
    let params = state.staking_params().await?;
    let mut last: BTreeMap<ValAddress, u64> = state.last_validator_powers().await?.into_iter().collect();

    // The top of the index, read before anything changes (bonding does not change a key).
    let mut top = Vec::new();
    let mut index = state.power_index_stream();
    while top.len() < params.max_validators as usize {
        let Some(op) = index.next().await.transpose()? else { break };
        top.push(op);
    }
    drop(index);

    let (mut to_bonded, mut to_not_bonded) = (Amount::ZERO, Amount::ZERO);
    let mut total_power = Amount::ZERO;
    let mut updates = Vec::new();
    for (indexed_power, op) in top {
        if indexed_power == 0 {
            break;
        }
        // In the last set (so bonded) with the power it had then: nothing to do, and no need to
        // read the record. This keeps a block without stake changes at two prefix scans.
        if last.get(&op) == Some(&indexed_power) {
            last.remove(&op);
            total_power =
                total_power.checked_add(Amount::from(indexed_power)).ok_or_else(|| broken("power overflow"))?;
            continue;
        }
        let mut v = state.validator(&op).await?.ok_or_else(|| broken(format!("indexed validator {op} missing")))?;
        if v.jailed {
            return Err(broken("a jailed validator is in the power index"));
        }
        if v.potential_power() != indexed_power {
            return Err(broken(format!("validator {op} is indexed at power {indexed_power}")));
        }
        match v.status {
            BondStatus::Unbonded | BondStatus::Unbonding => {
                bond(state, env, &mut v).await?;
                to_bonded = to_bonded.checked_add(v.tokens).ok_or_else(|| broken("pool overflow"))?;
            }
            BondStatus::Bonded => {}
        }
        let power = v.consensus_power();
        if last.get(&op) != Some(&power) {
            updates.push(v.abci_update()?);
            state::set_last_power(state, &op, power)?;
        }
        last.remove(&op);
        total_power = total_power.checked_add(Amount::from(power)).ok_or_else(|| broken("power overflow"))?;
    }

    // What remains of the last set left it (a BTreeMap iterates in address order).
    for op in last.into_keys() {
        let mut v = state.validator(&op).await?.ok_or_else(|| broken(format!("last validator {op} missing")))?;
        begin_unbonding(state, env, &mut v).await?;
        to_not_bonded = to_not_bonded.checked_add(v.tokens).ok_or_else(|| broken("pool overflow"))?;
        state::delete_last_power(state, &op)?;
        updates.push(v.abci_update_zero()?);
    }

    if to_bonded > to_not_bonded {
        not_bonded_to_bonded(state, to_bonded.saturating_sub(to_not_bonded)).await?;
    } else if to_not_bonded > to_bonded {
        bonded_to_not_bonded(state, to_not_bonded.saturating_sub(to_bonded)).await?;
    }
    if !updates.is_empty() {
        state::set_last_total_power(state, total_power)?;
    }
    Ok(updates)
}

/// `UnbondAllMatureValidators`: unbonding validators whose time and height have come become
/// Unbonded (and are removed if no shares are left).
pub async fn unbond_mature_validators<S: StateWrite>(state: &mut S, env: Env<'_>) -> SdkResult<()> {
    let prefix = keys::val_queue_all();
    let mut due = Vec::new();
    {
        let mut stream = std::pin::pin!(state.prefix_raw(&prefix));
        while let Some(item) = stream.next().await {
            let (key, value) = item?;
            let numbers = keys::trailing_numbers(&key);
            let [height, time] = numbers[..] else { return Err(broken(format!("bad validator queue key {key}"))) };
            if time > nanos(env.time) {
                break;
            }
            if height <= env.height {
                let slot: pb::ValAddresses =
                    prost::Message::decode(value.as_slice()).map_err(|_| broken(format!("corrupt {key}")))?;
                due.push(slot);
            }
        }
    }
    for slot in due {
        for address in slot.addresses {
            let op: ValAddress = address.parse().map_err(|_| broken(format!("bad queued address {address}")))?;
            let mut v = state
                .validator(&op)
                .await?
                .ok_or_else(|| broken(format!("validator {op} in the unbonding queue was not found")))?;
            if !v.is_unbonding() {
                return Err(broken("unexpected validator in unbonding queue; status was not unbonding"));
            }
            if v.unbonding_on_hold_ref_count == 0 {
                v.status = BondStatus::Unbonded;
                state::put_validator(state, &v)?;
                if v.delegator_shares.is_zero() {
                    remove_validator(state, env, &v).await?;
                }
                state::dequeue_validator(state, &v).await?;
            }
        }
    }
    Ok(())
}

/// `DequeueAllMatureUBDQueue` / `DequeueAllMatureRedelegationQueue`: takes every queue slot due
/// at `now` out of the queue under `prefix` and returns their values, oldest first.
pub(crate) async fn dequeue_due<S: StateWrite, T: prost::Message + Default>(
    state: &mut S,
    prefix: &str,
    now: tendermint::Time,
) -> SdkResult<Vec<T>> {
    let mut due = Vec::new();
    {
        let mut stream = std::pin::pin!(state.prefix_raw(prefix));
        while let Some(item) = stream.next().await {
            let (key, value) = item?;
            let time: u64 = key[prefix.len()..].parse().map_err(|_| broken(format!("bad queue key {key}")))?;
            if time > nanos(now) {
                break;
            }
            due.push((key, T::decode(value.as_slice()).map_err(|_| broken("corrupt queue slot"))?));
        }
    }
    let mut out = Vec::with_capacity(due.len());
    for (key, value) in due {
        state.remove(key)?;
        out.push(value);
    }
    Ok(out)
}
