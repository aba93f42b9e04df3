//! `MsgCancelUnbondingDelegation`: stateless (positive amount, positive creation height) →
//! stateful (bond denom, the validator exists with a valid rate and is not jailed) → execute
//! (the entry created at that height exists, covers the amount and has not completed; the
//! amount is delegated back, from the not-bonded pool, and taken off the entry).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use symbiote_core::error::Code;
use symbiote_core::{Address, Coin, MsgContext, MsgHandler, SdkError, SdkResult, ValAddress};

use super::{check_bond_denom, env, positive_coin};
use crate::bonding::{delegate, Source};
use crate::errors;
use crate::state::{self, StakingRead};
use crate::validator::BondStatus;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgCancelUnbondingDelegation {
    pub delegator_address: Address,
    pub validator_address: ValAddress,
    pub amount: Coin,
    pub creation_height: i64,
}

#[async_trait]
impl MsgHandler for MsgCancelUnbondingDelegation {
    const TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgCancelUnbondingDelegation";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgCancelUnbondingDelegationResponse";
    type Proto = pb::MsgCancelUnbondingDelegation;
    type Response = pb::MsgCancelUnbondingDelegationResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            validator_address: p.validator_address.parse()?,
            delegator_address: p.delegator_address.parse()?,
            amount: positive_coin(&p.amount, "invalid amount")?,
            creation_height: p.creation_height,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgCancelUnbondingDelegation {
            delegator_address: self.delegator_address.to_string(),
            validator_address: self.validator_address.to_string(),
            amount: Some(self.amount.to_proto()),
            creation_height: self.creation_height,
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.delegator_address]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.creation_height <= 0 {
            return Err(SdkError::new(Code::InvalidRequest, "invalid height"));
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        check_bond_denom(&self.amount, &state.staking_params().await?.bond_denom)?;
        let validator = state.existing_validator(&self.validator_address).await?;
        if validator.invalid_ex_rate() {
            return Err(errors::ex_rate_invalid());
        }
        if validator.jailed {
            return Err(errors::validator_jailed());
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let (del, op) = (&self.delegator_address, &self.validator_address);
        let Some(mut ubd) = state.unbonding_delegation(del, op).await? else {
            // The SDK answers with a gRPC NotFound status here, which is not a registered ABCI
            // error; symbiote uses staking's own code for it.
            return Err(errors::no_unbonding_delegation(format!(
                "unbonding delegation with delegator {del} not found for validator {op}"
            )));
        };
        let height = self.creation_height as u64;
        let Some(index) = ubd.entries.iter().position(|e| e.creation_height == height) else {
            return Err(SdkError::new(
                Code::NotFound,
                format!("unbonding delegation entry is not found at block height {}", self.creation_height),
            ));
        };
        let entry = ubd.entries[index].clone();
        if entry.balance < self.amount.amount {
            return Err(SdkError::new(
                Code::InvalidRequest,
                "amount is greater than the unbonding delegation entry balance",
            ));
        }
        if entry.completion_time < ctx.time {
            return Err(SdkError::new(Code::InvalidRequest, "unbonding delegation is already processed"));
        }

        let mut validator = state.existing_validator(op).await?;
        delegate(state, env(ctx), del, self.amount.amount, Source::Staked(BondStatus::Unbonding), &mut validator)
            .await?;

        let left = entry.balance.saturating_sub(self.amount.amount);
        if left.is_zero() {
            ubd.entries.remove(index);
        } else {
            let e = &mut ubd.entries[index];
            e.balance = left;
            e.initial_balance = e.initial_balance.saturating_sub(self.amount.amount);
        }
        state::put_ubd(state, &ubd)?;
        state.record(crate::events::cancel_unbonding(op, del, &self.amount, self.creation_height));
        Ok(pb::MsgCancelUnbondingDelegationResponse {})
    }
}
