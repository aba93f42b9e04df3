//! The symbiote ABCI 2.0 application.
//!
//! Path of a transaction (see docs/architecture.md): bytes arrive in CheckTx ([`abci`] →
//! [`mempool`]) → CometBFT puts them in a block ([`app::App::prepare_proposal`]) → FinalizeBlock
//! ([`app::App::finalize_block`]) runs each through [`exec`]: decode ([`tx`]) → ante checks
//! ([`ante`]) → message handlers in `modules/*/src/msg/` → store → app hash → Commit.

pub mod abci;
pub mod ante;
pub mod app;
pub mod env;
pub mod exec;
pub mod genesis;
pub mod grpc;
pub mod keys;
pub mod mempool;
pub mod query;
pub mod server;
pub mod testing;
pub mod tx;

pub use app::App;
