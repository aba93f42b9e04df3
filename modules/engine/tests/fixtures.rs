//! The engine on the committed real-data fixtures (fixtures/README.md): tract under the
//! deterministic profile and the native tree-ensemble evaluator agree with onnxruntime's recorded
//! outputs within stated tolerances, the labels agree, additive explanations are exact on every row,
//! exact tree Shapley values agree with the `shap` package's within a stated tolerance, equal
//! brute-force Shapley values exactly and sum exactly to the margin difference, and every rejection
//! fixture is refused for its own rule.

use std::path::PathBuf;

use serde_json::Value;
use symbiote_engine::explain::apportion;
use symbiote_engine::fixed::{from_f32, SCALE};
use symbiote_engine::tree::math;
use symbiote_engine::{explain, Engine, EngineError, Explained, Input, Method, TreeRule};

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

/// Tree-ensemble fixtures and who runs them.
const TREE_MODELS: &[(&str, &str)] = &[
    ("breast_cancer_gbdt", "native"),
    ("breast_cancer_lightgbm", "native"),
    ("wine_forest", "tract+native"),
    ("diabetes_gbdt", "native"),
    ("diabetes_forest", "native"),
];

/// Stated tolerance for the native tree evaluator: 10^-6 absolute plus 10^-6 relative. The engine
/// sums leaf weights exactly in fixed point (each weight off by at most 5·10^-10) and computes the
/// post transform within a unit; onnxruntime sums the f32 weights in f32, each addition rounding
/// by up to 2^-24 of the running sum, so its scores drift with the tree count and magnitude (the
/// largest deviations on these fixtures: 1.4·10^-5 on a diabetes value near 150, i.e. 10^-7
/// relative, and 1.6·10^-7 on a probability). Labels must agree exactly.
fn close_native(ours: i64, theirs: f32) -> bool {
    let expected = from_f32(theirs).unwrap();
    let tolerance = (SCALE / 1_000_000) + (expected.abs() as f64 * 1e-6) as i64;
    (ours - expected).abs() <= tolerance
}

fn load_fixture(engine: &Engine, name: &str) -> (std::sync::Arc<symbiote_engine::LoadedModel>, Value) {
    let bytes = std::fs::read(dir().join(format!("{name}.onnx"))).unwrap();
    let expected: Value =
        serde_json::from_slice(&std::fs::read(dir().join(format!("{name}.expected.json"))).unwrap()).unwrap();
    (engine.load(&bytes).unwrap_or_else(|e| panic!("{name}: {e}")), expected)
}

#[test]
fn native_trees_match_onnxruntime_on_every_recorded_row() {
    let engine = Engine::default();
    for (name, executor) in TREE_MODELS {
        let (model, expected) = load_fixture(&engine, name);
        assert_eq!(model.report.sha256, expected["sha256"].as_str().unwrap());
        assert_eq!(model.report.executor, *executor, "{name}");
        // The report's tree facts are the exported model's.
        let facts = expected["training"]["tree_ensembles"].as_array().unwrap();
        assert_eq!(model.report.tree_ensembles.len(), facts.len(), "{name}");
        for (r, f) in model.report.tree_ensembles.iter().zip(facts) {
            assert_eq!(r.op, f["op"].as_str().unwrap(), "{name}");
            assert_eq!(r.trees, f["trees"].as_u64().unwrap(), "{name}: trees");
            assert_eq!(r.nodes, f["nodes"].as_u64().unwrap(), "{name}: nodes");
            assert_eq!(r.post_transform, f["post_transform"].as_str().unwrap(), "{name}");
            assert!(r.max_depth >= 1 && r.leaves > r.trees && r.cost_per_pass > r.trees, "{name}: {r:?}");
        }
        for (i, o) in expected["outputs"].as_array().unwrap().iter().enumerate() {
            let shape: Vec<Option<usize>> = serde_json::from_value(o["shape"].clone()).unwrap();
            let ours = &model.report.output_shapes[i];
            assert_eq!(ours.len(), shape.len(), "{name}: rank of output {}", o["name"]);
            for (a, b) in ours.iter().zip(&shape) {
                assert!(b.is_none_or(|b| b == *a), "{name}: shape of output {}: {ours:?}", o["name"]);
            }
        }
        let (mut worst, mut worst_rel, mut rows, mut missing) = (0i64, 0f64, 0, 0);
        for case in expected["cases"].as_array().unwrap().iter().chain([&expected["baseline"]]) {
            let id = case["id"].as_str().unwrap_or("baseline");
            let x = f32s(&case["input"]);
            missing += usize::from(x.iter().any(|v| v.is_nan()));
            let out = model.run(&Input::F32(x)).unwrap_or_else(|e| panic!("{name}/{id}: {e}"));
            rows += 1;
            for (output_name, want) in case["outputs"].as_object().unwrap() {
                let ours = out.outputs.iter().find(|o| &o.name == output_name).unwrap();
                if want.get("f32_hex").is_some() {
                    assert!(ours.fixed_point);
                    for (o, t) in ours.values.iter().zip(f32s(want)) {
                        assert!(close_native(*o, t), "{name}/{id}/{output_name}: native {o} vs onnxruntime {t}");
                        let e = (o - from_f32(t).unwrap()).abs();
                        worst = worst.max(e);
                        worst_rel = worst_rel.max(e as f64 / from_f32(t).unwrap().abs().max(SCALE) as f64);
                    }
                } else {
                    // The label output itself and the engine's argmax both equal onnxruntime's label.
                    let labels: Vec<i64> = serde_json::from_value(want["values"].clone()).unwrap();
                    assert_eq!(ours.values, labels, "{name}/{id}: label output");
                    assert_eq!(out.label().map(|l| l as i64), Some(labels[0]), "{name}/{id}: label");
                }
            }
        }
        eprintln!(
            "{name}: {rows} rows ({missing} with missing features), max |native − onnxruntime| = {worst} units \
             ({:.1e}; {worst_rel:.1e} of max(|value|, 1))",
            worst as f64 / SCALE as f64
        );
        if *name == "breast_cancer_lightgbm" {
            assert!(missing >= 3, "the LightGBM fixture has rows with missing features");
        }
    }
}

/// Stated tolerance against `shap` (0.51.0, interventional TreeExplainer, the baseline as the one
/// background row, on the trained estimator in f64): 10^-6 absolute plus 10^-7 of the margins'
/// magnitude, max(|margin(x)|, |margin(b)|, 1). Ours is exact on the ONNX model's numbers; the
/// differences are the export's, which rounds every leaf weight to f32 (relative 2^-24 ≈ 6·10^-8 per
/// weight; a Shapley value moves by at most twice the sum over trees of the largest change of a
/// leaf), then 5·10^-10 per weight for the fixed point and under 10^-9 for the integer rounding.
/// Measured (2026-11-30): at most 4.5·10^-8 on the classifiers' log-odds and probabilities and
/// 2.2·10^-6 on the diabetes regressors (values near 150), 10-20 times inside the tolerance.
fn close_to_shap(ours: i64, theirs: f64, magnitude: i64) -> bool {
    let tolerance = 1e-6 * SCALE as f64 + 1e-7 * magnitude.unsigned_abs().max(SCALE as u64) as f64;
    (ours as f64 - theirs * SCALE as f64).abs() <= tolerance
}

#[test]
fn tree_shapley_agrees_with_shap_on_every_row() {
    let engine = Engine::default();
    for (name, _) in TREE_MODELS {
        let (model, expected) = load_fixture(&engine, name);
        let reference = &expected["tree_shap"];
        assert!(reference["package"].as_str().unwrap().starts_with("shap "), "{name}: no shap reference");
        let outputs: Vec<usize> = serde_json::from_value(reference["outputs"].clone()).unwrap();
        let expected_values: Vec<f64> = serde_json::from_value(reference["expected_value"].clone()).unwrap();
        let baseline = Input::F32(f32s(&expected["baseline"]["input"]));
        let cases = expected["cases"].as_array().unwrap();
        let shap_cases = reference["cases"].as_array().unwrap();
        assert_eq!(cases.len(), shap_cases.len(), "{name}");
        let (mut worst, mut worst_base, mut compared) = (0f64, 0f64, 0);
        for (case, theirs) in cases.iter().zip(shap_cases) {
            let id = case["id"].as_str().unwrap();
            assert_eq!(theirs["id"].as_str().unwrap(), id);
            let x = Input::F32(f32s(&case["input"]));
            for (k, &output) in outputs.iter().enumerate() {
                let e = explain(&model, &x, &baseline, output, Method::Tree, 2)
                    .unwrap_or_else(|err| panic!("{name}/{id}: {err}"));
                assert_eq!((e.method, e.explained, e.passes, e.residual), ("shapley_tree", Explained::Margin, 2, 0));
                let magnitude = e.value.unsigned_abs().max(e.base_value.unsigned_abs()) as i64;
                let phi: Vec<f64> = serde_json::from_value(theirs["values"][k].clone()).unwrap();
                assert_eq!(phi.len(), e.attributions.len(), "{name}/{id}");
                for (i, (ours, theirs)) in e.attributions.iter().zip(&phi).enumerate() {
                    assert!(
                        close_to_shap(*ours, *theirs, magnitude),
                        "{name}/{id}/output {output}/feature {i}: ours {ours} units, shap {theirs}"
                    );
                    worst = worst.max((*ours as f64 / SCALE as f64 - theirs).abs());
                    compared += 1;
                }
                // shap's expected value is the margin at the background row.
                assert!(close_to_shap(e.base_value, expected_values[k], magnitude), "{name}: base value");
                worst_base = worst_base.max((e.base_value as f64 / SCALE as f64 - expected_values[k]).abs());
            }
        }
        eprintln!(
            "{name}: {compared} attributions, max |ours − shap| = {worst:.2e}; base value {worst_base:.2e} ({})",
            reference["package"].as_str().unwrap()
        );
    }
}

/// Brute-force Shapley numerators over M! of output `index` of the scores, from all 2^M coalitions
/// through the whole model (tract prefix included): the engine's own definition, independently of
/// the tree walk.
fn brute_force(model: &symbiote_engine::LoadedModel, x: &[f32], b: &[f32], outputs: usize) -> Vec<(Vec<i128>, i128)> {
    let m = x.len();
    let v: Vec<Vec<i64>> = (0..1usize << m)
        .map(|mask| {
            let mixed = (0..m).map(|i| if mask >> i & 1 == 1 { x[i] } else { b[i] }).collect();
            model.forward(&Input::F32(mixed), false).unwrap().scores().unwrap().values.clone()
        })
        .collect();
    let fact = |n: usize| (1..=n as i128).product::<i128>();
    (0..outputs)
        .map(|k| {
            let mut numerators = vec![0i128; m];
            for (i, num) in numerators.iter_mut().enumerate() {
                for mask in (0..1usize << m).filter(|mask| mask >> i & 1 == 0) {
                    let s = mask.count_ones() as usize;
                    *num += fact(s) * fact(m - s - 1) * (i128::from(v[mask | 1 << i][k]) - i128::from(v[mask][k]));
                }
            }
            (numerators, fact(m))
        })
        .collect()
}

#[test]
fn tree_shapley_is_exact_and_efficient_on_every_row() {
    let engine = Engine::default();
    for (name, _) in TREE_MODELS {
        let (model, expected) = load_fixture(&engine, name);
        let b = f32s(&expected["baseline"]["input"]);
        let baseline = Input::F32(b.clone());
        let post_transform = model.report.tree_ensembles[0].post_transform.clone();
        for (r, case) in expected["cases"].as_array().unwrap().iter().enumerate() {
            let id = case["id"].as_str().unwrap();
            let xs = f32s(&case["input"]);
            let x = Input::F32(xs.clone());
            let scores = model.run(&x).unwrap().scores().unwrap().values.clone();
            for (k, score) in scores.iter().enumerate() {
                let e = explain(&model, &x, &baseline, k, Method::Tree, 2).unwrap();
                // Efficiency, exactly, in fixed point.
                assert_eq!(
                    e.attributions.iter().map(|a| i128::from(*a)).sum::<i128>(),
                    i128::from(e.value) - i128::from(e.base_value),
                    "{name}/{id}/{k}"
                );
                // value is the margin behind the output: the output is its post transform.
                match post_transform.as_str() {
                    "NONE" => assert_eq!(e.value, *score, "{name}/{id}/{k}"),
                    // One-column binary: output 1 is logistic(s), output 0 logistic(−s) exactly.
                    "LOGISTIC" => assert_eq!(math::logistic(e.value), *score, "{name}/{id}/{k}"),
                    other => panic!("{name}: post transform {other}"),
                }
                let exact = model.tree_shapley(&x, &baseline, k).unwrap();
                assert_eq!(
                    exact.exact.numerators.iter().sum::<i128>(),
                    exact.exact.denominator * i128::from(e.value - e.base_value)
                );
            }
            // Brute force over all 2^M coalitions through the whole model where M allows and the
            // outputs are the margins (NONE): the same rationals. diabetes (M = 10) on every row,
            // wine (M = 13, after tract's standardization prefix: 8192 passes a row) on three.
            let brute_rows = match *name {
                "diabetes_gbdt" | "diabetes_forest" => usize::MAX,
                "wine_forest" => 3,
                _ => 0,
            };
            if r >= brute_rows {
                continue;
            }
            for (k, (numerators, denominator)) in brute_force(&model, &xs, &b, scores.len()).into_iter().enumerate() {
                let tree = model.tree_shapley(&x, &baseline, k).unwrap();
                for (i, (t, bf)) in tree.exact.numerators.iter().zip(&numerators).enumerate() {
                    assert_eq!(t * denominator, bf * tree.exact.denominator, "{name}/{id}/{k}/feature {i}");
                }
                let e = explain(&model, &x, &baseline, k, Method::Tree, 2).unwrap();
                let total = i128::from(e.value - e.base_value);
                assert_eq!(e.attributions, apportion(&numerators, denominator, total).unwrap(), "{name}/{id}/{k}");
                if xs.len() <= 12 {
                    // The engine's brute force of the output (the margin here) gives the same integers.
                    let brute = explain(&model, &x, &baseline, k, Method::Exact, 1 << 12).unwrap();
                    assert_eq!(brute.attributions, e.attributions, "{name}/{id}/{k}");
                    assert_eq!((brute.value, brute.base_value), (e.value, e.base_value));
                    assert_eq!(brute.explained, Explained::Output);
                }
            }
        }
    }
}

#[test]
fn missing_features_are_refused_where_tract_reads_the_input() {
    let engine = Engine::default();
    // wine_forest standardizes its input in tract: non-finite features are refused as for any
    // tract model. A pure tree model takes NaN as a missing value.
    let (wine, _) = load_fixture(&engine, "wine_forest");
    let mut x = vec![1.0f32; 13];
    x[3] = f32::NAN;
    assert!(matches!(wine.run(&Input::F32(x)), Err(EngineError::InputValue(_))));
    let (gbdt, expected) = load_fixture(&engine, "breast_cancer_gbdt");
    let mut x = f32s(&expected["cases"][0]["input"]);
    x.iter_mut().for_each(|v| *v = f32::NAN);
    let out = gbdt.run(&Input::F32(x)).unwrap();
    // Every node of this export has nodes_missing_value_tracks_true = 0: all-missing rows take the
    // false branch everywhere, the same as +infinity with BRANCH_LEQ.
    let inf = gbdt.run(&Input::F32(vec![f32::INFINITY; 30])).unwrap();
    assert_eq!(out.outputs, inf.outputs);
}

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
        ("breast_cancer_gbdt", Method::Sampled { seed: [5; 32], permutations: 4 }),
        ("breast_cancer_lightgbm", Method::Sampled { seed: [6; 32], permutations: 4 }),
        ("wine_forest", Method::Sampled { seed: [7; 32], permutations: 4 }),
        ("diabetes_gbdt", Method::Exact),
        ("diabetes_forest", Method::Exact),
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
    // One fixture per tree-ensemble rule, each refused for that rule (fixtures/reject/README.md).
    let tree_rules = [
        ("tree_attribute.onnx", TreeRule::Attribute),
        ("tree_attribute_length.onnx", TreeRule::AttributeLength),
        ("tree_mode.onnx", TreeRule::Mode),
        ("tree_aggregate_function.onnx", TreeRule::AggregateFunction),
        ("tree_post_transform.onnx", TreeRule::PostTransform),
        ("tree_node_id.onnx", TreeRule::NodeId),
        ("tree_feature_id.onnx", TreeRule::FeatureId),
        ("tree_target_id.onnx", TreeRule::TargetId),
        ("tree_cycle.onnx", TreeRule::Cycle),
        ("tree_not_a_tree.onnx", TreeRule::NotATree),
        ("tree_depth.onnx", TreeRule::Depth),
        ("tree_node_count.onnx", TreeRule::NodeCount),
        ("tree_target_count.onnx", TreeRule::TargetCount),
        ("tree_threshold.onnx", TreeRule::Threshold),
        ("tree_weight.onnx", TreeRule::Weight),
        ("tree_binary_form.onnx", TreeRule::Binary),
        ("tree_labels.onnx", TreeRule::Labels),
        ("tree_placement.onnx", TreeRule::Placement),
        ("tree_input.onnx", TreeRule::TreeInput),
    ];
    for (file, rule) in tree_rules {
        match load(file) {
            EngineError::Tree { rule: got, .. } if got == rule => {}
            other => panic!("{file}: expected rule {rule}, got {other:?}"),
        }
    }
    // Every fixture in reject/ is covered by this test.
    let listed = std::fs::read_dir(dir().join("reject"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|f| f.ends_with(".onnx"))
        .count();
    assert_eq!(listed, 9 + tree_rules.len(), "a rejection fixture without a check");
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
        symbiote_engine::trace::build(&model, "v1", &x, true, &fwd, Some((&e, &baseline, Method::Exact)))
    };
    let (a, b) = (trace_of(), trace_of());
    let id = symbiote_engine::trace::trace_id(&a);
    assert_eq!(id, symbiote_engine::trace::trace_id(&b));
    // Decoding and re-encoding the canonical bytes gives the same bytes.
    use prost::Message;
    let encoded = symbiote_engine::trace::encode(&a);
    let decoded = symbiote_proto::symbiote::inference::v1::Trace::decode(encoded.as_slice()).unwrap();
    assert_eq!(decoded.encode_to_vec(), encoded);
    assert_eq!(decoded.label, Some(0));
    assert_eq!(decoded.explanation.as_ref().unwrap().feature_names.len(), 4);
    assert_eq!(decoded.profile, symbiote_engine::profile::PROFILE_NAME);
    // A changed node digest is located.
    let mut c = a.clone();
    c.node_digests[2].sha256[0] ^= 1;
    assert_ne!(symbiote_engine::trace::trace_id(&c), id);
    assert!(symbiote_engine::trace::first_divergence(&a, &c)
        .unwrap()
        .starts_with(&format!("node {}", a.node_digests[2].node)));
    assert_eq!(symbiote_engine::trace::first_divergence(&a, &b), None);
}
