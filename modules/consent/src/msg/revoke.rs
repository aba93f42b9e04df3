//! `MsgRevokeConsent`: the dataset's controller (e.g. the hospital holding the records) or the
//! governance authority revokes a consent — a different record from a withdrawal, equally not
//! retroactive (later uses refused with code 8). Stateless → stateful (the consent exists and has
//! not ended; the signer is the dataset's controller or the gov module account) → execute.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::module_account::authority;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::consent::v1 as pb;

use crate::errors;
use crate::state::ConsentRead;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgRevokeConsent {
    pub authority: Address,
    pub consent_id: u64,
    pub reason: String,
}

#[async_trait]
impl MsgHandler for MsgRevokeConsent {
    const TYPE_URL: &'static str = "/symbiote.consent.v1.MsgRevokeConsent";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.consent.v1.MsgRevokeConsentResponse";
    type Proto = pb::MsgRevokeConsent;
    type Response = pb::MsgRevokeConsentResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { authority: p.authority.parse()?, consent_id: p.consent_id, reason: p.reason })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgRevokeConsent {
            authority: self.authority.to_string(),
            consent_id: self.consent_id,
            reason: self.reason.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        let consent = state.existing_consent(self.consent_id).await?;
        super::check_not_ended(&consent)?;
        let dataset = state.existing_dataset(consent.dataset_id).await?;
        let by = self.authority.to_string();
        let is_controller = !dataset.controller.is_empty() && dataset.controller == by;
        if !is_controller && self.authority != authority() {
            return Err(errors::unauthorized(format!(
                "{by} is neither the controller of dataset {} nor the governance authority; the data owner withdraws",
                dataset.id
            )));
        }
        state.consent_params().await?.check_text("reason", &self.reason, errors::invalid_terms)
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        super::end_consent(state, ctx, self.consent_id, &self.authority, &self.reason, false).await?;
        Ok(pb::MsgRevokeConsentResponse {})
    }
}
