//! `cosmos.gov.v1.Query` and `cosmos.gov.v1beta1.Query` (`keeper/grpc_query.go`), read from the
//! snapshot the request's height header selects. Keplr reads v1; cosmjs' `GovExtension` reads
//! v1beta1, whose proposals are the v1 ones converted as the SDK converts them (see [`legacy`]).

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use cosmos_sdk_proto::cosmos::gov::v1::query_server::{Query, QueryServer};
use cosmos_sdk_proto::cosmos::gov::v1beta1 as pb1;
use symbiote_core::pagination::{paginate, DEFAULT_LIMIT, MAX_LIMIT};
use symbiote_core::query::{parse_address, reply, status, Snapshots};
use symbiote_core::{GrpcService, ServiceContext};
use tonic::{Request, Response, Status};

use crate::proposal::{Deposit, Proposal, ProposalStatus, Vote};
use crate::state::GovRead;
use crate::tally::TallyResult;
use crate::voting_power::tally_proposal;
use crate::{keys, legacy};

pub fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
    let query = GovQuery { snapshots: ctx.snapshots.clone() };
    vec![
        GrpcService::new(QueryServer::new(query.clone())),
        GrpcService::new(pb1::query_server::QueryServer::new(legacy::LegacyQuery::new(query))),
        GrpcService::new(symbiote_proto::symbiote::gov::v1::query_server::QueryServer::new(
            crate::audit_query::AuditQuery::new(ctx.snapshots.clone()),
        )),
    ]
}

#[derive(Clone)]
pub struct GovQuery {
    pub(crate) snapshots: Snapshots,
}

fn nonzero(id: u64) -> Result<u64, Status> {
    if id == 0 {
        return Err(Status::invalid_argument("proposal id can not be 0"));
    }
    Ok(id)
}

fn internal(e: prost::DecodeError) -> Status {
    Status::internal(format!("corrupt gov record: {e}"))
}

/// The proposal's tally as the query reports it: zeros in the deposit period, the live count while
/// voting, the final count after.
pub(crate) async fn tally_of<S: cnidarium::StateRead>(state: &S, proposal: &Proposal) -> Result<TallyResult, Status> {
    match proposal.status {
        ProposalStatus::DepositPeriod => Ok(TallyResult::default()),
        ProposalStatus::VotingPeriod => {
            let params = state.gov_params().await.map_err(status)?;
            Ok(tally_proposal(state, proposal, &params).await.map_err(status)?.result)
        }
        _ => Ok(proposal.final_tally.clone().unwrap_or_default()),
    }
}

impl GovQuery {
    pub(crate) async fn existing(&self, snapshot: &cnidarium::Snapshot, id: u64) -> Result<Proposal, Status> {
        snapshot
            .proposal(nonzero(id)?)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("proposal {id} doesn't exist")))
    }

    /// Proposals in id order matching the filters, paginated over the matches: `offset` skips
    /// matches, `key` (a proposal id, 8 bytes big-endian, as the SDK's `next_key`) starts at that id.
    pub(crate) async fn filtered(
        &self,
        snapshot: &cnidarium::Snapshot,
        status_filter: i32,
        voter: &str,
        depositor: &str,
        page: Option<&PageRequest>,
    ) -> Result<(Vec<Proposal>, PageResponse), Status> {
        let voter = if voter.is_empty() { None } else { Some(parse_address(voter)?) };
        let depositor = if depositor.is_empty() { None } else { Some(parse_address(depositor)?) };
        let wanted = ProposalStatus::from_i32(status_filter);
        let mut matches = Vec::new();
        for p in snapshot.all_proposals().await.map_err(status)? {
            if wanted.is_some_and(|w| w != p.status) {
                continue;
            }
            if let Some(v) = &voter {
                if snapshot.vote(p.id, v).await.map_err(status)?.is_none() {
                    continue;
                }
            }
            if let Some(d) = &depositor {
                if snapshot.deposit(p.id, d).await.map_err(status)?.is_none() {
                    continue;
                }
            }
            matches.push(p);
        }
        let default = PageRequest { count_total: true, ..Default::default() };
        let req = page.unwrap_or(&default);
        if !req.key.is_empty() && req.offset > 0 {
            return Err(Status::invalid_argument("invalid request, either offset or key is expected, got both"));
        }
        if req.reverse {
            matches.reverse();
        }
        let total = matches.len() as u64;
        let start = if req.key.is_empty() {
            usize::try_from(req.offset).unwrap_or(usize::MAX).min(matches.len())
        } else {
            let key: [u8; 8] = req.key.as_slice().try_into().map_err(|_| Status::invalid_argument("invalid key"))?;
            let from = u64::from_be_bytes(key);
            matches.iter().position(|p| if req.reverse { p.id <= from } else { p.id >= from }).unwrap_or(matches.len())
        };
        let limit = usize::try_from(if req.limit == 0 { DEFAULT_LIMIT } else { req.limit.min(MAX_LIMIT) })
            .unwrap_or(usize::MAX);
        let end = start.saturating_add(limit).min(matches.len());
        let next_key = matches.get(end).map(|p| p.id.to_be_bytes().to_vec()).unwrap_or_default();
        let count = req.count_total || req.limit == 0;
        let page: Vec<Proposal> = matches.drain(start..end).collect();
        Ok((page, PageResponse { next_key, total: if count { total } else { 0 } }))
    }

    pub(crate) async fn votes_page(
        &self,
        snapshot: &cnidarium::Snapshot,
        id: u64,
        page: Option<&PageRequest>,
    ) -> Result<(Vec<Vote>, PageResponse), Status> {
        let (raw, response) = paginate(snapshot, &keys::votes(nonzero(id)?), page).await?;
        let votes = raw
            .iter()
            .map(|(_, bytes)| {
                let proto = <pb::Vote as prost::Message>::decode(bytes.as_slice()).map_err(internal)?;
                Vote::from_proto(&proto).map_err(status)
            })
            .collect::<Result<_, Status>>()?;
        Ok((votes, response))
    }

    pub(crate) async fn deposits_page(
        &self,
        snapshot: &cnidarium::Snapshot,
        id: u64,
        page: Option<&PageRequest>,
    ) -> Result<(Vec<Deposit>, PageResponse), Status> {
        let (raw, response) = paginate(snapshot, &keys::deposits(nonzero(id)?), page).await?;
        let deposits = raw
            .iter()
            .map(|(_, bytes)| {
                let proto = <pb::Deposit as prost::Message>::decode(bytes.as_slice()).map_err(internal)?;
                Deposit::from_proto(&proto).map_err(status)
            })
            .collect::<Result<_, Status>>()?;
        Ok((deposits, response))
    }

    pub(crate) async fn vote_of(&self, snapshot: &cnidarium::Snapshot, id: u64, voter: &str) -> Result<Vote, Status> {
        let id = nonzero(id)?;
        if voter.is_empty() {
            return Err(Status::invalid_argument("empty voter address"));
        }
        let address = parse_address(voter)?;
        snapshot
            .vote(id, &address)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::invalid_argument(format!("voter: {voter} not found for proposal: {id}")))
    }

    pub(crate) async fn deposit_of(
        &self,
        snapshot: &cnidarium::Snapshot,
        id: u64,
        depositor: &str,
    ) -> Result<Deposit, Status> {
        let id = nonzero(id)?;
        if depositor.is_empty() {
            return Err(Status::invalid_argument("empty depositor address"));
        }
        let address = parse_address(depositor)?;
        snapshot
            .deposit(id, &address)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("depositor: {depositor} not found for proposal: {id}")))
    }
}

#[tonic::async_trait]
impl Query for GovQuery {
    async fn constitution(
        &self,
        request: Request<pb::QueryConstitutionRequest>,
    ) -> Result<Response<pb::QueryConstitutionResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let constitution = snapshot.constitution().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryConstitutionResponse { constitution }))
    }

    async fn proposal(
        &self,
        request: Request<pb::QueryProposalRequest>,
    ) -> Result<Response<pb::QueryProposalResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let proposal = self.existing(&snapshot, request.get_ref().proposal_id).await?;
        Ok(reply(&snapshot, pb::QueryProposalResponse { proposal: Some(proposal.to_proto()) }))
    }

    async fn proposals(
        &self,
        request: Request<pb::QueryProposalsRequest>,
    ) -> Result<Response<pb::QueryProposalsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let (page, pagination) =
            self.filtered(&snapshot, r.proposal_status, &r.voter, &r.depositor, r.pagination.as_ref()).await?;
        let proposals = page.iter().map(Proposal::to_proto).collect();
        Ok(reply(&snapshot, pb::QueryProposalsResponse { proposals, pagination: Some(pagination) }))
    }

    async fn vote(&self, request: Request<pb::QueryVoteRequest>) -> Result<Response<pb::QueryVoteResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let vote = self.vote_of(&snapshot, r.proposal_id, &r.voter).await?;
        Ok(reply(&snapshot, pb::QueryVoteResponse { vote: Some(vote.to_proto()) }))
    }

    async fn votes(&self, request: Request<pb::QueryVotesRequest>) -> Result<Response<pb::QueryVotesResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let (votes, pagination) = self.votes_page(&snapshot, r.proposal_id, r.pagination.as_ref()).await?;
        let votes = votes.iter().map(Vote::to_proto).collect();
        Ok(reply(&snapshot, pb::QueryVotesResponse { votes, pagination: Some(pagination) }))
    }

    #[allow(deprecated)]
    async fn params(
        &self,
        request: Request<pb::QueryParamsRequest>,
    ) -> Result<Response<pb::QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.gov_params().await.map_err(status)?;
        let p = params.to_proto();
        let mut response = pb::QueryParamsResponse { params: Some(p.clone()), ..Default::default() };
        match request.get_ref().params_type.as_str() {
            "" => {}
            "deposit" => {
                response.deposit_params =
                    Some(pb::DepositParams { min_deposit: p.min_deposit, max_deposit_period: p.max_deposit_period })
            }
            "voting" => response.voting_params = Some(pb::VotingParams { voting_period: p.voting_period }),
            "tallying" => {
                response.tally_params =
                    Some(pb::TallyParams { quorum: p.quorum, threshold: p.threshold, veto_threshold: p.veto_threshold })
            }
            other => return Err(Status::invalid_argument(format!("unknown params type: {other}"))),
        }
        Ok(reply(&snapshot, response))
    }

    async fn deposit(
        &self,
        request: Request<pb::QueryDepositRequest>,
    ) -> Result<Response<pb::QueryDepositResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let deposit = self.deposit_of(&snapshot, r.proposal_id, &r.depositor).await?;
        Ok(reply(&snapshot, pb::QueryDepositResponse { deposit: Some(deposit.to_proto()) }))
    }

    async fn deposits(
        &self,
        request: Request<pb::QueryDepositsRequest>,
    ) -> Result<Response<pb::QueryDepositsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let (deposits, pagination) = self.deposits_page(&snapshot, r.proposal_id, r.pagination.as_ref()).await?;
        let deposits = deposits.iter().map(Deposit::to_proto).collect();
        Ok(reply(&snapshot, pb::QueryDepositsResponse { deposits, pagination: Some(pagination) }))
    }

    async fn tally_result(
        &self,
        request: Request<pb::QueryTallyResultRequest>,
    ) -> Result<Response<pb::QueryTallyResultResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let proposal = self.existing(&snapshot, request.get_ref().proposal_id).await?;
        let tally = tally_of(&snapshot, &proposal).await?;
        Ok(reply(&snapshot, pb::QueryTallyResultResponse { tally: Some(crate::proposal::tally_to_proto(&tally)) }))
    }
}
