//! `MsgWithdrawRewards`: stateless (a valid owner) → execute (everything accrued to the owner paid
//! out of the inference module account; nothing accrued is not an error and pays nothing, as the
//! SDK's reward withdrawals).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::inference::v1 as pb;

use crate::rewards;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgWithdrawRewards {
    pub owner: Address,
}

#[async_trait]
impl MsgHandler for MsgWithdrawRewards {
    const TYPE_URL: &'static str = "/symbiote.inference.v1.MsgWithdrawRewards";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.inference.v1.MsgWithdrawRewardsResponse";
    type Proto = pb::MsgWithdrawRewards;
    type Response = pb::MsgWithdrawRewardsResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { owner: p.owner.parse()? })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgWithdrawRewards { owner: self.owner.to_string() }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        let paid = rewards::withdraw(state, &self.owner).await?;
        Ok(pb::MsgWithdrawRewardsResponse { amount: paid.to_proto() })
    }
}
