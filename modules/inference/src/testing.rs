//! A chain in memory with what an inference needs at genesis (bank, consent ledger, registry,
//! inference, in substores as the app has them), and model registration through the registry's
//! messages: for this crate's tests and its determinism digest binary (`chain-trace-digest`).

use sha2::{Digest, Sha256};
use symbiote_bank::genesis::{GenesisBalance, GenesisCoin, GenesisState as BankGenesis};
use symbiote_bank::Bank;
use symbiote_consent::Consent;
use symbiote_core::testing::TestChain;
use symbiote_core::{Address, Hooks, Module};
use symbiote_proto::symbiote::registry::v1 as rpb;
use symbiote_registry::msg::{MsgRegisterModel, MsgUploadChunk};
use symbiote_registry::Registry;

use crate::Inference;

pub const SUBSTORES: [&str; 6] = ["auth", "bank", "distribution", "consent", "registry", "inference"];

/// A chain at genesis with `funded` accounts holding usym.
pub async fn chain(funded: &[(Address, u64)]) -> TestChain {
    let mut chain = TestChain::with_substores(Inference::ACCOUNTS, Hooks::new(), &SUBSTORES).await;
    let ctx = chain.genesis_ctx();
    let balances = funded
        .iter()
        .map(|(a, n)| GenesisBalance {
            address: a.to_string(),
            coins: vec![GenesisCoin { denom: "usym".into(), amount: n.to_string() }],
        })
        .collect();
    let bank = BankGenesis { balances, ..Default::default() };
    Bank::init_genesis(&mut chain.state, &bank, &ctx).await.expect("bank genesis");
    Consent::init_genesis(&mut chain.state, &Default::default(), &ctx).await.expect("consent genesis");
    Registry::init_genesis(&mut chain.state, &Default::default(), &ctx).await.expect("registry genesis");
    Inference::init_genesis(&mut chain.state, &Default::default(), &ctx).await.expect("inference genesis");
    chain
}

/// A model to register as version 1 of `name`.
pub struct Model {
    pub name: String,
    pub bytes: Vec<u8>,
    pub features: Vec<String>,
    pub unit: String,
    pub classes: Vec<String>,
    /// The index of the positive class in `classes` (binary decisions, fairness audits).
    pub positive_class: u32,
    pub method: String,
    pub baseline: Vec<String>,
    pub sample_budget: u32,
    /// In usym.
    pub fee: u64,
    pub lineage: Option<rpb::Lineage>,
}

/// Uploads `model` in one chunk and registers it, owned by `owner`.
pub async fn register(chain: &mut TestChain, owner: Address, model: Model) {
    let sha = Sha256::digest(&model.bytes).to_vec();
    let upload = MsgUploadChunk { uploader: owner, sha256: sha.clone(), data: model.bytes };
    chain.exec(upload).await.unwrap_or_else(|e| panic!("uploading {}: {}", model.name, e.log));
    let proto = rpb::MsgRegisterModel {
        owner: owner.to_string(),
        name: model.name.clone(),
        model_id: sha.clone(),
        chunks: vec![sha],
        card: Some(rpb::ModelCard { license: "MIT".into(), intended_use: "tests".into(), limitations: String::new() }),
        features: model
            .features
            .iter()
            .map(|f| rpb::Feature { name: f.clone(), unit: model.unit.clone(), sensitive: false })
            .collect(),
        output: (!model.classes.is_empty())
            .then(|| rpb::OutputSchema { class_labels: model.classes.clone(), positive_class: model.positive_class }),
        explanation: Some(rpb::ExplanationDefault {
            method: model.method,
            baseline: model.baseline,
            sample_budget: model.sample_budget,
        }),
        inference_fee: Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
            denom: "usym".into(),
            amount: model.fee.to_string(),
        }),
        lineage: model.lineage,
    };
    chain
        .exec(MsgRegisterModel { owner, proto })
        .await
        .unwrap_or_else(|e| panic!("registering {}: {}", model.name, e.log));
}
