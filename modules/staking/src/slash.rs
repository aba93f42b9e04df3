//! Slashing, jailing and unjailing (`x/staking/keeper/slash.go`): the operations the slashing
//! module calls when a validator misses blocks or double-signs. Staking owns them because a
//! slash changes tokens, pools, unbonding entries and redelegations, which only staking writes.
//!
//! A slash burns `fraction` of the stake the validator had at the infraction: first from
//! unbonding entries and redelegations created at or after the infraction height (that stake
//! contributed to it but has since left), then from the validator's tokens. Distribution hears of
//! it (`before_validator_slashed`) with the effective fraction of the validator's current tokens.

use cnidarium::StateWrite;
use symbiote_bank::BankWrite;
use symbiote_core::module_account::{BONDED_POOL, NOT_BONDED_POOL};
use symbiote_core::{Amount, Coin, Coins, ConsAddress, LegacyDec, SdkError, SdkResult, ValAddress};

use crate::bonding::{remove_tokens, unbond, Env};
use crate::delegation::{Redelegation, UnbondingDelegation};
use crate::hooks::{fire, Hook};
use crate::state::{self, StakingRead};
use crate::validator::{dec_error, Validator, POWER_REDUCTION};
use crate::validator_set;

fn broken(what: impl std::fmt::Display) -> SdkError {
    SdkError::internal(format!("staking slash: {what}"))
}

/// `Keeper.Slash`: burns `fraction` of the stake `power` stood for at `infraction_height`;
/// returns the tokens burnt. A validator that no longer exists (slashed to nothing and removed)
/// is ignored, as the SDK does; slashing an unbonded validator or a future infraction is a bug in
/// the caller (internal error).
pub async fn slash<S: StateWrite>(
    state: &mut S,
    env: Env<'_>,
    cons: &ConsAddress,
    infraction_height: u64,
    power: u64,
    fraction: LegacyDec,
) -> SdkResult<Amount> {
    if fraction.is_negative() {
        return Err(broken(format!("negative slash factor {fraction}")));
    }
    let stake =
        Amount::from(power).checked_mul(Amount::from(POWER_REDUCTION)).ok_or_else(|| broken("power out of range"))?;
    let slash_amount =
        LegacyDec::from_amount(stake).checked_mul(fraction).and_then(|d| d.truncate_int()).map_err(dec_error)?;

    let Some(validator) = state.validator_by_cons(cons).await? else {
        return Ok(Amount::ZERO);
    };
    if validator.is_unbonded() {
        return Err(broken(format!("should not be slashing unbonded validator {}", validator.operator_address)));
    }
    let op = validator.operator_address;
    fire(state, env, Hook::ValidatorModified(&op)).await?;

    let mut remaining = slash_amount;
    if infraction_height > env.height {
        return Err(broken(format!("infraction at {infraction_height} is after the current height {}", env.height)));
    }
    if infraction_height < env.height {
        for ubd in unbonding_delegations_from(state, &op).await? {
            let slashed = slash_unbonding_delegation(state, env, ubd, infraction_height, fraction).await?;
            remaining = remaining.saturating_sub(slashed);
        }
        for red in redelegations_from(state, &op).await? {
            let slashed = slash_redelegation(state, env, red, infraction_height, fraction).await?;
            remaining = remaining.saturating_sub(slashed);
        }
    }

    // Unbonding entries and redelegations may have fired hooks; read the validator afresh.
    let validator = state.existing_validator(&op).await?;
    let burn = remaining.min(validator.tokens);
    if burn.is_zero() {
        return Ok(Amount::ZERO);
    }
    let effective = LegacyDec::from_amount(burn)
        .quo_round_up(LegacyDec::from_amount(validator.tokens))
        .map_err(dec_error)?
        .min(LegacyDec::ONE);
    fire(state, env, Hook::ValidatorSlashed(&op, effective)).await?;

    let mut validator = state.existing_validator(&op).await?;
    remove_tokens(state, &mut validator, burn)?;
    let pool = if validator.is_bonded() { BONDED_POOL } else { NOT_BONDED_POOL };
    burn_from_pool(state, pool, burn).await?;
    Ok(burn)
}

/// `SlashUnbondingDelegation`: each entry created at or after the infraction and not yet mature
/// loses `fraction` of its initial balance (at most what is left); returns the amount that
/// would have been slashed had every entry held enough.
async fn slash_unbonding_delegation<S: StateWrite>(
    state: &mut S,
    env: Env<'_>,
    mut ubd: UnbondingDelegation,
    infraction_height: u64,
    fraction: LegacyDec,
) -> SdkResult<Amount> {
    let mut total = Amount::ZERO;
    let mut burnt = Amount::ZERO;
    for entry in &mut ubd.entries {
        if entry.creation_height < infraction_height || (entry.is_mature(env.time) && !entry.on_hold()) {
            continue;
        }
        let amount = fraction.mul_int(entry.initial_balance).and_then(|d| d.truncate_int()).map_err(dec_error)?;
        total = total.checked_add(amount).ok_or_else(|| broken("slash overflow"))?;
        let cut = amount.min(entry.balance);
        if cut.is_zero() {
            continue;
        }
        burnt = burnt.checked_add(cut).ok_or_else(|| broken("slash overflow"))?;
        entry.balance = entry.balance.checked_sub(cut).ok_or_else(|| broken("entry underflow"))?;
    }
    if !burnt.is_zero() {
        state::put_ubd(state, &ubd)?;
        burn_from_pool(state, NOT_BONDED_POOL, burnt).await?;
    }
    Ok(total)
}

/// `SlashRedelegation`: the stake moved away from the slashed validator after the infraction is
/// unbonded from the destination and burnt, `fraction` of each entry's destination shares.
async fn slash_redelegation<S: StateWrite>(
    state: &mut S,
    env: Env<'_>,
    red: Redelegation,
    infraction_height: u64,
    fraction: LegacyDec,
) -> SdkResult<Amount> {
    let (del, dst) = (red.delegator_address, red.validator_dst_address);
    let mut total = Amount::ZERO;
    let (mut bonded_burn, mut not_bonded_burn) = (Amount::ZERO, Amount::ZERO);
    for entry in &red.entries {
        if entry.creation_height < infraction_height || (entry.is_mature(env.time) && !entry.on_hold()) {
            continue;
        }
        let amount = fraction.mul_int(entry.initial_balance).and_then(|d| d.truncate_int()).map_err(dec_error)?;
        total = total.checked_add(amount).ok_or_else(|| broken("slash overflow"))?;
        let mut shares = fraction.checked_mul(entry.shares_dst).map_err(dec_error)?;
        if shares.is_zero() {
            continue;
        }
        // Delegations change between entries: look it up each time.
        let Some(delegation) = state.delegation(&del, &dst).await? else { continue };
        shares = shares.min(delegation.shares);
        let tokens = unbond(state, env, &del, &dst, shares).await?;
        // The tokens live where the destination's status puts them (it may have been removed
        // by the unbond if it was unbonded and this was its last share).
        match state.validator(&dst).await? {
            Some(v) if v.is_bonded() => {
                bonded_burn = bonded_burn.checked_add(tokens).ok_or_else(|| broken("overflow"))?
            }
            _ => not_bonded_burn = not_bonded_burn.checked_add(tokens).ok_or_else(|| broken("overflow"))?,
        }
    }
    burn_from_pool(state, BONDED_POOL, bonded_burn).await?;
    burn_from_pool(state, NOT_BONDED_POOL, not_bonded_burn).await?;
    Ok(total)
}

/// `Keeper.Jail`: the validator leaves the power index (and the set at the next update).
pub async fn jail<S: StateWrite>(state: &mut S, env: Env<'_>, cons: &ConsAddress) -> SdkResult<()> {
    let mut validator = by_cons(state, cons).await?;
    validator_set::jail(state, env, &mut validator).await
}

/// `Keeper.Unjail`: back in the power index; it rejoins the set at the next update if its
/// power ranks.
pub async fn unjail<S: StateWrite>(state: &mut S, cons: &ConsAddress) -> SdkResult<()> {
    let mut validator = by_cons(state, cons).await?;
    if !validator.jailed {
        return Err(broken(format!("cannot unjail already unjailed validator {}", validator.operator_address)));
    }
    validator.jailed = false;
    state::put_validator(state, &validator)?;
    state::set_power_index(state, &validator)
}

async fn by_cons<S: StakingRead>(state: &S, cons: &ConsAddress) -> SdkResult<Validator> {
    state
        .validator_by_cons(cons)
        .await?
        .ok_or_else(|| broken(format!("validator with consensus address {cons} not found")))
}

async fn unbonding_delegations_from<S: StakingRead>(state: &S, op: &ValAddress) -> SdkResult<Vec<UnbondingDelegation>> {
    let mut out = Vec::new();
    for del in state.unbonding_delegators_of(op).await? {
        if let Some(ubd) = state.unbonding_delegation(&del, op).await? {
            out.push(ubd);
        }
    }
    Ok(out)
}

async fn redelegations_from<S: StakingRead>(state: &S, src: &ValAddress) -> SdkResult<Vec<Redelegation>> {
    let mut out = Vec::new();
    for (del, dst) in state.redelegations_from(src).await? {
        if let Some(red) = state.redelegation(&del, src, &dst).await? {
            out.push(red);
        }
    }
    Ok(out)
}

/// Burns staked tokens from one of the staking pools (`burnBondedTokens`/`burnNotBondedTokens`).
async fn burn_from_pool<S: StateWrite>(state: &mut S, pool: &'static str, amount: Amount) -> SdkResult<()> {
    if amount.is_zero() {
        return Ok(());
    }
    let denom = state.staking_params().await?.bond_denom;
    let mut coins = Coins::new();
    coins.add(&Coin::new(denom, amount))?;
    // The pools as auth declares them (with the burner permission).
    let account = <symbiote_auth::Auth as symbiote_core::Module>::ACCOUNTS
        .iter()
        .find(|a| a.name == pool)
        .ok_or_else(|| broken(format!("auth declares no {pool} account")))?;
    state.burn_coins(account, &coins).await.map_err(|e| broken(format!("burning from {pool}: {}", e.log)))
}
