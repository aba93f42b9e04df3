//! IBC core (`ibc`): ibc-rs 0.57's client, connection and channel handlers over the `ibc`
//! substore, which holds the ICS-24 paths with ibc-go's encodings, so a stock Hermes relays to and
//! from symbiote and counterparties verify our proofs under commitment prefix `ibc`.
//!
//! - [`host`]: this chain as an IBC host — revision number (the chain id's `-N` suffix), heights,
//!   commitment prefix, the JMT proof specs and the exact JSON Hermes' config carries for them;
//! - [`consensus`]: our consensus state at a height, from staking's historical info;
//! - [`ctx`]: ibc-rs' host contexts over one message's state ([`ctx::Shared`] with the apps');
//! - [`apps`]: the applications bound to ports (ICS-26), registered as hooks (ICS-20 `transfer`);
//! - [`exec`]: running ibc-rs over a message's state and recording its events;
//! - [`msg`]: the core messages relayers send, one handler for all (ibc-rs' `dispatch`);
//! - [`events`]: ibc-rs' events as indexed ABCI events in ibc-go's shape;
//! - [`errors`]: ibc-rs' errors as coded errors (codespace `ibc`);
//! - [`query`]: ibc-go's client, connection and channel gRPC queries;
//! - [`keys`], [`encoding`], [`params`], [`state`], [`genesis`]: as in every module.
//!
//! Our own consensus states come from staking's historical info (kept `historical_entries`
//! blocks), which staking writes at BeginBlock: the module has no block hooks of its own.

pub mod apps;
pub mod consensus;
pub mod ctx;
pub mod encoding;
pub mod errors;
pub mod events;
pub mod exec;
pub mod genesis;
pub mod host;
pub mod keys;
pub mod msg;
pub mod params;
pub mod query;
pub mod state;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{GenesisContext, GrpcService, Module, SdkResult, ServiceContext};

pub use msg::IbcMsg;
pub use params::Params;

pub const MODULE: &str = host::STORE;

/// The IBC core module, as registered in the app's module list.
pub struct Ibc;

#[async_trait]
impl Module for Ibc {
    const NAME: &'static str = MODULE;
    type Msg = IbcMsg;
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
