//! Inference params: the pass budget of one inference and the gas per unit of engine cost.

use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{SdkError, SdkResult};
use symbiote_proto::symbiote::inference::v1 as pb;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(with = "symbiote_core::serde_str")]
    pub max_passes_per_inference: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub gas_per_cost_unit: u64,
}

impl Default for Params {
    fn default() -> Self {
        // Exact Shapley of 12 features is 4,096 passes; sampled Shapley of 30 features with 32
        // permutations about 930.
        Self { max_passes_per_inference: 10_000, gas_per_cost_unit: 1 }
    }
}

impl Params {
    pub fn validate(&self) -> SdkResult<()> {
        if self.max_passes_per_inference == 0 {
            return Err(SdkError::new(Code::InvalidRequest, "max_passes_per_inference must be positive"));
        }
        Ok(())
    }

    pub fn to_proto(&self) -> pb::Params {
        pb::Params {
            max_passes_per_inference: self.max_passes_per_inference,
            gas_per_cost_unit: self.gas_per_cost_unit,
        }
    }

    pub fn from_proto(p: &pb::Params) -> SdkResult<Self> {
        Ok(Self { max_passes_per_inference: p.max_passes_per_inference, gas_per_cost_unit: p.gas_per_cost_unit })
    }
}
