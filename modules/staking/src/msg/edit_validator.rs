//! `MsgEditValidator`: stateless (a description, a positive new minimum, a rate in [0, 1]) →
//! stateful (rate ≥ the chain minimum, the validator exists) → execute (description fields not
//! `[do-not-modify]` replaced; a new rate within the commission rules, at most once a day; the
//! minimum self-delegation only raised, never above the tokens).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use symbiote_core::error::Code;
use symbiote_core::{Address, Amount, LegacyDec, MsgContext, MsgHandler, SdkError, SdkResult, ValAddress};

use super::env;
use crate::errors;
use crate::hooks::{fire, Hook};
use crate::state::{self, StakingRead};
use crate::validator::{dec, int, Description};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgEditValidator {
    pub description: Description,
    pub validator_address: ValAddress,
    /// `None`: keep the rate (an empty field, as the SDK's nil).
    pub commission_rate: Option<LegacyDec>,
    /// `None`: keep the minimum.
    pub min_self_delegation: Option<Amount>,
}

#[async_trait]
impl MsgHandler for MsgEditValidator {
    const TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgEditValidator";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgEditValidatorResponse";
    type Proto = pb::MsgEditValidator;
    type Response = pb::MsgEditValidatorResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            description: Description::from_proto(&p.description.unwrap_or_default()),
            validator_address: p.validator_address.parse()?,
            commission_rate: (!p.commission_rate.is_empty()).then(|| dec(&p.commission_rate)).transpose()?,
            min_self_delegation: (!p.min_self_delegation.is_empty())
                .then(|| int(&p.min_self_delegation))
                .transpose()?,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgEditValidator {
            description: Some(self.description.to_proto()),
            validator_address: self.validator_address.to_string(),
            commission_rate: self.commission_rate.map(|r| r.to_proto_string()).unwrap_or_default(),
            min_self_delegation: self.min_self_delegation.map(|m| m.to_string()).unwrap_or_default(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.validator_address.account()]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.description.is_empty() {
            return Err(SdkError::new(Code::InvalidRequest, "empty description"));
        }
        if self.min_self_delegation.is_some_and(|m| m.is_zero()) {
            return Err(SdkError::new(Code::InvalidRequest, "minimum self delegation must be a positive integer"));
        }
        if let Some(rate) = self.commission_rate {
            if rate > LegacyDec::ONE || rate.is_negative() {
                return Err(SdkError::new(Code::InvalidRequest, "commission rate must be between 0 and 1 (inclusive)"));
            }
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        if let Some(rate) = self.commission_rate {
            let min = state.staking_params().await?.min_commission_rate;
            if rate < min {
                return Err(SdkError::new(
                    Code::InvalidRequest,
                    format!("commission rate cannot be less than the min commission rate {min}"),
                ));
            }
        }
        state.existing_validator(&self.validator_address).await.map(|_| ())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let mut validator = state.existing_validator(&self.validator_address).await?;
        validator.description = validator.description.updated(&self.description)?;
        if let Some(rate) = self.commission_rate {
            // `UpdateValidatorCommission`.
            let mut commission = validator.commission;
            commission.validate_new_rate(rate, ctx.time)?;
            let min = state.staking_params().await?.min_commission_rate;
            if rate < min {
                return Err(errors::commission_lt_min_rate(format!(
                    "cannot set validator commission to less than minimum rate of {min}"
                )));
            }
            commission.commission_rates.rate = rate;
            commission.update_time = ctx.time;
            fire(state, env(ctx), Hook::ValidatorModified(&self.validator_address)).await?;
            validator.commission = commission;
        }
        if let Some(min) = self.min_self_delegation {
            if min <= validator.min_self_delegation {
                return Err(errors::min_self_delegation_decreased());
            }
            if min > validator.tokens {
                return Err(errors::self_delegation_below_minimum());
            }
            validator.min_self_delegation = min;
        }
        state::put_validator(state, &validator)?;
        state.record(crate::events::edit_validator(&validator.commission, validator.min_self_delegation));
        Ok(pb::MsgEditValidatorResponse {})
    }
}
