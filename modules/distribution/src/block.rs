//! Distribution's block hook (`x/distribution/abci.go`, `keeper/allocation.go`).
//!
//! BeginBlock shares out what the fee collector holds — the previous block's fees and this
//! block's mint — among the validators that were in the last commit, by voting power (absent
//! ones included, as the SDK does): the community tax and the rounding dust go to the community
//! pool, each validator's commission to its accumulated commission, the rest to its current
//! rewards. Nothing is allocated at height 1 (there was no previous block).

use cnidarium::StateWrite;
use symbiote_auth::fee_collector_address;
use symbiote_bank::{BankRead, BankWrite};
use symbiote_core::{BlockInfo, ConsAddress, DecCoins, LegacyDec, SdkResult};
use symbiote_staking::{StakingRead, Validator};

use crate::events;
use crate::rewards::{broken, module_address};
use crate::state::{self, DistributionRead};

pub async fn begin_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<()> {
    let votes: Vec<(ConsAddress, u64)> = block
        .last_commit
        .votes
        .iter()
        .map(|v| (ConsAddress::from_bytes(v.validator.address), v.validator.power.value()))
        .collect();
    if block.height > 1 {
        allocate_tokens(state, &votes).await?;
    }
    state::put_previous_proposer(state, &ConsAddress::from_bytes(block.proposer))
}

/// `AllocateTokens`.
pub(crate) async fn allocate_tokens<S: StateWrite>(state: &mut S, votes: &[(ConsAddress, u64)]) -> SdkResult<()> {
    let collected = state.all_balances(&fee_collector_address()).await?;
    if !collected.is_empty() {
        state
            .send(&fee_collector_address(), &module_address(), &collected)
            .await
            .map_err(|e| broken(format!("moving collected fees: {}", e.log)))?;
    }
    let fees = DecCoins::from_coins(&collected);
    let total_power: u128 = votes.iter().map(|(_, p)| u128::from(*p)).sum();
    let mut pool = state.community_pool().await?;
    if total_power == 0 {
        return state::put_community_pool(state, &pool.checked_add(&fees)?);
    }
    let tax = state.distribution_params().await?.community_tax;
    let vote_multiplier = LegacyDec::ONE.checked_sub(tax).map_err(|_| broken("community tax"))?;
    let fee_multiplier = fees.mul_dec_truncate(vote_multiplier)?;
    let mut remaining = fees;
    let total = LegacyDec::from_amount(symbiote_core::Amount::from(total_power));
    for (cons, power) in votes {
        // CometBFT only reports validators of the set that signed the last block, which staking
        // keeps until their unbonding completes. One unknown here (a removed validator under a
        // very short unbonding time) earns nothing: its share stays in `remaining`, for the
        // community pool, rather than halting the chain as the SDK would.
        let Some(validator) = state.validator_by_cons(cons).await? else { continue };
        let power = LegacyDec::from_amount(symbiote_core::Amount::from(*power));
        let fraction = power.quo_truncate(total).map_err(|_| broken("power fraction"))?;
        let reward = fee_multiplier.mul_dec_truncate(fraction)?;
        allocate_to_validator(state, &validator, &reward).await?;
        remaining = remaining.checked_sub(&reward)?;
    }
    pool = pool.checked_add(&remaining)?;
    state::put_community_pool(state, &pool)
}

/// `AllocateTokensToValidator`: commission at the validator's rate (rounded half to even), the
/// rest to its delegators' current period.
pub(crate) async fn allocate_to_validator<S: StateWrite>(
    state: &mut S,
    validator: &Validator,
    tokens: &DecCoins,
) -> SdkResult<()> {
    let op = validator.operator_address;
    let commission = tokens.mul_dec(validator.commission.commission_rates.rate)?;
    let shared = tokens.checked_sub(&commission)?;
    state.record(events::commission(&commission, &op));
    let accumulated = state.accumulated_commission(&op).await?.checked_add(&commission)?;
    state::put_commission(state, &op, &accumulated)?;
    let mut current =
        state.current_rewards(&op).await?.ok_or_else(|| broken(format!("no current rewards for {op}")))?;
    current.rewards = current.rewards.checked_add(&shared)?;
    state::put_current(state, &op, &current)?;
    state.record(events::rewards(tokens, &op));
    let outstanding = state.outstanding_rewards(&op).await?.unwrap_or_default().checked_add(tokens)?;
    state::put_outstanding(state, &op, &outstanding)
}
