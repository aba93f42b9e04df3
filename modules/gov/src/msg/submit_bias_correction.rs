//! `MsgSubmitBiasCorrection`: a gov proposal to move a community model's alias to a candidate
//! version, carrying a fairness audit of both versions computed here, on chain.
//!
//! Stateless (proposer; model, alias, candidate, sensitive column named; the proposal's own checks
//! as `MsgSubmitProposal`'s) → stateful (none: the audit needs the target first) → execute: audits
//! enabled (`max_audit_cost` > 0, gov 106); the target ([`crate::audit::target`], gov 105); the
//! audit dataset complete (gov 100, 104); the consent ledger's check of an audit use by
//! governance (consent codes); the cost — both versions' cost per pass × rows — within
//! `max_audit_cost` (gov 106) and charged as gas; both versions run on every row; the proposal
//! submitted as `MsgSubmitProposal` with one message, `MsgApplyBiasCorrection`; a consent receipt;
//! the report (with the gate's verdict at submission) stored under the proposal's id.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_consent::{check_use, record_use, UseAt};
use symbiote_core::module_account::authority;
use symbiote_core::msg::encode_any;
use symbiote_core::store::WriteExt;
use symbiote_core::{Address, Coins, MsgContext, MsgHandler, SdkError, SdkResult};
use symbiote_proto::symbiote::gov::v1 as pb;

use super::apply_bias_correction::MsgApplyBiasCorrection;
use super::register_audit_dataset::audit_use;
use super::submit_proposal::MsgSubmitProposal;
use crate::proposal::coins;
use crate::state::{self, GovRead};
use crate::{audit, errors, events};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgSubmitBiasCorrection {
    pub proposer: Address,
    pub model: String,
    pub alias: String,
    pub candidate_version: u32,
    pub audit_dataset_id: u64,
    pub sensitive_column: String,
    pub initial_deposit: Coins,
    pub title: String,
    pub summary: String,
    pub metadata: String,
}

impl MsgSubmitBiasCorrection {
    /// The gov proposal it submits: one message, moving the alias from `from` (the version the
    /// alias points at now) as proposal `id`.
    fn proposal(&self, id: u64, from: u32) -> MsgSubmitProposal {
        let apply = MsgApplyBiasCorrection {
            authority: authority(),
            proposal_id: id,
            model: self.model.clone(),
            alias: self.alias.clone(),
            from_version: from,
            to_version: self.candidate_version,
        };
        MsgSubmitProposal {
            messages: vec![encode_any(&apply)],
            initial_deposit: self.initial_deposit.clone(),
            proposer: self.proposer,
            metadata: self.metadata.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            expedited: false,
        }
    }
}

#[async_trait]
impl MsgHandler for MsgSubmitBiasCorrection {
    const TYPE_URL: &'static str = "/symbiote.gov.v1.MsgSubmitBiasCorrection";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.gov.v1.MsgSubmitBiasCorrectionResponse";
    type Proto = pb::MsgSubmitBiasCorrection;
    type Response = pb::MsgSubmitBiasCorrectionResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            proposer: p.proposer.parse()?,
            initial_deposit: coins(&p.initial_deposit)?,
            model: p.model,
            alias: p.alias,
            candidate_version: p.candidate_version,
            audit_dataset_id: p.audit_dataset_id,
            sensitive_column: p.sensitive_column,
            title: p.title,
            summary: p.summary,
            metadata: p.metadata,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgSubmitBiasCorrection {
            proposer: self.proposer.to_string(),
            model: self.model.clone(),
            alias: self.alias.clone(),
            candidate_version: self.candidate_version,
            audit_dataset_id: self.audit_dataset_id,
            sensitive_column: self.sensitive_column.clone(),
            initial_deposit: self.initial_deposit.to_proto(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            metadata: self.metadata.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.proposer]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.model.is_empty() || self.alias.is_empty() || self.sensitive_column.is_empty() {
            return Err(errors::invalid_bias_correction("a model, an alias and a sensitive column are required"));
        }
        if self.candidate_version == 0 {
            return Err(errors::invalid_bias_correction("the candidate version must be given"));
        }
        self.proposal(1, 0).check_stateless()
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let params = state.audit_params().await?;
        if params.max_audit_cost == 0 {
            return Err(errors::audit_over_budget("audits are switched off (max_audit_cost is 0)"));
        }
        let target = audit::target(state, &self.model, &self.alias, self.candidate_version).await?;
        let dataset = state.existing_audit_dataset(self.audit_dataset_id).await?;
        if dataset.rows_added < dataset.row_count {
            return Err(errors::audit_incomplete(format!(
                "audit dataset {} has {} of its {} rows",
                dataset.id, dataset.rows_added, dataset.row_count
            )));
        }
        let purpose = dataset.purpose.clone().unwrap_or_default();
        let use_request = audit_use(dataset.consent_id, &purpose);
        check_use(state, &use_request, ctx.time).await?;
        let cost = audit::cost(&target, dataset.row_count);
        if cost > params.max_audit_cost {
            return Err(errors::audit_over_budget(format!(
                "auditing both versions on {} rows costs {cost} units, over max_audit_cost {}",
                dataset.row_count, params.max_audit_cost
            )));
        }
        state.consume_gas(cost.saturating_mul(params.gas_per_cost_unit), "fairness audit")?;

        let rows = state.audit_rows(dataset.id).await?;
        let (current, candidate) = audit::run(state, &target, &dataset, &rows, &self.sensitive_column).await?;
        let gate = audit::gate(&current, &candidate, &params)?;

        let id = state.next_proposal_id().await?;
        let proposal = self.proposal(id, target.current.version);
        proposal.check_deposit_and_messages(state, ctx, true).await?;
        let submitted = proposal.execute(state, ctx).await?;
        if submitted.proposal_id != id {
            return Err(SdkError::internal(format!(
                "proposal {} submitted where {id} was named",
                submitted.proposal_id
            )));
        }
        let at = UseAt { height: ctx.height, time: Some(ctx.time), tx_hash: ctx.tx_hash, trace_id: String::new() };
        let permit = check_use(state, &use_request, ctx.time).await?;
        let receipt_id = record_use(state, &use_request, permit, &at).await?;
        let report = pb::AuditReport {
            proposal_id: id,
            model: self.model.clone(),
            alias: self.alias.clone(),
            current_version: target.current.version,
            candidate_version: target.candidate.version,
            audit_dataset_id: dataset.id,
            sensitive_column: self.sensitive_column.clone(),
            positive_label: target.positive_label.clone(),
            rows: dataset.row_count,
            current: Some(current),
            candidate: Some(candidate),
            gate: Some(gate),
            cost,
            height: ctx.height,
            receipt_id,
        };
        state::put_audit_report(state, &report)?;
        state.record(events::bias_correction(&report));
        Ok(pb::MsgSubmitBiasCorrectionResponse { proposal_id: id })
    }
}
