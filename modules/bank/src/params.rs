//! Bank parameters: whether transfers are enabled by default. Per-denom flags are stored apart
//! (`MsgSetSendEnabled`, the SendEnabled query), as in the SDK since v0.47; genesis may still list
//! them in the deprecated `params.send_enabled`, which is moved to the top-level list as the SDK's
//! `MigrateSendEnabled` does.

use cosmos_sdk_proto::cosmos::bank::v1beta1::{Params as ProtoParams, SendEnabled};
use serde::{Deserialize, Serialize};
use symbiote_core::coin::validate_denom;
use symbiote_core::error::Code;
use symbiote_core::{SdkError, SdkResult};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Deprecated (genesis only): use the genesis state's top-level `send_enabled`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub send_enabled: Vec<SendEnabledEntry>,
    pub default_send_enabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendEnabledEntry {
    pub denom: String,
    pub enabled: bool,
}

impl Default for Params {
    fn default() -> Self {
        Self { send_enabled: vec![], default_send_enabled: true }
    }
}

impl SendEnabledEntry {
    pub fn to_proto(&self) -> SendEnabled {
        SendEnabled { denom: self.denom.clone(), enabled: self.enabled }
    }

    pub fn from_proto(p: &SendEnabled) -> SdkResult<Self> {
        validate_denom(&p.denom)?;
        Ok(Self { denom: p.denom.clone(), enabled: p.enabled })
    }
}

impl Params {
    /// The stored form; per-denom flags never live inside it.
    pub fn to_proto(&self) -> ProtoParams {
        ProtoParams { default_send_enabled: self.default_send_enabled, ..Default::default() }
    }

    /// Stored or submitted params; `send_enabled` inside them is refused, as the SDK refuses it
    /// in `MsgUpdateParams` (code 18).
    pub fn from_proto(p: &ProtoParams) -> SdkResult<Self> {
        #[allow(deprecated)]
        if !p.send_enabled.is_empty() {
            return Err(SdkError::new(Code::InvalidRequest, "use of send_enabled in params is no longer supported"));
        }
        Ok(Self { send_enabled: vec![], default_send_enabled: p.default_send_enabled })
    }

    /// Per-denom flags live in their own records, never inside the params (code 18).
    pub fn validate(&self) -> SdkResult<()> {
        if !self.send_enabled.is_empty() {
            return Err(SdkError::new(Code::InvalidRequest, "use of send_enabled in params is no longer supported"));
        }
        Ok(())
    }
}
