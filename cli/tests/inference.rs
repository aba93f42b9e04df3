//! `symbiote model inspect`, `infer` and `trace verify` on a committed fixture model.

mod common;

use std::process::Command;

use common::{repo, SYMBIOTE};
use prost::Message;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(SYMBIOTE).args(args).output().unwrap()
}

#[test]
fn infer_then_verify_and_catch_a_tampered_trace() {
    let model = repo().join("modules/inference/fixtures/iris_mlp.onnx");
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
