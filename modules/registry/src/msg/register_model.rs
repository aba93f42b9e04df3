//! `MsgRegisterModel`: the next version of a model (version 1 claims the name).
//!
//! Stateless (name, 32-byte model id and chunk hashes, metadata well formed) → stateful (the name
//! is free, or the signer owns it — anyone may add a candidate version to a community model, only
//! governance points an alias at it; a parent version that exists; bytes not registered before;
//! every chunk uploaded and not expired, code 8; the total within `max_model_bytes`, code 9; each
//! training dataset under a consent that permits `training` by the signer for the declared
//! purpose, [`symbiote_consent::check_use`]) → execute (the chunks hash to the model id, code 10;
//! the engine accepts the bytes, code 11, charging `validation_gas_per_byte`; the schemas and the
//! default explanation fit its report; the version stored immutable, its chunks kept for good, a
//! consent receipt per training dataset).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use sha2::{Digest, Sha256};
use symbiote_consent::{check_use, record_use, ModelUse, UseAt, UseRequest};
use symbiote_core::store::WriteExt;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkResult};
use symbiote_engine::EngineError;
use symbiote_proto::symbiote::registry::v1 as pb;

use super::{COMMUNITY, OWNER};
use crate::metadata;
use crate::refs::check_name;
use crate::state::{self, RegistryRead};
use crate::{errors, events};

#[derive(Clone, Debug, PartialEq)]
pub struct MsgRegisterModel {
    pub owner: Address,
    pub proto: pb::MsgRegisterModel,
}

/// What the stateful checks established.
struct Plan {
    version: u32,
    model: Option<pb::Model>,
    size: u64,
    training: Vec<(UseRequest, symbiote_consent::Permit)>,
}

impl MsgRegisterModel {
    fn training_request(&self, t: &pb::TrainingData) -> UseRequest {
        UseRequest {
            requester: self.owner,
            consent_id: t.consent_id,
            use_: symbiote_consent::Use::Training,
            purpose: t.purpose.clone().unwrap_or_default(),
            model: Some(ModelUse {
                name: self.proto.name.clone(),
                model_id: hex::encode(&self.proto.model_id),
                features: None,
            }),
            disclosure: None,
        }
    }

    async fn plan<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<Plan> {
        let p = &self.proto;
        let params = state.registry_params().await?;
        metadata::check_sizes(p, &params)?;
        let model = state.model(&p.name).await?;
        if let Some(m) = &model {
            if m.governance != COMMUNITY && m.owner != self.owner.to_string() {
                return Err(errors::unauthorized(format!("the name {:?} belongs to {}", p.name, m.owner)));
            }
        }
        let latest = model.as_ref().map_or(0, |m| m.latest_version);
        let version = latest.checked_add(1).ok_or_else(|| errors::invalid_lineage("version numbers exhausted"))?;
        let parent = p.lineage.as_ref().map_or(0, |l| l.parent_version);
        if parent != 0 && (parent > latest || state.model_version(&p.name, parent).await?.is_none()) {
            return Err(errors::invalid_lineage(format!("model {:?} has no version {parent} to derive from", p.name)));
        }
        if let Some(v) = state.version_by_id(&p.model_id).await? {
            return Err(errors::already_registered(format!("these bytes are {}:{}", v.name, v.version)));
        }
        let mut size = 0u64;
        for sha in &p.chunks {
            let len = match state.pending_chunk(sha).await? {
                Some(pending) => pending.size,
                None => state.chunk(sha).await?.map(|c| c.len() as u64).ok_or_else(|| {
                    errors::missing_chunk(format!("no chunk {} (upload it, or it expired)", hex::encode(sha)))
                })?,
            };
            size = size.saturating_add(len);
        }
        if size > params.max_model_bytes {
            return Err(errors::model_too_large(format!(
                "{size} bytes, over the {}-byte limit",
                params.max_model_bytes
            )));
        }
        let mut training = Vec::new();
        for t in p.lineage.iter().flat_map(|l| &l.training) {
            let request = self.training_request(t);
            let permit = check_use(state, &request, ctx.time).await?;
            if permit.dataset.id != t.dataset_id {
                return Err(errors::invalid_lineage(format!(
                    "consent {} is for dataset {}, not {}",
                    t.consent_id, permit.dataset.id, t.dataset_id
                )));
            }
            training.push((request, permit));
        }
        Ok(Plan { version, model, size, training })
    }
}

#[async_trait]
impl MsgHandler for MsgRegisterModel {
    const TYPE_URL: &'static str = "/symbiote.registry.v1.MsgRegisterModel";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.registry.v1.MsgRegisterModelResponse";
    type Proto = pb::MsgRegisterModel;
    type Response = pb::MsgRegisterModelResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { owner: p.owner.parse()?, proto: p })
    }

    fn to_proto(&self) -> Self::Proto {
        self.proto.clone()
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        let p = &self.proto;
        check_name(&p.name)?;
        if p.model_id.len() != 32 {
            return Err(errors::model_id_mismatch("the model id is the 32-byte SHA-256 of the ONNX bytes"));
        }
        if p.chunks.is_empty() || p.chunks.iter().any(|c| c.len() != 32) {
            return Err(errors::missing_chunk("list the SHA-256 (32 bytes) of every uploaded chunk, in order"));
        }
        metadata::check_stateless(p)
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<()> {
        self.plan(state, ctx).await.map(|_| ())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let plan = self.plan(state, ctx).await?;
        let p = &self.proto;
        let params = state.registry_params().await?;
        let mut bytes = Vec::with_capacity(usize::try_from(plan.size).unwrap_or(0));
        for sha in &p.chunks {
            bytes.extend(state.chunk(sha).await?.ok_or_else(|| state::corrupt("a planned chunk vanished"))?);
        }
        let actual = Sha256::digest(&bytes);
        if actual.as_slice() != p.model_id.as_slice() {
            return Err(errors::model_id_mismatch(format!(
                "the chunks hash to {}, not {}",
                hex::encode(actual),
                hex::encode(&p.model_id)
            )));
        }
        state.consume_gas(params.validation_gas_per_byte.saturating_mul(plan.size), "model validation")?;
        let limit = usize::try_from(params.max_model_bytes).unwrap_or(usize::MAX);
        let (report, _) = symbiote_engine::validate(&bytes, limit).map_err(|e| match e {
            EngineError::TooLarge { .. } => errors::model_too_large(e),
            // The engine's profile is checked at start-up: losing it now is the node's problem.
            EngineError::Profile(_) => symbiote_core::SdkError::internal(e),
            e => errors::invalid_model(e),
        })?;
        metadata::check_against_report(p, &report, &params)?;

        let version = pb::ModelVersion {
            name: p.name.clone(),
            version: plan.version,
            model_id: p.model_id.clone(),
            size_bytes: plan.size,
            chunks: p.chunks.clone(),
            report: Some(metadata::report_proto(&report)),
            card: p.card.clone(),
            features: p.features.clone(),
            output: p.output.clone(),
            explanation: p.explanation.clone(),
            inference_fee: p.inference_fee.clone(),
            lineage: p.lineage.clone(),
            registrant: self.owner.to_string(),
            height: ctx.height,
            deprecated: false,
            deprecation_reason: String::new(),
        };
        let model = match plan.model {
            Some(m) => pb::Model { latest_version: plan.version, ..m },
            None => pb::Model {
                name: p.name.clone(),
                owner: self.owner.to_string(),
                governance: OWNER.to_string(),
                latest_version: plan.version,
                created_height: ctx.height,
            },
        };
        state::put_version(state, &version)?;
        state::put_model(state, &model)?;
        for sha in &p.chunks {
            state::keep_chunk(state, sha).await?;
        }
        let at = UseAt { height: ctx.height, time: Some(ctx.time), tx_hash: ctx.tx_hash, trace_id: String::new() };
        for (request, permit) in plan.training {
            record_use(state, &request, permit, &at).await?;
        }
        state.record(events::model_registered(&version));
        Ok(pb::MsgRegisterModelResponse { version: plan.version, model_id: p.model_id.clone() })
    }
}
