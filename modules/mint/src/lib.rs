//! Inflation (`x/mint`, Cosmos SDK v0.50): every block the inflation rate moves toward the goal
//! bonded ratio, within bounds, and one block's share of the annual provisions is minted and paid
//! to the fee collector, where distribution hands it out with the fees.
//!
//! Where things are: the minter and its arithmetic in [`minter`]; parameters in [`params`]; store
//! keys in `keys`; typed reads in [`state`]; the begin-block hook in `block`; the message in
//! [`msg`]; the gRPC service in [`query`]; genesis in [`genesis`]; the event in `events`.

mod block;
mod events;
pub mod genesis;
mod keys;
pub mod minter;
pub mod msg;
pub mod params;
pub mod query;
pub mod state;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{BlockInfo, GenesisContext, GrpcService, Module, SdkResult, ServiceContext};

pub use minter::Minter;
pub use msg::{MintMsg, MsgUpdateParams};
pub use params::Params;
pub use state::MintRead;

pub const MODULE: &str = keys::PREFIX;

/// The mint module, as registered in the app's module list (before distribution, whose begin
/// block pays out what this one mints).
pub struct Mint;

#[async_trait]
impl Module for Mint {
    const NAME: &'static str = MODULE;
    // The mint module account (minter permission) is among the standard accounts auth declares.
    type Msg = MintMsg;
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

    async fn begin_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<()> {
        block::begin_block(state, block).await
    }

    fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
        vec![GrpcService::new(cosmos_sdk_proto::cosmos::mint::v1beta1::query_server::QueryServer::new(
            query::MintQuery::new(ctx.snapshots.clone()),
        ))]
    }
}
