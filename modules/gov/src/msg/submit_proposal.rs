//! `MsgSubmitProposal`: stateless (proposer address; messages or metadata; title and summary
//! present and within bounds; deposit coins valid) → stateful (deposit denoms and minimums; each
//! message routed, signed by the gov account alone, valid) → execute (proposal stored in its
//! deposit period, the initial deposit added — which may start its voting period).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use symbiote_core::error::Code;
use symbiote_core::module_account::authority;
use symbiote_core::router::{router, unroutable};
use symbiote_core::store::WriteExt;
use symbiote_core::{Address, Any, Coins, MsgContext, MsgHandler, SdkError, SdkResult};

use crate::keys::Queue;
use crate::proposal::{coins, Proposal, ProposalStatus};
use crate::state::{self, GovRead};
use crate::tally::TallyResult;
use crate::{deposits, errors, events, metadata};

/// Metadata and title bound (the SDK's `MaxMetadataLen` default), summary bound (`MaxSummaryLen`).
pub const MAX_METADATA_LEN: usize = 255;
pub const MAX_SUMMARY_LEN: usize = 10_200;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgSubmitProposal {
    pub messages: Vec<Any>,
    pub initial_deposit: Coins,
    pub proposer: Address,
    pub metadata: String,
    pub title: String,
    pub summary: String,
    pub expedited: bool,
}

#[async_trait]
impl MsgHandler for MsgSubmitProposal {
    const TYPE_URL: &'static str = "/cosmos.gov.v1.MsgSubmitProposal";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.gov.v1.MsgSubmitProposalResponse";
    type Proto = pb::MsgSubmitProposal;
    type Response = pb::MsgSubmitProposalResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            proposer: p.proposer.parse()?,
            initial_deposit: coins(&p.initial_deposit)?,
            messages: p.messages,
            metadata: p.metadata,
            title: p.title,
            summary: p.summary,
            expedited: p.expedited,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgSubmitProposal {
            messages: self.messages.clone(),
            initial_deposit: self.initial_deposit.to_proto(),
            proposer: self.proposer.to_string(),
            metadata: self.metadata.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            expedited: self.expedited,
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.proposer]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.title.is_empty() {
            return Err(SdkError::new(Code::InvalidRequest, "proposal title cannot be empty"));
        }
        if self.summary.is_empty() {
            return Err(SdkError::new(Code::InvalidRequest, "proposal summary cannot be empty"));
        }
        if self.messages.is_empty() && self.metadata.is_empty() {
            return Err(errors::no_proposal_msgs("either metadata or Msgs length must be non-nil"));
        }
        metadata::check_matches(&self.metadata, &self.title, &self.summary)?;
        check_lengths(&self.metadata, &self.title, &self.summary)
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<()> {
        self.check_deposit_and_messages(state, ctx, false).await
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let params = state.gov_params().await?;
        let id = state.next_proposal_id().await?;
        let deposit_end_time = symbiote_staking::time::add(ctx.time, params.max_deposit_period)?;
        let proposal = Proposal {
            id,
            messages: self.messages.clone(),
            status: ProposalStatus::DepositPeriod,
            final_tally: Some(TallyResult::default()),
            submit_time: ctx.time,
            deposit_end_time,
            total_deposit: Coins::new(),
            voting_start_time: None,
            voting_end_time: None,
            metadata: self.metadata.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            proposer: self.proposer,
            expedited: self.expedited,
            failed_reason: String::new(),
        };
        state::set_next_proposal_id(state, id + 1)?;
        state::put_proposal(state, &proposal)?;
        state::enqueue(state, Queue::Deposit, deposit_end_time, id)?;
        state.record(events::submit_proposal(id, &self.proposer, &proposal.message_urls()));
        // The SDK charges for the proposal's storage three times over (cosmos-sdk#9683).
        let stored = prost::Message::encoded_len(&proposal.to_proto()) as u64;
        state.consume_gas(3 * symbiote_core::gas::cost::WRITE_PER_BYTE * stored, "submit proposal")?;

        if deposits::add(state, id, &self.proposer, &self.initial_deposit, ctx.time).await? {
            state.record(events::voting_period_start("submit_proposal", id));
        }
        Ok(pb::MsgSubmitProposalResponse { proposal_id: id })
    }
}

impl MsgSubmitProposal {
    /// The deposit's checks and each message's; `MsgApplyBiasCorrection` only in the proposal a
    /// `MsgSubmitBiasCorrection` submits with its audit (`bias_correction`).
    pub(crate) async fn check_deposit_and_messages<S: StateRead + ?Sized>(
        &self,
        state: &S,
        ctx: &MsgContext,
        bias_correction: bool,
    ) -> SdkResult<()> {
        let params = state.gov_params().await?;
        deposits::check_initial(&params, &self.initial_deposit, self.expedited)?;
        deposits::check_denoms(&params, &self.initial_deposit)?;
        let apply = <super::MsgApplyBiasCorrection as MsgHandler>::TYPE_URL;
        if !bias_correction && self.messages.iter().any(|m| m.type_url == apply) {
            return Err(errors::invalid_proposal_msg(format!(
                "{apply} is proposed only by MsgSubmitBiasCorrection, with its audit"
            )));
        }
        check_messages(&self.messages, ctx)
    }
}

/// `validateProposalLengths`: metadata and title at most 255 bytes (code 15, the title with the
/// metadata's wording, as the SDK), summary at most 10,200 (code 22).
pub(crate) fn check_lengths(metadata: &str, title: &str, summary: &str) -> SdkResult<()> {
    check_metadata_length(metadata)?;
    if summary.len() > MAX_SUMMARY_LEN {
        return Err(errors::summary_too_long(format!("got summary with length {}", summary.len())));
    }
    check_metadata_length(title)
}

/// `assertMetadataLength` (code 15).
pub(crate) fn check_metadata_length(s: &str) -> SdkResult<()> {
    if s.len() > MAX_METADATA_LEN {
        return Err(errors::metadata_too_long(format!("got metadata with length {}", s.len())));
    }
    Ok(())
}

/// Each message: a module handles it (gov 10; the SDK refuses an unknown type URL already when
/// decoding the tx), it decodes (12), its only signer is the gov account (13), and it passes its
/// own stateless checks (12) — signers first, as the SDK's v0.50 messages have no
/// `ValidateBasic` to run before them.
pub(crate) fn check_messages(messages: &[Any], ctx: &MsgContext) -> SdkResult<()> {
    let router = router(ctx.hooks)?;
    for any in messages {
        let routed = router
            .check(any)
            .ok_or_else(|| unroutable(&any.type_url))?
            .map_err(|e| errors::invalid_proposal_msg(e.log))?;
        match routed.signers.as_slice() {
            [only] if *only == authority() => {}
            [only] => return Err(errors::invalid_signer(only)),
            _ => return Err(errors::invalid_signer("")),
        }
        routed.stateless.map_err(|e| errors::invalid_proposal_msg(e.log))?;
    }
    Ok(())
}
