//! `MsgWithdrawDelegatorReward` (amino `cosmos-sdk/MsgWithdrawDelegationReward`): stateful (the
//! validator exists, staking 3; the delegation exists, staking 19) → execute (pay the rewards,
//! start the delegation's next period here).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as pb;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult, ValAddress};
use symbiote_staking::{errors as staking_errors, StakingRead};

use crate::rewards;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgWithdrawDelegatorReward {
    pub delegator_address: Address,
    pub validator_address: ValAddress,
}

#[async_trait]
impl MsgHandler for MsgWithdrawDelegatorReward {
    const TYPE_URL: &'static str = "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorRewardResponse";
    type Proto = pb::MsgWithdrawDelegatorReward;
    type Response = pb::MsgWithdrawDelegatorRewardResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { delegator_address: p.delegator_address.parse()?, validator_address: p.validator_address.parse()? })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgWithdrawDelegatorReward {
            delegator_address: self.delegator_address.to_string(),
            validator_address: self.validator_address.to_string(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.delegator_address]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        state.existing_validator(&self.validator_address).await?;
        state
            .delegation(&self.delegator_address, &self.validator_address)
            .await?
            .ok_or_else(staking_errors::no_delegation)?;
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let validator = state.existing_validator(&self.validator_address).await?;
        let delegation = state
            .delegation(&self.delegator_address, &self.validator_address)
            .await?
            .ok_or_else(staking_errors::no_delegation)?;
        let paid = rewards::withdraw_and_restart(state, ctx.height, &validator, &delegation).await?;
        Ok(pb::MsgWithdrawDelegatorRewardResponse { amount: paid.to_proto() })
    }
}
