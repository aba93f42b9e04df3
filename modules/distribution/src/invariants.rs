//! Distribution invariants (`keeper/invariants.go`), checked after every block in tests.
//!
//! - The distribution account holds at least the whole coins of the community pool plus every
//!   validator's outstanding rewards (the SDK's module-account invariant, which allows the
//!   fractional dust to be missing).
//! - Each validator's outstanding rewards cover its accumulated commission and what every one of
//!   its delegations could withdraw now (`CanWithdrawInvariant`).

use cnidarium::{StateDelta, StateRead};
use symbiote_bank::BankRead;
use symbiote_core::{DecCoins, SdkError, SdkResult};
use symbiote_staking::StakingRead;

use crate::rewards::{calculate_delegation_rewards, increment_period, module_address};
use crate::state::DistributionRead;

fn broken(what: String) -> SdkError {
    SdkError::internal(format!("distribution invariant broken: {what}"))
}

/// Checks both invariants on `state` at block `height` (reads only; rewards are computed on an
/// overlay that is dropped).
pub async fn check<S: StateRead + Clone + 'static>(state: &S, height: u64) -> SdkResult<()> {
    let mut held = state.community_pool().await?;
    for v in state.all_validators().await? {
        let op = v.operator_address;
        let Some(outstanding) = state.outstanding_rewards(&op).await? else {
            return Err(broken(format!("validator {op} has no outstanding rewards record")));
        };
        held = held.checked_add(&outstanding)?;
        let mut overlay = StateDelta::new(state.clone());
        let ending = increment_period(&mut overlay, &v).await?;
        let mut owed = overlay.accumulated_commission(&op).await?;
        for d in delegations_to(&overlay, &op).await? {
            owed = owed.checked_add(&calculate_delegation_rewards(&overlay, height, &v, &d, ending).await?)?;
        }
        let outstanding_now = overlay.outstanding_rewards(&op).await?.unwrap_or_default();
        if !outstanding_now.covers(&owed) {
            return Err(broken(format!("validator {op} owes {owed} but has only {outstanding_now} outstanding")));
        }
    }
    let (expected, _) = held.truncate_decimal()?;
    let balance = DecCoins::from_coins(&state.all_balances(&module_address()).await?);
    if !balance.covers(&DecCoins::from_coins(&expected)) {
        return Err(broken(format!("distribution account holds {balance}, less than pool + outstanding {expected}")));
    }
    Ok(())
}

async fn delegations_to<S: StateRead>(
    state: &S,
    op: &symbiote_core::ValAddress,
) -> SdkResult<Vec<symbiote_staking::Delegation>> {
    let mut out = Vec::new();
    for del in state.delegators_of(op).await? {
        if let Some(d) = state.delegation(&del, op).await? {
            out.push(d);
        }
    }
    Ok(out)
}
