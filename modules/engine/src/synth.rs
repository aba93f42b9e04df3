//! Synthetic models for tests, benchmarks and the localnet: a dense ReLU classifier of any size,
//! its weights from a fixed generator, so the bytes (and model id) depend only on the arguments.
//! Used where a committed fixture would be megabytes (the registry's chunked 3 MiB upload).

use prost014::Message;
use tract_onnx::pb::tensor_proto::DataType;
use tract_onnx::pb::tensor_shape_proto::dimension::Value as Dim;
use tract_onnx::pb::tensor_shape_proto::Dimension;
use tract_onnx::pb::type_proto::{Tensor as TensorType, Value as TypeValue};
use tract_onnx::pb::*;

fn value_info(name: &str, dims: &[Dim]) -> ValueInfoProto {
    ValueInfoProto {
        name: name.into(),
        r#type: Some(TypeProto {
            value: Some(TypeValue::TensorType(TensorType {
                elem_type: DataType::Float as i32,
                shape: Some(TensorShapeProto {
                    dim: dims.iter().map(|d| Dimension { value: Some(d.clone()), ..Default::default() }).collect(),
                }),
            })),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn tensor(name: &str, dims: &[usize], values: Vec<f32>) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.iter().map(|d| *d as i64).collect(),
        data_type: DataType::Float as i32,
        float_data: values,
        ..Default::default()
    }
}

fn node(op: &str, inputs: &[&str], output: &str) -> NodeProto {
    NodeProto {
        op_type: op.into(),
        name: format!("{op}_{output}"),
        input: inputs.iter().map(|s| s.to_string()).collect(),
        output: vec![output.to_string()],
        ..Default::default()
    }
}

/// Weights in [-0.5, 0.5) from a 64-bit LCG (exact binary fractions, so any reader sees the
/// same floats).
fn weights(n: usize, seed: &mut u64) -> Vec<f32> {
    (0..n)
        .map(|_| {
            *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((*seed >> 40) as f32 / (1u64 << 24) as f32) - 0.5
        })
        .collect()
}

/// `probabilities = softmax(relu(x·W1 + b1)·W2 + b2)`: `features` inputs, `hidden` units,
/// `classes` outputs; about `4·hidden·(features + classes)` bytes.
pub fn dense_classifier(features: usize, hidden: usize, classes: usize, seed: u64) -> Vec<u8> {
    let mut s = seed;
    let initializers = vec![
        tensor("w1", &[features, hidden], weights(features * hidden, &mut s)),
        tensor("b1", &[hidden], weights(hidden, &mut s)),
        tensor("w2", &[hidden, classes], weights(hidden * classes, &mut s)),
        tensor("b2", &[classes], weights(classes, &mut s)),
    ];
    ModelProto {
        ir_version: 8,
        opset_import: vec![OperatorSetIdProto { domain: String::new(), version: 13 }],
        graph: Some(GraphProto {
            node: vec![
                node("MatMul", &["input", "w1"], "h0"),
                node("Add", &["h0", "b1"], "h1"),
                node("Relu", &["h1"], "h2"),
                node("MatMul", &["h2", "w2"], "s0"),
                node("Add", &["s0", "b2"], "s1"),
                node("Softmax", &["s1"], "probabilities"),
            ],
            initializer: initializers,
            input: vec![value_info("input", &[Dim::DimParam("N".into()), Dim::DimValue(features as i64)])],
            output: vec![value_info("probabilities", &[Dim::DimParam("N".into()), Dim::DimValue(classes as i64)])],
            name: "dense".into(),
            ..Default::default()
        }),
        ..Default::default()
    }
    .encode_to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_accepts_it_and_the_bytes_depend_only_on_the_arguments() {
        let bytes = dense_classifier(4, 8, 3, 7);
        assert_eq!(bytes, dense_classifier(4, 8, 3, 7));
        assert_ne!(bytes, dense_classifier(4, 8, 3, 8));
        let (report, _) = crate::validate(&bytes, 1 << 20).unwrap();
        assert_eq!(report.feature_count, 4);
        assert_eq!(report.output_shapes, vec![vec![1, 3]]);
    }
}
