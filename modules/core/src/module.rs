//! The module contract: what a module crate gives the app, so that adding a module is its crate
//! plus one line in the app's module list (`app/src/modules.rs`).
//!
//! A module owns a substore named after it, a genesis section, its messages, block hooks and
//! gRPC services. The app calls, in the module list's order:
//!
//! ```text
//! start-up       register_hooks                                      (every module, list order)
//! InitChain      validate_genesis → init_genesis → genesis txs → init_validators
//! FinalizeBlock  begin_block → txs (messages) → end_block             (every module, list order)
//! queries        services() mounted on gRPC and on ABCI Query at the same paths
//! ```
//!
//! Genesis txs are the signed txs of `app_state.genutil.gen_txs` (`symbiote genesis gentx`),
//! delivered through the normal tx pipeline after every section is written, as the SDK's genutil
//! does; `init_validators` then lets the module that decides the validator set return it.
//!
//! Hooks run on the block's state (writes go through the block's read cache like every tx write)
//! and may record events; the app tags them `mode=BeginBlock|EndBlock`. A hook error is an
//! internal error: the block is not committed and the node stops.

use std::convert::Infallible;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tendermint::abci::types::{CommitInfo, Misbehavior};
use tendermint::Time;
use tonic::body::BoxBody;
use tonic::codegen::http;
use tonic::server::NamedService;
use tonic::service::RoutesBuilder;

use crate::hooks::Hooks;
use crate::module_account::{ModuleAccount, ModuleAccounts};
use crate::msg::{MsgContext, MsgSet};
use crate::query::Snapshots;
use crate::SdkResult;

/// A change to the validator set handed to CometBFT (power 0 removes the validator).
pub type ValidatorUpdate = tendermint::validator::Update;

/// What a block hook knows about its block: CometBFT's FinalizeBlock request, minus the txs.
#[derive(Clone, Debug)]
pub struct BlockInfo {
    pub chain_id: String,
    pub height: u64,
    pub time: Time,
    /// Consensus address of the proposer.
    pub proposer: [u8; 20],
    /// Who signed the previous block (`decided_last_commit`): downtime tracking, reward shares.
    pub last_commit: CommitInfo,
    /// Evidence of double signing or light-client attacks.
    pub misbehavior: Vec<Misbehavior>,
    /// The hash of the validator set CometBFT will use for the next block.
    pub next_validators_hash: tendermint::Hash,
    /// The app hash of the state this block builds on (the last block's commit).
    pub last_app_hash: Vec<u8>,
    /// The chain's module accounts.
    pub accounts: &'static ModuleAccounts,
    /// Every module's hooks ([`crate::hooks`]).
    pub hooks: &'static Hooks,
}

impl BlockInfo {
    /// The context of a message a block hook executes (a passed proposal's): this block's, with
    /// no tx.
    pub fn msg_context(&self) -> MsgContext {
        MsgContext {
            chain_id: self.chain_id.clone(),
            height: self.height,
            time: self.time,
            tx_hash: [0; 32],
            accounts: self.accounts,
            hooks: self.hooks,
        }
    }
}

/// What an end-block hook hands back to CometBFT.
#[derive(Clone, Debug, Default)]
pub struct EndBlock {
    pub validator_updates: Vec<ValidatorUpdate>,
    pub consensus_params: Option<tendermint::consensus::Params>,
}

/// Chain facts at genesis.
#[derive(Clone, Debug)]
pub struct GenesisContext {
    pub chain_id: String,
    pub genesis_time: Time,
    pub accounts: &'static ModuleAccounts,
    pub hooks: &'static Hooks,
}

/// What query services are built from.
#[derive(Clone)]
pub struct ServiceContext {
    pub snapshots: Snapshots,
    pub accounts: &'static ModuleAccounts,
}

/// A genesis section: JSON in the genesis file's `app_state.<module>`.
pub trait GenesisSection:
    Serialize + DeserializeOwned + Default + Clone + std::fmt::Debug + PartialEq + Send + Sync
{
}

impl<T: Serialize + DeserializeOwned + Default + Clone + std::fmt::Debug + PartialEq + Send + Sync> GenesisSection
    for T
{
}

#[async_trait]
pub trait Module: Send + Sync + 'static {
    /// The module's name: its substore prefix, genesis section, and `message.module` attribute.
    const NAME: &'static str;
    /// The module accounts the module owns.
    const ACCOUNTS: &'static [ModuleAccount] = &[];

    /// The module's messages ([`crate::msg::NoMsgs`] if none).
    type Msg: MsgSet;
    type Genesis: GenesisSection;

    /// Everything that can be checked without state. `symbiote genesis validate` runs it.
    fn validate_genesis(genesis: &Self::Genesis) -> SdkResult<()>;

    /// Writes the genesis state.
    async fn init_genesis<S: StateWrite>(state: &mut S, genesis: &Self::Genesis, ctx: &GenesisContext)
        -> SdkResult<()>;

    /// After every section is written and the genesis txs ran: the genesis validators, if this
    /// module decides them (at most one module may).
    async fn init_validators<S: StateWrite>(
        _state: &mut S,
        _genesis: &Self::Genesis,
        _ctx: &GenesisContext,
    ) -> SdkResult<Vec<ValidatorUpdate>> {
        Ok(Vec::new())
    }

    /// Adds the module's listeners to other modules' hooks ([`crate::hooks`]). Called once at
    /// start-up, in module-list order (which is the order listeners are called in).
    fn register_hooks(_hooks: &mut Hooks) {}

    /// The module's state as a genesis section (`symbiote export`); `init_genesis` of the result on
    /// an empty store gives the same state.
    async fn export_genesis<S: StateRead>(state: &S) -> SdkResult<Self::Genesis>;

    async fn begin_block<S: StateWrite>(_state: &mut S, _block: &BlockInfo) -> SdkResult<()> {
        Ok(())
    }

    /// Before a block's transactions run (after `begin_block`): pure work their messages of this
    /// module will need, done up front — in parallel where the module can — and left in the
    /// block's state as ephemeral objects its handlers look for. `msgs` are the block's messages
    /// of this module with their contexts, in block order. Whatever it prepares must be a pure
    /// function of its inputs that the handlers would otherwise compute themselves, so a block
    /// executes to the same state with or without it; it skips messages it cannot plan (their
    /// execution refuses them) and fails only on internal errors.
    async fn prepare_block<S: StateWrite>(
        _state: &mut S,
        _block: &BlockInfo,
        _msgs: &[(MsgContext, &Self::Msg)],
    ) -> SdkResult<()> {
        Ok(())
    }

    async fn end_block<S: StateWrite>(_state: &mut S, _block: &BlockInfo) -> SdkResult<EndBlock> {
        Ok(EndBlock::default())
    }

    /// gRPC services, served on the gRPC port and through ABCI Query at their method paths.
    fn services(_ctx: &ServiceContext) -> Vec<GrpcService> {
        Vec::new()
    }
}

/// A tonic service, type-erased so modules can hand any number of them to the app.
pub struct GrpcService {
    pub name: &'static str,
    mount: Box<dyn FnOnce(&mut RoutesBuilder) + Send>,
}

impl GrpcService {
    pub fn new<S>(service: S) -> Self
    where
        S: tonic::codegen::Service<http::Request<BoxBody>, Response = http::Response<BoxBody>, Error = Infallible>
            + NamedService
            + Clone
            + Send
            + 'static,
        S::Future: Send + 'static,
    {
        Self {
            name: S::NAME,
            mount: Box::new(move |routes| {
                routes.add_service(service);
            }),
        }
    }

    pub fn mount(self, routes: &mut RoutesBuilder) {
        (self.mount)(routes)
    }
}
