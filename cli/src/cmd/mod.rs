pub mod consent;
pub mod data;
pub mod export;
pub mod genesis;
pub mod gov;
pub mod ibc;
pub mod inference;
pub mod init;
pub mod keys;
pub mod load;
pub mod model;
pub mod query;
pub mod registry;
pub mod rewards;
pub mod staking;
pub mod start;
pub mod trace;
pub mod tx;

use std::path::PathBuf;

/// The CometBFT binary: `--cometbft`, else `SYMBIOTE_COMETBFT` (set by the localnet scripts to the
/// pinned install), else `cometbft` on PATH.
#[derive(clap::Args, Clone, Debug)]
pub struct CometArg {
    #[arg(long, env = "SYMBIOTE_COMETBFT", default_value = "cometbft")]
    pub cometbft: PathBuf,
}

/// Where the node's CometBFT RPC listens.
#[derive(clap::Args, Clone, Debug)]
pub struct NodeArg {
    #[arg(long, global = true, env = "SYMBIOTE_NODE", default_value = "http://127.0.0.1:26657")]
    pub node: String,
}
