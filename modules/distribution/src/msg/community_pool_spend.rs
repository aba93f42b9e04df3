//! `MsgCommunityPoolSpend` (governance only): stateless (gov authority, gov 13; a valid amount,
//! code 10) → stateful (the recipient may receive funds, code 4; the pool holds the amount,
//! distribution 9) → execute (pay from the pool).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as pb;
use symbiote_bank::BankWrite;
use symbiote_core::error::Code;
use symbiote_core::module_account::check_authority;
use symbiote_core::{Address, Coins, DecCoins, MsgContext, MsgHandler, SdkError, SdkResult};

use crate::errors;
use crate::rewards::module_address;
use crate::state::{self, DistributionRead};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgCommunityPoolSpend {
    pub authority: Address,
    pub recipient: Address,
    pub amount: Coins,
}

#[async_trait]
impl MsgHandler for MsgCommunityPoolSpend {
    const TYPE_URL: &'static str = "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.distribution.v1beta1.MsgCommunityPoolSpendResponse";
    type Proto = pb::MsgCommunityPoolSpend;
    type Response = pb::MsgCommunityPoolSpendResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { authority: p.authority.parse()?, recipient: p.recipient.parse()?, amount: super::amount(&p.amount)? })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgCommunityPoolSpend {
            authority: self.authority.to_string(),
            recipient: self.recipient.to_string(),
            amount: self.amount.to_proto(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        check_authority(&self.authority)
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<()> {
        if ctx.accounts.is_blocked(&self.recipient) {
            return Err(SdkError::new(
                Code::Unauthorized,
                format!("{} is not allowed to receive external funds", self.recipient),
            ));
        }
        if !state.community_pool().await?.covers(&DecCoins::from_coins(&self.amount)) {
            return Err(errors::bad_distribution());
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        let pool = state.community_pool().await?.checked_sub(&DecCoins::from_coins(&self.amount))?;
        state::put_community_pool(state, &pool)?;
        state.send(&module_address(), &self.recipient, &self.amount).await?;
        Ok(pb::MsgCommunityPoolSpendResponse {})
    }
}
