//! `MsgRegisterDataset`: stateless (a 32-byte root, at least one record, a schema of unique named
//! fields of known types, a 32-byte policy hash or none) → stateful (within the params' limits) →
//! execute (the next dataset id; the owner, optionally a controller, recorded).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_proto::symbiote::consent::v1 as pb;

use crate::state::{self, ConsentRead};
use crate::{errors, events};

/// The field types a schema may declare.
pub const FIELD_TYPES: &[&str] = &["int", "decimal", "string", "bool", "category"];

#[derive(Clone, Debug, PartialEq)]
pub struct MsgRegisterDataset {
    pub owner: Address,
    pub controller: Option<Address>,
    pub proto: pb::MsgRegisterDataset,
}

#[async_trait]
impl MsgHandler for MsgRegisterDataset {
    const TYPE_URL: &'static str = "/symbiote.consent.v1.MsgRegisterDataset";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.consent.v1.MsgRegisterDatasetResponse";
    type Proto = pb::MsgRegisterDataset;
    type Response = pb::MsgRegisterDatasetResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        let owner = p.owner.parse()?;
        let controller = if p.controller.is_empty() { None } else { Some(p.controller.parse()?) };
        Ok(Self { owner, controller, proto: p })
    }

    fn to_proto(&self) -> Self::Proto {
        self.proto.clone()
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        let p = &self.proto;
        if p.merkle_root.len() != 32 {
            return Err(errors::invalid_dataset(format!("merkle_root must be 32 bytes, got {}", p.merkle_root.len())));
        }
        if p.record_count == 0 {
            return Err(errors::invalid_dataset("a dataset commits to at least one record"));
        }
        if !(p.policy_hash.is_empty() || p.policy_hash.len() == 32) {
            return Err(errors::invalid_dataset("policy_hash must be a 32-byte SHA-256 or empty"));
        }
        if p.schema.is_empty() {
            return Err(errors::invalid_dataset("the schema needs at least one field"));
        }
        for (i, f) in p.schema.iter().enumerate() {
            if f.name.trim().is_empty() || f.name.trim() != f.name {
                return Err(errors::invalid_dataset(format!("field {i} has an empty or padded name {:?}", f.name)));
            }
            if !FIELD_TYPES.contains(&f.r#type.as_str()) {
                return Err(errors::invalid_dataset(format!(
                    "field {:?} has type {:?}; types are {}",
                    f.name,
                    f.r#type,
                    FIELD_TYPES.join(", ")
                )));
            }
            if p.schema[..i].iter().any(|g| g.name == f.name) {
                return Err(errors::invalid_dataset(format!("field {:?} appears twice", f.name)));
            }
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        let params = state.consent_params().await?;
        let p = &self.proto;
        if p.record_count > params.max_records {
            return Err(errors::invalid_dataset(format!(
                "{} records, over the limit of {}",
                p.record_count, params.max_records
            )));
        }
        if p.schema.len() > params.max_fields as usize {
            return Err(errors::invalid_dataset(format!(
                "{} fields, over the limit of {}",
                p.schema.len(),
                params.max_fields
            )));
        }
        params.check_text("name", &p.name, errors::invalid_dataset)?;
        for f in &p.schema {
            params.check_text("field name", &f.name, errors::invalid_dataset)?;
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let id = state::take_id(state, state::DATASET).await?;
        let p = &self.proto;
        let dataset = pb::Dataset {
            id,
            owner: self.owner.to_string(),
            controller: self.controller.map(|c| c.to_string()).unwrap_or_default(),
            name: p.name.clone(),
            merkle_root: p.merkle_root.clone(),
            record_count: p.record_count,
            schema: p.schema.clone(),
            policy_hash: p.policy_hash.clone(),
            created_height: ctx.height,
            audit: p.audit,
        };
        state::put_dataset(state, &dataset)?;
        state.record(events::dataset_registered(&dataset));
        Ok(pb::MsgRegisterDatasetResponse { dataset_id: id })
    }
}
