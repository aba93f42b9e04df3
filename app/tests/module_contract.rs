//! The module contract end to end, with the example module registered beside the chain's modules
//! exactly as a new module would be (one line in a module list): genesis sections (validate, init,
//! export), message routing with responses and events, begin/end-block hooks that see CometBFT's
//! last commit and misbehaviour and hand back validator updates, a module account, governance-only
//! messages, query services over ABCI Query, and the halt on an internal error.

use crate::common;

use bytes::Bytes;
use cnidarium::StateDelta;
use common::*;
use cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData;
use prost::Message;
use symbiote_app::grpc::QueryServices;
use symbiote_app::module_set::ModuleSet;
use symbiote_app::testing::{genesis_with, BlockContext, TestNode, TEST_CHAIN_ID};
use symbiote_app::tx::build::{any, Signer, Signing, UnsignedTx};
use symbiote_core::module_account::authority;
use symbiote_core::{Any, MsgSet};
use symbiote_example::genesis::{GenesisState as ExampleGenesis, GenesisValue};
use symbiote_example::{
    ExampleMsg, ExampleRead, MsgBreakInvariant, MsgScheduleBlockGas, MsgScheduleValidatorUpdate, MsgSetValue,
    MsgUpdateParams, Params,
};
use symbiote_proto::symbiote::example::v1 as pb;
use tendermint::abci::types::{BlockSignatureInfo, Misbehavior, MisbehaviorKind, Validator, VoteInfo};
use tendermint::block::BlockIdFlag;

symbiote_app::module_set! {
    /// The chain's modules and the example module, registered the same way.
    pub struct WithExample(msg = WithExampleMsg, genesis = WithExampleGenesis) {
        auth: symbiote_auth::Auth,
        bank: symbiote_bank::Bank,
        example: symbiote_example::Example,
    }
}

struct Net {
    node: TestNode<WithExample>,
    alice: Signer,
    bob: Signer,
    alice_seq: u64,
    dir: tempfile::TempDir,
}

fn genesis(alice: &Signer, bob: &Signer) -> WithExampleGenesis {
    let chain = genesis_with(&[alice, bob], FUNDS);
    WithExampleGenesis {
        auth: chain.auth,
        bank: chain.bank,
        example: ExampleGenesis {
            params: Params { max_value_bytes: 16 },
            values: vec![GenesisValue { key: "greeting".into(), value: "hello".into() }],
            validators: vec![],
        },
        genutil: Default::default(),
    }
}

async fn net() -> Net {
    let alice = Signer::from_seed("alice");
    let bob = Signer::from_seed("bob");
    let dir = tempfile::tempdir().unwrap();
    let node = TestNode::<WithExample>::start_chain(dir.path(), &genesis(&alice, &bob), 10_000_000).await.unwrap();
    Net { node, alice, bob, alice_seq: 0, dir }
}

impl Net {
    /// Alice signs `msgs` with her next sequence.
    fn tx(&mut self, msgs: Vec<Any>) -> Vec<u8> {
        let tx = UnsignedTx::new(msgs, coins("5000usym"), GAS)
            .sign(TEST_CHAIN_ID, &[Signing { signer: &self.alice, account_number: 0, sequence: self.alice_seq }]);
        self.alice_seq += 1;
        tx
    }

    async fn block(&mut self, txs: Vec<Vec<u8>>) -> symbiote_app::testing::BlockResult {
        self.node.finalize_and_commit(txs.into_iter().map(Bytes::from).collect()).await.unwrap()
    }

    fn latest(&self) -> cnidarium::Snapshot {
        self.node.app.storage().latest_snapshot()
    }
}

fn set_value(signer: &Signer, key: &str, value: &str) -> Any {
    any(&MsgSetValue { signer: signer.address(), key: key.into(), value: value.into() })
}

#[tokio::test]
async fn genesis_sections_validate_init_and_export() {
    let mut n = net().await;
    assert_eq!(WithExample::names(), ["auth", "bank", "example"]);
    assert_eq!(n.latest().example_value("greeting").await.unwrap().as_deref(), Some("hello"));

    // A bad section is refused naming it.
    let mut bad = genesis(&n.alice, &n.bob);
    bad.example.values.push(GenesisValue { key: "a/b".into(), value: "x".into() });
    let e = WithExample::validate_genesis(&bad).unwrap_err();
    assert!(e.log.starts_with("genesis section example: invalid key"), "{}", e.log);
    let json = serde_json::to_vec(&serde_json::json!({ "nope": {} })).unwrap();
    assert!(symbiote_app::genesis::parse::<WithExample>(&json).unwrap_err().log.contains("unknown field `nope`"));

    // Some activity, then export: starting a chain from the export gives the same module state.
    let tx = n.tx(vec![
        set_value(&n.alice, "k", "v"),
        any(&symbiote_bank::MsgSend {
            from: n.alice.address(),
            to: Signer::from_seed("carol").address(),
            amount: coins("9usym"),
        }),
    ]);
    assert_eq!(n.block(vec![tx]).await.tx_results[0].code.value(), 0);
    let exported = WithExample::export_genesis(&n.latest()).await.unwrap();
    WithExample::validate_genesis(&exported).unwrap();
    assert_eq!(exported.example.values.len(), 2);
    assert!(exported.auth.accounts.iter().any(|a| a.pub_key.is_some()), "keys learnt from txs are exported");
    let dir = tempfile::tempdir().unwrap();
    let copy = TestNode::<WithExample>::start_chain(dir.path(), &exported, 10_000_000).await.unwrap();
    for module in WithExample::names() {
        let ours = n.latest().prefix_root_hash(module).await.unwrap();
        let theirs = copy.app.storage().latest_snapshot().prefix_root_hash(module).await.unwrap();
        if module == "example" {
            // Block counters are bookkeeping of the hooks, not genesis state.
            continue;
        }
        assert_eq!(ours, theirs, "{module} state differs after export and import");
    }
}

#[tokio::test]
async fn messages_are_routed_to_their_module_with_responses_and_events() {
    let mut n = net().await;
    let tx = n.tx(vec![set_value(&n.alice, "greeting", "hi"), set_value(&n.alice, "other", "x")]);
    let block = n.block(vec![tx]).await;
    let r = &block.tx_results[0];
    assert_eq!(r.code.value(), 0, "{}", r.log);
    let data = TxMsgData::decode(r.data.as_ref()).unwrap();
    assert_eq!(data.msg_responses.len(), 2);
    assert_eq!(data.msg_responses[0].type_url, "/symbiote.example.v1.MsgSetValueResponse");
    let first = pb::MsgSetValueResponse::decode(data.msg_responses[0].value.as_slice()).unwrap();
    assert_eq!(first.previous_length, 5, "\"hello\" was there before");
    let attr = |e: &tendermint::abci::Event, k: &str| {
        e.attributes.iter().find(|a| a.key_bytes() == k.as_bytes()).map(|a| a.value_str().unwrap().to_string())
    };
    let message = r.events.iter().find(|e| e.kind == "message" && attr(e, "module").is_some()).unwrap();
    assert_eq!(attr(message, "module").as_deref(), Some("example"));
    assert_eq!(attr(message, "action").as_deref(), Some(<MsgSetValue as symbiote_core::MsgHandler>::TYPE_URL));
    let set: Vec<_> = r.events.iter().filter(|e| e.kind == "example_value_set").collect();
    assert_eq!(set.len(), 2);
    assert_eq!(attr(set[1], "msg_index").as_deref(), Some("1"));
    assert_eq!(n.latest().example_value("greeting").await.unwrap().as_deref(), Some("hi"));

    // A stateful check failure (value over the params' limit) fails the tx, changes nothing.
    let tx = n.tx(vec![set_value(&n.alice, "big", "0123456789abcdefXYZ")]);
    let r = &n.block(vec![tx]).await.tx_results[0];
    assert_eq!(r.code.value(), 18, "{}", r.log);
    assert!(r.log.contains("exceeds max_value_bytes 16"), "{}", r.log);
    assert_eq!(n.latest().example_value("big").await.unwrap(), None);
}

#[tokio::test]
async fn hooks_see_the_last_commit_and_misbehaviour_and_their_events_carry_the_mode() {
    let mut n = net().await;
    let validator = |b: u8| Validator { address: [b; 20], power: 10u32.into() };
    let context = BlockContext {
        proposer: [0xab; 20],
        last_commit: vec![
            VoteInfo { validator: validator(1), sig_info: BlockSignatureInfo::Flag(BlockIdFlag::Commit) },
            VoteInfo { validator: validator(2), sig_info: BlockSignatureInfo::Flag(BlockIdFlag::Absent) },
        ],
        misbehavior: vec![Misbehavior {
            kind: MisbehaviorKind::DuplicateVote,
            validator: validator(2),
            height: 1u32.into(),
            time: tendermint::Time::from_unix_timestamp(1_700_000_000, 0).unwrap(),
            total_voting_power: 20u32.into(),
        }],
    };
    let block = n.node.finalize_with(vec![], context).await.unwrap();
    n.node.commit().await.unwrap();
    n.block(vec![]).await;

    let counters = n.latest().block_counters().await.unwrap();
    assert_eq!((counters.begin_blocks, counters.end_blocks), (2, 2));
    assert_eq!(counters.misbehavior, 1);
    // The second block had an empty commit; the first one's figures were recorded then replaced.
    assert_eq!(counters.last_commit_votes, 0);
    let modes: Vec<(String, String)> = block
        .events
        .iter()
        .filter(|e| e.kind == "example_block")
        .map(|e| {
            let get = |k: &str| {
                e.attributes.iter().find(|a| a.key_bytes() == k.as_bytes()).unwrap().value_str().unwrap().to_string()
            };
            (get("hook"), get("mode"))
        })
        .collect();
    assert_eq!(
        modes,
        [("begin_block".into(), "BeginBlock".into()), ("end_block".into(), "EndBlock".into())],
        "hook events, in order, tagged with their mode"
    );

    // The first block's commit info reached the hook.
    let dir = tempfile::tempdir().unwrap();
    let mut fresh = TestNode::<WithExample>::start_chain(dir.path(), &genesis(&n.alice, &n.bob), -1).await.unwrap();
    let context = BlockContext {
        proposer: [0xab; 20],
        last_commit: vec![
            VoteInfo { validator: validator(1), sig_info: BlockSignatureInfo::Flag(BlockIdFlag::Commit) },
            VoteInfo { validator: validator(2), sig_info: BlockSignatureInfo::Flag(BlockIdFlag::Nil) },
            VoteInfo { validator: validator(3), sig_info: BlockSignatureInfo::Flag(BlockIdFlag::Absent) },
        ],
        misbehavior: vec![],
    };
    fresh.finalize_with(vec![], context).await.unwrap();
    fresh.commit().await.unwrap();
    let counters = fresh.app.storage().latest_snapshot().block_counters().await.unwrap();
    assert_eq!((counters.last_commit_votes, counters.last_commit_signed), (3, 1));
    assert_eq!(counters.last_proposer, "AB".repeat(20));
}

#[tokio::test]
async fn end_block_validator_updates_reach_cometbft_once() {
    let mut n = net().await;
    let key = [7u8; 32];
    let tx = n.tx(vec![any(&MsgScheduleValidatorUpdate {
        signer: n.alice.address(),
        ed25519_pub_key: key.to_vec(),
        power: 42,
    })]);
    let block = n.block(vec![tx]).await;
    assert_eq!(block.tx_results[0].code.value(), 0, "{}", block.tx_results[0].log);
    assert_eq!(block.validator_updates.len(), 1);
    assert_eq!(block.validator_updates[0].power.value(), 42);
    assert_eq!(block.validator_updates[0].pub_key.to_bytes(), key.to_vec());
    assert!(n.block(vec![]).await.validator_updates.is_empty(), "handed over once");

    // A bad key is refused before anything runs.
    let tx = n.tx(vec![any(&MsgScheduleValidatorUpdate {
        signer: n.alice.address(),
        ed25519_pub_key: vec![1; 5],
        power: 1,
    })]);
    assert_eq!(n.node.check_tx(&tx).await.code, 8);
}

#[tokio::test]
async fn end_block_consensus_param_updates_reach_cometbft_and_the_gas_limit() {
    let mut n = net().await;
    let tx = n.tx(vec![any(&MsgScheduleBlockGas { signer: n.alice.address(), max_gas: 300_000 })]);
    let block = n.block(vec![tx]).await;
    assert_eq!(block.tx_results[0].code.value(), 0, "{}", block.tx_results[0].log);
    assert_eq!(block.consensus_param_updates.map(|p| p.block.max_gas), Some(300_000));
    assert!(n.block(vec![]).await.consensus_param_updates.is_none(), "handed over once");
    // The app's own gas limit follows: a tx asking for more than a block may use is refused.
    let mut tx = UnsignedTx::new(vec![set_value(&n.alice, "k", "v")], coins("10000usym"), 300_001);
    tx.memo = "over the new limit".into();
    let tx = tx.sign(TEST_CHAIN_ID, &[Signing { signer: &n.alice, account_number: 0, sequence: n.alice_seq }]);
    let check = n.node.check_tx(&tx).await;
    assert_eq!(check.code, 41, "{}", check.log);
    assert!(check.log.contains("exceeds block max gas 300000"), "{}", check.log);
}

/// A module may decide the genesis validator set; CometBFT's, when it sends one, must agree.
#[tokio::test]
async fn a_module_may_decide_the_genesis_validators() {
    use symbiote_example::genesis::GenesisValidator;
    let alice = Signer::from_seed("alice");
    let bob = Signer::from_seed("bob");
    let mut g = genesis(&alice, &bob);
    g.example.validators = vec![GenesisValidator { ed25519_pub_key: hex::encode([5u8; 32]), power: 7 }];
    let ours = tendermint::validator::Update {
        pub_key: tendermint::PublicKey::from_raw_ed25519(&[5u8; 32]).unwrap(),
        power: 7u32.into(),
    };
    let init = |validators: Vec<tendermint::validator::Update>| tendermint::abci::request::InitChain {
        time: tendermint::Time::from_unix_timestamp(1_700_000_000, 0).unwrap(),
        chain_id: TEST_CHAIN_ID.into(),
        consensus_params: symbiote_app::testing::consensus_params(-1),
        validators,
        app_state_bytes: Bytes::from(serde_json::to_vec(&g).unwrap()),
        initial_height: 1u32.into(),
    };
    for (theirs, expect_ok) in [(vec![], true), (vec![ours.clone()], true), (vec![ours.clone(), ours.clone()], false)] {
        let dir = tempfile::tempdir().unwrap();
        let storage = symbiote_app::server::open_storage::<WithExample>(dir.path()).await.unwrap();
        let mut app = symbiote_app::App::<WithExample>::new(storage).await.unwrap();
        match app.init_chain(init(theirs)).await {
            Ok(resp) => {
                assert!(expect_ok);
                assert_eq!(resp.validators, vec![ours.clone()]);
            }
            Err(e) => {
                assert!(!expect_ok, "{e:#}");
                assert!(format!("{e:#}").contains("differ from CometBFT's"), "{e:#}");
            }
        }
    }
}

#[tokio::test]
async fn governance_only_messages_need_the_gov_authority() {
    let mut n = net().await;
    let by_alice = any(&MsgUpdateParams { authority: n.alice.address(), params: Params { max_value_bytes: 1_000 } });
    let tx = n.tx(vec![by_alice]);
    let check = n.node.check_tx(&tx).await;
    assert_eq!((check.codespace.as_str(), check.code), ("gov", 13), "{}", check.log);
    assert!(check.log.contains("invalid authority; expected"), "{}", check.log);
    let r = &n.block(vec![tx]).await.tx_results[0];
    assert_eq!((r.codespace.as_str(), r.code.value()), ("gov", 13));
    assert_eq!(n.latest().example_params().await.unwrap().max_value_bytes, 16);

    // Naming gov as authority does not help a user: nobody holds its key.
    n.alice_seq -= 1; // the refused tx above did not use the sequence
    let as_gov = any(&MsgUpdateParams { authority: authority(), params: Params { max_value_bytes: 1_000 } });
    let tx = n.tx(vec![as_gov.clone()]);
    let check = n.node.check_tx(&tx).await;
    assert_ne!(check.code, 0, "a user signed a message as the gov module account");

    // What a passed proposal does: the gov module runs the message itself.
    let msg = <WithExample as ModuleSet>::Msg::decode(&as_gov).unwrap().unwrap();
    msg.check_stateless().unwrap();
    let mut state = StateDelta::new(n.latest());
    let ctx = symbiote_core::MsgContext {
        chain_id: TEST_CHAIN_ID.into(),
        height: 2,
        time: tendermint::Time::unix_epoch(),
        tx_hash: [0; 32],
        accounts: WithExample::accounts(),
        hooks: WithExample::hooks(),
    };
    msg.check_stateful(&state, &ctx).await.unwrap();
    msg.execute(&mut state, &ctx).await.unwrap();
    assert_eq!(state.example_params().await.unwrap().max_value_bytes, 1_000);
}

#[tokio::test]
async fn the_module_account_is_listed_and_refuses_sends() {
    let mut n = net().await;
    let address = symbiote_core::Address::module("example");
    assert!(WithExample::accounts().by_name("example").is_some());
    let send = any(&symbiote_bank::MsgSend { from: n.alice.address(), to: address, amount: coins("1usym") });
    let tx = n.tx(vec![send]);
    let r = &n.block(vec![tx]).await.tx_results[0];
    assert_eq!(r.code.value(), 4, "{}", r.log);

    let router = QueryServices::new::<WithExample>(n.node.app.snapshots().clone(), None).router();
    let req = cosmos_sdk_proto::cosmos::auth::v1beta1::QueryModuleAccountByNameRequest { name: "example".into() };
    let (bytes, _) =
        router.grpc("/cosmos.auth.v1beta1.Query/ModuleAccountByName", &req.encode_to_vec(), 0).await.unwrap();
    let resp =
        cosmos_sdk_proto::cosmos::auth::v1beta1::QueryModuleAccountByNameResponse::decode(bytes.as_slice()).unwrap();
    let account =
        cosmos_sdk_proto::cosmos::auth::v1beta1::ModuleAccount::decode(resp.account.unwrap().value.as_slice()).unwrap();
    assert_eq!(account.name, "example");
    assert_eq!(account.base_account.unwrap().address, address.to_string());
}

#[tokio::test]
async fn the_modules_query_service_answers_over_abci_query() {
    let mut n = net().await;
    let tx = n.tx(vec![set_value(&n.alice, "a", "1"), set_value(&n.alice, "b", "2")]);
    n.block(vec![tx]).await;
    let services = QueryServices::new::<WithExample>(n.node.app.snapshots().clone(), None);
    assert!(services.service_names.contains(&"symbiote.example.v1.Query"));
    let router = services.router();
    let q = |path: &'static str, data: Vec<u8>| {
        let router = router.clone();
        async move {
            router
                .abci_query(tendermint::abci::request::Query {
                    data: data.into(),
                    path: path.into(),
                    height: 0u32.into(),
                    prove: false,
                })
                .await
        }
    };
    let resp = q("/symbiote.example.v1.Query/Value", pb::QueryValueRequest { key: "b".into() }.encode_to_vec()).await;
    assert_eq!(resp.code.value(), 0, "{}", resp.log);
    assert_eq!(pb::QueryValueResponse::decode(resp.value.as_ref()).unwrap().value, "2");
    assert_eq!(resp.height.value(), 1);
    let page = cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest { limit: 2, ..Default::default() };
    let resp =
        q("/symbiote.example.v1.Query/Values", pb::QueryValuesRequest { pagination: Some(page) }.encode_to_vec()).await;
    let values = pb::QueryValuesResponse::decode(resp.value.as_ref()).unwrap();
    let keys: Vec<_> = values.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["a", "b"]);
    assert_eq!(values.pagination.unwrap().next_key, b"greeting".to_vec());
    let resp = q("/symbiote.example.v1.Query/Value", pb::QueryValueRequest { key: "zzz".into() }.encode_to_vec()).await;
    assert_eq!(resp.code.value(), 22, "{}", resp.log);
}

/// A store failure or broken invariant inside FinalizeBlock stops the node instead of becoming a
/// tx result: nothing is committed, and a restart continues from the last committed block.
#[tokio::test]
async fn an_internal_error_halts_without_committing_and_the_node_restarts_cleanly() {
    let mut n = net().await;
    n.block(vec![]).await;
    let committed = symbiote_app::app::info(n.node.app.snapshots()).await.unwrap();
    let break_it = n.tx(vec![any(&MsgBreakInvariant { signer: n.alice.address() })]);

    // CheckTx runs the ante checks only: the tx is accepted there (its message never runs).
    assert_eq!(n.node.check_tx(&break_it).await.code, 0);
    let err = n.node.finalize(vec![Bytes::from(break_it.clone())]).await.unwrap_err();
    assert!(format!("{err:#}").contains("invariant broken on purpose"), "{err:#}");
    assert!(n.node.app.commit().await.is_err(), "nothing was staged");
    let after = symbiote_app::app::info(n.node.app.snapshots()).await.unwrap();
    assert_eq!(
        (after.last_block_height, after.last_block_app_hash),
        (committed.last_block_height, committed.last_block_app_hash)
    );

    // Through the ABCI consensus service: the error is reported on the halt channel.
    let (halt_tx, mut halt_rx) = tokio::sync::mpsc::unbounded_channel();
    let dir = n.dir.path().to_path_buf();
    let height = n.node.height;
    drop(n.node);
    let node = reopen(&dir).await;
    let request = tendermint::v0_38::abci::ConsensusRequest::FinalizeBlock(tendermint::abci::request::FinalizeBlock {
        txs: vec![Bytes::from(break_it)],
        decided_last_commit: tendermint::abci::types::CommitInfo { round: 0u8.into(), votes: vec![] },
        misbehavior: vec![],
        hash: tendermint::Hash::None,
        height: (height + 1).try_into().unwrap(),
        time: tendermint::Time::from_unix_timestamp(1_800_000_000, 0).unwrap(),
        next_validators_hash: tendermint::Hash::None,
        proposer_address: tendermint::account::Id::new([0; 20]),
    });
    {
        let router = QueryServices::new::<WithExample>(node.app.snapshots().clone(), None).router();
        let services = symbiote_app::abci::services(node.app, router, halt_tx);
        assert!(tower::ServiceExt::oneshot(services.consensus, request).await.is_err());
    }
    assert!(halt_rx.recv().await.unwrap().contains("invariant broken on purpose"));

    // Restart: the same height, with a good block this time, commits.
    let mut node = reopen(&dir).await;
    assert_eq!(node.height, height);
    let good =
        UnsignedTx::new(vec![set_value(&Signer::from_seed("alice"), "after", "restart")], coins("5000usym"), GAS)
            .sign(TEST_CHAIN_ID, &[Signing { signer: &Signer::from_seed("alice"), account_number: 0, sequence: 0 }]);
    let block = node.finalize_and_commit(vec![Bytes::from(good)]).await.unwrap();
    assert_eq!(block.tx_results[0].code.value(), 0, "{}", block.tx_results[0].log);
    assert_eq!(node.app.storage().latest_snapshot().example_value("after").await.unwrap().as_deref(), Some("restart"));
}

/// Hook writes pass through the block's read cache like tx writes, so the values it carries to the
/// next block are the committed ones: the same blocks give the same app hashes whether the node
/// keeps its cache between blocks (warm) or is reopened before each one (cold).
#[tokio::test]
async fn hook_writes_keep_the_inter_block_cache_exact() {
    async fn hashes(cold: bool) -> Vec<Vec<u8>> {
        let mut n = net().await;
        let mut out = Vec::new();
        for i in 0..5 {
            if cold {
                let dir = n.dir.path().to_path_buf();
                let seq = n.alice_seq;
                let Net { node, alice, bob, dir: keep, .. } = n;
                drop(node);
                n = Net { node: reopen(&dir).await, alice, bob, alice_seq: seq, dir: keep };
            }
            let tx = n.tx(vec![set_value(&n.alice, "k", &format!("v{i}"))]);
            let validator = Validator { address: [i as u8; 20], power: 10u32.into() };
            let context = BlockContext {
                proposer: [i as u8; 20],
                last_commit: vec![VoteInfo { validator, sig_info: BlockSignatureInfo::Flag(BlockIdFlag::Commit) }],
                misbehavior: vec![],
            };
            let block = n.node.finalize_with(vec![Bytes::from(tx)], context).await.unwrap();
            n.node.commit().await.unwrap();
            assert_eq!(block.tx_results[0].code.value(), 0);
            out.push(block.app_hash);
        }
        out
    }
    assert_eq!(hashes(false).await, hashes(true).await);
}

async fn reopen(dir: &std::path::Path) -> TestNode<WithExample> {
    for _ in 0..100 {
        if let Ok(node) = TestNode::<WithExample>::reopen_chain(dir).await {
            return node;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("store did not reopen");
}

/// Every message a module list routes has a schema in the descriptor set (else the unknown-field
/// check would refuse every tx carrying it) and one module only (else the first would win).
#[test]
fn every_routed_message_has_a_schema_and_one_module() {
    fn check<M: ModuleSet>() {
        let urls = M::Msg::type_urls();
        for url in &urls {
            let name = url.trim_start_matches('/');
            assert!(symbiote_app::tx::unknown_fields::descriptor(name).is_some(), "{url} has no schema");
        }
        let mut sorted = urls.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), urls.len(), "a type URL is routed to two modules: {urls:?}");
    }
    check::<symbiote_app::Modules>();
    check::<WithExample>();
    assert_eq!(ExampleMsg::type_urls().len(), 5);
}
