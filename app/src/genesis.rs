//! Genesis: `app_state` JSON from CometBFT's genesis file, one section per module, in the Cosmos
//! SDK's shape. Applied once, in InitChain.

use cnidarium::StateWrite;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::store::WriteExt;
use symbiote_core::{SdkError, SdkResult};

use crate::keys;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppGenesis {
    #[serde(default)]
    pub auth: symbiote_auth::genesis::GenesisState,
    #[serde(default)]
    pub bank: symbiote_bank::genesis::GenesisState,
}

impl AppGenesis {
    pub fn from_json(bytes: &[u8]) -> SdkResult<Self> {
        if bytes.is_empty() {
            return Ok(Self::default());
        }
        serde_json::from_slice(bytes)
            .map_err(|e| SdkError::new(Code::InvalidRequest, format!("invalid genesis app_state: {e}")))
    }

    /// Writes the genesis state. `max_block_gas` is from the consensus params (None = unlimited).
    pub async fn apply<S: StateWrite>(
        &self,
        state: &mut S,
        chain_id: &str,
        max_block_gas: Option<u64>,
    ) -> SdkResult<()> {
        if chain_id.is_empty() {
            return Err(SdkError::new(Code::InvalidChainId, "chain id is empty"));
        }
        state.put_raw(keys::chain_id(), chain_id.as_bytes().to_vec());
        if let Some(gas) = max_block_gas {
            state.put_u64(keys::max_block_gas(), gas);
        }
        // Auth first: bank creates accounts for funded addresses that auth did not list, numbered
        // after the listed ones.
        self.auth.apply(state)?;
        self.bank.apply(state).await?;
        Ok(())
    }
}
