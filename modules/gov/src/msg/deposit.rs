//! `MsgDeposit`: stateless (depositor address; coins valid and not empty) → stateful (none: the
//! checks need the proposal, which `execute` reads) → execute (`AddDeposit`: the proposal in its
//! deposit or voting period, accepted denoms, the minimum ratio; the coins to the gov account;
//! the voting period started once the minimum deposit is reached).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use symbiote_core::error::Code;
use symbiote_core::{Address, Coins, MsgContext, MsgHandler, SdkError, SdkResult};

use crate::proposal::coins;
use crate::{deposits, events};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgDeposit {
    pub proposal_id: u64,
    pub depositor: Address,
    pub amount: Coins,
}

#[async_trait]
impl MsgHandler for MsgDeposit {
    const TYPE_URL: &'static str = "/cosmos.gov.v1.MsgDeposit";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.gov.v1.MsgDepositResponse";
    type Proto = pb::MsgDeposit;
    type Response = pb::MsgDepositResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { proposal_id: p.proposal_id, depositor: p.depositor.parse()?, amount: coins(&p.amount)? })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgDeposit {
            proposal_id: self.proposal_id,
            depositor: self.depositor.to_string(),
            amount: self.amount.to_proto(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.depositor]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.amount.is_empty() {
            // The SDK's `Wrap(amount.String())` of no coins.
            return Err(SdkError::new(Code::InvalidCoins, ""));
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        if deposits::add(state, self.proposal_id, &self.depositor, &self.amount, ctx.time).await? {
            state.record(events::voting_period_start("proposal_deposit", self.proposal_id));
        }
        Ok(pb::MsgDepositResponse {})
    }
}
