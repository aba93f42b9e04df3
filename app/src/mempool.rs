//! CheckTx against a scratch view of state.
//!
//! CheckTx runs the ante checks only (decoding and stateless checks, fee, signatures, sequence),
//! as the Cosmos SDK does: the work a tx costs before it pays its fee stays bounded by its size and
//! signature count, never by what its messages would do. The messages run once the tx is in a
//! block, where a failure still costs the fee (docs/decisions.md, "CheckTx runs the ante checks").
//!
//! The view starts at the last committed state and accumulates every accepted tx's ante effects,
//! so a second tx from one account must carry the next sequence and can only spend on fees what
//! the first left. At each Commit the view restarts from the new state; CometBFT then re-checks the
//! txs still in its mempool (ReCheck), which replays them onto the fresh view in order.
//!
//! Two things keep that cheap, since every pending tx is re-checked after every block: the view
//! reads the store through a read cache that starts from the values the last block left (so hot
//! accounts come from memory, not the JMT), and signatures come from the node's cache of verified
//! ones (`signatures`), so a ReCheck verifies nothing again.

use std::marker::PhantomData;
use std::sync::Arc;

use cnidarium::{Snapshot, StateDelta};
use symbiote_core::error::{Code, CODESPACE};
use symbiote_core::read_cache::{Entries, ReadCache};
use tendermint::Time;

use crate::env::{Mode, TxEnv};
use crate::exec::{execute_tx, TxOutcome};
use crate::module_set::ModuleSet;
use crate::signatures::VerifiedSignatures;

pub struct Mempool<M> {
    view: StateDelta<ReadCache<Snapshot>>,
    env: Option<TxEnv>,
    signatures: Arc<VerifiedSignatures>,
    modules: PhantomData<M>,
}

impl<M: ModuleSet> Mempool<M> {
    pub fn new(snapshot: Snapshot, signatures: Arc<VerifiedSignatures>) -> Self {
        Self { view: StateDelta::new(ReadCache::new(snapshot)), env: None, signatures, modules: PhantomData }
    }

    /// Restarts from freshly committed state; txs will be checked as if in block `next_height`.
    /// `warm`: values of some keys in `snapshot` (what the block just committed read and wrote).
    pub async fn reset(&mut self, snapshot: Snapshot, warm: Entries, next_height: u64, last_block_time: Time) {
        self.env = match TxEnv::load::<M, _>(&snapshot, next_height, last_block_time).await {
            Ok(env) => Some(env.with_signatures(&self.signatures)),
            Err(e) => {
                tracing::error!(error = %e, "cannot load the tx environment; CheckTx refuses txs until the next commit");
                None
            }
        };
        self.view = StateDelta::new(ReadCache::with_entries(snapshot, warm));
    }

    pub async fn check_tx(&mut self, bytes: &[u8]) -> TxOutcome {
        let Some(env) = self.env.clone() else {
            return TxOutcome {
                code: Code::InvalidRequest as u32,
                codespace: CODESPACE.into(),
                log: "the chain has not started yet (no genesis): invalid request".into(),
                ..Default::default()
            };
        };
        // Each check runs in its own layer so a rejected tx leaves the view untouched.
        let mut layer = StateDelta::new(&mut self.view);
        match execute_tx::<_, M::Msg>(&mut layer, &env, bytes, Mode::Check).await {
            Ok(outcome) => {
                if outcome.is_ok() {
                    layer.apply();
                }
                outcome
            }
            // A store failure here refuses the tx; consensus is not at stake (FinalizeBlock halts
            // if the store is really broken).
            Err(e) => {
                tracing::error!(error = %e.log, "internal error in CheckTx");
                TxOutcome {
                    code: e.code,
                    codespace: e.codespace.into(),
                    log: "internal error".into(),
                    ..Default::default()
                }
            }
        }
    }
}
