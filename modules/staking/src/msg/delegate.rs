//! `MsgDelegate`: stateless (positive amount) → stateful (the validator exists, bond denom) →
//! execute (tokens from the wallet into the validator's pool, shares to the delegator).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use symbiote_core::{Address, Coin, MsgContext, MsgHandler, SdkResult, ValAddress};

use super::{check_bond_denom, env, positive_coin};
use crate::bonding::{delegate, Source};
use crate::state::StakingRead;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgDelegate {
    pub delegator_address: Address,
    pub validator_address: ValAddress,
    pub amount: Coin,
}

#[async_trait]
impl MsgHandler for MsgDelegate {
    const TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgDelegate";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgDelegateResponse";
    type Proto = pb::MsgDelegate;
    type Response = pb::MsgDelegateResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            validator_address: p.validator_address.parse()?,
            delegator_address: p.delegator_address.parse()?,
            amount: positive_coin(&p.amount, "invalid delegation amount")?,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgDelegate {
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
        state.existing_validator(&self.validator_address).await?;
        check_bond_denom(&self.amount, &state.staking_params().await?.bond_denom)
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let mut validator = state.existing_validator(&self.validator_address).await?;
        let shares =
            delegate(state, env(ctx), &self.delegator_address, self.amount.amount, Source::Account, &mut validator)
                .await?;
        state.record(crate::events::delegate(&self.validator_address, &self.delegator_address, &self.amount, shares));
        Ok(pb::MsgDelegateResponse {})
    }
}
