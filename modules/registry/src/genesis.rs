//! `app_state.registry`: params, and the registry's records (models, versions, aliases and their
//! history, chunks, pending uploads) as [`symbiote_core::genesis_records`], so an export imports
//! byte-identically.

use cnidarium::{StateRead, StateWrite};
use serde::{Deserialize, Serialize};
use symbiote_core::genesis_records::{self, Record};
use symbiote_core::SdkResult;

use crate::state::{put_params, RegistryRead};
use crate::{keys, Params};

const KINDS: &[&str] = &["model/", "version/", "by_id/", "alias/", "alias_history/", "chunk/", "pending/", "expiry/"];

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
            params: state.registry_params().await?,
            records: genesis_records::export(state, keys::PREFIX, &["params"]).await?,
        })
    }
}
