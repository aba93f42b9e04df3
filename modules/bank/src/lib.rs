//! Balances and transfers (`x/bank`). Total supply per denom is tracked and changes only when a
//! module with the minter (burner) permission mints (burns) coins, so the sum of all balances
//! always equals it; the invariant tests check that.

pub mod events;
pub mod genesis;
pub mod invariants;
mod keys;
pub mod msg;
pub mod params;
pub mod query;
pub mod state;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{Address, GenesisContext, GrpcService, Module, SdkResult, ServiceContext};

pub use msg::{BankMsg, MsgSend, MsgSetSendEnabled, MsgUpdateParams};
pub use params::Params;
pub use state::{BankRead, BankWrite};

pub const MODULE: &str = keys::PREFIX;

/// The bank module, as registered in the app's module list.
pub struct Bank;

#[async_trait]
impl Module for Bank {
    const NAME: &'static str = MODULE;
    type Msg = BankMsg;
    type Genesis = genesis::GenesisState;

    fn validate_genesis(genesis: &Self::Genesis) -> SdkResult<()> {
        genesis.parse().map(|_| ())
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

    fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
        vec![GrpcService::new(cosmos_sdk_proto::cosmos::bank::v1beta1::query_server::QueryServer::new(
            query::BankQuery::new(ctx.snapshots.clone()),
        ))]
    }
}

/// Store keys paying `fee` from `payer` reads, for the block prefetch (a hint).
pub fn fee_keys(payer: &Address, fee: &symbiote_core::Coins) -> Vec<String> {
    fee.iter().map(|coin| keys::balance(payer, &coin.denom)).collect()
}
