//! The hooks other modules register to follow staking (`x/staking/types/expected_keepers.go`,
//! `StakingHooks`): distribution settles rewards before a delegation changes, slashing starts
//! tracking a validator when it bonds. Each is called, for every listener in module-list order,
//! at the same point of the same operation as in the SDK; an error from a listener fails the
//! operation (a message fails with it; in a block hook it halts the node).

use async_trait::async_trait;
use symbiote_core::{Address, ConsAddress, Erased, LegacyDec, SdkResult, ValAddress};

use crate::bonding::Env;

#[async_trait]
pub trait StakingHooks: Send + Sync {
    /// A validator was created (MsgCreateValidator, or genesis).
    async fn after_validator_created(&self, _state: &mut Erased<'_>, _val: &ValAddress) -> SdkResult<()> {
        Ok(())
    }
    /// Its commission is about to change (MsgEditValidator).
    async fn before_validator_modified(&self, _state: &mut Erased<'_>, _val: &ValAddress) -> SdkResult<()> {
        Ok(())
    }
    /// It was deleted (unbonded with no shares left).
    async fn after_validator_removed(
        &self,
        _state: &mut Erased<'_>,
        _cons: &ConsAddress,
        _val: &ValAddress,
    ) -> SdkResult<()> {
        Ok(())
    }
    /// It entered the active set.
    async fn after_validator_bonded(
        &self,
        _state: &mut Erased<'_>,
        _cons: &ConsAddress,
        _val: &ValAddress,
    ) -> SdkResult<()> {
        Ok(())
    }
    /// It left the active set and started unbonding.
    async fn after_validator_begin_unbonding(
        &self,
        _state: &mut Erased<'_>,
        _cons: &ConsAddress,
        _val: &ValAddress,
    ) -> SdkResult<()> {
        Ok(())
    }
    async fn before_delegation_created(
        &self,
        _state: &mut Erased<'_>,
        _del: &Address,
        _val: &ValAddress,
    ) -> SdkResult<()> {
        Ok(())
    }
    async fn before_delegation_shares_modified(
        &self,
        _state: &mut Erased<'_>,
        _del: &Address,
        _val: &ValAddress,
    ) -> SdkResult<()> {
        Ok(())
    }
    async fn before_delegation_removed(
        &self,
        _state: &mut Erased<'_>,
        _del: &Address,
        _val: &ValAddress,
    ) -> SdkResult<()> {
        Ok(())
    }
    async fn after_delegation_modified(
        &self,
        _state: &mut Erased<'_>,
        _del: &Address,
        _val: &ValAddress,
    ) -> SdkResult<()> {
        Ok(())
    }
    /// A slash of `fraction` of its stake is about to be applied.
    async fn before_validator_slashed(
        &self,
        _state: &mut Erased<'_>,
        _val: &ValAddress,
        _fraction: LegacyDec,
    ) -> SdkResult<()> {
        Ok(())
    }
    /// An unbonding (delegation, redelegation or validator) with this id started.
    async fn after_unbonding_initiated(&self, _state: &mut Erased<'_>, _id: u64) -> SdkResult<()> {
        Ok(())
    }
}

/// One hook event, so that call sites name what happened and one function fans it out.
#[derive(Clone, Copy, Debug)]
pub enum Hook<'a> {
    ValidatorCreated(&'a ValAddress),
    ValidatorModified(&'a ValAddress),
    ValidatorRemoved(&'a ConsAddress, &'a ValAddress),
    ValidatorBonded(&'a ConsAddress, &'a ValAddress),
    ValidatorBeginUnbonding(&'a ConsAddress, &'a ValAddress),
    DelegationCreated(&'a Address, &'a ValAddress),
    DelegationSharesModified(&'a Address, &'a ValAddress),
    DelegationRemoved(&'a Address, &'a ValAddress),
    DelegationModified(&'a Address, &'a ValAddress),
    ValidatorSlashed(&'a ValAddress, LegacyDec),
    UnbondingInitiated(u64),
}

/// Calls every registered listener for `hook`, in registration order.
pub async fn fire<S: cnidarium::StateWrite>(state: &mut S, env: Env<'_>, hook: Hook<'_>) -> SdkResult<()> {
    let listeners = env.hooks.get::<dyn StakingHooks>();
    if listeners.is_empty() {
        return Ok(());
    }
    let mut erased = Erased::at_block(state, env.height, env.time);
    let s = &mut erased;
    for h in listeners {
        match hook {
            Hook::ValidatorCreated(v) => h.after_validator_created(s, v).await?,
            Hook::ValidatorModified(v) => h.before_validator_modified(s, v).await?,
            Hook::ValidatorRemoved(c, v) => h.after_validator_removed(s, c, v).await?,
            Hook::ValidatorBonded(c, v) => h.after_validator_bonded(s, c, v).await?,
            Hook::ValidatorBeginUnbonding(c, v) => h.after_validator_begin_unbonding(s, c, v).await?,
            Hook::DelegationCreated(d, v) => h.before_delegation_created(s, d, v).await?,
            Hook::DelegationSharesModified(d, v) => h.before_delegation_shares_modified(s, d, v).await?,
            Hook::DelegationRemoved(d, v) => h.before_delegation_removed(s, d, v).await?,
            Hook::DelegationModified(d, v) => h.after_delegation_modified(s, d, v).await?,
            Hook::ValidatorSlashed(v, f) => h.before_validator_slashed(s, v, f).await?,
            Hook::UnbondingInitiated(id) => h.after_unbonding_initiated(s, id).await?,
        }
    }
    Ok(())
}
