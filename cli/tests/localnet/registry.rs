//! The model registry and the consent ledger on the running four-validator localnet (CometBFT's
//! default limits: 1 MiB per tx): a patient commits a dataset from a CSV and grants HMB research
//! use to a clinic, whose disclosure of one record verifies and is recorded with a receipt; a
//! commercial request is refused under NCU; a withdrawal at height h refuses later uses and keeps
//! the receipts before; a 3 MiB model registers through chunks and downloads from another node; a
//! tampered chunk, a wrong proof, an unknown dataset, an expired consent and an oversized model
//! each get a coded error and change no state.

use std::path::Path;
use std::time::Duration;

use cosmos_sdk_proto::Any;
use prost::Message;
use serde_json::Value;
use sha2::{Digest, Sha256};
use symbiote_app::tx::build::{Signer, Signing, UnsignedTx};
use symbiote_proto::symbiote::registry::v1 as rpb;
use tendermint_rpc::Client;

use super::common::*;
use super::staking::{address, json, query, tx, tx_ok, Localnet};

const CSV: &str = "age,sex,bmi,glucose,diagnosis\n\
54,F,31.2,7.9,E11\n\
61,M,24.8,5.2,none\n\
47,F,28.1,6.4,E11\n\
39,M,22.0,5.0,none\n\
70,F,33.5,8.8,E11\n";

const DIABETES: &str = "MONDO:0005015";

/// A tx with a fixed, generous gas limit (so a message that fails in its block is still
/// broadcast), for messages moving up to a chunk of bytes.
pub fn tx_big(home: &Path, node: &str, args: &[&str]) -> Value {
    let mut all: Vec<&str> = vec!["tx"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--keyring-backend", "test", "--gas", "30000000", "--node", node, "--output", "json"]);
    let out = sym(home, &all);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("symbiote {all:?}: not JSON ({e}):\n{}", String::from_utf8_lossy(&out.stderr)))
}

pub fn code(v: &Value) -> (u64, String) {
    (v["code"].as_u64().unwrap_or(u64::MAX), v["codespace"].as_str().unwrap_or_default().to_string())
}

fn assert_refused(v: &Value, codespace: &str, expected: u64) {
    assert_eq!(code(v), (expected, codespace.to_string()), "{v}");
}

/// Consent-ledger state as queries show it: the consents, datasets and receipts.
fn ledger(home: &Path, node: &str) -> Value {
    serde_json::json!({
        "consents": query(home, node, 0, &["consent", "consents", "1"]),
        "datasets": query(home, node, 0, &["consent", "datasets"]),
        "receipts": query(home, node, 0, &["consent", "receipts", "--consent", "1"]),
    })
}

pub async fn registry_consent_phase(net: Localnet<'_>) {
    let home0 = net.data.join("node0");
    let node = format!("http://127.0.0.1:{}", net.node0_rpc);
    let node1 = format!("http://127.0.0.1:{}", net.node0_rpc + 10);
    let work = net.dir.join("registry");
    std::fs::create_dir_all(&work).unwrap();
    // bob is the patient, alice the hospital (the dataset's controller), then a clinic and a
    // commercial requester.
    for k in ["clinic", "pharma"] {
        sym_ok(&home0, &["keys", "add", k, "--keyring-backend", "test"]);
    }
    let [alice, bob, clinic, pharma] = ["alice", "bob", "clinic", "pharma"].map(|k| address(&home0, k, "acc"));
    for who in [&clinic, &pharma] {
        tx_ok(&home0, &node, &["bank", "send", "alice", who, "100000000000usym"]);
    }

    // The patient commits the CSV offline and registers the commitment.
    let csv = work.join("patients.csv");
    std::fs::write(&csv, CSV).unwrap();
    let committed = json(&sym_ok(&home0, &["data", "commit", csv.to_str().unwrap(), "--output", "json"]));
    assert_eq!(committed["record_count"], 5);
    let secrets = committed["secrets_file"].as_str().unwrap().to_string();
    let ledger_tx = |from: &str, args: &[&str]| {
        let mut all = vec!["consent"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--from", from]);
        tx(&home0, &node, &all)
    };
    let v = ledger_tx(
        "bob",
        &["register-dataset", "--commitment", &secrets, "--name", "glucose panel", "--controller", &alice],
    );
    assert_eq!(code(&v).0, 0, "{v}");
    let dataset = query(&home0, &node, 0, &["consent", "dataset", "1"]);
    use base64::Engine as _;
    let root = base64::engine::general_purpose::STANDARD
        .decode(
            dataset["dataset"]["merkleRoot"]
                .as_str()
                .unwrap_or_else(|| dataset["dataset"]["merkle_root"].as_str().unwrap()),
        )
        .unwrap();
    assert_eq!(hex::encode(root), committed["merkle_root"].as_str().unwrap());

    // HMB research use by the clinic, non-commercial only.
    let v = ledger_tx(
        "bob",
        &["grant", "1", "--grantee", &clinic, "--uses", "inference,audit", "--permission", "HMB", "--modifier", "NCU"],
    );
    assert_eq!(code(&v).0, 0, "{v}");

    // The patient discloses two fields of record 2 to the clinic; the disclosure verifies.
    let disclosure = work.join("disclosure.json");
    sym_ok(
        &home0,
        &[
            "data",
            "disclose",
            csv.to_str().unwrap(),
            "--record",
            "2",
            "--fields",
            "glucose,bmi",
            "--dataset-id",
            "1",
            "--out",
            disclosure.to_str().unwrap(),
        ],
    );
    let d = disclosure.to_str().unwrap();
    let purpose = ["--use", "audit", "--purpose", "DS", "--disease", DIABETES];
    let check = |requester: &str, extra: &[&str], file: &str| {
        let mut all = vec!["consent", "check", "1", "--requester", requester, "--disclosure", file];
        all.extend_from_slice(&purpose);
        all.extend_from_slice(extra);
        query(&home0, &node, 0, &all)
    };
    assert_eq!(check(&clinic, &[], d)["permitted"], true, "{}", check(&clinic, &[], d));
    let mut record = vec!["record-use", "1", "--disclosure", d];
    record.extend_from_slice(&purpose);
    let v = ledger_tx("clinic", &record);
    assert_eq!(code(&v).0, 0, "{v}");
    let receipt = query(&home0, &node, 0, &["consent", "receipt", "1"]);
    let r = &receipt["receipt"];
    assert_eq!(r["requester"], clinic.as_str(), "{receipt}");
    assert_eq!(r["piiPrincipal"].as_str().or(r["pii_principal"].as_str()), Some(bob.as_str()), "{receipt}");

    // A commercial requester is refused under NCU: by the dry run, naming the rule, and in a tx.
    let refused = check(&clinic, &["--commercial"], d);
    assert!(!refused["permitted"].as_bool().unwrap_or(false), "{refused}");
    assert_eq!(refused["code"], 14, "{refused}");
    assert!(refused["reason"].as_str().unwrap().contains("DUO:0000046 (NCU)"), "{refused}");
    let before = ledger(&home0, &node);
    let mut commercial = record.clone();
    commercial.push("--commercial");
    assert_refused(&ledger_tx("clinic", &commercial), "consent", 14);
    // A wrong proof: the disclosed value changed.
    let mut tampered: Value = serde_json::from_slice(&std::fs::read(&disclosure).unwrap()).unwrap();
    tampered["fields"][0]["value"] = Value::String("5.0".into());
    let bad = work.join("tampered.json");
    std::fs::write(&bad, tampered.to_string()).unwrap();
    let mut wrong = vec!["record-use", "1", "--disclosure", bad.to_str().unwrap()];
    wrong.extend_from_slice(&purpose);
    assert_refused(&ledger_tx("clinic", &wrong), "consent", 16);
    // An unknown dataset.
    assert_refused(&ledger_tx("bob", &["grant", "99", "--uses", "audit", "--permission", "GRU"]), "consent", 3);
    assert_eq!(ledger(&home0, &node), before, "refused txs changed the ledger");

    // An expired consent: granted to pharma for a few seconds, used after.
    let status = rpc(net.node0_rpc).status().await.unwrap();
    let expires = (status.sync_info.latest_block_time + Duration::from_secs(4)).unwrap().to_rfc3339();
    let v = ledger_tx(
        "bob",
        &["grant", "1", "--grantee", &pharma, "--uses", "audit", "--permission", "GRU", "--expires", &expires],
    );
    assert_eq!(code(&v).0, 0, "{v}");
    tokio::time::sleep(Duration::from_secs(6)).await;
    let before = query(&home0, &node, 0, &["consent", "consent", "2"]);
    assert_refused(&ledger_tx("pharma", &["record-use", "2", "--use", "audit", "--purpose", "GRU"]), "consent", 9);
    assert_eq!(query(&home0, &node, 0, &["consent", "consent", "2"]), before);

    // The patient withdraws at height h: later uses are refused, the receipt before h stays.
    let h = tx_ok(&home0, &node, &["consent", "withdraw", "1", "--reason", "no longer", "--from", "bob"]);
    assert_refused(&ledger_tx("clinic", &record), "consent", 7);
    let receipts = query(&home0, &node, 0, &["consent", "receipts", "--owner", &bob]);
    let list = receipts["receipts"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{receipts}");
    let at: u64 =
        list[0]["height"].as_str().map_or_else(|| list[0]["height"].as_u64().unwrap(), |s| s.parse().unwrap());
    assert!(at < h, "receipt at {at}, withdrawal at {h}");

    // A 3 MiB model through chunks, on CometBFT's default 1 MiB max_tx_bytes.
    let config = std::fs::read_to_string(home0.join("config/config.toml")).unwrap();
    assert!(config.contains("max_tx_bytes = 1048576"), "the localnet keeps CometBFT's default tx limit");
    let bytes = symbiote_engine::synth::dense_classifier(30, 25_600, 2, 1);
    assert!(bytes.len() >= 3 << 20);
    let model = work.join("big.onnx");
    std::fs::write(&model, &bytes).unwrap();
    let card = work.join("card.json");
    let features: Vec<String> = (0..30).map(|i| format!("f{i}")).collect();
    std::fs::write(
        &card,
        serde_json::json!({
            "license": "Apache-2.0", "intended_use": "screening support", "limitations": "synthetic",
            "features": features, "class_labels": ["negative", "positive"], "positive_class": 1,
            "explanation": {"method": "shapley_sampled", "sample_budget": 8}, "inference_fee": "1000usym"
        })
        .to_string(),
    )
    .unwrap();
    let up = tx_big(
        &home0,
        &node,
        &[
            "registry",
            "upload-model",
            model.to_str().unwrap(),
            "--name",
            "big",
            "--card",
            card.to_str().unwrap(),
            "--from",
            "alice",
        ],
    );
    let txs = up["txs"].as_array().unwrap_or_else(|| panic!("{up}"));
    assert_eq!(txs.len(), bytes.len().div_ceil(384 << 10) + 1, "{up}");
    assert!(txs.iter().all(|t| t["code"] == 0), "{up}");
    let version = query(&home0, &node, 0, &["registry", "version", "big", "1"]);
    assert!(version.to_string().contains(&bytes.len().to_string()), "{version}");
    let downloaded = work.join("downloaded.onnx");
    let h = rpc(net.node0_rpc).status().await.unwrap().sync_info.latest_block_height.value();
    wait_height(&rpc(net.node0_rpc + 10), h, Duration::from_secs(30)).await;
    sym_ok(
        &home0,
        &["query", "registry", "download", "big:1", "--out", downloaded.to_str().unwrap(), "--node", &node1],
    );
    assert_eq!(std::fs::read(&downloaded).unwrap(), bytes, "node 1 serves the same bytes");

    // A decision by the registered model in a block: every validator stores the identical trace.
    let input = serde_json::to_string(&(0..30).map(|i| f64::from(i) / 10.0).collect::<Vec<_>>()).unwrap();
    let out = sym(
        &home0,
        &[
            "tx",
            "inference",
            "infer",
            "big:1",
            "--input",
            &input,
            "--explain",
            "occlusion",
            "--max-fee",
            "1000usym",
            "--from",
            "bob",
            "--keyring-backend",
            "test",
            "--gas",
            "60000000",
            "--node",
            &node,
            "--output",
            "json",
        ],
    );
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(code(&v).0, 0, "{v}");
    let events = sym_ok(&home0, &["query", "tx", v["txhash"].as_str().unwrap(), "--node", &node, "--output", "json"]);
    let height = v["height"].as_u64().unwrap();
    let r = rpc(net.node0_rpc).block_results(tendermint::block::Height::try_from(height).unwrap()).await.unwrap();
    let trace_id = r
        .txs_results
        .unwrap_or_default()
        .iter()
        .flat_map(|t| t.events.clone())
        .filter(|e| e.kind == "inference")
        .find_map(|e| {
            e.attributes
                .iter()
                .find(|a| a.key_str().ok() == Some("trace_id"))
                .and_then(|a| a.value_str().ok().map(str::to_string))
        })
        .unwrap_or_else(|| panic!("no inference event: {events}"));
    for i in 0..4 {
        wait_height(&rpc(net.node0_rpc + 10 * i), height, Duration::from_secs(30)).await;
    }
    let traces: Vec<Value> = (0..4u16)
        .map(|i| {
            let n = format!("http://127.0.0.1:{}", net.node0_rpc + 10 * i);
            query(&home0, &n, height, &["inference", "trace", &trace_id])
        })
        .collect();
    assert!(traces.windows(2).all(|w| w[0] == w[1]), "validators store different traces: {traces:?}");
    assert!(traces[0].to_string().contains("\"big\""), "{}", traces[0]);
    let listed = query(&home0, &node, height, &["inference", "traces", "--requester", &bob]);
    assert_eq!(listed["traces"].as_array().map(Vec::len), Some(1), "{listed}");

    // A tampered chunk never gets past CheckTx.
    let tamperer = Signer::from_seed("registry-tamperer");
    tx_ok(&home0, &node, &["bank", "send", "alice", &tamperer.address().to_string(), "100000000usym"]);
    let data = vec![9u8; 1000];
    let mut sha = Sha256::digest(&data).to_vec();
    sha[0] ^= 1;
    let msg = rpb::MsgUploadChunk { uploader: tamperer.address().to_string(), sha256: sha, data };
    let any = Any { type_url: "/symbiote.registry.v1.MsgUploadChunk".into(), value: msg.encode_to_vec() };
    let chain_id = rpc(net.node0_rpc).status().await.unwrap().node_info.network.to_string();
    let account: u64 = {
        let a = query(&home0, &node, 0, &["auth", "account", &tamperer.address().to_string()]);
        a["account_number"].as_str().unwrap().parse().unwrap()
    };
    let raw = UnsignedTx::new(vec![any], "100000usym".parse().unwrap(), 4_000_000)
        .sign(&chain_id, &[Signing { signer: &tamperer, account_number: account, sequence: 0 }]);
    let r = rpc(net.node0_rpc).broadcast_tx_sync(raw).await.unwrap();
    assert_eq!((r.code.value(), r.codespace.as_str()), (6, "registry"), "{}", r.log);

    // An oversized model: its chunks upload, its registration is refused; no model appears.
    let models_before = query(&home0, &node, 0, &["registry", "models"]);
    let large = symbiote_engine::synth::dense_classifier(30, 36_000, 2, 2);
    assert!(large.len() > 4 << 20);
    let file = work.join("large.onnx");
    std::fs::write(&file, &large).unwrap();
    let up = tx_big(
        &home0,
        &node,
        &[
            "registry",
            "upload-model",
            file.to_str().unwrap(),
            "--name",
            "large",
            "--card",
            card.to_str().unwrap(),
            "--from",
            "alice",
        ],
    );
    let last = up["txs"].as_array().unwrap().last().unwrap().clone();
    assert_refused(&last, "registry", 9);
    assert_eq!(query(&home0, &node, 0, &["registry", "models"]), models_before);
}
