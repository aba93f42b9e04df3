//! One handler per consent message: stateless → stateful check → execute.

mod amend;
mod grant;
mod record_use;
mod register_dataset;
mod revoke;
mod update_params;
mod withdraw;

pub use amend::MsgAmendConsent;
pub use grant::MsgGrantConsent;
pub use record_use::{model_named, MsgRecordUse};
pub use register_dataset::{MsgRegisterDataset, FIELD_TYPES};
pub use revoke::MsgRevokeConsent;
pub use update_params::MsgUpdateParams;
pub use withdraw::MsgWithdrawConsent;

symbiote_core::msg_set! {
    /// Every message of the consent module.
    pub enum ConsentMsg for crate::MODULE {
        RegisterDataset(MsgRegisterDataset),
        GrantConsent(MsgGrantConsent),
        AmendConsent(MsgAmendConsent),
        WithdrawConsent(MsgWithdrawConsent),
        RevokeConsent(MsgRevokeConsent),
        RecordUse(MsgRecordUse),
        UpdateParams(MsgUpdateParams),
    }
}

use symbiote_core::{Address, SdkResult};
use symbiote_proto::symbiote::consent::v1 as pb;

use crate::terms::Terms;
use crate::{errors, Params};

/// Consents are granted and amended by the dataset's owner or its controller.
fn check_granter(dataset: &pb::Dataset, granter: &Address) -> SdkResult<()> {
    let g = granter.to_string();
    if dataset.owner == g || (!dataset.controller.is_empty() && dataset.controller == g) {
        return Ok(());
    }
    Err(errors::unauthorized(format!("{g} is neither the owner nor the controller of dataset {}", dataset.id)))
}

/// Terms a granter may give on `dataset` at block time `now`: the granter is its owner or
/// controller, the terms within the params, their fields in its schema, their expiry ahead.
async fn granted_terms<S: cnidarium::StateRead>(
    state: &S,
    dataset: &pb::Dataset,
    granter: &Address,
    terms: &pb::Terms,
    now: tendermint::Time,
) -> SdkResult<Terms> {
    use crate::state::ConsentRead;
    check_granter(dataset, granter)?;
    let terms = Terms::from_proto(terms, &state.consent_params().await?)?;
    terms.check_against(dataset, now)?;
    Ok(terms)
}

/// Terms parsed without the params' size limits: the structural checks a tx fails before its fee.
fn terms_stateless(p: Option<&pb::Terms>) -> SdkResult<Terms> {
    let p = p.ok_or_else(|| errors::invalid_terms("terms are required"))?;
    Terms::from_proto(p, &Params { max_text_bytes: u32::MAX, ..Params::default() })
}

/// Withdrawal and revocation: a consent that has not ended, the ending recorded.
async fn end_consent<S: cnidarium::StateWrite>(
    state: &mut S,
    ctx: &symbiote_core::MsgContext,
    consent_id: u64,
    by: &Address,
    reason: &str,
    withdraw: bool,
) -> SdkResult<()> {
    use crate::state::ConsentRead;
    let mut consent = state.existing_consent(consent_id).await?;
    let ending =
        pb::Ending { height: ctx.height, time: Some(ctx.time.into()), by: by.to_string(), reason: reason.to_string() };
    let kind = if withdraw { "withdraw_consent" } else { "revoke_consent" };
    if withdraw {
        consent.withdrawn = Some(ending.clone());
    } else {
        consent.revoked = Some(ending.clone());
    }
    crate::state::put_consent(state, &consent)?;
    state.record(crate::events::consent_ended(kind, &consent, &ending));
    Ok(())
}

/// A consent can end once.
fn check_not_ended(consent: &pb::Consent) -> SdkResult<()> {
    if let Some(w) = &consent.withdrawn {
        return Err(errors::already_ended(format!("consent {} was withdrawn at height {}", consent.id, w.height)));
    }
    if let Some(r) = &consent.revoked {
        return Err(errors::already_ended(format!("consent {} was revoked at height {}", consent.id, r.height)));
    }
    Ok(())
}
