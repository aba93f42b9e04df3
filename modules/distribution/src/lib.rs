//! Distribution (`x/distribution`, Cosmos SDK v0.50): the fees of each block and the newly
//! minted coins shared among the validators of the last commit by voting power, a community tax
//! into the community pool, each validator's commission, and F1 rewards to its delegators.
//!
//! Where things are: the F1 operations (periods, reference counts, rewards owed, withdrawals,
//! slashes) in `rewards`; the per-block allocation in `block`; the staking hooks that keep
//! rewards in step with delegations in `hooks`; store keys in `keys`; typed reads in [`state`];
//! one file per message in [`msg`]; the gRPC service in [`query`]; invariants in [`invariants`].

mod block;
pub mod errors;
mod events;
pub mod genesis;
mod hooks;
pub mod invariants;
mod keys;
pub mod msg;
pub mod params;
mod pool;
pub mod query;
mod rewards;
pub mod state;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{BlockInfo, GenesisContext, GrpcService, Hooks, Module, SdkResult, ServiceContext};
use symbiote_staking::StakingHooks;

pub use msg::{
    DistributionMsg, MsgCommunityPoolSpend, MsgFundCommunityPool, MsgSetWithdrawAddress, MsgUpdateParams,
    MsgWithdrawDelegatorReward, MsgWithdrawValidatorCommission,
};
pub use params::Params;
pub use pool::fund_community_pool;
pub use rewards::module_address;
pub use state::DistributionRead;

pub const MODULE: &str = keys::PREFIX;

/// The distribution module, as registered in the app's module list.
pub struct Distribution;

#[async_trait]
impl Module for Distribution {
    const NAME: &'static str = MODULE;
    // The distribution account is among the standard module accounts auth declares.
    type Msg = DistributionMsg;
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
        hooks.add::<dyn StakingHooks>(Box::new(hooks::DistributionHooks));
    }

    async fn export_genesis<S: StateRead>(state: &S) -> SdkResult<Self::Genesis> {
        genesis::GenesisState::export(state).await
    }

    async fn begin_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<()> {
        block::begin_block(state, block).await
    }

    fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
        vec![GrpcService::new(cosmos_sdk_proto::cosmos::distribution::v1beta1::query_server::QueryServer::new(
            query::DistributionQuery::new(ctx.snapshots.clone()),
        ))]
    }
}
