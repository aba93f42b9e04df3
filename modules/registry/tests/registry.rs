//! The registry's messages on a chain in memory: chunked uploads of a 3 MiB model, every refusal
//! coded and changing nothing, aliases under owner and community governance with their history,
//! deprecation, lineage with training consents and their receipts, expiry of abandoned uploads.

use sha2::{Digest, Sha256};
use symbiote_consent::genesis::GenesisState as ConsentGenesis;
use symbiote_consent::{Consent, ConsentRead};
use symbiote_core::module_account::authority;
use symbiote_core::testing::TestChain;
use symbiote_core::{Address, Hooks, Module};
use symbiote_proto::symbiote::consent::v1 as cpb;
use symbiote_proto::symbiote::registry::v1 as pb;
use symbiote_registry::errors::CODESPACE;
use symbiote_registry::genesis::GenesisState;
use symbiote_registry::msg::*;
use symbiote_registry::{Params, Registry, RegistryRead};

const PREFIX: &str = "registry/";
const OWNER: u8 = 1;
const OTHER: u8 = 2;
const PATIENT: u8 = 3;

fn addr(n: u8) -> Address {
    Address::from_bytes([n; 20])
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../engine/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The iris MLP: 4 features, 3 classes.
fn iris() -> Vec<u8> {
    fixture("iris_mlp.onnx")
}

async fn chain_with(params: Params) -> TestChain {
    let mut chain = TestChain::new(&[], Hooks::new()).await;
    let ctx = chain.genesis_ctx();
    Consent::init_genesis(&mut chain.state, &ConsentGenesis::default(), &ctx).await.unwrap();
    Registry::init_genesis(&mut chain.state, &GenesisState { params, records: vec![] }, &ctx).await.unwrap();
    chain
}

async fn chain() -> TestChain {
    chain_with(Params::default()).await
}

fn upload_msgs(who: u8, bytes: &[u8], chunk: usize) -> Vec<MsgUploadChunk> {
    bytes
        .chunks(chunk)
        .map(|c| MsgUploadChunk { uploader: addr(who), sha256: Sha256::digest(c).to_vec(), data: c.to_vec() })
        .collect()
}

async fn upload(chain: &mut TestChain, who: u8, bytes: &[u8], chunk: usize) -> Vec<Vec<u8>> {
    let mut hashes = Vec::new();
    for m in upload_msgs(who, bytes, chunk) {
        hashes.push(m.sha256.clone());
        chain.exec(m).await.unwrap();
    }
    hashes
}

fn register_msg(
    owner: u8,
    name: &str,
    bytes: &[u8],
    chunks: Vec<Vec<u8>>,
    features: usize,
    labels: &[&str],
) -> MsgRegisterModel {
    MsgRegisterModel {
        owner: addr(owner),
        proto: pb::MsgRegisterModel {
            owner: addr(owner).to_string(),
            name: name.into(),
            model_id: Sha256::digest(bytes).to_vec(),
            chunks,
            card: Some(pb::ModelCard {
                license: "Apache-2.0".into(),
                intended_use: "decision support, reviewed by a clinician".into(),
                limitations: "trained on one hospital's patients".into(),
            }),
            features: (0..features)
                .map(|i| pb::Feature { name: format!("f{i}"), unit: String::new(), sensitive: i == 0 })
                .collect(),
            output: Some(pb::OutputSchema {
                class_labels: labels.iter().map(|l| l.to_string()).collect(),
                positive_class: 0,
            }),
            explanation: Some(pb::ExplanationDefault {
                method: "shapley_sampled".into(),
                baseline: vec![],
                sample_budget: 16,
            }),
            inference_fee: Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
                denom: "usym".into(),
                amount: "1000".into(),
            }),
            lineage: None,
        },
    }
}

async fn register_iris(chain: &mut TestChain, owner: u8, name: &str, bytes: &[u8]) -> pb::MsgRegisterModelResponse {
    let chunks = upload(chain, owner, bytes, 1024).await;
    chain.exec(register_msg(owner, name, bytes, chunks, 4, &["setosa", "versicolor", "virginica"])).await.unwrap()
}

#[tokio::test]
async fn a_3_mib_model_registers_through_chunks_and_reads_back() {
    let mut chain = chain().await;
    let bytes = symbiote_engine::synth::dense_classifier(30, 25_600, 2, 1);
    assert!(bytes.len() >= 3 << 20, "{} bytes", bytes.len());
    let params = Params::default();
    let chunks = upload(&mut chain, OWNER, &bytes, params.max_chunk_bytes as usize).await;
    assert_eq!(chunks.len(), bytes.len().div_ceil(params.max_chunk_bytes as usize));
    for c in &chunks {
        assert!(chain.state.pending_chunk(c).await.unwrap().is_some());
    }
    chain.advance(5);
    let r = chain.exec(register_msg(OWNER, "big", &bytes, chunks.clone(), 30, &["no", "yes"])).await.unwrap();
    assert_eq!(r.version, 1);
    assert_eq!(r.model_id, Sha256::digest(&bytes).to_vec());
    let v = chain.state.existing_version("big", 1).await.unwrap();
    assert_eq!(v.size_bytes, bytes.len() as u64);
    let report = v.report.clone().unwrap();
    assert_eq!(report.feature_count, 30);
    assert_eq!(report.parameter_count, 30 * 25_600 + 25_600 + 25_600 * 2 + 2);
    assert!(report.cost_per_pass > 30 * 25_600);
    assert_eq!(chain.state.model_bytes(&v).await.unwrap(), bytes);
    // The chunks are kept for good: no longer pending, so they never expire.
    for c in &chunks {
        assert!(chain.state.pending_chunk(c).await.unwrap().is_none());
    }
    chain.advance(10_000);
    let block = chain.block();
    Registry::end_block(&mut chain.state, &block).await.unwrap();
    assert_eq!(chain.state.model_bytes(&v).await.unwrap(), bytes);
    // Resolvable by version and by id; the query serves it chunk by chunk.
    assert_eq!(chain.state.resolve("big:1").await.unwrap().version, v);
    assert_eq!(chain.state.resolve(&hex::encode(Sha256::digest(&bytes))).await.unwrap().version, v);
    let snapshots = chain.commit().await;
    let q = symbiote_registry::query::RegistryQuery::new(snapshots);
    use symbiote_proto::symbiote::registry::v1::query_server::Query;
    let mut read = Vec::new();
    for index in 0..chunks.len() as u32 {
        let r = q
            .model_bytes(tonic::Request::new(pb::QueryModelBytesRequest { reference: "big:1".into(), index }))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(r.chunk_count as usize, chunks.len());
        assert_eq!(Sha256::digest(&r.data).to_vec(), r.sha256);
        read.extend(r.data);
    }
    assert_eq!(read, bytes);
    let past = q
        .model_bytes(tonic::Request::new(pb::QueryModelBytesRequest { reference: "big:1".into(), index: 99 }))
        .await
        .unwrap_err();
    assert_eq!(past.code(), tonic::Code::OutOfRange);
}

#[tokio::test]
async fn bad_uploads_and_registrations_are_coded_and_change_nothing() {
    let mut chain = chain_with(Params { max_model_bytes: 1 << 20, ..Params::default() }).await;
    let bytes = iris();
    // A tampered chunk: the data no longer has the declared hash.
    let mut tampered = upload_msgs(OWNER, &bytes, 1024).remove(0);
    tampered.data[10] ^= 1;
    chain.refused(tampered, CODESPACE, 6, PREFIX).await;
    // A chunk over max_chunk_bytes.
    let big = vec![7u8; Params::default().max_chunk_bytes as usize + 1];
    let msg = MsgUploadChunk { uploader: addr(OWNER), sha256: Sha256::digest(&big).to_vec(), data: big };
    chain.refused(msg, CODESPACE, 7, PREFIX).await;
    // Registering before the chunks are uploaded.
    let hashes: Vec<Vec<u8>> = upload_msgs(OWNER, &bytes, 1024).into_iter().map(|m| m.sha256).collect();
    let labels = ["setosa", "versicolor", "virginica"];
    chain.refused(register_msg(OWNER, "iris", &bytes, hashes.clone(), 4, &labels), CODESPACE, 8, PREFIX).await;
    upload(&mut chain, OWNER, &bytes, 1024).await;
    // An oversized model (over this chain's 1 MiB max_model_bytes), uploaded in chunks.
    let large = symbiote_engine::synth::dense_classifier(30, 9_000, 2, 3);
    assert!(large.len() > 1 << 20);
    let large_chunks = upload(&mut chain, OWNER, &large, 384 << 10).await;
    chain.refused(register_msg(OWNER, "large", &large, large_chunks, 30, &["a", "b"]), CODESPACE, 9, PREFIX).await;
    // Chunks in the wrong order do not hash to the model id.
    let mut swapped = hashes.clone();
    swapped.swap(0, 1);
    chain.refused(register_msg(OWNER, "iris", &bytes, swapped, 4, &labels), CODESPACE, 10, PREFIX).await;
    // Bytes the engine refuses.
    let bad = fixture("reject/two_inputs.onnx");
    let bad_chunks = upload(&mut chain, OWNER, &bad, 1024).await;
    chain.refused(register_msg(OWNER, "bad", &bad, bad_chunks, 2, &[]), CODESPACE, 11, PREFIX).await;
    // Metadata that does not fit the model: 5 features for a 4-feature model; 2 labels for 3 classes;
    // no card; a bad license; an exact explanation over the limit is fine at 4 features.
    chain.refused(register_msg(OWNER, "iris", &bytes, hashes.clone(), 5, &labels), CODESPACE, 12, PREFIX).await;
    chain.refused(register_msg(OWNER, "iris", &bytes, hashes.clone(), 4, &labels[..2]), CODESPACE, 12, PREFIX).await;
    let mut no_card = register_msg(OWNER, "iris", &bytes, hashes.clone(), 4, &labels);
    no_card.proto.card = None;
    chain.refused(no_card, CODESPACE, 12, PREFIX).await;
    let mut license = register_msg(OWNER, "iris", &bytes, hashes.clone(), 4, &labels);
    license.proto.card.as_mut().unwrap().license = "free for all!".into();
    chain.refused(license, CODESPACE, 12, PREFIX).await;
    let mut tree = register_msg(OWNER, "iris", &bytes, hashes.clone(), 4, &labels);
    tree.proto.explanation.as_mut().unwrap().method = "shapley_tree".into();
    chain.refused(tree, CODESPACE, 12, PREFIX).await;
    let mut baseline = register_msg(OWNER, "iris", &bytes, hashes.clone(), 4, &labels);
    baseline.proto.explanation.as_mut().unwrap().baseline = vec!["0".into(), "1".into(), "x".into(), "2".into()];
    chain.refused(baseline, CODESPACE, 12, PREFIX).await;
    // A bad name; a parent that does not exist.
    chain.refused(register_msg(OWNER, "Iris", &bytes, hashes.clone(), 4, &labels), CODESPACE, 2, PREFIX).await;
    let mut orphan = register_msg(OWNER, "iris", &bytes, hashes.clone(), 4, &labels);
    orphan.proto.lineage = Some(pb::Lineage { parent_version: 1, training: vec![] });
    chain.refused(orphan, CODESPACE, 16, PREFIX).await;

    // Now it registers; the same bytes again are refused, and the name is the owner's.
    chain.exec(register_msg(OWNER, "iris", &bytes, hashes.clone(), 4, &labels)).await.unwrap();
    chain.refused(register_msg(OWNER, "iris2", &bytes, hashes.clone(), 4, &labels), CODESPACE, 14, PREFIX).await;
    let other = symbiote_engine::synth::dense_classifier(4, 8, 3, 9);
    let other_chunks = upload(&mut chain, OTHER, &other, 1024).await;
    chain.refused(register_msg(OTHER, "iris", &other, other_chunks.clone(), 4, &labels), CODESPACE, 5, PREFIX).await;
    let v2 = chain.exec(register_msg(OWNER, "iris", &other, other_chunks, 4, &labels)).await.unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(chain.state.existing_model("iris").await.unwrap().latest_version, 2);
}

#[tokio::test]
async fn abandoned_uploads_expire() {
    let mut chain = chain_with(Params { upload_expiry_blocks: 3, ..Params::default() }).await;
    let bytes = iris();
    let hashes = upload(&mut chain, OWNER, &bytes, 1024).await;
    let expires = chain.state.pending_chunk(&hashes[0]).await.unwrap().unwrap().expires_height;
    assert_eq!(expires, chain.height + 3);
    while chain.height < expires {
        chain.advance(5);
        let block = chain.block();
        Registry::end_block(&mut chain.state, &block).await.unwrap();
    }
    for h in &hashes {
        assert!(chain.state.pending_chunk(h).await.unwrap().is_none());
        assert!(chain.state.chunk(h).await.unwrap().is_none());
    }
    assert_eq!(chain.dump("registry/expiry/").await, vec![]);
    let labels = ["setosa", "versicolor", "virginica"];
    chain.refused(register_msg(OWNER, "iris", &bytes, hashes, 4, &labels), CODESPACE, 8, PREFIX).await;
}

#[tokio::test]
async fn aliases_move_by_owner_then_only_by_governance_with_history() {
    let mut chain = chain().await;
    register_iris(&mut chain, OWNER, "iris", &iris()).await;
    let v2 = symbiote_engine::synth::dense_classifier(4, 8, 3, 9);
    register_iris(&mut chain, OWNER, "iris", &v2).await;
    let set = |by: Address, version: u32, reason: &str| MsgSetAlias {
        sender: by,
        name: "iris".into(),
        alias: "production".into(),
        version,
        reason: reason.into(),
    };
    chain.refused(set(addr(OTHER), 1, ""), CODESPACE, 5, PREFIX).await;
    chain.refused(set(addr(OWNER), 3, ""), CODESPACE, 4, PREFIX).await;
    chain.refused(set(addr(OWNER), 0, "remove"), CODESPACE, 17, PREFIX).await;
    chain.exec(set(addr(OWNER), 1, "first release")).await.unwrap();
    assert_eq!(chain.state.resolve("iris@production").await.unwrap().version.version, 1);
    chain.refused(MsgSetAlias { alias: "Prod".into(), ..set(addr(OWNER), 1, "") }, CODESPACE, 2, PREFIX).await;
    // Unknown models and versions.
    chain.refused(MsgSetAlias { name: "rose".into(), ..set(addr(OWNER), 1, "") }, CODESPACE, 3, PREFIX).await;
    let unknown = MsgDeprecateVersion { sender: addr(OWNER), name: "rose".into(), version: 1, reason: String::new() };
    chain.refused(unknown, CODESPACE, 3, PREFIX).await;
    let no_version =
        MsgDeprecateVersion { sender: addr(OWNER), name: "iris".into(), version: 9, reason: String::new() };
    chain.refused(no_version, CODESPACE, 4, PREFIX).await;
    chain.refused(MsgHandToCommunity { owner: addr(OWNER), name: "rose".into() }, CODESPACE, 3, PREFIX).await;
    chain.refused(set(addr(OWNER), 1, &"x".repeat(1025)), CODESPACE, 12, PREFIX).await;
    // Deprecation: no new aliases to it; never deleted.
    let deprecate = |by: Address, version: u32| MsgDeprecateVersion {
        sender: by,
        name: "iris".into(),
        version,
        reason: "superseded".into(),
    };
    chain.refused(deprecate(addr(OTHER), 2), CODESPACE, 5, PREFIX).await;
    chain.advance(5);
    chain.exec(deprecate(addr(OWNER), 2)).await.unwrap();
    chain.refused(deprecate(addr(OWNER), 2), CODESPACE, 13, PREFIX).await;
    chain.refused(set(addr(OWNER), 2, ""), CODESPACE, 13, PREFIX).await;
    assert!(chain.state.resolve("iris:2").await.unwrap().version.deprecated);

    // Handed to the community: the owner can no longer move the alias; governance can.
    let hand = |by: u8| MsgHandToCommunity { owner: addr(by), name: "iris".into() };
    chain.refused(hand(OTHER), CODESPACE, 5, PREFIX).await;
    chain.exec(hand(OWNER)).await.unwrap();
    chain.refused(hand(OWNER), CODESPACE, 15, PREFIX).await;
    assert_eq!(chain.state.existing_model("iris").await.unwrap().governance, "community");
    chain.refused(set(addr(OWNER), 1, ""), CODESPACE, 5, PREFIX).await;
    chain.refused(deprecate(addr(OWNER), 1), CODESPACE, 5, PREFIX).await;
    // Anyone may add a candidate version to a community model; only governance points at it.
    let v3 = symbiote_engine::synth::dense_classifier(4, 8, 3, 10);
    let r = register_iris(&mut chain, OTHER, "iris", &v3).await;
    assert_eq!(r.version, 3);
    chain.advance(5);
    chain.exec(set(authority(), 3, "proposal 7")).await.unwrap();
    let history = chain.state.alias_history("iris").await.unwrap();
    let moves: Vec<(u32, u32, String, String)> =
        history.iter().map(|c| (c.previous_version, c.version, c.by.clone(), c.reason.clone())).collect();
    assert_eq!(
        moves,
        vec![
            (0, 1, addr(OWNER).to_string(), "first release".to_string()),
            (1, 3, authority().to_string(), "proposal 7".to_string()),
        ]
    );
    assert!(history[0].height < history[1].height);
    assert_eq!(chain.state.resolve("iris@production").await.unwrap().version.version, 3);
    chain.exec(set(authority(), 0, "retired")).await.unwrap();
    assert!(chain.state.resolve("iris@production").await.is_err());
}

fn training_lineage(parent: u32, consent_id: u64, code: &str) -> pb::Lineage {
    pb::Lineage {
        parent_version: parent,
        training: vec![pb::TrainingData {
            dataset_id: 1,
            consent_id,
            purpose: Some(cpb::Purpose { code: code.into(), ..Default::default() }),
        }],
    }
}

#[tokio::test]
async fn training_data_needs_a_training_consent_and_leaves_receipts() {
    let mut chain = chain().await;
    register_iris(&mut chain, OWNER, "iris", &iris()).await;
    // The patient's dataset, and consents: training for the model owner (HMB), inference only.
    let dataset = symbiote_consent::msg::MsgRegisterDataset {
        owner: addr(PATIENT),
        controller: None,
        proto: cpb::MsgRegisterDataset {
            owner: addr(PATIENT).to_string(),
            merkle_root: vec![1; 32],
            record_count: 100,
            schema: vec![cpb::Field { name: "x".into(), r#type: "decimal".into() }],
            ..Default::default()
        },
    };
    chain.exec(dataset).await.unwrap();
    let grant = |uses: &[&str]| symbiote_consent::msg::MsgGrantConsent {
        granter: addr(PATIENT),
        dataset_id: 1,
        terms: cpb::Terms {
            grantee: addr(OWNER).to_string(),
            uses: uses.iter().map(|u| u.to_string()).collect(),
            permission: "HMB".into(),
            ..Default::default()
        },
    };
    chain.exec(grant(&["training"])).await.unwrap();
    chain.exec(grant(&["inference"])).await.unwrap();

    let v2 = symbiote_engine::synth::dense_classifier(4, 8, 3, 9);
    let chunks = upload(&mut chain, OWNER, &v2, 1024).await;
    let labels = ["setosa", "versicolor", "virginica"];
    let with = |lineage: pb::Lineage| {
        let mut m = register_msg(OWNER, "iris", &v2, chunks.clone(), 4, &labels);
        m.proto.lineage = Some(lineage);
        m
    };
    // Refusals are the consent ledger's: use not permitted (12), DUO (14), unknown consent (4).
    chain.refused(with(training_lineage(1, 2, "HMB")), symbiote_consent::errors::CODESPACE, 12, PREFIX).await;
    chain.refused(with(training_lineage(1, 1, "POA")), symbiote_consent::errors::CODESPACE, 14, PREFIX).await;
    chain.refused(with(training_lineage(1, 9, "HMB")), symbiote_consent::errors::CODESPACE, 4, PREFIX).await;
    let r = chain.exec(with(training_lineage(1, 1, "HMB"))).await.unwrap();
    assert_eq!(r.version, 2);
    let receipt = chain.state.receipt(1).await.unwrap().unwrap();
    assert_eq!((receipt.r#use.as_str(), receipt.consent_id, receipt.dataset_id), ("training", 1, 1));
    assert_eq!(receipt.requester, addr(OWNER).to_string());
    assert!(receipt.model.starts_with("iris@"), "{}", receipt.model);
    let v = chain.state.existing_version("iris", 2).await.unwrap();
    assert_eq!(v.lineage.unwrap().parent_version, 1);

    // After the patient withdraws, no new version may train on the data; the receipt stays.
    chain.advance(5);
    let withdraw =
        symbiote_consent::msg::MsgWithdrawConsent { owner: addr(PATIENT), consent_id: 1, reason: String::new() };
    chain.exec(withdraw).await.unwrap();
    let v3 = symbiote_engine::synth::dense_classifier(4, 8, 3, 10);
    let chunks3 = upload(&mut chain, OWNER, &v3, 1024).await;
    let mut m = register_msg(OWNER, "iris", &v3, chunks3, 4, &labels);
    m.proto.lineage = Some(training_lineage(2, 1, "HMB"));
    chain.refused(m, symbiote_consent::errors::CODESPACE, 7, PREFIX).await;
    assert!(chain.state.receipt(1).await.unwrap().is_some());
}

#[tokio::test]
async fn the_registry_exports_and_imports_byte_identically() {
    let mut chain = chain().await;
    register_iris(&mut chain, OWNER, "iris", &iris()).await;
    upload(&mut chain, OTHER, b"pending bytes", 1024).await;
    let set = MsgSetAlias {
        sender: addr(OWNER),
        name: "iris".into(),
        alias: "prod".into(),
        version: 1,
        reason: String::new(),
    };
    chain.exec(set).await.unwrap();
    let exported = Registry::export_genesis(&chain.state).await.unwrap();
    let back: GenesisState = serde_json::from_str(&serde_json::to_string(&exported).unwrap()).unwrap();
    Registry::validate_genesis(&back).unwrap();
    let mut fresh = TestChain::new(&[], Hooks::new()).await;
    let ctx = fresh.genesis_ctx();
    Registry::init_genesis(&mut fresh.state, &back, &ctx).await.unwrap();
    assert_eq!(fresh.dump(PREFIX).await, chain.dump(PREFIX).await);
}

#[tokio::test]
async fn params_change_only_by_governance_and_only_to_valid_values() {
    let mut chain = chain().await;
    let params = Params { max_chunk_bytes: 1000, ..Params::default() };
    let update = |authority: Address, params: Params| MsgUpdateParams { authority, params };
    chain.refused(update(addr(OWNER), params.clone()), "gov", 13, PREFIX).await;
    chain
        .refused(update(authority(), Params { upload_expiry_blocks: 0, ..Params::default() }), "sdk", 18, PREFIX)
        .await;
    chain.exec(update(authority(), params.clone())).await.unwrap();
    assert_eq!(chain.state.registry_params().await.unwrap(), params);
    // The new limit applies to the next upload.
    chain.refused(upload_msgs(OWNER, &iris(), 1024).remove(0), CODESPACE, 7, PREFIX).await;
}
