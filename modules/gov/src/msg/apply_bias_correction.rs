//! `MsgApplyBiasCorrection`: what a passed bias-correction proposal executes, as the gov account.
//! Stateless (authority is the gov account, gov 13) → stateful (none) → execute (the proposal's
//! audit report exists and names this move, gov 105; the alias still points at the audited
//! version, 105; the gate passes with the params now, 108; the alias moved through the registry's
//! `MsgSetAlias`, its history recording the proposal).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::module_account::{authority, check_authority};
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::gov::v1 as pb;
use symbiote_registry::msg::MsgSetAlias;
use symbiote_registry::RegistryRead;

use crate::state::GovRead;
use crate::{audit, errors};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgApplyBiasCorrection {
    pub authority: Address,
    pub proposal_id: u64,
    pub model: String,
    pub alias: String,
    pub from_version: u32,
    pub to_version: u32,
}

/// The alias history's reason for a move a proposal made.
pub fn reason(proposal_id: u64) -> String {
    format!("bias correction: gov proposal {proposal_id}")
}

#[async_trait]
impl MsgHandler for MsgApplyBiasCorrection {
    const TYPE_URL: &'static str = "/symbiote.gov.v1.MsgApplyBiasCorrection";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.gov.v1.MsgApplyBiasCorrectionResponse";
    type Proto = pb::MsgApplyBiasCorrection;
    type Response = pb::MsgApplyBiasCorrectionResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            authority: p.authority.parse()?,
            proposal_id: p.proposal_id,
            model: p.model,
            alias: p.alias,
            from_version: p.from_version,
            to_version: p.to_version,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgApplyBiasCorrection {
            authority: self.authority.to_string(),
            proposal_id: self.proposal_id,
            model: self.model.clone(),
            alias: self.alias.clone(),
            from_version: self.from_version,
            to_version: self.to_version,
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        check_authority(&self.authority)
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let id = self.proposal_id;
        let report = state
            .audit_report(id)
            .await?
            .ok_or_else(|| errors::invalid_bias_correction(format!("proposal {id} carries no audit")))?;
        let audited = (report.model.as_str(), report.alias.as_str(), report.current_version, report.candidate_version);
        if audited != (self.model.as_str(), self.alias.as_str(), self.from_version, self.to_version) {
            return Err(errors::invalid_bias_correction(format!("proposal {id}'s audit is of another move")));
        }
        let now = state.alias(&self.model, &self.alias).await?.map(|a| a.version);
        if now != Some(self.from_version) {
            return Err(errors::invalid_bias_correction(format!(
                "{}@{} no longer points at the audited version {} (now {now:?})",
                self.model, self.alias, self.from_version
            )));
        }
        let params = state.audit_params().await?;
        let gate = audit::gate(&report.current.unwrap_or_default(), &report.candidate.unwrap_or_default(), &params)?;
        if !gate.passes {
            return Err(errors::gate_refused(gate.reason));
        }
        let set = MsgSetAlias {
            sender: authority(),
            name: self.model.clone(),
            alias: self.alias.clone(),
            version: self.to_version,
            reason: reason(id),
        };
        set.check_stateless()?;
        set.check_stateful(state, ctx).await?;
        set.execute(state, ctx).await?;
        Ok(pb::MsgApplyBiasCorrectionResponse {})
    }
}
