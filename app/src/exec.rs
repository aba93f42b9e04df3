//! Executing one transaction against a state overlay, with Cosmos SDK semantics:
//!
//! ```text
//! state ─┬─ ante overlay (fee, pubkeys, sequences) ── kept if the ante checks pass
//!        └──── messages overlay ── kept only if every message succeeds (not run in Check mode)
//! ```
//!
//! Events are collected by the gas meter wrapping each step (`Metered`), not by the overlays, so
//! each message's events are known apart without an overlay per message.
//!
//! A tx whose ante checks fail leaves no trace. A tx whose messages fail still pays its fee and
//! uses up its sequence (so it cannot be replayed), but none of its messages' writes or events land.
//!
//! Bad input of any kind is a coded [`TxOutcome`]. An internal error (a failed store read, a broken
//! invariant) is returned as `Err`: FinalizeBlock halts on it rather than commit a state other
//! validators would not.

use cnidarium::{StateDelta, StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData;
use prost::Message;
use symbiote_core::events::{event, tag_msg_index};
use symbiote_core::{Address, GasMeter, Metered, MsgContext, MsgSet, SdkError, SdkResult};
use tendermint::abci::Event;

use crate::ante;
use crate::env::{Mode, TxEnv};
use crate::tx::Tx;

/// The result of running a tx, whatever happened. Maps 1:1 onto CheckTx and ExecTxResult.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TxOutcome {
    pub code: u32,
    pub codespace: String,
    pub log: String,
    pub data: Vec<u8>,
    pub gas_wanted: u64,
    pub gas_used: u64,
    pub events: Vec<Event>,
}

impl TxOutcome {
    pub fn is_ok(&self) -> bool {
        self.code == 0
    }

    /// A tx that was refused before anything ran (undecodable, or failing its stateless checks).
    pub fn rejected(err: SdkError, gas_wanted: u64) -> Self {
        Self::failed(err, gas_wanted, 0, vec![])
    }

    fn failed(err: SdkError, gas_wanted: u64, gas_used: u64, events: Vec<Event>) -> Self {
        Self {
            code: err.code,
            codespace: err.codespace.to_string(),
            log: err.log,
            data: vec![],
            gas_wanted,
            gas_used,
            events,
        }
    }
}

/// A coded failure becomes the tx's outcome; an internal error stops execution.
fn failed_unless_internal(err: SdkError, gas_wanted: u64, gas_used: u64, events: Vec<Event>) -> SdkResult<TxOutcome> {
    if err.is_internal() {
        return Err(err);
    }
    Ok(TxOutcome::failed(err, gas_wanted, gas_used, events))
}

/// Decodes and runs `bytes` on `state`. Never panics on any input.
pub async fn execute_tx<S: StateWrite, M: MsgSet>(
    state: &mut S,
    env: &TxEnv,
    bytes: &[u8],
    mode: Mode,
) -> SdkResult<TxOutcome> {
    match Tx::<M>::decode(bytes, env.auth.max_msgs_per_tx) {
        Ok(tx) => execute_decoded(state, env, &tx, mode).await,
        Err(e) => failed_unless_internal(e, 0, 0, vec![]),
    }
}

pub async fn execute_decoded<S: StateWrite, M: MsgSet>(
    state: &mut S,
    env: &TxEnv,
    tx: &Tx<M>,
    mode: Mode,
) -> SdkResult<TxOutcome> {
    match ante::check_stateless(tx, env, mode) {
        Ok(signers) => execute_checked(state, env, tx, &signers, mode).await,
        Err(e) => failed_unless_internal(e, tx.gas_limit, 0, vec![]),
    }
}

/// Runs a tx whose stateless checks passed (`signers` is what they returned).
pub async fn execute_checked<S: StateWrite, M: MsgSet>(
    state: &mut S,
    env: &TxEnv,
    tx: &Tx<M>,
    signers: &[Address],
    mode: Mode,
) -> SdkResult<TxOutcome> {
    let gas_wanted = tx.gas_limit;
    let gas = match mode {
        Mode::Simulate | Mode::Genesis => GasMeter::infinite(),
        Mode::Check | Mode::Finalize => GasMeter::new(tx.gas_limit),
    };

    let mut ante_state = StateDelta::new(&mut *state);
    let ante_events = {
        let mut metered = Metered::new(&mut ante_state, gas.clone());
        if let Err(e) = ante::run(&mut metered, tx, signers, env, mode, &gas).await {
            return failed_unless_internal(e, gas_wanted, gas.consumed(), vec![]);
        }
        metered.take_events()
    };
    if mode == Mode::Check {
        ante_state.apply();
        return Ok(TxOutcome { gas_wanted, gas_used: gas.consumed(), events: ante_events, ..Default::default() });
    }

    let msg_result = run_msgs(&mut ante_state, env, tx, &gas).await;
    ante_state.apply();
    match msg_result {
        Ok((msg_events, data)) => {
            let mut events = ante_events;
            events.extend(msg_events);
            Ok(TxOutcome { data, gas_wanted, gas_used: gas.consumed(), events, ..Default::default() })
        }
        Err(e) => failed_unless_internal(e, gas_wanted, gas.consumed(), ante_events),
    }
}

/// Runs every message in one overlay on top of the ante state; applies it only if all succeed
/// (a failed message's partial writes go with the overlay).
async fn run_msgs<S: StateRead + StateWrite, M: MsgSet>(
    state: &mut S,
    env: &TxEnv,
    tx: &Tx<M>,
    gas: &GasMeter,
) -> SdkResult<(Vec<Event>, Vec<u8>)> {
    let ctx = MsgContext { tx_hash: tx.hash, ..env.msg_context() };
    let mut all = StateDelta::new(&mut *state);
    let mut events = Vec::new();
    let mut responses = Vec::with_capacity(tx.msgs.len());
    for (index, msg) in tx.msgs.iter().enumerate() {
        gas.consume(env.auth.gas_per_msg, "message")?;
        let (mut msg_events, response) = {
            let mut metered = Metered::new(&mut all, gas.clone());
            msg.check_stateful(&metered, &ctx).await.map_err(|e| in_msg(index, e))?;
            let response = msg.execute(&mut metered, &ctx).await.map_err(|e| in_msg(index, e))?;
            gas.check("message").map_err(|e| in_msg(index, e))?;
            (metered.take_events(), response)
        };
        let sender = msg.signers().first().map(|a| a.to_string()).unwrap_or_default();
        let mut message = event(
            "message",
            [("action", msg.type_url().to_string()), ("sender", sender), ("module", msg.module().to_string())],
        );
        tag_msg_index(std::slice::from_mut(&mut message), index);
        tag_msg_index(&mut msg_events, index);
        events.push(message);
        events.extend(msg_events);
        responses.push(response);
    }
    all.apply();
    #[allow(deprecated)]
    let data = TxMsgData { data: vec![], msg_responses: responses }.encode_to_vec();
    Ok((events, data))
}

/// "failed to execute message; message index: N: <log>", as the SDK wraps message errors.
fn in_msg(index: usize, e: SdkError) -> SdkError {
    SdkError { log: format!("failed to execute message; message index: {index}: {}", e.log), ..e }
}
