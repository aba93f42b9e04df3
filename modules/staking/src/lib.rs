//! Staking (`x/staking`, Cosmos SDK v0.50): validators chosen by stake, delegations, unbonding
//! and redelegation, and the validator set handed to CometBFT.
//!
//! Where things are: domain types at the root ([`validator`], [`delegation`], [`params`]);
//! store keys in `keys`; typed reads in [`state`]; the operations that keep tokens, shares,
//! pools, indexes and hooks in step in `bonding` (delegate, unbond), `unbonding` (undelegate,
//! redelegate, completion) and `validator_set` (bonding status, the CometBFT update); one file
//! per message in [`msg`]; block hooks in `block`; slashing, jailing and unjailing (called by the
//! slashing module) in [`slash`]; the gRPC service in [`query`]; the hook
//! interface other modules implement in [`hooks`]; the pool invariants in [`invariants`].

mod block;
mod bonding;
pub mod delegation;
pub mod errors;
mod events;
pub mod genesis;
pub mod hooks;
pub mod invariants;
mod keys;
pub mod msg;
pub mod params;
pub mod query;
pub mod slash;
pub mod state;
pub mod time;
mod unbonding;
pub mod validator;
mod validator_set;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{
    BlockInfo, EndBlock, GenesisContext, GrpcService, Module, SdkResult, ServiceContext, ValidatorUpdate,
};

pub use bonding::Env;
pub use delegation::{Delegation, Redelegation, UnbondingDelegation};
pub use hooks::StakingHooks;
pub use msg::{
    MsgBeginRedelegate, MsgCancelUnbondingDelegation, MsgCreateValidator, MsgDelegate, MsgEditValidator, MsgUndelegate,
    MsgUpdateParams, StakingMsg,
};
pub use params::Params;
pub use state::StakingRead;
pub use validator::{BondStatus, Validator};

pub const MODULE: &str = keys::PREFIX;

/// The staking module, as registered in the app's module list.
pub struct Staking;

#[async_trait]
impl Module for Staking {
    const NAME: &'static str = MODULE;
    // The pools (bonded_tokens_pool, not_bonded_tokens_pool) are among the standard module
    // accounts auth declares.
    type Msg = StakingMsg;
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

    async fn init_validators<S: StateWrite>(
        state: &mut S,
        genesis: &Self::Genesis,
        ctx: &GenesisContext,
    ) -> SdkResult<Vec<ValidatorUpdate>> {
        genesis.initial_validators(state, ctx).await
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
        vec![GrpcService::new(cosmos_sdk_proto::cosmos::staking::v1beta1::query_server::QueryServer::new(
            query::StakingQuery::new(ctx.snapshots.clone()),
        ))]
    }
}
