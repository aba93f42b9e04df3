//! The engine on the committed real-data fixtures (fixtures/README.md): tract under the
//! deterministic profile agrees with onnxruntime's recorded outputs within a stated tolerance, the
//! labels agree, additive explanations are exact on every row, and every rejection fixture is
//! refused for its own rule.

use std::path::PathBuf;

use serde_json::Value;
use symbiote_inference::fixed::{from_f32, SCALE};
use symbiote_inference::{explain, Engine, EngineError, Input, Method};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn f32s(v: &Value) -> Vec<f32> {
    v["f32_hex"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| f32::from_bits(u32::from_str_radix(h.as_str().unwrap(), 16).unwrap()))
        .collect()
}

/// Stated tolerances. tract's generic kernels and onnxruntime's SIMD ones sum in different orders:
/// float outputs agree to 1e-5 absolute or 1e-6 relative (the larger). Dynamic quantization rounds
/// activations to u8 at run time, and tract's DynamicQuantizeLinear rounds differently from
/// onnxruntime's (ties, scale), which moves probabilities by up to 1e-3 on this model. Labels must
/// agree exactly everywhere. (What consensus needs is tract agreeing with itself on every CPU; that
/// is the cross-CPU test's job.)
fn close(model: &str, ours: i64, theirs: f32) -> bool {
    let expected = from_f32(theirs).unwrap();
    let absolute = if model.ends_with("_qdynamic") { 1e-3 } else { 1e-5 };
    let tolerance = ((SCALE as f64 * absolute) as i64).max((expected.abs() as f64 * 1e-6) as i64);
    (ours - expected).abs() <= tolerance
}

const MODELS: &[&str] = &[
    "breast_cancer_logreg",
    "breast_cancer_mlp",
    "breast_cancer_mlp_qdynamic",
    "breast_cancer_mlp_qstatic",
    "iris_mlp",
    "diabetes_regressor",
];

#[test]
fn tract_matches_onnxruntime_on_every_recorded_row() {
    let engine = Engine::default();
    for name in MODELS {
        let bytes = std::fs::read(dir().join(format!("{name}.onnx"))).unwrap();
        let expected: Value =
            serde_json::from_slice(&std::fs::read(dir().join(format!("{name}.expected.json"))).unwrap()).unwrap();
        let model = engine.load(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(model.report.sha256, expected["sha256"].as_str().unwrap());
        let feature_names: Vec<String> = serde_json::from_value(expected["feature_names"].clone()).unwrap();
        assert_eq!(model.report.feature_names, feature_names, "{name}: feature names from metadata");
        for (i, o) in expected["outputs"].as_array().unwrap().iter().enumerate() {
            let shape: Vec<usize> = serde_json::from_value(o["shape"].clone()).unwrap();
            assert_eq!(model.report.output_shapes[i], shape, "{name}: shape of output {}", o["name"]);
        }
        for case in expected["cases"].as_array().unwrap().iter().chain([&expected["baseline"]]) {
            let id = case["id"].as_str().unwrap_or("baseline");
            let out = model.run(&Input::F32(f32s(&case["input"]))).unwrap_or_else(|e| panic!("{name}/{id}: {e}"));
            for (output_name, want) in case["outputs"].as_object().unwrap() {
                let ours = out
                    .outputs
                    .iter()
                    .find(|o| &o.name == output_name)
                    .unwrap_or_else(|| panic!("{name}: no output {output_name}"));
                if want.get("f32_hex").is_some() {
                    for (o, t) in ours.values.iter().zip(f32s(want)) {
                        assert!(close(name, *o, t), "{name}/{id}/{output_name}: tract {o} vs onnxruntime {t}");
                    }
                } else {
                    let labels: Vec<i64> = serde_json::from_value(want["values"].clone()).unwrap();
                    assert_eq!(out.label().map(|l| l as i64), Some(labels[0]), "{name}/{id}: label");
                }
            }
        }
    }
}

#[test]
fn explanations_sum_exactly_on_every_row() {
    let engine = Engine::default();
    // Exact Shapley where the model has at most 12 features; the 30-feature models use sampled
    // Shapley, whose sum is exact too.
    for (name, method) in [
        ("iris_mlp", Method::Exact),
        ("diabetes_regressor", Method::Exact),
        ("breast_cancer_logreg", Method::Sampled { seed: [3; 32], permutations: 4 }),
        ("breast_cancer_mlp", Method::Sampled { seed: [1; 32], permutations: 4 }),
        ("breast_cancer_mlp_qdynamic", Method::Sampled { seed: [2; 32], permutations: 2 }),
        ("breast_cancer_mlp_qstatic", Method::Sampled { seed: [4; 32], permutations: 2 }),
    ] {
        let bytes = std::fs::read(dir().join(format!("{name}.onnx"))).unwrap();
        let expected: Value =
            serde_json::from_slice(&std::fs::read(dir().join(format!("{name}.expected.json"))).unwrap()).unwrap();
        let model = engine.load(&bytes).unwrap();
        let baseline = Input::F32(f32s(&expected["baseline"]["input"]));
        for case in expected["cases"].as_array().unwrap() {
            let x = Input::F32(f32s(&case["input"]));
            let fwd = model.run(&x).unwrap();
            let index = fwd.label().unwrap_or(0);
            let e = explain(&model, &x, &baseline, index, method, 1_000_000).unwrap();
            assert_eq!(e.residual, 0, "{name}: additive methods are exact");
            assert_eq!(e.attributions.iter().map(|a| i128::from(*a)).sum::<i128>(), i128::from(e.value - e.base_value));
            assert_eq!(e.value, fwd.scores().unwrap().values[index]);
        }
    }
}

#[test]
fn every_rejection_fixture_is_refused_for_its_rule() {
    let engine = Engine::default();
    let load = |f: &str| engine.load(&std::fs::read(dir().join("reject").join(f)).unwrap()).unwrap_err();
    assert!(matches!(load("sin_op.onnx"), EngineError::Op { op, .. } if op == "Sin"));
    assert!(matches!(load("log_softmax.onnx"), EngineError::Op { op, .. } if op == "LogSoftmax"));
    assert!(matches!(load("random_normal.onnx"), EngineError::Op { op, .. } if op == "RandomNormalLike"));
    assert!(matches!(load("f64_math.onnx"), EngineError::FloatWidth { .. }));
    assert!(matches!(load("two_inputs.onnx"), EngineError::InputCount(names) if names.len() == 2));
    assert!(matches!(load("dynamic_shape.onnx"), EngineError::DynamicShape { axis: 1, .. }));
    assert!(matches!(load("f16_input.onnx"), EngineError::InputType { .. }));
    assert!(matches!(load("string_input.onnx"), EngineError::InputType { .. }));
    assert!(matches!(load("oversized.onnx"), EngineError::TooLarge { size: 4_198_615, limit: 4_194_304 }));
}

#[test]
fn traces_are_canonical_and_reproducible() {
    let engine = Engine::default();
    let bytes = std::fs::read(dir().join("iris_mlp.onnx")).unwrap();
    let expected: Value =
        serde_json::from_slice(&std::fs::read(dir().join("iris_mlp.expected.json")).unwrap()).unwrap();
    let model = engine.load(&bytes).unwrap();
    let x = Input::F32(f32s(&expected["cases"][0]["input"]));
    let baseline = Input::F32(f32s(&expected["baseline"]["input"]));
    let trace_of = || {
        let fwd = model.run(&x).unwrap();
        let e = explain(&model, &x, &baseline, fwd.label().unwrap(), Method::Exact, 1_000).unwrap();
        symbiote_inference::trace::build(&model, "v1", &x, true, &fwd, Some((&e, &baseline, Method::Exact)))
    };
    let (a, b) = (trace_of(), trace_of());
    let id = symbiote_inference::trace::trace_id(&a);
    assert_eq!(id, symbiote_inference::trace::trace_id(&b));
    // Decoding and re-encoding the canonical bytes gives the same bytes.
    use prost::Message;
    let encoded = symbiote_inference::trace::encode(&a);
    let decoded = symbiote_proto::symbiote::inference::v1::Trace::decode(encoded.as_slice()).unwrap();
    assert_eq!(decoded.encode_to_vec(), encoded);
    assert_eq!(decoded.label, Some(0));
    assert_eq!(decoded.explanation.as_ref().unwrap().feature_names.len(), 4);
    assert_eq!(decoded.profile, symbiote_inference::profile::PROFILE_NAME);
    // A changed node digest is located.
    let mut c = a.clone();
    c.node_digests[2].sha256[0] ^= 1;
    assert_ne!(symbiote_inference::trace::trace_id(&c), id);
    assert!(symbiote_inference::trace::first_divergence(&a, &c)
        .unwrap()
        .starts_with(&format!("node {}", a.node_digests[2].node)));
    assert_eq!(symbiote_inference::trace::first_divergence(&a, &b), None);
}
