//! Running a node: the ABCI server CometBFT connects to, the gRPC server, and optionally CometBFT
//! itself as a child process. Ctrl-C or SIGTERM stops everything; the child gets SIGTERM first
//! (CometBFT flushes its stores on it) and SIGKILL only if it does not exit in time.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{anyhow, Context, Result};
use cnidarium::Storage;
use tokio::process::{Child, Command};
use tokio::signal::unix::{signal, SignalKind};

use crate::abci::services;
use crate::app::App;
use crate::grpc::QueryServices;
use crate::module_set::ModuleSet;

pub struct ServerConfig {
    /// Where the app keeps its store (`<home>/data/symbiote.db`).
    pub home: PathBuf,
    pub abci_addr: SocketAddr,
    pub grpc_addr: SocketAddr,
    /// CometBFT RPC, for the tx and node gRPC services (`http://127.0.0.1:26657`).
    pub cometbft_rpc: Option<String>,
    /// Launch CometBFT as a child: `(binary, cometbft home)`.
    pub cometbft_child: Option<(PathBuf, PathBuf)>,
    /// Snapshots for state sync (`[state-sync]` in app.toml).
    pub snapshots: crate::state_sync::SnapshotConfig,
    /// Which past heights queries can read (`pruning*` in app.toml).
    pub pruning: crate::pruning::PruningConfig,
}

pub fn store_path(home: &std::path::Path) -> PathBuf {
    home.join("data").join("symbiote.db")
}

pub async fn open_storage<M: ModuleSet>(home: &std::path::Path) -> Result<Storage> {
    let path = store_path(home);
    std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
    Storage::load(path, crate::keys::substore_prefixes::<M>()).await
}

/// Runs the node until Ctrl-C, SIGTERM, CometBFT's exit, or an internal error in a consensus call
/// (then it returns that error: the node stops without committing the block).
pub async fn run<M: ModuleSet>(cfg: ServerConfig) -> Result<()> {
    let storage = open_storage::<M>(&cfg.home).await?;
    let mut app = App::<M>::new(storage).await?;
    app.serve_snapshots(cfg.snapshots.clone());
    app.prune_history(cfg.pruning);
    let rpc =
        cfg.cometbft_rpc.as_deref().map(tendermint_rpc::HttpClient::new).transpose().context("CometBFT RPC address")?;
    let queries = QueryServices::new::<M>(app.snapshots().clone(), rpc);
    let router = queries.router();
    let (halt_tx, mut halt_rx) = tokio::sync::mpsc::unbounded_channel();
    let s = services(app, router, halt_tx);
    let abci = tower_abci::v038::Server::builder()
        .consensus(s.consensus)
        .mempool(s.mempool)
        .info(s.info)
        .snapshot(s.snapshot)
        .finish()
        .ok_or_else(|| anyhow!("incomplete ABCI server"))?;

    let abci_addr = cfg.abci_addr;
    tracing::info!(%abci_addr, "ABCI server listening");
    let abci_task =
        tokio::spawn(async move { abci.listen_tcp(abci_addr).await.map_err(|e| anyhow!("ABCI server: {e}")) });
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let grpc_task = tokio::spawn(queries.serve(cfg.grpc_addr, async {
        let _ = stop_rx.await;
    }));

    let mut child = match &cfg.cometbft_child {
        Some((bin, home)) => Some(spawn_cometbft(bin, home)?),
        None => None,
    };

    let mut sigterm = signal(SignalKind::terminate())?;
    let outcome: Result<()> = tokio::select! {
        _ = tokio::signal::ctrl_c() => { tracing::info!("interrupted; shutting down"); Ok(()) }
        _ = sigterm.recv() => { tracing::info!("terminated; shutting down"); Ok(()) }
        r = abci_task => r.map_err(|e| anyhow!(e)).and_then(|r| r),
        Some(reason) = halt_rx.recv() => Err(anyhow!("halted on an internal error, nothing committed: {reason}")),
        r = async { match child.as_mut() { Some(c) => c.wait().await, None => std::future::pending().await } } => {
            Err(anyhow!("CometBFT exited unexpectedly: {r:?}"))
        }
    };

    if let Some(c) = child.as_mut() {
        stop_child(c).await;
    }
    let _ = stop_tx.send(());
    let _ = tokio::time::timeout(Duration::from_secs(5), grpc_task).await;
    // No `Storage::release`: the app and query services still hold clones, and every committed
    // block is already durable in RocksDB's write-ahead log.
    outcome
}

fn spawn_cometbft(bin: &std::path::Path, home: &std::path::Path) -> Result<Child> {
    tracing::info!(binary = %bin.display(), home = %home.display(), "starting CometBFT");
    Command::new(bin)
        .arg("start")
        .arg("--home")
        .arg(home)
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting {}", bin.display()))
}

async fn stop_child(child: &mut Child) {
    if let Some(pid) = child.id() {
        let _ = Command::new("kill").arg("-TERM").arg(pid.to_string()).status().await;
        if tokio::time::timeout(Duration::from_secs(10), child.wait()).await.is_ok() {
            return;
        }
        tracing::warn!("CometBFT did not stop within 10s; killing it");
    }
    let _ = child.kill().await;
}
