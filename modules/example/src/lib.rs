//! The example module: small, but it uses every part of the module contract, so tests can prove
//! the framework end to end and a new module has a template to copy the shape of.
//!
//! It stores string values by key ([`MsgSetValue`]), has governance-only params
//! ([`MsgUpdateParams`]), counts what its block hooks see ([`block`]), hands CometBFT a validator
//! update or a block gas limit when asked ([`MsgScheduleValidatorUpdate`],
//! [`MsgScheduleBlockGas`]), may decide the genesis validators, owns a module account, and serves
//! `symbiote.example.v1.Query`. [`MsgBreakInvariant`] fails with an internal error, as a corrupt
//! store would, so tests can check that the node halts instead of committing.
//!
//! Registered only by tests (`app/tests/module_contract.rs`); the chain's own module list does not
//! include it.
//!
//! Layout (the same in every module): `lib.rs` domain types and the `Module` impl, `keys.rs`
//! private key builders, `state.rs` typed reads (public) and writes (private), `msg/` one
//! handler per message, `query.rs`, `genesis.rs`, `params.rs`, `events.rs`, `block.rs` hooks.

mod block;
pub mod events;
pub mod genesis;
mod keys;
pub mod msg;
pub mod params;
pub mod query;
pub mod state;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::module_account::ModuleAccount;
use symbiote_core::{
    BlockInfo, EndBlock, GenesisContext, GrpcService, Module, SdkResult, ServiceContext, ValidatorUpdate,
};

pub use msg::{
    ExampleMsg, MsgBreakInvariant, MsgScheduleBlockGas, MsgScheduleValidatorUpdate, MsgSetValue, MsgUpdateParams,
};
pub use params::Params;
pub use state::ExampleRead;

pub const MODULE: &str = keys::PREFIX;

/// The example module, as a test registers it in a module list.
pub struct Example;

#[async_trait]
impl Module for Example {
    const NAME: &'static str = MODULE;
    const ACCOUNTS: &'static [ModuleAccount] = &[ModuleAccount::new(MODULE, &[])];
    type Msg = ExampleMsg;
    type Genesis = genesis::GenesisState;

    fn validate_genesis(genesis: &Self::Genesis) -> SdkResult<()> {
        genesis.validate()
    }

    async fn init_genesis<S: StateWrite>(
        state: &mut S,
        genesis: &Self::Genesis,
        _ctx: &GenesisContext,
    ) -> SdkResult<()> {
        genesis.init(state)
    }

    async fn init_validators<S: StateWrite>(
        _state: &mut S,
        genesis: &Self::Genesis,
        _ctx: &GenesisContext,
    ) -> SdkResult<Vec<ValidatorUpdate>> {
        genesis.validator_updates()
    }

    async fn export_genesis<S: StateRead>(state: &S) -> SdkResult<Self::Genesis> {
        genesis::GenesisState::export(state).await
    }

    async fn begin_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<()> {
        block::begin_block(state, block).await
    }

    async fn end_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<EndBlock> {
        block::end_block(state, block).await
    }

    fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
        query::services(ctx)
    }
}
