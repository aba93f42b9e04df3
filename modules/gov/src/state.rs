//! Typed reads and writes of gov state. Reads are public ([`GovRead`]); the writers are private to
//! the module: proposals, deposits and votes change only through gov's messages and its end-block
//! hook, the params at genesis and through a proposal's `MsgUpdateParams`.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use futures::{StreamExt, TryStreamExt};
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{Address, SdkError, SdkResult};
use tendermint::Time;

use crate::keys::{self, Queue};
use crate::proposal::{Deposit, Proposal, Vote};
use crate::{errors, AuditParams, Params};
use symbiote_proto::symbiote::gov::v1 as audit_pb;

#[async_trait]
pub trait GovRead: StateRead {
    async fn gov_params(&self) -> SdkResult<Params> {
        let proto: pb::Params = self
            .get_proto(&keys::params())
            .await?
            .ok_or_else(|| SdkError::internal("gov params missing from state"))?;
        Params::from_proto(&proto).map_err(|e| SdkError::internal(format!("corrupt gov params: {}", e.log)))
    }

    /// The chain's constitution (set at genesis; empty if none).
    async fn constitution(&self) -> SdkResult<String> {
        let raw = self.get_raw(&keys::constitution()).await.map_err(SdkError::internal)?.unwrap_or_default();
        String::from_utf8(raw).map_err(|_| SdkError::internal("corrupt gov constitution"))
    }

    /// The id the next proposal gets (1 on a new chain).
    async fn next_proposal_id(&self) -> SdkResult<u64> {
        Ok(self.get_u64(&keys::next_proposal_id()).await?.unwrap_or(1))
    }

    async fn proposal(&self, id: u64) -> SdkResult<Option<Proposal>> {
        match self.get_proto::<pb::Proposal>(&keys::proposal(id)).await? {
            Some(p) => Proposal::from_proto(p).map(Some),
            None => Ok(None),
        }
    }

    /// The proposal, or gov code 2 naming it.
    async fn existing_proposal(&self, id: u64) -> SdkResult<Proposal> {
        self.proposal(id).await?.ok_or_else(|| errors::unknown_proposal(format!("proposal {id} doesn't exist")))
    }

    async fn deposit(&self, id: u64, depositor: &Address) -> SdkResult<Option<Deposit>> {
        match self.get_proto::<pb::Deposit>(&keys::deposit(id, depositor)).await? {
            Some(d) => Deposit::from_proto(&d).map(Some),
            None => Ok(None),
        }
    }

    /// Every deposit on a proposal, by depositor address bytes.
    async fn deposits_of(&self, id: u64) -> SdkResult<Vec<Deposit>> {
        protos_under::<pb::Deposit, _>(self, &keys::deposits(id)).await?.iter().map(Deposit::from_proto).collect()
    }

    /// Every deposit on every proposal (what the gov account must hold).
    async fn all_deposits(&self) -> SdkResult<Vec<Deposit>> {
        protos_under::<pb::Deposit, _>(self, &keys::all_deposits()).await?.iter().map(Deposit::from_proto).collect()
    }

    async fn vote(&self, id: u64, voter: &Address) -> SdkResult<Option<Vote>> {
        match self.get_proto::<pb::Vote>(&keys::vote(id, voter)).await? {
            Some(v) => Vote::from_proto(&v).map(Some),
            None => Ok(None),
        }
    }

    /// Every vote on a proposal, by voter address bytes.
    async fn votes_of(&self, id: u64) -> SdkResult<Vec<Vote>> {
        protos_under::<pb::Vote, _>(self, &keys::votes(id)).await?.iter().map(Vote::from_proto).collect()
    }

    async fn audit_params(&self) -> SdkResult<AuditParams> {
        let proto: audit_pb::AuditParams = self
            .get_proto(&keys::audit_params())
            .await?
            .ok_or_else(|| SdkError::internal("gov audit params missing from state"))?;
        AuditParams::from_proto(&proto).map_err(|e| SdkError::internal(format!("corrupt audit params: {}", e.log)))
    }

    async fn next_audit_dataset_id(&self) -> SdkResult<u64> {
        Ok(self.get_u64(&keys::next_audit_dataset_id()).await?.unwrap_or(1))
    }

    async fn audit_dataset(&self, id: u64) -> SdkResult<Option<audit_pb::AuditDataset>> {
        self.get_proto(&keys::audit_dataset(id)).await
    }

    /// The audit dataset, or gov code 100 naming it.
    async fn existing_audit_dataset(&self, id: u64) -> SdkResult<audit_pb::AuditDataset> {
        self.audit_dataset(id).await?.ok_or_else(|| errors::unknown_audit_dataset(format!("no audit dataset {id}")))
    }

    async fn audit_row(&self, id: u64, record: u64) -> SdkResult<Option<audit_pb::AuditRow>> {
        self.get_proto(&keys::audit_row(id, record)).await
    }

    /// Every row of an audit dataset, by record index.
    async fn audit_rows(&self, id: u64) -> SdkResult<Vec<audit_pb::AuditRow>> {
        protos_under(self, &keys::audit_rows(id)).await
    }

    /// The audit a bias-correction proposal carries.
    async fn audit_report(&self, proposal_id: u64) -> SdkResult<Option<audit_pb::AuditReport>> {
        self.get_proto(&keys::audit_report(proposal_id)).await
    }

    /// Every proposal, by id (genesis export, and the list query's filters).
    async fn all_proposals(&self) -> SdkResult<Vec<Proposal>> {
        protos_under::<pb::Proposal, _>(self, &keys::proposals()).await?.into_iter().map(Proposal::from_proto).collect()
    }
}

impl<S: StateRead + ?Sized> GovRead for S {}

/// Every value under `prefix`, decoded, in key order (one that does not decode is corruption).
async fn protos_under<T: prost::Message + Default, S: StateRead + ?Sized>(
    state: &S,
    prefix: &str,
) -> SdkResult<Vec<T>> {
    let raw: Vec<(String, Vec<u8>)> = state.prefix_raw(prefix).try_collect().await.map_err(SdkError::internal)?;
    raw.iter()
        .map(|(key, bytes)| {
            T::decode(bytes.as_slice()).map_err(|e| SdkError::internal(format!("corrupt value at {key}: {e}")))
        })
        .collect()
}

/// Ids of the proposals in `queue` whose end time is not after `now`, in (end time, id) order.
pub(crate) async fn due<S: StateRead + ?Sized>(state: &S, queue: Queue, now: Time) -> SdkResult<Vec<(u64, u64)>> {
    let prefix = keys::queue(queue);
    let now = symbiote_staking::time::nanos(now);
    let mut keys_stream = std::pin::pin!(state.prefix_keys(&prefix));
    let mut out = Vec::new();
    while let Some(key) = keys_stream.next().await {
        let key = key.map_err(SdkError::internal)?;
        let (end, id) = keys::parse_queued(&key[prefix.len()..])
            .ok_or_else(|| SdkError::internal(format!("corrupt gov queue key {key}")))?;
        if end > now {
            break;
        }
        out.push((end, id));
    }
    Ok(out)
}

// ---- writers, private to the module ----

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}

pub(crate) fn put_constitution<S: StateWrite + ?Sized>(state: &mut S, text: &str) -> SdkResult<()> {
    state.put_bytes(keys::constitution(), text.as_bytes().to_vec())
}

pub(crate) fn set_next_proposal_id<S: StateWrite + ?Sized>(state: &mut S, id: u64) -> SdkResult<()> {
    state.put_u64(keys::next_proposal_id(), id)
}

pub(crate) fn put_proposal<S: StateWrite + ?Sized>(state: &mut S, proposal: &Proposal) -> SdkResult<()> {
    state.put_proto(keys::proposal(proposal.id), &proposal.to_proto())
}

pub(crate) fn delete_proposal<S: StateWrite + ?Sized>(state: &mut S, id: u64) -> SdkResult<()> {
    state.remove(keys::proposal(id))
}

pub(crate) fn put_deposit<S: StateWrite + ?Sized>(state: &mut S, deposit: &Deposit) -> SdkResult<()> {
    state.put_proto(keys::deposit(deposit.proposal_id, &deposit.depositor), &deposit.to_proto())
}

pub(crate) fn delete_deposit<S: StateWrite + ?Sized>(state: &mut S, id: u64, depositor: &Address) -> SdkResult<()> {
    state.remove(keys::deposit(id, depositor))
}

pub(crate) fn put_vote<S: StateWrite + ?Sized>(state: &mut S, vote: &Vote) -> SdkResult<()> {
    state.put_proto(keys::vote(vote.proposal_id, &vote.voter), &vote.to_proto())
}

pub(crate) fn delete_vote<S: StateWrite + ?Sized>(state: &mut S, id: u64, voter: &Address) -> SdkResult<()> {
    state.remove(keys::vote(id, voter))
}

pub(crate) fn put_audit_params<S: StateWrite + ?Sized>(state: &mut S, params: &AuditParams) -> SdkResult<()> {
    state.put_proto(keys::audit_params(), &params.to_proto())
}

pub(crate) fn set_next_audit_dataset_id<S: StateWrite + ?Sized>(state: &mut S, id: u64) -> SdkResult<()> {
    state.put_u64(keys::next_audit_dataset_id(), id)
}

pub(crate) fn put_audit_dataset<S: StateWrite + ?Sized>(state: &mut S, d: &audit_pb::AuditDataset) -> SdkResult<()> {
    state.put_proto(keys::audit_dataset(d.id), d)
}

pub(crate) fn put_audit_row<S: StateWrite + ?Sized>(state: &mut S, id: u64, row: &audit_pb::AuditRow) -> SdkResult<()> {
    state.put_proto(keys::audit_row(id, row.record), row)
}

pub(crate) fn put_audit_report<S: StateWrite + ?Sized>(state: &mut S, r: &audit_pb::AuditReport) -> SdkResult<()> {
    state.put_proto(keys::audit_report(r.proposal_id), r)
}

pub(crate) fn enqueue<S: StateWrite + ?Sized>(state: &mut S, queue: Queue, end: Time, id: u64) -> SdkResult<()> {
    state.put_bytes(keys::queued(queue, symbiote_staking::time::nanos(end), id), Vec::new())
}

pub(crate) fn dequeue<S: StateWrite + ?Sized>(state: &mut S, queue: Queue, end: Time, id: u64) -> SdkResult<()> {
    state.remove(keys::queued(queue, symbiote_staking::time::nanos(end), id))
}
