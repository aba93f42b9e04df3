//! `MsgInfer`: a registered model run on a public feature vector inside the block, with its
//! explanation and trace.
//!
//! Stateless (a model reference, at most 4,096 features, a known explanation method, a valid max
//! fee) → stateful (the reference resolves at this block — the alias is recorded; the version is
//! not deprecated, code 3; the features parse for the model's input type, finite, as many as it
//! takes, code 4; the explanation's passes within `max_passes_per_inference`, code 6; the model's
//! fee within the max fee, code 5) → execute (gas = cost per pass × passes, charged before
//! anything runs; the fee paid to the model's owner; the engine runs under its deterministic
//! profile; the trace — with model name, version, alias, requester, height, tx hash — stored by
//! its id; an `inference` event).

use std::sync::LazyLock;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use symbiote_bank::BankWrite;
use symbiote_core::coin::{parse_amount, validate_denom};
use symbiote_core::store::WriteExt;
use symbiote_core::{Address, Coin, Coins, MsgContext, MsgHandler, SdkError, SdkResult};
use symbiote_engine::{explain, trace, Engine, EngineError, Input, Method};
use symbiote_proto::symbiote::inference::v1 as pb;
use symbiote_proto::symbiote::registry::v1 as registry_pb;
use symbiote_registry::{RegistryRead, Resolved};

use crate::state::{self, InferenceRead};
use crate::{errors, events};

/// One engine per process: its cache holds planned models by SHA-256, so a model used in many
/// blocks is planned once. Results never depend on the cache (the engine is deterministic).
static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::new(64 << 20, 16));

const METHODS: &[&str] = &["shapley_exact", "shapley_sampled", "occlusion", "shapley_tree"];
const MAX_FEATURES: usize = 4096;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgInfer {
    pub requester: Address,
    pub model: String,
    pub features: Vec<String>,
    pub explain: String,
    pub permutations: u32,
    pub max_fee: Option<ProtoCoin>,
}

/// What the stateful checks established.
struct Plan {
    resolved: Resolved,
    input: Input,
    method: Method,
    passes: u64,
    fee: Option<Coin>,
}

fn parse_input(features: &[String], input_type: &str, count: usize) -> SdkResult<Input> {
    if features.len() != count {
        return Err(errors::invalid_input(format!("the model takes {count} features, got {}", features.len())));
    }
    if input_type == "f32" {
        let values = features
            .iter()
            .enumerate()
            .map(|(i, v)| match v.trim().parse::<f32>() {
                Ok(x) if x.is_finite() => Ok(x),
                _ => Err(errors::invalid_input(format!("feature {i} is {v:?}, not a finite number"))),
            })
            .collect::<SdkResult<_>>()?;
        Ok(Input::F32(values))
    } else {
        let values = features
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.trim()
                    .parse::<i64>()
                    .map_err(|_| errors::invalid_input(format!("feature {i} is {v:?}, not an integer")))
            })
            .collect::<SdkResult<_>>()?;
        Ok(Input::Int(values))
    }
}

fn default_baseline(version: &registry_pb::ModelVersion, input_type: &str, count: usize) -> SdkResult<Input> {
    let given = version.explanation.as_ref().map(|e| e.baseline.clone()).unwrap_or_default();
    if given.is_empty() {
        return Ok(if input_type == "f32" { Input::F32(vec![0.0; count]) } else { Input::Int(vec![0; count]) });
    }
    // Checked at registration; a failure here is corruption.
    parse_input(&given, input_type, count).map_err(|_| SdkError::internal("a registered baseline does not parse"))
}

impl MsgInfer {
    async fn plan<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<Plan> {
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
        let input = parse_input(&self.features, &report.input_type, count)?;
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
        let fee = match &v.inference_fee {
            Some(f) if f.amount != "0" && !f.amount.is_empty() => {
                let fee =
                    Coin::new(f.denom.clone(), parse_amount(&f.amount).map_err(|_| SdkError::internal("stored fee"))?);
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
                Some(fee)
            }
            _ => None,
        };
        Ok(Plan { resolved, input, method, passes, fee })
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
        if !self.explain.is_empty() && !METHODS.contains(&self.explain.as_str()) {
            return Err(errors::invalid_request(format!("explain {:?}: one of {}", self.explain, METHODS.join(", "))));
        }
        if let Some(m) = &self.max_fee {
            validate_denom(&m.denom).map_err(|e| errors::invalid_request(format!("max_fee: {}", e.log)))?;
            parse_amount(&m.amount).map_err(|e| errors::invalid_request(format!("max_fee: {}", e.log)))?;
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<()> {
        self.plan(state, ctx).await.map(|_| ())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        let plan = self.plan(state, ctx).await?;
        let v = &plan.resolved.version;
        let report = v.report.clone().unwrap_or_default();
        let params = state.inference_params().await?;
        // Charged before anything runs: the forward pass plus the explanation's passes.
        let cost =
            report.cost_per_pass.saturating_mul(plan.passes.saturating_add(1)).saturating_mul(params.gas_per_cost_unit);
        state.consume_gas(cost, "inference")?;
        if let Some(fee) = &plan.fee {
            let owner: Address = state.existing_model(&v.name).await?.owner.parse()?;
            let coins: Coins = [fee.clone()].into_iter().collect::<SdkResult<Coins>>()?;
            state.send(&self.requester, &owner, &coins).await?;
        }
        let bytes = state.model_bytes(v).await?;
        let model = ENGINE.load(&bytes).map_err(engine_error)?;
        let forward = model.run(&plan.input).map_err(engine_error)?;
        let count = plan.input.len();
        let baseline = default_baseline(v, &report.input_type, count)?;
        let target = forward.label().unwrap_or(0);
        let explanation = explain(&model, &plan.input, &baseline, target, plan.method, params.max_passes_per_inference)
            .map_err(engine_error)?;
        let mut t = trace::build(
            &model,
            &v.version.to_string(),
            &plan.input,
            true,
            &forward,
            Some((&explanation, &baseline, plan.method)),
        );
        if let Some(e) = t.explanation.as_mut() {
            e.feature_names = v.features.iter().map(|f| f.name.clone()).collect();
        }
        t.model_name = v.name.clone();
        t.alias = plan.resolved.alias.clone().unwrap_or_default();
        t.requester = self.requester.to_string();
        t.height = ctx.height;
        t.tx_hash = ctx.tx_hash.to_vec();
        let id = trace::trace_id(&t);
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
