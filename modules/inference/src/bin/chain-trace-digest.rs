//! Decisions through the chain path, digested: a chain in memory (bank, consent ledger, registry,
//! inference) registers fixture models through `MsgRegisterModel` and makes decisions through
//! `MsgInfer` — iris with exact Shapley on public features and on a record disclosed under
//! consent, the breast-cancer MLP with sampled Shapley seeded by the tx hash, a gradient-boosted
//! ensemble with tree Shapley — then commits. Prints each stored trace's id and the committed root
//! hash of the whole state. Run natively and under emulated CPUs (tests/inference/cross_cpu.rs):
//! validators on different hardware must store the same traces and reach the same app hash.
//! Exits non-zero if any step fails.

use symbiote_consent::commitment::commit_dataset;
use symbiote_consent::msg::{MsgGrantConsent, MsgRegisterDataset};
use symbiote_core::testing::TestChain;
use symbiote_core::Address;
use symbiote_inference::msg::MsgInfer;
use symbiote_inference::testing;
use symbiote_proto::symbiote::consent::v1 as cpb;
use symbiote_proto::symbiote::inference::v1 as pb;

const OWNER: u8 = 1;
const CLINIC: u8 = 2;
const PATIENT: u8 = 3;
const SECRET: [u8; 32] = [5; 32];

fn addr(n: u8) -> Address {
    Address::from_bytes([n; 20])
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../engine/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn usym(amount: u64) -> cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
    cosmos_sdk_proto::cosmos::base::v1beta1::Coin { denom: "usym".into(), amount: amount.to_string() }
}

/// Registers fixture `file` as `name`:1 with `features` named f0.. and `method` by default.
async fn register(chain: &mut TestChain, name: &str, file: &str, features: usize, method: &str) {
    let model = testing::Model {
        name: name.into(),
        bytes: fixture(file),
        features: (0..features).map(|i| format!("f{i}")).collect(),
        unit: String::new(),
        classes: vec![],
        positive_class: 0,
        method: method.into(),
        baseline: vec![],
        sample_budget: 8,
        fee: 100,
        lineage: None,
    };
    testing::register(chain, addr(OWNER), model).await;
}

fn infer(model: &str, features: &[&str]) -> MsgInfer {
    MsgInfer::on_features(addr(CLINIC), model, features, usym(100))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut chain = testing::chain(&[(addr(CLINIC), 1_000_000)]).await;

    register(&mut chain, "iris", "iris_mlp.onnx", 4, "shapley_exact").await;
    register(&mut chain, "breast-cancer", "breast_cancer_mlp.onnx", 30, "shapley_sampled").await;
    register(&mut chain, "breast-cancer-gbdt", "breast_cancer_gbdt.onnx", 30, "shapley_tree").await;

    // A patient's two records of iris measurements, consented to the clinic's inference use.
    let names: Vec<String> = (0..4).map(|i| format!("f{i}")).collect();
    let rows = vec![
        ["6.3", "2.8", "5.1", "1.5"].map(String::from).to_vec(),
        ["5.1", "3.5", "1.4", "0.2"].map(String::from).to_vec(),
    ];
    let committed = commit_dataset(&SECRET, &names, &rows);
    let dataset = MsgRegisterDataset {
        owner: addr(PATIENT),
        controller: None,
        proto: cpb::MsgRegisterDataset {
            owner: addr(PATIENT).to_string(),
            controller: String::new(),
            name: "measurements".into(),
            merkle_root: committed.root.to_vec(),
            record_count: 2,
            schema: names.iter().map(|n| cpb::Field { name: n.clone(), r#type: "decimal".into() }).collect(),
            policy_hash: vec![1; 32],
            audit: false,
        },
    };
    let dataset_id = chain.exec(dataset).await.expect("dataset").dataset_id;
    let terms = cpb::Terms {
        grantee: addr(CLINIC).to_string(),
        uses: vec!["inference".into()],
        permission: "HMB".into(),
        ..Default::default()
    };
    let consent_id =
        chain.exec(MsgGrantConsent { granter: addr(PATIENT), dataset_id, terms }).await.expect("consent").consent_id;
    chain.advance(5);

    let bc: Vec<String> = (0..30).map(|i| format!("{}", 0.37 * f64::from(i) + 1.5)).collect();
    let bc: Vec<&str> = bc.iter().map(String::as_str).collect();
    let disclosed =
        committed.disclose(&SECRET, dataset_id, 1, &rows[1], &["f0", "f1", "f2", "f3"]).expect("disclosure");
    let on_record = MsgInfer {
        features: vec![],
        records: vec![pb::RecordInput { consent_id, disclosure: Some(disclosed) }],
        purpose: Some(cpb::Purpose { code: "HMB".into(), ..Default::default() }),
        ..infer("iris:1", &[])
    };
    let mut ids = Vec::new();
    for msg in [
        infer("iris:1", &["6.3", "2.8", "5.1", "1.5"]),
        on_record,
        infer("breast-cancer:1", &bc),
        infer("breast-cancer-gbdt:1", &bc),
    ] {
        let model = msg.model.clone();
        let r = chain.exec(msg).await.unwrap_or_else(|e| panic!("{model}: {}", e.log));
        ids.push((model, hex::encode(r.trace_id)));
    }
    chain.commit().await;
    let root = chain.storage.latest_snapshot().root_hash().await.expect("root hash");
    for (model, id) in &ids {
        println!("{model} {id}");
    }
    println!("root {}", hex::encode(root.0));
}
