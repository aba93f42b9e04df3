//! `MsgUndelegate`: stateless (positive amount) → stateful (the validator and the delegation
//! exist and cover the amount, bond denom) → execute (shares removed; the tokens wait out the
//! unbonding time in the not-bonded pool).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use symbiote_core::{Address, Coin, MsgContext, MsgHandler, SdkResult, ValAddress};

use super::{check_bond_denom, env, positive_coin};
use crate::bonding::shares_for_amount;
use crate::state::StakingRead;
use crate::time::to_timestamp;
use crate::unbonding::undelegate;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgUndelegate {
    pub delegator_address: Address,
    pub validator_address: ValAddress,
    pub amount: Coin,
}

#[async_trait]
impl MsgHandler for MsgUndelegate {
    const TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgUndelegate";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgUndelegateResponse";
    type Proto = pb::MsgUndelegate;
    type Response = pb::MsgUndelegateResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            validator_address: p.validator_address.parse()?,
            delegator_address: p.delegator_address.parse()?,
            amount: positive_coin(&p.amount, "invalid shares amount")?,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgUndelegate {
            delegator_address: self.delegator_address.to_string(),
            validator_address: self.validator_address.to_string(),
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
        shares_for_amount(state, &self.delegator_address, &self.validator_address, self.amount.amount).await?;
        check_bond_denom(&self.amount, &state.staking_params().await?.bond_denom)
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let (del, op) = (&self.delegator_address, &self.validator_address);
        let shares = shares_for_amount(state, del, op, self.amount.amount).await?;
        let (completion, amount) = undelegate(state, env(ctx), del, op, shares).await?;
        let coin = Coin::new(self.amount.denom.clone(), amount);
        state.record(crate::events::unbond(op, del, &coin, completion));
        Ok(pb::MsgUndelegateResponse { completion_time: Some(to_timestamp(completion)), amount: Some(coin.to_proto()) })
    }
}
