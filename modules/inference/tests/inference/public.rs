//! Decisions on public features: through an alias with the default explanation, the trace with
//! its chain context; every refusal coded, changing nothing; listings by model and requester.

use symbiote_bank::BankRead;
use symbiote_core::module_account::authority;
use symbiote_engine::{trace, Engine, Input};
use symbiote_inference::errors::CODESPACE;
use symbiote_inference::msg::MsgUpdateParams;
use symbiote_inference::{InferenceRead, Params};
use symbiote_registry::msg::MsgDeprecateVersion;

use crate::{addr, chain, infer, iris, OWNER, REQUESTER, X};

#[tokio::test]
async fn a_decision_through_an_alias_is_stored_with_its_trace_and_its_fee_paid() {
    let mut chain = chain().await;
    let r = chain.exec(infer("iris@production", &X, 5000)).await.unwrap();
    let t = chain.state.trace(&r.trace_id).await.unwrap().expect("stored by id");
    assert_eq!(trace::trace_id(&t).to_vec(), r.trace_id, "the id is the SHA-256 of the stored trace");
    assert_eq!((t.model_name.as_str(), t.model_version.as_str(), t.alias.as_str()), ("iris", "1", "production"));
    assert_eq!(t.requester, addr(REQUESTER).to_string());
    assert_eq!((t.height, t.tx_hash.clone()), (chain.height, chain.tx_hash.to_vec()));
    assert_eq!(t.label, r.label);
    let e = t.explanation.as_ref().unwrap();
    assert_eq!(e.method, "shapley_exact");
    assert_eq!(e.feature_names, ["sepal_length", "sepal_width", "petal_length", "petal_width"]);
    assert_eq!(e.attributions.iter().sum::<i64>(), e.value - e.base_value, "exact Shapley is additive");

    // The same decision off chain: the engine alone gives the same outputs and node digests.
    let engine = Engine::default();
    let model = engine.load(&iris()).unwrap();
    let forward = model.run(&Input::F32(X.iter().map(|x| x.parse().unwrap()).collect())).unwrap();
    assert_eq!(t.label, forward.label().map(|l| l as u32));
    let digests: Vec<Vec<u8>> = forward.node_digests.iter().map(|d| d.sha256.to_vec()).collect();
    assert_eq!(t.node_digests.iter().map(|d| d.sha256.clone()).collect::<Vec<_>>(), digests);

    // The requester paid the fee; the owner's half accrues (the split: tests/inference/rewards.rs).
    assert_eq!(chain.state.balance(&addr(REQUESTER), "usym").await.unwrap(), 999_000u64.into());
    assert_eq!(chain.state.rewards(&addr(OWNER)).await.unwrap().to_string(), "500usym");
    assert_eq!((t.purpose.clone(), t.consent_ids.clone(), t.receipt_ids.clone()), (None, vec![], vec![]));
    let ev = chain.events.iter().rev().find(|e| e.kind == "inference").unwrap();
    assert!(ev
        .attributes
        .iter()
        .any(|a| a.key_str().ok() == Some("trace_id") && a.value_str().ok() == Some(&hex::encode(&r.trace_id))));

    // By version too (no alias recorded), and sampled Shapley seeded from the tx hash.
    let mut sampled = infer("iris:1", &X, 1000);
    sampled.explain = "shapley_sampled".into();
    let r2 = chain.exec(sampled).await.unwrap();
    let t2 = chain.state.trace(&r2.trace_id).await.unwrap().unwrap();
    assert_eq!(t2.alias, "");
    assert_eq!(t2.explanation.unwrap().seed, chain.tx_hash.to_vec());
}

#[tokio::test]
async fn refused_inferences_are_coded_and_change_nothing() {
    let mut chain = chain().await;
    // Malformed inputs: wrong length, NaN, not a number; an unknown method.
    chain.refused(infer("iris:1", &X[..3], 5000), CODESPACE, 4, "").await;
    chain.refused(infer("iris:1", &["6.3", "NaN", "5.1", "1.5"], 5000), CODESPACE, 4, "").await;
    chain.refused(infer("iris:1", &["6.3", "wide", "5.1", "1.5"], 5000), CODESPACE, 4, "").await;
    let mut unknown_method = infer("iris:1", &X, 5000);
    unknown_method.explain = "lime".into();
    chain.refused(unknown_method, CODESPACE, 2, "").await;
    chain.refused(infer("", &X, 5000), CODESPACE, 2, "").await;
    let mut bad_fee = infer("iris:1", &X, 5000);
    bad_fee.max_fee.as_mut().unwrap().denom = "U$D".into();
    chain.refused(bad_fee, CODESPACE, 2, "").await;
    // A fee too low; unknown models and aliases (the registry's codes).
    chain.refused(infer("iris:1", &X, 999), CODESPACE, 5, "").await;
    chain.refused(infer("nope:1", &X, 5000), symbiote_registry::errors::CODESPACE, 3, "").await;
    chain.refused(infer("iris:2", &X, 5000), symbiote_registry::errors::CODESPACE, 4, "").await;
    chain.refused(infer("iris@staging", &X, 5000), symbiote_registry::errors::CODESPACE, 17, "").await;
    // Over the pass budget.
    let small = Params { max_passes_per_inference: 8, ..Params::default() };
    chain.exec(MsgUpdateParams { authority: authority(), params: small }).await.unwrap();
    chain.refused(infer("iris:1", &X, 5000), CODESPACE, 6, "").await;
    chain.exec(MsgUpdateParams { authority: authority(), params: Params::default() }).await.unwrap();
    // A deprecated version takes no new inferences, even through its alias.
    let deprecate =
        MsgDeprecateVersion { sender: addr(OWNER), name: "iris".into(), version: 1, reason: "retired".into() };
    chain.exec(deprecate).await.unwrap();
    chain.refused(infer("iris@production", &X, 5000), CODESPACE, 3, "").await;
    assert_eq!(chain.dump("inference/trace/").await, vec![], "no trace was stored");
}

#[tokio::test]
async fn decisions_list_by_model_and_by_requester_oldest_first() {
    use symbiote_proto::symbiote::inference::v1 as pb;
    use symbiote_proto::symbiote::inference::v1::query_server::Query;
    let mut chain = chain().await;
    let first = chain.exec(infer("iris@production", &X, 1000)).await.unwrap();
    chain.advance(5);
    let second = chain.exec(infer("iris:1", &["5.1", "3.5", "1.4", "0.2"], 1000)).await.unwrap();
    let q = symbiote_inference::query::InferenceQuery::new(chain.commit().await);
    let ids = |r: pb::QueryTracesResponse| r.traces.iter().map(|t| trace::trace_id(t).to_vec()).collect::<Vec<_>>();
    let by_model = |version: u32, limit: u64| pb::QueryTracesByModelRequest {
        name: "iris".into(),
        version,
        pagination: (limit > 0)
            .then(|| cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest { limit, ..Default::default() }),
    };
    let all = q.traces_by_model(tonic::Request::new(by_model(0, 0))).await.unwrap().into_inner();
    assert_eq!(ids(all), vec![first.trace_id.clone(), second.trace_id.clone()]);
    let v1 = q.traces_by_model(tonic::Request::new(by_model(1, 0))).await.unwrap().into_inner();
    assert_eq!(v1.traces.len(), 2);
    let v2 = q.traces_by_model(tonic::Request::new(by_model(2, 0))).await.unwrap().into_inner();
    assert!(v2.traces.is_empty());
    let page = q.traces_by_model(tonic::Request::new(by_model(0, 1))).await.unwrap().into_inner();
    assert!(!page.pagination.as_ref().unwrap().next_key.is_empty());
    assert_eq!(ids(page), vec![first.trace_id.clone()]);
    let mine = pb::QueryTracesByRequesterRequest { requester: addr(REQUESTER).to_string(), pagination: None };
    assert_eq!(
        ids(q.traces_by_requester(tonic::Request::new(mine)).await.unwrap().into_inner()),
        vec![first.trace_id, second.trace_id]
    );
    let theirs = pb::QueryTracesByRequesterRequest { requester: addr(OWNER).to_string(), pagination: None };
    assert!(q.traces_by_requester(tonic::Request::new(theirs)).await.unwrap().into_inner().traces.is_empty());
    let bad = pb::QueryTracesByRequesterRequest { requester: "nobody".into(), pagination: None };
    assert_eq!(q.traces_by_requester(tonic::Request::new(bad)).await.unwrap_err().code(), tonic::Code::InvalidArgument);
}

#[tokio::test]
async fn a_trace_comes_with_an_ics23_proof_against_the_app_hash() {
    use prost::Message;
    use symbiote_proto::symbiote::inference::v1 as pb;
    use symbiote_proto::symbiote::inference::v1::query_server::Query;
    let mut chain = chain().await;
    let r = chain.exec(infer("iris@production", &X, 1000)).await.unwrap();
    let q = symbiote_inference::query::InferenceQuery::new(chain.commit().await);
    let app_hash = chain.storage.latest_snapshot().root_hash().await.unwrap().0.to_vec();
    let request = pb::QueryTraceRequest { id: hex::encode(&r.trace_id), prove: true };
    let reply = q.trace(tonic::Request::new(request)).await.unwrap().into_inner();
    let value = trace::encode(reply.trace.as_ref().unwrap());
    let ops = reply.proof.expect("a proof was asked for").ops;
    let decode = |i: usize| ics23::CommitmentProof::decode(ops[i].data.as_slice()).unwrap();
    let (inner, outer) = (decode(0), decode(1));
    assert_eq!(
        (ops[0].key.clone(), ops[1].key.clone()),
        (format!("trace/{}", hex::encode(&r.trace_id)).into_bytes(), b"inference".to_vec())
    );
    let spec = cnidarium::ics23_spec();
    let root = chain.storage.latest_snapshot().prefix_root_hash("inference").await.unwrap().0.to_vec();
    let verify = |proof: &ics23::CommitmentProof, root: &Vec<u8>, key: &[u8], value: &[u8]| {
        ics23::verify_membership::<ics23::HostFunctionsManager>(proof, &spec, root, key, value)
    };
    assert!(verify(&inner, &root, &ops[0].key, &value), "the trace is in the inference substore");
    assert!(verify(&outer, &app_hash, b"inference", &root), "the substore's root is in the app hash");
    let mut altered = value.clone();
    altered[3] ^= 1;
    assert!(!verify(&inner, &root, &ops[0].key, &altered), "an altered trace does not verify");
    // Without `prove`, no proof; an unknown id is not found.
    let plain = pb::QueryTraceRequest { id: hex::encode(&r.trace_id), prove: false };
    assert!(q.trace(tonic::Request::new(plain)).await.unwrap().into_inner().proof.is_none());
    let unknown = pb::QueryTraceRequest { id: "00".repeat(32), prove: true };
    assert_eq!(q.trace(tonic::Request::new(unknown)).await.unwrap_err().code(), tonic::Code::NotFound);
}

#[tokio::test]
async fn fee_shares_change_only_by_governance_and_never_past_the_whole_fee() {
    use symbiote_core::LegacyDec;
    let mut chain = chain().await;
    let dec = |s: &str| s.parse::<LegacyDec>().unwrap();
    // Shares summing past 1, or a negative one: the SDK's invalid-request code 18, nothing stored.
    for params in [
        Params { owner_share: dec("0.6"), data_share: dec("0.3"), training_share: dec("0.15"), ..Params::default() },
        Params { owner_share: dec("-0.1"), ..Params::default() },
    ] {
        chain.refused(MsgUpdateParams { authority: authority(), params }, "sdk", 18, "inference/").await;
    }
    // Not the gov account: gov's code 13.
    chain.refused(MsgUpdateParams { authority: addr(OWNER), params: Params::default() }, "gov", 13, "inference/").await;
    // A valid change applies: all of the fee to the owner.
    let all = Params { owner_share: dec("1"), data_share: dec("0"), training_share: dec("0"), ..Params::default() };
    chain.exec(MsgUpdateParams { authority: authority(), params: all.clone() }).await.unwrap();
    assert_eq!(chain.state.inference_params().await.unwrap(), all);
    chain.exec(infer("iris:1", &X, 1000)).await.unwrap();
    assert_eq!(chain.state.rewards(&addr(OWNER)).await.unwrap().to_string(), "1000usym");
}
