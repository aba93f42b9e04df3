//! Parameters of accounts and the ante checks. The first five are the Cosmos SDK's `x/auth` params
//! (served by `cosmos.auth.v1beta1.Query/Params`); the rest are symbiote's (served with them by
//! `symbiote.auth.v1.Query/Params`). Stored as `symbiote.auth.v1.Params`; genesis carries them as
//! JSON in the SDK's style (integers as strings).

use cosmos_sdk_proto::cosmos::auth::v1beta1::Params as SdkParams;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{Dec, SdkError, SdkResult};
use symbiote_proto::symbiote::auth::v1::Params as ProtoParams;

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
    /// Most messages one tx may carry. Bounds the work done on a tx before its fee is charged, and
    /// CometBFT's event indexer, which loads a tx once per event it indexes.
    #[serde(with = "symbiote_core::serde_str", default = "default_max_msgs_per_tx")]
    pub max_msgs_per_tx: u64,
}

fn default_max_msgs_per_tx() -> u64 {
    Params::default().max_msgs_per_tx
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
            max_msgs_per_tx: 50,
        }
    }
}

impl Params {
    /// Code 18 naming the first invalid parameter.
    pub fn validate(&self) -> SdkResult<()> {
        let invalid = |why: &str| SdkError::new(Code::InvalidRequest, format!("invalid auth params: {why}"));
        if self.max_memo_characters == 0 {
            return Err(invalid("max_memo_characters must be positive"));
        }
        if self.tx_sig_limit == 0 {
            return Err(invalid("tx_sig_limit must be positive"));
        }
        if self.tx_size_cost_per_byte == 0 || self.sig_verify_cost_ed25519 == 0 || self.sig_verify_cost_secp256k1 == 0 {
            return Err(invalid("gas costs must be positive"));
        }
        if self.max_msgs_per_tx == 0 {
            return Err(invalid("max_msgs_per_tx must be positive"));
        }
        self.min_gas_price_dec()?;
        Ok(())
    }

    pub fn min_gas_price_dec(&self) -> SdkResult<Dec> {
        self.min_gas_price.parse()
    }

    /// The SDK's part, as `cosmos.auth.v1beta1.Query/Params` serves it.
    pub fn sdk(&self) -> SdkParams {
        SdkParams {
            max_memo_characters: self.max_memo_characters,
            tx_sig_limit: self.tx_sig_limit,
            tx_size_cost_per_byte: self.tx_size_cost_per_byte,
            sig_verify_cost_ed25519: self.sig_verify_cost_ed25519,
            sig_verify_cost_secp256k1: self.sig_verify_cost_secp256k1,
        }
    }

    /// These params with the SDK's part replaced (`cosmos.auth.v1beta1.MsgUpdateParams`).
    pub fn with_sdk(&self, sdk: &SdkParams) -> Self {
        Self {
            max_memo_characters: sdk.max_memo_characters,
            tx_sig_limit: sdk.tx_sig_limit,
            tx_size_cost_per_byte: sdk.tx_size_cost_per_byte,
            sig_verify_cost_ed25519: sdk.sig_verify_cost_ed25519,
            sig_verify_cost_secp256k1: sdk.sig_verify_cost_secp256k1,
            ..self.clone()
        }
    }

    pub fn to_proto(&self) -> ProtoParams {
        ProtoParams {
            sdk: Some(self.sdk()),
            min_gas_price: self.min_gas_price.clone(),
            gas_per_msg: self.gas_per_msg,
            max_msgs_per_tx: self.max_msgs_per_tx,
        }
    }

    /// The stored or submitted form; every field must be present (as the SDK requires of
    /// `MsgUpdateParams`), so a missing `sdk` part is code 18.
    pub fn from_proto(p: &ProtoParams) -> SdkResult<Self> {
        let sdk =
            p.sdk.as_ref().ok_or_else(|| SdkError::new(Code::InvalidRequest, "auth params: sdk params missing"))?;
        Ok(Self {
            min_gas_price: p.min_gas_price.clone(),
            gas_per_msg: p.gas_per_msg,
            max_msgs_per_tx: p.max_msgs_per_tx,
            ..Self::default().with_sdk(sdk)
        })
    }
}
