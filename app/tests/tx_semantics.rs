//! Transaction semantics through the same ABCI calls CometBFT makes: CheckTx codes, what a failed
//! tx does and does not change, the fee floor, gas, and cosmjs compatibility.

use crate::common;

use bytes::Bytes;
use common::*;
use symbiote_app::testing::TEST_CHAIN_ID;
use symbiote_app::tx::build::{Signer, Signing, UnsignedTx};
use symbiote_auth::fee_collector_address;
use tendermint::abci::response::ProcessProposal;

#[tokio::test]
async fn a_send_moves_coins_pays_the_fee_and_bumps_the_sequence() {
    let mut c = chain().await;
    let tx = send(&c.alice, 0, 0, c.bob.address(), "12345usym");
    assert_eq!(c.node.check_tx(&tx).await.code, 0);
    let (included, block) = c.node.produce_block(vec![tx]).await.unwrap();
    assert_eq!(included.len(), 1);
    let r = &block.tx_results[0];
    assert_eq!(r.code.value(), 0, "{}", r.log);
    assert!(r.gas_used > 0 && r.gas_used <= r.gas_wanted);
    assert_eq!(c.balance(&c.alice.address()).await, FUNDS - 12_345 - 5_000);
    assert_eq!(c.balance(&c.bob.address()).await, FUNDS + 12_345);
    assert_eq!(c.balance(&fee_collector_address()).await, 5_000);
    assert_eq!(c.sequence(&c.alice.address()).await, 1);
    let kinds: Vec<&str> = r.events.iter().map(|e| e.kind.as_str()).collect();
    for k in ["tx", "message", "transfer", "coin_spent", "coin_received"] {
        assert!(kinds.contains(&k), "missing {k} event in {kinds:?}");
    }
    assert!(r.events.iter().all(|e| e.attributes.iter().all(|a| a.index())), "every attribute is indexed");
}

/// Reference vectors produced by cosmjs 0.32.4 (`DirectSecp256k1HdWallet`, prefix "sym") from the
/// mnemonic "abandon ×11 about": a MsgSend of 12345usym to the "test ×11 junk" account, memo
/// "cosmjs vector", fee 5000usym, gas 200000, chain symbiote-test-1, account 0, sequence 0.
const COSMJS_PRIVKEY: &str = "c4a48e2fce1481cd3294b4490f6678090ea98d3d0e5cd984558ab0968741b104";
const COSMJS_TX: &str = "0a99010a87010a1c2f636f736d6f732e62616e6b2e763162657461312e4d736753656e6412670a2a73796d3139726c34636d32686d7238616679346b6c6470787a33666b61346a6775713061633273643671122a73796d3135796b363475377a633967396b32797232776d7a6576613571677778707336797a636a6c75741a0d0a047573796d12053132333435120d636f736d6a7320766563746f7212640a4e0a460a1f2f636f736d6f732e63727970746f2e736563703235366b312e5075624b657912230a21024f4e2ad99c34d60b9ba6283c9431a8418af8673212961f97a77b6377fcd05b6212040a02080112120a0c0a047573796d12043530303010c09a0c1a4098bbe3da84d32b48dc31e86ee8cd7a3b1c27911b199981efc5bf37783b2f56b52ea0409f2a49584bcadfed4b33df3db8944aee46baa024cb6ef7d99e53f6dd0b";
const COSMJS_HASH: &str = "27B63A0E49178AC24BD4388D92B550CE906D8AC4E99C112227E5FE32DE71BC93";

#[tokio::test]
async fn accepts_a_cosmjs_signed_tx_and_signs_identically() {
    let key: [u8; 32] = hex::decode(COSMJS_PRIVKEY).unwrap().try_into().unwrap();
    let alice = Signer::from_secret_bytes(&key).unwrap();
    assert_eq!(alice.address().to_string(), "sym19rl4cm2hmr8afy4kldpxz3fka4jguq0ac2sd6q");
    let bob: symbiote_core::Address = "sym15yk64u7zc9g9k2yr2wmzeva5qgwxps6yzcjlut".parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let genesis = symbiote_app::testing::genesis_with(&[&alice], FUNDS);
    let mut node = symbiote_app::testing::TestNode::start(dir.path(), &genesis, -1).await.unwrap();

    let tx = hex::decode(COSMJS_TX).unwrap();
    assert_eq!(symbiote_app::tx::tx_hash_hex(&tx), COSMJS_HASH);
    // Our builder produces the same bytes (RFC 6979 signatures are deterministic).
    let mut ours = UnsignedTx::new(vec![send_msg(&alice, bob, "12345usym")], coins("5000usym"), GAS);
    ours.memo = "cosmjs vector".into();
    assert_eq!(
        hex::encode(ours.sign(TEST_CHAIN_ID, &[Signing { signer: &alice, account_number: 0, sequence: 0 }])),
        COSMJS_TX
    );

    assert_eq!(node.check_tx(&tx).await.code, 0);
    let block = node.finalize_and_commit(vec![Bytes::from(tx)]).await.unwrap();
    assert_eq!(block.tx_results[0].code.value(), 0, "{}", block.tx_results[0].log);
    use symbiote_bank::BankRead;
    assert_eq!(node.app.storage().latest_snapshot().balance(&bob, "usym").await.unwrap(), 12_345u64.into());
}

#[tokio::test]
async fn bad_signature_is_code_4() {
    let mut c = chain().await;
    let mut tx = send(&c.alice, 0, 0, c.bob.address(), "1usym");
    let last = tx.len() - 1;
    tx[last] ^= 1; // flip a bit of the signature
    rejected_everywhere(&mut c, tx, 4, "signature verification failed").await;
    // Signed for another chain: also unauthorized.
    let other_chain = UnsignedTx::new(vec![send_msg(&c.alice, c.bob.address(), "1usym")], coins("5000usym"), GAS)
        .sign("other-chain", &[Signing { signer: &c.alice, account_number: 0, sequence: 0 }]);
    rejected_everywhere(&mut c, other_chain, 4, "chain-id (symbiote-test-1)").await;
    // Signed by bob for alice's account: the pubkey does not match the signer (code 8).
    let forged = UnsignedTx::new(vec![send_msg(&c.alice, c.bob.address(), "1usym")], coins("5000usym"), GAS)
        .sign(TEST_CHAIN_ID, &[Signing { signer: &c.bob, account_number: 0, sequence: 0 }]);
    rejected_everywhere(&mut c, forged, 8, "does not match signer address").await;
    // Once alice's key is on chain, another key is still refused.
    let first =
        c.node.finalize_and_commit(vec![Bytes::from(send(&c.alice, 0, 0, c.bob.address(), "1usym"))]).await.unwrap();
    assert_eq!(first.tx_results[0].code.value(), 0);
    let forged = UnsignedTx::new(vec![send_msg(&c.alice, c.bob.address(), "1usym")], coins("5000usym"), GAS)
        .sign(TEST_CHAIN_ID, &[Signing { signer: &c.bob, account_number: 0, sequence: 1 }]);
    rejected_everywhere(&mut c, forged, 8, "does not match signer address").await;
}

#[tokio::test]
async fn replay_is_code_32_with_the_sdk_wording() {
    let mut c = chain().await;
    let tx = send(&c.alice, 0, 0, c.bob.address(), "1usym");
    c.node.produce_block(vec![tx.clone()]).await.unwrap();
    rejected_everywhere(&mut c, tx, 32, "account sequence mismatch, expected 1, got 0").await;
}

/// CheckTx runs the ante checks only, as the SDK's does: a send the sender cannot afford is
/// accepted into the mempool (simulation is where a client learns it would fail), included, and
/// fails in its block with code 5, paying its fee and using its sequence (the messages are
/// reverted, the ante effects are not).
#[tokio::test]
async fn underfunded_send_passes_check_tx_and_fails_in_its_block_paying_the_fee() {
    let mut c = chain().await;
    let tx = send(&c.alice, 0, 0, c.bob.address(), &format!("{}usym", FUNDS));
    let check = c.node.check_tx(&tx).await;
    assert_eq!(check.code, 0, "{}", check.log);
    let (included, block) = c.node.produce_block(vec![tx.clone()]).await.unwrap();
    assert_eq!(included.len(), 1);
    assert_eq!(block.tx_results[0].code.value(), 5);
    assert_eq!(c.balance(&c.alice.address()).await, FUNDS - 5_000);
    assert_eq!(c.balance(&c.bob.address()).await, FUNDS);
    assert_eq!(c.sequence(&c.alice.address()).await, 1);
    assert!(block.tx_results[0]
        .events
        .iter()
        .all(|e| e.kind == "tx" || e.kind.starts_with("coin_") || e.kind == "transfer" || e.kind == "message"));
}

#[tokio::test]
async fn cannot_pay_the_fee_is_code_5() {
    let poor = Signer::from_seed("poor");
    let rich = Signer::from_seed("rich");
    let dir = tempfile::tempdir().unwrap();
    let mut g = symbiote_app::testing::genesis_with(&[&rich, &poor], 100);
    g.bank.balances[0].coins[0].amount = FUNDS.to_string();
    let mut node = symbiote_app::testing::TestNode::start(dir.path(), &g, -1).await.unwrap();
    let tx = send(&poor, 1, 0, rich.address(), "1usym");
    let check = node.check_tx(&tx).await;
    assert_eq!(check.code, 5, "{}", check.log);
    assert!(check.log.contains("unable to pay fees"), "{}", check.log);
    let block = node.finalize_and_commit(vec![Bytes::from(tx)]).await.unwrap();
    assert_eq!(block.tx_results[0].code.value(), 5);
}

#[tokio::test]
async fn garbage_and_unknown_messages_are_code_2() {
    let mut c = chain().await;
    rejected_everywhere(&mut c, b"definitely not a tx".to_vec(), 2, "tx parse error").await;
    rejected_everywhere(&mut c, vec![], 2, "tx parse error").await;
    use prost::Message;
    let body = cosmos_sdk_proto::cosmos::tx::v1beta1::TxBody {
        messages: vec![cosmos_sdk_proto::Any { type_url: "/cosmos.authz.v1beta1.MsgExec".into(), value: vec![] }],
        ..Default::default()
    };
    let raw = cosmos_sdk_proto::cosmos::tx::v1beta1::TxRaw {
        body_bytes: body.encode_to_vec(),
        auth_info_bytes: vec![],
        signatures: vec![],
    };
    rejected_everywhere(&mut c, raw.encode_to_vec(), 2, "unable to resolve type URL /cosmos.authz.v1beta1.MsgExec")
        .await;
}

#[tokio::test]
async fn fee_floor_gas_limit_memo_and_timeout() {
    let mut c = chain().await;
    let sign = |tx: UnsignedTx, c: &Chain| {
        tx.sign(TEST_CHAIN_ID, &[Signing { signer: &c.alice, account_number: 0, sequence: 0 }])
    };
    let msg = send_msg(&c.alice, c.bob.address(), "1usym");

    let cheap = sign(UnsignedTx::new(vec![msg.clone()], coins("4999usym"), GAS), &c);
    rejected_everywhere(&mut c, cheap, 13, "insufficient fees; got: 4999usym required: 5000usym").await;
    let wrong_denom = sign(UnsignedTx::new(vec![msg.clone()], coins("5000uatom"), GAS), &c);
    rejected_everywhere(&mut c, wrong_denom, 13, "fees must be paid in usym").await;

    let starved = sign(UnsignedTx::new(vec![msg.clone()], coins("1usym"), 40), &c);
    let check = c.node.check_tx(&starved).await;
    assert_eq!(check.code, 11, "{}", check.log);
    assert!(check.log.contains("out of gas"));

    let mut memo = UnsignedTx::new(vec![msg.clone()], coins("5000usym"), GAS);
    memo.memo = "x".repeat(257);
    let memo = sign(memo, &c);
    rejected_everywhere(&mut c, memo, 12, "maximum number of characters is 256").await;

    let height_now = c.node.height;
    let mut late = UnsignedTx::new(vec![msg.clone()], coins("5000usym"), GAS);
    late.timeout_height = height_now; // the next block is height_now + 1
    let late = sign(late, &c);
    rejected_everywhere(&mut c, late, 30, "timeout height").await;

    let zero_gas = sign(UnsignedTx::new(vec![msg.clone()], symbiote_core::Coins::new(), 0), &c);
    rejected_everywhere(&mut c, zero_gas, 41, "gas limit must be positive").await;
    let over_block = sign(UnsignedTx::new(vec![msg], coins("1000000usym"), 10_000_001), &c);
    rejected_everywhere(&mut c, over_block, 41, "exceeds block max gas").await;
}

#[tokio::test]
async fn out_of_gas_in_messages_keeps_fee_and_sequence_only() {
    let mut c = chain().await;
    // 40k gas covers the ante checks but not the send's writes as well.
    let tx = UnsignedTx::new(vec![send_msg(&c.alice, c.bob.address(), "1usym")], coins("1000usym"), 40_000)
        .sign(TEST_CHAIN_ID, &[Signing { signer: &c.alice, account_number: 0, sequence: 0 }]);
    let block = c.node.finalize_and_commit(vec![Bytes::from(tx)]).await.unwrap();
    let r = &block.tx_results[0];
    assert_eq!(r.code.value(), 11, "{}", r.log);
    assert!(r.gas_used as u64 > 40_000, "gas used reports what the work would have cost");
    assert_eq!(c.balance(&c.alice.address()).await, FUNDS - 1_000);
    assert_eq!(c.balance(&c.bob.address()).await, FUNDS);
    assert_eq!(c.sequence(&c.alice.address()).await, 1);
}

#[tokio::test]
async fn a_failing_message_reverts_the_whole_tx_but_not_its_fee() {
    let mut c = chain().await;
    let msgs = vec![
        send_msg(&c.alice, c.bob.address(), "10usym"),
        send_msg(&c.alice, c.bob.address(), &format!("{FUNDS}usym")),
    ];
    let tx = UnsignedTx::new(msgs, coins("10000usym"), 400_000)
        .sign(TEST_CHAIN_ID, &[Signing { signer: &c.alice, account_number: 0, sequence: 0 }]);
    let block = c.node.finalize_and_commit(vec![Bytes::from(tx)]).await.unwrap();
    let r = &block.tx_results[0];
    assert_eq!(r.code.value(), 5);
    assert!(r.log.starts_with("failed to execute message; message index: 1:"), "{}", r.log);
    assert_eq!(c.balance(&c.bob.address()).await, FUNDS, "message 0 was reverted too");
    assert_eq!(c.balance(&c.alice.address()).await, FUNDS - 10_000);
}

/// Every module account but gov's refuses user sends (code 4, no state change beyond the fee);
/// gov's accepts them (deposits, funding), as the SDK's blocked-address list has it.
#[tokio::test]
async fn sends_to_module_accounts_are_refused_but_gov_accepts() {
    use symbiote_core::module_account::{authority, BONDED_POOL, DISTRIBUTION, FEE_COLLECTOR, MINT, NOT_BONDED_POOL};
    let mut c = chain().await;
    let mut seq = 0;
    for name in [FEE_COLLECTOR, BONDED_POOL, NOT_BONDED_POOL, DISTRIBUTION, MINT] {
        let to = symbiote_core::Address::module(name);
        let before = c.balance(&to).await;
        // From height 2 on, BeginBlock moves what the fee collector holds to distribution.
        let moved =
            if c.node.height >= 1 { c.balance(&symbiote_core::Address::module(FEE_COLLECTOR)).await } else { 0 };
        let block = c.node.finalize_and_commit(vec![Bytes::from(send(&c.alice, 0, seq, to, "1usym"))]).await.unwrap();
        seq += 1;
        let r = &block.tx_results[0];
        assert_eq!(r.code.value(), 4, "{name}: {}", r.log);
        assert!(r.log.contains("is not allowed to receive funds"), "{}", r.log);
        let expected = match name {
            FEE_COLLECTOR => before - moved + 5_000,
            DISTRIBUTION => before + moved,
            _ => before,
        };
        assert_eq!(c.balance(&to).await, expected, "{name} received the send");
    }
    let block =
        c.node.finalize_and_commit(vec![Bytes::from(send(&c.alice, 0, seq, authority(), "7usym"))]).await.unwrap();
    assert_eq!(block.tx_results[0].code.value(), 0, "{}", block.tx_results[0].log);
    assert_eq!(c.balance(&authority()).await, 7);
}

#[tokio::test]
async fn mempool_tracks_sequences_and_spending_across_pending_txs() {
    let mut c = chain().await;
    let a = send(&c.alice, 0, 0, c.bob.address(), "1usym");
    let b = send(&c.alice, 0, 1, c.bob.address(), "1usym");
    let dup = send(&c.alice, 0, 0, c.bob.address(), "2usym");
    assert_eq!(c.node.check_tx(&a).await.code, 0);
    assert_eq!(c.node.check_tx(&b).await.code, 0);
    assert_eq!(c.node.check_tx(&dup).await.code, 32, "seq 0 is taken by a pending tx");
    // A fee more than the pending txs' fees left is refused (CheckTx charges fees, not messages).
    let left = FUNDS - 10_000;
    let too_much =
        UnsignedTx::new(vec![send_msg(&c.alice, c.bob.address(), "1usym")], coins(&format!("{}usym", left + 1)), GAS)
            .sign(TEST_CHAIN_ID, &[Signing { signer: &c.alice, account_number: 0, sequence: 2 }]);
    assert_eq!(c.node.check_tx(&too_much).await.code, 5);

    // After the block commits, ReCheck of a leftover tx with a used sequence fails.
    let (included, block) = c.node.produce_block(vec![a.clone(), b, dup.clone()]).await.unwrap();
    assert_eq!(included.len(), 2, "PrepareProposal dropped the duplicate sequence");
    assert!(block.tx_results.iter().all(|r| r.code.is_ok()));
    assert_eq!(c.node.check_tx(&a).await.code, 32);
    assert_eq!(c.node.check_tx(&send(&c.alice, 0, 2, c.bob.address(), "1usym")).await.code, 0);
}

#[tokio::test]
async fn prepare_respects_block_gas_and_process_rejects_garbage() {
    let alice = Signer::from_seed("alice");
    let bob = Signer::from_seed("bob");
    let dir = tempfile::tempdir().unwrap();
    // Room for two 200k-gas txs per block.
    let mut node = symbiote_app::testing::TestNode::start(
        dir.path(),
        &symbiote_app::testing::genesis_with(&[&alice, &bob], FUNDS),
        450_000,
    )
    .await
    .unwrap();
    let txs: Vec<Vec<u8>> = (0..3).map(|seq| send(&alice, 0, seq, bob.address(), "1usym")).collect();
    let (included, _) = node.produce_block(txs.clone()).await.unwrap();
    assert_eq!(included.len(), 2);
    assert_eq!(node.process(vec![Bytes::from_static(b"garbage")]).await.unwrap(), ProcessProposal::Reject);
    let three: Vec<Bytes> = txs.into_iter().map(Bytes::from).collect();
    assert_eq!(node.process(three).await.unwrap(), ProcessProposal::Reject, "over the block gas limit");
    assert_eq!(node.process(vec![]).await.unwrap(), ProcessProposal::Accept);
}

#[tokio::test]
async fn total_supply_equals_the_sum_of_balances() {
    use symbiote_bank::BankRead;
    let mut c = chain().await;
    let carol = Signer::from_seed("carol");
    let txs = vec![
        send(&c.alice, 0, 0, carol.address(), "777usym"),
        send(&c.bob, 1, 0, c.alice.address(), "5usym"),
        send(&c.alice, 0, 1, c.bob.address(), &format!("{FUNDS}usym")), // fails: reverted
    ];
    c.node.finalize_and_commit(txs.into_iter().map(Bytes::from).collect()).await.unwrap();
    let snap = c.node.app.storage().latest_snapshot();
    let supply = snap.supply_of("usym").await.unwrap();
    let mut sum = 0u128;
    for who in [c.alice.address(), c.bob.address(), carol.address(), fee_collector_address()] {
        sum += snap.balance(&who, "usym").await.unwrap().to_u128().unwrap();
    }
    assert_eq!(supply, (2 * FUNDS).into());
    assert_eq!(sum, 2 * FUNDS);
    use symbiote_auth::AuthRead;
    let carol_account = snap.account(&carol.address()).await.unwrap().expect("recipient account created");
    // After alice and bob, genesis created the eight module accounts.
    assert_eq!(carol_account.account_number, 10, "after alice, bob and the module accounts");
}

/// A denom whose sends are disabled: bank's ErrSendDisabled (codespace bank, code 5).
#[tokio::test]
async fn disabled_sends_are_banks_code_5() {
    let alice = Signer::from_seed("alice");
    let bob = Signer::from_seed("bob");
    let mut g = symbiote_app::testing::genesis_with(&[&alice, &bob], FUNDS);
    g.bank.send_enabled = vec![symbiote_bank::params::SendEnabledEntry { denom: "usym".into(), enabled: false }];
    let dir = tempfile::tempdir().unwrap();
    let mut node = symbiote_app::testing::TestNode::start(dir.path(), &g, -1).await.unwrap();
    let block = node.finalize_and_commit(vec![Bytes::from(send(&alice, 0, 0, bob.address(), "1usym"))]).await.unwrap();
    let r = &block.tx_results[0];
    assert_eq!((r.codespace.as_str(), r.code.value()), ("bank", 5), "{}", r.log);
    assert!(r.log.contains("send transactions are disabled"), "{}", r.log);
}

/// The fee payer may be written in any valid form of the first signer's address.
#[tokio::test]
async fn an_upper_case_fee_payer_is_the_same_address() {
    use cosmos_sdk_proto::cosmos::tx::v1beta1::{AuthInfo, SignDoc, TxRaw};
    use prost::Message;
    let c = chain().await;
    let unsigned = UnsignedTx::new(vec![send_msg(&c.alice, c.bob.address(), "1usym")], coins("5000usym"), GAS);
    let signing = [Signing { signer: &c.alice, account_number: 0, sequence: 0 }];
    let mut auth = AuthInfo::decode(unsigned.auth_info_bytes(&signing).as_slice()).unwrap();
    auth.fee.as_mut().unwrap().payer = c.alice.address().to_string().to_uppercase();
    let (body, auth) = (unsigned.body_bytes(), auth.encode_to_vec());
    let doc = SignDoc {
        body_bytes: body.clone(),
        auth_info_bytes: auth.clone(),
        chain_id: TEST_CHAIN_ID.into(),
        account_number: 0,
    };
    let tx = TxRaw {
        body_bytes: body,
        auth_info_bytes: auth,
        signatures: vec![c.alice.sign(&doc.encode_to_vec()).to_vec()],
    };
    let check = c.node.check_tx(&tx.encode_to_vec()).await;
    assert_eq!(check.code, 0, "{}", check.log);
}
