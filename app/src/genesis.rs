//! Genesis: `app_state` JSON from CometBFT's genesis file, one section per module (the struct the
//! module list generates), in the Cosmos SDK's shape. Applied once, in InitChain.

use cnidarium::StateWrite;
use symbiote_core::error::Code;
use symbiote_core::store::WriteExt;
use symbiote_core::{GenesisContext, SdkError, SdkResult, ValidatorUpdate};
use tendermint::Time;

use crate::keys;
use crate::module_set::ModuleSet;

/// Parses `app_state` (empty means every section's default) and validates every section.
pub fn parse<M: ModuleSet>(bytes: &[u8]) -> SdkResult<M::Genesis> {
    let genesis: M::Genesis = if bytes.is_empty() {
        Default::default()
    } else {
        serde_json::from_slice(bytes)
            .map_err(|e| SdkError::new(Code::InvalidRequest, format!("invalid genesis app_state: {e}")))?
    };
    M::validate_genesis(&genesis)?;
    Ok(genesis)
}

/// Writes the chain facts and every module's genesis section, delivers the genesis transactions,
/// and returns the genesis validators if a module decides them. `max_block_gas` is from the
/// consensus params (None = unlimited).
pub async fn apply<M: ModuleSet, S: StateWrite>(
    state: &mut S,
    genesis: &M::Genesis,
    chain_id: &str,
    genesis_time: Time,
    max_block_gas: Option<u64>,
) -> SdkResult<Vec<ValidatorUpdate>> {
    if chain_id.is_empty() {
        return Err(SdkError::new(Code::InvalidChainId, "chain id is empty"));
    }
    state.put_bytes(keys::chain_id(), chain_id.as_bytes().to_vec())?;
    if let Some(gas) = max_block_gas {
        state.put_u64(keys::max_block_gas(), gas)?;
    }
    state.put_u64(keys::last_block_time(), keys::nanos_since_epoch(genesis_time))?;
    let ctx =
        GenesisContext { chain_id: chain_id.to_string(), genesis_time, accounts: M::accounts(), hooks: M::hooks() };
    M::init_genesis(state, genesis, &ctx).await?;
    crate::genutil::deliver::<M, _>(state, M::genutil(genesis), genesis_time).await?;
    M::init_validators(state, genesis, &ctx).await
}
