//! `MsgBeginRedelegate`: stateless (positive amount) → stateful (the source validator and the
//! delegation exist and cover the amount, bond denom) → execute (`BeginRedelegation`: not to
//! the same validator, destination exists, no transitive redelegation, entries below
//! `max_entries`; shares move now, the entry matures with the source's unbonding).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use symbiote_core::{Address, Coin, MsgContext, MsgHandler, SdkResult, ValAddress};

use super::{check_bond_denom, env, positive_coin};
use crate::bonding::shares_for_amount;
use crate::state::StakingRead;
use crate::time::to_timestamp;
use crate::unbonding::begin_redelegation;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgBeginRedelegate {
    pub delegator_address: Address,
    pub validator_src_address: ValAddress,
    pub validator_dst_address: ValAddress,
    pub amount: Coin,
}

#[async_trait]
impl MsgHandler for MsgBeginRedelegate {
    const TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgBeginRedelegate";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgBeginRedelegateResponse";
    type Proto = pb::MsgBeginRedelegate;
    type Response = pb::MsgBeginRedelegateResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            validator_src_address: p.validator_src_address.parse()?,
            validator_dst_address: p.validator_dst_address.parse()?,
            delegator_address: p.delegator_address.parse()?,
            amount: positive_coin(&p.amount, "invalid shares amount")?,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgBeginRedelegate {
            delegator_address: self.delegator_address.to_string(),
            validator_src_address: self.validator_src_address.to_string(),
            validator_dst_address: self.validator_dst_address.to_string(),
            amount: Some(self.amount.to_proto()),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.delegator_address]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        shares_for_amount(state, &self.delegator_address, &self.validator_src_address, self.amount.amount).await?;
        check_bond_denom(&self.amount, &state.staking_params().await?.bond_denom)
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let (del, src, dst) = (&self.delegator_address, &self.validator_src_address, &self.validator_dst_address);
        let shares = shares_for_amount(state, del, src, self.amount.amount).await?;
        let completion = begin_redelegation(state, env(ctx), del, src, dst, shares).await?;
        state.record(crate::events::redelegate(src, dst, &self.amount, completion));
        Ok(pb::MsgBeginRedelegateResponse { completion_time: Some(to_timestamp(completion)) })
    }
}
