//! Queries through ABCI Query (the same implementations gRPC serves): Cosmos method paths, the
//! height header, SDK error codes, and `store/<module>/key` ICS23 proofs checked against the app hash.

use crate::common;

use common::*;
use cosmos_sdk_proto::cosmos::auth::v1beta1::{BaseAccount, QueryAccountRequest, QueryAccountResponse};
use cosmos_sdk_proto::cosmos::bank::v1beta1::{
    QueryBalanceRequest, QueryBalanceResponse, QueryTotalSupplyRequest, QueryTotalSupplyResponse,
};
use prost::Message;
use symbiote_app::grpc::QueryServices;
use symbiote_app::query::QueryRouter;
use tendermint::abci::request;

fn services(c: &Chain) -> QueryServices {
    QueryServices::new::<symbiote_app::Modules>(c.node.app.snapshots().clone(), None)
}

fn router(c: &Chain) -> QueryRouter {
    services(c).router()
}

async fn query(
    r: &QueryRouter,
    path: &str,
    data: Vec<u8>,
    height: u64,
    prove: bool,
) -> tendermint::abci::response::Query {
    r.abci_query(request::Query { data: data.into(), path: path.into(), height: height.try_into().unwrap(), prove })
        .await
}

async fn balance_at(r: &QueryRouter, who: &symbiote_core::Address, height: u64) -> String {
    let req = QueryBalanceRequest { address: who.to_string(), denom: "usym".into() };
    let resp = query(r, "/cosmos.bank.v1beta1.Query/Balance", req.encode_to_vec(), height, false).await;
    assert_eq!(resp.code.value(), 0, "{}", resp.log);
    QueryBalanceResponse::decode(resp.value.as_ref()).unwrap().balance.unwrap().amount
}

#[tokio::test]
async fn cosmos_paths_heights_and_error_codes() {
    let mut c = chain().await;
    c.node.produce_block(vec![send(&c.alice, 0, 0, c.bob.address(), "100usym")]).await.unwrap();
    c.node.produce_block(vec![send(&c.alice, 0, 1, c.bob.address(), "100usym")]).await.unwrap();
    let r = router(&c);

    // Latest, and each retained height (genesis is height 0 = latest, so ask for 1 and 2).
    assert_eq!(balance_at(&r, &c.bob.address(), 0).await, (FUNDS + 200).to_string());
    assert_eq!(balance_at(&r, &c.bob.address(), 1).await, (FUNDS + 100).to_string());
    assert_eq!(balance_at(&r, &c.bob.address(), 2).await, (FUNDS + 200).to_string());
    let future = query(
        &r,
        "/cosmos.bank.v1beta1.Query/Balance",
        QueryBalanceRequest { address: c.bob.address().to_string(), denom: "usym".into() }.encode_to_vec(),
        99,
        false,
    )
    .await;
    assert_eq!(future.code.value(), 18, "{}", future.log);

    let acct = query(
        &r,
        "/cosmos.auth.v1beta1.Query/Account",
        QueryAccountRequest { address: c.alice.address().to_string() }.encode_to_vec(),
        0,
        false,
    )
    .await;
    let any = QueryAccountResponse::decode(acct.value.as_ref()).unwrap().account.unwrap();
    assert_eq!(any.type_url, "/cosmos.auth.v1beta1.BaseAccount");
    let base = BaseAccount::decode(any.value.as_slice()).unwrap();
    assert_eq!((base.account_number, base.sequence), (0, 2));
    assert!(base.pub_key.is_some());

    let supply = query(
        &r,
        "/cosmos.bank.v1beta1.Query/TotalSupply",
        QueryTotalSupplyRequest::default().encode_to_vec(),
        0,
        false,
    )
    .await;
    let supply = QueryTotalSupplyResponse::decode(supply.value.as_ref()).unwrap().supply;
    assert_eq!(supply[0].amount, (2 * FUNDS).to_string());

    let unknown = query(&r, "/cosmos.nope.v1.Query/Nothing", vec![], 0, false).await;
    assert_eq!(unknown.code.value(), 6);
    let missing = query(
        &r,
        "/cosmos.auth.v1beta1.Query/Account",
        QueryAccountRequest { address: symbiote_app::tx::build::Signer::from_seed("nobody").address().to_string() }
            .encode_to_vec(),
        0,
        false,
    )
    .await;
    assert_eq!(missing.code.value(), 22, "{}", missing.log);
    let bad = query(
        &r,
        "/cosmos.auth.v1beta1.Query/Account",
        QueryAccountRequest { address: "cosmos1xyz".into() }.encode_to_vec(),
        0,
        false,
    )
    .await;
    assert_eq!(bad.code.value(), 18, "{}", bad.log);
    let garbage = query(&r, "/cosmos.bank.v1beta1.Query/Balance", vec![0xff, 0xff, 0xff], 0, false).await;
    assert_eq!(garbage.code.value(), 18);
}

/// The ABCI router has no list of its own: every method of every service the gRPC server serves
/// (as the descriptor set describes them) answers over ABCI Query at its path.
#[tokio::test]
async fn every_grpc_method_of_every_service_answers_over_abci_query() {
    let c = chain().await;
    let services = services(&c);
    let r = services.router();
    let pool = prost_reflect::DescriptorPool::decode(symbiote_proto::FILE_DESCRIPTOR_SET.as_slice()).unwrap();
    let mut methods = 0;
    for name in &services.service_names {
        let service = pool.get_service_by_name(name).unwrap_or_else(|| panic!("{name} is served but has no schema"));
        for method in service.methods() {
            let path = format!("/{name}/{}", method.name());
            let resp = query(&r, &path, vec![], 0, false).await;
            // Empty requests may be invalid (18), not found (22), unsupported (6 with a reason) or
            // need CometBFT (39), but the router must have found the method: its own "unknown query
            // path" answer is the only failure.
            assert!(!resp.log.starts_with("unknown query path"), "{path} is not routed: {}", resp.log);
            methods += 1;
        }
    }
    assert!(methods >= 40, "only {methods} methods checked");
    let unknown = query(&r, "/cosmos.bank.v1beta1.Query/NoSuchMethod", vec![], 0, false).await;
    assert!(unknown.log.starts_with("unknown query path"), "{}", unknown.log);
    assert_eq!(unknown.code.value(), 6);
    // The node service's ABCIQuery answers by calling CometBFT's abci_query: routed here it would
    // wait on the very connection it arrived on.
    let looped = query(&r, "/cosmos.base.tendermint.v1beta1.Service/ABCIQuery", vec![], 0, false).await;
    assert_eq!(looped.code.value(), 6, "{}", looped.log);
    assert!(looped.log.contains("served over gRPC only"), "{}", looped.log);
}

/// Module accounts come back as `ModuleAccount`s from Account (as the SDK stores them).
#[tokio::test]
async fn module_accounts_are_reported_as_module_accounts() {
    let c = chain().await;
    let r = router(&c);
    let fee_collector = symbiote_auth::fee_collector_address();
    let resp = query(
        &r,
        "/cosmos.auth.v1beta1.Query/Account",
        QueryAccountRequest { address: fee_collector.to_string() }.encode_to_vec(),
        0,
        false,
    )
    .await;
    let any = QueryAccountResponse::decode(resp.value.as_ref()).unwrap().account.unwrap();
    assert_eq!(any.type_url, "/cosmos.auth.v1beta1.ModuleAccount");
    let module = cosmos_sdk_proto::cosmos::auth::v1beta1::ModuleAccount::decode(any.value.as_slice()).unwrap();
    assert_eq!(module.name, "fee_collector");
    assert_eq!(module.base_account.unwrap().address, fee_collector.to_string());
}

#[tokio::test]
async fn store_queries_prove_values_against_the_app_hash() {
    let mut c = chain().await;
    c.node.produce_block(vec![send(&c.alice, 0, 0, c.bob.address(), "100usym")]).await.unwrap();
    let r = router(&c);
    let app_hash = c.node.app_hash().await.unwrap();

    let key = format!("balances/{}/usym", c.bob.address().to_hex());
    // cosmjs and ts-relayer send the path with a leading slash.
    let slashed = query(&r, "/store/bank/key", key.clone().into_bytes(), 0, false).await;
    assert_eq!(slashed.value.as_ref(), (FUNDS + 100).to_string().as_bytes(), "{}", slashed.log);
    let resp = query(&r, "store/bank/key", key.clone().into_bytes(), 0, true).await;
    assert_eq!(resp.code.value(), 0, "{}", resp.log);
    assert_eq!(resp.value.as_ref(), (FUNDS + 100).to_string().as_bytes());
    let ops = resp.proof.expect("proof requested").ops;
    assert_eq!(ops.len(), 2);
    let spec = cnidarium::ics23_spec();
    let inner = ics23::CommitmentProof::decode(ops[0].data.as_slice()).unwrap();
    let outer = ics23::CommitmentProof::decode(ops[1].data.as_slice()).unwrap();
    let snap = c.node.app.storage().latest_snapshot();
    let bank_root = snap.prefix_root_hash("bank").await.unwrap().0.to_vec();
    assert!(ics23::verify_membership::<ics23::HostFunctionsManager>(
        &inner,
        &spec,
        &bank_root,
        key.as_bytes(),
        &resp.value
    ));
    assert!(ics23::verify_membership::<ics23::HostFunctionsManager>(&outer, &spec, &app_hash, b"bank", &bank_root));
    // A wrong value does not verify.
    assert!(!ics23::verify_membership::<ics23::HostFunctionsManager>(&inner, &spec, &bank_root, key.as_bytes(), b"1"));

    let nope = query(&r, "store/nostore/key", b"x".to_vec(), 0, true).await;
    assert_ne!(nope.code.value(), 0);
}
