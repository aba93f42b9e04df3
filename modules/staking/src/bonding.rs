//! Delegating and unbonding shares (`x/staking/keeper/delegation.go`: `Delegate`, `Unbond`,
//! `AddValidatorTokensAndShares`, `RemoveValidatorTokensAndShares`) and the pool transfers
//! (`pool.go`). Tokens of bonded validators sit in the bonded pool, all other staked tokens
//! (unbonding or unbonded validators, unbonding entries) in the not-bonded pool.

use cnidarium::StateWrite;
use symbiote_bank::BankWrite;
use symbiote_core::error::Code;
use symbiote_core::{Address, Amount, Coin, Coins, Hooks, LegacyDec, SdkError, SdkResult, ValAddress};
use tendermint::Time;

use crate::delegation::Delegation;
use crate::hooks::{fire, Hook};
use crate::state::{self, bonded_pool, not_bonded_pool, StakingRead};
use crate::validator::{BondStatus, Validator, MAX_VALIDATOR_POWER};
use crate::{errors, validator_set};

/// Where an operation runs: the block's height and time, and the chain's hooks.
#[derive(Clone, Copy, Debug)]
pub struct Env<'a> {
    pub height: u64,
    pub time: Time,
    pub hooks: &'a Hooks,
}

fn bond_coins(denom: &str, amount: Amount) -> SdkResult<Coins> {
    let mut coins = Coins::new();
    coins.add(&Coin::new(denom, amount))?;
    Ok(coins)
}

/// Moves `amount` of the bond denom from the bonded to the not-bonded pool.
pub(crate) async fn bonded_to_not_bonded<S: StateWrite>(state: &mut S, amount: Amount) -> SdkResult<()> {
    if amount.is_zero() {
        return Ok(());
    }
    let coins = bond_coins(&state.staking_params().await?.bond_denom, amount)?;
    state.send(&bonded_pool(), &not_bonded_pool(), &coins).await.map_err(pool_shortfall)
}

/// Moves `amount` of the bond denom from the not-bonded to the bonded pool.
pub(crate) async fn not_bonded_to_bonded<S: StateWrite>(state: &mut S, amount: Amount) -> SdkResult<()> {
    if amount.is_zero() {
        return Ok(());
    }
    let coins = bond_coins(&state.staking_params().await?.bond_denom, amount)?;
    state.send(&not_bonded_pool(), &bonded_pool(), &coins).await.map_err(pool_shortfall)
}

/// A pool short of what its validators hold is a broken invariant, never a user's error.
fn pool_shortfall(e: SdkError) -> SdkError {
    if e.is(Code::InsufficientFunds) {
        SdkError::internal(format!("staking pool shortfall: {}", e.log))
    } else {
        e
    }
}

/// `AddValidatorTokensAndShares`: re-indexes the validator under its new power.
pub(crate) fn add_tokens_and_shares<S: StateWrite>(
    state: &mut S,
    validator: &mut Validator,
    amount: Amount,
) -> SdkResult<LegacyDec> {
    state::delete_power_index(state, validator)?;
    let issued = validator.add_tokens_from_del(amount)?;
    state::put_validator(state, validator)?;
    state::set_power_index(state, validator)?;
    Ok(issued)
}

/// `RemoveValidatorTokensAndShares`.
pub(crate) fn remove_tokens_and_shares<S: StateWrite>(
    state: &mut S,
    validator: &mut Validator,
    shares: LegacyDec,
) -> SdkResult<Amount> {
    state::delete_power_index(state, validator)?;
    let removed = validator.remove_del_shares(shares)?;
    state::put_validator(state, validator)?;
    state::set_power_index(state, validator)?;
    Ok(removed)
}

/// `RemoveValidatorTokens` (a slash): tokens leave, shares stay, so each share is worth less.
pub(crate) fn remove_tokens<S: StateWrite>(state: &mut S, validator: &mut Validator, amount: Amount) -> SdkResult<()> {
    state::delete_power_index(state, validator)?;
    validator.tokens = validator
        .tokens
        .checked_sub(amount)
        .ok_or_else(|| SdkError::internal("removing more tokens than the validator has"))?;
    state::put_validator(state, validator)?;
    state::set_power_index(state, validator)
}

/// Where delegated tokens come from: a wallet (moved into the validator's pool) or tokens
/// already staked elsewhere with this status (a redelegation or a cancelled unbonding: moved
/// between pools if the statuses differ).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Account,
    Staked(BondStatus),
}

/// `Keeper.Delegate`: issues shares of `validator` for `amount` tokens to `del`; returns them.
pub(crate) async fn delegate<S: StateWrite>(
    state: &mut S,
    env: Env<'_>,
    del: &Address,
    amount: Amount,
    source: Source,
    validator: &mut Validator,
) -> SdkResult<LegacyDec> {
    if validator.invalid_ex_rate() {
        return Err(errors::ex_rate_invalid());
    }
    let op = validator.operator_address;
    let mut delegation = match state.delegation(del, &op).await? {
        Some(d) => {
            fire(state, env, Hook::DelegationSharesModified(del, &op)).await?;
            d
        }
        None => {
            fire(state, env, Hook::DelegationCreated(del, &op)).await?;
            Delegation { delegator_address: *del, validator_address: op, shares: LegacyDec::ZERO }
        }
    };

    // A hook may have changed the validator (distribution does not, but nothing forbids it).
    *validator = state.existing_validator(&op).await?;
    let new_power = validator
        .tokens
        .checked_add(amount)
        .and_then(|t| t.checked_div(Amount::from(crate::validator::POWER_REDUCTION)))
        .and_then(|p| p.to_u64());
    if new_power.is_none_or(|p| p > MAX_VALIDATOR_POWER) {
        return Err(SdkError::new(
            Code::InvalidRequest,
            format!("delegation would raise the validator's power above {MAX_VALIDATOR_POWER}"),
        ));
    }

    match source {
        Source::Account => {
            let pool = if validator.is_bonded() { bonded_pool() } else { not_bonded_pool() };
            let coins = bond_coins(&state.staking_params().await?.bond_denom, amount)?;
            state.delegate_coins(del, &pool, &coins).await?;
        }
        Source::Staked(from) => match (from == BondStatus::Bonded, validator.is_bonded()) {
            (true, false) => bonded_to_not_bonded(state, amount).await?,
            (false, true) => not_bonded_to_bonded(state, amount).await?,
            _ => {}
        },
    }

    let issued = add_tokens_and_shares(state, validator, amount)?;
    delegation.shares = delegation.shares.checked_add(issued).map_err(crate::validator::dec_error)?;
    state::put_delegation(state, &delegation)?;
    fire(state, env, Hook::DelegationModified(del, &op)).await?;
    Ok(issued)
}

/// `Keeper.Unbond`: removes `shares` of `del`'s delegation to `op`; returns the tokens they were
/// worth, which leave the validator (the caller decides where they go). An operator whose
/// remaining self-delegation falls below its minimum is jailed.
pub(crate) async fn unbond<S: StateWrite>(
    state: &mut S,
    env: Env<'_>,
    del: &Address,
    op: &ValAddress,
    shares: LegacyDec,
) -> SdkResult<Amount> {
    let Some(mut delegation) = state.delegation(del, op).await? else {
        return Err(errors::no_delegator_for_address());
    };
    fire(state, env, Hook::DelegationSharesModified(del, op)).await?;
    if delegation.shares < shares {
        return Err(errors::not_enough_delegation_shares(delegation.shares));
    }
    let mut validator = state.existing_validator(op).await?;
    delegation.shares = delegation.shares.checked_sub(shares).map_err(crate::validator::dec_error)?;

    let is_operator = validator.operator_address.account() == *del;
    if is_operator && !validator.jailed {
        let self_bond =
            validator.tokens_from_shares(delegation.shares)?.truncate_int().map_err(crate::validator::dec_error)?;
        if self_bond < validator.min_self_delegation {
            validator_set::jail(state, env, &mut validator).await?;
        }
    }

    if delegation.shares.is_zero() {
        fire(state, env, Hook::DelegationRemoved(del, op)).await?;
        state::delete_delegation(state, &delegation)?;
    } else {
        state::put_delegation(state, &delegation)?;
        fire(state, env, Hook::DelegationModified(del, op)).await?;
    }

    let mut validator = state.existing_validator(op).await?;
    let amount = remove_tokens_and_shares(state, &mut validator, shares)?;
    if validator.delegator_shares.is_zero() && validator.is_unbonded() {
        validator_set::remove_validator(state, env, &validator).await?;
    }
    Ok(amount)
}

/// `ValidateUnbondAmount`: the shares `amount` tokens of `del`'s delegation to `op` are worth,
/// capped at the delegation's shares (so the whole delegation can always be withdrawn).
pub(crate) async fn shares_for_amount<S: cnidarium::StateRead>(
    state: &S,
    del: &Address,
    op: &ValAddress,
    amount: Amount,
) -> SdkResult<LegacyDec> {
    let validator = state.existing_validator(op).await?;
    let delegation = state.delegation(del, op).await?.ok_or_else(errors::no_delegation)?;
    let shares = validator.shares_from_tokens(amount)?;
    let truncated = validator.shares_from_tokens_truncated(amount)?;
    if truncated > delegation.shares {
        return Err(SdkError::new(Code::InvalidRequest, "invalid shares amount"));
    }
    Ok(shares.min(delegation.shares))
}
