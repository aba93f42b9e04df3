//! `app_state.inference`: params, and the stored traces, their indexes and accrued rewards as
//! genesis records (exact export/import).

use cnidarium::{StateRead, StateWrite};
use symbiote_core::genesis_records::ParamsAndRecords;
use symbiote_core::SdkResult;

use crate::state::{put_params, InferenceRead};
use crate::{keys, Params};

const KINDS: &[&str] = &["trace/", "by_model/", "by_requester/", "rewards/"];

pub type GenesisState = ParamsAndRecords<Params>;

pub fn validate(genesis: &GenesisState) -> SdkResult<()> {
    genesis.validate(KINDS, Params::validate)
}

pub fn init<S: StateWrite>(state: &mut S, genesis: &GenesisState) -> SdkResult<()> {
    validate(genesis)?;
    genesis.init(state, keys::PREFIX, |s, p| put_params(s, p))
}

pub async fn export<S: StateRead>(state: &S) -> SdkResult<GenesisState> {
    GenesisState::export(state, keys::PREFIX, state.inference_params().await?).await
}
