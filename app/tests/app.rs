//! Every in-process test of the app in one test binary: each file below is a module (they were
//! separate binaries; one binary instantiates the app's generic code once instead of eleven times,
//! which was most of the test build). `cargo test -p symbiote-app --test app <module>::` runs one
//! file's tests.

mod common;

mod abci_wire;
mod app_hash_snapshot;
mod decode_fuzz;
mod distribution;
mod gov;
mod hardening;
mod history;
mod inference;
mod module_contract;
mod queries;
mod restart;
mod signatures;
mod slashing;
mod staking;
mod state_sync;
mod tx_semantics;
