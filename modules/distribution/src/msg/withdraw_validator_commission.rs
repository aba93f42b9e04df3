//! `MsgWithdrawValidatorCommission` (amino `cosmos-sdk/MsgWithdrawValCommission`): stateful
//! (some commission accumulated, distribution 7) → execute (whole coins to the operator's
//! withdraw address; fractions stay).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as pb;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult, ValAddress};

use crate::state::DistributionRead;
use crate::{errors, rewards};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgWithdrawValidatorCommission {
    pub validator_address: ValAddress,
}

#[async_trait]
impl MsgHandler for MsgWithdrawValidatorCommission {
    const TYPE_URL: &'static str = "/cosmos.distribution.v1beta1.MsgWithdrawValidatorCommission";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.distribution.v1beta1.MsgWithdrawValidatorCommissionResponse";
    type Proto = pb::MsgWithdrawValidatorCommission;
    type Response = pb::MsgWithdrawValidatorCommissionResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { validator_address: p.validator_address.parse()? })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgWithdrawValidatorCommission { validator_address: self.validator_address.to_string() }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.validator_address.account()]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        if state.accumulated_commission(&self.validator_address).await?.is_empty() {
            return Err(errors::no_validator_commission());
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        let paid = rewards::withdraw_commission(state, &self.validator_address).await?;
        Ok(pb::MsgWithdrawValidatorCommissionResponse { amount: paid.to_proto() })
    }
}
