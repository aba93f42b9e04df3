//! In-block inference on the running four-validator localnet: a model owner registers the
//! breast-cancer classifier with a lineage of two contributors' training data; a patient commits
//! her record and consents to a clinic's inference use for HMB research; the clinic runs the
//! classifier on her disclosed record — the decision printed with its attribution bars, the
//! identical trace stored by all four validators, `trace verify --node` passing against a signed
//! header; the fee reaches the owner, the patient and the contributors exactly (pro rata, the
//! remainder to the community pool) and the patient withdraws hers; a deprecated version, an
//! unknown model, a missing consent, malformed inputs (wrong length, NaN, not a number) and a fee
//! too low each get their coded error and change nothing; after the patient withdraws her consent
//! the clinic is refused.

use std::path::Path;

use serde_json::Value;
use tendermint_rpc::Client;

use super::common::*;
use super::registry::{code, tx_big};
use super::staking::{address, balance, json, query, tx_ok, Localnet, FEE};

/// The fixture's 30 feature names, as field and feature names (spaces → underscores).
fn feature_names(fixture: &Value) -> Vec<String> {
    fixture["feature_names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().replace(' ', "_")).collect()
}

/// f32 values of a fixture input as their shortest decimal strings.
fn decimals(input: &Value) -> Vec<String> {
    input["f32_hex"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| f32::from_bits(u32::from_str_radix(h.as_str().unwrap(), 16).unwrap()).to_string())
        .collect()
}

/// A CSV of the fixture's test cases `cases` under the feature names.
fn csv(fixture: &Value, cases: std::ops::Range<usize>) -> String {
    let mut out = feature_names(fixture).join(",") + "\n";
    for case in &fixture["cases"].as_array().unwrap()[cases] {
        out += &(decimals(&case["input"]).join(",") + "\n");
    }
    out
}

/// `symbiote tx ...` printing for people (the decision with its bars), with a fixed gas limit.
fn tx_text(home: &Path, node: &str, args: &[&str]) -> std::process::Output {
    let mut all: Vec<&str> = vec!["tx"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--keyring-backend", "test", "--gas", "5000000", "--node", node]);
    sym(home, &all)
}

/// A uint64 as the JSON of a query shows it (a string, or a number).
fn id_of(v: &Value) -> u64 {
    v.as_str().map_or_else(|| v.as_u64().unwrap_or_else(|| panic!("not an id: {v}")), |s| s.parse().unwrap())
}

/// The first dataset `owner` registered.
fn dataset_of(home: &Path, node: &str, owner: &str) -> u64 {
    let list = query(home, node, 0, &["consent", "datasets", "--owner", owner]);
    id_of(&list["datasets"][0]["id"])
}

/// The first consent on `dataset`.
fn consent_on(home: &Path, node: &str, dataset: u64) -> u64 {
    let consents = query(home, node, 0, &["consent", "consents", &dataset.to_string()]);
    id_of(&consents["consents"][0]["id"])
}

/// What a refused inference must leave unchanged: the clinic's decisions, the patient's use log,
/// everyone's accrued rewards.
fn observed(home: &Path, node: &str, clinic: &str, patient: &str, owner: &str) -> Value {
    serde_json::json!({
        "traces": query(home, node, 0, &["inference", "traces", "--requester", clinic]),
        "log": query(home, node, 0, &["inference", "use-log", "--owner", patient]),
        "owner": query(home, node, 0, &["inference", "rewards", owner]),
        "patient": query(home, node, 0, &["inference", "rewards", patient]),
    })
}

fn rewards(home: &Path, node: &str, who: &str) -> u128 {
    let v = query(home, node, 0, &["inference", "rewards", who]);
    v["rewards"]
        .as_array()
        .map_or(0, |a| a.iter().filter(|c| c["denom"] == "usym").map(|c| super::staking::amount(&c["amount"])).sum())
}

pub async fn inference_phase(net: Localnet<'_>) {
    let home0 = net.data.join("node0");
    let node = format!("http://127.0.0.1:{}", net.node0_rpc);
    let work = net.dir.join("inference");
    std::fs::create_dir_all(&work).unwrap();
    let fixture: Value = serde_json::from_slice(
        &std::fs::read(repo().join("modules/engine/fixtures/breast_cancer_mlp.expected.json")).unwrap(),
    )
    .unwrap();
    let names = feature_names(&fixture);

    for k in ["modeler", "patient", "contributor-a", "contributor-b"] {
        sym_ok(&home0, &["keys", "add", k, "--keyring-backend", "test"]);
    }
    let [clinic, modeler, patient, contributor_a, contributor_b] =
        ["clinic", "modeler", "patient", "contributor-a", "contributor-b"].map(|k| address(&home0, k, "acc"));
    for who in [&modeler, &patient, &contributor_a, &contributor_b] {
        tx_ok(&home0, &node, &["bank", "send", "alice", who, "10000000000usym"]);
    }

    // Training data: contributor A's 3 records and B's 1, each consented to the modeler's training.
    let commit = |who: &str, file: &str, cases: std::ops::Range<usize>, name: &str| {
        let path = work.join(file);
        std::fs::write(&path, csv(&fixture, cases)).unwrap();
        let committed = json(&sym_ok(&home0, &["data", "commit", path.to_str().unwrap(), "--output", "json"]));
        let secrets = committed["secrets_file"].as_str().unwrap().to_string();
        tx_ok(&home0, &node, &["consent", "register-dataset", "--commitment", &secrets, "--name", name, "--from", who]);
        path
    };
    commit("contributor-a", "a.csv", 2..5, "screening a");
    commit("contributor-b", "b.csv", 5..6, "screening b");
    let (da, db) = (dataset_of(&home0, &node, &contributor_a), dataset_of(&home0, &node, &contributor_b));
    for (who, dataset) in [("contributor-a", da), ("contributor-b", db)] {
        let d = dataset.to_string();
        let grant = ["consent", "grant", &d, "--grantee", &modeler, "--uses", "training", "--permission", "HMB"];
        tx_ok(&home0, &node, &[&grant[..], &["--from", who]].concat());
    }
    let (ca, cb) = (consent_on(&home0, &node, da), consent_on(&home0, &node, db));

    // The model, its card: schemas, sampled Shapley from the training means, 1000usym, lineage.
    let card = work.join("card.json");
    std::fs::write(
        &card,
        serde_json::json!({
            "license": "BSD-3-Clause", "intended_use": "decision support in breast cancer screening",
            "limitations": "trained on the Wisconsin diagnostic set", "features": names,
            "class_labels": ["malignant", "benign"], "positive_class": 0,
            "explanation": {"method": "shapley_sampled", "sample_budget": 8, "baseline": decimals(&fixture["baseline"]["input"])},
            "inference_fee": "1000usym",
            "training": [{"dataset_id": da, "consent_id": ca, "purpose": "HMB"}, {"dataset_id": db, "consent_id": cb, "purpose": "HMB"}]
        })
        .to_string(),
    )
    .unwrap();
    let model = repo().join("modules/engine/fixtures/breast_cancer_mlp.onnx");
    let args = [
        "registry",
        "upload-model",
        model.to_str().unwrap(),
        "--name",
        "breast-cancer",
        "--card",
        card.to_str().unwrap(),
        "--from",
        "modeler",
    ];
    let up = tx_big(&home0, &node, &args);
    assert!(up["txs"].as_array().unwrap_or_else(|| panic!("{up}")).iter().all(|t| t["code"] == 0), "{up}");
    tx_ok(&home0, &node, &["registry", "set-alias", "breast-cancer", "production", "1", "--from", "modeler"]);

    // The patient commits her record, consents to the clinic's inference use for HMB research,
    // and discloses the 30 features of her record 0.
    let record = commit("patient", "patient.csv", 0..2, "my screening");
    let dp = dataset_of(&home0, &node, &patient);
    let grant =
        ["consent", "grant", &dp.to_string(), "--grantee", &clinic, "--uses", "inference", "--permission", "HMB"];
    tx_ok(&home0, &node, &[&grant[..], &["--from", "patient"]].concat());
    let consent = consent_on(&home0, &node, dp);
    let consent = consent.to_string();
    let disclosure = work.join("disclosure.json");
    let fields = names.join(",");
    sym_ok(
        &home0,
        &[
            "data",
            "disclose",
            record.to_str().unwrap(),
            "--record",
            "0",
            "--fields",
            &fields,
            "--dataset-id",
            &dp.to_string(),
            "--out",
            disclosure.to_str().unwrap(),
        ],
    );
    let d = disclosure.to_str().unwrap();

    // The clinic's decision on the disclosed record, printed with its attribution bars.
    let infer = [
        "inference",
        "infer",
        "breast-cancer@production",
        "--disclosure",
        d,
        "--consent",
        &consent,
        "--purpose",
        "HMB",
        "--max-fee",
        "1000usym",
        "--from",
        "clinic",
    ];
    let out = tx_text(&home0, &node, &infer);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("decision: benign (class 1)") || text.contains("decision: malignant (class 0)"), "{text}");
    assert!(text.contains('█') && text.contains("shapley_sampled"), "{text}");
    let trace_id =
        text.lines().find_map(|l| l.strip_prefix("trace: ")).unwrap().split_whitespace().next().unwrap().to_string();
    let height: u64 = text.lines().find_map(|l| l.strip_prefix("height: ")).unwrap().trim().parse().unwrap();

    // All four validators store the identical trace, naming the consent and its receipt.
    for i in 0..4 {
        wait_height(&rpc(net.node0_rpc + 10 * i), height, std::time::Duration::from_secs(30)).await;
    }
    let traces: Vec<Value> = (0..4u16)
        .map(|i| {
            query(
                &home0,
                &format!("http://127.0.0.1:{}", net.node0_rpc + 10 * i),
                height,
                &["inference", "trace", &trace_id],
            )
        })
        .collect();
    assert!(traces.windows(2).all(|w| w[0] == w[1]), "validators store different traces: {traces:?}");
    let t = traces[0]["trace"].to_string();
    assert!(t.contains("breast-cancer") && t.contains(&clinic), "{t}");
    let log = query(&home0, &node, 0, &["inference", "use-log", "--owner", &patient]);
    assert!(log["entries"][0]["receipt"].to_string().contains(&trace_id), "{log}");

    // trace verify against another node: proof, signed header, re-execution.
    let node2 = format!("http://127.0.0.1:{}", net.node0_rpc + 20);
    let verified = sym(&home0, &["trace", "verify", &trace_id, "--node", &node2]);
    let report = String::from_utf8_lossy(&verified.stdout).to_string();
    assert!(verified.status.success(), "{report}\n{}", String::from_utf8_lossy(&verified.stderr));
    assert!(report.contains("verified") && report.contains("> 2/3"), "{report}");
    let forged = "ab".repeat(32);
    assert!(!sym(&home0, &["trace", "verify", &forged, "--node", &node2]).status.success());

    // The fee, exactly: owner 50% = 500; the patient 30% = 300; training 15% = 150 pro rata 3:1 =
    // 112 and 37 (floors); the community pool the rest, 51.
    assert_eq!(rewards(&home0, &node, &modeler), 500);
    assert_eq!(rewards(&home0, &node, &patient), 300);
    assert_eq!(rewards(&home0, &node, &contributor_a), 112);
    assert_eq!(rewards(&home0, &node, &contributor_b), 37);
    let hash = text.lines().find_map(|l| l.strip_prefix("txhash: ")).unwrap().trim().to_string();
    let included = rpc(net.node0_rpc).tx(hash.parse().unwrap(), false).await.unwrap();
    let split = included.tx_result.events.iter().find(|e| e.kind == "inference_fee").expect("the fee split's event");
    let attribute = |key: &str| {
        split.attributes.iter().find(|a| a.key_str().ok() == Some(key)).and_then(|a| a.value_str().ok()).unwrap()
    };
    assert_eq!((attribute("fee"), attribute("community_pool")), ("1000usym", "51usym"));
    let before = balance(&home0, &node, 0, &patient);
    tx_ok(&home0, &node, &["inference", "withdraw-rewards", "--from", "patient"]);
    assert_eq!(balance(&home0, &node, 0, &patient), before + 300 - FEE);
    assert_eq!(rewards(&home0, &node, &patient), 0);

    // Refusals, each coded, each changing nothing.
    let before = observed(&home0, &node, &clinic, &patient, &modeler);
    let x: Vec<String> = decimals(&fixture["cases"][0]["input"]);
    let input = |v: &[String]| format!("[{}]", v.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(","));
    let mut nan = x.clone();
    nan[3] = "NaN".into();
    let mut word = x.clone();
    word[7] = "large".into();
    let public = |model: &str, features: String, max_fee: &str| {
        let args = ["inference", "infer", model, "--input", &features, "--max-fee", max_fee, "--from", "clinic"];
        tx_big(&home0, &node, &args)
    };
    assert_eq!(code(&public("breast-cancer:1", input(&x[..29]), "1000usym")), (4, "inference".into()));
    assert_eq!(code(&public("breast-cancer:1", input(&nan), "1000usym")), (4, "inference".into()));
    assert_eq!(code(&public("breast-cancer:1", input(&word), "1000usym")), (4, "inference".into()));
    assert_eq!(code(&public("breast-cancer:1", input(&x), "999usym")), (5, "inference".into()));
    assert_eq!(code(&public("no-such-model:1", input(&x), "1000usym")), (3, "registry".into()));
    let mut missing = infer.to_vec();
    missing[6] = "999";
    assert_eq!(code(&tx_big(&home0, &node, &missing)), (4, "consent".into()));
    assert_eq!(observed(&home0, &node, &clinic, &patient, &modeler), before, "a refused inference changed state");

    // The patient withdraws her consent: the clinic's next inference on her record is refused.
    tx_ok(
        &home0,
        &node,
        &["consent", "withdraw", &consent, "--reason", "second opinion elsewhere", "--from", "patient"],
    );
    let before = observed(&home0, &node, &clinic, &patient, &modeler);
    assert_eq!(code(&tx_big(&home0, &node, &infer)), (7, "consent".into()));
    // A deprecated version takes no more inferences, through its alias either.
    tx_ok(
        &home0,
        &node,
        &["registry", "deprecate", "breast-cancer", "1", "--reason", "superseded", "--from", "modeler"],
    );
    assert_eq!(code(&public("breast-cancer@production", input(&x), "1000usym")), (3, "inference".into()));
    assert_eq!(observed(&home0, &node, &clinic, &patient, &modeler), before, "a refused inference changed state");
}
