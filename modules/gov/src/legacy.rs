//! `cosmos.gov.v1beta1.Query`, which cosmjs' `GovExtension` reads: the v1 answers converted as
//! the SDK's `v3.ConvertToLegacyProposal` does. A v1beta1 proposal has one `content`: a proposal
//! with exactly one message shows that message as its content (`MsgExecLegacyContent` shows the
//! content it wraps); one with none or several cannot be shown (sdk code 29, and the SDK fails the
//! whole list page, as here). Vote weights and tally params are LegacyDec customtypes in v1beta1:
//! integers of atoms on the wire.

use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use cosmos_sdk_proto::cosmos::gov::v1beta1 as pb1;
use cosmos_sdk_proto::cosmos::gov::v1beta1::query_server::Query;
use prost::Message;
use symbiote_core::query::{reply, status};
use symbiote_core::{Any, LegacyDec};
use symbiote_staking::time::to_timestamp;
use tonic::{Request, Response, Status};

use crate::proposal::{option_to_proto, Deposit, Proposal, Vote};
use crate::query::{tally_of, GovQuery};
use crate::state::GovRead;
use crate::tally::TallyResult;

#[derive(Clone)]
pub struct LegacyQuery {
    v1: GovQuery,
}

impl LegacyQuery {
    pub(crate) fn new(v1: GovQuery) -> Self {
        Self { v1 }
    }
}

/// The zero time of Go (`0001-01-01T00:00:00Z`), which the SDK shows for unset v1 times.
fn go_zero_time() -> cosmos_sdk_proto::Timestamp {
    cosmos_sdk_proto::Timestamp { seconds: -62_135_596_800, nanos: 0 }
}

fn tally_to_legacy(t: &TallyResult) -> pb1::TallyResult {
    pb1::TallyResult {
        yes: t.yes.to_string(),
        abstain: t.abstain.to_string(),
        no: t.no.to_string(),
        no_with_veto: t.no_with_veto.to_string(),
    }
}

/// `ConvertToLegacyProposal`.
pub fn to_legacy(p: &Proposal) -> Result<pb1::Proposal, Status> {
    let [only] = p.messages.as_slice() else {
        return Err(Status::invalid_argument(
            "can't convert a gov/v1 Proposal to gov/v1beta1 Proposal when amount of proposal messages not exactly one: invalid type",
        ));
    };
    let content = if only.type_url == "/cosmos.gov.v1.MsgExecLegacyContent" {
        pb::MsgExecLegacyContent::decode(only.value.as_slice())
            .ok()
            .and_then(|m| m.content)
            .ok_or_else(|| Status::internal("MsgExecLegacyContent without content"))?
    } else {
        Any { type_url: only.type_url.clone(), value: only.value.clone() }
    };
    Ok(pb1::Proposal {
        proposal_id: p.id,
        content: Some(content),
        status: p.status as i32,
        final_tally_result: Some(tally_to_legacy(&p.final_tally.clone().unwrap_or_default())),
        submit_time: Some(to_timestamp(p.submit_time)),
        deposit_end_time: Some(to_timestamp(p.deposit_end_time)),
        total_deposit: p.total_deposit.to_proto(),
        voting_start_time: Some(p.voting_start_time.map(to_timestamp).unwrap_or_else(go_zero_time)),
        voting_end_time: Some(p.voting_end_time.map(to_timestamp).unwrap_or_else(go_zero_time)),
    })
}

fn vote_to_legacy(v: &Vote) -> pb1::Vote {
    #[allow(deprecated)]
    pb1::Vote {
        proposal_id: v.proposal_id,
        voter: v.voter.to_string(),
        option: 0,
        options: v
            .options
            .iter()
            .map(|o| pb1::WeightedVoteOption { option: option_to_proto(o).option, weight: o.weight.to_proto_string() })
            .collect(),
    }
}

fn deposit_to_legacy(d: &Deposit) -> pb1::Deposit {
    pb1::Deposit { proposal_id: d.proposal_id, depositor: d.depositor.to_string(), amount: d.amount.to_proto() }
}

fn atoms(d: LegacyDec) -> Vec<u8> {
    d.to_proto_string().into_bytes()
}

#[tonic::async_trait]
impl Query for LegacyQuery {
    async fn proposal(
        &self,
        request: Request<pb1::QueryProposalRequest>,
    ) -> Result<Response<pb1::QueryProposalResponse>, Status> {
        let snapshot = self.v1.snapshots.for_request(&request)?;
        let proposal = self.v1.existing(&snapshot, request.get_ref().proposal_id).await?;
        Ok(reply(&snapshot, pb1::QueryProposalResponse { proposal: Some(to_legacy(&proposal)?) }))
    }

    async fn proposals(
        &self,
        request: Request<pb1::QueryProposalsRequest>,
    ) -> Result<Response<pb1::QueryProposalsResponse>, Status> {
        let snapshot = self.v1.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let (page, pagination) =
            self.v1.filtered(&snapshot, r.proposal_status, &r.voter, &r.depositor, r.pagination.as_ref()).await?;
        let proposals = page.iter().map(to_legacy).collect::<Result<_, _>>()?;
        Ok(reply(&snapshot, pb1::QueryProposalsResponse { proposals, pagination: Some(pagination) }))
    }

    async fn vote(&self, request: Request<pb1::QueryVoteRequest>) -> Result<Response<pb1::QueryVoteResponse>, Status> {
        let snapshot = self.v1.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let vote = self.v1.vote_of(&snapshot, r.proposal_id, &r.voter).await?;
        Ok(reply(&snapshot, pb1::QueryVoteResponse { vote: Some(vote_to_legacy(&vote)) }))
    }

    async fn votes(
        &self,
        request: Request<pb1::QueryVotesRequest>,
    ) -> Result<Response<pb1::QueryVotesResponse>, Status> {
        let snapshot = self.v1.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let (votes, pagination) = self.v1.votes_page(&snapshot, r.proposal_id, r.pagination.as_ref()).await?;
        let votes = votes.iter().map(vote_to_legacy).collect();
        Ok(reply(&snapshot, pb1::QueryVotesResponse { votes, pagination: Some(pagination) }))
    }

    async fn params(
        &self,
        request: Request<pb1::QueryParamsRequest>,
    ) -> Result<Response<pb1::QueryParamsResponse>, Status> {
        let snapshot = self.v1.snapshots.for_request(&request)?;
        let params = snapshot.gov_params().await.map_err(status)?;
        let p = params.to_proto();
        let mut response = pb1::QueryParamsResponse::default();
        match request.get_ref().params_type.as_str() {
            "deposit" => {
                response.deposit_params =
                    Some(pb1::DepositParams { min_deposit: p.min_deposit, max_deposit_period: p.max_deposit_period })
            }
            "voting" => response.voting_params = Some(pb1::VotingParams { voting_period: p.voting_period }),
            "tallying" => {
                response.tally_params = Some(pb1::TallyParams {
                    quorum: atoms(params.quorum),
                    threshold: atoms(params.threshold),
                    veto_threshold: atoms(params.veto_threshold),
                })
            }
            "" => return Err(Status::invalid_argument(" is not a valid parameter type")),
            other => return Err(Status::invalid_argument(format!("unknown params type: {other}"))),
        }
        Ok(reply(&snapshot, response))
    }

    async fn deposit(
        &self,
        request: Request<pb1::QueryDepositRequest>,
    ) -> Result<Response<pb1::QueryDepositResponse>, Status> {
        let snapshot = self.v1.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let deposit = self.v1.deposit_of(&snapshot, r.proposal_id, &r.depositor).await?;
        Ok(reply(&snapshot, pb1::QueryDepositResponse { deposit: Some(deposit_to_legacy(&deposit)) }))
    }

    async fn deposits(
        &self,
        request: Request<pb1::QueryDepositsRequest>,
    ) -> Result<Response<pb1::QueryDepositsResponse>, Status> {
        let snapshot = self.v1.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let (deposits, pagination) = self.v1.deposits_page(&snapshot, r.proposal_id, r.pagination.as_ref()).await?;
        let deposits = deposits.iter().map(deposit_to_legacy).collect();
        Ok(reply(&snapshot, pb1::QueryDepositsResponse { deposits, pagination: Some(pagination) }))
    }

    async fn tally_result(
        &self,
        request: Request<pb1::QueryTallyResultRequest>,
    ) -> Result<Response<pb1::QueryTallyResultResponse>, Status> {
        let snapshot = self.v1.snapshots.for_request(&request)?;
        let proposal = self.v1.existing(&snapshot, request.get_ref().proposal_id).await?;
        let tally = tally_of(&snapshot, &proposal).await?;
        Ok(reply(&snapshot, pb1::QueryTallyResultResponse { tally: Some(tally_to_legacy(&tally)) }))
    }
}
