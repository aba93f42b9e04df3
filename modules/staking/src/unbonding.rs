//! Leaving a validator: undelegating (tokens wait out the unbonding time in the not-bonded pool),
//! redelegating (shares move at once; the entry only guards against slashing and transitive
//! redelegation), cancelling an unbonding, and completing both at maturity
//! (`keeper/delegation.go`: `Undelegate`, `BeginRedelegation`, `CompleteUnbonding`,
//! `CompleteRedelegation`).

use cnidarium::StateWrite;
use symbiote_bank::BankWrite;
use symbiote_core::{Address, Amount, Coin, Coins, LegacyDec, SdkResult, ValAddress};
use tendermint::Time;

use crate::bonding::{bonded_to_not_bonded, delegate, unbond, Env, Source};
use crate::delegation::{Redelegation, RedelegationEntry, UnbondingDelegation};
use crate::errors;
use crate::hooks::{fire, Hook};
use crate::state::{self, not_bonded_pool, StakingRead};
use crate::time::add;
use crate::validator::BondStatus;

/// `Undelegate`: returns the completion time and the tokens that will be paid out then.
pub(crate) async fn undelegate<S: StateWrite>(
    state: &mut S,
    env: Env<'_>,
    del: &Address,
    op: &ValAddress,
    shares: LegacyDec,
) -> SdkResult<(Time, Amount)> {
    let validator = state.existing_validator(op).await?;
    let params = state.staking_params().await?;
    if let Some(ubd) = state.unbonding_delegation(del, op).await? {
        if ubd.entries.len() >= params.max_entries as usize {
            return Err(errors::max_unbonding_entries());
        }
    }
    let amount = unbond(state, env, del, op, shares).await?;
    if validator.is_bonded() {
        bonded_to_not_bonded(state, amount).await?;
    }
    let completion = add(env.time, params.unbonding_time)?;
    add_unbonding_entry(state, env, del, op, completion, amount).await?;
    state::enqueue_ubd(state, completion, del, op).await?;
    Ok((completion, amount))
}

/// `SetUnbondingDelegationEntry`: a fresh id for each call, the hook only for a new entry.
async fn add_unbonding_entry<S: StateWrite>(
    state: &mut S,
    env: Env<'_>,
    del: &Address,
    op: &ValAddress,
    completion: Time,
    amount: Amount,
) -> SdkResult<()> {
    let id = state::next_unbonding_id(state).await?;
    let mut ubd = state.unbonding_delegation(del, op).await?.unwrap_or_else(|| UnbondingDelegation {
        delegator_address: *del,
        validator_address: *op,
        entries: vec![],
    });
    let new_entry = ubd.add_entry(env.height, completion, amount, id)?;
    state::put_ubd(state, &ubd)?;
    if new_entry {
        fire(state, env, Hook::UnbondingInitiated(id)).await?;
    }
    Ok(())
}

/// When a redelegation from `src` completes: at the end of the unbonding time if `src` is bonded
/// (or gone), at the end of its own unbonding if it is unbonding, at once if it is unbonded
/// (`getBeginInfo`). Returns (completion time, height, complete now).
async fn begin_info<S: StateWrite>(state: &S, env: Env<'_>, src: &ValAddress) -> SdkResult<(Time, u64, bool)> {
    let params = state.staking_params().await?;
    match state.validator(src).await? {
        None => Ok((add(env.time, params.unbonding_time)?, env.height, false)),
        Some(v) => match v.status {
            BondStatus::Bonded => Ok((add(env.time, params.unbonding_time)?, env.height, false)),
            BondStatus::Unbonded => Ok((Time::unix_epoch(), 0, true)),
            BondStatus::Unbonding => Ok((v.unbonding_time, v.unbonding_height, false)),
        },
    }
}

/// `BeginRedelegation`: moves `shares` of `del`'s delegation from `src` to `dst`; returns the
/// completion time of the redelegation entry (the zero time if none was needed).
pub(crate) async fn begin_redelegation<S: StateWrite>(
    state: &mut S,
    env: Env<'_>,
    del: &Address,
    src: &ValAddress,
    dst: &ValAddress,
    shares: LegacyDec,
) -> SdkResult<Time> {
    if src == dst {
        return Err(errors::self_redelegation());
    }
    let mut dst_validator = state.validator(dst).await?.ok_or_else(errors::bad_redelegation_dst)?;
    let src_validator = state.validator(src).await?.ok_or_else(errors::bad_redelegation_src)?;
    // No transitive redelegation: tokens that arrived at `src` by a redelegation still in
    // progress may not move on before it completes (they could escape a slash).
    if state.has_receiving_redelegation(del, src).await? {
        return Err(errors::transitive_redelegation());
    }
    let params = state.staking_params().await?;
    if let Some(red) = state.redelegation(del, src, dst).await? {
        if red.entries.len() >= params.max_entries as usize {
            return Err(errors::max_redelegation_entries());
        }
    }
    let amount = unbond(state, env, del, src, shares).await?;
    if amount.is_zero() {
        return Err(errors::tiny_redelegation_amount());
    }
    let shares_created =
        delegate(state, env, del, amount, Source::Staked(src_validator.status), &mut dst_validator).await?;

    let (completion, height, complete_now) = begin_info(state, env, src).await?;
    if complete_now {
        return Ok(completion);
    }
    let id = state::next_unbonding_id(state).await?;
    let mut red = state.redelegation(del, src, dst).await?.unwrap_or_else(|| Redelegation {
        delegator_address: *del,
        validator_src_address: *src,
        validator_dst_address: *dst,
        entries: vec![],
    });
    red.entries.push(RedelegationEntry {
        creation_height: height,
        completion_time: completion,
        initial_balance: amount,
        shares_dst: shares_created,
        unbonding_id: id,
        unbonding_on_hold_ref_count: 0,
    });
    state::put_red(state, &red)?;
    state::enqueue_red(state, completion, del, src, dst).await?;
    fire(state, env, Hook::UnbondingInitiated(id)).await?;
    Ok(completion)
}

/// `CompleteUnbonding`: pays out every mature entry not on hold; returns what was paid, or
/// `None` if there is no unbonding delegation (its entries were cancelled).
pub(crate) async fn complete_unbonding<S: StateWrite>(
    state: &mut S,
    env: Env<'_>,
    del: &Address,
    op: &ValAddress,
) -> SdkResult<Option<Coins>> {
    let Some(mut ubd) = state.unbonding_delegation(del, op).await? else { return Ok(None) };
    let denom = state.staking_params().await?.bond_denom;
    let mut paid = Coins::new();
    let mut kept = Vec::with_capacity(ubd.entries.len());
    for entry in std::mem::take(&mut ubd.entries) {
        if entry.is_mature(env.time) && !entry.on_hold() {
            if !entry.balance.is_zero() {
                let mut coins = Coins::new();
                coins.add(&Coin::new(denom.clone(), entry.balance))?;
                state.undelegate_coins(&not_bonded_pool(), del, &coins).await?;
                paid.add(&Coin::new(denom.clone(), entry.balance))?;
            }
        } else {
            kept.push(entry);
        }
    }
    ubd.entries = kept;
    state::put_ubd(state, &ubd)?;
    Ok(Some(paid))
}

/// `CompleteRedelegation`: drops every mature entry not on hold; returns their initial
/// balances, or `None` if there is no such redelegation.
pub(crate) async fn complete_redelegation<S: StateWrite>(
    state: &mut S,
    env: Env<'_>,
    del: &Address,
    src: &ValAddress,
    dst: &ValAddress,
) -> SdkResult<Option<Coins>> {
    let Some(mut red) = state.redelegation(del, src, dst).await? else { return Ok(None) };
    let denom = state.staking_params().await?.bond_denom;
    let mut done = Coins::new();
    let mut kept = Vec::with_capacity(red.entries.len());
    for entry in std::mem::take(&mut red.entries) {
        if entry.is_mature(env.time) && !entry.on_hold() {
            done.add(&Coin::new(denom.clone(), entry.initial_balance))?;
        } else {
            kept.push(entry);
        }
    }
    red.entries = kept;
    state::put_red(state, &red)?;
    Ok(Some(done))
}
