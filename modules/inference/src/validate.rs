//! Model validation: what a model registration runs before any model is accepted.
//!
//! Each rule rejects with an error naming the offender. The op allowlist holds only ops whose f32
//! results tract computes itself (no system libm) and that the profile makes identical across CPUs,
//! plus the integer-quantized ops measured bit-identical (shared/notes/determinism.md).

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};
use tract_onnx::pb::tensor_proto::DataType;
use tract_onnx::pb::tensor_shape_proto::dimension::Value as Dim;
use tract_onnx::pb::type_proto::Value as TypeValue;
use tract_onnx::pb::{ModelProto, NodeProto};
use tract_onnx::prelude::*;

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
    /// optimized plan, plus one per node. Computed before anything runs.
    pub cost_per_pass: u64,
}

fn op_label(n: &NodeProto) -> String {
    if n.domain.is_empty() || n.domain == "ai.onnx" {
        n.op_type.clone()
    } else {
        format!("{}:{}", n.domain, n.op_type)
    }
}

/// Checks everything about `bytes` and returns the report with tract's optimized, typed model.
pub fn validate(bytes: &[u8], max_bytes: usize) -> Result<(ModelReport, TypedModel), EngineError> {
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
    let mut shape = Vec::with_capacity(dims.len());
    for (axis, d) in dims.iter().enumerate() {
        match (&d.value, axis) {
            (Some(Dim::DimValue(v)), _) if *v > 0 => shape.push(*v as usize),
            // The batch dimension may be symbolic; the profile runs batch 1.
            (_, 0) => shape.push(1),
            _ => return Err(EngineError::DynamicShape { input: input.name.clone(), axis }),
        }
    }
    if shape[0] != 1 {
        return Err(EngineError::DynamicShape { input: input.name.clone(), axis: 0 });
    }
    let feature_count: usize = shape[1..].iter().product();

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
            if node.op_type == "Cast" && attr.name == "to" && is_wide_or_half_float(attr.i as i32) {
                return Err(EngineError::FloatWidth {
                    what: format!("Cast node {:?} to {}", node.name, type_label(attr.i as i32)),
                });
            }
        }
        if node.op_type == "TreeEnsembleClassifier" {
            let classes = node
                .attribute
                .iter()
                .find(|a| a.name == "classlabels_int64s" || a.name == "classlabels_strings")
                .map(|a| a.ints.len().max(a.strings.len()))
                .unwrap_or(0);
            if classes <= 2 {
                return Err(EngineError::BinaryTreeEnsemble { node: node.name.clone() });
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
    for v in graph.value_info.iter().chain(&graph.output) {
        if let Some(TypeValue::TensorType(t)) = v.r#type.as_ref().and_then(|t| t.value.as_ref()) {
            if is_wide_or_half_float(t.elem_type) {
                return Err(EngineError::FloatWidth {
                    what: format!("value {:?} is {}", v.name, type_label(t.elem_type)),
                });
            }
        }
    }

    let mut parameter_count: u64 =
        graph.initializer.iter().map(|t| t.dims.iter().map(|d| (*d).max(0) as u64).product::<u64>()).sum();
    for node in graph.node.iter().filter(|n| n.domain == "ai.onnx.ml") {
        parameter_count += node.attribute.iter().map(|a| (a.floats.len() + a.ints.len()) as u64).sum::<u64>();
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
    let model = onnx
        .model_for_proto_model(&proto)
        .map_err(unsupported)?
        .with_input_fact(0, InferenceFact::dt_shape(datum, &shape))
        .map_err(unsupported)?
        .into_optimized()
        .map_err(unsupported)?;

    let mut cost_per_pass = 0u64;
    for node in model.nodes() {
        cost_per_pass += 1;
        let input_facts: Vec<&TypedFact> =
            node.inputs.iter().map(|o| model.outlet_fact(*o)).collect::<TractResult<_>>().map_err(unsupported)?;
        for (cost, count) in node.op.cost(&input_facts).map_err(unsupported)? {
            if cost.is_compute() {
                let count = count
                    .to_i64()
                    .map_err(|_| EngineError::Unsupported(format!("symbolic cost {count} in node {:?}", node.name)))?;
                cost_per_pass += count.max(0) as u64;
            }
        }
    }

    let outputs = graph.output.iter().map(|o| o.name.clone()).collect();
    let mut output_shapes = Vec::with_capacity(model.outputs.len());
    for i in 0..model.outputs.len() {
        let fact = model.output_fact(i).map_err(unsupported)?;
        let shape = fact
            .shape
            .as_concrete()
            .ok_or_else(|| EngineError::Unsupported(format!("output {i} has no fixed shape")))?;
        output_shapes.push(shape.to_vec());
    }
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
    };
    Ok((report, model))
}
