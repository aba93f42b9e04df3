//! The inference module on a chain in memory. The iris classifier is registered as iris:1 (fee
//! 1000usym, aliased production) with a lineage of two training datasets (100 and 50 records, of
//! contributors A and B); a patient has committed a dataset of iris measurements and consented to
//! the clinic's inference use of it under HMB.

mod consented;
mod cross_cpu;
mod prepared;
mod public;
mod rewards;

use symbiote_consent::commitment::{commit_dataset, DatasetCommitment};
use symbiote_consent::msg::{MsgGrantConsent, MsgRegisterDataset};
use symbiote_core::testing::TestChain;
use symbiote_core::Address;
use symbiote_inference::msg::MsgInfer;
use symbiote_inference::testing;
use symbiote_proto::symbiote::consent::v1 as cpb;
use symbiote_proto::symbiote::inference::v1 as pb;
use symbiote_proto::symbiote::registry::v1 as rpb;
use symbiote_registry::msg::MsgSetAlias;

pub const OWNER: u8 = 1;
/// The clinic: the requester of every inference.
pub const REQUESTER: u8 = 2;
pub const PATIENT: u8 = 3;
pub const CONTRIBUTOR_A: u8 = 4;
pub const CONTRIBUTOR_B: u8 = 5;

/// The patient's dataset and consent ids.
pub const PATIENT_DATASET: u64 = 3;
pub const PATIENT_CONSENT: u64 = 3;

const SECRET: [u8; 32] = [7; 32];
pub const FEATURES: [&str; 4] = ["sepal_length", "sepal_width", "petal_length", "petal_width"];
pub const X: [&str; 4] = ["6.3", "2.8", "5.1", "1.5"];

pub fn addr(n: u8) -> Address {
    Address::from_bytes([n; 20])
}

pub fn iris() -> Vec<u8> {
    std::fs::read(format!("{}/../engine/fixtures/iris_mlp.onnx", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

pub fn coin(amount: u64) -> cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
    cosmos_sdk_proto::cosmos::base::v1beta1::Coin { denom: "usym".into(), amount: amount.to_string() }
}

fn names() -> Vec<String> {
    FEATURES.iter().map(|f| f.to_string()).chain(["species".to_string()]).collect()
}

/// The patient's records (the last field is text, which no model takes).
pub fn rows() -> Vec<Vec<String>> {
    [["6.3", "2.8", "5.1", "1.5", "virginica"], ["5.1", "3.5", "1.4", "0.2", "setosa"]]
        .iter()
        .map(|r| r.iter().map(|v| v.to_string()).collect())
        .collect()
}

fn commitment() -> DatasetCommitment {
    commit_dataset(&SECRET, &names(), &rows())
}

/// The patient's disclosure of `fields` of `record`.
pub fn disclosure(record: u64, fields: &[&str]) -> cpb::Disclosure {
    commitment().disclose(&SECRET, PATIENT_DATASET, record, &rows()[record as usize], fields).unwrap()
}

pub fn hmb() -> cpb::Purpose {
    cpb::Purpose { code: "HMB".into(), ..Default::default() }
}

fn dataset(owner: u8, name: &str, root: Vec<u8>, records: u64, schema: Vec<cpb::Field>) -> MsgRegisterDataset {
    MsgRegisterDataset {
        owner: addr(owner),
        controller: None,
        proto: cpb::MsgRegisterDataset {
            owner: addr(owner).to_string(),
            controller: String::new(),
            name: name.into(),
            merkle_root: root,
            record_count: records,
            schema,
            policy_hash: vec![9; 32],
            audit: false,
        },
    }
}

fn decimal_schema() -> Vec<cpb::Field> {
    FEATURES.iter().map(|f| cpb::Field { name: f.to_string(), r#type: "decimal".into() }).collect()
}

fn grant(granter: u8, dataset_id: u64, grantee: u8, uses: &[&str]) -> MsgGrantConsent {
    let terms = cpb::Terms {
        grantee: addr(grantee).to_string(),
        uses: uses.iter().map(|u| u.to_string()).collect(),
        permission: "HMB".into(),
        ..Default::default()
    };
    MsgGrantConsent { granter: addr(granter), dataset_id, terms }
}

pub async fn chain() -> TestChain {
    let mut chain = testing::chain(&[(addr(REQUESTER), 1_000_000)]).await;

    // Training data: datasets 1 (A, 100 records) and 2 (B, 50), consents 1 and 2 for the owner.
    for (owner, records) in [(CONTRIBUTOR_A, 100), (CONTRIBUTOR_B, 50)] {
        let r = chain.exec(dataset(owner, "iris field survey", vec![owner; 32], records, decimal_schema())).await;
        let id = r.unwrap().dataset_id;
        chain.exec(grant(owner, id, OWNER, &["training"])).await.unwrap();
    }
    // The patient's dataset 3 and consent 3 for the clinic's inferences.
    let mut schema = decimal_schema();
    schema.push(cpb::Field { name: "species".into(), r#type: "string".into() });
    let r = chain.exec(dataset(PATIENT, "my measurements", commitment().root.to_vec(), 2, schema)).await.unwrap();
    assert_eq!(r.dataset_id, PATIENT_DATASET);
    let c = chain.exec(grant(PATIENT, PATIENT_DATASET, REQUESTER, &["inference"])).await.unwrap();
    assert_eq!(c.consent_id, PATIENT_CONSENT);

    let training = [(1, 1), (2, 2)].map(|(dataset_id, consent_id)| rpb::TrainingData {
        dataset_id,
        consent_id,
        purpose: Some(hmb()),
    });
    let model = testing::Model {
        name: "iris".into(),
        bytes: iris(),
        features: FEATURES.map(String::from).to_vec(),
        unit: "cm".into(),
        classes: ["setosa", "versicolor", "virginica"].map(String::from).to_vec(),
        positive_class: 0,
        method: "shapley_exact".into(),
        baseline: ["5.87", "3.04", "3.77", "1.21"].map(String::from).to_vec(),
        sample_budget: 16,
        fee: 1000,
        lineage: Some(rpb::Lineage { parent_version: 0, training: training.to_vec() }),
    };
    testing::register(&mut chain, addr(OWNER), model).await;
    let alias = MsgSetAlias {
        sender: addr(OWNER),
        name: "iris".into(),
        alias: "production".into(),
        version: 1,
        reason: String::new(),
    };
    chain.exec(alias).await.unwrap();
    chain.advance(5);
    chain
}

/// An inference on public features.
pub fn infer(model: &str, features: &[&str], max_fee: u64) -> MsgInfer {
    MsgInfer::on_features(addr(REQUESTER), model, features, coin(max_fee))
}

/// An inference on disclosed records, each under the patient's consent, for HMB.
pub fn infer_on(model: &str, disclosures: Vec<cpb::Disclosure>) -> MsgInfer {
    let records =
        disclosures.into_iter().map(|d| pb::RecordInput { consent_id: PATIENT_CONSENT, disclosure: Some(d) }).collect();
    MsgInfer { features: vec![], records, purpose: Some(hmb()), ..infer(model, &[], 1000) }
}
