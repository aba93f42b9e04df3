//! `symbiote start`: run the app (ABCI + gRPC); with `--with-cometbft`, also the pinned CometBFT
//! node as a child process, stopped cleanly on Ctrl-C.

use std::path::Path;

use anyhow::{Context, Result};
use symbiote_app::server::{run, ServerConfig};
use symbiote_app::state_sync::SnapshotConfig;

use super::CometArg;
use crate::config::AppToml;

#[derive(clap::Args, Debug)]
pub struct StartArgs {
    /// Also launch CometBFT (`cometbft start --home <home>`) and stop it on exit.
    #[arg(long)]
    pub with_cometbft: bool,
    #[command(flatten)]
    pub comet: CometArg,
}

pub async fn start(home: &Path, args: &StartArgs) -> Result<()> {
    let cfg = AppToml::load(home)?;
    let server = ServerConfig {
        home: home.to_path_buf(),
        abci_addr: cfg.abci.address.parse().with_context(|| format!("abci.address {}", cfg.abci.address))?,
        grpc_addr: cfg.grpc.address.parse().with_context(|| format!("grpc.address {}", cfg.grpc.address))?,
        cometbft_rpc: Some(cfg.rpc.address.clone()),
        cometbft_child: args.with_cometbft.then(|| (args.comet.cometbft.clone(), home.to_path_buf())),
        pruning: cfg.pruning()?,
        snapshots: SnapshotConfig {
            interval: cfg.state_sync.snapshot_interval,
            keep_recent: cfg.state_sync.snapshot_keep_recent,
            chunk_bytes: usize::try_from(cfg.state_sync.snapshot_chunk_bytes)
                .ok()
                .filter(|b| *b > 0)
                .context("state-sync.snapshot-chunk-bytes must be positive")?,
            dir: SnapshotConfig::dir_in(home),
        },
    };
    run::<symbiote_app::Modules>(server).await
}
