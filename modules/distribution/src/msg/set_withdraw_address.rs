//! `MsgSetWithdrawAddress` (amino `cosmos-sdk/MsgModifyWithdrawAddress`): stateful (the new
//! address may receive funds, code 4; withdraw addresses enabled, distribution 8) → execute.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as pb;
use symbiote_core::error::Code;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkError, SdkResult};

use crate::state::{self, DistributionRead};
use crate::{errors, events};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgSetWithdrawAddress {
    pub delegator_address: Address,
    pub withdraw_address: Address,
}

#[async_trait]
impl MsgHandler for MsgSetWithdrawAddress {
    const TYPE_URL: &'static str = "/cosmos.distribution.v1beta1.MsgSetWithdrawAddress";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.distribution.v1beta1.MsgSetWithdrawAddressResponse";
    type Proto = pb::MsgSetWithdrawAddress;
    type Response = pb::MsgSetWithdrawAddressResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { delegator_address: p.delegator_address.parse()?, withdraw_address: p.withdraw_address.parse()? })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgSetWithdrawAddress {
            delegator_address: self.delegator_address.to_string(),
            withdraw_address: self.withdraw_address.to_string(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.delegator_address]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<()> {
        if ctx.accounts.is_blocked(&self.withdraw_address) {
            return Err(SdkError::new(
                Code::Unauthorized,
                format!("{} is not allowed to receive external funds", self.withdraw_address),
            ));
        }
        if !state.distribution_params().await?.withdraw_addr_enabled {
            return Err(errors::set_withdraw_addr_disabled());
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        state.record(events::set_withdraw_address(&self.withdraw_address));
        state::put_withdraw_address(state, &self.delegator_address, &self.withdraw_address)?;
        Ok(pb::MsgSetWithdrawAddressResponse {})
    }
}
