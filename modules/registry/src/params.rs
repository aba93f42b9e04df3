//! Registry params: model and chunk sizes, upload expiry, card size, validation gas and the
//! bounds on default explanations.

use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{SdkError, SdkResult};
use symbiote_proto::symbiote::registry::v1 as pb;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(with = "symbiote_core::serde_str")]
    pub max_model_bytes: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub max_chunk_bytes: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub upload_expiry_blocks: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub max_card_bytes: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub validation_gas_per_byte: u64,
    pub max_exact_shapley_features: u32,
    #[serde(with = "symbiote_core::serde_str")]
    pub max_explanation_passes: u64,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            // 4 MiB models in 384 KiB chunks: a chunk's tx stays under CometBFT's default 1 MiB
            // max_tx_bytes, and its simulation (hex in an abci_query) under the RPC's default
            // 1 MB max_body_bytes.
            max_model_bytes: 4 << 20,
            max_chunk_bytes: 384 << 10,
            upload_expiry_blocks: 1_000,
            max_card_bytes: 8 << 10,
            validation_gas_per_byte: 1,
            max_exact_shapley_features: 12,
            max_explanation_passes: 100_000,
        }
    }
}

impl Params {
    pub fn validate(&self) -> SdkResult<()> {
        let positive = [
            ("max_model_bytes", self.max_model_bytes),
            ("max_chunk_bytes", self.max_chunk_bytes),
            ("upload_expiry_blocks", self.upload_expiry_blocks),
            ("max_card_bytes", self.max_card_bytes),
            ("max_explanation_passes", self.max_explanation_passes),
        ];
        for (name, value) in positive {
            if value == 0 {
                return Err(SdkError::new(Code::InvalidRequest, format!("{name} must be positive")));
            }
        }
        if self.max_exact_shapley_features > 20 {
            return Err(SdkError::new(Code::InvalidRequest, "max_exact_shapley_features is at most 20 (2^20 passes)"));
        }
        Ok(())
    }

    pub fn to_proto(&self) -> pb::Params {
        pb::Params {
            max_model_bytes: self.max_model_bytes,
            max_chunk_bytes: self.max_chunk_bytes,
            upload_expiry_blocks: self.upload_expiry_blocks,
            max_card_bytes: self.max_card_bytes,
            validation_gas_per_byte: self.validation_gas_per_byte,
            max_exact_shapley_features: self.max_exact_shapley_features,
            max_explanation_passes: self.max_explanation_passes,
        }
    }

    pub fn from_proto(p: &pb::Params) -> SdkResult<Self> {
        Ok(Self {
            max_model_bytes: p.max_model_bytes,
            max_chunk_bytes: p.max_chunk_bytes,
            upload_expiry_blocks: p.upload_expiry_blocks,
            max_card_bytes: p.max_card_bytes,
            validation_gas_per_byte: p.validation_gas_per_byte,
            max_exact_shapley_features: p.max_exact_shapley_features,
            max_explanation_passes: p.max_explanation_passes,
        })
    }
}
