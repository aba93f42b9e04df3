//! `MsgGrantConsent`: stateless (terms well formed) → stateful (the dataset exists, the granter
//! is its owner or controller, the terms within the params and consistent with the dataset: fields
//! in its schema, expiry after this block) → execute (consent version 1).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::consent::v1 as pb;

use crate::events;
use crate::state::{self, ConsentRead};
use crate::terms::Terms;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgGrantConsent {
    pub granter: Address,
    pub dataset_id: u64,
    pub terms: pb::Terms,
}

impl MsgGrantConsent {
    async fn checked_terms<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<Terms> {
        let dataset = state.existing_dataset(self.dataset_id).await?;
        super::granted_terms(state, &dataset, &self.granter, &self.terms, ctx.time).await
    }
}

#[async_trait]
impl MsgHandler for MsgGrantConsent {
    const TYPE_URL: &'static str = "/symbiote.consent.v1.MsgGrantConsent";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.consent.v1.MsgGrantConsentResponse";
    type Proto = pb::MsgGrantConsent;
    type Response = pb::MsgGrantConsentResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { granter: p.granter.parse()?, dataset_id: p.dataset_id, terms: p.terms.unwrap_or_default() })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgGrantConsent {
            granter: self.granter.to_string(),
            dataset_id: self.dataset_id,
            terms: Some(self.terms.clone()),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.granter]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        super::terms_stateless(Some(&self.terms)).map(|_| ())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<()> {
        self.checked_terms(state, ctx).await.map(|_| ())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let terms = self.checked_terms(state, ctx).await?;
        let id = state::take_id(state, state::CONSENT).await?;
        let consent = pb::Consent {
            id,
            dataset_id: self.dataset_id,
            granter: self.granter.to_string(),
            version: 1,
            terms: Some(terms.to_proto()),
            granted_height: ctx.height,
            amended_height: ctx.height,
            uses: 0,
            withdrawn: None,
            revoked: None,
            granted_time: Some(ctx.time.into()),
        };
        state::put_consent(state, &consent)?;
        state.record(events::consent_changed("grant_consent", &consent));
        Ok(pb::MsgGrantConsentResponse { consent_id: id })
    }
}
