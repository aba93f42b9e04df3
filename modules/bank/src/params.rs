//! Bank parameters: whether transfers are enabled, by default and per denom.

use cosmos_sdk_proto::cosmos::bank::v1beta1::{Params as ProtoParams, SendEnabled};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default)]
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

impl Params {
    pub fn is_send_enabled(&self, denom: &str) -> bool {
        self.send_enabled.iter().find(|e| e.denom == denom).map_or(self.default_send_enabled, |e| e.enabled)
    }

    pub fn to_proto(&self) -> ProtoParams {
        // Since SDK 0.47 per-denom flags are served by the SendEnabled query, not inside Params.
        ProtoParams { default_send_enabled: self.default_send_enabled, ..Default::default() }
    }

    pub fn send_enabled_proto(&self) -> Vec<SendEnabled> {
        self.send_enabled.iter().map(|e| SendEnabled { denom: e.denom.clone(), enabled: e.enabled }).collect()
    }
}
