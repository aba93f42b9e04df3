//! Inference params: the pass budget of one inference, the engine cost one block may run, the gas
//! per unit of engine cost, and how a model's inference fee is split.

use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{LegacyDec, SdkError, SdkResult};
use symbiote_proto::symbiote::inference::v1 as pb;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    #[serde(with = "symbiote_core::serde_str")]
    pub max_passes_per_inference: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub gas_per_cost_unit: u64,
    /// Engine cost units one block may run; 0: no limit.
    #[serde(with = "symbiote_core::serde_str")]
    pub max_block_cost: u64,
    pub owner_share: LegacyDec,
    pub data_share: LegacyDec,
    pub training_share: LegacyDec,
}

fn percent(n: i64) -> LegacyDec {
    LegacyDec::new_with_prec(n, 2).unwrap_or(LegacyDec::ZERO)
}

impl Default for Params {
    fn default() -> Self {
        // Exact Shapley of 12 features is 4,096 passes; sampled Shapley of 30 features with 32
        // permutations about 930. A block may run 2·10^9 units of engine cost (a 200-decision
        // block of exactly explained iris decisions costs about 2·10^7).
        Self {
            max_passes_per_inference: 10_000,
            gas_per_cost_unit: 1,
            max_block_cost: 2_000_000_000,
            owner_share: percent(50),
            data_share: percent(30),
            training_share: percent(15),
        }
    }
}

fn invalid(why: String) -> SdkError {
    SdkError::new(Code::InvalidRequest, why)
}

impl Params {
    pub fn validate(&self) -> SdkResult<()> {
        if self.max_passes_per_inference == 0 {
            return Err(invalid("max_passes_per_inference must be positive".into()));
        }
        let mut sum = LegacyDec::ZERO;
        for (name, share) in self.shares() {
            if share.is_negative() {
                return Err(invalid(format!("{name} must not be negative: {share}")));
            }
            sum = sum.checked_add(share).map_err(|_| invalid(format!("{name} too large")))?;
        }
        if sum > LegacyDec::ONE {
            return Err(invalid(format!("owner_share + data_share + training_share is {sum}, over 1")));
        }
        Ok(())
    }

    fn shares(&self) -> [(&'static str, LegacyDec); 3] {
        [("owner_share", self.owner_share), ("data_share", self.data_share), ("training_share", self.training_share)]
    }

    pub fn to_proto(&self) -> pb::Params {
        pb::Params {
            max_passes_per_inference: self.max_passes_per_inference,
            gas_per_cost_unit: self.gas_per_cost_unit,
            max_block_cost: self.max_block_cost,
            owner_share: self.owner_share.to_string(),
            data_share: self.data_share.to_string(),
            training_share: self.training_share.to_string(),
        }
    }

    /// From the wire (MsgUpdateParams) or the store: shares as decimals ("0.5", "0.500000000000000000").
    pub fn from_proto(p: &pb::Params) -> SdkResult<Self> {
        let share =
            |name: &str, s: &str| s.parse::<LegacyDec>().map_err(|_| invalid(format!("{name}: invalid decimal {s:?}")));
        Ok(Self {
            max_passes_per_inference: p.max_passes_per_inference,
            gas_per_cost_unit: p.gas_per_cost_unit,
            max_block_cost: p.max_block_cost,
            owner_share: share("owner_share", &p.owner_share)?,
            data_share: share("data_share", &p.data_share)?,
            training_share: share("training_share", &p.training_share)?,
        })
    }
}
