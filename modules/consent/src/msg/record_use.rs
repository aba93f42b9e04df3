//! `MsgRecordUse`: a use of consented data made off chain, or an access whose disclosed fields
//! become public, recorded on chain under the one permission check
//! ([`crate::permission::check_use`]) with a receipt. Stateless (use and purpose well formed) →
//! stateful (the check at this block) → execute (one more use, the receipt).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::consent::v1 as pb;

use crate::errors;
use crate::permission::{check_use, record_use, ModelUse, UseAt, UseRequest};
use crate::terms::{purpose_from_proto, Use};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgRecordUse {
    pub request: UseRequest,
}

/// A model named by the requester: a 64-hex-digit string is a model id, anything else a name.
pub fn model_named(reference: &str) -> Option<ModelUse> {
    if reference.is_empty() {
        return None;
    }
    let is_id = reference.len() == 64 && reference.bytes().all(|b| b.is_ascii_hexdigit());
    Some(ModelUse {
        name: reference.to_string(),
        model_id: if is_id { reference.to_ascii_lowercase() } else { String::new() },
        features: None,
    })
}

#[async_trait]
impl MsgHandler for MsgRecordUse {
    const TYPE_URL: &'static str = "/symbiote.consent.v1.MsgRecordUse";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.consent.v1.MsgRecordUseResponse";
    type Proto = pb::MsgRecordUse;
    type Response = pb::MsgRecordUseResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            request: UseRequest {
                requester: p.requester.parse()?,
                consent_id: p.consent_id,
                use_: Use::parse(&p.r#use).map_err(|e| errors::invalid_purpose(e.log))?,
                purpose: p.purpose.unwrap_or_default(),
                model: model_named(&p.model),
                disclosure: p.disclosure,
            },
        })
    }

    fn to_proto(&self) -> Self::Proto {
        let r = &self.request;
        pb::MsgRecordUse {
            requester: r.requester.to_string(),
            consent_id: r.consent_id,
            r#use: r.use_.as_str().to_string(),
            purpose: Some(r.purpose.clone()),
            model: r.model.as_ref().map(|m| m.name.clone()).unwrap_or_default(),
            disclosure: r.disclosure.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.request.requester]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.request.model.as_ref().is_some_and(|m| m.name.len() > 1024) {
            return Err(errors::invalid_purpose("the model reference is over 1024 bytes"));
        }
        purpose_from_proto(&self.request.purpose).map(|_| ())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<()> {
        check_use(state, &self.request, ctx.time).await.map(|_| ())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let permit = check_use(state, &self.request, ctx.time).await?;
        let at = UseAt { height: ctx.height, time: Some(ctx.time), tx_hash: ctx.tx_hash, trace_id: String::new() };
        let receipt_id = record_use(state, &self.request, permit, &at).await?;
        Ok(pb::MsgRecordUseResponse { receipt_id })
    }
}
