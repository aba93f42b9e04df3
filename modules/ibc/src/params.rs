//! IBC params: ibc-go's connection param `max_expected_time_per_block`, which turns a
//! connection's delay period into a number of blocks and which Hermes reads (`ConnectionParams`)
//! in place of its configured `max_block_time`.

use std::time::Duration;

use ibc_proto::ibc::core::connection::v1 as pb;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{SdkError, SdkResult};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Nanoseconds, as ibc-go's genesis writes it (`"30000000000"`).
    #[serde(with = "symbiote_core::serde_str")]
    pub max_expected_time_per_block: u64,
}

impl Default for Params {
    /// ibc-go's default: 30 s, several times a symbiote block.
    fn default() -> Self {
        Self { max_expected_time_per_block: 30_000_000_000 }
    }
}

impl Params {
    pub fn validate(&self) -> SdkResult<()> {
        if self.max_expected_time_per_block == 0 {
            return Err(SdkError::new(Code::InvalidRequest, "max_expected_time_per_block must be positive"));
        }
        Ok(())
    }

    pub fn max_expected_time_per_block(&self) -> Duration {
        Duration::from_nanos(self.max_expected_time_per_block)
    }

    pub fn to_proto(&self) -> pb::Params {
        pb::Params { max_expected_time_per_block: self.max_expected_time_per_block }
    }

    pub fn from_proto(p: &pb::Params) -> SdkResult<Self> {
        let params = Self { max_expected_time_per_block: p.max_expected_time_per_block };
        params.validate()?;
        Ok(params)
    }
}
