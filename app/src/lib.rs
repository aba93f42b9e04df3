//! The symbiote ABCI 2.0 application.
//!
//! Path of a transaction (see docs/architecture.md): bytes arrive in CheckTx ([`abci`] →
//! [`mempool`]) → CometBFT puts them in a block ([`app::App::prepare_proposal`]) → FinalizeBlock
//! ([`app::App::finalize_block`]) runs the modules' begin-block hooks, then each tx through
//! [`exec`]: decode ([`tx`]) → ante checks ([`ante`]) → message handlers in `modules/*/src/msg/`,
//! then the end-block hooks → store → app hash → Commit. The modules are listed once, in
//! [`modules`]; [`module_set`] derives everything else from that list.

// Lets `module_set!` name this crate the same way inside it and in crates that use it.
extern crate self as symbiote_app;

pub mod abci;
pub mod ante;
pub mod app;
pub mod env;
pub mod exec;
pub mod genesis;
pub mod genutil;
pub mod grpc;
pub mod keys;
pub mod mempool;
pub mod module_set;
pub mod modules;
pub mod pruning;
pub mod query;
pub mod server;
pub mod signatures;
pub mod state_sync;
pub mod testing;
pub mod tx;

pub use app::App;
pub use module_set::ModuleSet;
pub use modules::{AppGenesis, AppMsg, Modules};
