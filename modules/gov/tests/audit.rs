//! The fairness audit on a chain in memory, checked against Fairlearn itself: the diabetes data
//! bundled with scikit-learn (sex as the sensitive attribute, progression > 140 as "high"), three
//! logistic regressions registered as versions 1–3 of a community model, and the figures Fairlearn
//! 0.15 computed on onnxruntime's decisions (`fixtures/diabetes_audit.expected.json`, written by
//! the pinned generator `fixtures/generate.sh` in its own venv). The chain's decisions must equal
//! onnxruntime's row for row, its counts Fairlearn's, and its 18-place figures Fairlearn's floats
//! to 1e-15 (and the exact fractions, rounded half to even, to the last place).
//!
//! Also: audit datasets are registered and filled only as the consent ledger permits; a bias
//! correction's target, dataset, budget and gate are each refused with their codes, changing
//! nothing; the passed move goes through the registry with the proposal in the alias history.

use serde_json::Value;
use symbiote_bank::genesis::{GenesisBalance, GenesisCoin, GenesisState as BankGenesis};
use symbiote_consent::commitment::{commit_dataset, DatasetCommitment};
use symbiote_consent::msg::{MsgGrantConsent, MsgRegisterDataset, MsgWithdrawConsent};
use symbiote_consent::ConsentRead;
use symbiote_core::module_account::{authority, ModuleAccount};
use symbiote_core::router::SetRouter;
use symbiote_core::testing::TestChain;
use symbiote_core::{Address, Coins, Hooks, Module};
use symbiote_gov::msg::{MsgAddAuditRows, MsgApplyBiasCorrection, MsgRegisterAuditDataset, MsgSubmitBiasCorrection};
use symbiote_gov::{AuditParams, Gov, GovMsg, GovRead};
use symbiote_inference::testing::{register, Model};
use symbiote_proto::symbiote::consent::v1 as cpb;
use symbiote_proto::symbiote::registry::v1 as rpb;
use symbiote_registry::msg::{MsgHandToCommunity, MsgSetAlias};
use symbiote_registry::RegistryRead;

const GOV: &str = "gov";
const CONSENT: &str = "consent";
const SECRET: [u8; 32] = [5; 32];
const DATASET: u64 = 1;
const AUDIT_CONSENT: u64 = 1;

fn addr(n: u8) -> Address {
    Address::from_bytes([n; 20])
}
const OWNER: u8 = 1; // the model's owner (until it hands the model to the community)
const CURATOR: u8 = 2; // publishes the audit dataset
const PROPOSER: u8 = 3;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn expected() -> Value {
    serde_json::from_slice(&fixture("diabetes_audit.expected.json")).unwrap()
}

/// The CSV: header, rows.
fn csv() -> (Vec<String>, Vec<Vec<String>>) {
    let text = String::from_utf8(fixture("diabetes_audit.csv")).unwrap();
    let mut lines = text.lines().map(|l| l.split(',').map(String::from).collect::<Vec<_>>());
    let header = lines.next().unwrap();
    (header, lines.collect())
}

fn commitment() -> DatasetCommitment {
    let (header, rows) = csv();
    commit_dataset(&SECRET, &header, &rows)
}

fn gru() -> cpb::Purpose {
    cpb::Purpose { code: "GRU".into(), ..Default::default() }
}

/// A version of the diabetes model from its fixture and card.
fn model(version: u32) -> Model {
    let card: Value = serde_json::from_slice(&fixture(&format!("diabetes_v{version}.card.json"))).unwrap();
    let strings = |v: &Value| v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect::<Vec<_>>();
    Model {
        name: "diabetes".into(),
        bytes: fixture(&format!("diabetes_v{version}.onnx")),
        features: strings(&card["features"]),
        unit: String::new(),
        classes: strings(&card["class_labels"]),
        positive_class: card["positive_class"].as_u64().unwrap() as u32,
        method: "shapley_exact".into(),
        baseline: vec![],
        sample_budget: 0,
        fee: 0,
        lineage: (version > 1).then(|| rpb::Lineage { parent_version: 1, training: vec![] }),
    }
}

/// Bank, consent ledger, registry, inference and gov at genesis, with the chain's router; the
/// curator's audit dataset (consent-ledger dataset 1, flagged audit) and its consent 1 for the
/// gov account's audits under GRU; the diabetes model's three versions, `production` at version
/// 1, handed to the community.
async fn chain() -> TestChain {
    let mut hooks = Hooks::new();
    hooks.add::<dyn symbiote_core::router::MsgRouter>(Box::new(SetRouter::<GovMsg>::new()));
    let accounts: Vec<ModuleAccount> =
        symbiote_auth::Auth::ACCOUNTS.iter().chain(symbiote_inference::Inference::ACCOUNTS).copied().collect();
    let substores = ["auth", "bank", "distribution", "consent", "registry", "inference", "gov"];
    let mut chain = TestChain::with_substores(&accounts, hooks, &substores).await;
    let ctx = chain.genesis_ctx();
    let balances = [OWNER, CURATOR, PROPOSER]
        .map(|n| GenesisBalance {
            address: addr(n).to_string(),
            coins: vec![GenesisCoin { denom: "usym".into(), amount: "1000000000".into() }],
        })
        .to_vec();
    symbiote_bank::Bank::init_genesis(&mut chain.state, &BankGenesis { balances, ..Default::default() }, &ctx)
        .await
        .unwrap();
    symbiote_consent::Consent::init_genesis(&mut chain.state, &Default::default(), &ctx).await.unwrap();
    symbiote_registry::Registry::init_genesis(&mut chain.state, &Default::default(), &ctx).await.unwrap();
    symbiote_inference::Inference::init_genesis(&mut chain.state, &Default::default(), &ctx).await.unwrap();
    Gov::init_genesis(&mut chain.state, &Default::default(), &ctx).await.unwrap();

    let (header, _) = csv();
    let schema = header
        .iter()
        .map(|name| cpb::Field {
            name: name.clone(),
            r#type: match name.as_str() {
                "sex" => "int",
                "progression" => "string",
                _ => "decimal",
            }
            .into(),
        })
        .collect();
    let dataset = MsgRegisterDataset {
        owner: addr(CURATOR),
        controller: None,
        proto: cpb::MsgRegisterDataset {
            owner: addr(CURATOR).to_string(),
            controller: String::new(),
            name: "diabetes (scikit-learn)".into(),
            merkle_root: commitment().root.to_vec(),
            record_count: 442,
            schema,
            policy_hash: vec![1; 32],
            audit: true,
        },
    };
    assert_eq!(chain.exec(dataset).await.unwrap().dataset_id, DATASET);
    let terms = cpb::Terms {
        grantee: authority().to_string(),
        uses: vec!["audit".into()],
        permission: "GRU".into(),
        ..Default::default()
    };
    let granted = chain.exec(MsgGrantConsent { granter: addr(CURATOR), dataset_id: DATASET, terms }).await.unwrap();
    assert_eq!(granted.consent_id, AUDIT_CONSENT);

    for v in 1..=3 {
        register(&mut chain, addr(OWNER), model(v)).await;
    }
    let alias = MsgSetAlias {
        sender: addr(OWNER),
        name: "diabetes".into(),
        alias: "production".into(),
        version: 1,
        reason: "first release".into(),
    };
    chain.exec(alias).await.unwrap();
    chain.exec(MsgHandToCommunity { owner: addr(OWNER), name: "diabetes".into() }).await.unwrap();
    chain.advance(5);
    chain
}

fn register_audit() -> MsgRegisterAuditDataset {
    let (header, _) = csv();
    MsgRegisterAuditDataset {
        owner: addr(CURATOR),
        consent_id: AUDIT_CONSENT,
        purpose: gru(),
        columns: header,
        label_column: "progression".into(),
        name: "diabetes audit".into(),
    }
}

/// Rows `from..to` of the CSV, disclosed with every column.
fn rows(from: usize, to: usize) -> MsgAddAuditRows {
    let (header, rows) = csv();
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let c = commitment();
    let disclosures = (from..to).map(|i| c.disclose(&SECRET, DATASET, i as u64, &rows[i], &names).unwrap()).collect();
    MsgAddAuditRows { owner: addr(CURATOR), audit_dataset_id: 1, rows: disclosures }
}

async fn with_audit_dataset() -> TestChain {
    let mut chain = chain().await;
    assert_eq!(chain.exec(register_audit()).await.unwrap().audit_dataset_id, 1);
    for start in (0..442).step_by(100) {
        chain.exec(rows(start, (start + 100).min(442))).await.unwrap();
    }
    chain
}

fn bias_correction(candidate: u32) -> MsgSubmitBiasCorrection {
    MsgSubmitBiasCorrection {
        proposer: addr(PROPOSER),
        model: "diabetes".into(),
        alias: "production".into(),
        candidate_version: candidate,
        audit_dataset_id: 1,
        sensitive_column: "sex".into(),
        initial_deposit: "10000000usym".parse::<Coins>().unwrap(),
        title: "Correct the progression model's bias by sex".into(),
        summary: "Version 2 takes sex into account to offset proxies.".into(),
        metadata: String::new(),
    }
}

fn close(ours: &str, theirs: &Value, what: &str) {
    let ours: f64 = ours.parse().unwrap();
    let theirs = theirs.as_f64().unwrap_or_else(|| panic!("{what}: no figure"));
    assert!((ours - theirs).abs() <= 1e-15, "{what}: chain {ours} vs Fairlearn {theirs}");
}

#[tokio::test]
async fn the_audit_equals_fairlearn_on_the_diabetes_data_for_every_version() {
    let mut chain = with_audit_dataset().await;
    let id = chain.exec(bias_correction(2)).await.unwrap().proposal_id;
    let report = chain.state.audit_report(id).await.unwrap().expect("the proposal carries its audit");
    assert_eq!((report.current_version, report.candidate_version, report.rows), (1, 2, 442));
    assert_eq!(report.positive_label, "high");
    let expected = expected();

    // Version 3 as a candidate too, for the third model's figures.
    let third = chain.exec(bias_correction(3)).await.unwrap().proposal_id;
    let third = chain.state.audit_report(third).await.unwrap().unwrap();

    for (name, figures) in [
        ("diabetes_v1", report.current.clone().unwrap()),
        ("diabetes_v2", report.candidate.clone().unwrap()),
        ("diabetes_v3", third.candidate.clone().unwrap()),
    ] {
        let want = &expected["models"][name];
        assert_eq!(figures.model_id, want["sha256"].as_str().unwrap(), "{name}");
        let fairlearn = &want["fairlearn"];
        for g in &figures.groups {
            let counts = &fairlearn["counts"][&g.group];
            let n = |k: &str| counts[k].as_u64().unwrap();
            assert_eq!(
                (g.count, g.predicted_positive, g.true_positive, g.false_positive, g.true_negative, g.false_negative),
                (n("n"), n("predicted_positives"), n("tp"), n("fp"), n("tn"), n("fn")),
                "{name} group {}: the chain's decisions are onnxruntime's",
                g.group
            );
            let by_group = &fairlearn["by_group"][&g.group];
            let exact = &fairlearn["dec18"]["by_group"][&g.group];
            for (ours, key) in [
                (&g.selection_rate, "selection_rate"),
                (&g.true_positive_rate, "true_positive_rate"),
                (&g.false_positive_rate, "false_positive_rate"),
                (&g.accuracy, "accuracy"),
            ] {
                close(ours, &by_group[key], &format!("{name} group {} {key}", g.group));
                assert_eq!(ours, exact[key].as_str().unwrap(), "{name} group {} {key}", g.group);
            }
        }
        for (ours, key) in [
            (&figures.demographic_parity_difference, "demographic_parity_difference"),
            (&figures.demographic_parity_ratio, "demographic_parity_ratio"),
            (&figures.equalized_odds_difference, "equalized_odds_difference"),
            (&figures.equal_opportunity_difference, "equal_opportunity_difference"),
        ] {
            close(ours, &fairlearn[key], &format!("{name} {key}"));
            assert_eq!(ours, fairlearn["dec18"][key].as_str().unwrap(), "{name} {key}");
        }
        close(&figures.accuracy, &fairlearn["overall"]["accuracy"], &format!("{name} accuracy"));
        close(&figures.selection_rate, &fairlearn["overall"]["selection_rate"], &format!("{name} selection rate"));
    }
    assert!(report.gate.as_ref().unwrap().passes, "v2 passes the four-fifths rule within 0.05 accuracy");
    let gate = third.gate.unwrap();
    let ratio = expected["models"]["diabetes_v3"]["fairlearn"]["dec18"]["demographic_parity_ratio"].as_str().unwrap();
    assert!(
        !gate.passes && gate.reason.contains(&format!("demographic-parity ratio {ratio} is below 0.8")),
        "{}",
        gate.reason
    );

    // The audit's use of the dataset has its consent receipt.
    let receipt = chain.state.receipt(report.receipt_id).await.unwrap().unwrap();
    assert_eq!((receipt.consent_id, receipt.r#use.as_str()), (AUDIT_CONSENT, "audit"));
}

#[tokio::test]
async fn the_passed_move_goes_through_the_registry_and_a_gate_failure_cannot() {
    let mut chain = with_audit_dataset().await;
    let good = chain.exec(bias_correction(2)).await.unwrap().proposal_id;
    let bad = chain.exec(bias_correction(3)).await.unwrap().proposal_id;
    let apply = |id: u64, to: u32| MsgApplyBiasCorrection {
        authority: authority(),
        proposal_id: id,
        model: "diabetes".into(),
        alias: "production".into(),
        from_version: 1,
        to_version: to,
    };
    // Version 3 fails the gate (gov 108) and moves nothing; only the gov account may apply (13).
    chain.refused(apply(bad, 3), GOV, 108, "").await;
    chain.refused(MsgApplyBiasCorrection { authority: addr(PROPOSER), ..apply(good, 2) }, GOV, 13, "").await;
    chain.refused(apply(good, 3), GOV, 105, "").await;
    chain.exec(apply(good, 2)).await.unwrap();
    assert_eq!(chain.state.alias("diabetes", "production").await.unwrap().unwrap().version, 2);
    let history = chain.state.alias_history("diabetes").await.unwrap();
    let last = history.last().unwrap();
    assert_eq!((last.version, last.previous_version), (2, 1));
    assert_eq!(last.reason, format!("bias correction: gov proposal {good}"));
    assert_eq!(last.by, authority().to_string());
    // The alias moved: the audited move can no longer apply.
    chain.refused(apply(good, 2), GOV, 105, "").await;
}

#[tokio::test]
async fn refusals_are_coded_and_change_nothing() {
    let mut chain = chain().await;
    // Audit datasets: only the consent's granter registers one (gov 102); a column the dataset
    // lacks (101); a label that is not a column (101, stateless); the consent ledger's own refusal
    // of an unknown consent (consent 4).
    chain.refused(MsgRegisterAuditDataset { owner: addr(PROPOSER), ..register_audit() }, GOV, 102, "").await;
    let mut m = register_audit();
    m.columns.push("weight".into());
    chain.refused(m, GOV, 101, "").await;
    chain.refused(MsgRegisterAuditDataset { label_column: "outcome".into(), ..register_audit() }, GOV, 101, "").await;
    chain.refused(MsgRegisterAuditDataset { consent_id: 9, ..register_audit() }, CONSENT, 4, "").await;
    chain.exec(register_audit()).await.unwrap();

    // Rows: a tampered value (consent 16), a partial disclosure (gov 103), a row twice (103), not
    // the owner (102), an unknown dataset (100).
    let mut tampered = rows(0, 1);
    tampered.rows[0].fields[0].value = "99.0".into();
    chain.refused(MsgAddAuditRows { audit_dataset_id: 1, ..tampered }, CONSENT, 16, "").await;
    let mut partial = rows(0, 1);
    partial.rows[0].fields.pop();
    let c = commitment();
    let (header, all) = csv();
    let names: Vec<&str> = header[..10].iter().map(String::as_str).collect();
    partial.rows[0] = c.disclose(&SECRET, DATASET, 0, &all[0], &names).unwrap();
    chain.refused(MsgAddAuditRows { audit_dataset_id: 1, ..partial }, GOV, 103, "").await;
    chain.exec(MsgAddAuditRows { audit_dataset_id: 1, ..rows(0, 2) }).await.unwrap();
    chain.refused(MsgAddAuditRows { audit_dataset_id: 1, ..rows(1, 3) }, GOV, 103, "").await;
    chain.refused(MsgAddAuditRows { owner: addr(PROPOSER), audit_dataset_id: 1, ..rows(2, 3) }, GOV, 102, "").await;
    chain.refused(MsgAddAuditRows { audit_dataset_id: 9, ..rows(2, 3) }, GOV, 100, "").await;

    // Bias corrections: an incomplete dataset (gov 104); an unknown one (100).
    chain.refused(MsgSubmitBiasCorrection { audit_dataset_id: 1, ..bias_correction(2) }, GOV, 104, "").await;
    chain.refused(MsgSubmitBiasCorrection { audit_dataset_id: 9, ..bias_correction(2) }, GOV, 100, "").await;
    for start in (2..442).step_by(200) {
        chain.exec(MsgAddAuditRows { audit_dataset_id: 1, ..rows(start, (start + 200).min(442)) }).await.unwrap();
    }
    let ok = |m: MsgSubmitBiasCorrection| MsgSubmitBiasCorrection { audit_dataset_id: 1, ..m };
    // The target: the alias's own version (105); an alias that does not exist (105); a sensitive
    // column the dataset lacks (105); the label as the sensitive attribute (105).
    chain.refused(ok(bias_correction(1)), GOV, 105, "").await;
    chain.refused(ok(MsgSubmitBiasCorrection { alias: "staging".into(), ..bias_correction(2) }), GOV, 105, "").await;
    chain
        .refused(ok(MsgSubmitBiasCorrection { sensitive_column: "race".into(), ..bias_correction(2) }), GOV, 105, "")
        .await;
    chain
        .refused(
            ok(MsgSubmitBiasCorrection { sensitive_column: "progression".into(), ..bias_correction(2) }),
            GOV,
            105,
            "",
        )
        .await;
    // The budget: an audit over max_audit_cost is refused before running (gov 106).
    let tiny = AuditParams { max_audit_cost: 100, ..AuditParams::default() };
    chain.exec(symbiote_gov::msg::MsgUpdateAuditParams { authority: authority(), params: tiny }).await.unwrap();
    let log = chain.refused(ok(bias_correction(2)), GOV, 106, "").await;
    assert!(log.contains("over max_audit_cost 100"), "{log}");
    chain
        .exec(symbiote_gov::msg::MsgUpdateAuditParams { authority: authority(), params: AuditParams::default() })
        .await
        .unwrap();
    // A deposit under min_deposit × min_deposit_ratio (gov 16), as any proposal.
    let poor = MsgSubmitBiasCorrection { initial_deposit: "1usym".parse().unwrap(), ..ok(bias_correction(2)) };
    chain.refused(poor, GOV, 16, "").await;
    // After the curator withdraws the consent, no audit may use the data (consent 7).
    let withdraw = MsgWithdrawConsent { owner: addr(CURATOR), consent_id: AUDIT_CONSENT, reason: "retired".into() };
    chain.exec(withdraw).await.unwrap();
    chain.refused(ok(bias_correction(2)), CONSENT, 7, "").await;
    assert!(chain.state.audit_report(1).await.unwrap().is_none(), "no proposal was made");
}
