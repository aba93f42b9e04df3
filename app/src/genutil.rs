//! Genesis transactions (`app_state.genutil.gen_txs`, the SDK's x/genutil): signed txs, usually
//! one MsgCreateValidator per genesis validator (`symbiote genesis gentx`, gathered by
//! `symbiote genesis collect-gentxs`), delivered through the normal tx pipeline at InitChain after
//! every module's genesis section, so genesis stake is self-delegated like any later stake.

use cnidarium::StateWrite;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{SdkError, SdkResult};
use tendermint::Time;

use crate::env::{Mode, TxEnv};
use crate::exec::execute_tx;
use crate::module_set::ModuleSet;

/// `app_state.genutil`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    /// Each a transaction in the SDK's JSON form (`cosmos.tx.v1beta1.Tx`).
    #[serde(default)]
    pub gen_txs: Vec<serde_json::Value>,
}

impl GenesisState {
    /// The transactions' bytes, as signed; a malformed one is named by its position.
    pub fn txs(&self) -> SdkResult<Vec<Vec<u8>>> {
        self.gen_txs
            .iter()
            .enumerate()
            .map(|(i, tx)| {
                crate::tx::json::tx_from_json(tx)
                    .map_err(|e| SdkError::new(Code::InvalidRequest, format!("genesis transaction {i}: {e}")))
            })
            .collect()
    }
}

/// Runs every genesis transaction on `state` at height 0 (signatures over account number 0, no
/// fee floor, unlimited gas, as the SDK delivers gentxs). Any failure fails genesis.
pub async fn deliver<M: ModuleSet, S: StateWrite>(
    state: &mut S,
    genesis: &GenesisState,
    genesis_time: Time,
) -> SdkResult<()> {
    let txs = genesis.txs()?;
    if txs.is_empty() {
        return Ok(());
    }
    let env = TxEnv::load::<M, _>(state, 0, genesis_time).await?;
    for (i, bytes) in txs.iter().enumerate() {
        let outcome = execute_tx::<_, M::Msg>(state, &env, bytes, Mode::Genesis).await?;
        if !outcome.is_ok() {
            return Err(SdkError::new(
                Code::InvalidRequest,
                format!(
                    "genesis transaction {i} failed: code {} ({}): {}",
                    outcome.code, outcome.codespace, outcome.log
                ),
            ));
        }
    }
    Ok(())
}
