//! `MsgUpdateParams` (governance only): stateless (authority is the gov module account, gov
//! code 13; params valid, code 18) → execute (store them).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::mint::v1beta1 as pb;
use symbiote_core::error::Code;
use symbiote_core::module_account::check_authority;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkError, SdkResult};

use crate::state::put_params;
use crate::Params;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    pub params: Params,
}

#[async_trait]
impl MsgHandler for MsgUpdateParams {
    const TYPE_URL: &'static str = "/cosmos.mint.v1beta1.MsgUpdateParams";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.mint.v1beta1.MsgUpdateParamsResponse";
    type Proto = pb::MsgUpdateParams;
    type Response = pb::MsgUpdateParamsResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        let params = p.params.ok_or_else(|| SdkError::new(Code::InvalidRequest, "params must be supplied"))?;
        Ok(Self { authority: p.authority.parse()?, params: Params::from_proto(&params)? })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgUpdateParams { authority: self.authority.to_string(), params: Some(self.params.to_proto()) }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        check_authority(&self.authority)?;
        self.params.validate()
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        put_params(state, &self.params)?;
        Ok(pb::MsgUpdateParamsResponse {})
    }
}
