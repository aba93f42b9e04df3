//! F1 fee distribution (`x/distribution/keeper/{validator,delegation}.go`, the F1 paper): each
//! validator's rewards accrue in periods; ending a period adds rewards/tokens to a cumulative
//! ratio; a delegation is owed stake × (ratio at its end − ratio at its start), with the stake
//! reduced by each slash in between. Withdrawing costs O(slashes since the delegation started),
//! never O(blocks) or O(delegators).
//!
//! Historical ratios are reference counted (by the delegations starting at them and the slash
//! events ending there) and deleted when no longer referenced.

use cnidarium::StateWrite;
use symbiote_bank::BankWrite;
use symbiote_core::module_account::DISTRIBUTION;
use symbiote_core::store::WriteExt;
use symbiote_core::{Address, Coins, DecCoins, LegacyDec, SdkError, SdkResult, ValAddress};
use symbiote_staking::{Delegation, StakingRead, Validator};

use crate::errors;
use crate::events;
use crate::state::{self, CurrentRewards, DistributionRead, HistoricalRewards, SlashEvent, StartingInfo};

pub(crate) fn broken(what: impl std::fmt::Display) -> SdkError {
    SdkError::internal(format!("distribution invariant: {what}"))
}

pub fn module_address() -> Address {
    Address::module(DISTRIBUTION)
}

/// `initializeValidator`: period 0 with an empty ratio (one reference: the current period's
/// predecessor), current period 1, no commission, nothing outstanding.
pub(crate) fn initialize_validator<S: StateWrite + ?Sized>(state: &mut S, op: &ValAddress) -> SdkResult<()> {
    let empty = DecCoins::new();
    state::put_historical(
        state,
        op,
        0,
        &HistoricalRewards { cumulative_reward_ratio: empty.clone(), reference_count: 1 },
    )?;
    state::put_current(state, op, &CurrentRewards { rewards: empty.clone(), period: 1 })?;
    state::put_commission(state, op, &empty)?;
    state::put_outstanding(state, op, &empty)
}

async fn current<S: StateWrite + ?Sized>(state: &S, op: &ValAddress) -> SdkResult<CurrentRewards> {
    state.current_rewards(op).await?.ok_or_else(|| broken(format!("no current rewards for {op}")))
}

async fn historical<S: StateWrite + ?Sized>(state: &S, op: &ValAddress, period: u64) -> SdkResult<HistoricalRewards> {
    state
        .historical_rewards(op, period)
        .await?
        .ok_or_else(|| broken(format!("no historical rewards for {op} period {period}")))
}

/// `IncrementValidatorPeriod`: ends the current period, returning it. A validator without tokens
/// has no ratio to add; its period's rewards go to the community pool.
pub(crate) async fn increment_period<S: StateWrite + ?Sized>(state: &mut S, validator: &Validator) -> SdkResult<u64> {
    let op = validator.operator_address;
    let cur = current(state, &op).await?;
    let ratio = if validator.tokens.is_zero() {
        let pool = state.community_pool().await?.checked_add(&cur.rewards)?;
        state::put_community_pool(state, &pool)?;
        let outstanding = outstanding(state, &op).await?.checked_sub(&cur.rewards)?;
        state::put_outstanding(state, &op, &outstanding)?;
        DecCoins::new()
    } else {
        cur.rewards.quo_dec_truncate(LegacyDec::from_amount(validator.tokens))?
    };
    let previous = cur.period.checked_sub(1).ok_or_else(|| broken("current period 0"))?;
    let last = historical(state, &op, previous).await?;
    decrement_reference_count(state, &op, previous).await?;
    let cumulative = last.cumulative_reward_ratio.checked_add(&ratio)?;
    state::put_historical(
        state,
        &op,
        cur.period,
        &HistoricalRewards { cumulative_reward_ratio: cumulative, reference_count: 1 },
    )?;
    state::put_current(state, &op, &CurrentRewards { rewards: DecCoins::new(), period: cur.period + 1 })?;
    Ok(cur.period)
}

pub(crate) async fn increment_reference_count<S: StateWrite + ?Sized>(
    state: &mut S,
    op: &ValAddress,
    period: u64,
) -> SdkResult<()> {
    let mut h = historical(state, op, period).await?;
    if h.reference_count > 2 {
        return Err(broken("reference count should never exceed 2"));
    }
    h.reference_count += 1;
    state::put_historical(state, op, period, &h)
}

pub(crate) async fn decrement_reference_count<S: StateWrite + ?Sized>(
    state: &mut S,
    op: &ValAddress,
    period: u64,
) -> SdkResult<()> {
    let mut h = historical(state, op, period).await?;
    h.reference_count = h.reference_count.checked_sub(1).ok_or_else(|| broken("negative reference count"))?;
    if h.reference_count == 0 {
        state.remove(crate::keys::historical(op, period))
    } else {
        state::put_historical(state, op, period, &h)
    }
}

async fn outstanding<S: StateWrite + ?Sized>(state: &S, op: &ValAddress) -> SdkResult<DecCoins> {
    state.outstanding_rewards(op).await?.ok_or_else(|| broken(format!("no outstanding rewards for {op}")))
}

/// `initializeDelegation`: the delegation starts at the period just ended, with its stake in
/// tokens (truncated, so no more is ever owed than exists).
pub(crate) async fn initialize_delegation<S: StateWrite + ?Sized>(
    state: &mut S,
    height: u64,
    op: &ValAddress,
    del: &Address,
) -> SdkResult<()> {
    let previous_period = current(state, op).await?.period - 1;
    increment_reference_count(state, op, previous_period).await?;
    let validator = state.existing_validator(op).await?;
    let delegation = state
        .delegation(del, op)
        .await?
        .ok_or_else(|| broken(format!("initializing a missing delegation {del} → {op}")))?;
    let stake = validator.tokens_from_shares_truncated(delegation.shares)?;
    state::put_starting(state, op, del, &StartingInfo { previous_period, stake, height })
}

/// stake × (ratio[end] − ratio[start]), truncated.
async fn rewards_between<S: DistributionRead + ?Sized>(
    state: &S,
    op: &ValAddress,
    start: u64,
    end: u64,
    stake: LegacyDec,
) -> SdkResult<DecCoins> {
    if start > end {
        return Err(broken("startingPeriod cannot be greater than endingPeriod"));
    }
    if stake.is_negative() {
        return Err(broken("stake should not be negative"));
    }
    let get = |p| async move {
        state
            .historical_rewards(op, p)
            .await?
            .ok_or_else(|| broken(format!("no historical rewards for {op} period {p}")))
    };
    let (starting, ending) = (get(start).await?, get(end).await?);
    let difference = ending.cumulative_reward_ratio.checked_sub(&starting.cumulative_reward_ratio)?;
    difference.mul_dec_truncate(stake)
}

/// `CalculateDelegationRewards` up to `ending_period` (already ended), at block `height`.
pub async fn calculate_delegation_rewards<S: DistributionRead + ?Sized>(
    state: &S,
    height: u64,
    validator: &Validator,
    delegation: &Delegation,
    ending_period: u64,
) -> SdkResult<DecCoins> {
    let op = validator.operator_address;
    let info = state
        .starting_info(&op, &delegation.delegator_address)
        .await?
        .ok_or_else(errors::empty_delegation_dist_info)?;
    if info.height == height {
        return Ok(DecCoins::new());
    }
    let mut rewards = DecCoins::new();
    let mut start = info.previous_period;
    let mut stake = info.stake;
    if height > info.height {
        for SlashEvent { validator_period, fraction, .. } in
            state.slash_events_between(&op, info.height, height).await?
        {
            if validator_period > start {
                rewards = rewards.checked_add(&rewards_between(state, &op, start, validator_period, stake).await?)?;
                let kept = LegacyDec::ONE.checked_sub(fraction).map_err(|_| broken("slash fraction"))?;
                stake = stake.mul_truncate(kept).map_err(|_| broken("stake overflow"))?;
                start = validator_period;
            }
        }
    }
    // Per-period truncation can leave the recomputed stake a few atoms above the one-step value.
    let current_stake = validator.tokens_from_shares(delegation.shares)?;
    if stake > current_stake {
        let margin = LegacyDec::from_atoms_u128(3);
        if stake <= current_stake.checked_add(margin).map_err(|_| broken("stake overflow"))? {
            stake = current_stake;
        } else {
            return Err(broken(format!(
                "calculated final stake for delegator {} greater than current stake: {stake} > {current_stake}",
                delegation.delegator_address
            )));
        }
    }
    rewards.checked_add(&rewards_between(state, &op, start, ending_period, stake).await?)
}

/// `withdrawDelegationRewards`: ends the period, pays the whole coins owed to the withdraw
/// address and the fractions to the community pool, and forgets the starting info (the caller
/// re-initializes the delegation if it continues).
pub(crate) async fn withdraw_delegation_rewards<S: StateWrite + ?Sized>(
    state: &mut S,
    height: u64,
    validator: &Validator,
    delegation: &Delegation,
) -> SdkResult<Coins> {
    let (op, del) = (validator.operator_address, delegation.delegator_address);
    let Some(info) = state.starting_info(&op, &del).await? else {
        return Err(errors::empty_delegation_dist_info());
    };
    let ending = increment_period(state, validator).await?;
    let raw = calculate_delegation_rewards(&*state, height, validator, delegation, ending).await?;
    let outstanding = outstanding(state, &op).await?;
    // Rounding across periods may leave the last atoms short: never pay more than is there.
    let rewards = raw.intersect(&outstanding);
    let (paid, remainder) = rewards.truncate_decimal()?;
    if !paid.is_empty() {
        let to = state.withdraw_address(&del).await?;
        state.send(&module_address(), &to, &paid).await.map_err(|e| broken(format!("paying rewards: {}", e.log)))?;
    }
    state::put_outstanding(state, &op, &outstanding.checked_sub(&rewards)?)?;
    let pool = state.community_pool().await?.checked_add(&remainder)?;
    state::put_community_pool(state, &pool)?;
    decrement_reference_count(state, &op, info.previous_period).await?;
    state.remove(crate::keys::starting(&op, &del))?;
    let shown =
        if paid.is_empty() { format!("0{}", state.staking_params().await?.bond_denom) } else { paid.to_string() };
    state.record(events::withdraw_rewards(&shown, &op, &del));
    Ok(paid)
}

/// `WithdrawDelegationRewards`: withdraw, then start the delegation afresh at this block.
pub(crate) async fn withdraw_and_restart<S: StateWrite + ?Sized>(
    state: &mut S,
    height: u64,
    validator: &Validator,
    delegation: &Delegation,
) -> SdkResult<Coins> {
    let paid = withdraw_delegation_rewards(state, height, validator, delegation).await?;
    initialize_delegation(state, height, &validator.operator_address, &delegation.delegator_address).await?;
    Ok(paid)
}

/// `WithdrawValidatorCommission`: the whole coins of the accumulated commission go to the
/// operator's withdraw address; the fractions stay for later.
pub(crate) async fn withdraw_commission<S: StateWrite + ?Sized>(state: &mut S, op: &ValAddress) -> SdkResult<Coins> {
    let commission = state.accumulated_commission(op).await?;
    if commission.is_empty() {
        return Err(errors::no_validator_commission());
    }
    let (paid, remainder) = commission.truncate_decimal()?;
    state::put_commission(state, op, &remainder)?;
    let outstanding = outstanding(state, op).await?.checked_sub(&DecCoins::from_coins(&paid))?;
    state::put_outstanding(state, op, &outstanding)?;
    if !paid.is_empty() {
        let to = state.withdraw_address(&op.account()).await?;
        state.send(&module_address(), &to, &paid).await.map_err(|e| broken(format!("paying commission: {}", e.log)))?;
    }
    state.record(events::withdraw_commission(&paid));
    Ok(paid)
}

/// `updateValidatorSlashFraction`: ends the period at the slash, so rewards before it are paid on
/// the stake before it, and records the event the delegations' rewards will replay.
pub(crate) async fn record_slash<S: StateWrite + ?Sized>(
    state: &mut S,
    height: u64,
    op: &ValAddress,
    fraction: LegacyDec,
) -> SdkResult<()> {
    if fraction.is_negative() || fraction > LegacyDec::ONE {
        return Err(broken(format!("fraction must be >=0 and <=1, current fraction: {fraction}")));
    }
    let validator = state.existing_validator(op).await?;
    let period = increment_period(state, &validator).await?;
    increment_reference_count(state, op, period).await?;
    state::put_slash_event(state, op, &SlashEvent { height, validator_period: period, fraction })
}

/// `AfterValidatorRemoved`: the commission is paid out, the rest (dust) goes to the community
/// pool, and every record of the validator is deleted.
pub(crate) async fn remove_validator<S: StateWrite + ?Sized>(state: &mut S, op: &ValAddress) -> SdkResult<()> {
    let mut outstanding = state.outstanding_rewards(op).await?.unwrap_or_default();
    let commission = state.accumulated_commission(op).await?;
    let mut pool = state.community_pool().await?;
    if !commission.is_empty() {
        outstanding = outstanding.checked_sub(&commission)?;
        let (paid, remainder) = commission.truncate_decimal()?;
        pool = pool.checked_add(&remainder)?;
        if !paid.is_empty() {
            let to = state.withdraw_address(&op.account()).await?;
            state
                .send(&module_address(), &to, &paid)
                .await
                .map_err(|e| broken(format!("paying commission: {}", e.log)))?;
        }
    }
    pool = pool.checked_add(&outstanding)?;
    state::put_community_pool(state, &pool)?;
    state.remove(crate::keys::outstanding(op))?;
    state.remove(crate::keys::commission(op))?;
    state::clear_prefix(state, &crate::keys::slashes_of(op)).await?;
    state::clear_prefix(state, &crate::keys::historical_of(op)).await?;
    state.remove(crate::keys::current(op))
}
