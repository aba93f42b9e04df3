//! The model registry: who owns which model, which bytes each version is, and which version a
//! name points at.
//!
//! A model is a name (the first registrant owns it) with immutable versions 1, 2, 3…: ONNX bytes
//! the engine validated (model id = SHA-256), uploaded in content-addressed chunks so models up to
//! `max_model_bytes` fit CometBFT's 1 MiB transactions, with the engine's report, a model card,
//! feature and output schemas, a default explanation, an inference fee and lineage (parent
//! version, training datasets under consents permitting training — checked by the consent ledger,
//! with receipts). Aliases (`name@production`) point at versions and keep their history; an
//! owner-governed model's owner moves them, a community-governed model's only governance. Versions
//! can be deprecated, never deleted.
//!
//! Where things are: references in [`refs`]; metadata checks in [`metadata`]; store keys in
//! `keys`; typed reads (and `resolve`, `model_bytes`) in [`state`]; messages in [`msg`]; the gRPC
//! service in [`query`]; chunk expiry in the end-block hook (`block`).

mod block;
pub mod errors;
mod events;
pub mod genesis;
mod keys;
pub mod metadata;
pub mod msg;
pub mod params;
pub mod query;
pub mod refs;
pub mod state;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{BlockInfo, EndBlock, GenesisContext, GrpcService, Module, SdkResult, ServiceContext};

pub use msg::RegistryMsg;
pub use params::Params;
pub use refs::ModelRef;
pub use state::{RegistryRead, Resolved};

pub const MODULE: &str = keys::PREFIX;

/// The registry module, as registered in the app's module list.
pub struct Registry;

#[async_trait]
impl Module for Registry {
    const NAME: &'static str = MODULE;
    type Msg = RegistryMsg;
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

    async fn end_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<EndBlock> {
        block::end_block(state, block).await?;
        Ok(EndBlock::default())
    }

    fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
        query::services(ctx)
    }
}
