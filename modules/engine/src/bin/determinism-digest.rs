//! Prints one SHA-256 per fixture model over the trace ids of its rows (each trace holds the
//! fixed-point outputs, label, node digests and an explanation), with the number of traces and of
//! tree-Shapley traces hashed, and one SHA-256 over all of them. The tree fixtures' rows include NaN
//! (missing) features for the LightGBM model, and each of their rows adds one trace per output
//! with the exact tree Shapley values of that output's margin (`Method::Tree`). Run natively and
//! under emulated CPUs (tests/cross_cpu.rs): equal digests are what keeps validators on different
//! hardware from halting the chain. Exits non-zero if the deterministic profile cannot be
//! established or a fixture cannot be run or explained.

use std::path::PathBuf;

use sha2::{Digest, Sha256};
use symbiote_engine::{explain, trace, Engine, Input, Method};

fn f32s(v: &serde_json::Value) -> Vec<f32> {
    v["f32_hex"]
        .as_array()
        .expect("f32_hex array")
        .iter()
        .map(|h| f32::from_bits(u32::from_str_radix(h.as_str().expect("hex"), 16).expect("hex")))
        .collect()
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    let engine = Engine::default();
    let mut all = Sha256::new();
    let models = [
        "breast_cancer_logreg",
        "breast_cancer_mlp",
        "breast_cancer_mlp_qdynamic",
        "breast_cancer_mlp_qstatic",
        "iris_mlp",
        "diabetes_regressor",
        // Tree ensembles: the native evaluator (wine_forest after a tract prefix).
        "breast_cancer_gbdt",
        "breast_cancer_lightgbm",
        "wine_forest",
        "diabetes_gbdt",
        "diabetes_forest",
    ];
    for name in models {
        let bytes = std::fs::read(dir.join(format!("{name}.onnx"))).expect("fixture model");
        let expected: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(format!("{name}.expected.json"))).expect("fixture json"))
                .expect("json");
        let model = engine.load(&bytes).unwrap_or_else(|e| {
            eprintln!("{name}: {e}");
            std::process::exit(2)
        });
        let baseline = Input::F32(f32s(&expected["baseline"]["input"]));
        let mut per_model = Sha256::new();
        let (mut traces, mut tree_traces) = (0usize, 0usize);
        for case in expected["cases"].as_array().expect("cases") {
            let x = Input::F32(f32s(&case["input"]));
            let fwd = model.run(&x).unwrap_or_else(|e| {
                eprintln!("{name}: {e}");
                std::process::exit(2)
            });
            let label = fwd.label();
            let method = if model.report.feature_count <= 4 { Method::Exact } else { Method::Occlusion };
            let explained = |k: usize, method: Method| {
                explain(&model, &x, &baseline, k, method, 1 << 20).unwrap_or_else(|e| {
                    eprintln!("{name}: {} of output {k}: {e}", method.name());
                    std::process::exit(2)
                })
            };
            let e = explained(label.unwrap_or(0), method);
            let trace = trace::build(&model, "fixture", &x, true, &fwd, Some((&e, &baseline, method)));
            per_model.update(trace::trace_id(&trace));
            traces += 1;
            if !model.report.tree_ensembles.is_empty() {
                for k in 0..fwd.scores().map_or(0, |s| s.values.len()) {
                    let e = explained(k, Method::Tree);
                    let trace = trace::build(&model, "fixture", &x, true, &fwd, Some((&e, &baseline, Method::Tree)));
                    per_model.update(trace::trace_id(&trace));
                    traces += 1;
                    tree_traces += 1;
                }
            }
        }
        let digest = per_model.finalize();
        println!("{name} {} traces={traces} tree_shapley={tree_traces}", hex::encode(digest));
        all.update(digest);
    }
    println!("all {}", hex::encode(all.finalize()));
}
