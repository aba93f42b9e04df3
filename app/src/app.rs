//! The block lifecycle: what the app does for each consensus call CometBFT 0.38 makes.
//!
//! Versions of the store equal block heights: genesis is committed as version 0 in InitChain, block
//! H as version H. FinalizeBlock runs the modules' begin-block hooks, the txs and the end-block
//! hooks, computes the new root (cnidarium `prepare_commit`) and returns it as the app hash; Commit
//! only persists that staged batch, as ABCI 2.0 requires.
//!
//! Every error these methods return is internal (a failed store, a broken invariant, a request
//! CometBFT would never send): the node stops rather than commit a state other validators would
//! not. Bad input never gets here as an error: it becomes a tx result.

use std::marker::PhantomData;
use std::sync::Arc;

use anyhow::{anyhow, bail, ensure, Context, Result};
use bytes::Bytes;
use cnidarium::{StagedWriteBatch, StateDelta, StateRead, StateWrite, Storage};
use symbiote_core::events::tag_mode;
use symbiote_core::query::{read_base_height, Snapshots, BASE_HEIGHT_KEY, PRE_GENESIS};
use symbiote_core::read_cache::{Entries, ReadCache};
use symbiote_core::{Address, BlockInfo, GasMeter, Metered, MsgContext, MsgSet, SdkError, ValidatorUpdate};
use tendermint::abci::request::{
    ApplySnapshotChunk, FinalizeBlock, InitChain, OfferSnapshot, PrepareProposal, ProcessProposal,
};
use tendermint::abci::response;
use tendermint::abci::types::ExecTxResult;
use tendermint::abci::Event;
use tendermint::{AppHash, Time};
use tokio::sync::Mutex;

use crate::env::{Mode, TxEnv};
use crate::exec::{execute_checked, TxOutcome};
use crate::keys;
use crate::mempool::Mempool;
use crate::module_set::ModuleSet;
use crate::modules::Modules;
use crate::pruning::PruningConfig;
use crate::signatures::{preverify_workers, Preverifier, VerifiedSignatures};
use crate::state_sync::{self, Restore, SnapshotConfig, SnapshotFiles};
use crate::tx::Tx;

pub const APP_NAME: &str = "symbiote";
pub const APP_VERSION: u64 = 1;

/// Most store entries kept between blocks (≈ 250 bytes each). A block that leaves more behind
/// starts the next one cold rather than evicting entry by entry.
pub const MAX_WARM_ENTRIES: usize = 200_000;

/// Most of those entries also handed to the mempool's view (a copy: CheckTx and the next block
/// read them independently).
pub const MAX_MEMPOOL_WARM_ENTRIES: usize = 50_000;

/// `&mut self` on every consensus method: CometBFT makes these calls one at a time, and the staged
/// RocksDB batch is not `Sync`, so shared references to the app must not cross threads.
pub struct App<M: ModuleSet = Modules> {
    storage: Storage,
    snapshots: Snapshots,
    mempool: Arc<Mutex<Mempool<M>>>,
    /// The block FinalizeBlock executed, waiting for Commit.
    staged: Option<Staged>,
    /// Values of the keys the last committed block read or wrote, as of that block (the Cosmos
    /// SDK's inter-block cache): the next block reads hot accounts from memory, not the JMT.
    warm: Option<WarmReads>,
    /// Signatures this node has verified (CheckTx, ReCheck, proposals and blocks share them).
    signatures: Arc<VerifiedSignatures>,
    /// Snapshots this node takes for others to state-sync from (none: it takes none).
    serving: Option<Serving>,
    /// The snapshot being restored by state sync, if any.
    restore: Option<Restore>,
    /// Which past heights are kept, and whether a pruning pass is running.
    pruning: (PruningConfig, Arc<std::sync::atomic::AtomicBool>),
    modules: PhantomData<M>,
}

struct Serving {
    config: SnapshotConfig,
    files: SnapshotFiles,
    /// A snapshot is being written: the next due one is skipped rather than queued.
    busy: Arc<std::sync::atomic::AtomicBool>,
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

/// Clears a busy flag however a background task ends (a panic included), so later ones run.
struct ClearOnDrop(Arc<std::sync::atomic::AtomicBool>);

impl Drop for ClearOnDrop {
    fn drop(&mut self) {
        self.0.store(false, std::sync::atomic::Ordering::Release);
    }
}

/// An internal error at `what`: the caller halts.
fn halt(what: &str, e: SdkError) -> anyhow::Error {
    anyhow!("{what}: {}", e.log)
}

/// A decoded tx that passed its stateless checks, with its signers; or why it was refused.
type Checked<M> = Result<(Tx<M>, Vec<Address>), SdkError>;

fn check<M: MsgSet>(bytes: &[u8], env: &TxEnv) -> Checked<M> {
    let tx = Tx::<M>::decode(bytes, env.auth.max_msgs_per_tx)?;
    let signers = crate::ante::check_stateless(&tx, env, Mode::Finalize)?;
    Ok((tx, signers))
}

impl<M: ModuleSet> App<M> {
    /// The app over `storage`. Fails only if the store is unreadable.
    pub async fn new(storage: Storage) -> Result<Self> {
        let snapshots = Snapshots::new(storage.clone());
        let latest = storage.latest_snapshot();
        snapshots.set_base(read_base_height(&latest).await?);
        let signatures = Arc::new(VerifiedSignatures::new(VerifiedSignatures::DEFAULT_CAPACITY));
        let mut mempool = Mempool::new(latest.clone(), signatures.clone());
        if latest.version() != PRE_GENESIS {
            match keys::read_last_block_time(&latest).await {
                Ok(time) => {
                    let next = snapshots.height_of(&latest) + 1;
                    mempool.reset(latest.clone(), Entries::new(), next, time).await
                }
                Err(e) => tracing::error!(error = %e.log, "cannot read the last block time"),
            }
        }
        Ok(Self {
            storage,
            snapshots,
            mempool: Arc::new(Mutex::new(mempool)),
            staged: None,
            warm: None,
            signatures,
            serving: None,
            restore: None,
            pruning: (PruningConfig::NOTHING, Arc::new(std::sync::atomic::AtomicBool::new(false))),
            modules: PhantomData,
        })
    }

    /// Takes a snapshot every `config.interval` blocks (if not 0) for nodes joining by state sync.
    pub fn serve_snapshots(&mut self, config: SnapshotConfig) {
        let files = SnapshotFiles::new(config.dir.clone());
        self.serving = (config.interval > 0).then(|| Serving {
            config,
            files,
            busy: Arc::new(std::sync::atomic::AtomicBool::new(false)),
        });
    }

    /// Keeps past heights for queries as `config` says, pruning the rest in the background
    /// (default: everything is kept).
    pub fn prune_history(&mut self, config: PruningConfig) {
        self.pruning.0 = config;
    }

    /// Whether a pruning pass is running (it holds the store open).
    pub fn pruning_running(&self) -> bool {
        self.pruning.1.load(std::sync::atomic::Ordering::Acquire)
    }

    /// After the commit of `height`: a pruning pass in the background, if one is due and none is
    /// running (the next due one catches up on what this one skipped).
    fn maybe_prune(&self, height: u64) {
        let (config, busy) = &self.pruning;
        if !config.due(height) || busy.swap(true, std::sync::atomic::Ordering::AcqRel) {
            return;
        }
        let done = ClearOnDrop(busy.clone());
        let (storage, retention) = (self.storage.clone(), config.retention(self.snapshots.base()));
        tokio::task::spawn_blocking(move || {
            // Declared first, dropped last: the flag clears once the store handle is released.
            let _done = done;
            let storage = storage;
            let started = std::time::Instant::now();
            match storage.prune(&retention) {
                Ok(p) => tracing::debug!(
                    height,
                    versions = p.versions,
                    nodes = p.nodes,
                    values = p.values,
                    deleted_keys = p.deleted_keys,
                    ms = started.elapsed().as_millis() as u64,
                    "pruned"
                ),
                // Pruning never changes the state the app hash commits to; a failed pass leaves
                // more history on disk and the next one retries.
                Err(e) => tracing::error!(height, error = %format!("{e:#}"), "pruning failed"),
            }
        });
    }

    /// Where this node's snapshots are, if it takes any.
    pub fn snapshot_files(&self) -> Option<SnapshotFiles> {
        self.serving.as_ref().map(|s| s.files.clone())
    }

    /// OfferSnapshot: accepts a snapshot in our format on an empty store.
    pub fn offer_snapshot(&mut self, req: OfferSnapshot) -> response::OfferSnapshot {
        if self.storage.latest_snapshot().version() != PRE_GENESIS {
            tracing::warn!("offered a snapshot, but this node already has state");
            return response::OfferSnapshot::Abort;
        }
        match Restore::offered(&req.snapshot, req.app_hash.as_bytes()) {
            Ok(restore) => {
                tracing::info!(height = restore.height, chunks = restore.hashes.len(), "restoring a snapshot");
                self.restore = Some(restore);
                response::OfferSnapshot::Accept
            }
            Err(e) if req.snapshot.format != state_sync::FORMAT => {
                tracing::info!(error = %e, "snapshot refused");
                response::OfferSnapshot::RejectFormat
            }
            Err(e) => {
                tracing::warn!(error = %e, "snapshot refused");
                response::OfferSnapshot::Reject
            }
        }
    }

    /// ApplySnapshotChunk: checks the chunk against the offered metadata (a wrong one is refetched
    /// from another peer); with the last one, restores the state if its root is the trusted app hash.
    pub async fn apply_snapshot_chunk(&mut self, req: ApplySnapshotChunk) -> Result<response::ApplySnapshotChunk> {
        use response::ApplySnapshotChunkResult as R;
        let reply = |result, refetch: Vec<u32>, reject: Vec<String>| response::ApplySnapshotChunk {
            result,
            refetch_chunks: refetch,
            reject_senders: reject,
        };
        let Some(restore) = self.restore.as_mut() else { return Ok(reply(R::Abort, vec![], vec![])) };
        let index = req.index as usize;
        let Some(expected) = restore.hashes.get(index) else {
            return Ok(reply(R::RejectSnapshot, vec![], vec![]));
        };
        if state_sync::hash(&req.chunk) != *expected {
            tracing::warn!(chunk = req.index, sender = %req.sender, "snapshot chunk refused: its hash is not the one in the metadata; refetching from another peer");
            return Ok(reply(R::Retry, vec![req.index], vec![req.sender]));
        }
        restore.chunks[index] = Some(req.chunk.to_vec());
        if !restore.is_complete() {
            return Ok(reply(R::Accept, vec![], vec![]));
        }
        let restore = self.restore.take().expect("checked above");
        Ok(match self.restore_state(restore).await? {
            true => reply(R::Accept, vec![], vec![]),
            false => reply(R::RejectSnapshot, vec![], vec![]),
        })
    }

    /// Writes a complete snapshot's state as the store's first version if its root is the app
    /// hash the light client verified; false (nothing written) if the snapshot is not that state.
    async fn restore_state(&mut self, restore: Restore) -> Result<bool> {
        let mut entries = Vec::new();
        for chunk in restore.chunks.iter().flatten() {
            match state_sync::decode_chunk(chunk) {
                Ok(records) => entries.extend(records),
                Err(e) => {
                    tracing::warn!(error = %e, "snapshot refused: a chunk does not decode");
                    return Ok(false);
                }
            }
        }
        let latest = self.storage.latest_snapshot();
        ensure!(latest.version() == PRE_GENESIS, "restoring a snapshot over existing state");
        let mut delta = StateDelta::new(latest);
        for (key, value) in entries {
            delta.put_raw(key, value);
        }
        delta.nonverifiable_put_raw(BASE_HEIGHT_KEY.to_vec(), restore.height.to_be_bytes().to_vec());
        let batch = self.storage.prepare_commit(delta).await.context("preparing the restored state")?;
        if batch.root_hash().0.as_slice() != restore.app_hash.as_slice() {
            tracing::warn!(
                height = restore.height,
                root = %hex::encode_upper(batch.root_hash().0),
                trusted = %hex::encode_upper(&restore.app_hash),
                "snapshot refused: its state is not the one the app hash commits to"
            );
            return Ok(false);
        }
        self.storage.commit_batch(batch).context("committing the restored state")?;
        let snapshot = self.storage.latest_snapshot();
        self.snapshots.set_base(restore.height);
        self.warm = None;
        let time = keys::read_last_block_time(&snapshot).await.map_err(|e| anyhow!(e.log))?;
        self.mempool.lock().await.reset(snapshot, Entries::new(), restore.height + 1, time).await;
        tracing::info!(height = restore.height, "state restored from a snapshot");
        Ok(true)
    }

    /// After the commit of `height`: a snapshot of it in the background, if one is due.
    fn maybe_take_snapshot(&self, height: u64, snapshot: &cnidarium::Snapshot) {
        let Some(serving) = &self.serving else { return };
        if !height.is_multiple_of(serving.config.interval) {
            return;
        }
        if serving.busy.swap(true, std::sync::atomic::Ordering::AcqRel) {
            tracing::warn!(height, "the previous snapshot is still being written; skipping this one");
            return;
        }
        let done = ClearOnDrop(serving.busy.clone());
        let (snapshot, files) = (snapshot.clone(), serving.files.clone());
        let (chunk_bytes, keep) = (serving.config.chunk_bytes, serving.config.keep_recent);
        let substores = keys::substore_prefixes::<M>();
        tokio::spawn(async move {
            let _done = done;
            match state_sync::take(snapshot, height, substores, files, chunk_bytes, keep).await {
                Ok(()) => tracing::info!(height, "snapshot taken"),
                Err(e) => tracing::error!(height, error = %e, "taking a snapshot failed"),
            }
        });
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    pub fn snapshots(&self) -> &Snapshots {
        &self.snapshots
    }

    pub fn mempool(&self) -> Arc<Mutex<Mempool<M>>> {
        self.mempool.clone()
    }

    pub async fn init_chain(&mut self, req: InitChain) -> Result<response::InitChain> {
        ensure!(req.initial_height.value() == 1, "symbiote requires initial_height 1 (store versions equal heights)");
        let latest = self.storage.latest_snapshot();
        if latest.version() != PRE_GENESIS {
            // CometBFT calls InitChain again if it crashed before storing block 1; genesis is
            // already committed, so answer with its hash rather than applying it twice.
            let chain_id = latest.get_raw(&keys::chain_id()).await?.unwrap_or_default();
            ensure!(chain_id == req.chain_id.as_bytes(), "store holds a different chain");
            ensure!(latest.version() == 0, "InitChain on a store that already has blocks");
            let genesis = crate::genesis::parse::<M>(&req.app_state_bytes).map_err(|e| anyhow!(e.log))?;
            let mut scratch = StateDelta::new(StateDelta::new(latest.clone()));
            let validators = crate::genesis::apply::<M, _>(&mut scratch, &genesis, &req.chain_id, req.time, None)
                .await
                .map_err(|e| anyhow!("genesis: {}", e.log))?;
            let hash = latest.root_hash().await?;
            return Ok(response::InitChain {
                consensus_params: None,
                validators: genesis_validators(validators, req.validators)?,
                app_hash: AppHash::try_from(hash.0.to_vec())?,
            });
        }

        let genesis = crate::genesis::parse::<M>(&req.app_state_bytes).map_err(|e| anyhow!(e.log))?;
        let max_gas = req.consensus_params.block.max_gas;
        let max_gas = (max_gas >= 0).then_some(max_gas as u64);
        let mut delta = StateDelta::new(latest);
        let validators = crate::genesis::apply::<M, _>(&mut delta, &genesis, &req.chain_id, req.time, max_gas)
            .await
            .map_err(|e| anyhow!("genesis: {}", e.log))?;
        let validators = genesis_validators(validators, req.validators)?;
        let hash = self.storage.commit(delta).await?;
        let snapshot = self.storage.latest_snapshot();
        self.mempool.lock().await.reset(snapshot, Entries::new(), 1, req.time).await;
        tracing::info!(chain_id = %req.chain_id, app_hash = %hex::encode_upper(hash.0), "genesis committed");
        Ok(response::InitChain { consensus_params: None, validators, app_hash: AppHash::try_from(hash.0.to_vec())? })
    }

    /// Keeps mempool txs, in order, that fit the byte and gas budgets and still pass the ante checks
    /// against the state this block builds on (earlier txs in the block included).
    pub async fn prepare_proposal(&mut self, req: PrepareProposal) -> Result<response::PrepareProposal> {
        let snapshot = self.storage.latest_snapshot();
        let env = TxEnv::load::<M, _>(&snapshot, req.height.value(), req.time)
            .await
            .map_err(|e| halt("PrepareProposal", e))?
            .with_signatures(&self.signatures);
        let max_bytes = u64::try_from(req.max_tx_bytes).unwrap_or(0);
        let mut state = StateDelta::new(snapshot);
        let (mut bytes, mut gas) = (0u64, 0u64);
        let mut txs = Vec::with_capacity(req.txs.len());
        for tx in req.txs {
            // What the tx adds to the block's `Data.txs` as CometBFT measures it: the bytes, their
            // length prefix and the field tag.
            let size = tx.len() as u64 + prost::encoding::encoded_len_varint(tx.len() as u64) as u64 + 1;
            if bytes.saturating_add(size) > max_bytes {
                continue;
            }
            let Ok((decoded, signers)) = check::<M::Msg>(&tx, &env) else { continue };
            if env.max_block_gas.is_some_and(|max| gas.saturating_add(decoded.gas_limit) > max) {
                continue;
            }
            let mut layer = StateDelta::new(&mut state);
            let outcome = execute_checked(&mut layer, &env, &decoded, &signers, Mode::Check)
                .await
                .map_err(|e| halt("PrepareProposal", e))?;
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

    /// Rejects a block that holds a tx failing its stateless checks (undecodable, malformed,
    /// over the message or signer caps, under the fee floor...) or that asks for more gas than a
    /// block may use: an honest proposer never includes those. Txs that pass and still fail
    /// against state are allowed: FinalizeBlock records their codes.
    pub async fn process_proposal(&mut self, req: ProcessProposal) -> Result<response::ProcessProposal> {
        let snapshot = self.storage.latest_snapshot();
        let env = TxEnv::load::<M, _>(&snapshot, req.height.value(), req.time)
            .await
            .map_err(|e| halt("ProcessProposal", e))?;
        let mut gas = 0u64;
        for (i, tx) in req.txs.iter().enumerate() {
            match check::<M::Msg>(tx, &env) {
                Ok((decoded, _)) => gas = gas.saturating_add(decoded.gas_limit),
                Err(e) if e.is_internal() => return Err(halt("ProcessProposal", e)),
                Err(e) => {
                    tracing::warn!(height = %req.height, tx = i, error = %e.log, "rejecting proposal with an invalid tx");
                    return Ok(response::ProcessProposal::Reject);
                }
            }
        }
        if env.max_block_gas.is_some_and(|max| gas > max) {
            tracing::warn!(height = %req.height, gas, "rejecting proposal over the block gas limit");
            return Ok(response::ProcessProposal::Reject);
        }
        Ok(response::ProcessProposal::Accept)
    }

    pub async fn finalize_block(&mut self, req: FinalizeBlock) -> Result<response::FinalizeBlock> {
        let height = req.height.value();
        let snapshot = self.storage.latest_snapshot();
        ensure!(
            snapshot.version() != PRE_GENESIS && self.snapshots.height_of(&snapshot) + 1 == height,
            "FinalizeBlock for height {height} but the last committed height is {}",
            self.snapshots.height_of(&snapshot)
        );
        let env = TxEnv::load::<M, _>(&snapshot, height, req.time)
            .await
            .map_err(|e| halt("FinalizeBlock", e))?
            .with_signatures(&self.signatures);
        let block = BlockInfo {
            chain_id: env.chain_id.clone(),
            height,
            time: req.time,
            proposer: req.proposer_address.as_bytes().try_into().unwrap_or([0; 20]),
            last_commit: req.decided_last_commit,
            misbehavior: req.misbehavior,
            next_validators_hash: req.next_validators_hash,
            last_app_hash: snapshot.root_hash().await.context("reading the last app hash")?.0.to_vec(),
            accounts: M::accounts(),
            hooks: M::hooks(),
        };
        let warm = self.warm.take().filter(|w| w.version == snapshot.version()).map(|w| w.entries);
        // The cache owns the block's state, so every write of the block (hooks and txs) goes
        // through it and what it holds afterwards is the committed value of each key it saw
        // (`ReadCache::into_parts`).
        let mut cached = ReadCache::with_entries(StateDelta::new(snapshot), warm.unwrap_or_default());

        let mut events = Vec::new();
        {
            let mut hooks = Metered::new(&mut cached, GasMeter::infinite());
            M::begin_block(&mut hooks, &block).await.map_err(|e| halt("BeginBlock", e))?;
            events.extend(hook_events(hooks.take_events(), "BeginBlock"));
        }

        // Work before a tx pays its fee is bounded: only txs that pass their stateless checks
        // have their keys prefetched and their messages prepared.
        let checked: Vec<Checked<M::Msg>> = req.txs.iter().map(|bytes| check::<M::Msg>(bytes, &env)).collect();
        cached.prefetch(checked.iter().flatten().flat_map(|(tx, signers)| keys_read(tx, signers))).await?;
        // Signatures CheckTx has not already verified are verified on the other cores, from the
        // front of the block, while the txs execute in order here.
        let _preverifier = {
            let mut checks = Vec::new();
            if preverify_workers() > 0 {
                for (tx, signers) in checked.iter().flatten() {
                    checks.extend(crate::ante::signature_checks(&cached, tx, signers, &env).await?);
                }
                checks.retain(|c| !self.signatures.contains(c));
            }
            Preverifier::start(&self.signatures, checks, preverify_workers())
        };
        {
            // Pure work the messages need (a block's inferences, run in parallel), done before
            // they execute in order; the block's state is the same with or without it.
            let msgs: Vec<(MsgContext, &M::Msg)> = checked
                .iter()
                .flatten()
                .flat_map(|(tx, _)| {
                    let ctx = MsgContext { tx_hash: tx.hash, ..env.msg_context() };
                    tx.msgs.iter().map(move |m| (ctx.clone(), m))
                })
                .collect();
            let mut hooks = Metered::new(&mut cached, GasMeter::infinite());
            M::prepare_block(&mut hooks, &block, &msgs).await.map_err(|e| halt("PrepareBlock", e))?;
        }
        let mut tx_results = Vec::with_capacity(checked.len());
        for (i, item) in checked.iter().enumerate() {
            let outcome = match item {
                Ok((tx, signers)) => execute_checked(&mut cached, &env, tx, signers, Mode::Finalize)
                    .await
                    .map_err(|e| halt(&format!("FinalizeBlock height {height} tx {i}"), e))?,
                Err(e) if e.is_internal() => {
                    return Err(halt(&format!("FinalizeBlock height {height} tx {i}"), e.clone()))
                }
                Err(e) => TxOutcome::rejected(e.clone(), 0),
            };
            tx_results.push(exec_tx_result(outcome));
        }

        let end = {
            let mut hooks = Metered::new(&mut cached, GasMeter::infinite());
            let end = M::end_block(&mut hooks, &block).await.map_err(|e| halt("EndBlock", e))?;
            events.extend(hook_events(hooks.take_events(), "EndBlock"));
            end
        };

        // The app keeps its own copy of the block gas limit (the ante checks and ProcessProposal
        // read it): a consensus-param change from a module changes it from the next block on.
        if let Some(params) = &end.consensus_params {
            match u64::try_from(params.block.max_gas) {
                Ok(max) => cached.put_raw(keys::max_block_gas(), max.to_be_bytes().to_vec()),
                Err(_) => cached.delete(keys::max_block_gas()),
            }
        }
        cached.put_raw(keys::last_block_time(), keys::nanos_since_epoch(req.time).to_be_bytes().to_vec());
        let (state, touched) = cached.into_parts();
        let batch = self.storage.prepare_commit(state).await.context("preparing commit")?;
        let app_hash = AppHash::try_from(batch.root_hash().0.to_vec())?;
        self.staged = Some(Staged { height, time: req.time, batch, touched });
        Ok(response::FinalizeBlock {
            events,
            tx_results,
            validator_updates: end.validator_updates,
            consensus_param_updates: end.consensus_params,
            app_hash,
        })
    }

    pub async fn commit(&mut self) -> Result<response::Commit> {
        let Some(staged) = self.staged.take() else { bail!("Commit without a finalized block") };
        let root = self.storage.commit_batch(staged.batch).context("committing block")?;
        let snapshot = self.storage.latest_snapshot();
        ensure!(
            self.snapshots.height_of(&snapshot) == staged.height,
            "committed height {} != block height {}",
            self.snapshots.height_of(&snapshot),
            staged.height
        );
        let mempool_warm =
            if staged.touched.len() <= MAX_MEMPOOL_WARM_ENTRIES { staged.touched.clone() } else { Entries::new() };
        self.warm = (staged.touched.len() <= MAX_WARM_ENTRIES)
            .then_some(WarmReads { version: staged.height, entries: staged.touched });
        self.maybe_take_snapshot(staged.height, &snapshot);
        self.maybe_prune(staged.height);
        self.mempool.lock().await.reset(snapshot, mempool_warm, staged.height + 1, staged.time).await;
        tracing::debug!(height = staged.height, app_hash = %hex::encode_upper(root.0), "committed");
        Ok(response::Commit { data: Bytes::new(), retain_height: 0u32.into() })
    }
}

/// Last committed height and app hash, so CometBFT's handshake replays exactly the blocks the
/// app has not committed.
pub async fn info(snapshots: &Snapshots) -> Result<response::Info> {
    let latest = snapshots.latest();
    let (height, hash) =
        if latest.is_pre_genesis() { (0u64, vec![]) } else { (latest.height(), latest.root_hash().await?.0.to_vec()) };
    Ok(response::Info {
        data: APP_NAME.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        app_version: APP_VERSION,
        last_block_height: height.try_into()?,
        last_block_app_hash: AppHash::try_from(hash)?,
    })
}

/// The genesis validator set: the modules' if one decides it (CometBFT's, if it sent one, must
/// then be the same set, as the SDK requires), else the one in CometBFT's genesis file.
fn genesis_validators(ours: Vec<ValidatorUpdate>, theirs: Vec<ValidatorUpdate>) -> Result<Vec<ValidatorUpdate>> {
    if ours.is_empty() {
        return Ok(theirs);
    }
    if !theirs.is_empty() {
        let key = |v: &ValidatorUpdate| (v.pub_key.to_bytes(), v.power.value());
        let (mut a, mut b): (Vec<_>, Vec<_>) = (ours.iter().map(key).collect(), theirs.iter().map(key).collect());
        a.sort();
        b.sort();
        ensure!(a == b, "genesis validators from the app state differ from CometBFT's genesis validators");
    }
    Ok(ours)
}

fn hook_events(mut events: Vec<Event>, mode: &str) -> Vec<Event> {
    tag_mode(&mut events, mode);
    events
}

/// Every key a tx's ante checks and messages will read.
fn keys_read<M: MsgSet>(tx: &Tx<M>, signers: &[Address]) -> Vec<String> {
    let mut keys = crate::ante::keys_read(tx, signers);
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
