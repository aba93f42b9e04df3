//! Consent params: size limits on what the ledger stores and checks.

use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{SdkError, SdkResult};
use symbiote_proto::symbiote::consent::v1 as pb;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(with = "symbiote_core::serde_str")]
    pub max_records: u64,
    pub max_fields: u32,
    pub max_text_bytes: u32,
    pub max_disclosed_fields: u32,
}

impl Default for Params {
    fn default() -> Self {
        Self { max_records: 1 << 32, max_fields: 256, max_text_bytes: 1024, max_disclosed_fields: 64 }
    }
}

impl Params {
    pub fn validate(&self) -> SdkResult<()> {
        let positive = [
            ("max_records", self.max_records),
            ("max_fields", u64::from(self.max_fields)),
            ("max_text_bytes", u64::from(self.max_text_bytes)),
            ("max_disclosed_fields", u64::from(self.max_disclosed_fields)),
        ];
        for (name, value) in positive {
            if value == 0 {
                return Err(SdkError::new(Code::InvalidRequest, format!("{name} must be positive")));
            }
        }
        Ok(())
    }

    pub fn to_proto(&self) -> pb::Params {
        pb::Params {
            max_records: self.max_records,
            max_fields: self.max_fields,
            max_text_bytes: self.max_text_bytes,
            max_disclosed_fields: self.max_disclosed_fields,
        }
    }

    pub fn from_proto(p: &pb::Params) -> SdkResult<Self> {
        Ok(Self {
            max_records: p.max_records,
            max_fields: p.max_fields,
            max_text_bytes: p.max_text_bytes,
            max_disclosed_fields: p.max_disclosed_fields,
        })
    }

    /// Refuses free text longer than `max_text_bytes` with `err`.
    pub fn check_text(&self, what: &str, text: &str, err: fn(String) -> SdkError) -> SdkResult<()> {
        if text.len() > self.max_text_bytes as usize {
            return Err(err(format!("{what} is {} bytes, over the {}-byte limit", text.len(), self.max_text_bytes)));
        }
        Ok(())
    }
}
