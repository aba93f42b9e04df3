//! Example params: the longest value `MsgSetValue` accepts.

use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{SdkError, SdkResult};
use symbiote_proto::symbiote::example::v1 as pb;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(with = "symbiote_core::serde_str")]
    pub max_value_bytes: u64,
}

impl Default for Params {
    fn default() -> Self {
        Self { max_value_bytes: 64 }
    }
}

impl Params {
    pub fn validate(&self) -> SdkResult<()> {
        if self.max_value_bytes == 0 {
            return Err(SdkError::new(Code::InvalidRequest, "max_value_bytes must be positive"));
        }
        Ok(())
    }

    pub fn to_proto(&self) -> pb::Params {
        pb::Params { max_value_bytes: self.max_value_bytes }
    }

    pub fn from_proto(p: &pb::Params) -> Self {
        Self { max_value_bytes: p.max_value_bytes }
    }
}
