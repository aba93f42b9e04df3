//! `MsgSetAlias`: points `name@alias` at a version (or removes it, version 0). Stateless (alias
//! well formed, reason within 1024 bytes) → stateful (the model exists; the signer governs it —
//! its owner, or governance for a community model; the version exists and is not deprecated) →
//! execute (the alias moved, the move appended to the history with height, signer and reason).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::registry::v1 as pb;

use crate::refs::{check_alias, check_name};
use crate::state::{self, RegistryRead};
use crate::{errors, events};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgSetAlias {
    pub sender: Address,
    pub name: String,
    pub alias: String,
    pub version: u32,
    pub reason: String,
}

#[async_trait]
impl MsgHandler for MsgSetAlias {
    const TYPE_URL: &'static str = "/symbiote.registry.v1.MsgSetAlias";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.registry.v1.MsgSetAliasResponse";
    type Proto = pb::MsgSetAlias;
    type Response = pb::MsgSetAliasResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { sender: p.sender.parse()?, name: p.name, alias: p.alias, version: p.version, reason: p.reason })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgSetAlias {
            sender: self.sender.to_string(),
            name: self.name.clone(),
            alias: self.alias.clone(),
            version: self.version,
            reason: self.reason.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.sender]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        check_name(&self.name)?;
        check_alias(&self.alias)?;
        super::check_reason(&self.reason)
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        let model = state.existing_model(&self.name).await?;
        super::check_governor(&model, &self.sender)?;
        if self.version == 0 {
            if state.alias(&self.name, &self.alias).await?.is_none() {
                return Err(errors::unknown_alias(format!(
                    "model {:?} has no alias {:?} to remove",
                    self.name, self.alias
                )));
            }
            return Ok(());
        }
        let v = state.existing_version(&self.name, self.version).await?;
        if v.deprecated {
            return Err(errors::deprecated(format!("{}:{} is deprecated: no new aliases", self.name, self.version)));
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let previous = state.alias(&self.name, &self.alias).await?.map_or(0, |a| a.version);
        if self.version == 0 {
            state::remove_alias(state, &self.name, &self.alias)?;
        } else {
            let alias = pb::Alias { name: self.name.clone(), alias: self.alias.clone(), version: self.version };
            state::put_alias(state, &alias)?;
        }
        let change = pb::AliasChange {
            alias: self.alias.clone(),
            version: self.version,
            previous_version: previous,
            height: ctx.height,
            by: self.sender.to_string(),
            reason: self.reason.clone(),
        };
        state::push_alias_change(state, &self.name, &change).await?;
        state.record(events::alias_set(&self.name, &change));
        Ok(pb::MsgSetAliasResponse {})
    }
}
