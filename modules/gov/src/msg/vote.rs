//! `MsgVote` and `MsgVoteWeighted`: stateless (voter address; options valid — for a weighted vote,
//! unique options with weights in (0, 1] summing to exactly 1) → stateful (none) → execute
//! (`AddVote`: the proposal exists and is in its voting period, metadata within bounds; the vote
//! stored, replacing the voter's earlier one).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use symbiote_core::error::Code;
use symbiote_core::{Address, LegacyDec, MsgContext, MsgHandler, SdkError, SdkResult};

use crate::proposal::{option_from_proto, option_to_proto, vote_option, ProposalStatus, Vote};
use crate::state::{self, GovRead};
use crate::tally::{VoteOption, WeightedVote};
use crate::{errors, events};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgVote {
    pub proposal_id: u64,
    pub voter: Address,
    /// The raw option number, checked statelessly (an unknown one is gov code 7).
    pub option: i32,
    pub metadata: String,
}

#[async_trait]
impl MsgHandler for MsgVote {
    const TYPE_URL: &'static str = "/cosmos.gov.v1.MsgVote";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.gov.v1.MsgVoteResponse";
    type Proto = pb::MsgVote;
    type Response = pb::MsgVoteResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { proposal_id: p.proposal_id, voter: p.voter.parse()?, option: p.option, metadata: p.metadata })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgVote {
            proposal_id: self.proposal_id,
            voter: self.voter.to_string(),
            option: self.option,
            metadata: self.metadata.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.voter]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        vote_option(self.option).map(|_| ()).map_err(|_| errors::invalid_vote(option_name(self.option)))
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        let options = vec![WeightedVote { option: vote_option(self.option)?, weight: LegacyDec::ONE }];
        add_vote(state, self.proposal_id, &self.voter, options, &self.metadata).await?;
        Ok(pb::MsgVoteResponse {})
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MsgVoteWeighted {
    pub proposal_id: u64,
    pub voter: Address,
    pub options: Vec<pb::WeightedVoteOption>,
    pub metadata: String,
}

#[async_trait]
impl MsgHandler for MsgVoteWeighted {
    const TYPE_URL: &'static str = "/cosmos.gov.v1.MsgVoteWeighted";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.gov.v1.MsgVoteWeightedResponse";
    type Proto = pb::MsgVoteWeighted;
    type Response = pb::MsgVoteWeightedResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { proposal_id: p.proposal_id, voter: p.voter.parse()?, options: p.options, metadata: p.metadata })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgVoteWeighted {
            proposal_id: self.proposal_id,
            voter: self.voter.to_string(),
            options: self.options.clone(),
            metadata: self.metadata.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.voter]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        weighted_options(&self.options).map(|_| ())
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        let options = weighted_options(&self.options)?;
        add_vote(state, self.proposal_id, &self.voter, options, &self.metadata).await?;
        Ok(pb::MsgVoteWeightedResponse {})
    }
}

/// `VOTE_OPTION_YES` for a known option, the number for any other (as Go prints the enum).
fn option_name(n: i32) -> String {
    pb::VoteOption::try_from(n).map(|o| o.as_str_name().to_string()).unwrap_or_else(|_| n.to_string())
}

/// gogoproto's compact text of an option, `option:VOTE_OPTION_YES weight:"0.5" `, as the SDK's
/// errors print it.
fn option_text(o: &pb::WeightedVoteOption) -> String {
    format!("option:{} weight:{:?} ", option_name(o.option), o.weight)
}

/// The SDK's weighted-vote rules, in its order: at least one option (sdk 18); each a known option
/// with a weight in (0, 1] (gov 7); no option twice (7); the weights summing to exactly 1 (7).
pub(crate) fn weighted_options(options: &[pb::WeightedVoteOption]) -> SdkResult<Vec<WeightedVote>> {
    if options.is_empty() {
        return Err(SdkError::new(Code::InvalidRequest, "null"));
    }
    let mut total = LegacyDec::ZERO;
    let mut used: Vec<VoteOption> = Vec::new();
    let mut out = Vec::with_capacity(options.len());
    for o in options {
        let option = option_from_proto(o).map_err(|_| errors::invalid_vote(option_text(o)))?;
        if !option.weight.is_positive() || option.weight > LegacyDec::ONE {
            return Err(errors::invalid_vote(option_text(o)));
        }
        total = total.checked_add(option.weight).map_err(|_| errors::invalid_vote("total weight overflow 1.00"))?;
        if used.contains(&option.option) {
            return Err(errors::invalid_vote("duplicated vote option"));
        }
        used.push(option.option);
        out.push(option);
    }
    if total > LegacyDec::ONE {
        return Err(errors::invalid_vote("total weight overflow 1.00"));
    }
    if total < LegacyDec::ONE {
        return Err(errors::invalid_vote("total weight lower than 1.00"));
    }
    Ok(out)
}

/// `AddVote`: the proposal must be in its voting period (gov 3, also for an unknown one, as the
/// SDK); metadata at most 255 bytes (15).
async fn add_vote<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
    voter: &Address,
    options: Vec<WeightedVote>,
    metadata: &str,
) -> SdkResult<()> {
    let voting = state.proposal(id).await?.is_some_and(|p| p.status == ProposalStatus::VotingPeriod);
    if !voting {
        return Err(errors::inactive_proposal(id));
    }
    super::submit_proposal::check_metadata_length(metadata)?;
    let vote = Vote { proposal_id: id, voter: *voter, options, metadata: metadata.to_string() };
    state.record(events::proposal_vote(voter, &options_json(&vote.options), id));
    state::put_vote(state, &vote)
}

/// The event's `option`: the options as JSON, `[{"option":1,"weight":"1.000000000000000000"}]`.
pub(crate) fn options_json(options: &[WeightedVote]) -> String {
    let list: Vec<serde_json::Value> = options
        .iter()
        .map(|o| {
            let p = option_to_proto(o);
            serde_json::json!({"option": p.option, "weight": p.weight})
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}
