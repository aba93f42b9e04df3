//! The engine on small models built here: hand-computed Shapley values, efficiency, determinism of
//! repeated runs, budgets, and one model per validation rule.

use prost014::Message;
use symbiote_engine::fixed::SCALE;
use symbiote_engine::{explain, Engine, EngineError, Input, Method, TreeRule};
use tract_onnx::pb::tensor_proto::DataType;
use tract_onnx::pb::tensor_shape_proto::dimension::Value as Dim;
use tract_onnx::pb::tensor_shape_proto::Dimension;
use tract_onnx::pb::type_proto::{Tensor as TensorType, Value as TypeValue};
use tract_onnx::pb::*;

fn value_info(name: &str, elem_type: DataType, dims: &[Dim]) -> ValueInfoProto {
    ValueInfoProto {
        name: name.into(),
        r#type: Some(TypeProto {
            value: Some(TypeValue::TensorType(TensorType {
                elem_type: elem_type as i32,
                shape: Some(TensorShapeProto {
                    dim: dims.iter().map(|d| Dimension { value: Some(d.clone()), ..Default::default() }).collect(),
                }),
            })),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn f32_tensor(name: &str, dims: &[i64], values: &[f32]) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.to_vec(),
        data_type: DataType::Float as i32,
        float_data: values.to_vec(),
        ..Default::default()
    }
}

fn node(op: &str, inputs: &[&str], outputs: &[&str]) -> NodeProto {
    NodeProto {
        op_type: op.into(),
        name: format!("{op}_{}", outputs[0]),
        input: inputs.iter().map(|s| s.to_string()).collect(),
        output: outputs.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

fn model(
    nodes: Vec<NodeProto>,
    initializers: Vec<TensorProto>,
    inputs: Vec<ValueInfoProto>,
    outputs: Vec<ValueInfoProto>,
) -> Vec<u8> {
    ModelProto {
        ir_version: 8,
        opset_import: vec![
            OperatorSetIdProto { domain: String::new(), version: 13 },
            OperatorSetIdProto { domain: "ai.onnx.ml".into(), version: 3 },
        ],
        graph: Some(GraphProto {
            node: nodes,
            initializer: initializers,
            input: inputs,
            output: outputs,
            name: "g".into(),
            ..Default::default()
        }),
        ..Default::default()
    }
    .encode_to_vec()
}

fn batch() -> Dim {
    Dim::DimParam("N".into())
}

/// y = x · w + b, with w and b exact in binary so the expected Shapley values are exact too.
fn linear(w: &[f32], b: f32) -> Vec<u8> {
    let m = w.len() as i64;
    model(
        vec![node("MatMul", &["x", "w"], &["t"]), node("Add", &["t", "b"], &["y"])],
        vec![f32_tensor("w", &[m, 1], w), f32_tensor("b", &[1], &[b])],
        vec![value_info("x", DataType::Float, &[batch(), Dim::DimValue(m)])],
        vec![value_info("y", DataType::Float, &[batch(), Dim::DimValue(1)])],
    )
}

/// y = x0 · x1: a pure interaction.
fn product() -> Vec<u8> {
    model(
        vec![
            node("MatMul", &["x", "e0"], &["x0"]),
            node("MatMul", &["x", "e1"], &["x1"]),
            node("Mul", &["x0", "x1"], &["y"]),
        ],
        vec![f32_tensor("e0", &[2, 1], &[1.0, 0.0]), f32_tensor("e1", &[2, 1], &[0.0, 1.0])],
        vec![value_info("x", DataType::Float, &[batch(), Dim::DimValue(2)])],
        vec![value_info("y", DataType::Float, &[batch(), Dim::DimValue(1)])],
    )
}

fn f(v: f64) -> i64 {
    (v * SCALE as f64) as i64
}

#[test]
fn linear_model_shapley_is_weight_times_delta() {
    let engine = Engine::default();
    let m = engine.load(&linear(&[0.5, -2.0, 1.25], 0.25)).unwrap();
    assert_eq!(m.report.feature_count, 3);
    assert_eq!(m.report.input_shape, vec![1, 3]);
    let x = Input::F32(vec![1.0, 2.0, 3.0]);
    let base = Input::F32(vec![0.0, 0.0, 0.0]);
    let e = explain(&m, &x, &base, 0, Method::Exact, 1_000).unwrap();
    assert_eq!(e.passes, 8);
    assert_eq!((e.value, e.base_value), (f(0.5), f(0.25)));
    assert_eq!(e.attributions, vec![f(0.5), f(-4.0), f(3.75)]);
    assert_eq!(e.residual, 0);
    assert_eq!(e.top, vec![1, 2, 0]);
}

#[test]
fn interaction_is_split_as_hand_computed() {
    let engine = Engine::default();
    let m = engine.load(&product()).unwrap();
    let x = Input::F32(vec![3.0, 2.0]);
    let base = Input::F32(vec![1.0, 1.0]);
    // v(∅)=1, v({0})=3, v({1})=2, v(N)=6: φ0 = ½(2 + 4) = 3, φ1 = ½(1 + 3) = 2.
    let exact = explain(&m, &x, &base, 0, Method::Exact, 100).unwrap();
    assert_eq!(exact.attributions, vec![f(3.0), f(2.0)]);
    // Occlusion: 6 − v({1}) = 4, 6 − v({0}) = 3; not additive.
    let occ = explain(&m, &x, &base, 0, Method::Occlusion, 100).unwrap();
    assert_eq!(occ.attributions, vec![f(4.0), f(3.0)]);
    assert_eq!(occ.residual, f(-2.0));
    assert!(!occ.additive);
    // Sampled: each permutation gives (2,3) or (4,1); the sum is always exact.
    let sampled = Method::Sampled { seed: [9; 32], permutations: 64 };
    let s1 = explain(&m, &x, &base, 0, sampled, 1_000).unwrap();
    let s2 = explain(&m, &x, &base, 0, sampled, 1_000).unwrap();
    assert_eq!(s1, s2, "same seed, same result");
    assert_eq!(s1.residual, 0);
    assert_eq!(s1.attributions.iter().sum::<i64>(), f(5.0));
    assert!((s1.attributions[0] - f(3.0)).abs() <= f(0.5), "{:?}", s1.attributions);
    assert_eq!(s1.passes, 2 + 64);
}

#[test]
fn budget_is_checked_before_running() {
    let engine = Engine::default();
    let m = engine.load(&product()).unwrap();
    let x = Input::F32(vec![3.0, 2.0]);
    let err = explain(&m, &x, &x, 0, Method::Exact, 3).unwrap_err();
    assert_eq!(err, EngineError::Budget { needed: 4, budget: 3 });
    let wide = engine.load(&linear(&[1.0; 13], 0.0)).unwrap();
    let x13 = Input::F32(vec![1.0; 13]);
    assert!(matches!(explain(&wide, &x13, &x13, 0, Method::Exact, u64::MAX), Err(EngineError::Explain(_))));
}

#[test]
fn runs_are_repeatable_with_per_node_digests() {
    let engine = Engine::default();
    let bytes = product();
    let m = engine.load(&bytes).unwrap();
    let again = engine.load(&bytes).unwrap();
    assert!(std::sync::Arc::ptr_eq(&m, &again), "plans are cached by model hash");
    let x = Input::F32(vec![0.1, 0.7]);
    let a = m.run(&x).unwrap();
    let b = m.run(&x).unwrap();
    assert_eq!(a, b);
    assert!(!a.node_digests.is_empty());
    assert_eq!(a.outputs[0].values, vec![symbiote_engine::fixed::from_f32(0.1f32 * 0.7f32).unwrap()]);
    assert_eq!(a.label(), None, "a single output value has no label");
    assert!(matches!(m.run(&Input::F32(vec![1.0])), Err(EngineError::InputLength { expected: 2, got: 1 })));
    assert!(matches!(m.run(&Input::F32(vec![f32::NAN, 1.0])), Err(EngineError::InputValue(_))));
    assert!(matches!(m.run(&Input::Int(vec![1, 2])), Err(EngineError::InputValue(_))));
}

#[test]
fn each_validation_rule_rejects_its_model() {
    let engine = Engine::default();
    let x2 = || vec![value_info("x", DataType::Float, &[batch(), Dim::DimValue(2)])];
    let y = || vec![value_info("y", DataType::Float, &[batch(), Dim::DimValue(2)])];

    let sin = model(vec![node("Sin", &["x"], &["y"])], vec![], x2(), y());
    assert!(matches!(engine.load(&sin), Err(EngineError::Op { op, .. }) if op == "Sin"));

    let log_softmax = model(vec![node("LogSoftmax", &["x"], &["y"])], vec![], x2(), y());
    assert!(matches!(engine.load(&log_softmax), Err(EngineError::Op { op, .. }) if op == "LogSoftmax"));

    let mut inputs = x2();
    inputs.push(value_info("z", DataType::Float, &[batch(), Dim::DimValue(2)]));
    let two = model(vec![node("Add", &["x", "z"], &["y"])], vec![], inputs, y());
    assert_eq!(engine.load(&two).unwrap_err(), EngineError::InputCount(vec!["x".into(), "z".into()]));

    let dynamic = model(
        vec![node("Relu", &["x"], &["y"])],
        vec![],
        vec![value_info("x", DataType::Float, &[batch(), Dim::DimParam("k".into())])],
        y(),
    );
    assert_eq!(engine.load(&dynamic).unwrap_err(), EngineError::DynamicShape { input: "x".into(), axis: 1 });

    let half = model(
        vec![node("Relu", &["x"], &["y"])],
        vec![],
        vec![value_info("x", DataType::Float16, &[batch(), Dim::DimValue(2)])],
        y(),
    );
    assert!(matches!(engine.load(&half), Err(EngineError::InputType { found, .. }) if found == "float16"));

    let f64_weights = TensorProto {
        name: "w".into(),
        dims: vec![2],
        data_type: DataType::Double as i32,
        double_data: vec![1.0, 2.0],
        ..Default::default()
    };
    let wide = model(vec![node("Add", &["x", "w"], &["y"])], vec![f64_weights], x2(), y());
    assert!(matches!(engine.load(&wide), Err(EngineError::FloatWidth { .. })));

    // A tree ensemble without nodes (every tree rule has its own tests in trees.rs).
    let mut tree = node("TreeEnsembleClassifier", &["x"], &["label", "y"]);
    tree.domain = "ai.onnx.ml".into();
    tree.attribute.push(AttributeProto {
        name: "classlabels_int64s".into(),
        ints: vec![0, 1],
        r#type: 7,
        ..Default::default()
    });
    let empty = model(vec![tree], vec![], x2(), y());
    assert!(matches!(engine.load(&empty), Err(EngineError::Tree { rule: TreeRule::NodeCount, .. })));

    let small = Engine::new(100, 4);
    let big = linear(&[1.0; 64], 0.0);
    assert_eq!(small.load(&big).unwrap_err(), EngineError::TooLarge { size: big.len(), limit: 100 });

    assert!(matches!(engine.load(b"not an onnx model"), Err(EngineError::Malformed(_))));
}

#[test]
fn report_describes_the_model() {
    let engine = Engine::default();
    let m = engine.load(&linear(&[0.5, -2.0, 1.25], 0.25)).unwrap();
    let r = &m.report;
    assert_eq!(r.ops, vec!["Add".to_string(), "MatMul".to_string()]);
    assert_eq!((r.input_name.as_str(), r.input_type.as_str()), ("x", "f32"));
    assert_eq!(r.parameter_count, 4);
    assert!(r.cost_per_pass >= 3, "at least the multiply-adds: {}", r.cost_per_pass);
    assert_eq!(r.sha256.len(), 64);
}

// Overflow: model files and explanation requests are untrusted; every count derived from them is
// checked, and a hostile one is refused with an error naming what overflowed (never a panic or a
// wrapped value).

/// y = Relu(x) with the given input dims, plus unused initializers: passes every other rule.
fn relu_with(dims: &[Dim], initializers: Vec<TensorProto>) -> Vec<u8> {
    model(
        vec![node("Relu", &["x"], &["y"])],
        initializers,
        vec![value_info("x", DataType::Float, dims)],
        vec![value_info("y", DataType::Float, dims)],
    )
}

fn malformed(engine: &Engine, bytes: &[u8]) -> String {
    match engine.load(bytes) {
        Err(EngineError::Malformed(msg)) => msg,
        other => panic!("expected a Malformed error, got {other:?}"),
    }
}

#[test]
fn input_shape_element_count_is_checked() {
    let engine = Engine::default();
    // 2^32 · 2^32 features: the unchecked product wrapped to 0.
    let msg = malformed(&engine, &relu_with(&[batch(), Dim::DimValue(1 << 32), Dim::DimValue(1 << 32)], vec![]));
    assert!(msg.contains("\"x\"") && msg.contains("4294967296") && msg.contains("overflows"), "{msg}");
    let msg = malformed(&engine, &relu_with(&[batch(), Dim::DimValue(i64::MAX), Dim::DimValue(2)], vec![]));
    assert!(msg.contains("overflows i64"), "{msg}");
    // A negative (or zero) feature dimension is refused, never cast to a huge usize.
    for bad in [-1, -(1 << 40), 0] {
        let err = engine.load(&relu_with(&[batch(), Dim::DimValue(3), Dim::DimValue(bad)], vec![])).unwrap_err();
        assert_eq!(err, EngineError::DynamicShape { input: "x".into(), axis: 2 });
    }
}

#[test]
fn initializer_dims_are_checked() {
    let engine = Engine::default();
    let x = [batch(), Dim::DimValue(2)];
    let declared = |name: &str, dims: &[i64]| f32_tensor(name, dims, &[]);
    // Negative: the count clamped it to 0 (only tract's own check refused the model, later).
    let msg = malformed(&engine, &relu_with(&x, vec![declared("w", &[4, -3])]));
    assert!(msg.contains("\"w\"") && msg.contains("negative dimension -3"), "{msg}");
    let msg = malformed(&engine, &relu_with(&x, vec![declared("w", &[i64::MIN])]));
    assert!(msg.contains("negative"), "{msg}");
    // 2^32 · 2^32 elements: the unchecked product wrapped to 0.
    let msg = malformed(&engine, &relu_with(&x, vec![declared("w", &[1 << 32, 1 << 32])]));
    assert!(msg.contains("\"w\"") && msg.contains("overflows u64"), "{msg}");
    // Each fits, the sum does not: 2^63 + 2^63 wrapped to 0.
    let msg =
        malformed(&engine, &relu_with(&x, vec![declared("a", &[1 << 32, 1 << 31]), declared("b", &[1 << 62, 2])]));
    assert!(msg.contains("parameter count overflows u64") && msg.contains("\"b\""), "{msg}");
}

#[test]
fn cast_target_type_is_narrowed_checked() {
    let engine = Engine::default();
    let x2 = || vec![value_info("x", DataType::Float, &[batch(), Dim::DimValue(2)])];
    let y = || vec![value_info("y", DataType::Float, &[batch(), Dim::DimValue(2)])];
    let cast = |to: i64| {
        let mut n = node("Cast", &["x"], &["y"]);
        n.attribute.push(AttributeProto { name: "to".into(), i: to, r#type: 2, ..Default::default() });
        model(vec![n], vec![], x2(), y())
    };
    // 2^32 + 1 is not a data type; `as i32` read it as 1 (float) and only tract's own range check
    // refused it. 2^32 + 11 was read as 11 (double).
    let msg = malformed(&engine, &cast((1 << 32) + DataType::Float as i64));
    assert!(msg.contains("Cast") && msg.contains("4294967297"), "{msg}");
    assert!(malformed(&engine, &cast((1 << 32) + DataType::Double as i64)).contains("4294967307"));
    assert!(matches!(engine.load(&cast(DataType::Double as i64)), Err(EngineError::FloatWidth { .. })));
    assert!(engine.load(&cast(DataType::Float as i64)).is_ok());
}

#[test]
fn explanation_pass_counts_cannot_wrap_under_the_budget() {
    let engine = Engine::default();
    let sampled = Method::Sampled { seed: [5; 32], permutations: u32::MAX };
    // A model declaring 2^33 + 1 features loads (nothing is allocated for them).
    let wide = engine.load(&relu_with(&[batch(), Dim::DimValue((1 << 33) + 1)], vec![])).unwrap();
    let m = wide.report.feature_count;
    assert_eq!(m, (1 << 33) + 1);
    // 2 + (2^32 − 1) · 2^33 passes: over u64::MAX (unchecked, it wrapped to 2^33 + 2).
    assert!(matches!(sampled.passes(m), Err(EngineError::Explain(msg)) if msg.contains("u64::MAX")));
    // explain() refuses the model before anything else: traces index features with u32.
    let tiny = Input::F32(vec![0.0]);
    let err = explain(&wide, &tiny, &tiny, 0, sampled, u64::MAX).unwrap_err();
    assert!(matches!(&err, EngineError::Explain(msg) if msg.contains("u32::MAX")), "{err:?}");
    // The largest request on a small model is counted exactly and refused by the budget.
    let m2 = engine.load(&product()).unwrap();
    let x = Input::F32(vec![3.0, 2.0]);
    let err = explain(&m2, &x, &x, 0, sampled, 1 << 20).unwrap_err();
    assert_eq!(err, EngineError::Budget { needed: 2 + u64::from(u32::MAX), budget: 1 << 20 });
    assert!(matches!(
        explain(&m2, &x, &x, 1 << 32, Method::Exact, 100),
        Err(EngineError::Explain(msg)) if msg.contains("u32::MAX")
    ));
}

#[test]
fn attributions_past_i64_are_errors_not_wraps() {
    let engine = Engine::default();
    // y = x: f(x) − f(baseline) = 9e18 − (−9e18) output units, past i64::MAX; with one feature the
    // whole difference is that feature's attribution.
    let one = engine.load(&linear(&[1.0], 0.0)).unwrap();
    let (x, base) = (Input::F32(vec![9.0e9]), Input::F32(vec![-9.0e9]));
    for method in [Method::Exact, Method::Sampled { seed: [1; 32], permutations: 3 }, Method::Occlusion] {
        let err = explain(&one, &x, &base, 0, method, 100).unwrap_err();
        assert!(matches!(&err, EngineError::Explain(msg) if msg.contains("overflows i64")), "{method:?}: {err:?}");
    }
    // Split over two features each attribution fits: exact, and the sum is still exactly the total.
    let two = engine.load(&linear(&[1.0, 1.0], 0.0)).unwrap();
    let p32 = 4_294_967_296.0f32; // 2^32, exact in f32
    let (x, base) = (Input::F32(vec![p32, p32]), Input::F32(vec![-p32, -p32]));
    let e = explain(&two, &x, &base, 0, Method::Exact, 100).unwrap();
    assert_eq!((e.value, e.base_value), ((1 << 33) * SCALE, -(1 << 33) * SCALE));
    assert_eq!(e.attributions, vec![(1 << 33) * SCALE; 2]);
    assert_eq!(e.residual, 0);
    // Occlusion of y = x0 · x1 at (2^16, 2^16) against (−2^16, −2^16): each attribution is
    // 2^32 − (−2^32) = 2^33 and fits, the residual −(x0 − b0)(x1 − b1) = −2^34 does not.
    let interaction = engine.load(&product()).unwrap();
    let (x, base) = (Input::F32(vec![65_536.0, 65_536.0]), Input::F32(vec![-65_536.0, -65_536.0]));
    let err = explain(&interaction, &x, &base, 0, Method::Occlusion, 100).unwrap_err();
    assert!(matches!(&err, EngineError::Explain(msg) if msg.contains("residual")), "{err:?}");
    // Scaled down by 2, everything fits and the residual is reported exactly.
    let (x, base) = (Input::F32(vec![32_768.0, 32_768.0]), Input::F32(vec![-32_768.0, -32_768.0]));
    let e = explain(&interaction, &x, &base, 0, Method::Occlusion, 100).unwrap();
    assert_eq!(e.attributions, vec![(1 << 31) * SCALE; 2]);
    assert_eq!(e.residual, -(1 << 32) * SCALE);
}

/// `depth` chained MatMuls of a `[1, k, k]` input with itself: each costs k³ multiply-adds, with no
/// weights stored in the model.
fn matmul_chain(k: i64, depth: usize) -> Vec<u8> {
    let names: Vec<String> = (0..depth).map(|i| if i + 1 == depth { "y".into() } else { format!("t{i}") }).collect();
    let nodes =
        (0..depth).map(|i| node("MatMul", &[if i == 0 { "x" } else { &names[i - 1] }, "x"], &[&names[i]])).collect();
    let dims = [batch(), Dim::DimValue(k), Dim::DimValue(k)];
    model(nodes, vec![], vec![value_info("x", DataType::Float, &dims)], vec![value_info("y", DataType::Float, &dims)])
}

#[test]
fn cost_per_pass_is_checked() {
    let engine = Engine::default();
    // 15 · 2^60 multiply-adds fit u64 and are reported; 16 · 2^60 wrapped to a cost near 0, which
    // a per-pass fee or limit would have let through.
    let fits = engine.load(&matmul_chain(1 << 20, 15)).unwrap();
    assert!(fits.report.cost_per_pass >= 15 << 60, "{}", fits.report.cost_per_pass);
    let err = engine.load(&matmul_chain(1 << 20, 16)).unwrap_err();
    assert!(matches!(&err, EngineError::Unsupported(msg) if msg.contains("cost per pass overflows u64")), "{err:?}");
    // One node whose cost overflows tract's own i64 (2^93) is refused too.
    let err = engine.load(&matmul_chain(1 << 31, 1)).unwrap_err();
    assert!(matches!(&err, EngineError::Unsupported(msg) if msg.contains("cost")), "{err:?}");
}
