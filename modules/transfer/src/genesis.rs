//! The `transfer` genesis section in ibc-go's shape: port, params, the traces of every voucher
//! denom, and the escrowed total per native denom.

use cnidarium::{StateRead, StateWrite};
use futures::StreamExt;
use ibc_proto::ibc::applications::transfer::v1 as pb;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::store::ReadExt;
use symbiote_core::{Amount, SdkError, SdkResult};

use crate::denom::{full_trace, hash};
use crate::keys;
use crate::state::{put_denom_trace, put_params, put_total_escrow, TransferRead};
use crate::Params;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    pub port_id: String,
    #[serde(default)]
    pub denom_traces: Vec<DenomTrace>,
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub total_escrowed: Vec<EscrowTotal>,
}

impl Default for GenesisState {
    fn default() -> Self {
        Self {
            port_id: "transfer".into(),
            denom_traces: Vec::new(),
            params: Params::default(),
            total_escrowed: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DenomTrace {
    pub path: String,
    pub base_denom: String,
}

/// ibc-go writes these as `Coin`s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscrowTotal {
    pub denom: String,
    pub amount: Amount,
}

impl GenesisState {
    pub fn validate(&self) -> SdkResult<()> {
        if self.port_id != "transfer" {
            return Err(SdkError::new(Code::InvalidRequest, "the transfer app is bound to port \"transfer\""));
        }
        for t in &self.denom_traces {
            if t.base_denom.trim().is_empty() {
                return Err(SdkError::new(Code::InvalidRequest, "a denom trace needs a base denom"));
            }
            let full = full_trace(&pb::DenomTrace { path: t.path.clone(), base_denom: t.base_denom.clone() });
            full.parse::<ibc::apps::transfer::types::PrefixedDenom>()
                .map_err(|e| SdkError::new(Code::InvalidRequest, format!("invalid denom trace {full}: {e}")))?;
        }
        for e in &self.total_escrowed {
            symbiote_core::coin::validate_denom(&e.denom)?;
        }
        Ok(())
    }

    pub fn init<S: StateWrite>(&self, state: &mut S) -> SdkResult<()> {
        put_params(state, &self.params)?;
        for t in &self.denom_traces {
            let trace = pb::DenomTrace { path: t.path.clone(), base_denom: t.base_denom.clone() };
            put_denom_trace(state, &hash(&full_trace(&trace)), &trace)?;
        }
        for e in &self.total_escrowed {
            put_total_escrow(state, &e.denom, e.amount)?;
        }
        Ok(())
    }

    pub async fn export<S: StateRead>(state: &S) -> SdkResult<Self> {
        let mut denom_traces = Vec::new();
        let mut traces = std::pin::pin!(state.prefix_raw(&keys::denom_traces()));
        while let Some(item) = traces.next().await {
            let (key, _) = item.map_err(SdkError::internal)?;
            let trace: pb::DenomTrace =
                state.get_proto(&key).await?.ok_or_else(|| SdkError::internal(format!("{key} vanished")))?;
            denom_traces.push(DenomTrace { path: trace.path, base_denom: trace.base_denom });
        }
        let mut total_escrowed = Vec::new();
        let mut totals = std::pin::pin!(state.prefix_keys(&keys::total_escrows()));
        while let Some(key) = totals.next().await {
            let key = key.map_err(SdkError::internal)?;
            let denom = key[keys::total_escrows().len()..].to_string();
            total_escrowed.push(EscrowTotal { amount: state.total_escrow(&denom).await?, denom });
        }
        Ok(Self { port_id: "transfer".into(), denom_traces, params: state.transfer_params().await?, total_escrowed })
    }
}
