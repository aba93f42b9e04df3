//! `MsgUnjail` (amino `cosmos-sdk/MsgUnjail`, JSON field `address`): stateful, in the SDK's
//! order — the validator exists (slashing 2), has a self-delegation (6) of at least its minimum
//! (7), is jailed (5), and, if it ever bonded, is not tombstoned and its jail time has passed
//! (4) → execute (back in the power index; it rejoins the set at the end of the block if it
//! ranks).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as pb;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult, ValAddress};
use symbiote_staking::{slash, StakingRead};

use crate::errors;
use crate::state::SlashingRead;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgUnjail {
    pub validator_addr: ValAddress,
}

#[async_trait]
impl MsgHandler for MsgUnjail {
    const TYPE_URL: &'static str = "/cosmos.slashing.v1beta1.MsgUnjail";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.slashing.v1beta1.MsgUnjailResponse";
    type Proto = pb::MsgUnjail;
    type Response = pb::MsgUnjailResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { validator_addr: p.validator_addr.parse()? })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgUnjail { validator_addr: self.validator_addr.to_string() }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.validator_addr.account()]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<()> {
        let op = self.validator_addr;
        let validator = state.validator(&op).await?.ok_or_else(errors::no_validator_for_address)?;
        let self_delegation =
            state.delegation(&op.account(), &op).await?.ok_or_else(errors::missing_self_delegation)?;
        let tokens = validator
            .tokens_from_shares(self_delegation.shares)?
            .truncate_int()
            .map_err(|_| symbiote_core::SdkError::internal("self-bond out of range"))?;
        if tokens < validator.min_self_delegation {
            return Err(errors::self_delegation_too_low(format!(
                "{tokens} less than {}",
                validator.min_self_delegation
            )));
        }
        if !validator.jailed {
            return Err(errors::validator_not_jailed());
        }
        // A jailed validator without signing info never bonded (jailed for its self-bond alone):
        // it may unjail once its self-bond is back above the minimum.
        if let Some(info) = state.signing_info(&validator.cons_address()).await? {
            if info.tombstoned {
                return Err(errors::validator_jailed("validator was tombstoned for double signing"));
            }
            if ctx.time < info.jailed_until {
                return Err(errors::validator_jailed(format!("jailed until {}", info.jailed_until)));
            }
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        let validator = state.existing_validator(&self.validator_addr).await?;
        slash::unjail(state, &validator.cons_address()).await?;
        Ok(pb::MsgUnjailResponse {})
    }
}
