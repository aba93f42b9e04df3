//! CheckTx against a scratch view of state.
//!
//! The view starts at the last committed state and accumulates every accepted tx's effects, so a
//! second tx from one account must carry the next sequence and can only spend what the first left.
//! At each Commit the view restarts from the new state; CometBFT then re-checks the txs still in its
//! mempool (ReCheck), which replays them onto the fresh view in order.

use cnidarium::{Snapshot, StateDelta};
use tendermint::Time;

use crate::env::{Mode, TxEnv};
use crate::exec::{execute_tx, TxOutcome};

pub struct Mempool {
    view: StateDelta<Snapshot>,
    env: Option<TxEnv>,
}

impl Mempool {
    pub fn new(snapshot: Snapshot) -> Self {
        Self { view: StateDelta::new(snapshot), env: None }
    }

    /// Restarts from freshly committed state; txs will be checked as if in block `next_height`.
    pub async fn reset(&mut self, snapshot: Snapshot, next_height: u64, last_block_time: Time) {
        self.env = TxEnv::load(&snapshot, next_height, last_block_time).await.ok();
        self.view = StateDelta::new(snapshot);
    }

    pub async fn check_tx(&mut self, bytes: &[u8]) -> TxOutcome {
        let Some(env) = self.env.clone() else {
            return TxOutcome {
                code: symbiote_core::error::Code::InvalidRequest as u32,
                codespace: symbiote_core::error::CODESPACE.into(),
                log: "the chain has not started yet (no genesis): invalid request".into(),
                ..Default::default()
            };
        };
        // Each check runs in its own layer so a rejected tx leaves the view untouched.
        let mut layer = StateDelta::new(&mut self.view);
        let outcome = execute_tx(&mut layer, &env, bytes, Mode::Check).await;
        if outcome.is_ok() {
            layer.apply();
        }
        outcome
    }
}
