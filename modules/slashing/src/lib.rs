//! Slashing and evidence (`x/slashing`, `x/evidence`, Cosmos SDK v0.50): validators that miss
//! too many of the last blocks are slashed a little and jailed for a while; validators that sign
//! two blocks at one height are slashed more, jailed forever and tombstoned. MsgUnjail lets a
//! jailed validator back once its jail time has passed.
//!
//! Where things are: liveness and double-sign handling in `block` (the begin-block hook); the
//! staking hook that starts a validator's signing info in `hooks`; store keys in `keys`; typed
//! reads in [`state`]; messages in [`msg`]; the gRPC service in [`query`]. The slash itself (which
//! stake, which unbonding entries and redelegations) is staking's (`symbiote_staking::slash`).

mod block;
pub mod errors;
mod events;
pub mod genesis;
mod hooks;
mod keys;
pub mod msg;
pub mod params;
pub mod query;
pub mod state;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{BlockInfo, GenesisContext, GrpcService, Hooks, Module, SdkResult, ServiceContext};
use symbiote_staking::StakingHooks;

pub use msg::{MsgUnjail, MsgUpdateParams, SlashingMsg};
pub use params::Params;
pub use state::{SigningInfo, SlashingRead};

pub const MODULE: &str = keys::PREFIX;

/// The slashing module, as registered in the app's module list.
pub struct Slashing;

#[async_trait]
impl Module for Slashing {
    const NAME: &'static str = MODULE;
    type Msg = SlashingMsg;
    type Genesis = genesis::GenesisState;

    fn validate_genesis(genesis: &Self::Genesis) -> SdkResult<()> {
        genesis.validate()
    }

    async fn init_genesis<S: StateWrite>(
        state: &mut S,
        genesis: &Self::Genesis,
        ctx: &GenesisContext,
    ) -> SdkResult<()> {
        genesis.init(state, ctx).await
    }

    fn register_hooks(hooks: &mut Hooks) {
        hooks.add::<dyn StakingHooks>(Box::new(hooks::SlashingHooks));
    }

    async fn export_genesis<S: StateRead>(state: &S) -> SdkResult<Self::Genesis> {
        genesis::GenesisState::export(state).await
    }

    async fn begin_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<()> {
        block::begin_block(state, block).await
    }

    fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
        vec![GrpcService::new(cosmos_sdk_proto::cosmos::slashing::v1beta1::query_server::QueryServer::new(
            query::SlashingQuery::new(ctx.snapshots.clone()),
        ))]
    }
}
