//! A chain with registered models, for in-process inference tests and the inference benchmark
//! (included by `benches/inference_block.rs`): signers funded at genesis, models uploaded and
//! registered through real txs, and explained-inference txs signed with tracked sequences.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use bytes::Bytes;
use prost::Message;
use sha2::{Digest, Sha256};
use symbiote_app::testing::{genesis_with, BlockResult, TestNode, TEST_CHAIN_ID};
use symbiote_app::tx::build::{Signer, Signing, UnsignedTx};
use symbiote_core::{Address, Any};
use symbiote_proto::symbiote::inference::v1 as ipb;
use symbiote_proto::symbiote::registry::v1 as rpb;

/// Enough for any model below and any explanation the params allow.
pub const GAS: u64 = 50_000_000;
const FUNDS: u128 = 1_000_000_000_000_000;

pub struct InferenceChain {
    pub node: TestNode,
    pub owner: Signer,
    pub requesters: Vec<Signer>,
    numbers: BTreeMap<Address, u64>,
    sequences: BTreeMap<Address, u64>,
}

fn any<M: Message>(type_url: &str, msg: &M) -> Any {
    Any { type_url: type_url.into(), value: msg.encode_to_vec() }
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../modules/engine/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A model to register: its file, feature count, default explanation and its baseline.
pub struct ModelSpec {
    pub name: &'static str,
    pub file: &'static str,
    pub features: usize,
    pub classes: Vec<&'static str>,
    pub method: &'static str,
    pub sample_budget: u32,
}

pub fn iris() -> ModelSpec {
    ModelSpec {
        name: "iris",
        file: "iris_mlp.onnx",
        features: 4,
        classes: vec!["setosa", "versicolor", "virginica"],
        method: "shapley_exact",
        sample_budget: 0,
    }
}

pub fn breast_cancer() -> ModelSpec {
    ModelSpec {
        name: "breast-cancer",
        file: "breast_cancer_mlp.onnx",
        features: 30,
        classes: vec!["malignant", "benign"],
        method: "shapley_sampled",
        sample_budget: 8,
    }
}

impl InferenceChain {
    /// A fresh chain in `dir` with `requesters` funded signers and each model registered (one
    /// block to upload, one to register, each).
    pub async fn start(dir: &Path, requesters: usize, models: &[ModelSpec]) -> Self {
        let owner = Signer::from_seed("model-owner");
        let requesters: Vec<Signer> = (0..requesters).map(|i| Signer::from_seed(&format!("requester-{i}"))).collect();
        let all: Vec<&Signer> = std::iter::once(&owner).chain(&requesters).collect();
        let genesis = genesis_with(&all, FUNDS);
        let numbers = all.iter().enumerate().map(|(i, s)| (s.address(), i as u64)).collect();
        let node = TestNode::start(dir, &genesis, -1).await.unwrap();
        let mut chain = Self { node, owner, requesters, numbers, sequences: BTreeMap::new() };
        for spec in models {
            chain.register(spec).await;
        }
        chain
    }

    /// `signer`'s tx of `msgs` with its next sequence.
    pub fn tx(&mut self, signer: &Signer, msgs: Vec<Any>) -> Vec<u8> {
        let address = signer.address();
        let sequence = self.sequences.entry(address).or_insert(0);
        let fee = format!("{}usym", GAS / 40 + 1).parse().unwrap();
        let tx = UnsignedTx::new(msgs, fee, GAS)
            .sign(TEST_CHAIN_ID, &[Signing { signer, account_number: self.numbers[&address], sequence: *sequence }]);
        *sequence += 1;
        tx
    }

    pub async fn block(&mut self, txs: Vec<Vec<u8>>) -> BlockResult {
        let r = self.node.finalize(txs.into_iter().map(Bytes::from).collect()).await.unwrap();
        self.node.commit().await.unwrap();
        r
    }

    async fn ok(&mut self, msgs: Vec<Any>) {
        let owner = self.owner.clone();
        let tx = self.tx(&owner, msgs);
        let r = self.block(vec![tx]).await;
        assert_eq!(r.tx_results[0].code.value(), 0, "{}", r.tx_results[0].log);
    }

    async fn register(&mut self, spec: &ModelSpec) {
        let bytes = fixture(spec.file);
        let sha = Sha256::digest(&bytes).to_vec();
        let owner = self.owner.address().to_string();
        let upload = rpb::MsgUploadChunk { uploader: owner.clone(), sha256: sha.clone(), data: bytes };
        self.ok(vec![any("/symbiote.registry.v1.MsgUploadChunk", &upload)]).await;
        let register = rpb::MsgRegisterModel {
            owner,
            name: spec.name.into(),
            model_id: sha.clone(),
            chunks: vec![sha],
            card: Some(rpb::ModelCard {
                license: "MIT".into(),
                intended_use: "tests".into(),
                limitations: String::new(),
            }),
            features: (0..spec.features)
                .map(|i| rpb::Feature { name: format!("f{i}"), unit: String::new(), sensitive: false })
                .collect(),
            output: Some(rpb::OutputSchema {
                class_labels: spec.classes.iter().map(|c| c.to_string()).collect(),
                positive_class: 0,
            }),
            explanation: Some(rpb::ExplanationDefault {
                method: spec.method.into(),
                baseline: vec![],
                sample_budget: spec.sample_budget,
            }),
            inference_fee: Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
                denom: "usym".into(),
                amount: "100".into(),
            }),
            lineage: None,
        };
        self.ok(vec![any("/symbiote.registry.v1.MsgRegisterModel", &register)]).await;
    }

    /// An explained inference by requester `r` on `features`, with the model's default method.
    pub fn infer(&mut self, r: usize, model: &str, features: &[f32]) -> Vec<u8> {
        let requester = self.requesters[r].clone();
        let msg = ipb::MsgInfer {
            requester: requester.address().to_string(),
            model: model.into(),
            features: features.iter().map(|f| f.to_string()).collect(),
            max_fee: Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin { denom: "usym".into(), amount: "100".into() }),
            ..Default::default()
        };
        self.tx(&requester, vec![any("/symbiote.inference.v1.MsgInfer", &msg)])
    }
}

/// `n` deterministic feature vectors of `len` values in [0, 10) (a fixed LCG, so every run and
/// every validator builds the same block).
pub fn inputs(n: usize, len: usize, seed: u64) -> Vec<Vec<f32>> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            (0..len)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((x >> 33) % 1000) as f32 / 100.0
                })
                .collect()
        })
        .collect()
}
