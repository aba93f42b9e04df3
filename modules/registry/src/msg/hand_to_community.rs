//! `MsgHandToCommunity`: the owner hands a model to the community — from then on only the
//! governance authority moves its aliases and deprecates its versions (the governance issue's
//! bias corrections use this). One way: there is no message back. Stateless (name well formed) →
//! stateful (the model exists, is owner-governed, the signer owns it) → execute.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::registry::v1 as pb;

use super::COMMUNITY;
use crate::refs::check_name;
use crate::state::{self, RegistryRead};
use crate::{errors, events};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgHandToCommunity {
    pub owner: Address,
    pub name: String,
}

#[async_trait]
impl MsgHandler for MsgHandToCommunity {
    const TYPE_URL: &'static str = "/symbiote.registry.v1.MsgHandToCommunity";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.registry.v1.MsgHandToCommunityResponse";
    type Proto = pb::MsgHandToCommunity;
    type Response = pb::MsgHandToCommunityResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { owner: p.owner.parse()?, name: p.name })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgHandToCommunity { owner: self.owner.to_string(), name: self.name.clone() }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        check_name(&self.name)
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        let model = state.existing_model(&self.name).await?;
        if model.governance == COMMUNITY {
            return Err(errors::already_community(format!("model {:?} is community-governed for good", self.name)));
        }
        if model.owner != self.owner.to_string() {
            return Err(errors::unauthorized(format!(
                "only its owner {} hands model {:?} over",
                model.owner, self.name
            )));
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        let model = state.existing_model(&self.name).await?;
        state::put_model(state, &pb::Model { governance: COMMUNITY.to_string(), ..model })?;
        state.record(events::handed_to_community(&self.name, &self.owner.to_string()));
        Ok(pb::MsgHandToCommunityResponse {})
    }
}
