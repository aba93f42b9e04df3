//! A proposal, its deposits and its votes, as `cosmos.gov.v1` stores and serves them.

use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use symbiote_core::error::Code;
use symbiote_core::{Address, Amount, Any, Coins, LegacyDec, SdkError, SdkResult};
use symbiote_staking::time::{from_timestamp, to_timestamp};
use tendermint::Time;

use crate::tally::{TallyResult, VoteOption, WeightedVote};

/// `cosmos.gov.v1.ProposalStatus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProposalStatus {
    DepositPeriod = 1,
    VotingPeriod = 2,
    Passed = 3,
    Rejected = 4,
    Failed = 5,
}

impl ProposalStatus {
    pub fn from_i32(n: i32) -> Option<Self> {
        Some(match n {
            1 => Self::DepositPeriod,
            2 => Self::VotingPeriod,
            3 => Self::Passed,
            4 => Self::Rejected,
            5 => Self::Failed,
            _ => return None,
        })
    }

    /// The protobuf enum name (`PROPOSAL_STATUS_VOTING_PERIOD`), as JSON and the CLI print it.
    pub fn name(self) -> &'static str {
        pb::ProposalStatus::try_from(self as i32).map(|s| s.as_str_name()).unwrap_or("PROPOSAL_STATUS_UNSPECIFIED")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub id: u64,
    /// The messages the gov module account executes if the proposal passes.
    pub messages: Vec<Any>,
    pub status: ProposalStatus,
    /// Set when the voting period ends (counts of a proposal still voting are computed live).
    pub final_tally: Option<TallyResult>,
    pub submit_time: Time,
    pub deposit_end_time: Time,
    pub total_deposit: Coins,
    pub voting_start_time: Option<Time>,
    pub voting_end_time: Option<Time>,
    pub metadata: String,
    pub title: String,
    pub summary: String,
    pub proposer: Address,
    pub expedited: bool,
    /// Why a passed proposal's messages failed (status FAILED).
    pub failed_reason: String,
}

fn corrupt(what: &str, detail: impl std::fmt::Display) -> SdkError {
    SdkError::internal(format!("corrupt gov {what}: {detail}"))
}

pub(crate) fn tally_to_proto(t: &TallyResult) -> pb::TallyResult {
    pb::TallyResult {
        yes_count: t.yes.to_string(),
        abstain_count: t.abstain.to_string(),
        no_count: t.no.to_string(),
        no_with_veto_count: t.no_with_veto.to_string(),
    }
}

fn tally_from_proto(t: &pb::TallyResult) -> SdkResult<TallyResult> {
    let n = |s: &str| s.parse::<Amount>().map_err(|e| corrupt("tally", e));
    Ok(TallyResult {
        yes: n(&t.yes_count)?,
        abstain: n(&t.abstain_count)?,
        no: n(&t.no_count)?,
        no_with_veto: n(&t.no_with_veto_count)?,
    })
}

impl Proposal {
    pub fn to_proto(&self) -> pb::Proposal {
        pb::Proposal {
            id: self.id,
            messages: self.messages.clone(),
            status: self.status as i32,
            final_tally_result: self.final_tally.as_ref().map(tally_to_proto),
            submit_time: Some(to_timestamp(self.submit_time)),
            deposit_end_time: Some(to_timestamp(self.deposit_end_time)),
            total_deposit: self.total_deposit.to_proto(),
            voting_start_time: self.voting_start_time.map(to_timestamp),
            voting_end_time: self.voting_end_time.map(to_timestamp),
            metadata: self.metadata.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            proposer: self.proposer.to_string(),
            expedited: self.expedited,
            failed_reason: self.failed_reason.clone(),
        }
    }

    /// A stored proposal (any error is corruption).
    pub fn from_proto(p: pb::Proposal) -> SdkResult<Self> {
        let time = |t: Option<cosmos_sdk_proto::Timestamp>| t.as_ref().map(from_timestamp).transpose();
        Ok(Self {
            id: p.id,
            status: ProposalStatus::from_i32(p.status).ok_or_else(|| corrupt("proposal status", p.status))?,
            final_tally: p.final_tally_result.as_ref().map(tally_from_proto).transpose()?,
            submit_time: time(p.submit_time)?.ok_or_else(|| corrupt("proposal", "no submit time"))?,
            deposit_end_time: time(p.deposit_end_time)?.ok_or_else(|| corrupt("proposal", "no deposit end"))?,
            total_deposit: Coins::from_proto_strict(&p.total_deposit).map_err(|e| corrupt("deposit", e.log))?,
            voting_start_time: time(p.voting_start_time)?,
            voting_end_time: time(p.voting_end_time)?,
            proposer: p.proposer.parse().map_err(|e: SdkError| corrupt("proposer", e.log))?,
            messages: p.messages,
            metadata: p.metadata,
            title: p.title,
            summary: p.summary,
            expedited: p.expedited,
            failed_reason: p.failed_reason,
        })
    }

    /// `,/cosmos.bank.v1beta1.MsgSend,/…` — the type URLs as the `submit_proposal` event lists them.
    pub fn message_urls(&self) -> String {
        self.messages.iter().map(|m| format!(",{}", m.type_url)).collect()
    }
}

/// One depositor's deposits on a proposal, summed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deposit {
    pub proposal_id: u64,
    pub depositor: Address,
    pub amount: Coins,
}

impl Deposit {
    pub fn to_proto(&self) -> pb::Deposit {
        pb::Deposit {
            proposal_id: self.proposal_id,
            depositor: self.depositor.to_string(),
            amount: self.amount.to_proto(),
        }
    }

    pub fn from_proto(p: &pb::Deposit) -> SdkResult<Self> {
        Ok(Self {
            proposal_id: p.proposal_id,
            depositor: p.depositor.parse().map_err(|e: SdkError| corrupt("depositor", e.log))?,
            amount: Coins::from_proto_strict(&p.amount).map_err(|e| corrupt("deposit", e.log))?,
        })
    }
}

/// A voter's (weighted) vote; a later vote replaces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vote {
    pub proposal_id: u64,
    pub voter: Address,
    pub options: Vec<WeightedVote>,
    pub metadata: String,
}

impl Vote {
    pub fn to_proto(&self) -> pb::Vote {
        pb::Vote {
            proposal_id: self.proposal_id,
            voter: self.voter.to_string(),
            options: self.options.iter().map(option_to_proto).collect(),
            metadata: self.metadata.clone(),
        }
    }

    pub fn from_proto(p: &pb::Vote) -> SdkResult<Self> {
        Ok(Self {
            proposal_id: p.proposal_id,
            voter: p.voter.parse().map_err(|e: SdkError| corrupt("voter", e.log))?,
            options: p
                .options
                .iter()
                .map(option_from_proto)
                .collect::<SdkResult<_>>()
                .map_err(|e| corrupt("vote", e.log))?,
            metadata: p.metadata.clone(),
        })
    }
}

pub(crate) fn option_to_proto(o: &WeightedVote) -> pb::WeightedVoteOption {
    pb::WeightedVoteOption { option: o.option as i32, weight: o.weight.to_string() }
}

/// A submitted weighted option: a known option and a decimal weight (checked by `check_options`).
pub(crate) fn option_from_proto(o: &pb::WeightedVoteOption) -> SdkResult<WeightedVote> {
    let option = vote_option(o.option)?;
    let weight: LegacyDec =
        o.weight.parse().map_err(|_| crate::errors::invalid_vote(format!("invalid weight {:?}", o.weight)))?;
    Ok(WeightedVote { option, weight })
}

pub(crate) fn vote_option(n: i32) -> SdkResult<VoteOption> {
    Ok(match n {
        1 => VoteOption::Yes,
        2 => VoteOption::Abstain,
        3 => VoteOption::No,
        4 => VoteOption::NoWithVeto,
        _ => return Err(crate::errors::invalid_vote(format!("{n}"))),
    })
}

/// Coins in a message: the SDK's `Coins.Validate` (code 10 for a bad list).
pub(crate) fn coins(list: &[cosmos_sdk_proto::cosmos::base::v1beta1::Coin]) -> SdkResult<Coins> {
    Coins::from_proto_strict(list).map_err(|e| SdkError { code: Code::InvalidCoins as u32, ..e })
}
