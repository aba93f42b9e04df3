//! `MsgSetSendEnabled` (governance only): sets per-denom send flags, or returns denoms to the
//! default. Stateless: authority (gov code 13), valid denoms, no denom listed twice or in both
//! lists (code 18) → execute.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::bank::v1beta1 as pb;
use symbiote_core::coin::validate_denom;
use symbiote_core::error::Code;
use symbiote_core::module_account::check_authority;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkError, SdkResult};

use crate::params::SendEnabledEntry;
use crate::state::set_send_enabled;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsgSetSendEnabled {
    pub authority: Address,
    pub send_enabled: Vec<SendEnabledEntry>,
    pub use_default_for: Vec<String>,
}

#[async_trait]
impl MsgHandler for MsgSetSendEnabled {
    const TYPE_URL: &'static str = "/cosmos.bank.v1beta1.MsgSetSendEnabled";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.bank.v1beta1.MsgSetSendEnabledResponse";
    type Proto = pb::MsgSetSendEnabled;
    type Response = pb::MsgSetSendEnabledResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            authority: p.authority.parse()?,
            send_enabled: p.send_enabled.iter().map(SendEnabledEntry::from_proto).collect::<SdkResult<_>>()?,
            use_default_for: p.use_default_for,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgSetSendEnabled {
            authority: self.authority.to_string(),
            send_enabled: self.send_enabled.iter().map(SendEnabledEntry::to_proto).collect(),
            use_default_for: self.use_default_for.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        check_authority(&self.authority)?;
        let mut seen = std::collections::BTreeSet::new();
        for denom in self.send_enabled.iter().map(|e| &e.denom).chain(&self.use_default_for) {
            validate_denom(denom)?;
            if !seen.insert(denom) {
                return Err(SdkError::new(
                    Code::InvalidRequest,
                    format!("duplicate denom entries found for \"{denom}\""),
                ));
            }
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        for entry in &self.send_enabled {
            set_send_enabled(state, &entry.denom, Some(entry.enabled))?;
        }
        for denom in &self.use_default_for {
            set_send_enabled(state, denom, None)?;
        }
        Ok(pb::MsgSetSendEnabledResponse {})
    }
}
