//! `MsgFundCommunityPool`: stateless (a valid, non-empty amount, code 10) → execute (coins from
//! the depositor into the distribution account, credited to the community pool; code 5 if short).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as pb;
use symbiote_core::{Address, Coins, MsgContext, MsgHandler, SdkResult};

use crate::pool::fund_community_pool;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgFundCommunityPool {
    pub amount: Coins,
    pub depositor: Address,
}

#[async_trait]
impl MsgHandler for MsgFundCommunityPool {
    const TYPE_URL: &'static str = "/cosmos.distribution.v1beta1.MsgFundCommunityPool";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.distribution.v1beta1.MsgFundCommunityPoolResponse";
    type Proto = pb::MsgFundCommunityPool;
    type Response = pb::MsgFundCommunityPoolResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { depositor: p.depositor.parse()?, amount: super::amount(&p.amount)? })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgFundCommunityPool { amount: self.amount.to_proto(), depositor: self.depositor.to_string() }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.depositor]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        fund_community_pool(state, &self.depositor, &self.amount).await?;
        Ok(pb::MsgFundCommunityPoolResponse {})
    }
}
