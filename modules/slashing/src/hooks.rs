//! Slashing listens to staking (`x/slashing/keeper/hooks.go`): a validator that bonds gets a
//! signing info (or, bonding again, a new start height), so downtime counts only a full window
//! after it joined the set.

use async_trait::async_trait;
use symbiote_core::{ConsAddress, Erased, SdkResult, ValAddress};
use symbiote_staking::StakingHooks;

use crate::state::{self, SigningInfo, SlashingRead};

pub struct SlashingHooks;

#[async_trait]
impl StakingHooks for SlashingHooks {
    async fn after_validator_bonded(
        &self,
        state: &mut Erased<'_>,
        cons: &ConsAddress,
        _val: &ValAddress,
    ) -> SdkResult<()> {
        let height = state.height();
        let info = match state.signing_info(cons).await? {
            Some(info) => SigningInfo { start_height: height, ..info },
            None => SigningInfo::new(*cons, height),
        };
        state::put_signing_info(state, &info)
    }
}
