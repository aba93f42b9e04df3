//! The data-consent ledger: who may use which data, for what — and a receipt for every use.
//!
//! Data stays off chain, under its owner's control. A dataset is a commitment (a Merkle root over
//! records whose fields are salted leaves, [`commitment`]), a record count, a schema and a policy
//! hash. Its owner (a data subject, or a controller's account with a named controller) grants
//! consents: to whom, for which uses (inference, training, audit), for which purposes (GA4GH DUO
//! terms with modifiers, [`duo`]), with which models, which fields, until when, how many times. An
//! amendment supersedes a consent's terms with a new version; the owner **withdraws** and the
//! controller or governance **revokes** — different records, neither retroactive.
//!
//! Every use anywhere goes through [`permission::check_use`] and [`permission::record_use`]:
//! the registry (training data), the inference module, governance's audits, and `MsgRecordUse`.
//!
//! Where things are: domain types in [`terms`] and [`duo`]; store keys in `keys`; typed reads in
//! [`state`]; messages in [`msg`]; the gRPC service in [`query`]; no block hooks.

pub mod commitment;
pub mod duo;
pub mod errors;
mod events;
pub mod genesis;
mod keys;
pub mod msg;
pub mod params;
pub mod permission;
pub mod query;
pub mod state;
pub mod terms;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{GenesisContext, GrpcService, Module, SdkResult, ServiceContext};

pub use msg::ConsentMsg;
pub use params::Params;
pub use permission::{check_use, record_use, ModelUse, Permit, UseAt, UseRequest};
pub use state::ConsentRead;
pub use terms::Use;

pub const MODULE: &str = keys::PREFIX;

/// The consent module, as registered in the app's module list.
pub struct Consent;

#[async_trait]
impl Module for Consent {
    const NAME: &'static str = MODULE;
    type Msg = ConsentMsg;
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
