//! Governance: Cosmos SDK gov v1 (`x/gov`, v0.50) — proposals whose messages the gov module
//! account executes when they pass, deposits, stake-weighted votes, the SDK's tally — so cosmjs'
//! `GovExtension` and Keplr's governance pages work unchanged; and, on top, bias-correction
//! proposals backed by a fairness audit computed on chain.
//!
//! A proposal is submitted with a deposit ([`msg::MsgSubmitProposal`]); once its deposits reach
//! `min_deposit` it is voted on for `voting_period`; the end-block hook ([`block`]) drops
//! proposals whose deposit period ends unfunded and tallies those whose voting ends
//! ([`voting_power`], [`tally()`]); a passed proposal's messages run through the chain's message
//! router ([`symbiote_core::router`]) in one overlay.
//!
//! Bias corrections ([`msg::MsgSubmitBiasCorrection`]): a proposal to move a community model's
//! alias to a candidate version carries a fairness audit of both versions on an audit dataset
//! (rows disclosed from a consent-ledger dataset under a consent for audit use), computed at
//! submission by the deterministic engine ([`audit`], [`fairness`]); a candidate that fails the
//! gate (`AuditParams`) cannot pass; on pass `MsgApplyBiasCorrection` moves the alias.
//!
//! Layout as every module: domain types in [`proposal`], `keys`, [`state`], [`msg`], [`query`]
//! (v1) and [`legacy`] (v1beta1), [`genesis`], [`params`], [`events`], and the block hook in
//! `block`; deposits' bookkeeping in [`deposits`]; codes in [`errors`].

pub mod audit;
pub mod audit_query;
mod block;
pub mod deposits;
pub mod errors;
mod events;
pub mod fairness;
pub mod genesis;
mod keys;
pub mod legacy;
mod metadata;
pub mod msg;
pub mod params;
pub mod proposal;
pub mod query;
pub mod state;
pub mod tally;
pub mod voting_power;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{BlockInfo, EndBlock, GenesisContext, GrpcService, Module, SdkResult, ServiceContext};

pub use msg::GovMsg;
pub use params::{AuditParams, Params};
pub use proposal::{Deposit, Proposal, ProposalStatus, Vote};
pub use state::GovRead;
pub use tally::{tally, Tally, TallyParams, TallyResult, ValidatorGovInfo, VoteOption, WeightedVote};

pub const MODULE: &str = keys::PREFIX;

/// The gov module, as registered in the app's module list. Its module account (`gov`, burner) is
/// one of the standard accounts auth declares.
pub struct Gov;

#[async_trait]
impl Module for Gov {
    const NAME: &'static str = MODULE;
    type Msg = GovMsg;
    type Genesis = genesis::GenesisState;

    fn validate_genesis(genesis: &Self::Genesis) -> SdkResult<()> {
        genesis.validate()
    }

    async fn init_genesis<S: StateWrite>(
        state: &mut S,
        genesis: &Self::Genesis,
        _ctx: &GenesisContext,
    ) -> SdkResult<()> {
        genesis.init(state).await
    }

    async fn export_genesis<S: StateRead>(state: &S) -> SdkResult<Self::Genesis> {
        genesis::GenesisState::export(state).await
    }

    async fn end_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<EndBlock> {
        block::end_block(state, block).await
    }

    fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
        query::services(ctx)
    }
}
