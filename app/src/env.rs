//! The environment a transaction runs in: chain id, block height and time, the parameters the
//! ante checks use, and the chain's module accounts. Loaded once per block (not per tx), unmetered.

use std::sync::Arc;

use cnidarium::StateRead;
use symbiote_auth::AuthRead;
use symbiote_core::module_account::ModuleAccounts;
use symbiote_core::store::ReadExt;
use symbiote_core::{Dec, Hooks, MsgContext, SdkError, SdkResult};
use tendermint::Time;

use crate::keys;
use crate::module_set::ModuleSet;
use crate::signatures::VerifiedSignatures;

/// Why a tx is being run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// CheckTx / ReCheck / PrepareProposal: the ante checks only (signatures, sequence, fee), as
    /// the SDK does, so the work a tx costs before it pays its fee stays bounded.
    Check,
    /// FinalizeBlock: the real thing.
    Finalize,
    /// gRPC Simulate: no signature verification, no fee floor, unlimited gas; reports gas used.
    Simulate,
    /// InitChain's genesis txs (gentxs), as the SDK runs them at height 0: signed over account
    /// number 0, no fee floor or block gas limit, unlimited gas.
    Genesis,
}

#[derive(Clone, Debug)]
pub struct TxEnv {
    pub chain_id: String,
    pub height: u64,
    pub time: Time,
    pub auth: symbiote_auth::Params,
    pub min_gas_price: Dec,
    pub max_block_gas: Option<u64>,
    pub accounts: &'static ModuleAccounts,
    pub hooks: &'static Hooks,
    /// The node's verified signatures (none: every signature is verified where it is checked).
    pub signatures: Option<Arc<VerifiedSignatures>>,
}

impl TxEnv {
    /// The environment of a tx at `height` and block `time` on `state`, for the modules `M`.
    pub async fn load<M: ModuleSet, S: StateRead>(state: &S, height: u64, time: Time) -> SdkResult<Self> {
        let chain_id = state
            .get_raw(&keys::chain_id())
            .await?
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| SdkError::internal("chain id missing from state"))?;
        let auth = state.auth_params().await?;
        let min_gas_price = auth.min_gas_price_dec()?;
        let max_block_gas = state.get_u64(&keys::max_block_gas()).await?;
        Ok(Self {
            chain_id,
            height,
            time,
            auth,
            min_gas_price,
            max_block_gas,
            accounts: M::accounts(),
            hooks: M::hooks(),
            signatures: None,
        })
    }

    /// The same environment, checking signatures against the node's cache of verified ones.
    pub fn with_signatures(self, cache: &Arc<VerifiedSignatures>) -> Self {
        Self { signatures: Some(cache.clone()), ..self }
    }

    pub fn msg_context(&self) -> MsgContext {
        MsgContext {
            chain_id: self.chain_id.clone(),
            height: self.height,
            time: self.time,
            tx_hash: [0; 32],
            accounts: self.accounts,
            hooks: self.hooks,
        }
    }
}
