//! `MsgWithdrawConsent` (GDPR Art. 7(3)): the data owner withdraws. Not retroactive: uses at
//! earlier blocks keep their receipts; every use from the next message on is refused (code 7).
//! Stateless → stateful (the consent exists, has not ended, the signer owns its dataset; reason
//! within the text limit) → execute (the withdrawal recorded: height, time, by, reason).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::consent::v1 as pb;

use crate::errors;
use crate::state::ConsentRead;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgWithdrawConsent {
    pub owner: Address,
    pub consent_id: u64,
    pub reason: String,
}

#[async_trait]
impl MsgHandler for MsgWithdrawConsent {
    const TYPE_URL: &'static str = "/symbiote.consent.v1.MsgWithdrawConsent";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.consent.v1.MsgWithdrawConsentResponse";
    type Proto = pb::MsgWithdrawConsent;
    type Response = pb::MsgWithdrawConsentResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { owner: p.owner.parse()?, consent_id: p.consent_id, reason: p.reason })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgWithdrawConsent {
            owner: self.owner.to_string(),
            consent_id: self.consent_id,
            reason: self.reason.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        let consent = state.existing_consent(self.consent_id).await?;
        super::check_not_ended(&consent)?;
        let dataset = state.existing_dataset(consent.dataset_id).await?;
        if dataset.owner != self.owner.to_string() {
            return Err(errors::unauthorized(format!(
                "only the data owner {} withdraws consent {}; a controller revokes",
                dataset.owner, consent.id
            )));
        }
        state.consent_params().await?.check_text("reason", &self.reason, errors::invalid_terms)
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        super::end_consent(state, ctx, self.consent_id, &self.owner, &self.reason, true).await?;
        Ok(pb::MsgWithdrawConsentResponse {})
    }
}
