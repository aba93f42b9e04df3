//! The end-block hook (`x/gov/keeper/abci.go`): proposals whose deposit period ended without the
//! minimum deposit are dropped (deposits refunded, or burnt if `burn_proposal_deposit_prevote`);
//! proposals whose voting period ended are tallied — deposits refunded or burnt as the tally says
//! (kept for an expedited proposal that failed: it becomes a regular one and votes again), the
//! votes deleted, and a passed proposal's messages executed by the gov account in one overlay: all
//! of them apply, or none and the proposal is FAILED with the reason.
//!
//! Queues are walked in (end time, id) order, so every validator processes the same proposals in
//! the same order.

use cnidarium::{StateDelta, StateWrite};
use symbiote_core::router::router;
use symbiote_core::{BlockInfo, EndBlock, Erased, GasMeter, Metered, SdkError, SdkResult};

use crate::keys::Queue;
use crate::proposal::{Proposal, ProposalStatus};
use crate::state::{self, GovRead};
use crate::voting_power::tally_proposal;
use crate::{audit, deposits, events};

pub(crate) async fn end_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<EndBlock> {
    for (_, id) in state::due(state, Queue::Deposit, block.time).await? {
        drop_unfunded(state, id).await?;
    }
    for (_, id) in state::due(state, Queue::Voting, block.time).await? {
        let proposal = state
            .proposal(id)
            .await?
            .ok_or_else(|| SdkError::internal(format!("gov voting queue names missing proposal {id}")))?;
        end_voting(state, proposal, block).await?;
    }
    Ok(EndBlock::default())
}

async fn drop_unfunded<S: StateWrite>(state: &mut S, id: u64) -> SdkResult<()> {
    let proposal = state
        .proposal(id)
        .await?
        .ok_or_else(|| SdkError::internal(format!("gov deposit queue names missing proposal {id}")))?;
    state::dequeue(state, Queue::Deposit, proposal.deposit_end_time, id)?;
    state::delete_proposal(state, id)?;
    if state.gov_params().await?.burn_proposal_deposit_prevote {
        deposits::burn_all(state, id).await?;
    } else {
        deposits::refund_all(state, id).await?;
    }
    state.record(events::inactive_proposal(id));
    Ok(())
}

async fn end_voting<S: StateWrite>(state: &mut S, mut proposal: Proposal, block: &BlockInfo) -> SdkResult<()> {
    let id = proposal.id;
    let params = state.gov_params().await?;
    let tally = tally_proposal(state, &proposal, &params).await?;
    for vote in state.votes_of(id).await? {
        state::delete_vote(state, id, &vote.voter)?;
    }
    // An expedited proposal that fails keeps its deposits: it goes on as a regular one.
    if !proposal.expedited || tally.passes {
        if tally.burn_deposits {
            deposits::burn_all(state, id).await?;
        } else {
            deposits::refund_all(state, id).await?;
        }
    }
    let voting_end =
        proposal.voting_end_time.ok_or_else(|| SdkError::internal(format!("proposal {id} voting without end")))?;
    state::dequeue(state, Queue::Voting, voting_end, id)?;

    // A bias correction whose candidate fails the audit gate (judged with the params now) cannot
    // pass, whatever the vote.
    let gate_refusal = match (tally.passes, state.audit_report(id).await?) {
        (true, Some(report)) => {
            let params = state.audit_params().await?;
            let gate =
                audit::gate(&report.current.unwrap_or_default(), &report.candidate.unwrap_or_default(), &params)?;
            (!gate.passes).then_some(gate.reason)
        }
        _ => None,
    };
    let (result, log) = if let Some(reason) = gate_refusal {
        proposal.status = ProposalStatus::Rejected;
        proposal.failed_reason = format!("the audit gate refuses the candidate: {reason}");
        (events::PROPOSAL_REJECTED, "rejected by the audit gate".to_string())
    } else if tally.passes {
        match execute_messages(state, &proposal, block).await? {
            Ok(()) => {
                proposal.status = ProposalStatus::Passed;
                (events::PROPOSAL_PASSED, "passed".to_string())
            }
            Err((log, e)) => {
                proposal.status = ProposalStatus::Failed;
                proposal.failed_reason = e.log;
                (events::PROPOSAL_FAILED, log)
            }
        }
    } else if proposal.expedited {
        proposal.expedited = false;
        let start = proposal
            .voting_start_time
            .ok_or_else(|| SdkError::internal(format!("proposal {id} voting without start")))?;
        let end = symbiote_staking::time::add(start, params.voting_period)?;
        proposal.voting_end_time = Some(end);
        state::enqueue(state, Queue::Voting, end, id)?;
        (events::EXPEDITED_PROPOSAL_REJECTED, "expedited proposal converted to regular".to_string())
    } else {
        proposal.status = ProposalStatus::Rejected;
        proposal.failed_reason = "proposal did not get enough votes to pass".to_string();
        (events::PROPOSAL_REJECTED, "rejected".to_string())
    };
    proposal.final_tally = Some(tally.result);
    state::put_proposal(state, &proposal)?;
    state.record(events::active_proposal(id, result, &log));
    Ok(())
}

/// Runs the proposal's messages, in order, as the gov account, in one overlay that is applied only
/// if every one succeeds (with their events) and the gov account still holds every deposit (a
/// message spending them — a send from the gov account — would make a later refund impossible).
/// A coded failure is the proposal's (`Ok(Err(..))`: the proposal log and the error); an internal
/// error stops the node.
async fn execute_messages<S: StateWrite>(
    state: &mut S,
    proposal: &Proposal,
    block: &BlockInfo,
) -> SdkResult<Result<(), (String, SdkError)>> {
    let router = router(block.hooks)?;
    let ctx = block.msg_context();
    let mut overlay = StateDelta::new(&mut *state);
    let mut metered = Metered::new(&mut overlay, GasMeter::infinite());
    for (index, any) in proposal.messages.iter().enumerate() {
        let outcome = {
            let mut erased = Erased::at_block(&mut metered, block.height, block.time);
            router.execute(any, &mut erased, &ctx).await
        };
        if let Err(e) = outcome {
            if e.is_internal() {
                return Err(e);
            }
            let log = format!("passed, but msg {index} ({}) failed on execution: {}", any.type_url, e.log);
            return Ok(Err((log, e)));
        }
    }
    if let Some(short) = deposits::shortfall(&metered).await? {
        let e = SdkError::new(
            symbiote_core::error::Code::InsufficientFunds,
            format!("its messages would spend deposits the gov account holds (short of {short})"),
        );
        return Ok(Err((format!("passed, but {}", e.log), e)));
    }
    let events = metered.take_events();
    drop(metered);
    overlay.apply();
    for e in events {
        state.record(e);
    }
    Ok(Ok(()))
}
