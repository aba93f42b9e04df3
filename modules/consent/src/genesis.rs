//! `app_state.consent`: params, and the ledger's records (datasets, consents, receipts and their
//! indexes) as [`symbiote_core::genesis_records`], so an export imports byte-identically.

use cnidarium::{StateRead, StateWrite};
use serde::{Deserialize, Serialize};
use symbiote_core::genesis_records::{self, Record};
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

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub records: Vec<Record>,
}

impl GenesisState {
    pub fn validate(&self) -> SdkResult<()> {
        self.params.validate()?;
        genesis_records::validate(&self.records, KINDS)
    }

    pub fn init<S: StateWrite>(&self, state: &mut S) -> SdkResult<()> {
        self.validate()?;
        put_params(state, &self.params)?;
        genesis_records::import(state, keys::PREFIX, &self.records)
    }

    pub async fn export<S: StateRead>(state: &S) -> SdkResult<Self> {
        Ok(Self {
            params: state.consent_params().await?,
            records: genesis_records::export(state, keys::PREFIX, &["params"]).await?,
        })
    }
}
