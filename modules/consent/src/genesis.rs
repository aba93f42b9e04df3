//! `app_state.consent`: params, and the ledger's records (datasets, consents, receipts and their
//! indexes) as [`symbiote_core::genesis_records`], so an export imports byte-identically.

use cnidarium::{StateRead, StateWrite};
use symbiote_core::genesis_records::ParamsAndRecords;
use symbiote_core::SdkResult;

use crate::state::{put_params, ConsentRead};
use crate::{keys, Params};

const KINDS: &[&str] = &[
    "next/",
    "dataset/",
    "dataset_by_owner/",
    "consent/",
    "consent_by_dataset/",
    "consent_version/",
    "receipt/",
    "receipt_by_owner/",
    "receipt_by_consent/",
    "receipt_by_requester/",
];

pub type GenesisState = ParamsAndRecords<Params>;

pub fn validate(genesis: &GenesisState) -> SdkResult<()> {
    genesis.validate(KINDS, Params::validate)
}

pub fn init<S: StateWrite>(state: &mut S, genesis: &GenesisState) -> SdkResult<()> {
    validate(genesis)?;
    genesis.init(state, keys::PREFIX, |s, p| put_params(s, p))
}

pub async fn export<S: StateRead>(state: &S) -> SdkResult<GenesisState> {
    GenesisState::export(state, keys::PREFIX, state.consent_params().await?).await
}
