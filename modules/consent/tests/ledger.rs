//! The consent ledger's messages, one by one, on a chain in memory: every refusal coded, naming
//! its rule, and changing nothing; withdrawal and revocation not retroactive; disclosures verified
//! against commitments the CLI's code computes.

use symbiote_consent::commitment::{commit_dataset, DatasetCommitment};
use symbiote_consent::errors::CODESPACE;
use symbiote_consent::genesis::GenesisState;
use symbiote_consent::msg::*;
use symbiote_consent::{Consent, ConsentRead, Use, UseRequest};
use symbiote_core::module_account::authority;
use symbiote_core::testing::TestChain;
use symbiote_core::{Address, Hooks, Module};
use symbiote_proto::symbiote::consent::v1 as pb;

const SECRET: [u8; 32] = [42; 32];
const PREFIX: &str = "consent/";

fn addr(n: u8) -> Address {
    Address::from_bytes([n; 20])
}
const PATIENT: u8 = 1;
const HOSPITAL: u8 = 2;
const CLINIC: u8 = 3;
const PHARMA: u8 = 4;

fn names() -> Vec<String> {
    ["age", "sex", "glucose", "diagnosis"].map(String::from).to_vec()
}

fn rows() -> Vec<Vec<String>> {
    vec![
        vec!["54".into(), "F".into(), "7.9".into(), "E11".into()],
        vec!["61".into(), "M".into(), "5.2".into(), "none".into()],
        vec!["47".into(), "F".into(), "6.4".into(), "E11".into()],
    ]
}

fn schema() -> Vec<pb::Field> {
    vec![
        pb::Field { name: "age".into(), r#type: "int".into() },
        pb::Field { name: "sex".into(), r#type: "category".into() },
        pb::Field { name: "glucose".into(), r#type: "decimal".into() },
        pb::Field { name: "diagnosis".into(), r#type: "string".into() },
    ]
}

fn commitment() -> DatasetCommitment {
    commit_dataset(&SECRET, &names(), &rows())
}

fn register(owner: u8, controller: Option<u8>) -> MsgRegisterDataset {
    MsgRegisterDataset {
        owner: addr(owner),
        controller: controller.map(addr),
        proto: pb::MsgRegisterDataset {
            owner: addr(owner).to_string(),
            controller: controller.map(|c| addr(c).to_string()).unwrap_or_default(),
            name: "glucose panel".into(),
            merkle_root: commitment().root.to_vec(),
            record_count: 3,
            schema: schema(),
            policy_hash: vec![9; 32],
            audit: false,
        },
    }
}

fn hmb_terms(grantee: Option<u8>) -> pb::Terms {
    pb::Terms {
        grantee: grantee.map(|g| addr(g).to_string()).unwrap_or_default(),
        uses: vec!["inference".into(), "audit".into()],
        permission: "HMB".into(),
        modifiers: vec![pb::Modifier { code: "NCU".into(), value: String::new() }],
        ..Default::default()
    }
}

fn grant(granter: u8, dataset_id: u64, terms: pb::Terms) -> MsgGrantConsent {
    MsgGrantConsent { granter: addr(granter), dataset_id, terms }
}

fn research() -> pb::Purpose {
    pb::Purpose { code: "DUO:0000007".into(), disease: "MONDO:0005015".into(), ..Default::default() }
}

fn disclosure(record: u64, fields: &[&str]) -> pb::Disclosure {
    commitment().disclose(&SECRET, 1, record, &rows()[record as usize], fields).unwrap()
}

fn use_msg(requester: u8, consent_id: u64, purpose: pb::Purpose, d: Option<pb::Disclosure>) -> MsgRecordUse {
    MsgRecordUse {
        request: UseRequest {
            requester: addr(requester),
            consent_id,
            use_: Use::Inference,
            purpose,
            model: None,
            disclosure: d,
        },
    }
}

/// A chain with the patient's dataset (id 1, the hospital its controller) and an HMB, NCU
/// consent for the clinic (id 1).
async fn chain() -> TestChain {
    let mut chain = TestChain::new(&[], Hooks::new()).await;
    let ctx = chain.genesis_ctx();
    Consent::init_genesis(&mut chain.state, &GenesisState::default(), &ctx).await.unwrap();
    let d = chain.exec(register(PATIENT, Some(HOSPITAL))).await.unwrap();
    assert_eq!(d.dataset_id, 1);
    let c = chain.exec(grant(PATIENT, 1, hmb_terms(Some(CLINIC)))).await.unwrap();
    assert_eq!(c.consent_id, 1);
    chain
}

#[tokio::test]
async fn a_clinic_discloses_one_record_under_hmb_consent_with_a_receipt() {
    let mut chain = chain().await;
    chain.advance(5);
    let r = chain.exec(use_msg(CLINIC, 1, research(), Some(disclosure(2, &["age", "glucose"])))).await.unwrap();
    assert_eq!(r.receipt_id, 1);
    let receipt = chain.state.receipt(1).await.unwrap().unwrap();
    assert_eq!(receipt.pii_principal, addr(PATIENT).to_string());
    assert_eq!(receipt.controller, addr(HOSPITAL).to_string());
    assert_eq!((receipt.consent_id, receipt.consent_version, receipt.dataset_id), (1, 1, 1));
    assert_eq!(receipt.record, Some(2));
    assert_eq!(receipt.fields, ["age", "glucose"]);
    assert_eq!(receipt.r#use, "inference");
    assert_eq!(receipt.requester, addr(CLINIC).to_string());
    assert_eq!(receipt.height, chain.height);
    assert_eq!(receipt.tx_hash, chain.tx_hash.to_vec());
    assert_eq!(receipt.receipt_version, "KI-CR-v1.1.0");
    assert_eq!(receipt.policy_url_hash, hex::encode([9; 32]));
    assert_eq!(chain.state.existing_consent(1).await.unwrap().uses, 1);
    let e = chain.events.iter().find(|e| e.kind == "consent_use").expect("use event");
    assert!(e.attributes.iter().all(|a| a.index()));

    // A use without a disclosure (an off-chain use recorded) also gets a receipt.
    let r = chain.exec(use_msg(CLINIC, 1, research(), None)).await.unwrap();
    assert_eq!(r.receipt_id, 2);
    assert_eq!(chain.state.receipt(2).await.unwrap().unwrap().record, None);
}

#[tokio::test]
async fn every_refused_use_is_coded_names_its_rule_and_changes_nothing() {
    let mut chain = chain().await;
    // A commercial requester under NCU.
    let commercial = pb::Purpose { commercial: true, ..research() };
    let log = chain.refused(use_msg(CLINIC, 1, commercial, None), CODESPACE, 14, PREFIX).await;
    assert!(log.contains("DUO:0000046 (NCU)"), "{log}");
    // Population-origins research under HMB.
    let poa = pb::Purpose { code: "POA".into(), ..Default::default() };
    let log = chain.refused(use_msg(CLINIC, 1, poa, None), CODESPACE, 14, PREFIX).await;
    assert!(log.contains("DUO:0000006 (HMB)"), "{log}");
    // Not the grantee.
    chain.refused(use_msg(PHARMA, 1, research(), None), CODESPACE, 11, PREFIX).await;
    // A use the consent does not permit.
    let mut training = use_msg(CLINIC, 1, research(), None);
    training.request.use_ = Use::Training;
    chain.refused(training, CODESPACE, 12, PREFIX).await;
    // Unknown consent; no purpose; an unknown purpose code.
    chain.refused(use_msg(CLINIC, 99, research(), None), CODESPACE, 4, PREFIX).await;
    chain.refused(use_msg(CLINIC, 1, pb::Purpose::default(), None), CODESPACE, 15, PREFIX).await;
    // Wrong proofs: a tampered value, a proof moved to another record, a bad sibling, a short salt.
    let mut tampered = disclosure(0, &["glucose"]);
    tampered.fields[0].value = "5.0".into();
    chain.refused(use_msg(CLINIC, 1, research(), Some(tampered)), CODESPACE, 16, PREFIX).await;
    let mut moved = disclosure(0, &["glucose"]);
    moved.record = 1;
    chain.refused(use_msg(CLINIC, 1, research(), Some(moved)), CODESPACE, 16, PREFIX).await;
    let mut bad_sibling = disclosure(1, &["age"]);
    bad_sibling.record_proof[0][0] ^= 1;
    chain.refused(use_msg(CLINIC, 1, research(), Some(bad_sibling)), CODESPACE, 16, PREFIX).await;
    let mut short_salt = disclosure(1, &["age"]);
    short_salt.fields[0].salt.pop();
    chain.refused(use_msg(CLINIC, 1, research(), Some(short_salt)), CODESPACE, 16, PREFIX).await;
    let mut out_of_range = disclosure(1, &["age"]);
    out_of_range.record = 3;
    chain.refused(use_msg(CLINIC, 1, research(), Some(out_of_range)), CODESPACE, 16, PREFIX).await;
    let mut other_dataset = disclosure(1, &["age"]);
    other_dataset.dataset_id = 7;
    chain.refused(use_msg(CLINIC, 1, research(), Some(other_dataset)), CODESPACE, 16, PREFIX).await;
    let mut twice = disclosure(1, &["age"]);
    twice.fields.push(twice.fields[0].clone());
    chain.refused(use_msg(CLINIC, 1, research(), Some(twice)), CODESPACE, 16, PREFIX).await;
    assert_eq!(chain.state.existing_consent(1).await.unwrap().uses, 0);
}

#[tokio::test]
async fn field_model_expiry_and_use_limits_refuse() {
    let mut chain = chain().await;
    let expiry = chain.time.checked_add(std::time::Duration::from_secs(60)).unwrap();
    let limited = pb::Terms {
        fields: vec!["glucose".into()],
        allowed_models: vec!["diabetes-risk".into()],
        expires_at: Some(expiry.into()),
        max_uses: 2,
        ..hmb_terms(None)
    };
    assert_eq!(chain.exec(grant(HOSPITAL, 1, limited)).await.unwrap().consent_id, 2, "the controller grants too");
    let with_model = |d| {
        let mut m = use_msg(PHARMA, 2, research(), d);
        m.request.model = symbiote_consent::msg::model_named("diabetes-risk");
        m
    };
    // A field the consent does not list.
    chain.refused(with_model(Some(disclosure(0, &["age"]))), CODESPACE, 17, PREFIX).await;
    // No model, another model.
    chain.refused(use_msg(PHARMA, 2, research(), None), CODESPACE, 13, PREFIX).await;
    let mut other = with_model(None);
    other.request.model = symbiote_consent::msg::model_named("other");
    chain.refused(other, CODESPACE, 13, PREFIX).await;
    // A model's schema limits the fields too.
    let mut schema_limited = with_model(Some(disclosure(0, &["glucose"])));
    if let Some(m) = schema_limited.request.model.as_mut() {
        m.features = Some(vec!["age".into()]);
    }
    chain.refused(schema_limited, CODESPACE, 17, PREFIX).await;
    // Two uses, then exhausted.
    chain.exec(with_model(Some(disclosure(0, &["glucose"])))).await.unwrap();
    chain.exec(with_model(None)).await.unwrap();
    chain.refused(with_model(None), CODESPACE, 10, PREFIX).await;
    // Expired: a fresh consent past its expiry.
    let short = pb::Terms { expires_at: Some(expiry.into()), ..hmb_terms(None) };
    assert_eq!(chain.exec(grant(PATIENT, 1, short)).await.unwrap().consent_id, 3);
    chain.advance(60);
    chain.refused(use_msg(PHARMA, 3, research(), None), CODESPACE, 9, PREFIX).await;
}

#[tokio::test]
async fn withdrawal_at_h_refuses_later_uses_and_keeps_earlier_receipts() {
    let mut chain = chain().await;
    chain.advance(5);
    chain.exec(use_msg(CLINIC, 1, research(), Some(disclosure(0, &["age"])))).await.unwrap();
    chain.advance(5);
    // Only the data owner withdraws; the controller revokes.
    let withdraw = |by: u8| MsgWithdrawConsent { owner: addr(by), consent_id: 1, reason: "changed my mind".into() };
    chain.refused(withdraw(HOSPITAL), CODESPACE, 5, PREFIX).await;
    chain.exec(withdraw(PATIENT)).await.unwrap();
    let h = chain.height;
    let consent = chain.state.existing_consent(1).await.unwrap();
    assert_eq!(consent.withdrawn.as_ref().unwrap().height, h);
    assert!(consent.revoked.is_none());
    // Refused in the same block after the withdrawal, and later.
    let log = chain.refused(use_msg(CLINIC, 1, research(), None), CODESPACE, 7, PREFIX).await;
    assert!(log.contains(&format!("height {h}")), "{log}");
    chain.advance(5);
    chain.refused(use_msg(CLINIC, 1, research(), None), CODESPACE, 7, PREFIX).await;
    // The receipt of the earlier use stays.
    let receipt = chain.state.receipt(1).await.unwrap().unwrap();
    assert!(receipt.height < h);
    // A consent ends once.
    chain.refused(withdraw(PATIENT), CODESPACE, 18, PREFIX).await;
    let revoke = MsgRevokeConsent { authority: addr(HOSPITAL), consent_id: 1, reason: String::new() };
    chain.refused(revoke, CODESPACE, 18, PREFIX).await;
    // Amending an ended consent is refused.
    let amend = MsgAmendConsent { granter: addr(PATIENT), consent_id: 1, terms: hmb_terms(None) };
    chain.refused(amend, CODESPACE, 18, PREFIX).await;
}

#[tokio::test]
async fn revocation_is_the_controllers_or_governances_and_a_separate_record() {
    let mut chain = chain().await;
    chain.exec(grant(PATIENT, 1, hmb_terms(None))).await.unwrap();
    let revoke = |by: Address, id| MsgRevokeConsent { authority: by, consent_id: id, reason: "audit finding".into() };
    // The owner withdraws rather than revokes; a stranger can do neither.
    chain.refused(revoke(addr(PATIENT), 1), CODESPACE, 5, PREFIX).await;
    chain.refused(revoke(addr(PHARMA), 1), CODESPACE, 5, PREFIX).await;
    chain.exec(revoke(addr(HOSPITAL), 1)).await.unwrap();
    chain.exec(revoke(authority(), 2)).await.unwrap();
    for id in [1, 2] {
        let c = chain.state.existing_consent(id).await.unwrap();
        assert!(c.withdrawn.is_none());
        assert!(c.revoked.is_some());
    }
    let log = chain.refused(use_msg(CLINIC, 1, research(), None), CODESPACE, 8, PREFIX).await;
    assert!(log.contains(&addr(HOSPITAL).to_string()), "{log}");
    chain.refused(revoke(addr(HOSPITAL), 99), CODESPACE, 4, PREFIX).await;
    let withdraw = |id, reason: String| MsgWithdrawConsent { owner: addr(PATIENT), consent_id: id, reason };
    chain.refused(withdraw(99, String::new()), CODESPACE, 4, PREFIX).await;
    chain.exec(grant(PATIENT, 1, hmb_terms(None))).await.unwrap();
    chain.refused(withdraw(3, "x".repeat(1025)), CODESPACE, 6, PREFIX).await;
    let amend = MsgAmendConsent { granter: addr(PATIENT), consent_id: 99, terms: hmb_terms(None) };
    chain.refused(amend, CODESPACE, 4, PREFIX).await;
}

#[tokio::test]
async fn an_amendment_supersedes_and_receipts_name_the_version() {
    let mut chain = chain().await;
    chain.exec(use_msg(CLINIC, 1, research(), None)).await.unwrap();
    chain.advance(5);
    let gru = pb::Terms { permission: "GRU".into(), modifiers: vec![], ..hmb_terms(Some(CLINIC)) };
    let amend = |by: u8, terms| MsgAmendConsent { granter: addr(by), consent_id: 1, terms };
    chain.refused(amend(CLINIC, gru.clone()), CODESPACE, 5, PREFIX).await;
    assert_eq!(chain.exec(amend(PATIENT, gru)).await.unwrap().version, 2);
    // Now population-origins research and commercial use are permitted.
    let poa = pb::Purpose { code: "POA".into(), commercial: true, ..Default::default() };
    chain.exec(use_msg(CLINIC, 1, poa, None)).await.unwrap();
    assert_eq!(chain.state.receipt(1).await.unwrap().unwrap().consent_version, 1);
    assert_eq!(chain.state.receipt(2).await.unwrap().unwrap().consent_version, 2);
    let history = chain.state.consent_history(1).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].terms.as_ref().unwrap().permission, "DUO:0000006");
    let c = chain.state.existing_consent(1).await.unwrap();
    assert_eq!((c.version, c.uses), (2, 2));
    chain.refused(amend(PATIENT, pb::Terms::default()), CODESPACE, 6, PREFIX).await;
}

#[tokio::test]
async fn datasets_and_terms_are_checked() {
    let mut chain = chain().await;
    let bad = |f: &dyn Fn(&mut pb::MsgRegisterDataset)| {
        let mut m = register(PATIENT, None);
        f(&mut m.proto);
        m
    };
    chain.refused(bad(&|p| p.merkle_root.pop().map(|_| ()).unwrap_or(())), CODESPACE, 2, PREFIX).await;
    chain.refused(bad(&|p| p.record_count = 0), CODESPACE, 2, PREFIX).await;
    chain.refused(bad(&|p| p.schema.clear()), CODESPACE, 2, PREFIX).await;
    chain.refused(bad(&|p| p.schema[1].r#type = "blob".into()), CODESPACE, 2, PREFIX).await;
    chain.refused(bad(&|p| p.schema[1].name = "age".into()), CODESPACE, 2, PREFIX).await;
    chain.refused(bad(&|p| p.policy_hash = vec![1; 31]), CODESPACE, 2, PREFIX).await;
    chain.refused(bad(&|p| p.name = "x".repeat(1025)), CODESPACE, 2, PREFIX).await;

    let terms = |f: &dyn Fn(&mut pb::Terms)| {
        let mut t = hmb_terms(None);
        f(&mut t);
        grant(PATIENT, 1, t)
    };
    chain.refused(terms(&|t| t.uses.clear()), CODESPACE, 6, PREFIX).await;
    chain.refused(terms(&|t| t.uses = vec!["resale".into()]), CODESPACE, 6, PREFIX).await;
    chain.refused(terms(&|t| t.permission = "DS".into()), CODESPACE, 6, PREFIX).await;
    chain.refused(terms(&|t| t.permission = "XYZ".into()), CODESPACE, 6, PREFIX).await;
    chain
        .refused(
            terms(&|t| t.modifiers.push(pb::Modifier { code: "US".into(), value: String::new() })),
            CODESPACE,
            6,
            PREFIX,
        )
        .await;
    chain
        .refused(
            terms(&|t| t.modifiers.push(pb::Modifier { code: "TS".into(), value: String::new() })),
            CODESPACE,
            6,
            PREFIX,
        )
        .await;
    chain
        .refused(
            terms(&|t| t.modifiers.push(pb::Modifier { code: "GS".into(), value: String::new() })),
            CODESPACE,
            6,
            PREFIX,
        )
        .await;
    chain
        .refused(
            terms(&|t| t.modifiers.push(pb::Modifier { code: "NCU".into(), value: String::new() })),
            CODESPACE,
            6,
            PREFIX,
        )
        .await;
    chain.refused(terms(&|t| t.fields = vec!["weight".into()]), CODESPACE, 6, PREFIX).await;
    let past = chain.time;
    chain.refused(terms(&|t| t.expires_at = Some(past.into())), CODESPACE, 6, PREFIX).await;
    chain.refused(grant(PATIENT, 9, hmb_terms(None)), CODESPACE, 3, PREFIX).await;
    chain.refused(grant(PHARMA, 1, hmb_terms(None)), CODESPACE, 5, PREFIX).await;
}

#[tokio::test]
async fn the_ledger_exports_and_imports_byte_identically() {
    let mut chain = chain().await;
    chain.exec(use_msg(CLINIC, 1, research(), Some(disclosure(1, &["sex"])))).await.unwrap();
    let amend = MsgAmendConsent { granter: addr(PATIENT), consent_id: 1, terms: hmb_terms(None) };
    chain.exec(amend).await.unwrap();
    let exported = Consent::export_genesis(&chain.state).await.unwrap();
    let json = serde_json::to_string(&exported).unwrap();
    let back: GenesisState = serde_json::from_str(&json).unwrap();
    Consent::validate_genesis(&back).unwrap();
    let mut fresh = TestChain::new(&[], Hooks::new()).await;
    let ctx = fresh.genesis_ctx();
    Consent::init_genesis(&mut fresh.state, &back, &ctx).await.unwrap();
    assert_eq!(fresh.dump(PREFIX).await, chain.dump(PREFIX).await);
    let mut bad = back.clone();
    bad.records[0].key = "nonsense/1".into();
    assert!(Consent::validate_genesis(&bad).is_err());
}

#[tokio::test]
async fn params_change_only_by_governance_and_only_to_valid_values() {
    let mut chain = chain().await;
    let params = symbiote_consent::Params { max_disclosed_fields: 1, ..Default::default() };
    let update = |authority: Address, params: symbiote_consent::Params| MsgUpdateParams { authority, params };
    chain.refused(update(addr(PATIENT), params.clone()), "gov", 13, PREFIX).await;
    let zero = symbiote_consent::Params { max_fields: 0, ..Default::default() };
    chain.refused(update(authority(), zero), "sdk", 18, PREFIX).await;
    chain.exec(update(authority(), params.clone())).await.unwrap();
    assert_eq!(chain.state.consent_params().await.unwrap(), params);
    // The new limit applies: a two-field disclosure is now refused.
    chain.refused(use_msg(CLINIC, 1, research(), Some(disclosure(0, &["age", "sex"]))), CODESPACE, 16, PREFIX).await;
}
