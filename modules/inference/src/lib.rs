//! The chain's inference module: a decision by a registered model, executed by every validator
//! inside the block through the deterministic engine (the `symbiote-engine` crate, which knows no
//! chain), stored with its explainability trace by the trace's id.
//!
//! `MsgInfer` takes a public feature vector or records disclosed under consent (each checked by
//! the consent ledger's one permission check and receipted); the model reference is resolved at
//! this block (the alias recorded); gas is charged from the engine's cost estimate before anything
//! runs, within a per-block engine-cost budget; the model's fee is split among its owner, the data
//! owners and the training-data contributors ([`rewards`]), withdrawn with `MsgWithdrawRewards`;
//! the trace carries the chain context (model name, version, alias, requester, purpose, consents,
//! receipts, height, tx hash).
//!
//! Before a block's messages execute, its inferences run in parallel ([`prepare`]); executing
//! them in order then only applies state changes, with the same result as computing each in turn.
//!
//! Where things are: inputs from requests in `input`; the block's parallel preparation in
//! [`prepare`] (the one block hook); the fee split in [`rewards`]; store keys in `keys`; typed
//! reads in [`state`]; messages in [`msg`]; the gRPC service in [`query`].

pub mod errors;
mod events;
pub mod genesis;
pub mod input;
mod keys;
pub mod msg;
pub mod params;
pub mod prepare;
pub mod query;
pub mod rewards;
pub mod state;
pub mod testing;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::module_account::ModuleAccount;
use symbiote_core::{Address, BlockInfo, GenesisContext, GrpcService, Module, MsgContext, SdkResult, ServiceContext};

pub use msg::InferenceMsg;
pub use params::Params;
pub use state::InferenceRead;

pub const MODULE: &str = keys::PREFIX;

/// The inference module account: it holds the rewards accrued and not yet withdrawn.
pub fn module_address() -> Address {
    Address::module(MODULE)
}

/// The inference module, as registered in the app's module list.
pub struct Inference;

#[async_trait]
impl Module for Inference {
    const NAME: &'static str = MODULE;
    const ACCOUNTS: &'static [ModuleAccount] = &[ModuleAccount::new(MODULE, &[])];
    type Msg = InferenceMsg;
    type Genesis = genesis::GenesisState;

    fn validate_genesis(genesis: &Self::Genesis) -> SdkResult<()> {
        genesis::validate(genesis)
    }

    async fn init_genesis<S: StateWrite>(
        state: &mut S,
        genesis: &Self::Genesis,
        _ctx: &GenesisContext,
    ) -> SdkResult<()> {
        genesis::init(state, genesis)
    }

    async fn export_genesis<S: StateRead>(state: &S) -> SdkResult<Self::Genesis> {
        genesis::export(state).await
    }

    async fn prepare_block<S: StateWrite>(
        state: &mut S,
        block: &BlockInfo,
        msgs: &[(MsgContext, &Self::Msg)],
    ) -> SdkResult<()> {
        prepare::prepare_block(state, block, msgs).await
    }

    fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
        query::services(ctx)
    }
}
