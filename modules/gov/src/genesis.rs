//! `app_state.gov`: the SDK's `starting_proposal_id`, `params` and `constitution`, readable, and
//! the proposals, deposits, votes and queues as [`symbiote_core::genesis_records`] (proposals
//! carry arbitrary messages as `Any`s, which have no JSON form without every module's types), so
//! `symbiote export` then `init_genesis` gives back the same state.
//!
//! ```json
//! "gov": {"starting_proposal_id": "1", "params": {...}, "constitution": "",
//!         "audit_params": {"min_parity_ratio": "0.800000000000000000", ...}, "records": []}
//! ```
//!
//! The SDK's JSON `proposals`, `deposits` and `votes` lists are accepted only empty; its
//! deprecated `deposit_params`, `voting_params` and `tally_params` are ignored, as the SDK ignores
//! them. As in the SDK, the gov account must hold exactly the sum of the deposits.

use cnidarium::{StateRead, StateWrite};
use serde::{Deserialize, Serialize};
use symbiote_bank::BankRead;
use symbiote_core::genesis_records::{self, Record};
use symbiote_core::{Coins, SdkResult};

use crate::deposits::module_address;
use crate::state::{self, GovRead};
use crate::{errors, keys, AuditParams, Params};

/// Record kinds (key prefixes below `gov/`) a genesis may hold.
const RECORD_KINDS: [&str; 9] = [
    "proposal/",
    "deposit/",
    "vote/",
    "deposit_queue/",
    "voting_queue/",
    "next_audit_dataset_id",
    "audit_dataset/",
    "audit_row/",
    "audit_report/",
];

fn one() -> u64 {
    1
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default = "one", with = "symbiote_core::serde_str")]
    pub starting_proposal_id: u64,
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub constitution: String,
    /// symbiote's audit params (the bias-correction gate and budget).
    #[serde(default)]
    pub audit_params: AuditParams,
    #[serde(default)]
    pub records: Vec<Record>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deposits: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<serde_json::Value>,
    #[serde(default, skip_serializing)]
    pub deposit_params: Option<serde_json::Value>,
    #[serde(default, skip_serializing)]
    pub voting_params: Option<serde_json::Value>,
    #[serde(default, skip_serializing)]
    pub tally_params: Option<serde_json::Value>,
}

impl Default for GenesisState {
    fn default() -> Self {
        Self {
            starting_proposal_id: 1,
            params: Params::default(),
            constitution: String::new(),
            audit_params: AuditParams::default(),
            records: Vec::new(),
            proposals: Vec::new(),
            deposits: Vec::new(),
            votes: Vec::new(),
            deposit_params: None,
            voting_params: None,
            tally_params: None,
        }
    }
}

impl GenesisState {
    /// `ValidateGenesis`: a starting id above 0, valid params, known record kinds.
    pub fn validate(&self) -> SdkResult<()> {
        if self.starting_proposal_id == 0 {
            return Err(errors::invalid_genesis("starting proposal id must be greater than 0"));
        }
        if !(self.proposals.is_empty() && self.deposits.is_empty() && self.votes.is_empty()) {
            return Err(errors::invalid_genesis(
                "proposals, deposits and votes are imported as records (symbiote export writes them), not as JSON lists",
            ));
        }
        self.params.validate()?;
        self.audit_params.validate()?;
        genesis_records::validate(&self.records, &RECORD_KINDS)
    }

    pub async fn init<S: StateWrite>(&self, state: &mut S) -> SdkResult<()> {
        self.validate()?;
        state::put_params(state, &self.params)?;
        state::put_audit_params(state, &self.audit_params)?;
        state::set_next_proposal_id(state, self.starting_proposal_id)?;
        if !self.constitution.is_empty() {
            state::put_constitution(state, &self.constitution)?;
        }
        genesis_records::import(state, keys::PREFIX, &self.records)?;

        let mut total = Coins::new();
        for deposit in state.all_deposits().await? {
            for c in deposit.amount.iter() {
                total.add(&c)?;
            }
        }
        let held = state.all_balances(&module_address()).await?;
        if held != total {
            return Err(errors::invalid_genesis(format!("expected module account was {held} but we got {total}")));
        }
        Ok(())
    }

    pub async fn export<S: StateRead>(state: &S) -> SdkResult<Self> {
        Ok(Self {
            starting_proposal_id: state.next_proposal_id().await?,
            params: state.gov_params().await?,
            constitution: state.constitution().await?,
            audit_params: state.audit_params().await?,
            records: genesis_records::export(
                state,
                keys::PREFIX,
                &["params", "constitution", "next_proposal_id", "audit_params"],
            )
            .await?,
            ..Self::default()
        })
    }
}
