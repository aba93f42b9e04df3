//! `MsgDeprecateVersion`: a version gets no new aliases and no new inferences; it is never
//! deleted (traces that used it stay verifiable). Stateless (reason within 1024 bytes) → stateful
//! (the model and version exist, the signer governs the model, not already deprecated) → execute.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::store::WriteExt;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::registry::v1 as pb;

use crate::refs::check_name;
use crate::state::RegistryRead;
use crate::{errors, events, keys};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgDeprecateVersion {
    pub sender: Address,
    pub name: String,
    pub version: u32,
    pub reason: String,
}

#[async_trait]
impl MsgHandler for MsgDeprecateVersion {
    const TYPE_URL: &'static str = "/symbiote.registry.v1.MsgDeprecateVersion";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.registry.v1.MsgDeprecateVersionResponse";
    type Proto = pb::MsgDeprecateVersion;
    type Response = pb::MsgDeprecateVersionResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { sender: p.sender.parse()?, name: p.name, version: p.version, reason: p.reason })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgDeprecateVersion {
            sender: self.sender.to_string(),
            name: self.name.clone(),
            version: self.version,
            reason: self.reason.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.sender]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        check_name(&self.name)?;
        super::check_reason(&self.reason)
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        let model = state.existing_model(&self.name).await?;
        super::check_governor(&model, &self.sender)?;
        if state.existing_version(&self.name, self.version).await?.deprecated {
            return Err(errors::deprecated(format!("{}:{} is already deprecated", self.name, self.version)));
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        let mut v = state.existing_version(&self.name, self.version).await?;
        v.deprecated = true;
        v.deprecation_reason = self.reason.clone();
        // Only the deprecation flag changes: the model-id index stays as it is.
        state.put_proto(keys::version(&v.name, v.version), &v)?;
        state.record(events::version_deprecated(&self.name, self.version, &self.sender.to_string(), &self.reason));
        Ok(pb::MsgDeprecateVersionResponse {})
    }
}
