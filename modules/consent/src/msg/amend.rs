//! `MsgAmendConsent`: a new version of a consent's terms supersedes the current one from this
//! block on (uses made under the old version keep their receipts, which name it). Stateless (terms
//! well formed) → stateful (the consent exists and has not ended; the granter is the dataset's
//! owner or controller; the terms valid for the dataset) → execute (old terms into the history,
//! version + 1; the use count carries over, so max_uses counts every version).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::consent::v1 as pb;

use crate::state::{self, ConsentRead};
use crate::terms::Terms;
use crate::{errors, events};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgAmendConsent {
    pub granter: Address,
    pub consent_id: u64,
    pub terms: pb::Terms,
}

impl MsgAmendConsent {
    async fn checked<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<(pb::Consent, Terms)> {
        let consent = state.existing_consent(self.consent_id).await?;
        if consent.withdrawn.is_some() || consent.revoked.is_some() {
            return Err(errors::already_ended(format!("consent {} has ended; grant a new one", consent.id)));
        }
        let dataset = state.existing_dataset(consent.dataset_id).await?;
        let terms = super::granted_terms(state, &dataset, &self.granter, &self.terms, ctx.time).await?;
        Ok((consent, terms))
    }
}

#[async_trait]
impl MsgHandler for MsgAmendConsent {
    const TYPE_URL: &'static str = "/symbiote.consent.v1.MsgAmendConsent";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.consent.v1.MsgAmendConsentResponse";
    type Proto = pb::MsgAmendConsent;
    type Response = pb::MsgAmendConsentResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { granter: p.granter.parse()?, consent_id: p.consent_id, terms: p.terms.unwrap_or_default() })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgAmendConsent {
            granter: self.granter.to_string(),
            consent_id: self.consent_id,
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
        self.checked(state, ctx).await.map(|_| ())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let (mut consent, terms) = self.checked(state, ctx).await?;
        let old = pb::ConsentVersion {
            version: consent.version,
            terms: consent.terms.take(),
            height: consent.amended_height,
        };
        state::put_consent_version(state, consent.id, &old)?;
        consent.version += 1;
        consent.terms = Some(terms.to_proto());
        consent.amended_height = ctx.height;
        state::put_consent(state, &consent)?;
        state.record(events::consent_changed("amend_consent", &consent));
        Ok(pb::MsgAmendConsentResponse { version: consent.version })
    }
}
