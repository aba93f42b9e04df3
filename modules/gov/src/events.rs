//! Gov events in the SDK's shape (`x/gov/types/events.go`), so explorers and `tx_search` queries
//! written for Cosmos chains find proposals, deposits and votes unchanged.

use symbiote_core::events::event;
use symbiote_core::{Address, Coins};
use tendermint::abci::Event;

pub(crate) const PROPOSAL_PASSED: &str = "proposal_passed";
pub(crate) const PROPOSAL_REJECTED: &str = "proposal_rejected";
pub(crate) const PROPOSAL_FAILED: &str = "proposal_failed";
pub(crate) const PROPOSAL_DROPPED: &str = "proposal_dropped";
pub(crate) const EXPEDITED_PROPOSAL_REJECTED: &str = "expedited_proposal_rejected";

pub(crate) fn submit_proposal(id: u64, proposer: &Address, messages: &str) -> Event {
    event(
        "submit_proposal",
        [
            ("proposal_id", id.to_string()),
            ("proposal_proposer", proposer.to_string()),
            ("proposal_messages", messages.to_string()),
        ],
    )
}

/// A deposit (or an initial deposit) that started the voting period.
pub(crate) fn voting_period_start(kind: &str, id: u64) -> Event {
    event(kind, [("voting_period_start", id.to_string())])
}

pub(crate) fn proposal_deposit(depositor: &Address, amount: &Coins, id: u64) -> Event {
    event(
        "proposal_deposit",
        [("depositor", depositor.to_string()), ("amount", amount.to_string()), ("proposal_id", id.to_string())],
    )
}

pub(crate) fn proposal_vote(voter: &Address, options: &str, id: u64) -> Event {
    event(
        "proposal_vote",
        [("voter", voter.to_string()), ("option", options.to_string()), ("proposal_id", id.to_string())],
    )
}

pub(crate) fn cancel_proposal(sender: &Address, id: u64) -> Event {
    event("cancel_proposal", [("sender", sender.to_string()), ("proposal_id", id.to_string())])
}

pub(crate) fn inactive_proposal(id: u64) -> Event {
    event("inactive_proposal", [("proposal_id", id.to_string()), ("proposal_result", PROPOSAL_DROPPED.to_string())])
}

pub(crate) fn active_proposal(id: u64, result: &str, log: &str) -> Event {
    event(
        "active_proposal",
        [("proposal_id", id.to_string()), ("proposal_result", result.to_string()), ("proposal_log", log.to_string())],
    )
}

pub(crate) fn audit_dataset(d: &symbiote_proto::symbiote::gov::v1::AuditDataset) -> Event {
    event(
        "audit_dataset_registered",
        [
            ("audit_dataset_id", d.id.to_string()),
            ("dataset_id", d.dataset_id.to_string()),
            ("consent_id", d.consent_id.to_string()),
            ("owner", d.owner.clone()),
            ("rows", d.row_count.to_string()),
        ],
    )
}

pub(crate) fn audit_rows(d: &symbiote_proto::symbiote::gov::v1::AuditDataset, added: usize) -> Event {
    event(
        "audit_rows_added",
        [("audit_dataset_id", d.id.to_string()), ("added", added.to_string()), ("rows", d.rows_added.to_string())],
    )
}

/// A bias-correction proposal: the move and both versions' parity ratios, so `tx_search` finds it.
pub(crate) fn bias_correction(r: &symbiote_proto::symbiote::gov::v1::AuditReport) -> Event {
    let ratio = |f: &Option<symbiote_proto::symbiote::gov::v1::FairnessReport>| {
        f.as_ref().map(|f| f.demographic_parity_ratio.clone()).unwrap_or_default()
    };
    event(
        "bias_correction",
        [
            ("proposal_id", r.proposal_id.to_string()),
            ("model", r.model.clone()),
            ("alias", r.alias.clone()),
            ("current_version", r.current_version.to_string()),
            ("candidate_version", r.candidate_version.to_string()),
            ("current_parity_ratio", ratio(&r.current)),
            ("candidate_parity_ratio", ratio(&r.candidate)),
            ("gate_passes", r.gate.as_ref().is_some_and(|g| g.passes).to_string()),
        ],
    )
}
