//! `app_state.registry`: params, and the registry's records (models, versions, aliases and their
//! history, chunks, pending uploads) as [`symbiote_core::genesis_records`], so an export imports
//! byte-identically.

use cnidarium::{StateRead, StateWrite};
use symbiote_core::genesis_records::ParamsAndRecords;
use symbiote_core::SdkResult;

use crate::state::{put_params, RegistryRead};
use crate::{keys, Params};

const KINDS: &[&str] = &["model/", "version/", "by_id/", "alias/", "alias_history/", "chunk/", "pending/", "expiry/"];

pub type GenesisState = ParamsAndRecords<Params>;

pub fn validate(genesis: &GenesisState) -> SdkResult<()> {
    genesis.validate(KINDS, Params::validate)
}

pub fn init<S: StateWrite>(state: &mut S, genesis: &GenesisState) -> SdkResult<()> {
    validate(genesis)?;
    genesis.init(state, keys::PREFIX, |s, p| put_params(s, p))
}

pub async fn export<S: StateRead>(state: &S) -> SdkResult<GenesisState> {
    GenesisState::export(state, keys::PREFIX, state.registry_params().await?).await
}
