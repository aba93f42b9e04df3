//! The deterministic runtime: one optimized plan per model (cached by model hash), batch 1, one
//! thread, generic kernels; outputs converted to fixed point; a SHA-256 digest of every node's
//! outputs in plan order, so two verifiers that disagree can name the first node where they diverge.
//! Models with tree ensembles run their ensembles (and what follows them) natively, after tract has
//! computed the ensembles' inputs if the graph has anything before them ([`crate::native`]).

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};
use tract_onnx::prelude::*;
use tract_onnx::tract_core::plan::{eval, SimpleState};

use crate::native::{Program, Source};
use crate::validate::{validate, ModelReport, DEFAULT_MAX_MODEL_BYTES};
use crate::{fixed, EngineError};

type Plan = Arc<TypedSimplePlan>;

/// A validated model with its optimized plan and/or its native part.
pub struct LoadedModel {
    pub report: ModelReport,
    /// tract's plan: the whole model, or the part before the tree ensembles; None when the
    /// ensembles read the model input directly.
    plan: Option<Plan>,
    native: Option<Program>,
    datum: DatumType,
}

impl std::fmt::Debug for LoadedModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedModel").field("report", &self.report).finish_non_exhaustive()
    }
}

/// One output tensor. f32 outputs hold fixed-point values (`fixed::SCALE`); integer outputs hold
/// their integers unscaled.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FixedTensor {
    pub name: String,
    pub shape: Vec<usize>,
    pub fixed_point: bool,
    pub values: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NodeDigest {
    pub node: usize,
    pub name: String,
    pub sha256: [u8; 32],
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forward {
    pub outputs: Vec<FixedTensor>,
    pub node_digests: Vec<NodeDigest>,
}

impl Forward {
    /// The class scores: the first fixed-point output with more than one value (a classifier's
    /// probabilities), else the first fixed-point output (a regressor's value).
    pub fn scores(&self) -> Option<&FixedTensor> {
        let fixed: Vec<&FixedTensor> = self.outputs.iter().filter(|o| o.fixed_point).collect();
        fixed.iter().find(|o| o.values.len() > 1).or(fixed.first()).copied()
    }

    /// argmax of the fixed-point scores, lowest index on ties; None for single-valued outputs.
    /// Never tract's own label output (tract computes binary tree-ensemble labels wrongly).
    pub fn label(&self) -> Option<usize> {
        let scores = self.scores()?;
        if scores.values.len() < 2 {
            return None;
        }
        let mut best = 0;
        for (i, v) in scores.values.iter().enumerate() {
            if *v > scores.values[best] {
                best = i;
            }
        }
        Some(best)
    }
}

/// Exact tree Shapley values of one margin: `exact.numerators[i] / exact.denominator` per feature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeShapley {
    /// The explained margin at the input.
    pub value: i64,
    /// The explained margin at the reference row.
    pub base_value: i64,
    pub exact: crate::tree::shap::Exact,
}

/// Plans by model hash, and the hashes in insertion order for eviction.
#[derive(Default)]
struct PlanCache {
    plans: BTreeMap<String, Arc<LoadedModel>>,
    order: VecDeque<String>,
}

/// The engine: validation limits and a bounded plan cache.
pub struct Engine {
    max_model_bytes: usize,
    cache_size: usize,
    cache: Mutex<PlanCache>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_MODEL_BYTES, 16)
    }
}

impl Engine {
    pub fn new(max_model_bytes: usize, cache_size: usize) -> Self {
        Self { max_model_bytes, cache_size: cache_size.max(1), cache: Mutex::default() }
    }

    /// Validates and plans a model, or returns the cached plan for the same bytes.
    pub fn load(&self, bytes: &[u8]) -> Result<Arc<LoadedModel>, EngineError> {
        let hash = hex::encode(Sha256::digest(bytes));
        if let Some(m) = self.cache.lock().expect("plan cache lock").plans.get(&hash) {
            return Ok(m.clone());
        }
        let (report, compiled) = validate(bytes, self.max_model_bytes)?;
        let datum = datum_of(&report.input_type);
        let plan = match compiled.tract {
            Some(model) => Some(model.into_runnable().map_err(|e| EngineError::Unsupported(format!("{e:#}")))?),
            None => None,
        };
        let loaded = Arc::new(LoadedModel { report, plan, native: compiled.native, datum });
        let mut cache = self.cache.lock().expect("plan cache lock");
        if cache.plans.insert(hash.clone(), loaded.clone()).is_none() {
            cache.order.push_back(hash);
            while cache.order.len() > self.cache_size {
                if let Some(old) = cache.order.pop_front() {
                    cache.plans.remove(&old);
                }
            }
        }
        Ok(loaded)
    }
}

/// Model input: f32 features for f32 models, integers for integer models. The length must be the
/// feature count.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    F32(Vec<f32>),
    Int(Vec<i64>),
}

impl Input {
    pub fn len(&self) -> usize {
        match self {
            Input::F32(v) => v.len(),
            Input::Int(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The datum type of a validated input type name.
fn datum_of(input_type: &str) -> DatumType {
    match input_type {
        "f32" => f32::datum_type(),
        "i8" => i8::datum_type(),
        "i16" => i16::datum_type(),
        "i32" => i32::datum_type(),
        "i64" => i64::datum_type(),
        "u8" => u8::datum_type(),
        "u16" => u16::datum_type(),
        "u32" => u32::datum_type(),
        _ => u64::datum_type(),
    }
}

/// Checked narrowing of integer features to the model's input type: an error, not a wrap.
fn check_ints(datum: DatumType, v: &[i64]) -> Result<(), EngineError> {
    for (i, x) in v.iter().enumerate() {
        let fits = match datum {
            DatumType::I8 => i8::try_from(*x).is_ok(),
            DatumType::I16 => i16::try_from(*x).is_ok(),
            DatumType::I32 => i32::try_from(*x).is_ok(),
            DatumType::U8 => u8::try_from(*x).is_ok(),
            DatumType::U16 => u16::try_from(*x).is_ok(),
            DatumType::U32 => u32::try_from(*x).is_ok(),
            DatumType::U64 => *x >= 0,
            _ => true,
        };
        if !fits {
            return Err(EngineError::InputValue(format!("feature {i} = {x} does not fit {datum:?}")));
        }
    }
    Ok(())
}

/// A tract output as a fixed-point (f32) or integer tensor.
fn to_fixed(name: String, t: &Tensor) -> Result<FixedTensor, EngineError> {
    let run_err = |e: TractError| EngineError::Run(format!("{e:#}"));
    // Traces record labels and explained output indices (both indices into an output) as u32: an
    // output with more values could not be traced without truncating them.
    if u32::try_from(t.len()).is_err() {
        return Err(EngineError::Run(format!("output {name} has {} values, over u32::MAX", t.len())));
    }
    let shape = t.shape().to_vec();
    let (fixed_point, values) = if t.datum_type() == f32::datum_type() {
        let view = t.try_as_plain_ram().map_err(run_err)?;
        let slice = view.as_slice::<f32>().map_err(run_err)?;
        let values = slice
            .iter()
            .map(|x| {
                fixed::from_f32(*x)
                    .ok_or_else(|| EngineError::Run(format!("output {name} holds {x}, outside the fixed-point range")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        (true, values)
    } else {
        let ints = t.cast_to::<i64>().map_err(run_err)?;
        let view = ints.try_as_plain_ram().map_err(run_err)?;
        (false, view.as_slice::<i64>().map_err(run_err)?.to_vec())
    };
    Ok(FixedTensor { name, shape, fixed_point, values })
}

/// A tract output that feeds a tree ensemble, as f32 features (integers to the nearest f32, as
/// onnxruntime compares them).
fn features_of(t: &Tensor) -> Result<Vec<f32>, EngineError> {
    let run_err = |e: TractError| EngineError::Run(format!("{e:#}"));
    if t.datum_type() == f32::datum_type() {
        let view = t.try_as_plain_ram().map_err(run_err)?;
        return Ok(view.as_slice::<f32>().map_err(run_err)?.to_vec());
    }
    let ints = t.cast_to::<i64>().map_err(run_err)?;
    let view = ints.try_as_plain_ram().map_err(run_err)?;
    Ok(view.as_slice::<i64>().map_err(run_err)?.iter().map(|x| *x as f32).collect())
}

/// A stable tag for a datum type, without formatting on the hot path.
fn type_tag(dt: DatumType) -> std::borrow::Cow<'static, str> {
    match dt {
        DatumType::F32 => "F32".into(),
        DatumType::I64 => "I64".into(),
        DatumType::I32 => "I32".into(),
        DatumType::U8 => "U8".into(),
        DatumType::I8 => "I8".into(),
        DatumType::Bool => "Bool".into(),
        DatumType::String => "String".into(),
        other => format!("{other:?}").into(),
    }
}

/// SHA-256 over each output's datum type, shape and value: the raw little-endian bytes of plain
/// numeric tensors, the UTF-8 of string tensors (class labels; their raw bytes would be heap
/// pointers). tract's internal packed layouts have no plain bytes; they contribute type, shape and
/// an "opaque" marker, and the first plain node downstream still pins their effect.
fn digest(out: &TVec<TValue>) -> [u8; 32] {
    let mut h = Sha256::new();
    for t in out.iter() {
        h.update(type_tag(t.datum_type()).as_bytes());
        // usize → u64 is lossless (asserted in lib.rs).
        for d in t.shape() {
            h.update((*d as u64).to_le_bytes());
        }
        match t.as_plain_ram() {
            Some(view) if t.datum_type() == String::datum_type() => match view.as_slice::<String>() {
                Ok(strings) => {
                    for s in strings {
                        h.update((s.len() as u64).to_le_bytes());
                        h.update(s.as_bytes());
                    }
                }
                Err(_) => h.update(b"opaque"),
            },
            Some(view) if t.datum_type().is_copy() => h.update(view.as_bytes()),
            _ => h.update(b"opaque"),
        }
    }
    h.finalize().into()
}

impl LoadedModel {
    fn tensor(&self, input: &Input) -> Result<Tensor, EngineError> {
        let shape = &self.report.input_shape;
        if input.len() != self.report.feature_count {
            return Err(EngineError::InputLength { expected: self.report.feature_count, got: input.len() });
        }
        let bad = |e: TractError| EngineError::InputValue(format!("{e:#}"));
        match input {
            Input::F32(v) => {
                if let Some(i) = v.iter().position(|x| !x.is_finite()) {
                    return Err(EngineError::InputValue(format!("feature {i} is not a finite number")));
                }
                if self.datum != f32::datum_type() {
                    return Err(EngineError::InputValue(format!("model takes {:?} features, got f32", self.datum)));
                }
                Tensor::from_shape(shape, v).map_err(bad)
            }
            Input::Int(v) => {
                let t = Tensor::from_shape(shape, v).map_err(bad)?;
                if self.datum == f32::datum_type() {
                    return Err(EngineError::InputValue("model takes f32 features, got integers".into()));
                }
                check_ints(self.datum, v)?;
                t.cast_to_dt(self.datum).map(|c| c.into_owned()).map_err(bad)
            }
        }
    }

    /// One forward pass with node digests.
    pub fn run(&self, input: &Input) -> Result<Forward, EngineError> {
        self.forward(input, true)
    }

    /// One forward pass; node digests only if asked (explanations run many passes without them).
    pub fn forward(&self, input: &Input, with_digests: bool) -> Result<Forward, EngineError> {
        let mut digests = Vec::new();
        let Some(program) = &self.native else {
            let plan = self.plan.as_ref().expect("a model without a native part has a plan");
            let outputs = self.run_tract(plan, input, with_digests, &mut digests)?;
            let names = &self.report.outputs;
            let mut fixed_outputs = Vec::with_capacity(outputs.len());
            for (i, t) in outputs.iter().enumerate() {
                let name = names.get(i).cloned().unwrap_or_else(|| format!("output{i}"));
                fixed_outputs.push(to_fixed(name, t)?);
            }
            return Ok(Forward { outputs: fixed_outputs, node_digests: digests });
        };
        let (prefix, first_node) = match &self.plan {
            Some(plan) => (self.run_tract(plan, input, with_digests, &mut digests)?, plan.model().nodes().len()),
            None => (tvec![], 0),
        };
        // Ensembles reading the model input directly (with or without a prefix) get its features.
        let direct = if program.reads_input() { self.native_features(input)? } else { vec![] };
        let slots = program.run(
            |source| match source {
                Source::Input => Ok(std::borrow::Cow::Borrowed(direct.as_slice())),
                Source::Prefix(i) => features_of(&prefix[i]).map(std::borrow::Cow::Owned),
                Source::Slot(_) => unreachable!("ensembles read the input or the prefix"),
            },
            first_node,
            with_digests.then_some(&mut digests),
        )?;
        let mut outputs = Vec::with_capacity(program.outputs.len());
        for (source, name) in program.outputs.iter().zip(&self.report.outputs) {
            outputs.push(match source {
                Source::Slot(s) => {
                    let mut t =
                        slots[*s].clone().ok_or_else(|| EngineError::Run(format!("output {name} was not computed")))?;
                    t.name = name.clone();
                    t
                }
                Source::Prefix(i) => to_fixed(name.clone(), &prefix[*i])?,
                Source::Input => unreachable!("model outputs come from the prefix or the native part"),
            });
        }
        Ok(Forward { outputs, node_digests: digests })
    }

    /// Exact tree Shapley values ([`crate::tree::shap`]) of the margin behind value `output_index`
    /// of the scores output for `x` against the reference row `baseline`. Runs `x` once to find
    /// the scores output (as [`Forward::scores`] picks it), then the ensemble's features for `x`
    /// and `baseline` (tract's prefix when there is one), and the baseline once as a check that the
    /// model accepts it: at most five passes, two of them of the ensemble alone.
    pub fn tree_shapley(&self, x: &Input, baseline: &Input, output_index: usize) -> Result<TreeShapley, EngineError> {
        let Some(program) = &self.native else {
            return Err(EngineError::Explain(
                "tree Shapley explains tree ensembles; this model has none (use shapley_exact or shapley_sampled)"
                    .into(),
            ));
        };
        self.forward(baseline, false)?;
        let forward = self.forward(x, false)?;
        let scores = forward
            .scores()
            .ok_or_else(|| EngineError::Explain("the model has no fixed-point output to explain".into()))?;
        let position = forward.outputs.iter().position(|o| std::ptr::eq(o, scores)).expect("scores is an output");
        if output_index >= scores.values.len() {
            return Err(EngineError::Explain(format!(
                "output index {output_index} is out of range ({} values)",
                scores.values.len()
            )));
        }
        let (ensemble, source, margin) = program.explained_margin(position, output_index)?;
        let m = self.report.feature_count;
        if ensemble.n_features != m {
            return Err(EngineError::Explain(format!(
                "tree ensemble {:?} reads {} features, the model {m}: they are not the model's features one by one",
                ensemble.name, ensemble.n_features
            )));
        }
        let features = |input: &Input| -> Result<Vec<f32>, EngineError> {
            match source {
                Source::Input => self.native_features(input),
                Source::Prefix(i) => {
                    let plan = self.plan.as_ref().expect("a prefix source needs the prefix plan");
                    let prefix = self.run_tract(plan, input, false, &mut vec![])?;
                    features_of(&prefix[i])
                }
                Source::Slot(_) => unreachable!("ensembles read the input or the prefix"),
            }
        };
        let (fx, fb) = (features(x)?, features(baseline)?);
        let explained = |margins: &[i64]| {
            let v = margins[margin.index];
            if margin.negate {
                // Margins are i64 from checked sums; −i64::MIN is the one value without a negation.
                v.checked_neg().ok_or_else(|| EngineError::Explain("the negated margin overflows i64".into()))
            } else {
                Ok(v)
            }
        };
        let value = explained(&ensemble.evaluate(&fx)?.margins)?;
        let base_value = explained(&ensemble.evaluate(&fb)?.margins)?;
        let exact = crate::tree::shap::interventional(ensemble, margin, &fx, &fb, m)?;
        Ok(TreeShapley { value, base_value, exact })
    }

    /// Features for a model whose ensembles read the input directly: any f32 (NaN is a missing
    /// value), or integers that fit the input type, converted to the nearest f32.
    fn native_features(&self, input: &Input) -> Result<Vec<f32>, EngineError> {
        if input.len() != self.report.feature_count {
            return Err(EngineError::InputLength { expected: self.report.feature_count, got: input.len() });
        }
        match input {
            Input::F32(v) if self.datum == f32::datum_type() => Ok(v.clone()),
            Input::F32(_) => Err(EngineError::InputValue(format!("model takes {:?} features, got f32", self.datum))),
            Input::Int(_) if self.datum == f32::datum_type() => {
                Err(EngineError::InputValue("model takes f32 features, got integers".into()))
            }
            Input::Int(v) => {
                check_ints(self.datum, v)?;
                Ok(v.iter().map(|x| *x as f32).collect())
            }
        }
    }

    /// tract's pass with a digest of every plan node's outputs if asked.
    fn run_tract(
        &self,
        plan: &Plan,
        input: &Input,
        with_digests: bool,
        digests: &mut Vec<NodeDigest>,
    ) -> Result<TVec<TValue>, EngineError> {
        let tensor = self.tensor(input)?;
        let run_err = |e: TractError| EngineError::Run(format!("{e:#}"));
        let mut state = SimpleState::new(plan).map_err(run_err)?;
        state
            .run_plan_with_eval(tvec![tensor.into_tvalue()], |ctx, op_state, node, inputs| {
                let out = eval(ctx, op_state, node, inputs)?;
                if with_digests {
                    digests.push(NodeDigest { node: node.id, name: node.name.clone(), sha256: digest(&out) });
                }
                Ok::<_, TractError>(out)
            })
            .map_err(run_err)
    }
}
