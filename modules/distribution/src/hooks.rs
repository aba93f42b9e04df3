//! Distribution listens to staking (`x/distribution/keeper/hooks.go`): a new validator gets its
//! reward records, a delegation about to change has its rewards withdrawn first and starts a
//! new period afterwards, a slash ends the period and is recorded, a removed validator's
//! commission is paid and its records deleted.

use async_trait::async_trait;
use symbiote_core::{Address, ConsAddress, Erased, LegacyDec, SdkResult, ValAddress};
use symbiote_staking::{StakingHooks, StakingRead};

use crate::rewards;

pub struct DistributionHooks;

#[async_trait]
impl StakingHooks for DistributionHooks {
    async fn after_validator_created(&self, state: &mut Erased<'_>, val: &ValAddress) -> SdkResult<()> {
        rewards::initialize_validator(state, val)
    }

    async fn after_validator_removed(
        &self,
        state: &mut Erased<'_>,
        _cons: &ConsAddress,
        val: &ValAddress,
    ) -> SdkResult<()> {
        rewards::remove_validator(state, val).await
    }

    async fn before_delegation_created(
        &self,
        state: &mut Erased<'_>,
        _del: &Address,
        val: &ValAddress,
    ) -> SdkResult<()> {
        let validator = state.existing_validator(val).await?;
        rewards::increment_period(state, &validator).await.map(|_| ())
    }

    async fn before_delegation_shares_modified(
        &self,
        state: &mut Erased<'_>,
        del: &Address,
        val: &ValAddress,
    ) -> SdkResult<()> {
        let validator = state.existing_validator(val).await?;
        let Some(delegation) = state.delegation(del, val).await? else {
            return Err(rewards::broken(format!("shares of a missing delegation {del} → {val}")));
        };
        let height = state.height();
        rewards::withdraw_delegation_rewards(state, height, &validator, &delegation).await.map(|_| ())
    }

    async fn after_delegation_modified(
        &self,
        state: &mut Erased<'_>,
        del: &Address,
        val: &ValAddress,
    ) -> SdkResult<()> {
        let height = state.height();
        rewards::initialize_delegation(state, height, val, del).await
    }

    async fn before_validator_slashed(
        &self,
        state: &mut Erased<'_>,
        val: &ValAddress,
        fraction: LegacyDec,
    ) -> SdkResult<()> {
        let height = state.height();
        rewards::record_slash(state, height, val, fraction).await
    }
}
