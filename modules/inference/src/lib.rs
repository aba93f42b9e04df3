//! The chain's inference module: a decision by a registered model, executed by every validator
//! inside the block through the deterministic engine (the `symbiote-engine` crate, which knows no
//! chain), stored with its explainability trace by the trace's id.
//!
//! This first step takes public feature vectors (`MsgInfer`): the model reference resolved at
//! this block (the alias recorded), gas charged from the engine's cost estimate before anything
//! runs, the model's fee paid to its owner, the trace extended with the chain context (model name,
//! version, alias, requester, height, tx hash). Issue 13 continues it: disclosed records under
//! consent, fee splits and rewards, block budgets, parallel execution, trace queries with proofs.
//!
//! Where things are: store keys in `keys`; typed reads in [`state`]; messages in [`msg`]; the gRPC
//! service in [`query`]; no block hooks.

pub mod errors;
mod events;
pub mod genesis;
mod keys;
pub mod msg;
pub mod params;
pub mod query;
pub mod state;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{GenesisContext, GrpcService, Module, SdkResult, ServiceContext};

pub use msg::InferenceMsg;
pub use params::Params;
pub use state::InferenceRead;

pub const MODULE: &str = keys::PREFIX;

/// The inference module, as registered in the app's module list.
pub struct Inference;

#[async_trait]
impl Module for Inference {
    const NAME: &'static str = MODULE;
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

    fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
        query::services(ctx)
    }
}
