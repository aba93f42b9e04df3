//! `MsgCancelProposal`: stateless (proposer address) → stateful (none) → execute
//! (`CancelProposal`: the proposal exists (gov 2), the signer proposed it (18), it is in its
//! deposit or voting period (21) whose end has not passed (20); `proposal_cancel_ratio` of each
//! deposit charged, the rest refunded; its votes and the proposal deleted).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_staking::time::{nanos, to_timestamp};

use crate::keys::Queue;
use crate::proposal::ProposalStatus;
use crate::state::{self, GovRead};
use crate::{deposits, errors, events};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgCancelProposal {
    pub proposal_id: u64,
    pub proposer: Address,
}

#[async_trait]
impl MsgHandler for MsgCancelProposal {
    const TYPE_URL: &'static str = "/cosmos.gov.v1.MsgCancelProposal";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.gov.v1.MsgCancelProposalResponse";
    type Proto = pb::MsgCancelProposal;
    type Response = pb::MsgCancelProposalResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { proposal_id: p.proposal_id, proposer: p.proposer.parse()? })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgCancelProposal { proposal_id: self.proposal_id, proposer: self.proposer.to_string() }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.proposer]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let id = self.proposal_id;
        let proposal = state
            .proposal(id)
            .await?
            .ok_or_else(|| errors::unknown_proposal(format!("proposal {id} doesn't exist")))?;
        if proposal.proposer != self.proposer {
            return Err(errors::invalid_proposer(format!("invalid proposer {}", self.proposer)));
        }
        if !matches!(proposal.status, ProposalStatus::DepositPeriod | ProposalStatus::VotingPeriod) {
            return Err(errors::invalid_proposal("proposal should be in the deposit or voting period"));
        }
        if proposal.voting_end_time.is_some_and(|end| nanos(end) < nanos(ctx.time)) {
            return Err(errors::voting_period_ended(format!("voting period is already ended for this proposal {id}")));
        }
        let params = state.gov_params().await?;
        deposits::charge_all(state, id, &params.proposal_cancel_dest, params.proposal_cancel_ratio).await?;
        if proposal.voting_start_time.is_some() {
            for vote in state.votes_of(id).await? {
                state::delete_vote(state, id, &vote.voter)?;
            }
        }
        match proposal.voting_end_time {
            Some(end) => state::dequeue(state, Queue::Voting, end, id)?,
            None => state::dequeue(state, Queue::Deposit, proposal.deposit_end_time, id)?,
        }
        state::delete_proposal(state, id)?;
        state.record(events::cancel_proposal(&self.proposer, id));
        Ok(pb::MsgCancelProposalResponse {
            proposal_id: id,
            canceled_time: Some(to_timestamp(ctx.time)),
            canceled_height: ctx.height,
        })
    }
}
