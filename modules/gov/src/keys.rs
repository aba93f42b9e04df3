//! Store keys of the `gov` substore, private to the module. Ids are zero-padded and times are
//! nanoseconds zero-padded, so key order is numeric order.
//!
//! ```text
//! params                         Params (cosmos.gov.v1)
//! constitution                   the chain's constitution (UTF-8 text)
//! next_proposal_id               u64, big-endian
//! proposal/{id}                  Proposal (cosmos.gov.v1)
//! deposit/{id}/{depositor hex}   Deposit (cosmos.gov.v1)
//! vote/{id}/{voter hex}          Vote (cosmos.gov.v1)
//! deposit_queue/{end}/{id}       (empty) proposals in their deposit period, by deposit end time
//! voting_queue/{end}/{id}        (empty) proposals in their voting period, by voting end time
//! audit_params                   AuditParams (symbiote.gov.v1)
//! next_audit_dataset_id          u64, big-endian
//! audit_dataset/{id}             AuditDataset
//! audit_row/{id}/{record}        AuditRow
//! audit_report/{proposal id}     AuditReport of a bias-correction proposal
//! ```

use symbiote_core::Address;

pub(crate) const PREFIX: &str = "gov";

pub(crate) fn params() -> String {
    format!("{PREFIX}/params")
}

pub(crate) fn constitution() -> String {
    format!("{PREFIX}/constitution")
}

pub(crate) fn next_proposal_id() -> String {
    format!("{PREFIX}/next_proposal_id")
}

pub(crate) fn proposal(id: u64) -> String {
    format!("{PREFIX}/proposal/{id:020}")
}

pub(crate) fn proposals() -> String {
    format!("{PREFIX}/proposal/")
}

pub(crate) fn deposit(id: u64, depositor: &Address) -> String {
    format!("{PREFIX}/deposit/{id:020}/{}", depositor.to_hex())
}

pub(crate) fn deposits(id: u64) -> String {
    format!("{PREFIX}/deposit/{id:020}/")
}

pub(crate) fn all_deposits() -> String {
    format!("{PREFIX}/deposit/")
}

pub(crate) fn vote(id: u64, voter: &Address) -> String {
    format!("{PREFIX}/vote/{id:020}/{}", voter.to_hex())
}

pub(crate) fn votes(id: u64) -> String {
    format!("{PREFIX}/vote/{id:020}/")
}

pub(crate) fn audit_params() -> String {
    format!("{PREFIX}/audit_params")
}

pub(crate) fn next_audit_dataset_id() -> String {
    format!("{PREFIX}/next_audit_dataset_id")
}

pub(crate) fn audit_dataset(id: u64) -> String {
    format!("{PREFIX}/audit_dataset/{id:020}")
}

pub(crate) fn audit_datasets() -> String {
    format!("{PREFIX}/audit_dataset/")
}

pub(crate) fn audit_row(id: u64, record: u64) -> String {
    format!("{PREFIX}/audit_row/{id:020}/{record:020}")
}

pub(crate) fn audit_rows(id: u64) -> String {
    format!("{PREFIX}/audit_row/{id:020}/")
}

pub(crate) fn audit_report(proposal_id: u64) -> String {
    format!("{PREFIX}/audit_report/{proposal_id:020}")
}

/// Which of the two queues.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Queue {
    Deposit,
    Voting,
}

impl Queue {
    fn name(self) -> &'static str {
        match self {
            Queue::Deposit => "deposit_queue",
            Queue::Voting => "voting_queue",
        }
    }
}

pub(crate) fn queued(queue: Queue, end_nanos: u64, id: u64) -> String {
    format!("{PREFIX}/{}/{end_nanos:020}/{id:020}", queue.name())
}

pub(crate) fn queue(queue: Queue) -> String {
    format!("{PREFIX}/{}/", queue.name())
}

/// `(end, id)` of a queue key's suffix after [`queue`].
pub(crate) fn parse_queued(suffix: &str) -> Option<(u64, u64)> {
    let (end, id) = suffix.split_once('/')?;
    Some((end.parse().ok()?, id.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are consensus: a change to any key's bytes changes the app hash and orphans stored
    /// state. This test fails on any such change; update it only with a migration.
    #[test]
    fn keys_should_not_change() {
        let a = Address::from_bytes([0xab; 20]);
        assert_eq!(params(), "gov/params");
        assert_eq!(next_proposal_id(), "gov/next_proposal_id");
        assert_eq!(constitution(), "gov/constitution");
        assert_eq!(all_deposits(), "gov/deposit/");
        assert_eq!(proposal(7), "gov/proposal/00000000000000000007");
        assert_eq!(deposit(7, &a), format!("gov/deposit/00000000000000000007/{}", "ab".repeat(20)));
        assert_eq!(vote(7, &a), format!("gov/vote/00000000000000000007/{}", "ab".repeat(20)));
        assert_eq!(queued(Queue::Voting, 5, 7), "gov/voting_queue/00000000000000000005/00000000000000000007");
        assert_eq!(queued(Queue::Deposit, 5, 7), "gov/deposit_queue/00000000000000000005/00000000000000000007");
        assert_eq!(parse_queued("00000000000000000005/00000000000000000007"), Some((5, 7)));
        assert_eq!(audit_params(), "gov/audit_params");
        assert_eq!(next_audit_dataset_id(), "gov/next_audit_dataset_id");
        assert_eq!(audit_dataset(3), "gov/audit_dataset/00000000000000000003");
        assert_eq!(audit_row(3, 9), "gov/audit_row/00000000000000000003/00000000000000000009");
        assert_eq!(audit_report(7), "gov/audit_report/00000000000000000007");
    }
}
