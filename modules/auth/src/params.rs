//! Parameters of accounts and the ante checks. The first five are the Cosmos SDK's `x/auth` params
//! (served by `cosmos.auth.v1beta1.Query/Params`); the fee floor and per-message gas are symbiote's.

use cosmos_sdk_proto::cosmos::auth::v1beta1::Params as ProtoParams;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{Dec, SdkError, SdkResult};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(with = "symbiote_core::serde_str")]
    pub max_memo_characters: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub tx_sig_limit: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub tx_size_cost_per_byte: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub sig_verify_cost_ed25519: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub sig_verify_cost_secp256k1: u64,
    /// Consensus-enforced fee floor in `usym` per unit of gas: a tx must pay at least
    /// `ceil(min_gas_price × gas_limit)`. Enforced in FinalizeBlock too, unlike the SDK's node-local
    /// `minimum-gas-prices`, so every validator agrees on which txs pay enough.
    pub min_gas_price: String,
    /// Flat gas charged per message, on top of store access.
    #[serde(with = "symbiote_core::serde_str")]
    pub gas_per_msg: u64,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            max_memo_characters: 256,
            tx_sig_limit: 7,
            tx_size_cost_per_byte: 10,
            sig_verify_cost_ed25519: 590,
            sig_verify_cost_secp256k1: 1000,
            min_gas_price: "0.025".into(),
            gas_per_msg: 1000,
        }
    }
}

impl Params {
    pub fn validate(&self) -> SdkResult<()> {
        let invalid = |why: &str| SdkError::new(Code::InvalidRequest, format!("invalid auth params: {why}"));
        if self.max_memo_characters == 0 {
            return Err(invalid("max_memo_characters must be positive"));
        }
        if self.tx_sig_limit == 0 {
            return Err(invalid("tx_sig_limit must be positive"));
        }
        if self.tx_size_cost_per_byte == 0 || self.sig_verify_cost_secp256k1 == 0 {
            return Err(invalid("gas costs must be positive"));
        }
        self.min_gas_price_dec()?;
        Ok(())
    }

    pub fn min_gas_price_dec(&self) -> SdkResult<Dec> {
        self.min_gas_price.parse()
    }

    pub fn to_proto(&self) -> ProtoParams {
        ProtoParams {
            max_memo_characters: self.max_memo_characters,
            tx_sig_limit: self.tx_sig_limit,
            tx_size_cost_per_byte: self.tx_size_cost_per_byte,
            sig_verify_cost_ed25519: self.sig_verify_cost_ed25519,
            sig_verify_cost_secp256k1: self.sig_verify_cost_secp256k1,
        }
    }
}
