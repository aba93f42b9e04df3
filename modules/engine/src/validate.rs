//! Model validation: what a model registration runs before any model is accepted.
//!
//! Each rule rejects with an error naming the offender. The op allowlist holds only ops whose f32
//! results tract computes itself (no system libm) and that the profile makes identical across CPUs,
//! plus the integer-quantized ops measured bit-identical (shared/notes/determinism.md), plus the
//! tree ensembles, which the engine evaluates itself ([`crate::tree`]; how a graph with ensembles is
//! split between tract and the native evaluator: [`crate::native`]). Tree ensembles are checked by
//! the rules of [`crate::tree::TreeRule`] and reported in [`ModelReport::tree_ensembles`].

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};
use tract_onnx::pb::tensor_proto::DataType;
use tract_onnx::pb::tensor_shape_proto::dimension::Value as Dim;
use tract_onnx::pb::type_proto::Value as TypeValue;
use tract_onnx::pb::{ModelProto, NodeProto, TensorProto};
use tract_onnx::prelude::*;

use crate::native::{self, Program, Source};
use crate::tree::TreeRule;
use crate::EngineError;

pub const DEFAULT_MAX_MODEL_BYTES: usize = 4 * 1024 * 1024;

/// `(domain, op_type)` pairs a model may use. The empty domain is standard ONNX (`ai.onnx`).
pub const ALLOWED_OPS: &[(&str, &str)] = &[
    ("", "Abs"),
    ("", "Add"),
    ("", "ArgMax"),
    ("", "Cast"),
    ("", "Clip"),
    ("", "Concat"),
    ("", "Constant"),
    ("", "DequantizeLinear"),
    ("", "Div"),
    ("", "DynamicQuantizeLinear"),
    ("", "Equal"),
    ("", "Erf"),
    ("", "Exp"),
    ("", "Flatten"),
    ("", "Gather"),
    ("", "Gemm"),
    ("", "Greater"),
    ("", "Identity"),
    ("", "LeakyRelu"),
    ("", "Less"),
    ("", "Log"),
    ("", "MatMul"),
    ("", "MatMulInteger"),
    ("", "Max"),
    ("", "Min"),
    ("", "Mul"),
    ("", "Neg"),
    ("", "QLinearMatMul"),
    ("", "QuantizeLinear"),
    ("", "Reciprocal"),
    ("", "ReduceMax"),
    ("", "ReduceMean"),
    ("", "ReduceSum"),
    ("", "Relu"),
    ("", "Reshape"),
    ("", "Shape"),
    ("", "Sigmoid"),
    ("", "Slice"),
    ("", "Softmax"),
    ("", "Sqrt"),
    ("", "Squeeze"),
    ("", "Sub"),
    ("", "Sum"),
    ("", "Tanh"),
    ("", "Transpose"),
    ("", "Unsqueeze"),
    ("", "Where"),
    ("ai.onnx.ml", "ArrayFeatureExtractor"),
    ("ai.onnx.ml", "LinearClassifier"),
    ("ai.onnx.ml", "LinearRegressor"),
    ("ai.onnx.ml", "Normalizer"),
    ("ai.onnx.ml", "TreeEnsembleClassifier"),
    ("ai.onnx.ml", "TreeEnsembleRegressor"),
];

/// Element types a model's input may have.
fn input_type_name(elem_type: i32) -> Option<&'static str> {
    match DataType::try_from(elem_type).ok()? {
        DataType::Float => Some("f32"),
        DataType::Int8 => Some("i8"),
        DataType::Int16 => Some("i16"),
        DataType::Int32 => Some("i32"),
        DataType::Int64 => Some("i64"),
        DataType::Uint8 => Some("u8"),
        DataType::Uint16 => Some("u16"),
        DataType::Uint32 => Some("u32"),
        DataType::Uint64 => Some("u64"),
        _ => None,
    }
}

fn is_wide_or_half_float(elem_type: i32) -> bool {
    matches!(DataType::try_from(elem_type), Ok(DataType::Double | DataType::Float16 | DataType::Bfloat16))
}

fn type_label(elem_type: i32) -> String {
    DataType::try_from(elem_type)
        .map(|d| format!("{d:?}").to_lowercase())
        .unwrap_or_else(|_| format!("type {elem_type}"))
}

/// What validation learned about a model.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ModelReport {
    pub sha256: String,
    pub size_bytes: usize,
    /// Distinct ops, `domain:op` for non-standard domains, sorted.
    pub ops: Vec<String>,
    pub input_name: String,
    pub input_type: String,
    /// Input shape with the batch dimension fixed to 1.
    pub input_shape: Vec<usize>,
    pub feature_count: usize,
    pub feature_names: Vec<String>,
    pub outputs: Vec<String>,
    /// Output shapes of the fixed-shape plan, in output order.
    pub output_shapes: Vec<Vec<usize>>,
    /// Weights: initializer elements plus coefficient lists of ai.onnx.ml ops.
    pub parameter_count: u64,
    /// Deterministic cost of one forward pass: tract's multiply-add and division counts for the
    /// optimized plan, plus one per node; for tree ensembles their [`TreeEnsembleReport::cost_per_pass`]
    /// plus one per native node. Computed before anything runs.
    pub cost_per_pass: u64,
    /// Who computes the outputs: `tract`, `native` (tree ensembles only) or `tract+native` (tract
    /// computes the ensembles' inputs).
    pub executor: String,
    /// One entry per tree-ensemble node, in graph order.
    pub tree_ensembles: Vec<TreeEnsembleReport>,
}

/// What validation learned about one tree ensemble.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TreeEnsembleReport {
    pub node: String,
    /// `TreeEnsembleClassifier` or `TreeEnsembleRegressor`.
    pub op: String,
    pub trees: u64,
    /// Branches and leaves of all trees.
    pub nodes: u64,
    pub leaves: u64,
    /// Branch nodes on the longest root-to-leaf path of any tree.
    pub max_depth: u64,
    /// Input features the ensemble reads (at most this many distinct ones are tested).
    pub features: u64,
    /// Classes or targets.
    pub targets: u64,
    pub aggregate_function: String,
    pub post_transform: String,
    /// Σ over trees of (depth + 1 + the most weights on one of its leaves), plus per output score 1
    /// (NONE) or 32 (an exponential): an upper bound of the comparisons, additions and exponentials
    /// of one pass, known before anything runs.
    pub cost_per_pass: u64,
}

/// What runs a validated model: tract's optimized model, the native part, or both.
pub struct Compiled {
    pub(crate) tract: Option<TypedModel>,
    pub(crate) native: Option<Program>,
}

/// Costs grow with the declared shapes, which the model chooses: the sum is checked. tract's counts
/// are products of dims; a count it cannot hold in i64 stays symbolic (refused) and a negative one
/// could only be a wrapped product: refused, never clamped to 0.
fn tract_cost(model: &TypedModel) -> Result<u64, EngineError> {
    let unsupported = |e: TractError| EngineError::Unsupported(format!("{e:#}"));
    let mut cost_per_pass = 0u64;
    for node in model.nodes() {
        let cost_overflow = || EngineError::Unsupported(format!("cost per pass overflows u64 at node {:?}", node.name));
        cost_per_pass = cost_per_pass.checked_add(1).ok_or_else(cost_overflow)?;
        let input_facts: Vec<&TypedFact> =
            node.inputs.iter().map(|o| model.outlet_fact(*o)).collect::<TractResult<_>>().map_err(unsupported)?;
        for (cost, count) in node.op.cost(&input_facts).map_err(unsupported)? {
            if cost.is_compute() {
                let count = count.to_i64().map_err(|_| {
                    EngineError::Unsupported(format!("symbolic or overflowing cost {count} in node {:?}", node.name))
                })?;
                let count = u64::try_from(count)
                    .map_err(|_| EngineError::Unsupported(format!("negative cost {count} in node {:?}", node.name)))?;
                cost_per_pass = cost_per_pass.checked_add(count).ok_or_else(cost_overflow)?;
            }
        }
    }
    Ok(cost_per_pass)
}

/// tract: typed, fixed-shape, optimized — the one plan every validator runs.
fn tract_model(proto: &ModelProto, datum: DatumType, shape: &[usize]) -> Result<TypedModel, EngineError> {
    let unsupported = |e: TractError| EngineError::Unsupported(format!("{e:#}"));
    let model = tract_onnx::onnx()
        .model_for_proto_model(proto)
        .map_err(unsupported)?
        .with_input_fact(0, InferenceFact::dt_shape(datum, shape))
        .map_err(unsupported)?
        .into_optimized()
        .map_err(unsupported)?;
    // Traces number plan nodes with u32.
    if u32::try_from(model.nodes().len()).is_err() {
        return Err(EngineError::Unsupported(format!("the plan has {} nodes, over u32::MAX", model.nodes().len())));
    }
    Ok(model)
}

/// Elements of an initializer: the product of its dims, checked. A negative dimension is malformed
/// (rejected, never clamped or cast to a huge u64); a zero dimension makes the tensor empty whatever
/// the other dims are; a product past u64::MAX is rejected instead of wrapping to a small count.
fn initializer_elements(t: &TensorProto) -> Result<u64, EngineError> {
    let mut dims = Vec::with_capacity(t.dims.len());
    for (axis, d) in t.dims.iter().enumerate() {
        dims.push(u64::try_from(*d).map_err(|_| {
            EngineError::Malformed(format!("initializer {:?} has negative dimension {d} at axis {axis}", t.name))
        })?);
    }
    if dims.contains(&0) {
        return Ok(0);
    }
    dims.iter().try_fold(1u64, |acc, d| acc.checked_mul(*d)).ok_or_else(|| {
        EngineError::Malformed(format!(
            "initializer {:?} has dims {:?}: its element count overflows u64",
            t.name, t.dims
        ))
    })
}

fn op_label(n: &NodeProto) -> String {
    if n.domain.is_empty() || n.domain == "ai.onnx" {
        n.op_type.clone()
    } else {
        format!("{}:{}", n.domain, n.op_type)
    }
}

/// Checks everything about `bytes` and returns the report with tract's optimized, typed model.
pub fn validate(bytes: &[u8], max_bytes: usize) -> Result<(ModelReport, Compiled), EngineError> {
    crate::profile::ensure()?;
    if bytes.len() > max_bytes {
        return Err(EngineError::TooLarge { size: bytes.len(), limit: max_bytes });
    }
    let onnx = tract_onnx::onnx();
    let proto: ModelProto =
        onnx.proto_model_for_read(&mut &bytes[..]).map_err(|e| EngineError::Malformed(format!("{e:#}")))?;
    let graph = proto.graph.as_ref().ok_or_else(|| EngineError::Malformed("model has no graph".into()))?;

    // Inputs: older exporters also list initializers as graph inputs; those are weights.
    let weights: BTreeSet<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
    let inputs: Vec<_> = graph.input.iter().filter(|i| !weights.contains(i.name.as_str())).collect();
    if inputs.len() != 1 {
        return Err(EngineError::InputCount(inputs.iter().map(|i| i.name.clone()).collect()));
    }
    let input = inputs[0];
    let Some(TypeValue::TensorType(tensor_type)) = input.r#type.as_ref().and_then(|t| t.value.as_ref()) else {
        return Err(EngineError::InputType { input: input.name.clone(), found: "non-tensor".into() });
    };
    let input_type = input_type_name(tensor_type.elem_type).ok_or_else(|| EngineError::InputType {
        input: input.name.clone(),
        found: type_label(tensor_type.elem_type),
    })?;
    let dims = tensor_type.shape.as_ref().map(|s| s.dim.as_slice()).unwrap_or_default();
    if dims.is_empty() {
        return Err(EngineError::DynamicShape { input: input.name.clone(), axis: 0 });
    }
    let shape_overflow = || {
        let declared: Vec<String> = dims
            .iter()
            .map(|d| match &d.value {
                Some(Dim::DimValue(v)) => v.to_string(),
                Some(Dim::DimParam(p)) => p.clone(),
                None => "?".into(),
            })
            .collect();
        EngineError::Malformed(format!(
            "input {:?} has shape [{}]: its element count overflows i64",
            input.name,
            declared.join(", ")
        ))
    };
    let mut shape = Vec::with_capacity(dims.len());
    for (axis, d) in dims.iter().enumerate() {
        match (&d.value, axis) {
            (Some(Dim::DimValue(v)), _) if *v > 0 => shape.push(usize::try_from(*v).map_err(|_| shape_overflow())?),
            // The batch dimension may be symbolic (or an exporter's 0 or -1 for "any"); the profile
            // runs batch 1. Its declared value is replaced, never cast.
            (_, 0) => shape.push(1),
            // Symbolic, missing, zero or negative: rejected, never cast.
            _ => return Err(EngineError::DynamicShape { input: input.name.clone(), axis }),
        }
    }
    if shape[0] != 1 {
        return Err(EngineError::DynamicShape { input: input.name.clone(), axis: 0 });
    }
    // Checked in i64, tract's dimension type (so the count also fits usize and u64): a wrapped
    // product would report a wrong feature count (2^32 × 2^32 features would be 0).
    let feature_count = shape[1..]
        .iter()
        .try_fold(1i64, |acc, d| acc.checked_mul(i64::try_from(*d).ok()?))
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(shape_overflow)?;

    // Ops, subgraphs, float widths, and tract's known-bad binary tree ensembles.
    let mut ops = BTreeSet::new();
    for node in &graph.node {
        let allowed = ALLOWED_OPS
            .iter()
            .any(|(d, o)| *o == node.op_type && (*d == node.domain || (d.is_empty() && node.domain == "ai.onnx")));
        if !allowed {
            return Err(EngineError::Op { op: op_label(node), node: node.name.clone() });
        }
        for attr in &node.attribute {
            if attr.g.is_some() || !attr.graphs.is_empty() {
                return Err(EngineError::Op {
                    op: format!("{} with a subgraph", op_label(node)),
                    node: node.name.clone(),
                });
            }
            if node.op_type == "Cast" && attr.name == "to" {
                // Narrowed checked, as tract reads it: `as i32` would turn 2^32 + 11 (not a type) into
                // 11 (double).
                let to = i32::try_from(attr.i).map_err(|_| {
                    EngineError::Malformed(format!(
                        "Cast node {:?}: `to` = {} is not an ONNX data type",
                        node.name, attr.i
                    ))
                })?;
                if is_wide_or_half_float(to) {
                    return Err(EngineError::FloatWidth {
                        what: format!("Cast node {:?} to {}", node.name, type_label(to)),
                    });
                }
            }
        }
        ops.insert(op_label(node));
    }
    for t in &graph.initializer {
        if is_wide_or_half_float(t.data_type) {
            return Err(EngineError::FloatWidth {
                what: format!("initializer {:?} is {}", t.name, type_label(t.data_type)),
            });
        }
    }
    // Every model output must be computed by something: tract would index a missing name.
    let defined: BTreeSet<&str> = graph
        .node
        .iter()
        .flat_map(|n| n.output.iter().map(String::as_str))
        .chain(graph.initializer.iter().map(|t| t.name.as_str()))
        .chain(graph.input.iter().map(|i| i.name.as_str()))
        .collect();
    if let Some(o) = graph.output.iter().find(|o| !defined.contains(o.name.as_str())) {
        return Err(EngineError::Malformed(format!("output {:?} is not computed by any node", o.name)));
    }
    for v in graph.value_info.iter().chain(&graph.output) {
        if let Some(TypeValue::TensorType(t)) = v.r#type.as_ref().and_then(|t| t.value.as_ref()) {
            if is_wide_or_half_float(t.elem_type) {
                return Err(EngineError::FloatWidth {
                    what: format!("value {:?} is {}", v.name, type_label(t.elem_type)),
                });
            }
        }
    }

    // Initializer dims are declared, not backed by data yet: each product and the sum are checked.
    let parameter_overflow = |at: String| EngineError::Malformed(format!("parameter count overflows u64 at {at}"));
    let mut parameter_count = 0u64;
    for t in &graph.initializer {
        parameter_count = parameter_count
            .checked_add(initializer_elements(t)?)
            .ok_or_else(|| parameter_overflow(format!("initializer {:?}", t.name)))?;
    }
    for node in graph.node.iter().filter(|n| n.domain == "ai.onnx.ml") {
        // Lengths of decoded lists: bounded by the model's bytes, so this sum cannot overflow; the
        // running total (which includes declared initializer sizes) can.
        let mut coefficients = node.attribute.iter().map(|a| (a.floats.len() + a.ints.len()) as u64).sum::<u64>();
        // `_as_tensor` attributes (tree ensembles): their declared element counts, checked.
        for t in node.attribute.iter().filter_map(|a| a.t.as_ref()) {
            coefficients = coefficients
                .checked_add(initializer_elements(t)?)
                .ok_or_else(|| parameter_overflow(format!("node {:?}", node.name)))?;
        }
        parameter_count = parameter_count
            .checked_add(coefficients)
            .ok_or_else(|| parameter_overflow(format!("node {:?}", node.name)))?;
    }
    let feature_names = proto
        .metadata_props
        .iter()
        .find(|p| p.key == "feature_names")
        .map(|p| p.value.split(',').map(|s| s.trim().to_string()).collect::<Vec<_>>())
        .filter(|names| names.len() == feature_count)
        .unwrap_or_default();

    // tract: typed, fixed-shape, optimized — the one plan every validator runs.
    let datum = match input_type {
        "f32" => f32::datum_type(),
        "i8" => i8::datum_type(),
        "i16" => i16::datum_type(),
        "i32" => i32::datum_type(),
        "i64" => i64::datum_type(),
        "u8" => u8::datum_type(),
        "u16" => u16::datum_type(),
        "u32" => u32::datum_type(),
        _ => u64::datum_type(),
    };
    let unsupported = |e: TractError| EngineError::Unsupported(format!("{e:#}"));
    let split = native::split(graph, &input.name)?;
    let (tract, program, output_shapes, executor) = match split {
        None => {
            let model = tract_model(&proto, datum, &shape)?;
            let mut output_shapes = Vec::with_capacity(model.outputs.len());
            for i in 0..model.outputs.len() {
                output_shapes.push(concrete_output(&model, i)?);
            }
            (Some(model), None, output_shapes, "tract")
        }
        Some(split) => {
            let prefix = if split.needs_prefix {
                let mut sub = proto.clone();
                let g = sub.graph.as_mut().expect("checked above");
                g.node = split.prefix_nodes.iter().map(|i| graph.node[*i].clone()).collect();
                g.output = split
                    .prefix_outputs
                    .iter()
                    .map(|name| tract_onnx::pb::ValueInfoProto { name: name.clone(), ..Default::default() })
                    .collect();
                Some(tract_model(&sub, datum, &shape)?)
            } else {
                None
            };
            let program = Program::compile(graph, &split, &input.name, |node, x| {
                let bad = |detail: String| EngineError::Tree {
                    node: native::node_name(node),
                    rule: TreeRule::TreeInput,
                    detail,
                };
                let (dims, dt) = match (&prefix, x == input.name) {
                    (_, true) => (shape.clone(), datum),
                    (Some(m), false) => {
                        let i = split.prefix_outputs.iter().position(|p| p == x).expect("split lists tree inputs");
                        let fact = m.output_fact(i).map_err(unsupported)?;
                        let dims = fact.shape.as_concrete().ok_or_else(|| bad(format!("{x:?} has no fixed shape")))?;
                        (dims.to_vec(), fact.datum_type)
                    }
                    (None, false) => unreachable!("a tree input other than the model input needs the prefix"),
                };
                let numeric = dt == f32::datum_type() || (dt.is_integer() && dt != bool::datum_type());
                match dims.as_slice() {
                    [1, n] | [n] if numeric => Ok(*n),
                    _ => Err(bad(format!("{x:?} is {dt:?} {dims:?}; an ensemble reads f32 or integer [1, n]"))),
                }
            })?;
            let mut output_shapes = Vec::with_capacity(program.outputs.len());
            for source in &program.outputs {
                output_shapes.push(match source {
                    Source::Slot(s) => program.slot_shape(*s).to_vec(),
                    Source::Prefix(i) => concrete_output(prefix.as_ref().expect("prefix outputs need a prefix"), *i)?,
                    Source::Input => shape.clone(),
                });
            }
            let executor = if prefix.is_some() { "tract+native" } else { "native" };
            (prefix, Some(program), output_shapes, executor)
        }
    };
    let tract_nodes = tract.as_ref().map_or(0, |m| m.nodes().len());
    let native_nodes = program.as_ref().map_or(0, |p| p.node_count());
    if tract_nodes.checked_add(native_nodes).and_then(|n| u32::try_from(n).ok()).is_none() {
        return Err(EngineError::Unsupported("the plan has over u32::MAX nodes".into()));
    }
    let cost_overflow = || EngineError::Unsupported("cost per pass overflows u64 at the tree ensembles".into());
    let mut cost_per_pass = match &tract {
        Some(m) => tract_cost(m)?,
        None => 0,
    };
    if let Some(p) = &program {
        cost_per_pass = cost_per_pass.checked_add(p.cost()).ok_or_else(cost_overflow)?;
    }
    let tree_ensembles = program
        .as_ref()
        .map(|p| {
            p.ensembles()
                .map(|e| TreeEnsembleReport {
                    node: e.name.clone(),
                    op: match e.kind {
                        crate::tree::Kind::Classifier { .. } => "TreeEnsembleClassifier".into(),
                        crate::tree::Kind::Regressor => "TreeEnsembleRegressor".into(),
                    },
                    trees: e.trees.len() as u64,
                    nodes: e.n_nodes() as u64,
                    leaves: e.n_leaves() as u64,
                    max_depth: u64::from(e.max_depth()),
                    features: e.n_features as u64,
                    targets: match &e.kind {
                        crate::tree::Kind::Classifier { labels } => labels.len() as u64,
                        crate::tree::Kind::Regressor => e.n_margins as u64,
                    },
                    aggregate_function: e.aggregate.name().into(),
                    post_transform: e.post_transform.name().into(),
                    cost_per_pass: e.cost(),
                })
                .collect()
        })
        .unwrap_or_default();

    let outputs = graph.output.iter().map(|o| o.name.clone()).collect();
    let report = ModelReport {
        sha256: hex::encode(Sha256::digest(bytes)),
        size_bytes: bytes.len(),
        ops: ops.into_iter().collect(),
        input_name: input.name.clone(),
        input_type: input_type.to_string(),
        input_shape: shape,
        feature_count,
        feature_names,
        outputs,
        output_shapes,
        parameter_count,
        cost_per_pass,
        executor: executor.into(),
        tree_ensembles,
    };
    Ok((report, Compiled { tract, native: program }))
}

fn concrete_output(model: &TypedModel, i: usize) -> Result<Vec<usize>, EngineError> {
    let fact = model.output_fact(i).map_err(|e| EngineError::Unsupported(format!("{e:#}")))?;
    let shape =
        fact.shape.as_concrete().ok_or_else(|| EngineError::Unsupported(format!("output {i} has no fixed shape")))?;
    Ok(shape.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(dims: &[i64]) -> TensorProto {
        TensorProto { name: "w".into(), dims: dims.to_vec(), ..Default::default() }
    }

    #[test]
    fn initializer_element_counts_are_checked() {
        assert_eq!(initializer_elements(&declared(&[])).unwrap(), 1, "a scalar");
        assert_eq!(initializer_elements(&declared(&[3, 4])).unwrap(), 12);
        assert_eq!(initializer_elements(&declared(&[1 << 32, (1 << 32) - 1])).unwrap(), u64::MAX - (1 << 32) + 1);
        // A zero dimension empties the tensor even when the other dims would overflow.
        assert_eq!(initializer_elements(&declared(&[1 << 40, 0, 1 << 40])).unwrap(), 0);
        assert!(matches!(initializer_elements(&declared(&[1 << 32, 1 << 32])), Err(EngineError::Malformed(_))));
        assert!(matches!(initializer_elements(&declared(&[2, -1])), Err(EngineError::Malformed(_))));
    }
}
