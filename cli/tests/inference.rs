//! `symbiote model inspect`, `infer` and `trace verify` on committed fixture models (a tract model
//! and a tree ensemble the engine evaluates natively).

use crate::common;

use std::process::Command;

use common::{repo, SYMBIOTE};
use prost::Message;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(SYMBIOTE).args(args).output().unwrap()
}

#[test]
fn infer_then_verify_and_catch_a_tampered_trace() {
    let model = repo().join("modules/engine/fixtures/iris_mlp.onnx");
    let model = model.to_str().unwrap();
    let inspect = run(&["model", "inspect", model, "--output", "json"]);
    assert!(inspect.status.success());
    let report: serde_json::Value = serde_json::from_slice(&inspect.stdout).unwrap();
    assert_eq!(report["feature_count"], 4);

    let dir = tempfile::tempdir().unwrap();
    let trace_path = dir.path().join("trace.bin");
    let out = run(&[
        "infer",
        model,
        "--input",
        "[6.3, 2.8, 5.1, 1.5]",
        "--baseline",
        "[5.87, 3.04, 3.77, 1.21]",
        "--trace-out",
        trace_path.to_str().unwrap(),
        "--output",
        "json",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["label"], 1);
    assert_eq!(v["explanation"]["residual"], 0);

    let ok = run(&["trace", "verify", trace_path.to_str().unwrap(), "--model", model, "--output", "json"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stdout));

    // Tamper with one output value: verification fails and says where.
    let bytes = std::fs::read(&trace_path).unwrap();
    let mut t = symbiote_proto::symbiote::inference::v1::Trace::decode(bytes.as_slice()).unwrap();
    t.outputs[1].values[0] += 1;
    std::fs::write(&trace_path, hex::encode(t.encode_to_vec())).unwrap();
    let bad = run(&["trace", "verify", trace_path.to_str().unwrap(), "--model", model, "--output", "json"]);
    assert!(!bad.status.success());
    let r: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(r["ok"], false);
    assert!(r["mismatches"].as_array().unwrap().iter().any(|m| m == "outputs"), "{r}");
}

#[test]
fn tree_ensemble_inspect_infer_and_verify() {
    let dir = repo().join("modules/engine/fixtures");
    let model = dir.join("breast_cancer_gbdt.onnx");
    let model = model.to_str().unwrap();
    let inspect = run(&["model", "inspect", model, "--output", "json"]);
    assert!(inspect.status.success(), "{}", String::from_utf8_lossy(&inspect.stderr));
    let report: serde_json::Value = serde_json::from_slice(&inspect.stdout).unwrap();
    assert_eq!(report["executor"], "native");
    assert_eq!(report["tree_ensembles"][0]["trees"], 150);
    let text = run(&["model", "inspect", model]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("150 trees"), "{}", String::from_utf8_lossy(&text.stdout));

    // Row test_0 of the fixture (decimals of its exact f32 values), label as onnxruntime's.
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("breast_cancer_gbdt.expected.json")).unwrap()).unwrap();
    let case = &expected["cases"][0];
    let input = serde_json::to_string(&case["input"]["f32"]).unwrap();
    let baseline = serde_json::to_string(&expected["baseline"]["input"]["f32"]).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let trace_path = tmp.path().join("trace.bin");
    let out = run(&[
        "infer",
        model,
        "--input",
        &input,
        "--baseline",
        &baseline,
        "--explain",
        "occlusion",
        "--trace-out",
        trace_path.to_str().unwrap(),
        "--output",
        "json",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["label"], case["outputs"]["label"]["values"][0]);
    assert_eq!(v["node_digests"], 2, "the ensemble and the Identity after it");
    let ok = run(&["trace", "verify", trace_path.to_str().unwrap(), "--model", model, "--output", "json"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stdout));

    // Exact tree Shapley values of the margin (30 features: beyond brute force), and its trace verifies.
    let tree_trace = tmp.path().join("tree.bin");
    let out = run(&[
        "infer",
        model,
        "--input",
        &input,
        "--baseline",
        &baseline,
        "--explain",
        "tree",
        "--trace-out",
        tree_trace.to_str().unwrap(),
        "--output",
        "json",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = &v["explanation"];
    assert_eq!((e["method"].as_str(), e["explained"].as_str()), (Some("shapley_tree"), Some("margin")), "{e}");
    let sum: i64 = e["attributions"].as_array().unwrap().iter().map(|a| a.as_i64().unwrap()).sum();
    assert_eq!(sum, e["value"].as_i64().unwrap() - e["base_value"].as_i64().unwrap());
    assert_eq!(e["attributions"].as_array().unwrap().len(), 30);
    let ok = run(&["trace", "verify", tree_trace.to_str().unwrap(), "--model", model, "--output", "json"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stdout));
    let text = run(&["infer", model, "--input", &input, "--baseline", &baseline, "--explain", "tree"]);
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("shapley_tree (2 passes) of the raw margin"),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );
}
