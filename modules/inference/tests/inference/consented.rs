//! Decisions on records disclosed under consent: the consent ledger's check, a receipt naming the
//! trace and the trace naming the receipt; withdrawal, missing consent, undisclosed or unneeded
//! fields refused with codes, changing nothing; the per-block engine-cost budget.

use symbiote_consent::errors::CODESPACE as CONSENT;
use symbiote_consent::msg::MsgWithdrawConsent;
use symbiote_consent::ConsentRead;
use symbiote_core::module_account::authority;
use symbiote_engine::trace;
use symbiote_inference::errors::CODESPACE;
use symbiote_inference::msg::MsgUpdateParams;
use symbiote_inference::{InferenceRead, Params};
use symbiote_registry::RegistryRead;

use crate::{addr, chain, disclosure, hmb, infer, infer_on, PATIENT, PATIENT_CONSENT, REQUESTER, X};

#[tokio::test]
async fn a_clinic_runs_the_model_on_a_disclosed_record_with_a_receipt_both_ways() {
    let mut chain = chain().await;
    let d = disclosure(0, &crate::FEATURES);
    let r = chain.exec(infer_on("iris@production", vec![d])).await.unwrap();
    let t = chain.state.trace(&r.trace_id).await.unwrap().unwrap();
    assert_eq!(t.purpose, Some(hmb()));
    assert_eq!(t.consent_ids, [PATIENT_CONSENT]);
    let receipt_id = t.receipt_ids[0];
    let receipt = chain.state.receipt(receipt_id).await.unwrap().expect("the trace names a stored receipt");
    assert_eq!(receipt.trace_id, hex::encode(&r.trace_id), "the receipt names the trace");
    assert_eq!((receipt.consent_id, receipt.record, receipt.r#use.as_str()), (PATIENT_CONSENT, Some(0), "inference"));
    assert_eq!(receipt.pii_principal, addr(PATIENT).to_string());
    assert_eq!(receipt.requester, addr(REQUESTER).to_string());
    assert_eq!(chain.state.existing_consent(PATIENT_CONSENT).await.unwrap().uses, 1);

    // The same record given as public features makes the same decision on the same input.
    let public = chain.exec(infer("iris:1", &X, 1000)).await.unwrap();
    let p = chain.state.trace(&public.trace_id).await.unwrap().unwrap();
    assert_eq!((p.input.clone(), p.outputs.clone(), p.label), (t.input.clone(), t.outputs.clone(), t.label));
    assert_eq!(trace::trace_id(&t).to_vec(), r.trace_id);
    let id = hex::encode(&r.trace_id);
    let event = chain
        .events
        .iter()
        .find(|e| e.kind == "inference" && e.attributes.iter().any(|a| a.value_str().ok() == Some(id.as_str())))
        .expect("the decision's event");
    let attribute = |key: &str| {
        event.attributes.iter().find(|a| a.key_str().ok() == Some(key)).and_then(|a| a.value_str().ok()).unwrap()
    };
    assert_eq!((attribute("consents"), attribute("purpose")), ("3", "HMB"));
}

#[tokio::test]
async fn refused_uses_of_records_are_coded_and_change_nothing() {
    let mut chain = chain().await;
    let all = || disclosure(0, &crate::FEATURES);
    // No purpose; both inputs at once; a record without its disclosure.
    let mut m = infer_on("iris:1", vec![all()]);
    m.purpose = None;
    chain.refused(m, CODESPACE, 2, "").await;
    let mut m = infer_on("iris:1", vec![all()]);
    m.features = X.iter().map(|x| x.to_string()).collect();
    chain.refused(m, CODESPACE, 2, "").await;
    let mut m = infer_on("iris:1", vec![all()]);
    m.records[0].disclosure = None;
    chain.refused(m, CODESPACE, 2, "").await;
    // An unknown consent; another requester; a purpose the terms do not permit.
    let mut m = infer_on("iris:1", vec![all()]);
    m.records[0].consent_id = 99;
    chain.refused(m, CONSENT, 4, "").await;
    let mut m = infer_on("iris:1", vec![all()]);
    m.requester = addr(9);
    chain.refused(m, CONSENT, 11, "").await;
    let mut m = infer_on("iris:1", vec![all()]);
    m.purpose = Some(symbiote_proto::symbiote::consent::v1::Purpose { code: "POA".into(), ..Default::default() });
    chain.refused(m, CONSENT, 14, "").await;
    // A feature not disclosed; a field the model does not use; a tampered value.
    chain.refused(infer_on("iris:1", vec![disclosure(0, &crate::FEATURES[..3])]), CODESPACE, 4, "").await;
    let mut with_species = crate::FEATURES.to_vec();
    with_species.push("species");
    chain.refused(infer_on("iris:1", vec![disclosure(0, &with_species)]), CONSENT, 17, "").await;
    let mut tampered = all();
    tampered.fields[2].value = "1.0".into();
    chain.refused(infer_on("iris:1", vec![tampered]), CONSENT, 16, "").await;
    // The same feature from two records.
    chain.refused(infer_on("iris:1", vec![all(), disclosure(1, &["sepal_length"])]), CODESPACE, 4, "").await;

    // After the patient withdraws, the clinic's next inference is refused; the receipt stays.
    let first = chain.exec(infer_on("iris:1", vec![all()])).await.unwrap();
    let withdraw = MsgWithdrawConsent { owner: addr(PATIENT), consent_id: PATIENT_CONSENT, reason: "moved".into() };
    chain.exec(withdraw).await.unwrap();
    chain.advance(5);
    chain.refused(infer_on("iris:1", vec![all()]), CONSENT, 7, "").await;
    let t = chain.state.trace(&first.trace_id).await.unwrap().unwrap();
    assert!(chain.state.receipt(t.receipt_ids[0]).await.unwrap().is_some());
    assert_eq!(chain.dump("inference/trace/").await.len(), 1, "only the permitted decision was stored");
}

#[tokio::test]
async fn a_block_runs_inferences_up_to_its_budget_and_refuses_the_rest_before_running() {
    let mut chain = chain().await;
    let first = chain.exec(infer("iris:1", &X, 1000)).await.unwrap();
    let t = chain.state.trace(&first.trace_id).await.unwrap().unwrap();
    let version = chain.state.resolve("iris:1").await.unwrap().version;
    let cost = version.report.unwrap().cost_per_pass * (t.explanation.unwrap().passes + 1);
    // A budget of two and a half inferences: two fit in a block, the third is refused (code 8).
    let params = Params { max_block_cost: cost * 5 / 2, ..Params::default() };
    chain.exec(MsgUpdateParams { authority: authority(), params }).await.unwrap();
    chain.advance(5);
    chain.exec(infer("iris:1", &X, 1000)).await.unwrap();
    chain.exec(infer("iris:1", &X, 1000)).await.unwrap();
    let log = chain.refused(infer("iris:1", &X, 1000), CODESPACE, 8, "").await;
    assert!(log.contains("later block"), "{log}");
    // The next block has its own budget.
    chain.advance(5);
    chain.exec(infer("iris:1", &X, 1000)).await.unwrap();
}

#[tokio::test]
async fn a_patient_reads_their_use_log_with_each_decision_joined() {
    use symbiote_consent::msg::MsgRecordUse;
    use symbiote_consent::{Use, UseRequest};
    use symbiote_proto::symbiote::inference::v1 as pb;
    use symbiote_proto::symbiote::inference::v1::query_server::Query;
    let mut chain = chain().await;
    let decided = chain.exec(infer_on("iris:1", vec![disclosure(1, &crate::FEATURES)])).await.unwrap();
    // A use recorded without an inference (no trace to join).
    let request = UseRequest {
        requester: addr(REQUESTER),
        consent_id: PATIENT_CONSENT,
        use_: Use::Inference,
        purpose: hmb(),
        model: None,
        disclosure: None,
    };
    chain.exec(MsgRecordUse { request }).await.unwrap();
    let q = symbiote_inference::query::InferenceQuery::new(chain.commit().await);
    let log = |owner: String, consent_id: u64| pb::QueryUseLogRequest { owner, consent_id, pagination: None };
    for request in [log(addr(PATIENT).to_string(), 0), log(String::new(), PATIENT_CONSENT)] {
        let entries = q.use_log(tonic::Request::new(request)).await.unwrap().into_inner().entries;
        assert_eq!(entries.len(), 2);
        let first = entries[0].trace.as_ref().expect("the inference's trace is joined");
        assert_eq!(trace::trace_id(first).to_vec(), decided.trace_id);
        assert_eq!(entries[0].receipt.as_ref().unwrap().record, Some(1));
        assert!(entries[1].trace.is_none(), "a use without an inference has no trace");
    }
    let nobody = log(addr(9).to_string(), 0);
    assert!(q.use_log(tonic::Request::new(nobody)).await.unwrap().into_inner().entries.is_empty());
    let both = log(addr(PATIENT).to_string(), PATIENT_CONSENT);
    assert_eq!(q.use_log(tonic::Request::new(both)).await.unwrap_err().code(), tonic::Code::InvalidArgument);
}
