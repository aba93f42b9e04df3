//! Past heights through the query router: any kept height reads as it was (beyond the store's
//! cache of recent versions), with proofs against that height's app hash; with pruning on, the
//! heights app.toml does not keep are refused with the SDK's code, the kept ones still read, the
//! app hashes equal a node that never pruned, and all of it holds after a restart.

use crate::common;

use common::*;
use cosmos_sdk_proto::cosmos::bank::v1beta1::{QueryBalanceRequest, QueryBalanceResponse};
use prost::Message;
use symbiote_app::grpc::QueryServices;
use symbiote_app::pruning::PruningConfig;
use symbiote_app::query::QueryRouter;
use symbiote_app::testing::TestNode;
use tendermint::abci::request;

const BLOCKS: u64 = 30;
const PRUNING: PruningConfig = PruningConfig { keep_recent: 5, keep_every: 10, interval: 5 };

fn router(node: &TestNode) -> QueryRouter {
    QueryServices::new::<symbiote_app::Modules>(node.app.snapshots().clone(), None).router()
}

async fn balance_at(r: &QueryRouter, who: &symbiote_core::Address, height: u64) -> Result<String, (u32, String)> {
    let req = QueryBalanceRequest { address: who.to_string(), denom: "usym".into() };
    let resp = r
        .abci_query(request::Query {
            data: req.encode_to_vec().into(),
            path: "/cosmos.bank.v1beta1.Query/Balance".into(),
            height: height.try_into().unwrap(),
            prove: false,
        })
        .await;
    if resp.code.value() != 0 {
        return Err((resp.code.value(), resp.log));
    }
    Ok(QueryBalanceResponse::decode(resp.value.as_ref()).unwrap().balance.unwrap().amount)
}

/// The bank store value at `key` as of `height`, proved against `app_hash`.
async fn proved(r: &QueryRouter, key: &str, height: u64, app_hash: &[u8]) -> Vec<u8> {
    let resp = r
        .abci_query(request::Query {
            data: key.as_bytes().to_vec().into(),
            path: "store/bank/key".into(),
            height: height.try_into().unwrap(),
            prove: true,
        })
        .await;
    assert_eq!(resp.code.value(), 0, "{}", resp.log);
    assert_eq!(resp.height.value(), height);
    let ops = resp.proof.expect("proof requested").ops;
    let spec = cnidarium::ics23_spec();
    let inner = ics23::CommitmentProof::decode(ops[0].data.as_slice()).unwrap();
    let outer = ics23::CommitmentProof::decode(ops[1].data.as_slice()).unwrap();
    let root = ics23::calculate_existence_root::<ics23::HostFunctionsManager>(match &inner.proof {
        Some(ics23::commitment_proof::Proof::Exist(e)) => e,
        other => panic!("not an existence proof: {other:?}"),
    })
    .unwrap();
    assert!(ics23::verify_membership::<ics23::HostFunctionsManager>(&inner, &spec, &root, key.as_bytes(), &resp.value));
    assert!(ics23::verify_membership::<ics23::HostFunctionsManager>(&outer, &spec, &app_hash.to_vec(), b"bank", &root));
    resp.value.to_vec()
}

#[tokio::test]
async fn kept_heights_read_as_they_were_and_pruned_ones_are_refused() {
    let mut c = chain().await;
    let mut twin = chain().await;
    c.node.app.prune_history(PRUNING);
    let (alice, bob) = (c.alice.clone(), c.bob.address());
    let mut balances = vec![String::new()];
    let mut app_hashes = vec![c.node.app_hash().await.unwrap()];
    for i in 0..BLOCKS {
        let tx = send(&alice, 0, i, bob, &format!("{}usym", i + 1));
        c.node.produce_block(vec![tx.clone()]).await.unwrap();
        twin.node.produce_block(vec![tx]).await.unwrap();
        let hash = c.node.app_hash().await.unwrap();
        assert_eq!(hash, twin.node.app_hash().await.unwrap(), "app hash at {}", i + 1);
        app_hashes.push(hash);
        balances.push(balance_at(&router(&twin.node), &bob, i + 1).await.unwrap());
    }
    // The node that never prunes reads every height, beyond the store's cache of ten.
    let twin_router = router(&twin.node);
    let key = format!("balances/{}/usym", bob.to_hex());
    for h in 1..=BLOCKS {
        assert_eq!(balance_at(&twin_router, &bob, h).await.unwrap(), balances[h as usize]);
        assert_eq!(proved(&twin_router, &key, h, &app_hashes[h as usize]).await, balances[h as usize].as_bytes());
    }

    // The pruning pass after block 30 runs in the background.
    let r = router(&c.node);
    let started = std::time::Instant::now();
    while balance_at(&r, &bob, 1).await.is_ok() {
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "height 1 was never pruned");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let check_kept = |r: QueryRouter, latest: u64| {
        let (balances, app_hashes, key) = (balances.clone(), app_hashes.clone(), key.clone());
        async move {
            for h in 1..=BLOCKS {
                match balance_at(&r, &bob, h).await {
                    Ok(b) => {
                        assert!(PRUNING.keeps(h, latest), "height {h} should be pruned");
                        assert_eq!(b, balances[h as usize]);
                        assert_eq!(proved(&r, &key, h, &app_hashes[h as usize]).await, b.as_bytes());
                    }
                    Err((code, log)) => {
                        assert!(!PRUNING.keeps(h, latest), "height {h} should be kept: {log}");
                        assert_eq!(code, 18, "{log}");
                        assert!(log.contains("version does not exist"), "{log}");
                    }
                }
            }
        }
    };
    check_kept(r, BLOCKS).await;

    // After a restart: the same heights; later blocks have the twin's app hashes.
    while c.node.app.pruning_running() {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the pruning pass never ended");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let dir = c._dir.path().to_path_buf();
    drop(c.node);
    // cnidarium's snapshot dispatcher task holds the database until the runtime polls it once more.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let mut node = TestNode::reopen(&dir).await.unwrap();
    node.app.prune_history(PRUNING);
    check_kept(router(&node), BLOCKS).await;
    for i in BLOCKS..BLOCKS + 3 {
        let tx = send(&alice, 0, i, bob, "1usym");
        node.produce_block(vec![tx.clone()]).await.unwrap();
        twin.node.produce_block(vec![tx]).await.unwrap();
        assert_eq!(node.app_hash().await.unwrap(), twin.node.app_hash().await.unwrap());
    }
}
