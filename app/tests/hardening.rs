//! Defences against what a client or a faulty proposer can send: non-canonical or malleated
//! encodings (ADR-027 for TxRaw, ADR-020 unknown fields), work done before a fee is charged
//! (message and signer caps, memo counted in bytes), proposals holding txs an honest proposer would
//! not include, simulation as stock clients send it, and list queries bounded by their page.

use crate::common;

use bytes::Bytes;
use common::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1::service_server::Service as _;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{mode_info, AuthInfo, ModeInfo, SignDoc, SimulateRequest, TxBody, TxRaw};
use prost::Message;
use symbiote_app::testing::{genesis_with, TestNode, TEST_CHAIN_ID};
use symbiote_app::tx::build::{Signer, Signing, UnsignedTx};
use tendermint::abci::response::ProcessProposal;

/// Signs `body` and `auth_info` as given (so tests can put anything in them) for one signer.
fn sign_raw(body: Vec<u8>, auth_info: Vec<u8>, signer: &Signer, account_number: u64) -> TxRaw {
    let doc = SignDoc {
        body_bytes: body.clone(),
        auth_info_bytes: auth_info.clone(),
        chain_id: TEST_CHAIN_ID.into(),
        account_number,
    };
    TxRaw { body_bytes: body, auth_info_bytes: auth_info, signatures: vec![signer.sign(&doc.encode_to_vec()).to_vec()] }
}

/// A one-send tx from alice, decomposed so tests can alter its parts before signing.
fn alice_send_parts(c: &Chain) -> (TxBody, AuthInfo) {
    let unsigned = UnsignedTx::new(vec![send_msg(&c.alice, c.bob.address(), "1usym")], coins("5000usym"), GAS);
    let signing = [Signing { signer: &c.alice, account_number: 0, sequence: 0 }];
    let body = TxBody::decode(unsigned.body_bytes().as_slice()).unwrap();
    let auth = AuthInfo::decode(unsigned.auth_info_bytes(&signing).as_slice()).unwrap();
    (body, auth)
}

fn with(mut bytes: Vec<u8>, extra: &[u8]) -> Vec<u8> {
    bytes.extend_from_slice(extra);
    bytes
}

#[tokio::test]
async fn tx_raw_must_be_its_canonical_encoding() {
    let mut c = chain().await;
    let good = send(&c.alice, 0, 0, c.bob.address(), "1usym");
    let raw = TxRaw::decode(good.as_slice()).unwrap();
    let field = |tag: u8, bytes: &[u8]| {
        let mut out = vec![tag];
        prost::encoding::encode_varint(bytes.len() as u64, &mut out);
        out.extend_from_slice(bytes);
        out
    };
    let reordered =
        [field(0x12, &raw.auth_info_bytes), field(0x0a, &raw.body_bytes), field(0x1a, &raw.signatures[0])].concat();
    // prost would read each of these as the same tx (unknown fields dropped, the last copy of a
    // repeated field kept), each under its own hash.
    for (what, bytes) in [
        ("bytes appended", with(good.clone(), &[0x00])),
        ("unknown field 4", with(good.clone(), &[0x22, 0x01, 0x00])),
        ("body_bytes twice", with(good.clone(), &field(0x0a, &raw.body_bytes))),
        ("fields out of order", reordered),
        ("non-minimal length varint", {
            let mut len = Vec::new();
            prost::encoding::encode_varint(raw.body_bytes.len() as u64, &mut len);
            let last = len.len() - 1;
            len[last] |= 0x80; // a redundant continuation byte: same number, one byte longer
            len.push(0x00);
            [
                vec![0x0a],
                len,
                raw.body_bytes.clone(),
                field(0x12, &raw.auth_info_bytes),
                field(0x1a, &raw.signatures[0]),
            ]
            .concat()
        }),
    ] {
        let check = c.node.check_tx(&bytes).await;
        assert_eq!(check.code, 2, "{what}: {}", check.log);
    }
    rejected_everywhere(&mut c, with(good.clone(), &[0x22, 0x00]), 2, "ADR-027").await;
    // The canonical bytes themselves are fine.
    assert_eq!(c.node.check_tx(&good).await.code, 0);
}

#[tokio::test]
async fn unknown_fields_follow_adr_020() {
    let mut c = chain().await;
    let (body, auth) = alice_send_parts(&c);
    // Field 20 (varint 1) is critical; field 1025 has the non-critical bit.
    let critical = [0xa0, 0x01, 0x01];
    let non_critical = [0x88, 0x40, 0x01];

    let tx = sign_raw(with(body.encode_to_vec(), &critical), auth.encode_to_vec(), &c.alice, 0);
    rejected_everywhere(&mut c, tx.encode_to_vec(), 2, "errUnknownField \"cosmos.tx.v1beta1.TxBody\": {TagNum: 20")
        .await;

    let tx = sign_raw(body.encode_to_vec(), with(auth.encode_to_vec(), &non_critical), &c.alice, 0);
    rejected_everywhere(&mut c, tx.encode_to_vec(), 2, "cosmos.tx.v1beta1.AuthInfo").await;

    let mut in_msg = body.clone();
    in_msg.messages[0].value.extend_from_slice(&[0x48, 0x01]);
    let tx = sign_raw(in_msg.encode_to_vec(), auth.encode_to_vec(), &c.alice, 0);
    rejected_everywhere(&mut c, tx.encode_to_vec(), 2, "cosmos.bank.v1beta1.MsgSend").await;

    // A non-critical field in the body is allowed (it cannot change what the tx does).
    let tx = sign_raw(with(body.encode_to_vec(), &non_critical), auth.encode_to_vec(), &c.alice, 0);
    let block = c.node.finalize_and_commit(vec![Bytes::from(tx.encode_to_vec())]).await.unwrap();
    assert_eq!(block.tx_results[0].code.value(), 0, "{}", block.tx_results[0].log);
}

#[tokio::test]
async fn messages_and_signers_are_capped_before_anything_runs() {
    let mut c = chain().await;
    let one = send_msg(&c.alice, c.bob.address(), "1usym");
    let msgs = |n: usize| vec![one.clone(); n];
    let sign = |msgs, c: &Chain| {
        UnsignedTx::new(msgs, coins("100000usym"), 4_000_000)
            .sign(TEST_CHAIN_ID, &[Signing { signer: &c.alice, account_number: 0, sequence: 0 }])
    };
    let over = sign(msgs(51), &c);
    rejected_everywhere(&mut c, over, 18, "too many messages: 51, max_msgs_per_tx is 50").await;
    // 5,000 messages (the size of the attack that motivated the cap) are refused just as cheaply.
    let huge = sign(msgs(5_000), &c);
    assert_eq!(c.node.check_tx(&huge).await.code, 18);
    // 50 messages from one signer: one signer after deduplication.
    let fifty = sign(msgs(50), &c);
    assert_eq!(c.node.check_tx(&fifty).await.code, 0);

    // Eight distinct signers, over tx_sig_limit (7): refused before any signature is checked.
    let signers: Vec<Signer> = (0..8).map(|i| Signer::from_seed(&format!("s{i}"))).collect();
    let multi: Vec<_> = signers.iter().map(|s| send_msg(s, c.bob.address(), "1usym")).collect();
    let slots: Vec<Signing> = signers.iter().map(|s| Signing { signer: s, account_number: 0, sequence: 0 }).collect();
    let tx = UnsignedTx::new(multi, coins("100000usym"), 1_000_000).sign(TEST_CHAIN_ID, &slots);
    rejected_everywhere(&mut c, tx, 14, "signatures: 8, limit: 7").await;
}

#[tokio::test]
async fn the_memo_limit_counts_bytes_as_the_sdk_does() {
    let mut c = chain().await;
    let with_memo = |memo: String, c: &Chain| {
        let mut tx = UnsignedTx::new(vec![send_msg(&c.alice, c.bob.address(), "1usym")], coins("5000usym"), GAS);
        tx.memo = memo;
        tx.sign(TEST_CHAIN_ID, &[Signing { signer: &c.alice, account_number: 0, sequence: 0 }])
    };
    // 129 two-byte characters: 129 characters, 258 bytes, over the 256 limit.
    let long = with_memo("é".repeat(129), &c);
    rejected_everywhere(&mut c, long, 12, "but received 258 characters").await;
    assert_eq!(c.node.check_tx(&with_memo("é".repeat(128), &c)).await.code, 0);
}

#[tokio::test]
async fn process_proposal_rejects_txs_that_fail_their_stateless_checks() {
    let mut c = chain().await;
    let sign = |tx: UnsignedTx, c: &Chain| {
        tx.sign(TEST_CHAIN_ID, &[Signing { signer: &c.alice, account_number: 0, sequence: 0 }])
    };
    let msg = send_msg(&c.alice, c.bob.address(), "1usym");
    let under_floor = sign(UnsignedTx::new(vec![msg.clone()], coins("1usym"), GAS), &c);
    let too_many = sign(UnsignedTx::new(vec![msg.clone(); 51], coins("100000usym"), 4_000_000), &c);
    let mut memo = UnsignedTx::new(vec![msg.clone()], coins("5000usym"), GAS);
    memo.memo = "x".repeat(300);
    let memo = sign(memo, &c);
    for (what, tx) in [("under the fee floor", under_floor), ("51 messages", too_many), ("memo", memo)] {
        let verdict = c.node.process(vec![Bytes::from(tx)]).await.unwrap();
        assert_eq!(verdict, ProcessProposal::Reject, "{what}");
    }
    // A tx that only fails against state (an unaffordable send) is a valid proposal: FinalizeBlock
    // records its code and charges its fee.
    let underfunded = send(&c.alice, 0, 0, c.bob.address(), &format!("{FUNDS}usym"));
    assert_eq!(c.node.process(vec![Bytes::from(underfunded)]).await.unwrap(), ProcessProposal::Accept);
}

#[tokio::test]
async fn simulate_accepts_what_cosmjs_sends_and_estimates_the_signed_tx() {
    let mut c = chain().await;
    // cosmjs: sign mode UNSPECIFIED, an empty signature, an empty fee.
    let (body, mut auth) = alice_send_parts(&c);
    auth.signer_infos[0].mode_info =
        Some(ModeInfo { sum: Some(mode_info::Sum::Single(mode_info::Single { mode: SignMode::Unspecified as i32 })) });
    auth.fee = Some(Default::default());
    let sim_tx =
        TxRaw { body_bytes: body.encode_to_vec(), auth_info_bytes: auth.encode_to_vec(), signatures: vec![vec![]] };
    let service = symbiote_app::grpc::tx::TxService::<symbiote_app::Modules>::new(c.node.app.snapshots().clone(), None);
    #[allow(deprecated)]
    let sim = service
        .simulate(tonic::Request::new(SimulateRequest { tx: None, tx_bytes: sim_tx.encode_to_vec() }))
        .await
        .unwrap()
        .into_inner();
    let estimate = sim.gas_info.unwrap().gas_used;
    // The same shape is not a valid tx: only DIRECT signatures are.
    assert_eq!(c.node.check_tx(&sim_tx.encode_to_vec()).await.code, 37);

    let tx = send(&c.alice, 0, 0, c.bob.address(), "1usym");
    let block = c.node.finalize_and_commit(vec![Bytes::from(tx)]).await.unwrap();
    let used = block.tx_results[0].gas_used as u64;
    // Simulation charges size gas for the signature the real tx will carry, and meters paying a
    // fee it was not told; what is left is the bytes of the fee and sign mode themselves, well
    // inside the margin clients add (cosmjs multiplies by 1.4, the CLI by 1.3).
    assert!(estimate <= used && estimate * 100 >= used * 98, "simulated {estimate}, used {used}");
}

#[tokio::test]
async fn list_queries_read_one_page_from_the_store() {
    use cosmos_sdk_proto::cosmos::auth::v1beta1::{QueryAccountsRequest, QueryAccountsResponse};
    use cosmos_sdk_proto::cosmos::bank::v1beta1::{QueryDenomOwnersRequest, QueryDenomOwnersResponse};
    let signers: Vec<Signer> = (0..5).map(|i| Signer::from_seed(&format!("holder{i}"))).collect();
    let refs: Vec<&Signer> = signers.iter().collect();
    let mut genesis = genesis_with(&refs, 100);
    genesis.bank.balances[2]
        .coins
        .insert(0, symbiote_bank::genesis::GenesisCoin { denom: "uother".into(), amount: "7".into() });
    let dir = tempfile::tempdir().unwrap();
    let node = TestNode::start(dir.path(), &genesis, -1).await.unwrap();
    let router =
        symbiote_app::grpc::QueryServices::new::<symbiote_app::Modules>(node.app.snapshots().clone(), None).router();

    // 5 genesis accounts and 8 module accounts (the SDK's six, inference's and transfer's), two at a time.
    let mut seen = Vec::new();
    let mut key = vec![];
    loop {
        let page = PageRequest { key: key.clone(), limit: 2, count_total: key.is_empty(), ..Default::default() };
        let req = QueryAccountsRequest { pagination: Some(page) }.encode_to_vec();
        let (bytes, _) = router.grpc("/cosmos.auth.v1beta1.Query/Accounts", &req, 0).await.unwrap();
        let resp = QueryAccountsResponse::decode(bytes.as_slice()).unwrap();
        assert!(resp.accounts.len() <= 2);
        let pagination = resp.pagination.unwrap();
        if key.is_empty() {
            assert_eq!(pagination.total, 13);
        }
        seen.extend(resp.accounts);
        if pagination.next_key.is_empty() {
            break;
        }
        key = pagination.next_key;
    }
    assert_eq!(seen.len(), 13);

    let owners = |denom: &str, limit: u64| QueryDenomOwnersRequest {
        denom: denom.into(),
        pagination: Some(PageRequest { limit, ..Default::default() }),
    };
    let (bytes, _) =
        router.grpc("/cosmos.bank.v1beta1.Query/DenomOwners", &owners("usym", 3).encode_to_vec(), 0).await.unwrap();
    let resp = QueryDenomOwnersResponse::decode(bytes.as_slice()).unwrap();
    assert_eq!(resp.denom_owners.len(), 3);
    assert!(!resp.pagination.unwrap().next_key.is_empty());
    let (bytes, _) =
        router.grpc("/cosmos.bank.v1beta1.Query/DenomOwners", &owners("uother", 10).encode_to_vec(), 0).await.unwrap();
    let resp = QueryDenomOwnersResponse::decode(bytes.as_slice()).unwrap();
    assert_eq!(resp.denom_owners.len(), 1);
    assert_eq!(resp.denom_owners[0].address, signers[2].address().to_string());
    assert_eq!(resp.denom_owners[0].balance.as_ref().unwrap().amount, "7");
}
