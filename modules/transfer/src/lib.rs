//! ICS-20 fungible token transfers (`transfer`), the application ibc-go calls `transfer`: users
//! send tokens to other chains with `MsgTransfer`; the app bound to port `transfer` handles the
//! packets the IBC core delivers. Native tokens leaving are escrowed at ibc-go's per-channel escrow
//! addresses; tokens arriving are minted as vouchers `ibc/{HASH}` whose traces are kept here;
//! vouchers going home are burned. Bank supply stays exact: only mint and burn change it.
//!
//! - [`denom`]: voucher names and traces; [`token`]: the bank moves; [`app`]: the ibc-rs
//!   callbacks and the [`symbiote_ibc::apps::IbcApp`] hook; [`msg`]: `MsgTransfer`;
//! - [`keys`], [`state`], [`params`], [`genesis`], [`query`], [`errors`]: as in every module.
//!
//! There is no `events.rs`: ICS-20's events (`ibc_transfer`, `fungible_token_packet`,
//! `denomination_trace`, `timeout`) are ibc-rs' own, recorded with the core's events by
//! `symbiote_ibc::events::to_abci` (indexed, ibc-go's keys); the coin moves emit bank's.

pub mod app;
pub mod denom;
pub mod errors;
pub mod genesis;
mod keys;
pub mod msg;
pub mod params;
pub mod query;
pub mod state;
pub mod token;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::module_account::{ModuleAccount, Permission};
use symbiote_core::{GenesisContext, GrpcService, Hooks, Module, SdkResult, ServiceContext};

pub use msg::{MsgTransfer, TransferMsg};
pub use params::Params;

pub const MODULE: &str = keys::PREFIX;

/// Mints arriving vouchers and burns those going home (ibc-go's `transfer` module account).
pub const ACCOUNT: ModuleAccount = ModuleAccount::new(MODULE, &[Permission::Minter, Permission::Burner]);

/// The transfer module, as registered in the app's module list (after `ibc`).
pub struct Transfer;

#[async_trait]
impl Module for Transfer {
    const NAME: &'static str = MODULE;
    const ACCOUNTS: &'static [ModuleAccount] = &[ACCOUNT];
    type Msg = TransferMsg;
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

    async fn export_genesis<S: StateRead>(state: &S) -> SdkResult<Self::Genesis> {
        genesis::GenesisState::export(state).await
    }

    fn register_hooks(hooks: &mut Hooks) {
        hooks.add::<dyn symbiote_ibc::apps::IbcApp>(Box::new(app::TransferApp));
    }

    fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
        vec![GrpcService::new(ibc_proto::ibc::applications::transfer::v1::query_server::QueryServer::new(
            query::TransferQuery::new(ctx.snapshots.clone()),
        ))]
    }
}
