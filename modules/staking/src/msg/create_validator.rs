//! `MsgCreateValidator`: stateless (operator address, key present and ed25519, positive value,
//! description and commission present and valid, min self-delegation positive and covered by
//! the value) → stateful (rate ≥ the minimum, new operator, new key, bond denom) → execute (an
//! unbonded validator with its self-delegation; the next end block bonds it if its power ranks).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use symbiote_core::error::Code;
use symbiote_core::{Address, Amount, Coin, MsgContext, MsgHandler, SdkError, SdkResult, ValAddress};

use super::{check_bond_denom, env, positive_coin};
use crate::bonding::{delegate, Source};
use crate::errors;
use crate::hooks::{fire, Hook};
use crate::state::{self, StakingRead};
use crate::validator::{int, Commission, CommissionRates, ConsensusPubkey, Description, Validator};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgCreateValidator {
    pub description: Description,
    /// `None` when all three rates were left empty (the SDK's "empty commission").
    pub commission: Option<CommissionRates>,
    pub min_self_delegation: Amount,
    pub validator_address: ValAddress,
    pub pubkey: Option<ConsensusPubkey>,
    pub value: Coin,
    /// The deprecated field, kept only so the message re-encodes as it was signed.
    pub delegator_address: String,
}

#[async_trait]
impl MsgHandler for MsgCreateValidator {
    const TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgCreateValidator";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.staking.v1beta1.MsgCreateValidatorResponse";
    type Proto = pb::MsgCreateValidator;
    type Response = pb::MsgCreateValidatorResponse;

    #[allow(deprecated)]
    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        let validator_address = p.validator_address.parse()?;
        let pubkey = p.pubkey.as_ref().map(ConsensusPubkey::from_any).transpose()?;
        let value = positive_coin(&p.value, "invalid delegation amount")?;
        let rates = p.commission.unwrap_or_default();
        let commission = if rates.rate.is_empty() && rates.max_rate.is_empty() && rates.max_change_rate.is_empty() {
            None
        } else {
            Some(CommissionRates::from_proto(&rates)?)
        };
        Ok(Self {
            description: Description::from_proto(&p.description.unwrap_or_default()),
            commission,
            min_self_delegation: int(&p.min_self_delegation)?,
            validator_address,
            pubkey,
            value,
            delegator_address: p.delegator_address,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        #[allow(deprecated)]
        pb::MsgCreateValidator {
            description: Some(self.description.to_proto()),
            commission: Some(self.commission.map(|c| c.to_proto()).unwrap_or_default()),
            min_self_delegation: self.min_self_delegation.to_string(),
            delegator_address: self.delegator_address.clone(),
            validator_address: self.validator_address.to_string(),
            pubkey: self.pubkey.map(|k| k.to_any()),
            value: Some(self.value.to_proto()),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.validator_address.account()]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.pubkey.is_none() {
            return Err(errors::empty_validator_pubkey());
        }
        if self.description.is_empty() {
            return Err(SdkError::new(Code::InvalidRequest, "empty description"));
        }
        let Some(commission) = self.commission else {
            return Err(SdkError::new(Code::InvalidRequest, "empty commission"));
        };
        commission.validate()?;
        if self.min_self_delegation.is_zero() {
            return Err(SdkError::new(Code::InvalidRequest, "minimum self delegation must be a positive integer"));
        }
        if self.value.amount < self.min_self_delegation {
            return Err(errors::self_delegation_below_minimum());
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        let params = state.staking_params().await?;
        let commission = self.commission.unwrap_or_default();
        if commission.rate < params.min_commission_rate {
            return Err(errors::commission_lt_min_rate(format!(
                "cannot set validator commission to less than minimum rate of {}",
                params.min_commission_rate
            )));
        }
        if state.validator(&self.validator_address).await?.is_some() {
            return Err(errors::validator_owner_exists());
        }
        let pubkey = self.pubkey.ok_or_else(errors::empty_validator_pubkey)?;
        if state.validator_by_cons(&pubkey.address()).await?.is_some() {
            return Err(errors::validator_pubkey_exists());
        }
        check_bond_denom(&self.value, &params.bond_denom)?;
        self.description.ensure_length()
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let env = env(ctx);
        let pubkey = self.pubkey.ok_or_else(errors::empty_validator_pubkey)?;
        let commission = Commission { commission_rates: self.commission.unwrap_or_default(), update_time: ctx.time };
        let mut validator = Validator::new(
            self.validator_address,
            pubkey,
            self.description.clone(),
            commission,
            self.min_self_delegation,
        );
        state::put_validator(state, &validator)?;
        state::put_validator_by_cons(state, &validator)?;
        state::set_power_index(state, &validator)?;
        fire(state, env, Hook::ValidatorCreated(&self.validator_address)).await?;
        delegate(state, env, &self.validator_address.account(), self.value.amount, Source::Account, &mut validator)
            .await?;
        state.record(crate::events::create_validator(&self.validator_address, &self.value));
        Ok(pb::MsgCreateValidatorResponse {})
    }
}
