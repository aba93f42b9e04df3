//! The block lifecycle: what the app does for each consensus call CometBFT 0.38 makes.
//!
//! Versions of the store equal block heights: genesis is committed as version 0 in InitChain, block
//! H as version H. FinalizeBlock computes the new root (cnidarium `prepare_commit`) and returns it
//! as the app hash; Commit only persists that staged batch, as ABCI 2.0 requires.

use std::sync::Arc;

use anyhow::{anyhow, bail, ensure, Context, Result};
use bytes::Bytes;
use cnidarium::{StagedWriteBatch, StateDelta, StateRead, StateWrite, Storage};
use symbiote_core::query::{Snapshots, PRE_GENESIS};
use symbiote_core::read_cache::{Entries, ReadCache};
use symbiote_core::store::ReadExt;
use tendermint::abci::request::{FinalizeBlock, InitChain, PrepareProposal, ProcessProposal};
use tendermint::abci::response;
use tendermint::abci::types::ExecTxResult;
use tendermint::{AppHash, Time};
use tokio::sync::Mutex;

use crate::env::{Mode, TxEnv};
use crate::exec::{execute_decoded, TxOutcome};
use crate::genesis::AppGenesis;
use crate::mempool::Mempool;
use crate::tx::Tx;

pub const APP_NAME: &str = "symbiote";
pub const APP_VERSION: u64 = 1;

/// How many committed heights queries can read (see `Snapshots`).
pub const RETAINED_SNAPSHOTS: usize = 100;

/// Most store entries kept between blocks (≈ 250 bytes each). A block that leaves more behind
/// starts the next one cold rather than evicting entry by entry.
pub const MAX_WARM_ENTRIES: usize = 200_000;

/// `&mut self` on every consensus method: CometBFT makes these calls one at a time, and the staged
/// RocksDB batch is not `Sync`, so shared references to the app must not cross threads.
pub struct App {
    storage: Storage,
    snapshots: Snapshots,
    mempool: Arc<Mutex<Mempool>>,
    /// The block FinalizeBlock executed, waiting for Commit.
    staged: Option<Staged>,
    /// Values of the keys the last committed block read or wrote, as of that block (the Cosmos
    /// SDK's inter-block cache): the next block reads hot accounts from memory, not the JMT.
    warm: Option<WarmReads>,
}

struct Staged {
    height: u64,
    time: Time,
    batch: StagedWriteBatch,
    touched: Entries,
}

struct WarmReads {
    version: u64,
    entries: Entries,
}

fn block_time_key() -> String {
    format!("{}/last_block_time", crate::keys::PREFIX)
}

async fn last_block_time<S: StateRead>(state: &S) -> Time {
    let nanos = state.get_u64(&block_time_key()).await.ok().flatten().unwrap_or(0);
    Time::from_unix_timestamp(0, 0)
        .ok()
        .and_then(|epoch| (epoch + std::time::Duration::from_nanos(nanos)).ok())
        .unwrap_or_else(Time::unix_epoch)
}

fn nanos_since_epoch(t: Time) -> u64 {
    t.duration_since(Time::unix_epoch()).map(|d| d.as_nanos() as u64).unwrap_or(0)
}

impl App {
    pub async fn new(storage: Storage) -> Self {
        let snapshots = Snapshots::new(storage.clone(), RETAINED_SNAPSHOTS);
        let latest = storage.latest_snapshot();
        let mut mempool = Mempool::new(latest.clone());
        if latest.version() != PRE_GENESIS {
            let time = last_block_time(&latest).await;
            mempool.reset(latest.clone(), latest.version() + 1, time).await;
        }
        Self { storage, snapshots, mempool: Arc::new(Mutex::new(mempool)), staged: None, warm: None }
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    pub fn snapshots(&self) -> &Snapshots {
        &self.snapshots
    }

    pub fn mempool(&self) -> Arc<Mutex<Mempool>> {
        self.mempool.clone()
    }

    /// Last committed height and app hash, so CometBFT's handshake replays exactly the blocks the
    /// app has not committed.
    pub async fn info(storage: &Storage) -> Result<response::Info> {
        let snapshot = storage.latest_snapshot();
        let (height, hash) = if snapshot.version() == PRE_GENESIS {
            (0u64, vec![])
        } else {
            (snapshot.version(), snapshot.root_hash().await?.0.to_vec())
        };
        Ok(response::Info {
            data: APP_NAME.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            app_version: APP_VERSION,
            last_block_height: height.try_into()?,
            last_block_app_hash: AppHash::try_from(hash)?,
        })
    }

    pub async fn init_chain(&mut self, req: InitChain) -> Result<response::InitChain> {
        ensure!(req.initial_height.value() == 1, "symbiote requires initial_height 1 (store versions equal heights)");
        let latest = self.storage.latest_snapshot();
        if latest.version() != PRE_GENESIS {
            // CometBFT calls InitChain again if it crashed before storing block 1; genesis is
            // already committed, so answer with its hash rather than applying it twice.
            let chain_id = latest.get_raw(&crate::keys::chain_id()).await?.unwrap_or_default();
            ensure!(chain_id == req.chain_id.as_bytes(), "store holds a different chain");
            ensure!(latest.version() == 0, "InitChain on a store that already has blocks");
            let hash = latest.root_hash().await?;
            return Ok(response::InitChain {
                consensus_params: None,
                validators: req.validators,
                app_hash: AppHash::try_from(hash.0.to_vec())?,
            });
        }

        let genesis = AppGenesis::from_json(&req.app_state_bytes).map_err(|e| anyhow!(e.log))?;
        let max_gas = req.consensus_params.block.max_gas;
        let max_gas = (max_gas >= 0).then_some(max_gas as u64);
        let mut delta = StateDelta::new(latest);
        genesis.apply(&mut delta, &req.chain_id, max_gas).await.map_err(|e| anyhow!("genesis: {}", e.log))?;
        delta.put_raw(block_time_key(), nanos_since_epoch(req.time).to_be_bytes().to_vec());
        let hash = self.storage.commit(delta).await?;
        let snapshot = self.storage.latest_snapshot();
        self.snapshots.record(snapshot.clone());
        self.mempool.lock().await.reset(snapshot, 1, req.time).await;
        tracing::info!(chain_id = %req.chain_id, app_hash = %hex::encode_upper(hash.0), "genesis committed");
        Ok(response::InitChain {
            consensus_params: None,
            validators: req.validators,
            app_hash: AppHash::try_from(hash.0.to_vec())?,
        })
    }

    /// Keeps mempool txs, in order, that fit the byte and gas budgets and still pass every check
    /// against the state this block builds on (earlier txs in the block included).
    pub async fn prepare_proposal(&mut self, req: PrepareProposal) -> Result<response::PrepareProposal> {
        let snapshot = self.storage.latest_snapshot();
        let env = TxEnv::load(&snapshot, req.height.value(), req.time).await.map_err(|e| anyhow!(e.log))?;
        let max_bytes = u64::try_from(req.max_tx_bytes).unwrap_or(0);
        let mut state = StateDelta::new(snapshot);
        let (mut bytes, mut gas) = (0u64, 0u64);
        let mut txs = Vec::with_capacity(req.txs.len());
        for tx in req.txs {
            let size = tx.len() as u64;
            if bytes + size > max_bytes {
                continue;
            }
            let Ok(decoded) = Tx::decode(&tx) else { continue };
            if env.max_block_gas.is_some_and(|max| gas.saturating_add(decoded.gas_limit) > max) {
                continue;
            }
            let mut layer = StateDelta::new(&mut state);
            let outcome = execute_decoded(&mut layer, &env, &decoded, Mode::Check).await;
            if !outcome.is_ok() {
                continue;
            }
            layer.apply();
            bytes += size;
            gas += decoded.gas_limit;
            txs.push(tx);
        }
        Ok(response::PrepareProposal { txs })
    }

    /// Rejects a block that holds undecodable txs or asks for more gas than a block may use.
    /// Txs that decode but fail their checks are allowed: FinalizeBlock records their error codes.
    pub async fn process_proposal(&mut self, req: ProcessProposal) -> Result<response::ProcessProposal> {
        let snapshot = self.storage.latest_snapshot();
        let max_gas = snapshot.get_u64(&crate::keys::max_block_gas()).await.map_err(|e| anyhow!(e.log))?;
        let mut gas = 0u64;
        for tx in &req.txs {
            match Tx::decode(tx) {
                Ok(decoded) => gas = gas.saturating_add(decoded.gas_limit),
                Err(e) => {
                    tracing::warn!(height = %req.height, error = %e, "rejecting proposal with undecodable tx");
                    return Ok(response::ProcessProposal::Reject);
                }
            }
        }
        if max_gas.is_some_and(|max| gas > max) {
            tracing::warn!(height = %req.height, gas, "rejecting proposal over the block gas limit");
            return Ok(response::ProcessProposal::Reject);
        }
        Ok(response::ProcessProposal::Accept)
    }

    pub async fn finalize_block(&mut self, req: FinalizeBlock) -> Result<response::FinalizeBlock> {
        let height = req.height.value();
        let snapshot = self.storage.latest_snapshot();
        ensure!(
            snapshot.version() != PRE_GENESIS && snapshot.version() + 1 == height,
            "FinalizeBlock for height {height} but the last committed height is {}",
            snapshot.version()
        );
        let env = TxEnv::load(&snapshot, height, req.time).await.map_err(|e| anyhow!(e.log))?;
        let txs: Vec<_> = req.txs.iter().map(|bytes| Tx::decode(bytes)).collect();
        let warm = self.warm.take().filter(|w| w.version == snapshot.version()).map(|w| w.entries);
        let mut tx_results = Vec::with_capacity(txs.len());
        // The cache owns the block's state, so every write of the block goes through it and what
        // it holds afterwards is the committed value of each key it saw (`ReadCache::into_parts`).
        let mut cached = ReadCache::with_entries(StateDelta::new(snapshot), warm.unwrap_or_default());
        cached.prefetch(txs.iter().flatten().flat_map(keys_read)).await?;
        for tx in &txs {
            let outcome = match tx {
                Ok(tx) => execute_decoded(&mut cached, &env, tx, Mode::Finalize).await,
                Err(e) => TxOutcome::undecodable(e.clone()),
            };
            tx_results.push(exec_tx_result(outcome));
        }
        cached.put_raw(block_time_key(), nanos_since_epoch(req.time).to_be_bytes().to_vec());
        let (state, touched) = cached.into_parts();
        let batch = self.storage.prepare_commit(state).await.context("preparing commit")?;
        let app_hash = AppHash::try_from(batch.root_hash().0.to_vec())?;
        self.staged = Some(Staged { height, time: req.time, batch, touched });
        Ok(response::FinalizeBlock {
            events: vec![],
            tx_results,
            validator_updates: vec![],
            consensus_param_updates: None,
            app_hash,
        })
    }

    pub async fn commit(&mut self) -> Result<response::Commit> {
        let Some(staged) = self.staged.take() else { bail!("Commit without a finalized block") };
        let root = self.storage.commit_batch(staged.batch).context("committing block")?;
        let snapshot = self.storage.latest_snapshot();
        ensure!(
            snapshot.version() == staged.height,
            "committed version {} != height {}",
            snapshot.version(),
            staged.height
        );
        self.snapshots.record(snapshot.clone());
        self.warm = (staged.touched.len() <= MAX_WARM_ENTRIES)
            .then_some(WarmReads { version: staged.height, entries: staged.touched });
        self.mempool.lock().await.reset(snapshot, staged.height + 1, staged.time).await;
        tracing::debug!(height = staged.height, app_hash = %hex::encode_upper(root.0), "committed");
        Ok(response::Commit { data: Bytes::new(), retain_height: 0u32.into() })
    }
}

/// Every key a decoded tx's ante checks and messages will read.
fn keys_read(tx: &Tx) -> Vec<String> {
    let mut keys = crate::ante::keys_read(tx);
    keys.extend(tx.msgs.iter().flat_map(|m| m.keys_read()));
    keys
}

pub fn exec_tx_result(o: TxOutcome) -> ExecTxResult {
    ExecTxResult {
        code: o.code.into(),
        data: o.data.into(),
        log: o.log,
        info: String::new(),
        gas_wanted: o.gas_wanted.min(i64::MAX as u64) as i64,
        gas_used: o.gas_used.min(i64::MAX as u64) as i64,
        events: o.events,
        codespace: o.codespace,
    }
}
