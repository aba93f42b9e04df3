//! `MsgInfer`: a registered model run inside the block on a public feature vector or on records
//! disclosed under consent, with its explanation and trace.
//!
//! Stateless (a model reference; one input — at most 4,096 public features, or 1 to 16 disclosed
//! records with a declared purpose; a known explanation method; a valid max fee) → plan, the
//! first thing `execute` does, before any write (the reference resolves at this block — the alias
//! is recorded; the version is not deprecated, code 3; each record passes the consent ledger's one
//! check for an inference use with this model and purpose — consent codes 4, 7–17; the input
//! parses for the model, each feature given once and finite, code 4; the explanation's passes
//! within `max_passes_per_inference`, code 6; the block's engine-cost budget not spent, code 8;
//! the model's fee within the max fee, code 5) → execute (gas = cost per pass × passes, charged
//! before anything runs; the fee split and accrued, [`crate::rewards`]; the engine's outcome, from
//! the block's prepared jobs or computed here, [`crate::prepare`]; a consent receipt per record
//! naming the trace, and the trace naming the receipts; the trace stored by its id; an
//! `inference` event).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use symbiote_consent::terms::purpose_from_proto;
use symbiote_consent::{check_use, record_use, ConsentRead, ModelUse, Permit, Use, UseAt, UseRequest};
use symbiote_core::coin::{parse_amount, validate_denom};
use symbiote_core::store::WriteExt;
use symbiote_core::{Address, Coin, MsgContext, MsgHandler, SdkError, SdkResult};
use symbiote_engine::{trace, EngineError, Input, Method};
use symbiote_proto::symbiote::consent::v1 as consent_pb;
use symbiote_proto::symbiote::inference::v1 as pb;
use symbiote_registry::msg::COMMUNITY;
use symbiote_registry::{RegistryRead, Resolved};

use crate::input::{baseline, features_from_records, parse_features};
use crate::prepare::{self, Job, ENGINE};
use crate::rewards::{self, Recipients};
use crate::state::{self, InferenceRead};
use crate::Params;
use crate::{errors, events};

const METHODS: &[&str] = &["shapley_exact", "shapley_sampled", "occlusion", "shapley_tree"];
const MAX_FEATURES: usize = 4096;
pub const MAX_RECORDS: usize = 16;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgInfer {
    pub requester: Address,
    pub model: String,
    /// A public input (empty when `records` is the input).
    pub features: Vec<String>,
    /// Records disclosed under consents (empty when `features` is the input).
    pub records: Vec<pb::RecordInput>,
    pub purpose: Option<consent_pb::Purpose>,
    pub explain: String,
    pub permutations: u32,
    pub max_fee: Option<ProtoCoin>,
}

/// What the stateful checks established.
pub(crate) struct Plan {
    resolved: Resolved,
    input: Input,
    method: Method,
    /// Engine cost units: cost per pass × (the forward pass + the explanation's passes).
    pub(crate) cost: u64,
    fee: Option<Coin>,
    /// Each record's consent check, in request order.
    uses: Vec<(UseRequest, Permit)>,
    params: Params,
}

impl MsgInfer {
    /// A request on public features with the model's default explanation.
    pub fn on_features(requester: Address, model: &str, features: &[&str], max_fee: ProtoCoin) -> Self {
        Self {
            requester,
            model: model.into(),
            features: features.iter().map(|f| f.to_string()).collect(),
            records: vec![],
            purpose: None,
            explain: String::new(),
            permutations: 0,
            max_fee: Some(max_fee),
        }
    }

    fn use_request(&self, record: &pb::RecordInput, model: &ModelUse) -> UseRequest {
        UseRequest {
            requester: self.requester,
            consent_id: record.consent_id,
            use_: Use::Inference,
            purpose: self.purpose.clone().unwrap_or_default(),
            model: Some(model.clone()),
            disclosure: record.disclosure.clone(),
        }
    }

    pub(crate) async fn plan<S: StateRead + ?Sized>(&self, state: &S, ctx: &MsgContext) -> SdkResult<Plan> {
        let resolved = state.resolve(&self.model).await?;
        let v = &resolved.version;
        if v.deprecated {
            return Err(errors::deprecated(format!(
                "{}:{} is deprecated: {}",
                v.name, v.version, v.deprecation_reason
            )));
        }
        let report = v.report.clone().ok_or_else(|| SdkError::internal("a version without its report"))?;
        let count = usize::try_from(report.feature_count).map_err(|_| SdkError::internal("feature count"))?;

        let model_use = ModelUse {
            name: v.name.clone(),
            model_id: hex::encode(&v.model_id),
            features: Some(v.features.iter().map(|f| f.name.clone()).collect()),
        };
        let mut uses = Vec::with_capacity(self.records.len());
        for record in &self.records {
            let request = self.use_request(record, &model_use);
            let permit = check_use(state, &request, ctx.time).await?;
            uses.push((request, permit));
        }
        let features =
            if self.records.is_empty() { self.features.clone() } else { features_from_records(&v.features, &uses)? };
        let input = parse_features(&features, &report.input_type, count)?;

        let default = v.explanation.clone().unwrap_or_default();
        let method_name = if self.explain.is_empty() { default.method.as_str() } else { self.explain.as_str() };
        let method = match method_name {
            "shapley_exact" => Method::Exact,
            "occlusion" => Method::Occlusion,
            "shapley_tree" => Method::Tree,
            _ => Method::Sampled {
                seed: ctx.tx_hash,
                permutations: if self.permutations == 0 { default.sample_budget } else { self.permutations },
            },
        };
        let passes = method.passes(count).map_err(|e| errors::over_budget(e.to_string()))?;
        let params = state.inference_params().await?;
        if passes > params.max_passes_per_inference {
            return Err(errors::over_budget(format!(
                "{} of {count} features needs {passes} passes, over {}",
                method.name(),
                params.max_passes_per_inference
            )));
        }
        let cost = report.cost_per_pass.saturating_mul(passes.saturating_add(1));
        let spent = state.block_cost(ctx.height);
        if params.max_block_cost > 0 && spent.saturating_add(cost) > params.max_block_cost {
            return Err(errors::block_budget_spent(format!(
                "this inference costs {cost} units; the block has run {spent} of its {}: retry in a later block",
                params.max_block_cost
            )));
        }
        let fee = self.fee(v)?;
        Ok(Plan { resolved, input, method, cost, fee, uses, params })
    }

    /// The pure part of the planned inference: the loaded model, input, baseline, method, budget.
    pub(crate) async fn job<S: StateRead + ?Sized>(state: &S, plan: &Plan, max_passes: u64) -> SdkResult<Job> {
        let v = &plan.resolved.version;
        let report = v.report.clone().unwrap_or_default();
        let bytes = state.model_bytes(v).await?;
        let model = ENGINE.load(&bytes).map_err(engine_error)?;
        let baseline = baseline(v, &report.input_type, plan.input.len())?;
        Ok(Job { model, input: plan.input.clone(), baseline, method: plan.method, max_passes })
    }

    /// The model's inference fee, if it charges one, checked against the max fee (code 5).
    fn fee(&self, v: &symbiote_proto::symbiote::registry::v1::ModelVersion) -> SdkResult<Option<Coin>> {
        let Some(f) = v.inference_fee.as_ref().filter(|f| !f.amount.is_empty() && f.amount != "0") else {
            return Ok(None);
        };
        let fee = Coin::new(f.denom.clone(), parse_amount(&f.amount).map_err(|_| SdkError::internal("stored fee"))?);
        let max = self.max_fee.as_ref().filter(|m| m.denom == fee.denom);
        let max_amount = max.map(|m| parse_amount(&m.amount)).transpose()?;
        if max_amount.is_none_or(|m| m < fee.amount) {
            return Err(errors::fee_too_low(format!(
                "{}:{} charges {}{}; the request allows {}",
                v.name,
                v.version,
                fee.amount,
                fee.denom,
                self.max_fee.as_ref().map_or("nothing".to_string(), |m| format!("{}{}", m.amount, m.denom))
            )));
        }
        Ok(Some(fee))
    }

    /// Who shares the fee: the model's owner (unless it is the community's), each disclosed
    /// record's owner, and the owners of its training datasets by record count.
    async fn recipients<S: StateRead + ?Sized>(&self, state: &S, plan: &Plan) -> SdkResult<Recipients> {
        let v = &plan.resolved.version;
        let model = state.existing_model(&v.name).await?;
        let owner = if model.governance == COMMUNITY { None } else { Some(model.owner.parse()?) };
        let records = plan.uses.iter().map(|(_, p)| p.dataset.owner.parse()).collect::<SdkResult<_>>()?;
        let mut training = Vec::new();
        for t in v.lineage.iter().flat_map(|l| &l.training) {
            let dataset = state
                .dataset(t.dataset_id)
                .await?
                .ok_or_else(|| SdkError::internal(format!("lineage names a missing dataset {}", t.dataset_id)))?;
            training.push((dataset.owner.parse()?, dataset.record_count));
        }
        Ok(Recipients { owner, records, training })
    }
}

#[async_trait]
impl MsgHandler for MsgInfer {
    const TYPE_URL: &'static str = "/symbiote.inference.v1.MsgInfer";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.inference.v1.MsgInferResponse";
    type Proto = pb::MsgInfer;
    type Response = pb::MsgInferResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self {
            requester: p.requester.parse()?,
            model: p.model,
            features: p.features,
            records: p.records,
            purpose: p.purpose,
            explain: p.explain,
            permutations: p.permutations,
            max_fee: p.max_fee,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgInfer {
            requester: self.requester.to_string(),
            model: self.model.clone(),
            features: self.features.clone(),
            records: self.records.clone(),
            purpose: self.purpose.clone(),
            explain: self.explain.clone(),
            permutations: self.permutations,
            max_fee: self.max_fee.clone(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.requester]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.model.is_empty() || self.model.len() > 256 {
            return Err(errors::invalid_request("model: name@alias, name:version or a model id"));
        }
        if self.features.len() > MAX_FEATURES || self.features.iter().any(|f| f.len() > 64) {
            return Err(errors::invalid_input(format!("at most {MAX_FEATURES} features of at most 64 characters")));
        }
        if !self.features.is_empty() && !self.records.is_empty() {
            return Err(errors::invalid_request("the input is public features or disclosed records, not both"));
        }
        if self.records.len() > MAX_RECORDS {
            return Err(errors::invalid_request(format!("at most {MAX_RECORDS} records per inference")));
        }
        if self.records.iter().any(|r| r.disclosure.is_none()) {
            return Err(errors::invalid_request("each record needs its disclosure"));
        }
        match &self.purpose {
            Some(p) => purpose_from_proto(p).map(|_| ())?,
            None if !self.records.is_empty() => {
                return Err(errors::invalid_request("records are used for a declared purpose: give one"))
            }
            None => {}
        }
        if !self.explain.is_empty() && !METHODS.contains(&self.explain.as_str()) {
            return Err(errors::invalid_request(format!("explain {:?}: one of {}", self.explain, METHODS.join(", "))));
        }
        if let Some(m) = &self.max_fee {
            validate_denom(&m.denom).map_err(|e| errors::invalid_request(format!("max_fee: {}", e.log)))?;
            parse_amount(&m.amount).map_err(|e| errors::invalid_request(format!("max_fee: {}", e.log)))?;
        }
        Ok(())
    }

    /// Nothing here: `execute` plans first, before it writes anything, and the executor runs the
    /// two back to back on the same state, so planning here too would only double the reads.
    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let plan = self.plan(state, ctx).await?;
        let v = &plan.resolved.version;
        let params = plan.params.clone();
        // Charged before anything runs: the forward pass plus the explanation's passes.
        state.consume_gas(plan.cost.saturating_mul(params.gas_per_cost_unit), "inference")?;
        state::add_block_cost(state, ctx.height, plan.cost);
        if let Some(fee) = &plan.fee {
            let to = self.recipients(state, &plan).await?;
            rewards::pay(state, &params, &self.requester, fee, &to).await?;
        }

        let job = Self::job(state, &plan, params.max_passes_per_inference).await?;
        let (forward, explanation) = prepare::outcome(state, ctx.height, &job).map_err(engine_error)?;
        let mut t = trace::build(
            &job.model,
            &v.version.to_string(),
            &job.input,
            true,
            &forward,
            Some((&explanation, &job.baseline, job.method)),
        );
        if let Some(e) = t.explanation.as_mut() {
            e.feature_names = v.features.iter().map(|f| f.name.clone()).collect();
        }
        t.model_name = v.name.clone();
        t.alias = plan.resolved.alias.clone().unwrap_or_default();
        t.requester = self.requester.to_string();
        t.height = ctx.height;
        t.tx_hash = ctx.tx_hash.to_vec();
        t.purpose = self.purpose.clone();
        t.consent_ids = plan.uses.iter().map(|(r, _)| r.consent_id).collect();
        // The trace names its receipts and each receipt names the trace: the receipts' ids are
        // known before they are written (the next ids, taken in request order below).
        let first = state.next_receipt_id().await?;
        t.receipt_ids = (0..plan.uses.len() as u64).map(|i| first + i).collect();
        let id = trace::trace_id(&t);

        let at = UseAt { height: ctx.height, time: Some(ctx.time), tx_hash: ctx.tx_hash, trace_id: hex::encode(id) };
        for ((request, _), expected) in plan.uses.iter().zip(&t.receipt_ids) {
            // Checked again against the state as each earlier record left it (two records under
            // one consent count two uses).
            let permit = check_use(state, request, ctx.time).await?;
            let receipt = record_use(state, request, permit, &at).await?;
            if receipt != *expected {
                return Err(SdkError::internal(format!("receipt {receipt} written where {expected} was named")));
            }
        }
        state::put_trace(state, &id, &t)?;
        state.record(events::decided(&id, &t));
        Ok(pb::MsgInferResponse { trace_id: id.to_vec(), label: t.label })
    }
}

/// The engine's refusals of an input are the requester's; a lost profile is the node's.
fn engine_error(e: EngineError) -> SdkError {
    match e {
        EngineError::Profile(_) => SdkError::internal(e),
        EngineError::InputLength { .. } | EngineError::InputValue(_) => errors::invalid_input(e),
        EngineError::Budget { .. } => errors::over_budget(e),
        e => errors::failed(e),
    }
}
