//! Governance-only parameter updates. Stateless: the authority must be the gov module account
//! (gov code 13) and the params valid (code 18) → execute (store them).
//!
//! `cosmos.auth.v1beta1.MsgUpdateParams` replaces the SDK's five parameters and keeps symbiote's;
//! `symbiote.auth.v1.MsgUpdateParams` replaces all of them.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::auth::v1beta1 as sdk;
use symbiote_core::error::Code;
use symbiote_core::module_account::check_authority;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkError, SdkResult};
use symbiote_proto::symbiote::auth::v1 as pb;

use crate::state::{put_params, AuthRead};
use crate::Params;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgUpdateSdkParams {
    pub authority: Address,
    pub params: sdk::Params,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    pub params: Params,
}

fn params_missing() -> SdkError {
    SdkError::new(Code::InvalidRequest, "params must be supplied")
}

#[async_trait]
impl MsgHandler for MsgUpdateSdkParams {
    const TYPE_URL: &'static str = "/cosmos.auth.v1beta1.MsgUpdateParams";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.auth.v1beta1.MsgUpdateParamsResponse";
    type Proto = sdk::MsgUpdateParams;
    type Response = sdk::MsgUpdateParamsResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { authority: p.authority.parse()?, params: p.params.ok_or_else(params_missing)? })
    }

    fn to_proto(&self) -> Self::Proto {
        sdk::MsgUpdateParams { authority: self.authority.to_string(), params: Some(self.params.clone()) }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        check_authority(&self.authority)?;
        // The SDK fields must be valid on their own, whatever symbiote's are.
        Params::default().with_sdk(&self.params).validate()
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        let params = state.auth_params().await?.with_sdk(&self.params);
        put_params(state, &params)?;
        Ok(sdk::MsgUpdateParamsResponse {})
    }
}

#[async_trait]
impl MsgHandler for MsgUpdateParams {
    const TYPE_URL: &'static str = "/symbiote.auth.v1.MsgUpdateParams";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.auth.v1.MsgUpdateParamsResponse";
    type Proto = pb::MsgUpdateParams;
    type Response = pb::MsgUpdateParamsResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        let params = p.params.as_ref().ok_or_else(params_missing)?;
        Ok(Self { authority: p.authority.parse()?, params: Params::from_proto(params)? })
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
