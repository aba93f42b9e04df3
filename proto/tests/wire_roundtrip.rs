//! Proves our restated schema is the one the server speaks: populated messages built with the
//! server's generated types (`cosmos-sdk-proto` 0.26.1 / `tendermint-proto` 0.40, v0.38 schema)
//! are encoded with prost, decoded as `prost_reflect::DynamicMessage`s of the same full name from
//! our descriptor pool, and re-encoded. The bytes must be identical, no field anywhere in the tree
//! (including inside `google.protobuf.Any` payloads whose type is in the pool) may be unknown,
//! and chosen fields are read back by name with their exact protobuf type.
//!
//! `every_field_of_every_message_is_exercised` then requires that, across all samples, every
//! field of every message in the pool was present on the wire at least once, so no field number
//! or type goes unchecked.

// Deprecated fields (e.g. `AuthInfo.tip`, `SimulateRequest.tx`) are still on the wire, so they
// are populated and checked like the rest.
#![allow(deprecated)]

use std::collections::BTreeSet;

use cosmos_sdk_proto::cosmos::auth::v1beta1 as auth;
use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank;
use cosmos_sdk_proto::cosmos::base::abci::v1beta1 as abci;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1 as cmt;
use cosmos_sdk_proto::cosmos::base::v1beta1::{Coin, DecCoin, DecProto, IntProto};
use cosmos_sdk_proto::cosmos::crypto::multisig::v1beta1::{CompactBitArray, MultiSignature};
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distribution;
use cosmos_sdk_proto::cosmos::gov::v1 as gov;
use cosmos_sdk_proto::cosmos::gov::v1beta1 as gov_v1beta1;
use cosmos_sdk_proto::cosmos::mint::v1beta1 as mint;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1 as signing;
use cosmos_sdk_proto::cosmos::tx::v1beta1 as tx;
use cosmos_sdk_proto::tendermint::google::protobuf::Duration;
use cosmos_sdk_proto::tendermint::{abci as tm_abci, crypto as tm_crypto, p2p, types as tm, version};
use cosmos_sdk_proto::{Any, Timestamp};
use prost::{Message, Name};
use prost_reflect::{DescriptorPool, DynamicMessage, FieldDescriptor, ReflectMessage, Value};

/// Not valid UTF-8: a `bytes` field wrongly declared `string` fails to decode.
const RAW: &[u8] = &[0xff, 0x00, 0xfe, 0x80, 0x7f, 0xc3];

// ---------------------------------------------------------------------------------------------
// Round-trip checker
// ---------------------------------------------------------------------------------------------

struct Checker {
    pool: DescriptorPool,
    /// (message full name, field number) pairs seen present on the wire.
    seen: BTreeSet<(String, u32)>,
}

impl Checker {
    fn new() -> Self {
        let pool = DescriptorPool::decode(symbiote_proto::OWN_FILE_DESCRIPTOR_SET).expect("descriptor set decodes");
        Checker { pool, seen: BTreeSet::new() }
    }

    /// Round-trips a generated message that knows its own protobuf full name.
    fn check<M: Message + Name>(&mut self, msg: &M) -> DynamicMessage {
        self.check_as(msg, &M::full_name())
    }

    /// Round-trips `msg` through our descriptor for `full_name`.
    fn check_as<M: Message>(&mut self, msg: &M, full_name: &str) -> DynamicMessage {
        let bytes = msg.encode_to_vec();
        self.check_bytes(&bytes, full_name, full_name)
    }

    fn check_bytes(&mut self, bytes: &[u8], full_name: &str, path: &str) -> DynamicMessage {
        let desc = self
            .pool
            .get_message_by_name(full_name)
            .unwrap_or_else(|| panic!("{path}: message {full_name} is not in the descriptor pool"));
        let dynamic = DynamicMessage::decode(desc, bytes)
            .unwrap_or_else(|e| panic!("{path}: prost bytes do not decode as our {full_name}: {e}"));
        self.walk(&dynamic, path);
        assert_eq!(dynamic.encode_to_vec(), bytes, "{path}: re-encoding our {full_name} changed the bytes");
        dynamic
    }

    /// Fails on any unknown field in the tree and records which fields were present.
    fn walk(&mut self, msg: &DynamicMessage, path: &str) {
        let name = msg.descriptor().full_name().to_owned();
        let unknown: Vec<u32> = msg.unknown_fields().map(|f| f.number()).collect();
        assert!(unknown.is_empty(), "{path} ({name}): unknown field numbers {unknown:?}");
        for (field, value) in msg.fields() {
            self.seen.insert((name.clone(), field.number()));
            self.walk_value(value, &format!("{path}.{}", field.name()));
        }
        if name == "google.protobuf.Any" {
            self.walk_any(msg, path);
        }
    }

    fn walk_value(&mut self, value: &Value, path: &str) {
        match value {
            Value::Message(m) => self.walk(m, path),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk_value(item, &format!("{path}[{i}]"));
                }
            }
            Value::Map(entries) => {
                for item in entries.values() {
                    self.walk_value(item, &format!("{path}{{}}"));
                }
            }
            _ => {}
        }
    }

    /// Also round-trips an `Any` payload when its type is one of ours.
    fn walk_any(&mut self, any: &DynamicMessage, path: &str) {
        let type_url =
            any.get_field_by_name("type_url").and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let value = any.get_field_by_name("value").and_then(|v| v.as_bytes().cloned()).unwrap_or_default();
        let Some(type_name) = type_url.strip_prefix('/') else { return };
        if self.pool.get_message_by_name(type_name).is_some() {
            self.check_bytes(&value, type_name, &format!("{path}<{type_name}>"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading values back by field name
// ---------------------------------------------------------------------------------------------

/// Follows a path like `tx.auth_info.signer_infos[1].sequence` by field name; every name must
/// exist in our descriptors.
fn at(msg: &DynamicMessage, path: &str) -> (Value, FieldDescriptor) {
    let mut current = Value::Message(msg.clone());
    let mut last = None;
    for segment in path.split('.') {
        let (name, index) = match segment.find('[') {
            Some(i) => (&segment[..i], Some(segment[i + 1..segment.len() - 1].parse::<usize>().expect("index"))),
            None => (segment, None),
        };
        let parent = current.as_message().unwrap_or_else(|| panic!("{path}: parent of `{name}` is not a message"));
        let field = parent
            .descriptor()
            .get_field_by_name(name)
            .unwrap_or_else(|| panic!("{path}: {} has no field named `{name}`", parent.descriptor().full_name()));
        let mut value = parent.get_field(&field).into_owned();
        if let Some(i) = index {
            let list = value.as_list().unwrap_or_else(|| panic!("{path}: `{name}` is not repeated"));
            value = list.get(i).unwrap_or_else(|| panic!("{path}: `{name}` has no element {i}")).clone();
        }
        current = value;
        last = Some(field);
    }
    (current, last.expect("non-empty path"))
}

fn str_at(m: &DynamicMessage, p: &str) -> String {
    let (v, _) = at(m, p);
    v.as_str().unwrap_or_else(|| panic!("{p}: expected string, got {v:?}")).to_owned()
}
fn bytes_at(m: &DynamicMessage, p: &str) -> Vec<u8> {
    let (v, _) = at(m, p);
    v.as_bytes().unwrap_or_else(|| panic!("{p}: expected bytes, got {v:?}")).to_vec()
}
fn u64_at(m: &DynamicMessage, p: &str) -> u64 {
    let (v, _) = at(m, p);
    v.as_u64().unwrap_or_else(|| panic!("{p}: expected uint64, got {v:?}"))
}
fn i64_at(m: &DynamicMessage, p: &str) -> i64 {
    let (v, _) = at(m, p);
    v.as_i64().unwrap_or_else(|| panic!("{p}: expected int64, got {v:?}"))
}
fn u32_at(m: &DynamicMessage, p: &str) -> u32 {
    let (v, _) = at(m, p);
    v.as_u32().unwrap_or_else(|| panic!("{p}: expected uint32, got {v:?}"))
}
fn i32_at(m: &DynamicMessage, p: &str) -> i32 {
    let (v, _) = at(m, p);
    v.as_i32().unwrap_or_else(|| panic!("{p}: expected int32, got {v:?}"))
}
fn bool_at(m: &DynamicMessage, p: &str) -> bool {
    let (v, _) = at(m, p);
    v.as_bool().unwrap_or_else(|| panic!("{p}: expected bool, got {v:?}"))
}
fn len_at(m: &DynamicMessage, p: &str) -> usize {
    let (v, _) = at(m, p);
    v.as_list().unwrap_or_else(|| panic!("{p}: expected repeated field, got {v:?}")).len()
}
/// The `.proto` name of an enum field's value.
fn enum_at(m: &DynamicMessage, p: &str) -> String {
    let (v, field) = at(m, p);
    let n = v.as_enum_number().unwrap_or_else(|| panic!("{p}: expected enum, got {v:?}"));
    let kind = field.kind();
    let desc = kind.as_enum().unwrap_or_else(|| panic!("{p}: not an enum field"));
    desc.get_value(n).unwrap_or_else(|| panic!("{p}: {n} is not a value of {}", desc.full_name())).name().to_owned()
}

// ---------------------------------------------------------------------------------------------
// Sample builders (generated types, non-default values everywhere)
// ---------------------------------------------------------------------------------------------

const ADDR: &str = "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu";

fn coin(denom: &str, amount: &str) -> Coin {
    Coin { denom: denom.into(), amount: amount.into() }
}

fn page_request() -> PageRequest {
    PageRequest { key: RAW.to_vec(), offset: 7, limit: 50, count_total: true, reverse: true }
}

fn page_response() -> PageResponse {
    PageResponse { next_key: vec![0xff, 0x01, 0x02], total: 1234 }
}

fn timestamp(seconds: i64) -> Timestamp {
    Timestamp { seconds, nanos: 123_456_789 }
}

/// A secp256k1 public key packed the way the SDK does it (type not in our pool).
fn ed25519_pub_key_bytes() -> Vec<u8> {
    let mut key = vec![0x0a, 0x20];
    key.extend([0xed; 32]);
    key
}

fn pub_key_any() -> Any {
    let mut key = vec![0x0a, 0x21, 0x02];
    key.extend([0xab; 32]);
    Any { type_url: "/cosmos.crypto.secp256k1.PubKey".into(), value: key }
}

fn base_account() -> auth::BaseAccount {
    auth::BaseAccount { address: ADDR.into(), pub_key: Some(pub_key_any()), account_number: 42, sequence: 7 }
}

fn base_account_any() -> Any {
    Any { type_url: "/cosmos.auth.v1beta1.BaseAccount".into(), value: base_account().encode_to_vec() }
}

fn module_account_any() -> Any {
    let account = auth::ModuleAccount {
        base_account: Some(base_account()),
        name: "fee_collector".into(),
        permissions: vec!["minter".into(), "burner".into()],
    };
    Any { type_url: "/cosmos.auth.v1beta1.ModuleAccount".into(), value: account.encode_to_vec() }
}

fn metadata() -> bank::Metadata {
    bank::Metadata {
        description: "The native staking token".into(),
        denom_units: vec![
            bank::DenomUnit { denom: "ustake".into(), exponent: 0, aliases: vec!["microstake".into()] },
            bank::DenomUnit { denom: "stake".into(), exponent: 6, aliases: vec!["STAKE".into(), "stk".into()] },
        ],
        base: "ustake".into(),
        display: "stake".into(),
        name: "Stake".into(),
        symbol: "STK".into(),
        uri: "https://example.invalid/stake.json".into(),
        uri_hash: "e3b0c44298fc1c149afbf4c8996fb924".into(),
    }
}

fn block_id(seed: u8) -> tm::BlockId {
    tm::BlockId {
        hash: vec![0xf0 | seed; 32],
        part_set_header: Some(tm::PartSetHeader { total: 3, hash: vec![0xe0 | seed; 32] }),
    }
}

fn tm_header() -> tm::Header {
    tm::Header {
        version: Some(version::Consensus { block: 11, app: 2 }),
        chain_id: "symbiote-1".into(),
        height: 1000,
        time: Some(timestamp(1_700_000_000)),
        last_block_id: Some(block_id(1)),
        last_commit_hash: vec![0xa1; 32],
        data_hash: vec![0xa2; 32],
        validators_hash: vec![0xa3; 32],
        next_validators_hash: vec![0xa4; 32],
        consensus_hash: vec![0xa5; 32],
        app_hash: vec![0xa6; 32],
        last_results_hash: vec![0xa7; 32],
        evidence_hash: vec![0xa8; 32],
        proposer_address: vec![0xa9; 20],
    }
}

fn tm_pub_key(ed25519: bool) -> tm_crypto::PublicKey {
    use tm_crypto::public_key::Sum;
    let sum = if ed25519 { Sum::Ed25519(vec![0xed; 32]) } else { Sum::Secp256k1(vec![0x5e; 33]) };
    tm_crypto::PublicKey { sum: Some(sum) }
}

fn tm_validator(ed25519: bool) -> tm::Validator {
    tm::Validator {
        address: vec![if ed25519 { 0xd1 } else { 0xd2 }; 20],
        pub_key: Some(tm_pub_key(ed25519)),
        voting_power: 100,
        proposer_priority: -7,
    }
}

fn commit() -> tm::Commit {
    tm::Commit {
        height: 999,
        round: 2,
        block_id: Some(block_id(2)),
        signatures: vec![
            tm::CommitSig {
                block_id_flag: tm::BlockIdFlag::Commit as i32,
                validator_address: vec![0xd1; 20],
                timestamp: Some(timestamp(1_699_999_999)),
                signature: vec![0x51; 64],
            },
            tm::CommitSig { block_id_flag: tm::BlockIdFlag::Absent as i32, ..Default::default() },
        ],
    }
}

fn vote(round: i32) -> tm::Vote {
    tm::Vote {
        r#type: tm::SignedMsgType::Precommit as i32,
        height: 998,
        round,
        block_id: Some(block_id(3)),
        timestamp: Some(timestamp(1_699_999_000)),
        validator_address: vec![0xd2; 20],
        validator_index: 3,
        signature: vec![0x52; 64],
        extension: RAW.to_vec(),
        extension_signature: vec![0x53; 64],
    }
}

fn evidence() -> tm::EvidenceList {
    use tm::evidence::Sum;
    let duplicate = tm::DuplicateVoteEvidence {
        vote_a: Some(vote(0)),
        vote_b: Some(vote(1)),
        total_voting_power: 300,
        validator_power: 100,
        timestamp: Some(timestamp(1_699_999_100)),
    };
    let light = tm::LightClientAttackEvidence {
        conflicting_block: Some(tm::LightBlock {
            signed_header: Some(tm::SignedHeader { header: Some(tm_header()), commit: Some(commit()) }),
            validator_set: Some(tm::ValidatorSet {
                validators: vec![tm_validator(true), tm_validator(false)],
                proposer: Some(tm_validator(true)),
                total_voting_power: 200,
            }),
        }),
        common_height: 900,
        byzantine_validators: vec![tm_validator(false)],
        total_voting_power: 200,
        timestamp: Some(timestamp(1_699_999_200)),
    };
    tm::EvidenceList {
        evidence: vec![
            tm::Evidence { sum: Some(Sum::DuplicateVoteEvidence(duplicate)) },
            tm::Evidence { sum: Some(Sum::LightClientAttackEvidence(light)) },
        ],
    }
}

fn tm_block() -> tm::Block {
    tm::Block {
        header: Some(tm_header()),
        data: Some(tm::Data { txs: vec![sample_tx().encode_to_vec(), RAW.to_vec()] }),
        evidence: Some(evidence()),
        last_commit: Some(commit()),
    }
}

fn sdk_block() -> cmt::Block {
    let h = tm_header();
    cmt::Block {
        header: Some(cmt::Header {
            version: h.version,
            chain_id: h.chain_id,
            height: h.height,
            time: h.time,
            last_block_id: h.last_block_id,
            last_commit_hash: h.last_commit_hash,
            data_hash: h.data_hash,
            validators_hash: h.validators_hash,
            next_validators_hash: h.next_validators_hash,
            consensus_hash: h.consensus_hash,
            app_hash: h.app_hash,
            last_results_hash: h.last_results_hash,
            evidence_hash: h.evidence_hash,
            proposer_address: "cosmosvalcons1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5afv7ye".into(),
        }),
        data: Some(tm::Data { txs: vec![RAW.to_vec()] }),
        evidence: Some(evidence()),
        last_commit: Some(commit()),
    }
}

fn single(mode: signing::SignMode) -> tx::ModeInfo {
    tx::ModeInfo { sum: Some(tx::mode_info::Sum::Single(tx::mode_info::Single { mode: mode as i32 })) }
}

fn msg_send_any() -> Any {
    let msg = bank::MsgSend {
        from_address: ADDR.into(),
        to_address: "cosmos1zg69v7ys40x77y352eufp27daufrg4ncnjqz7q".into(),
        amount: vec![coin("ustake", "1000")],
    };
    Any { type_url: "/cosmos.bank.v1beta1.MsgSend".into(), value: msg.encode_to_vec() }
}

fn sample_tx() -> tx::Tx {
    tx::Tx {
        body: Some(tx::TxBody {
            messages: vec![msg_send_any()],
            memo: "hello symbiote".into(),
            timeout_height: 5000,
            extension_options: vec![Any { type_url: "/ext.Critical".into(), value: RAW.to_vec() }],
            non_critical_extension_options: vec![Any { type_url: "/ext.NonCritical".into(), value: vec![1, 2] }],
        }),
        auth_info: Some(tx::AuthInfo {
            signer_infos: vec![
                tx::SignerInfo {
                    public_key: Some(pub_key_any()),
                    mode_info: Some(single(signing::SignMode::Direct)),
                    sequence: 7,
                },
                tx::SignerInfo {
                    public_key: Some(Any {
                        type_url: "/cosmos.crypto.multisig.LegacyAminoPubKey".into(),
                        value: vec![0x08, 0x02],
                    }),
                    mode_info: Some(tx::ModeInfo {
                        sum: Some(tx::mode_info::Sum::Multi(tx::mode_info::Multi {
                            bitarray: Some(CompactBitArray { extra_bits_stored: 3, elems: vec![0b1010_0000] }),
                            mode_infos: vec![
                                single(signing::SignMode::LegacyAminoJson),
                                single(signing::SignMode::Textual),
                            ],
                        })),
                    }),
                    sequence: 1,
                },
            ],
            fee: Some(tx::Fee {
                amount: vec![coin("ustake", "5000")],
                gas_limit: 200_000,
                payer: ADDR.into(),
                granter: "cosmos1granter".into(),
            }),
            tip: Some(tx::Tip { amount: vec![coin("uatom", "10")], tipper: "cosmos1tipper".into() }),
        }),
        signatures: vec![vec![0x5a; 64], RAW.to_vec()],
    }
}

fn events() -> Vec<tm_abci::Event> {
    vec![tm_abci::Event {
        r#type: "message".into(),
        attributes: vec![
            tm_abci::EventAttribute { key: "action".into(), value: "/cosmos.bank.v1beta1.MsgSend".into(), index: true },
            tm_abci::EventAttribute { key: "sender".into(), value: ADDR.into(), index: false },
        ],
    }]
}

fn tx_response() -> abci::TxResponse {
    abci::TxResponse {
        height: 1000,
        txhash: "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08".into(),
        codespace: "sdk".into(),
        code: 5,
        data: "12260A242F636F736D6F732E62616E6B2E763162657461312E4D736753656E64526573706F6E7365".into(),
        raw_log: "insufficient funds".into(),
        logs: vec![abci::AbciMessageLog {
            msg_index: 1,
            log: "ok".into(),
            events: vec![abci::StringEvent {
                r#type: "transfer".into(),
                attributes: vec![abci::Attribute { key: "amount".into(), value: "1000ustake".into() }],
            }],
        }],
        info: "info".into(),
        gas_wanted: 200_000,
        gas_used: 150_000,
        tx: Some(Any { type_url: "/cosmos.tx.v1beta1.Tx".into(), value: sample_tx().encode_to_vec() }),
        timestamp: "2024-01-01T00:00:00Z".into(),
        events: events(),
    }
}

fn gas_info() -> abci::GasInfo {
    abci::GasInfo { gas_wanted: 300_000, gas_used: 123_456 }
}

fn abci_result() -> abci::Result {
    abci::Result {
        data: RAW.to_vec(),
        log: "executed".into(),
        events: events(),
        msg_responses: vec![Any { type_url: "/cosmos.bank.v1beta1.MsgSendResponse".into(), value: vec![] }],
    }
}

fn cmt_validator() -> cmt::Validator {
    cmt::Validator {
        address: "cosmosvalcons1zg69v7ys40x77y352eufp27daufrg4ncq0xnp8".into(),
        pub_key: Some(Any { type_url: "/cosmos.crypto.ed25519.PubKey".into(), value: ed25519_pub_key_bytes() }),
        voting_power: 10,
        proposer_priority: -5,
    }
}

// ---------------------------------------------------------------------------------------------
// Samples per service (every request and response of every method)
// ---------------------------------------------------------------------------------------------

fn auth_samples(c: &mut Checker) {
    let d = c.check(&auth::QueryAccountsRequest { pagination: Some(page_request()) });
    assert_eq!(bytes_at(&d, "pagination.key"), RAW);
    assert_eq!(u64_at(&d, "pagination.offset"), 7);
    assert_eq!(u64_at(&d, "pagination.limit"), 50);
    assert!(bool_at(&d, "pagination.count_total"));
    assert!(bool_at(&d, "pagination.reverse"));
    let d = c.check(&auth::QueryAccountsResponse {
        accounts: vec![base_account_any(), module_account_any()],
        pagination: Some(page_response()),
    });
    assert_eq!(len_at(&d, "accounts"), 2);
    assert_eq!(str_at(&d, "accounts[1].type_url"), "/cosmos.auth.v1beta1.ModuleAccount");
    assert_eq!(bytes_at(&d, "pagination.next_key"), [0xff, 0x01, 0x02]);
    assert_eq!(u64_at(&d, "pagination.total"), 1234);

    let d = c.check(&auth::QueryAccountRequest { address: ADDR.into() });
    assert_eq!(str_at(&d, "address"), ADDR);
    let d = c.check(&auth::QueryAccountResponse { account: Some(base_account_any()) });
    assert_eq!(str_at(&d, "account.type_url"), "/cosmos.auth.v1beta1.BaseAccount");
    let account = c.check(&base_account());
    assert_eq!(str_at(&account, "address"), ADDR);
    assert_eq!(str_at(&account, "pub_key.type_url"), "/cosmos.crypto.secp256k1.PubKey");
    assert_eq!(u64_at(&account, "account_number"), 42);
    assert_eq!(u64_at(&account, "sequence"), 7);

    let d = c.check(&auth::QueryAccountAddressByIdRequest { id: -3, account_id: 17 });
    assert_eq!(i64_at(&d, "id"), -3);
    assert_eq!(u64_at(&d, "account_id"), 17);
    let d = c.check(&auth::QueryAccountAddressByIdResponse { account_address: ADDR.into() });
    assert_eq!(str_at(&d, "account_address"), ADDR);

    c.check(&auth::QueryParamsRequest {});
    let d = c.check(&auth::QueryParamsResponse {
        params: Some(auth::Params {
            max_memo_characters: 256,
            tx_sig_limit: 7,
            tx_size_cost_per_byte: 10,
            sig_verify_cost_ed25519: 590,
            sig_verify_cost_secp256k1: 1000,
        }),
    });
    assert_eq!(u64_at(&d, "params.max_memo_characters"), 256);
    assert_eq!(u64_at(&d, "params.tx_sig_limit"), 7);
    assert_eq!(u64_at(&d, "params.tx_size_cost_per_byte"), 10);
    assert_eq!(u64_at(&d, "params.sig_verify_cost_ed25519"), 590);
    assert_eq!(u64_at(&d, "params.sig_verify_cost_secp256k1"), 1000);

    c.check(&auth::QueryModuleAccountsRequest {});
    c.check(&auth::QueryModuleAccountsResponse { accounts: vec![module_account_any()] });
    let d = c.check(&auth::QueryModuleAccountByNameRequest { name: "fee_collector".into() });
    assert_eq!(str_at(&d, "name"), "fee_collector");
    c.check(&auth::QueryModuleAccountByNameResponse { account: Some(module_account_any()) });

    c.check(&auth::Bech32PrefixRequest {});
    let d = c.check(&auth::Bech32PrefixResponse { bech32_prefix: "symb".into() });
    assert_eq!(str_at(&d, "bech32_prefix"), "symb");
    let d = c.check(&auth::AddressBytesToStringRequest { address_bytes: RAW.to_vec() });
    assert_eq!(bytes_at(&d, "address_bytes"), RAW);
    let d = c.check(&auth::AddressBytesToStringResponse { address_string: ADDR.into() });
    assert_eq!(str_at(&d, "address_string"), ADDR);
    c.check(&auth::AddressStringToBytesRequest { address_string: ADDR.into() });
    c.check(&auth::AddressStringToBytesResponse { address_bytes: RAW.to_vec() });

    c.check(&auth::QueryAccountInfoRequest { address: ADDR.into() });
    let d = c.check(&auth::QueryAccountInfoResponse { info: Some(base_account()) });
    assert_eq!(u64_at(&d, "info.account_number"), 42);
    assert_eq!(bytes_at(&d, "info.pub_key.value")[..3], [0x0a, 0x21, 0x02]);
}

fn bank_samples(c: &mut Checker) {
    let d = c.check(&bank::QueryBalanceRequest { address: ADDR.into(), denom: "ustake".into() });
    assert_eq!(str_at(&d, "address"), ADDR);
    assert_eq!(str_at(&d, "denom"), "ustake");
    let d = c.check(&bank::QueryBalanceResponse { balance: Some(coin("ustake", "1234")) });
    assert_eq!(str_at(&d, "balance.denom"), "ustake");
    assert_eq!(str_at(&d, "balance.amount"), "1234");

    let d = c.check(&bank::QueryAllBalancesRequest {
        address: ADDR.into(),
        pagination: Some(page_request()),
        resolve_denom: true,
    });
    assert!(bool_at(&d, "resolve_denom"));
    assert_eq!(u64_at(&d, "pagination.limit"), 50);
    let d = c.check(&bank::QueryAllBalancesResponse {
        balances: vec![coin("uatom", "1"), coin("ustake", "99999999999999999999")],
        pagination: Some(page_response()),
    });
    assert_eq!(len_at(&d, "balances"), 2);
    assert_eq!(str_at(&d, "balances[1].amount"), "99999999999999999999");
    assert_eq!(u64_at(&d, "pagination.total"), 1234);

    c.check(&bank::QuerySpendableBalancesRequest { address: ADDR.into(), pagination: Some(page_request()) });
    c.check(&bank::QuerySpendableBalancesResponse {
        balances: vec![coin("ustake", "10")],
        pagination: Some(page_response()),
    });
    c.check(&bank::QuerySpendableBalanceByDenomRequest { address: ADDR.into(), denom: "ustake".into() });
    c.check(&bank::QuerySpendableBalanceByDenomResponse { balance: Some(coin("ustake", "10")) });

    let d = c.check(&bank::QueryTotalSupplyRequest { pagination: Some(page_request()) });
    assert!(bool_at(&d, "pagination.count_total"));
    let d = c.check(&bank::QueryTotalSupplyResponse {
        supply: vec![coin("uatom", "5"), coin("ustake", "1000000")],
        pagination: Some(page_response()),
    });
    assert_eq!(str_at(&d, "supply[0].denom"), "uatom");
    assert_eq!(str_at(&d, "supply[1].amount"), "1000000");
    assert_eq!(bytes_at(&d, "pagination.next_key"), [0xff, 0x01, 0x02]);

    c.check(&bank::QuerySupplyOfRequest { denom: "ustake".into() });
    let d = c.check(&bank::QuerySupplyOfResponse { amount: Some(coin("ustake", "1000000")) });
    assert_eq!(str_at(&d, "amount.amount"), "1000000");

    c.check(&bank::QueryParamsRequest {});
    let d = c.check(&bank::QueryParamsResponse {
        params: Some(bank::Params {
            send_enabled: vec![bank::SendEnabled { denom: "ustake".into(), enabled: true }],
            default_send_enabled: true,
        }),
    });
    assert_eq!(str_at(&d, "params.send_enabled[0].denom"), "ustake");
    assert!(bool_at(&d, "params.send_enabled[0].enabled"));
    assert!(bool_at(&d, "params.default_send_enabled"));

    c.check(&bank::QueryDenomMetadataRequest { denom: "ustake".into() });
    let d = c.check(&bank::QueryDenomMetadataResponse { metadata: Some(metadata()) });
    assert_eq!(str_at(&d, "metadata.description"), "The native staking token");
    assert_eq!(str_at(&d, "metadata.denom_units[1].denom"), "stake");
    assert_eq!(u32_at(&d, "metadata.denom_units[1].exponent"), 6);
    assert_eq!(str_at(&d, "metadata.denom_units[1].aliases[1]"), "stk");
    assert_eq!(str_at(&d, "metadata.base"), "ustake");
    assert_eq!(str_at(&d, "metadata.display"), "stake");
    assert_eq!(str_at(&d, "metadata.name"), "Stake");
    assert_eq!(str_at(&d, "metadata.symbol"), "STK");
    assert_eq!(str_at(&d, "metadata.uri"), "https://example.invalid/stake.json");
    assert_eq!(str_at(&d, "metadata.uri_hash"), "e3b0c44298fc1c149afbf4c8996fb924");
    c.check(&bank::QueryDenomMetadataByQueryStringRequest { denom: "ustake".into() });
    c.check(&bank::QueryDenomMetadataByQueryStringResponse { metadata: Some(metadata()) });
    c.check(&bank::QueryDenomsMetadataRequest { pagination: Some(page_request()) });
    let d = c.check(&bank::QueryDenomsMetadataResponse {
        metadatas: vec![metadata(), metadata()],
        pagination: Some(page_response()),
    });
    assert_eq!(len_at(&d, "metadatas"), 2);

    let owner = bank::DenomOwner { address: ADDR.into(), balance: Some(coin("ustake", "77")) };
    c.check(&bank::QueryDenomOwnersRequest { denom: "ustake".into(), pagination: Some(page_request()) });
    let d = c.check(&bank::QueryDenomOwnersResponse {
        denom_owners: vec![owner.clone()],
        pagination: Some(page_response()),
    });
    assert_eq!(str_at(&d, "denom_owners[0].address"), ADDR);
    assert_eq!(str_at(&d, "denom_owners[0].balance.amount"), "77");
    c.check(&bank::QueryDenomOwnersByQueryRequest { denom: "ustake".into(), pagination: Some(page_request()) });
    c.check(&bank::QueryDenomOwnersByQueryResponse { denom_owners: vec![owner], pagination: Some(page_response()) });

    let d = c.check(&bank::QuerySendEnabledRequest {
        denoms: vec!["ustake".into(), "uatom".into()],
        pagination: Some(page_request()),
    });
    assert_eq!(str_at(&d, "denoms[1]"), "uatom");
    assert_eq!(u64_at(&d, "pagination.offset"), 7);
    let d = c.check(&bank::QuerySendEnabledResponse {
        send_enabled: vec![bank::SendEnabled { denom: "uatom".into(), enabled: true }],
        pagination: Some(page_response()),
    });
    assert_eq!(str_at(&d, "send_enabled[0].denom"), "uatom");
    assert_eq!(u64_at(&d, "pagination.total"), 1234);
}

fn tx_samples(c: &mut Checker) {
    let d = c.check(&tx::SimulateRequest { tx: Some(sample_tx()), tx_bytes: sample_tx().encode_to_vec() });
    assert_eq!(str_at(&d, "tx.body.messages[0].type_url"), "/cosmos.bank.v1beta1.MsgSend");
    assert_eq!(str_at(&d, "tx.body.memo"), "hello symbiote");
    assert_eq!(u64_at(&d, "tx.body.timeout_height"), 5000);
    assert_eq!(str_at(&d, "tx.body.extension_options[0].type_url"), "/ext.Critical");
    assert_eq!(str_at(&d, "tx.body.non_critical_extension_options[0].type_url"), "/ext.NonCritical");
    assert_eq!(enum_at(&d, "tx.auth_info.signer_infos[0].mode_info.single.mode"), "SIGN_MODE_DIRECT");
    assert_eq!(u64_at(&d, "tx.auth_info.signer_infos[0].sequence"), 7);
    assert_eq!(u32_at(&d, "tx.auth_info.signer_infos[1].mode_info.multi.bitarray.extra_bits_stored"), 3);
    assert_eq!(bytes_at(&d, "tx.auth_info.signer_infos[1].mode_info.multi.bitarray.elems"), [0b1010_0000]);
    assert_eq!(
        enum_at(&d, "tx.auth_info.signer_infos[1].mode_info.multi.mode_infos[0].single.mode"),
        "SIGN_MODE_LEGACY_AMINO_JSON"
    );
    assert_eq!(
        enum_at(&d, "tx.auth_info.signer_infos[1].mode_info.multi.mode_infos[1].single.mode"),
        "SIGN_MODE_TEXTUAL"
    );
    assert_eq!(str_at(&d, "tx.auth_info.fee.amount[0].amount"), "5000");
    assert_eq!(u64_at(&d, "tx.auth_info.fee.gas_limit"), 200_000);
    assert_eq!(str_at(&d, "tx.auth_info.fee.payer"), ADDR);
    assert_eq!(str_at(&d, "tx.auth_info.fee.granter"), "cosmos1granter");
    assert_eq!(str_at(&d, "tx.auth_info.tip.tipper"), "cosmos1tipper");
    assert_eq!(bytes_at(&d, "tx.signatures[1]"), RAW);
    assert_eq!(bytes_at(&d, "tx_bytes"), sample_tx().encode_to_vec());
    let d = c.check(&tx::SimulateResponse { gas_info: Some(gas_info()), result: Some(abci_result()) });
    assert_eq!(u64_at(&d, "gas_info.gas_wanted"), 300_000);
    assert_eq!(u64_at(&d, "gas_info.gas_used"), 123_456);
    assert_eq!(bytes_at(&d, "result.data"), RAW);
    assert_eq!(str_at(&d, "result.log"), "executed");
    assert_eq!(str_at(&d, "result.events[0].type"), "message");
    assert_eq!(str_at(&d, "result.events[0].attributes[0].key"), "action");
    assert_eq!(str_at(&d, "result.events[0].attributes[0].value"), "/cosmos.bank.v1beta1.MsgSend");
    assert!(bool_at(&d, "result.events[0].attributes[0].index"));
    assert_eq!(str_at(&d, "result.msg_responses[0].type_url"), "/cosmos.bank.v1beta1.MsgSendResponse");

    let d = c.check(&tx::GetTxRequest { hash: "9F86D081".into() });
    assert_eq!(str_at(&d, "hash"), "9F86D081");
    let d = c.check(&tx::GetTxResponse { tx: Some(sample_tx()), tx_response: Some(tx_response()) });
    assert_eq!(i64_at(&d, "tx_response.height"), 1000);
    assert_eq!(str_at(&d, "tx_response.txhash"), tx_response().txhash);
    assert_eq!(str_at(&d, "tx_response.codespace"), "sdk");
    assert_eq!(u32_at(&d, "tx_response.code"), 5);
    assert_eq!(str_at(&d, "tx_response.data"), tx_response().data);
    assert_eq!(str_at(&d, "tx_response.raw_log"), "insufficient funds");
    assert_eq!(u32_at(&d, "tx_response.logs[0].msg_index"), 1);
    assert_eq!(str_at(&d, "tx_response.logs[0].log"), "ok");
    assert_eq!(str_at(&d, "tx_response.logs[0].events[0].type"), "transfer");
    assert_eq!(str_at(&d, "tx_response.logs[0].events[0].attributes[0].value"), "1000ustake");
    assert_eq!(str_at(&d, "tx_response.info"), "info");
    assert_eq!(i64_at(&d, "tx_response.gas_wanted"), 200_000);
    assert_eq!(i64_at(&d, "tx_response.gas_used"), 150_000);
    assert_eq!(str_at(&d, "tx_response.tx.type_url"), "/cosmos.tx.v1beta1.Tx");
    assert_eq!(str_at(&d, "tx_response.timestamp"), "2024-01-01T00:00:00Z");
    assert_eq!(str_at(&d, "tx_response.events[0].attributes[1].value"), ADDR);
    assert!(!bool_at(&d, "tx_response.events[0].attributes[1].index"));

    for mode in [tx::BroadcastMode::Sync, tx::BroadcastMode::Async, tx::BroadcastMode::Block] {
        let d = c.check(&tx::BroadcastTxRequest { tx_bytes: sample_tx().encode_to_vec(), mode: mode as i32 });
        assert_eq!(enum_at(&d, "mode"), mode.as_str_name());
    }
    let d = c.check(&tx::BroadcastTxResponse { tx_response: Some(tx_response()) });
    assert_eq!(u32_at(&d, "tx_response.code"), 5);

    let d = c.check(&tx::GetTxsEventRequest {
        events: vec!["message.sender='x'".into()],
        pagination: Some(page_request()),
        order_by: tx::OrderBy::Desc as i32,
        page: 2,
        limit: 30,
        query: "tx.height>5".into(),
    });
    assert_eq!(str_at(&d, "events[0]"), "message.sender='x'");
    assert_eq!(enum_at(&d, "order_by"), "ORDER_BY_DESC");
    assert_eq!(u64_at(&d, "page"), 2);
    assert_eq!(u64_at(&d, "limit"), 30);
    assert_eq!(str_at(&d, "query"), "tx.height>5");
    let d = c.check(&tx::GetTxsEventResponse {
        txs: vec![sample_tx()],
        tx_responses: vec![tx_response()],
        pagination: Some(page_response()),
        total: 9,
    });
    assert_eq!(u64_at(&d, "total"), 9);
    assert_eq!(u64_at(&d, "pagination.total"), 1234);
    assert_eq!(len_at(&d, "tx_responses"), 1);

    let d = c.check(&tx::GetBlockWithTxsRequest { height: 1000, pagination: Some(page_request()) });
    assert_eq!(i64_at(&d, "height"), 1000);
    let d = c.check(&tx::GetBlockWithTxsResponse {
        txs: vec![sample_tx()],
        block_id: Some(block_id(4)),
        block: Some(tm_block()),
        pagination: Some(page_response()),
    });
    assert_eq!(u32_at(&d, "block_id.part_set_header.total"), 3);
    assert_eq!(i64_at(&d, "block.header.height"), 1000);

    let d = c.check(&tx::TxDecodeRequest { tx_bytes: sample_tx().encode_to_vec() });
    assert!(!bytes_at(&d, "tx_bytes").is_empty());
    c.check(&tx::TxDecodeResponse { tx: Some(sample_tx()) });
    c.check(&tx::TxEncodeRequest { tx: Some(sample_tx()) });
    c.check(&tx::TxEncodeResponse { tx_bytes: sample_tx().encode_to_vec() });
    let d = c.check(&tx::TxEncodeAminoRequest { amino_json: r#"{"type":"cosmos-sdk/StdTx"}"#.into() });
    assert_eq!(str_at(&d, "amino_json"), r#"{"type":"cosmos-sdk/StdTx"}"#);
    let d = c.check(&tx::TxEncodeAminoResponse { amino_binary: RAW.to_vec() });
    assert_eq!(bytes_at(&d, "amino_binary"), RAW);
    c.check(&tx::TxDecodeAminoRequest { amino_binary: RAW.to_vec() });
    c.check(&tx::TxDecodeAminoResponse { amino_json: "{}".into() });
}

fn tendermint_samples(c: &mut Checker) {
    {
        use cosmos_sdk_proto::cosmos::base::node::v1beta1 as node;
        c.check(&node::ConfigRequest {});
        c.check(&node::ConfigResponse {
            minimum_gas_price: "0.025usym".into(),
            pruning_keep_recent: "362880".into(),
            pruning_interval: "10".into(),
            halt_height: 7,
        });
        c.check(&node::StatusRequest {});
        c.check(&node::StatusResponse {
            earliest_store_height: 1,
            height: 42,
            timestamp: Some(cosmos_sdk_proto::Timestamp { seconds: 1_700_000_000, nanos: 5 }),
            app_hash: RAW.to_vec(),
            validator_hash: vec![9; 32],
        });
    }
    c.check(&cmt::GetNodeInfoRequest {});
    let d = c.check(&cmt::GetNodeInfoResponse {
        default_node_info: Some(p2p::DefaultNodeInfo {
            protocol_version: Some(p2p::ProtocolVersion { p2p: 8, block: 11, app: 1 }),
            default_node_id: "0123456789abcdef0123456789abcdef01234567".into(),
            listen_addr: "tcp://0.0.0.0:26656".into(),
            network: "symbiote-1".into(),
            version: "0.38.12".into(),
            channels: vec![0x40, 0x20, 0x21, 0x22, 0x23, 0x30, 0x38, 0x60, 0x61, 0xff],
            moniker: "node0".into(),
            other: Some(p2p::DefaultNodeInfoOther {
                tx_index: "on".into(),
                rpc_address: "tcp://127.0.0.1:26657".into(),
            }),
        }),
        application_version: Some(cmt::VersionInfo {
            name: "symbiote".into(),
            app_name: "symbioted".into(),
            version: "0.1.0".into(),
            git_commit: "deadbeef".into(),
            build_tags: "netgo".into(),
            go_version: "rust 1.85".into(),
            build_deps: vec![cmt::Module { path: "tonic".into(), version: "0.12.3".into(), sum: "h1:abc".into() }],
            cosmos_sdk_version: "v0.50.9".into(),
        }),
    });
    assert_eq!(u64_at(&d, "default_node_info.protocol_version.p2p"), 8);
    assert_eq!(u64_at(&d, "default_node_info.protocol_version.block"), 11);
    assert_eq!(u64_at(&d, "default_node_info.protocol_version.app"), 1);
    assert_eq!(str_at(&d, "default_node_info.default_node_id"), "0123456789abcdef0123456789abcdef01234567");
    assert_eq!(str_at(&d, "default_node_info.listen_addr"), "tcp://0.0.0.0:26656");
    assert_eq!(str_at(&d, "default_node_info.network"), "symbiote-1");
    assert_eq!(str_at(&d, "default_node_info.version"), "0.38.12");
    assert_eq!(bytes_at(&d, "default_node_info.channels").last(), Some(&0xff));
    assert_eq!(str_at(&d, "default_node_info.moniker"), "node0");
    assert_eq!(str_at(&d, "default_node_info.other.tx_index"), "on");
    assert_eq!(str_at(&d, "default_node_info.other.rpc_address"), "tcp://127.0.0.1:26657");
    assert_eq!(str_at(&d, "application_version.name"), "symbiote");
    assert_eq!(str_at(&d, "application_version.app_name"), "symbioted");
    assert_eq!(str_at(&d, "application_version.version"), "0.1.0");
    assert_eq!(str_at(&d, "application_version.git_commit"), "deadbeef");
    assert_eq!(str_at(&d, "application_version.build_tags"), "netgo");
    assert_eq!(str_at(&d, "application_version.go_version"), "rust 1.85");
    assert_eq!(str_at(&d, "application_version.build_deps[0].path"), "tonic");
    assert_eq!(str_at(&d, "application_version.build_deps[0].version"), "0.12.3");
    assert_eq!(str_at(&d, "application_version.build_deps[0].sum"), "h1:abc");
    assert_eq!(str_at(&d, "application_version.cosmos_sdk_version"), "v0.50.9");

    c.check(&cmt::GetSyncingRequest {});
    let d = c.check(&cmt::GetSyncingResponse { syncing: true });
    assert!(bool_at(&d, "syncing"));

    c.check(&cmt::GetLatestBlockRequest {});
    let d = c.check(&cmt::GetLatestBlockResponse {
        block_id: Some(block_id(5)),
        block: Some(tm_block()),
        sdk_block: Some(sdk_block()),
    });
    assert_eq!(bytes_at(&d, "block_id.hash"), vec![0xf5; 32]);
    assert_eq!(bytes_at(&d, "block_id.part_set_header.hash"), vec![0xe5; 32]);
    assert_eq!(u64_at(&d, "block.header.version.block"), 11);
    assert_eq!(u64_at(&d, "block.header.version.app"), 2);
    assert_eq!(str_at(&d, "block.header.chain_id"), "symbiote-1");
    assert_eq!(i64_at(&d, "block.header.time.seconds"), 1_700_000_000);
    assert_eq!(i32_at(&d, "block.header.time.nanos"), 123_456_789);
    assert_eq!(bytes_at(&d, "block.header.last_block_id.hash"), vec![0xf1; 32]);
    assert_eq!(bytes_at(&d, "block.header.app_hash"), vec![0xa6; 32]);
    assert_eq!(bytes_at(&d, "block.header.proposer_address"), vec![0xa9; 20]);
    assert_eq!(bytes_at(&d, "block.data.txs[1]"), RAW);
    let vote_a = "block.evidence.evidence[0].duplicate_vote_evidence.vote_a";
    assert_eq!(enum_at(&d, &format!("{vote_a}.type")), "SIGNED_MSG_TYPE_PRECOMMIT");
    assert_eq!(i64_at(&d, &format!("{vote_a}.height")), 998);
    assert_eq!(i32_at(&d, &format!("{vote_a}.validator_index")), 3);
    assert_eq!(bytes_at(&d, &format!("{vote_a}.extension")), RAW);
    assert_eq!(i32_at(&d, "block.evidence.evidence[0].duplicate_vote_evidence.vote_b.round"), 1);
    assert_eq!(i64_at(&d, "block.evidence.evidence[0].duplicate_vote_evidence.validator_power"), 100);
    let attack = "block.evidence.evidence[1].light_client_attack_evidence";
    assert_eq!(i64_at(&d, &format!("{attack}.common_height")), 900);
    assert_eq!(
        bytes_at(&d, &format!("{attack}.conflicting_block.validator_set.validators[0].pub_key.ed25519")),
        vec![0xed; 32]
    );
    assert_eq!(
        bytes_at(&d, &format!("{attack}.conflicting_block.validator_set.validators[1].pub_key.secp256k1")),
        vec![0x5e; 33]
    );
    assert_eq!(i64_at(&d, &format!("{attack}.byzantine_validators[0].proposer_priority")), -7);
    assert_eq!(i64_at(&d, &format!("{attack}.conflicting_block.validator_set.total_voting_power")), 200);
    assert_eq!(i64_at(&d, &format!("{attack}.conflicting_block.signed_header.commit.height")), 999);
    assert_eq!(i64_at(&d, "block.last_commit.height"), 999);
    assert_eq!(i32_at(&d, "block.last_commit.round"), 2);
    assert_eq!(enum_at(&d, "block.last_commit.signatures[0].block_id_flag"), "BLOCK_ID_FLAG_COMMIT");
    assert_eq!(enum_at(&d, "block.last_commit.signatures[1].block_id_flag"), "BLOCK_ID_FLAG_ABSENT");
    assert_eq!(bytes_at(&d, "block.last_commit.signatures[0].signature"), vec![0x51; 64]);
    assert_eq!(str_at(&d, "sdk_block.header.proposer_address"), "cosmosvalcons1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5afv7ye");
    assert_eq!(bytes_at(&d, "sdk_block.header.evidence_hash"), vec![0xa8; 32]);
    assert_eq!(i64_at(&d, "sdk_block.last_commit.height"), 999);

    let d = c.check(&cmt::GetBlockByHeightRequest { height: 77 });
    assert_eq!(i64_at(&d, "height"), 77);
    c.check(&cmt::GetBlockByHeightResponse {
        block_id: Some(block_id(6)),
        block: Some(tm_block()),
        sdk_block: Some(sdk_block()),
    });

    c.check(&cmt::GetLatestValidatorSetRequest { pagination: Some(page_request()) });
    let d = c.check(&cmt::GetLatestValidatorSetResponse {
        block_height: 1000,
        validators: vec![cmt_validator()],
        pagination: Some(page_response()),
    });
    assert_eq!(i64_at(&d, "block_height"), 1000);
    assert_eq!(str_at(&d, "validators[0].address"), cmt_validator().address);
    assert_eq!(str_at(&d, "validators[0].pub_key.type_url"), "/cosmos.crypto.ed25519.PubKey");
    assert_eq!(i64_at(&d, "validators[0].voting_power"), 10);
    assert_eq!(i64_at(&d, "validators[0].proposer_priority"), -5);
    let d = c.check(&cmt::GetValidatorSetByHeightRequest { height: 5, pagination: Some(page_request()) });
    assert_eq!(i64_at(&d, "height"), 5);
    c.check(&cmt::GetValidatorSetByHeightResponse {
        block_height: 5,
        validators: vec![cmt_validator()],
        pagination: Some(page_response()),
    });

    let d =
        c.check(&cmt::AbciQueryRequest { data: RAW.to_vec(), path: "/store/bank/key".into(), height: 12, prove: true });
    assert_eq!(bytes_at(&d, "data"), RAW);
    assert_eq!(str_at(&d, "path"), "/store/bank/key");
    assert_eq!(i64_at(&d, "height"), 12);
    assert!(bool_at(&d, "prove"));
    let d = c.check(&cmt::AbciQueryResponse {
        code: 1,
        log: "log".into(),
        info: "info".into(),
        index: -3,
        key: vec![0x01, 0xff],
        value: RAW.to_vec(),
        proof_ops: Some(cmt::ProofOps {
            ops: vec![cmt::ProofOp { r#type: "ics23:iavl".into(), key: vec![0x01], data: RAW.to_vec() }],
        }),
        height: 12,
        codespace: "sdk".into(),
    });
    assert_eq!(u32_at(&d, "code"), 1);
    assert_eq!(str_at(&d, "log"), "log");
    assert_eq!(str_at(&d, "info"), "info");
    assert_eq!(i64_at(&d, "index"), -3);
    assert_eq!(bytes_at(&d, "key"), [0x01, 0xff]);
    assert_eq!(bytes_at(&d, "value"), RAW);
    assert_eq!(str_at(&d, "proof_ops.ops[0].type"), "ics23:iavl");
    assert_eq!(bytes_at(&d, "proof_ops.ops[0].data"), RAW);
    assert_eq!(i64_at(&d, "height"), 12);
    assert_eq!(str_at(&d, "codespace"), "sdk");
}

/// Messages in the restated files that no service method references, so that every message in
/// the descriptor set is checked, not only the reachable ones.
/// ICS23 proofs and specs (a client state of this chain carries the specs; proofs travel in IBC
/// messages), checked against the generated types of ics23 0.12, which ibc-rs verifies with.
fn ics23_samples(c: &mut Checker) {
    use ics23::{
        batch_entry, commitment_proof, compressed_batch_entry, BatchEntry, BatchProof, CommitmentProof,
        CompressedBatchEntry, CompressedBatchProof, CompressedExistenceProof, CompressedNonExistenceProof,
        ExistenceProof, InnerOp, InnerSpec, LeafOp, NonExistenceProof, ProofSpec,
    };
    let leaf = LeafOp { hash: 1, prehash_key: 1, prehash_value: 2, length: 1, prefix: RAW.to_vec() };
    let inner = InnerOp { hash: 1, prefix: RAW.to_vec(), suffix: vec![7] };
    let exist = ExistenceProof {
        key: b"k".to_vec(),
        value: b"v".to_vec(),
        leaf: Some(leaf.clone()),
        path: vec![inner.clone()],
    };
    let nonexist = NonExistenceProof { key: b"m".to_vec(), left: Some(exist.clone()), right: Some(exist.clone()) };
    let compressed =
        CompressedExistenceProof { key: b"k".to_vec(), value: b"v".to_vec(), leaf: Some(leaf.clone()), path: vec![0] };
    let proofs = [
        commitment_proof::Proof::Exist(exist.clone()),
        commitment_proof::Proof::Nonexist(nonexist.clone()),
        commitment_proof::Proof::Batch(BatchProof {
            entries: vec![
                BatchEntry { proof: Some(batch_entry::Proof::Exist(exist.clone())) },
                BatchEntry { proof: Some(batch_entry::Proof::Nonexist(nonexist)) },
            ],
        }),
        commitment_proof::Proof::Compressed(CompressedBatchProof {
            entries: vec![
                CompressedBatchEntry { proof: Some(compressed_batch_entry::Proof::Exist(compressed.clone())) },
                CompressedBatchEntry {
                    proof: Some(compressed_batch_entry::Proof::Nonexist(CompressedNonExistenceProof {
                        key: b"m".to_vec(),
                        left: Some(compressed.clone()),
                        right: Some(compressed),
                    })),
                },
            ],
            lookup_inners: vec![inner],
        }),
    ];
    for proof in proofs {
        c.check_as(&CommitmentProof { proof: Some(proof) }, "cosmos.ics23.v1.CommitmentProof");
    }
    let spec = ProofSpec {
        leaf_spec: Some(leaf),
        inner_spec: Some(InnerSpec {
            child_order: vec![0, 1],
            child_size: 32,
            min_prefix_length: 16,
            max_prefix_length: 16,
            empty_child: RAW.to_vec(),
            hash: 1,
        }),
        max_depth: 64,
        min_depth: 1,
        prehash_key_before_comparison: true,
    };
    c.check_as(&spec, "cosmos.ics23.v1.ProofSpec");
}

fn supporting_samples(c: &mut Checker) {
    c.check(&auth::ModuleCredential { module_name: "icacontroller".into(), derivation_keys: vec![RAW.to_vec()] });
    c.check(&bank::Input { address: ADDR.into(), coins: vec![coin("ustake", "3")] });
    c.check(&bank::Output { address: ADDR.into(), coins: vec![coin("ustake", "3")] });
    c.check(&bank::Supply { total: vec![coin("ustake", "3")] });
    c.check(&DecCoin { denom: "ustake".into(), amount: "0.5".into() });
    c.check(&IntProto { int: "42".into() });
    c.check(&DecProto { dec: "4.2".into() });
    c.check(&MultiSignature { signatures: vec![RAW.to_vec(), vec![0x01]] });

    c.check(&abci::SimulationResponse { gas_info: Some(gas_info()), result: Some(abci_result()) });
    c.check(&abci::TxMsgData {
        data: vec![abci::MsgData { msg_type: "/cosmos.bank.v1beta1.MsgSend".into(), data: RAW.to_vec() }],
        msg_responses: vec![Any { type_url: "/x".into(), value: vec![1] }],
    });
    c.check(&abci::SearchTxsResult {
        total_count: 10,
        count: 2,
        page_number: 1,
        page_total: 5,
        limit: 2,
        txs: vec![tx_response()],
    });
    c.check(&abci::SearchBlocksResult {
        total_count: 10,
        count: 1,
        page_number: 1,
        page_total: 10,
        limit: 1,
        blocks: vec![tm_block()],
    });

    let d = c.check(&signing::SignatureDescriptors {
        signatures: vec![signing::SignatureDescriptor {
            public_key: Some(pub_key_any()),
            data: Some(signing::signature_descriptor::Data {
                sum: Some(signing::signature_descriptor::data::Sum::Multi(
                    signing::signature_descriptor::data::Multi {
                        bitarray: Some(CompactBitArray { extra_bits_stored: 2, elems: vec![0xc0] }),
                        signatures: vec![signing::signature_descriptor::Data {
                            sum: Some(signing::signature_descriptor::data::Sum::Single(
                                signing::signature_descriptor::data::Single {
                                    mode: signing::SignMode::Eip191 as i32,
                                    signature: vec![0x77; 65],
                                },
                            )),
                        }],
                    },
                )),
            }),
            sequence: 3,
        }],
    });
    assert_eq!(enum_at(&d, "signatures[0].data.multi.signatures[0].single.mode"), "SIGN_MODE_EIP_191");

    c.check(&tx::TxRaw {
        body_bytes: RAW.to_vec(),
        auth_info_bytes: vec![0x0a, 0x00],
        signatures: vec![vec![0x5a; 64]],
    });
    c.check(&tx::SignDoc {
        body_bytes: RAW.to_vec(),
        auth_info_bytes: vec![0x0a, 0x00],
        chain_id: "symbiote-1".into(),
        account_number: 42,
    });
    let aux = tx::SignDocDirectAux {
        body_bytes: RAW.to_vec(),
        public_key: Some(pub_key_any()),
        chain_id: "symbiote-1".into(),
        account_number: 42,
        sequence: 7,
        tip: Some(tx::Tip { amount: vec![coin("uatom", "1")], tipper: ADDR.into() }),
    };
    let d = c.check(&tx::AuxSignerData {
        address: ADDR.into(),
        sign_doc: Some(aux),
        mode: signing::SignMode::DirectAux as i32,
        sig: vec![0x99; 64],
    });
    assert_eq!(enum_at(&d, "mode"), "SIGN_MODE_DIRECT_AUX");

    let proof = tm_crypto::Proof { total: 4, index: 2, leaf_hash: vec![0x11; 32], aunts: vec![vec![0x12; 32]] };
    c.check_as(&tm::Part { index: 1, bytes: RAW.to_vec(), proof: Some(proof.clone()) }, "tendermint.types.Part");
    c.check_as(
        &tm::TxProof { root_hash: vec![0x13; 32], data: RAW.to_vec(), proof: Some(proof.clone()) },
        "tendermint.types.TxProof",
    );
    c.check_as(&tm_crypto::ValueOp { key: RAW.to_vec(), proof: Some(proof) }, "tendermint.crypto.ValueOp");
    c.check_as(
        &tm_crypto::DominoOp { key: "k".into(), input: "in".into(), output: "out".into() },
        "tendermint.crypto.DominoOp",
    );
    c.check_as(
        &tm_crypto::ProofOps {
            ops: vec![tm_crypto::ProofOp { r#type: "ics23:simple".into(), key: vec![1], data: RAW.to_vec() }],
        },
        "tendermint.crypto.ProofOps",
    );
    c.check_as(
        &tm::ExtendedCommit {
            height: 10,
            round: 1,
            block_id: Some(block_id(7)),
            extended_signatures: vec![tm::ExtendedCommitSig {
                block_id_flag: tm::BlockIdFlag::Nil as i32,
                validator_address: vec![0xd1; 20],
                timestamp: Some(timestamp(5)),
                signature: vec![0x54; 64],
                extension: RAW.to_vec(),
                extension_signature: vec![0x55; 64],
            }],
        },
        "tendermint.types.ExtendedCommit",
    );
    let d = c.check_as(
        &tm::Proposal {
            r#type: tm::SignedMsgType::Proposal as i32,
            height: 10,
            round: 1,
            pol_round: -1,
            block_id: Some(block_id(8)),
            timestamp: Some(timestamp(6)),
            signature: vec![0x56; 64],
        },
        "tendermint.types.Proposal",
    );
    assert_eq!(enum_at(&d, "type"), "SIGNED_MSG_TYPE_PROPOSAL");
    assert_eq!(i32_at(&d, "pol_round"), -1);
    c.check_as(
        &tm::BlockMeta { block_id: Some(block_id(9)), block_size: 2048, header: Some(tm_header()), num_txs: 2 },
        "tendermint.types.BlockMeta",
    );
    c.check_as(
        &tm::SimpleValidator { pub_key: Some(tm_pub_key(true)), voting_power: 9 },
        "tendermint.types.SimpleValidator",
    );
    c.check_as(&version::App { protocol: 1, software: "symbiote".into() }, "tendermint.version.App");
    c.check_as(
        &p2p::NetAddress { id: "abcdef".into(), ip: "127.0.0.1".into(), port: 26656 },
        "tendermint.p2p.NetAddress",
    );
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn auth_query_messages_round_trip() {
    auth_samples(&mut Checker::new());
}

#[test]
fn bank_query_messages_round_trip() {
    bank_samples(&mut Checker::new());
}

#[test]
fn tx_service_messages_round_trip() {
    tx_samples(&mut Checker::new());
}

#[test]
fn tendermint_service_messages_round_trip() {
    tendermint_samples(&mut Checker::new());
}

#[test]
fn supporting_messages_round_trip() {
    supporting_samples(&mut Checker::new());
}

#[test]
fn every_field_of_every_message_is_exercised() {
    let mut c = Checker::new();
    auth_samples(&mut c);
    bank_samples(&mut c);
    tx_samples(&mut c);
    tendermint_samples(&mut c);
    supporting_samples(&mut c);
    msg_samples(&mut c);
    staking_query_samples(&mut c);
    staking_msg_samples(&mut c);
    staking_state_samples(&mut c);
    mint_query_samples(&mut c);
    mint_msg_samples(&mut c);
    mint_state_samples(&mut c);
    distribution_query_samples(&mut c);
    distribution_msg_samples(&mut c);
    distribution_state_samples(&mut c);
    slashing_query_samples(&mut c);
    slashing_msg_samples(&mut c);
    slashing_state_samples(&mut c);
    gov_query_samples(&mut c);
    gov_msg_samples(&mut c);
    gov_state_samples(&mut c);
    gov_v1beta1_query_samples(&mut c);
    gov_v1beta1_msg_samples(&mut c);
    gov_v1beta1_state_samples(&mut c);
    ics23_samples(&mut c);

    let mut missing = Vec::new();
    // symbiote's own messages are generated from these very files: nothing restated to check.
    for message in c.pool.all_messages().filter(|m| !m.full_name().starts_with("symbiote.")) {
        for field in message.fields() {
            if !c.seen.contains(&(message.full_name().to_owned(), field.number())) {
                missing.push(format!("{}.{} = {}", message.full_name(), field.name(), field.number()));
            }
        }
    }
    assert!(missing.is_empty(), "fields never present in any sample: {missing:#?}");
}

/// The transaction messages the chain routes, and the key types inside signer infos.
fn msg_samples(c: &mut Checker) {
    use cosmos_sdk_proto::cosmos::crypto::{ed25519, secp256k1};
    let d = c.check(&bank::MsgSend {
        from_address: ADDR.into(),
        to_address: "cosmos1to".into(),
        amount: vec![coin("ustake", "5")],
    });
    assert_eq!(str_at(&d, "to_address"), "cosmos1to");
    assert_eq!(str_at(&d, "amount[0].amount"), "5");
    c.check(&bank::MsgSendResponse {});
    let d = c.check(&bank::MsgMultiSend {
        inputs: vec![bank::Input { address: ADDR.into(), coins: vec![coin("ustake", "3")] }],
        outputs: vec![bank::Output { address: ADDR.into(), coins: vec![coin("ustake", "3")] }],
    });
    assert_eq!(str_at(&d, "outputs[0].coins[0].amount"), "3");
    c.check(&bank::MsgMultiSendResponse {});
    let d = c.check(&bank::MsgUpdateParams {
        authority: "gov".into(),
        params: Some(bank::Params {
            send_enabled: vec![bank::SendEnabled { denom: "ustake".into(), enabled: true }],
            default_send_enabled: true,
        }),
    });
    assert!(bool_at(&d, "params.default_send_enabled"));
    c.check(&bank::MsgUpdateParamsResponse {});
    let d = c.check(&bank::MsgSetSendEnabled {
        authority: "gov".into(),
        send_enabled: vec![bank::SendEnabled { denom: "ustake".into(), enabled: false }],
        use_default_for: vec!["uatom".into()],
    });
    assert_eq!(str_at(&d, "use_default_for[0]"), "uatom");
    c.check(&bank::MsgSetSendEnabledResponse {});
    let d = c.check(&auth::MsgUpdateParams {
        authority: "gov".into(),
        params: Some(auth::Params {
            max_memo_characters: 1,
            tx_sig_limit: 2,
            tx_size_cost_per_byte: 3,
            sig_verify_cost_ed25519: 4,
            sig_verify_cost_secp256k1: 5,
        }),
    });
    assert_eq!(u64_at(&d, "params.sig_verify_cost_secp256k1"), 5);
    c.check(&auth::MsgUpdateParamsResponse {});
    let d = c.check(&secp256k1::PubKey { key: vec![0x02; 33] });
    assert_eq!(bytes_at(&d, "key"), vec![0x02; 33]);
    c.check(&secp256k1::PrivKey { key: vec![0x11; 32] });
    let d = c.check(&ed25519::PubKey { key: vec![0xed; 32] });
    assert_eq!(bytes_at(&d, "key"), vec![0xed; 32]);
    c.check(&ed25519::PrivKey { key: vec![0x22; 64] });
}

#[test]
fn an_unknown_field_is_detected() {
    // Guard for the checker itself: a field our schema lacks must not pass silently.
    let mut c = Checker::new();
    let bytes =
        bank::QueryAllBalancesRequest { address: ADDR.into(), pagination: None, resolve_denom: true }.encode_to_vec();
    let desc = c.pool.get_message_by_name("cosmos.bank.v1beta1.QueryBalanceRequest").expect("in pool");
    // Field 3 (resolve_denom) is unknown to QueryBalanceRequest.
    let dynamic = DynamicMessage::decode(desc, bytes.as_slice()).expect("decodes");
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| c.walk(&dynamic, "probe")));
    assert!(result.is_err(), "walk must reject unknown fields");
    assert_eq!(dynamic.encode_to_vec(), bytes, "unknown fields alone do not change the re-encoded bytes");
}

// ---------------------------------------------------------------------------------------------
// x/staking (Query and Msg services, state and genesis types)
// ---------------------------------------------------------------------------------------------

const VALOPER: &str = "cosmosvaloper1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5afv7ye";
const VALOPER_DST: &str = "cosmosvaloper1dst";

/// A consensus key packed the way the SDK does it; its payload is checked against our
/// `cosmos.crypto.ed25519.PubKey` as well.
fn consensus_pubkey_any() -> Any {
    use cosmos_sdk_proto::cosmos::crypto::ed25519;
    Any {
        type_url: "/cosmos.crypto.ed25519.PubKey".into(),
        value: ed25519::PubKey { key: vec![0xc0; 32] }.encode_to_vec(),
    }
}

fn description() -> staking::Description {
    staking::Description {
        moniker: "val-one".into(),
        identity: "0123456789ABCDEF".into(),
        website: "https://example.invalid".into(),
        security_contact: "sec@example.invalid".into(),
        details: "runs inference".into(),
    }
}

fn commission_rates() -> staking::CommissionRates {
    staking::CommissionRates {
        rate: "0.100000000000000000".into(),
        max_rate: "0.200000000000000000".into(),
        max_change_rate: "0.010000000000000000".into(),
    }
}

fn validator(status: staking::BondStatus) -> staking::Validator {
    staking::Validator {
        operator_address: VALOPER.into(),
        consensus_pubkey: Some(consensus_pubkey_any()),
        jailed: true,
        status: status as i32,
        tokens: "1000000".into(),
        delegator_shares: "1000000.000000000000000000".into(),
        description: Some(description()),
        unbonding_height: 77,
        unbonding_time: Some(timestamp(1_700_100_000)),
        commission: Some(staking::Commission {
            commission_rates: Some(commission_rates()),
            update_time: Some(timestamp(1_700_000_500)),
        }),
        min_self_delegation: "1".into(),
        unbonding_on_hold_ref_count: 2,
        unbonding_ids: vec![3, 1 << 40],
    }
}

fn delegation() -> staking::Delegation {
    staking::Delegation {
        delegator_address: ADDR.into(),
        validator_address: VALOPER.into(),
        shares: "250.500000000000000000".into(),
    }
}

fn unbonding_delegation() -> staking::UnbondingDelegation {
    staking::UnbondingDelegation {
        delegator_address: ADDR.into(),
        validator_address: VALOPER.into(),
        entries: vec![staking::UnbondingDelegationEntry {
            creation_height: 90,
            completion_time: Some(timestamp(1_701_000_000)),
            initial_balance: "500".into(),
            balance: "450".into(),
            unbonding_id: 12,
            unbonding_on_hold_ref_count: 1,
        }],
    }
}

fn redelegation_entry() -> staking::RedelegationEntry {
    staking::RedelegationEntry {
        creation_height: 91,
        completion_time: Some(timestamp(1_701_000_001)),
        initial_balance: "300".into(),
        shares_dst: "299.990000000000000000".into(),
        unbonding_id: 13,
        unbonding_on_hold_ref_count: 4,
    }
}

fn redelegation() -> staking::Redelegation {
    staking::Redelegation {
        delegator_address: ADDR.into(),
        validator_src_address: VALOPER.into(),
        validator_dst_address: VALOPER_DST.into(),
        entries: vec![redelegation_entry()],
    }
}

fn delegation_response() -> staking::DelegationResponse {
    staking::DelegationResponse { delegation: Some(delegation()), balance: Some(coin("ustake", "250")) }
}

fn staking_params() -> staking::Params {
    staking::Params {
        unbonding_time: Some(Duration { seconds: 1_814_400, nanos: 5 }),
        max_validators: 100,
        max_entries: 7,
        historical_entries: 10_000,
        bond_denom: "ustake".into(),
        min_commission_rate: "0.050000000000000000".into(),
    }
}

fn historical_info() -> staking::HistoricalInfo {
    staking::HistoricalInfo {
        header: Some(tm_header()),
        valset: vec![validator(staking::BondStatus::Bonded), validator(staking::BondStatus::Unbonding)],
    }
}

fn staking_pool() -> staking::Pool {
    staking::Pool { not_bonded_tokens: "12345".into(), bonded_tokens: "99999999999999999999".into() }
}

fn staking_query_samples(c: &mut Checker) {
    let d = c.check(&staking::QueryValidatorsRequest {
        status: "BOND_STATUS_BONDED".into(),
        pagination: Some(page_request()),
    });
    assert_eq!(str_at(&d, "status"), "BOND_STATUS_BONDED");
    assert_eq!(u64_at(&d, "pagination.limit"), 50);
    let d = c.check(&staking::QueryValidatorsResponse {
        validators: vec![validator(staking::BondStatus::Bonded), validator(staking::BondStatus::Unbonded)],
        pagination: Some(page_response()),
    });
    assert_eq!(len_at(&d, "validators"), 2);
    assert_eq!(str_at(&d, "validators[0].operator_address"), VALOPER);
    assert_eq!(str_at(&d, "validators[0].consensus_pubkey.type_url"), "/cosmos.crypto.ed25519.PubKey");
    assert!(bool_at(&d, "validators[0].jailed"));
    assert_eq!(enum_at(&d, "validators[0].status"), "BOND_STATUS_BONDED");
    assert_eq!(enum_at(&d, "validators[1].status"), "BOND_STATUS_UNBONDED");
    assert_eq!(str_at(&d, "validators[0].tokens"), "1000000");
    assert_eq!(str_at(&d, "validators[0].delegator_shares"), "1000000.000000000000000000");
    assert_eq!(str_at(&d, "validators[0].description.moniker"), "val-one");
    assert_eq!(str_at(&d, "validators[0].description.identity"), "0123456789ABCDEF");
    assert_eq!(str_at(&d, "validators[0].description.website"), "https://example.invalid");
    assert_eq!(str_at(&d, "validators[0].description.security_contact"), "sec@example.invalid");
    assert_eq!(str_at(&d, "validators[0].description.details"), "runs inference");
    assert_eq!(i64_at(&d, "validators[0].unbonding_height"), 77);
    assert_eq!(i64_at(&d, "validators[0].unbonding_time.seconds"), 1_700_100_000);
    assert_eq!(str_at(&d, "validators[0].commission.commission_rates.rate"), "0.100000000000000000");
    assert_eq!(str_at(&d, "validators[0].commission.commission_rates.max_rate"), "0.200000000000000000");
    assert_eq!(str_at(&d, "validators[0].commission.commission_rates.max_change_rate"), "0.010000000000000000");
    assert_eq!(i64_at(&d, "validators[0].commission.update_time.seconds"), 1_700_000_500);
    assert_eq!(str_at(&d, "validators[0].min_self_delegation"), "1");
    assert_eq!(i64_at(&d, "validators[0].unbonding_on_hold_ref_count"), 2);
    assert_eq!(len_at(&d, "validators[0].unbonding_ids"), 2);
    assert_eq!(u64_at(&d, "validators[0].unbonding_ids[1]"), 1 << 40);
    assert_eq!(u64_at(&d, "pagination.total"), 1234);

    let d = c.check(&staking::QueryValidatorRequest { validator_addr: VALOPER.into() });
    assert_eq!(str_at(&d, "validator_addr"), VALOPER);
    let d = c.check(&staking::QueryValidatorResponse { validator: Some(validator(staking::BondStatus::Unbonding)) });
    assert_eq!(enum_at(&d, "validator.status"), "BOND_STATUS_UNBONDING");

    let d = c.check(&staking::QueryValidatorDelegationsRequest {
        validator_addr: VALOPER.into(),
        pagination: Some(page_request()),
    });
    assert!(bool_at(&d, "pagination.reverse"));
    let d = c.check(&staking::QueryValidatorDelegationsResponse {
        delegation_responses: vec![delegation_response()],
        pagination: Some(page_response()),
    });
    assert_eq!(str_at(&d, "delegation_responses[0].delegation.delegator_address"), ADDR);
    assert_eq!(str_at(&d, "delegation_responses[0].delegation.validator_address"), VALOPER);
    assert_eq!(str_at(&d, "delegation_responses[0].delegation.shares"), "250.500000000000000000");
    assert_eq!(str_at(&d, "delegation_responses[0].balance.amount"), "250");

    c.check(&staking::QueryValidatorUnbondingDelegationsRequest {
        validator_addr: VALOPER.into(),
        pagination: Some(page_request()),
    });
    let d = c.check(&staking::QueryValidatorUnbondingDelegationsResponse {
        unbonding_responses: vec![unbonding_delegation()],
        pagination: Some(page_response()),
    });
    assert_eq!(str_at(&d, "unbonding_responses[0].validator_address"), VALOPER);
    assert_eq!(i64_at(&d, "unbonding_responses[0].entries[0].creation_height"), 90);
    assert_eq!(i64_at(&d, "unbonding_responses[0].entries[0].completion_time.seconds"), 1_701_000_000);
    assert_eq!(str_at(&d, "unbonding_responses[0].entries[0].initial_balance"), "500");
    assert_eq!(str_at(&d, "unbonding_responses[0].entries[0].balance"), "450");
    assert_eq!(u64_at(&d, "unbonding_responses[0].entries[0].unbonding_id"), 12);
    assert_eq!(i64_at(&d, "unbonding_responses[0].entries[0].unbonding_on_hold_ref_count"), 1);

    let d = c.check(&staking::QueryDelegationRequest { delegator_addr: ADDR.into(), validator_addr: VALOPER.into() });
    assert_eq!(str_at(&d, "delegator_addr"), ADDR);
    assert_eq!(str_at(&d, "validator_addr"), VALOPER);
    let d = c.check(&staking::QueryDelegationResponse { delegation_response: Some(delegation_response()) });
    assert_eq!(str_at(&d, "delegation_response.balance.denom"), "ustake");

    c.check(&staking::QueryUnbondingDelegationRequest { delegator_addr: ADDR.into(), validator_addr: VALOPER.into() });
    let d = c.check(&staking::QueryUnbondingDelegationResponse { unbond: Some(unbonding_delegation()) });
    assert_eq!(str_at(&d, "unbond.delegator_address"), ADDR);

    c.check(&staking::QueryDelegatorDelegationsRequest {
        delegator_addr: ADDR.into(),
        pagination: Some(page_request()),
    });
    c.check(&staking::QueryDelegatorDelegationsResponse {
        delegation_responses: vec![delegation_response(), delegation_response()],
        pagination: Some(page_response()),
    });
    c.check(&staking::QueryDelegatorUnbondingDelegationsRequest {
        delegator_addr: ADDR.into(),
        pagination: Some(page_request()),
    });
    c.check(&staking::QueryDelegatorUnbondingDelegationsResponse {
        unbonding_responses: vec![unbonding_delegation()],
        pagination: Some(page_response()),
    });

    let d = c.check(&staking::QueryRedelegationsRequest {
        delegator_addr: ADDR.into(),
        src_validator_addr: VALOPER.into(),
        dst_validator_addr: VALOPER_DST.into(),
        pagination: Some(page_request()),
    });
    assert_eq!(str_at(&d, "src_validator_addr"), VALOPER);
    assert_eq!(str_at(&d, "dst_validator_addr"), VALOPER_DST);
    assert_eq!(u64_at(&d, "pagination.offset"), 7);
    let d = c.check(&staking::QueryRedelegationsResponse {
        redelegation_responses: vec![staking::RedelegationResponse {
            redelegation: Some(redelegation()),
            entries: vec![staking::RedelegationEntryResponse {
                redelegation_entry: Some(redelegation_entry()),
                balance: "298".into(),
            }],
        }],
        pagination: Some(page_response()),
    });
    assert_eq!(str_at(&d, "redelegation_responses[0].redelegation.delegator_address"), ADDR);
    assert_eq!(str_at(&d, "redelegation_responses[0].redelegation.validator_src_address"), VALOPER);
    assert_eq!(str_at(&d, "redelegation_responses[0].redelegation.validator_dst_address"), VALOPER_DST);
    assert_eq!(i64_at(&d, "redelegation_responses[0].redelegation.entries[0].creation_height"), 91);
    assert_eq!(str_at(&d, "redelegation_responses[0].redelegation.entries[0].initial_balance"), "300");
    assert_eq!(str_at(&d, "redelegation_responses[0].redelegation.entries[0].shares_dst"), "299.990000000000000000");
    assert_eq!(u64_at(&d, "redelegation_responses[0].redelegation.entries[0].unbonding_id"), 13);
    assert_eq!(i64_at(&d, "redelegation_responses[0].redelegation.entries[0].unbonding_on_hold_ref_count"), 4);
    assert_eq!(str_at(&d, "redelegation_responses[0].entries[0].balance"), "298");
    assert_eq!(
        i64_at(&d, "redelegation_responses[0].entries[0].redelegation_entry.completion_time.seconds"),
        1_701_000_001
    );

    c.check(&staking::QueryDelegatorValidatorsRequest {
        delegator_addr: ADDR.into(),
        pagination: Some(page_request()),
    });
    let d = c.check(&staking::QueryDelegatorValidatorsResponse {
        validators: vec![validator(staking::BondStatus::Bonded)],
        pagination: Some(page_response()),
    });
    assert_eq!(len_at(&d, "validators"), 1);
    c.check(&staking::QueryDelegatorValidatorRequest { delegator_addr: ADDR.into(), validator_addr: VALOPER.into() });
    c.check(&staking::QueryDelegatorValidatorResponse { validator: Some(validator(staking::BondStatus::Bonded)) });

    let d = c.check(&staking::QueryHistoricalInfoRequest { height: -3 });
    assert_eq!(i64_at(&d, "height"), -3);
    let d = c.check(&staking::QueryHistoricalInfoResponse { hist: Some(historical_info()) });
    assert_eq!(str_at(&d, "hist.header.chain_id"), "symbiote-1");
    assert_eq!(i64_at(&d, "hist.header.height"), 1000);
    assert_eq!(len_at(&d, "hist.valset"), 2);
    assert_eq!(enum_at(&d, "hist.valset[1].status"), "BOND_STATUS_UNBONDING");

    c.check(&staking::QueryPoolRequest {});
    let d = c.check(&staking::QueryPoolResponse { pool: Some(staking_pool()) });
    assert_eq!(str_at(&d, "pool.not_bonded_tokens"), "12345");
    assert_eq!(str_at(&d, "pool.bonded_tokens"), "99999999999999999999");

    c.check(&staking::QueryParamsRequest {});
    let d = c.check(&staking::QueryParamsResponse { params: Some(staking_params()) });
    assert_eq!(i64_at(&d, "params.unbonding_time.seconds"), 1_814_400);
    assert_eq!(i32_at(&d, "params.unbonding_time.nanos"), 5);
    assert_eq!(u32_at(&d, "params.max_validators"), 100);
    assert_eq!(u32_at(&d, "params.max_entries"), 7);
    assert_eq!(u32_at(&d, "params.historical_entries"), 10_000);
    assert_eq!(str_at(&d, "params.bond_denom"), "ustake");
    assert_eq!(str_at(&d, "params.min_commission_rate"), "0.050000000000000000");
}

/// The staking transaction messages the chain will route, and their responses.
fn staking_msg_samples(c: &mut Checker) {
    let d = c.check(&staking::MsgCreateValidator {
        description: Some(description()),
        commission: Some(commission_rates()),
        min_self_delegation: "1".into(),
        delegator_address: ADDR.into(),
        validator_address: VALOPER.into(),
        pubkey: Some(consensus_pubkey_any()),
        value: Some(coin("ustake", "1000000")),
    });
    assert_eq!(str_at(&d, "description.moniker"), "val-one");
    assert_eq!(str_at(&d, "commission.rate"), "0.100000000000000000");
    assert_eq!(str_at(&d, "commission.max_change_rate"), "0.010000000000000000");
    assert_eq!(str_at(&d, "min_self_delegation"), "1");
    assert_eq!(str_at(&d, "delegator_address"), ADDR);
    assert_eq!(str_at(&d, "validator_address"), VALOPER);
    assert_eq!(str_at(&d, "pubkey.type_url"), "/cosmos.crypto.ed25519.PubKey");
    assert_eq!(bytes_at(&d, "pubkey.value")[..2], [0x0a, 0x20]);
    assert_eq!(str_at(&d, "value.denom"), "ustake");
    assert_eq!(str_at(&d, "value.amount"), "1000000");
    c.check(&staking::MsgCreateValidatorResponse {});

    let d = c.check(&staking::MsgEditValidator {
        description: Some(description()),
        validator_address: VALOPER.into(),
        commission_rate: "0.150000000000000000".into(),
        min_self_delegation: "2".into(),
    });
    assert_eq!(str_at(&d, "description.details"), "runs inference");
    assert_eq!(str_at(&d, "validator_address"), VALOPER);
    assert_eq!(str_at(&d, "commission_rate"), "0.150000000000000000");
    assert_eq!(str_at(&d, "min_self_delegation"), "2");
    c.check(&staking::MsgEditValidatorResponse {});

    let d = c.check(&staking::MsgDelegate {
        delegator_address: ADDR.into(),
        validator_address: VALOPER.into(),
        amount: Some(coin("ustake", "42")),
    });
    assert_eq!(str_at(&d, "delegator_address"), ADDR);
    assert_eq!(str_at(&d, "validator_address"), VALOPER);
    assert_eq!(str_at(&d, "amount.amount"), "42");
    c.check(&staking::MsgDelegateResponse {});

    let d = c.check(&staking::MsgBeginRedelegate {
        delegator_address: ADDR.into(),
        validator_src_address: VALOPER.into(),
        validator_dst_address: VALOPER_DST.into(),
        amount: Some(coin("ustake", "43")),
    });
    assert_eq!(str_at(&d, "validator_src_address"), VALOPER);
    assert_eq!(str_at(&d, "validator_dst_address"), VALOPER_DST);
    assert_eq!(str_at(&d, "amount.amount"), "43");
    let d = c.check(&staking::MsgBeginRedelegateResponse { completion_time: Some(timestamp(1_702_000_000)) });
    assert_eq!(i64_at(&d, "completion_time.seconds"), 1_702_000_000);
    assert_eq!(i32_at(&d, "completion_time.nanos"), 123_456_789);

    let d = c.check(&staking::MsgUndelegate {
        delegator_address: ADDR.into(),
        validator_address: VALOPER.into(),
        amount: Some(coin("ustake", "44")),
    });
    assert_eq!(str_at(&d, "amount.amount"), "44");
    let d = c.check(&staking::MsgUndelegateResponse {
        completion_time: Some(timestamp(1_702_000_001)),
        amount: Some(coin("ustake", "44")),
    });
    assert_eq!(i64_at(&d, "completion_time.seconds"), 1_702_000_001);
    assert_eq!(str_at(&d, "amount.amount"), "44");

    let d = c.check(&staking::MsgCancelUnbondingDelegation {
        delegator_address: ADDR.into(),
        validator_address: VALOPER.into(),
        amount: Some(coin("ustake", "45")),
        creation_height: 90,
    });
    assert_eq!(str_at(&d, "amount.amount"), "45");
    assert_eq!(i64_at(&d, "creation_height"), 90);
    c.check(&staking::MsgCancelUnbondingDelegationResponse {});

    let d = c.check(&staking::MsgUpdateParams { authority: "gov".into(), params: Some(staking_params()) });
    assert_eq!(str_at(&d, "authority"), "gov");
    assert_eq!(u32_at(&d, "params.max_validators"), 100);
    c.check(&staking::MsgUpdateParamsResponse {});

    // Inside a transaction, as the chain receives them: the Any payloads are checked too.
    let msgs = [
        Any {
            type_url: "/cosmos.staking.v1beta1.MsgDelegate".into(),
            value: staking::MsgDelegate {
                delegator_address: ADDR.into(),
                validator_address: VALOPER.into(),
                amount: Some(coin("ustake", "46")),
            }
            .encode_to_vec(),
        },
        Any {
            type_url: "/cosmos.staking.v1beta1.MsgCreateValidator".into(),
            value: staking::MsgCreateValidator {
                description: Some(description()),
                commission: Some(commission_rates()),
                min_self_delegation: "1".into(),
                delegator_address: String::new(),
                validator_address: VALOPER.into(),
                pubkey: Some(consensus_pubkey_any()),
                value: Some(coin("ustake", "1")),
            }
            .encode_to_vec(),
        },
    ];
    let d = c.check(&tx::TxBody { messages: msgs.to_vec(), ..Default::default() });
    assert_eq!(str_at(&d, "messages[1].type_url"), "/cosmos.staking.v1beta1.MsgCreateValidator");
}

/// Staking state and genesis types that no service method references.
fn staking_state_samples(c: &mut Checker) {
    let d = c.check(&staking::GenesisState {
        params: Some(staking_params()),
        last_total_power: RAW.to_vec(),
        last_validator_powers: vec![staking::LastValidatorPower { address: VALOPER.into(), power: 1_000 }],
        validators: vec![validator(staking::BondStatus::Bonded)],
        delegations: vec![delegation()],
        unbonding_delegations: vec![unbonding_delegation()],
        redelegations: vec![redelegation()],
        exported: true,
    });
    assert_eq!(str_at(&d, "params.bond_denom"), "ustake");
    assert_eq!(bytes_at(&d, "last_total_power"), RAW);
    assert_eq!(str_at(&d, "last_validator_powers[0].address"), VALOPER);
    assert_eq!(i64_at(&d, "last_validator_powers[0].power"), 1_000);
    assert_eq!(str_at(&d, "validators[0].operator_address"), VALOPER);
    assert_eq!(str_at(&d, "delegations[0].shares"), "250.500000000000000000");
    assert_eq!(str_at(&d, "unbonding_delegations[0].entries[0].balance"), "450");
    assert_eq!(str_at(&d, "redelegations[0].entries[0].shares_dst"), "299.990000000000000000");
    assert!(bool_at(&d, "exported"));

    c.check(&historical_info());
    c.check(&staking_pool());
    c.check(&staking_params());
    c.check(&validator(staking::BondStatus::Unspecified));
    c.check(&description());
    c.check(&commission_rates());
    c.check(&delegation());
    c.check(&unbonding_delegation());
    c.check(&redelegation());
    c.check(&redelegation_entry());
    c.check(&delegation_response());
    let d = c.check(&staking::ValAddresses { addresses: vec![VALOPER.into(), VALOPER_DST.into()] });
    assert_eq!(str_at(&d, "addresses[1]"), VALOPER_DST);
    let pair = staking::DvPair { delegator_address: ADDR.into(), validator_address: VALOPER.into() };
    let d = c.check(&pair);
    assert_eq!(str_at(&d, "delegator_address"), ADDR);
    assert_eq!(str_at(&d, "validator_address"), VALOPER);
    let d = c.check(&staking::DvPairs { pairs: vec![pair.clone(), pair] });
    assert_eq!(len_at(&d, "pairs"), 2);
    let triplet = staking::DvvTriplet {
        delegator_address: ADDR.into(),
        validator_src_address: VALOPER.into(),
        validator_dst_address: VALOPER_DST.into(),
    };
    let d = c.check(&triplet);
    assert_eq!(str_at(&d, "validator_dst_address"), VALOPER_DST);
    let d = c.check(&staking::DvvTriplets { triplets: vec![triplet] });
    assert_eq!(str_at(&d, "triplets[0].validator_src_address"), VALOPER);

    let d = c.check(&staking::ValidatorUpdates {
        updates: vec![
            tm_abci::ValidatorUpdate { pub_key: Some(tm_pub_key(true)), power: 10 },
            tm_abci::ValidatorUpdate { pub_key: Some(tm_pub_key(false)), power: 0 },
        ],
    });
    assert_eq!(bytes_at(&d, "updates[0].pub_key.ed25519"), vec![0xed; 32]);
    assert_eq!(bytes_at(&d, "updates[1].pub_key.secp256k1"), vec![0x5e; 33]);
    assert_eq!(i64_at(&d, "updates[0].power"), 10);
    c.check_as(
        &tm_abci::ValidatorUpdate { pub_key: Some(tm_pub_key(true)), power: 1 },
        "tendermint.abci.ValidatorUpdate",
    );
}

#[test]
fn staking_query_messages_round_trip() {
    staking_query_samples(&mut Checker::new());
}

#[test]
fn staking_tx_messages_round_trip() {
    staking_msg_samples(&mut Checker::new());
}

#[test]
fn staking_state_and_genesis_messages_round_trip() {
    staking_state_samples(&mut Checker::new());
}

/// Every field of every staking message is exercised by the staking samples alone, so that the
/// staking schema does not lean on samples elsewhere.
#[test]
fn every_staking_field_is_exercised() {
    let mut c = Checker::new();
    staking_query_samples(&mut c);
    staking_msg_samples(&mut c);
    staking_state_samples(&mut c);
    let mut missing = Vec::new();
    for message in c.pool.all_messages().filter(|m| m.package_name() == "cosmos.staking.v1beta1") {
        for field in message.fields() {
            if !c.seen.contains(&(message.full_name().to_owned(), field.number())) {
                missing.push(format!("{}.{} = {}", message.full_name(), field.name(), field.number()));
            }
        }
    }
    assert!(missing.is_empty(), "staking fields never present in any sample: {missing:#?}");
}

/// Guards for the checker on staking types: a field number our schema lacks is caught, and
/// so are non-UTF-8 bytes in a field declared `string` (a `bytes` field restated as `string`).
#[test]
fn a_mismatched_staking_field_is_detected() {
    let mut c = Checker::new();
    // MsgUndelegateResponse carries `amount` as field 2; MsgBeginRedelegateResponse has no field 2.
    let bytes =
        staking::MsgUndelegateResponse { completion_time: Some(timestamp(1)), amount: Some(coin("ustake", "1")) }
            .encode_to_vec();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        c.check_bytes(&bytes, "cosmos.staking.v1beta1.MsgBeginRedelegateResponse", "probe");
    }));
    assert!(result.is_err(), "field 2 must be unknown to MsgBeginRedelegateResponse");

    // GenesisState.last_total_power (bytes, field 2) read by a message whose field 2 is a string.
    let genesis = staking::GenesisState { last_total_power: RAW.to_vec(), ..Default::default() }.encode_to_vec();
    let desc = c.pool.get_message_by_name("cosmos.staking.v1beta1.QueryDelegationRequest").expect("in pool");
    assert!(DynamicMessage::decode(desc, genesis.as_slice()).is_err(), "non-UTF-8 bytes decoded as a string");
}

/// Fields of `package`'s messages never present on the wire in the samples `c` has checked.
fn unexercised_fields(c: &Checker, package: &str) -> Vec<String> {
    let mut missing = Vec::new();
    for message in c.pool.all_messages().filter(|m| m.package_name() == package) {
        for field in message.fields() {
            if !c.seen.contains(&(message.full_name().to_owned(), field.number())) {
                missing.push(format!("{}.{} = {}", message.full_name(), field.name(), field.number()));
            }
        }
    }
    missing
}

/// The x/gov module account, the default `authority` of every `MsgUpdateParams`.
const GOV_AUTHORITY: &str = "cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn";

// ---------------------------------------------------------------------------------------------
// x/mint (Query and Msg services, state and genesis types)
// ---------------------------------------------------------------------------------------------

fn minter() -> mint::Minter {
    mint::Minter { inflation: "0.130000000000000000".into(), annual_provisions: "1300000.000000000000000000".into() }
}

fn mint_params() -> mint::Params {
    mint::Params {
        mint_denom: "ustake".into(),
        inflation_rate_change: "0.130000000000000000".into(),
        inflation_max: "0.200000000000000000".into(),
        inflation_min: "0.070000000000000000".into(),
        goal_bonded: "0.670000000000000000".into(),
        blocks_per_year: 6_311_520,
    }
}

fn mint_query_samples(c: &mut Checker) {
    c.check(&mint::QueryParamsRequest {});
    let d = c.check(&mint::QueryParamsResponse { params: Some(mint_params()) });
    assert_eq!(str_at(&d, "params.mint_denom"), "ustake");
    assert_eq!(str_at(&d, "params.inflation_rate_change"), "0.130000000000000000");
    assert_eq!(str_at(&d, "params.inflation_max"), "0.200000000000000000");
    assert_eq!(str_at(&d, "params.inflation_min"), "0.070000000000000000");
    assert_eq!(str_at(&d, "params.goal_bonded"), "0.670000000000000000");
    assert_eq!(u64_at(&d, "params.blocks_per_year"), 6_311_520);

    // The two LegacyDec answers are `bytes` (gogoproto's Marshal of the Dec: its 18-decimal
    // integer as text); non-UTF-8 bytes go through as well, so neither is restated as a string.
    c.check(&mint::QueryInflationRequest {});
    let d = c.check(&mint::QueryInflationResponse { inflation: b"130000000000000000".to_vec() });
    assert_eq!(bytes_at(&d, "inflation"), b"130000000000000000");
    let d = c.check(&mint::QueryInflationResponse { inflation: RAW.to_vec() });
    assert_eq!(bytes_at(&d, "inflation"), RAW);
    c.check(&mint::QueryAnnualProvisionsRequest {});
    let d = c.check(&mint::QueryAnnualProvisionsResponse { annual_provisions: b"1300000000000000000000000".to_vec() });
    assert_eq!(bytes_at(&d, "annual_provisions"), b"1300000000000000000000000");
    let d = c.check(&mint::QueryAnnualProvisionsResponse { annual_provisions: RAW.to_vec() });
    assert_eq!(bytes_at(&d, "annual_provisions"), RAW);
}

/// The mint transaction messages the chain routes, and their responses.
fn mint_msg_samples(c: &mut Checker) {
    let d = c.check(&mint::MsgUpdateParams { authority: GOV_AUTHORITY.into(), params: Some(mint_params()) });
    assert_eq!(str_at(&d, "authority"), GOV_AUTHORITY);
    assert_eq!(str_at(&d, "params.goal_bonded"), "0.670000000000000000");
    assert_eq!(u64_at(&d, "params.blocks_per_year"), 6_311_520);
    c.check(&mint::MsgUpdateParamsResponse {});

    // Inside a transaction, as the chain receives it: the Any payload is checked too.
    let msg = Any {
        type_url: "/cosmos.mint.v1beta1.MsgUpdateParams".into(),
        value: mint::MsgUpdateParams { authority: GOV_AUTHORITY.into(), params: Some(mint_params()) }.encode_to_vec(),
    };
    let d = c.check(&tx::TxBody { messages: vec![msg], ..Default::default() });
    assert_eq!(str_at(&d, "messages[0].type_url"), "/cosmos.mint.v1beta1.MsgUpdateParams");
}

/// Mint state and genesis types.
fn mint_state_samples(c: &mut Checker) {
    let d = c.check(&mint::GenesisState { minter: Some(minter()), params: Some(mint_params()) });
    assert_eq!(str_at(&d, "minter.inflation"), "0.130000000000000000");
    assert_eq!(str_at(&d, "minter.annual_provisions"), "1300000.000000000000000000");
    assert_eq!(str_at(&d, "params.mint_denom"), "ustake");
    c.check(&minter());
    c.check(&mint_params());
}

#[test]
fn mint_query_messages_round_trip() {
    mint_query_samples(&mut Checker::new());
}

#[test]
fn mint_tx_messages_round_trip() {
    mint_msg_samples(&mut Checker::new());
}

#[test]
fn mint_state_and_genesis_messages_round_trip() {
    mint_state_samples(&mut Checker::new());
}

/// Every field of every mint message is exercised by the mint samples alone.
#[test]
fn every_mint_field_is_exercised() {
    let mut c = Checker::new();
    mint_query_samples(&mut c);
    mint_msg_samples(&mut c);
    mint_state_samples(&mut c);
    let missing = unexercised_fields(&c, "cosmos.mint.v1beta1");
    assert!(missing.is_empty(), "mint fields never present in any sample: {missing:#?}");
}

/// Guards for the checker on mint types: a field number our schema lacks is caught, and so are
/// non-UTF-8 bytes in a field declared `string` (a `bytes` field restated as `string`).
#[test]
fn a_mismatched_mint_field_is_detected() {
    let mut c = Checker::new();
    // Params carries blocks_per_year as field 6; Minter has fields 1 and 2 only.
    let bytes = mint::Params { blocks_per_year: 1, ..Default::default() }.encode_to_vec();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        c.check_bytes(&bytes, "cosmos.mint.v1beta1.Minter", "probe");
    }));
    assert!(result.is_err(), "field 6 must be unknown to Minter");

    // QueryInflationResponse.inflation (bytes, field 1) read by Minter, whose field 1 is a string.
    let inflation = mint::QueryInflationResponse { inflation: RAW.to_vec() }.encode_to_vec();
    let desc = c.pool.get_message_by_name("cosmos.mint.v1beta1.Minter").expect("in pool");
    assert!(DynamicMessage::decode(desc, inflation.as_slice()).is_err(), "non-UTF-8 bytes decoded as a string");
}

// ---------------------------------------------------------------------------------------------
// x/distribution (Query and Msg services, state and genesis types)
// ---------------------------------------------------------------------------------------------

fn dec_coin(denom: &str, amount: &str) -> DecCoin {
    DecCoin { denom: denom.into(), amount: amount.into() }
}

/// DecCoins as distribution keeps them (LegacyDec amounts as strings, 18 decimals).
fn dec_rewards() -> Vec<DecCoin> {
    vec![dec_coin("uatom", "0.500000000000000000"), dec_coin("ustake", "1234.567890123456789012")]
}

fn distribution_params() -> distribution::Params {
    distribution::Params {
        community_tax: "0.020000000000000000".into(),
        base_proposer_reward: "0.010000000000000000".into(),
        bonus_proposer_reward: "0.040000000000000000".into(),
        withdraw_addr_enabled: true,
    }
}

fn validator_historical_rewards() -> distribution::ValidatorHistoricalRewards {
    distribution::ValidatorHistoricalRewards { cumulative_reward_ratio: dec_rewards(), reference_count: 2 }
}

fn validator_current_rewards() -> distribution::ValidatorCurrentRewards {
    distribution::ValidatorCurrentRewards { rewards: dec_rewards(), period: 9 }
}

fn validator_accumulated_commission() -> distribution::ValidatorAccumulatedCommission {
    distribution::ValidatorAccumulatedCommission { commission: vec![dec_coin("ustake", "12.500000000000000000")] }
}

fn validator_outstanding_rewards() -> distribution::ValidatorOutstandingRewards {
    distribution::ValidatorOutstandingRewards { rewards: dec_rewards() }
}

fn validator_slash_event() -> distribution::ValidatorSlashEvent {
    distribution::ValidatorSlashEvent { validator_period: 8, fraction: "0.010000000000000000".into() }
}

fn delegator_starting_info() -> distribution::DelegatorStartingInfo {
    distribution::DelegatorStartingInfo { previous_period: 6, stake: "250.500000000000000000".into(), height: 90 }
}

fn fee_pool() -> distribution::FeePool {
    distribution::FeePool { community_pool: dec_rewards() }
}

fn distribution_query_samples(c: &mut Checker) {
    c.check(&distribution::QueryParamsRequest {});
    let d = c.check(&distribution::QueryParamsResponse { params: Some(distribution_params()) });
    assert_eq!(str_at(&d, "params.community_tax"), "0.020000000000000000");
    assert_eq!(str_at(&d, "params.base_proposer_reward"), "0.010000000000000000");
    assert_eq!(str_at(&d, "params.bonus_proposer_reward"), "0.040000000000000000");
    assert!(bool_at(&d, "params.withdraw_addr_enabled"));

    let d = c.check(&distribution::QueryValidatorDistributionInfoRequest { validator_address: VALOPER.into() });
    assert_eq!(str_at(&d, "validator_address"), VALOPER);
    let d = c.check(&distribution::QueryValidatorDistributionInfoResponse {
        operator_address: VALOPER.into(),
        self_bond_rewards: dec_rewards(),
        commission: vec![dec_coin("ustake", "3.250000000000000000")],
    });
    assert_eq!(str_at(&d, "operator_address"), VALOPER);
    assert_eq!(len_at(&d, "self_bond_rewards"), 2);
    assert_eq!(str_at(&d, "self_bond_rewards[0].denom"), "uatom");
    assert_eq!(str_at(&d, "self_bond_rewards[0].amount"), "0.500000000000000000");
    assert_eq!(str_at(&d, "self_bond_rewards[1].amount"), "1234.567890123456789012");
    assert_eq!(str_at(&d, "commission[0].amount"), "3.250000000000000000");

    c.check(&distribution::QueryValidatorOutstandingRewardsRequest { validator_address: VALOPER.into() });
    let d = c.check(&distribution::QueryValidatorOutstandingRewardsResponse {
        rewards: Some(validator_outstanding_rewards()),
    });
    assert_eq!(str_at(&d, "rewards.rewards[1].denom"), "ustake");

    c.check(&distribution::QueryValidatorCommissionRequest { validator_address: VALOPER.into() });
    let d = c.check(&distribution::QueryValidatorCommissionResponse {
        commission: Some(validator_accumulated_commission()),
    });
    assert_eq!(str_at(&d, "commission.commission[0].amount"), "12.500000000000000000");

    let d = c.check(&distribution::QueryValidatorSlashesRequest {
        validator_address: VALOPER.into(),
        starting_height: 10,
        ending_height: 1 << 40,
        pagination: Some(page_request()),
    });
    assert_eq!(str_at(&d, "validator_address"), VALOPER);
    assert_eq!(u64_at(&d, "starting_height"), 10);
    assert_eq!(u64_at(&d, "ending_height"), 1 << 40);
    assert_eq!(u64_at(&d, "pagination.limit"), 50);
    let d = c.check(&distribution::QueryValidatorSlashesResponse {
        slashes: vec![validator_slash_event(), validator_slash_event()],
        pagination: Some(page_response()),
    });
    assert_eq!(len_at(&d, "slashes"), 2);
    assert_eq!(u64_at(&d, "slashes[0].validator_period"), 8);
    assert_eq!(str_at(&d, "slashes[0].fraction"), "0.010000000000000000");
    assert_eq!(u64_at(&d, "pagination.total"), 1234);

    let d = c.check(&distribution::QueryDelegationRewardsRequest {
        delegator_address: ADDR.into(),
        validator_address: VALOPER.into(),
    });
    assert_eq!(str_at(&d, "delegator_address"), ADDR);
    assert_eq!(str_at(&d, "validator_address"), VALOPER);
    let d = c.check(&distribution::QueryDelegationRewardsResponse { rewards: dec_rewards() });
    assert_eq!(str_at(&d, "rewards[1].amount"), "1234.567890123456789012");

    let d = c.check(&distribution::QueryDelegationTotalRewardsRequest { delegator_address: ADDR.into() });
    assert_eq!(str_at(&d, "delegator_address"), ADDR);
    let d = c.check(&distribution::QueryDelegationTotalRewardsResponse {
        rewards: vec![distribution::DelegationDelegatorReward {
            validator_address: VALOPER.into(),
            reward: dec_rewards(),
        }],
        total: dec_rewards(),
    });
    assert_eq!(str_at(&d, "rewards[0].validator_address"), VALOPER);
    assert_eq!(str_at(&d, "rewards[0].reward[0].denom"), "uatom");
    assert_eq!(str_at(&d, "total[1].amount"), "1234.567890123456789012");

    c.check(&distribution::QueryDelegatorValidatorsRequest { delegator_address: ADDR.into() });
    let d = c.check(&distribution::QueryDelegatorValidatorsResponse {
        validators: vec![VALOPER.into(), VALOPER_DST.into()],
    });
    assert_eq!(str_at(&d, "validators[1]"), VALOPER_DST);

    c.check(&distribution::QueryDelegatorWithdrawAddressRequest { delegator_address: ADDR.into() });
    let d =
        c.check(&distribution::QueryDelegatorWithdrawAddressResponse { withdraw_address: "cosmos1withdraw".into() });
    assert_eq!(str_at(&d, "withdraw_address"), "cosmos1withdraw");

    c.check(&distribution::QueryCommunityPoolRequest {});
    let d = c.check(&distribution::QueryCommunityPoolResponse { pool: dec_rewards() });
    assert_eq!(str_at(&d, "pool[0].amount"), "0.500000000000000000");
}

/// The distribution transaction messages the chain routes, and their responses.
fn distribution_msg_samples(c: &mut Checker) {
    let d = c.check(&distribution::MsgSetWithdrawAddress {
        delegator_address: ADDR.into(),
        withdraw_address: "cosmos1withdraw".into(),
    });
    assert_eq!(str_at(&d, "delegator_address"), ADDR);
    assert_eq!(str_at(&d, "withdraw_address"), "cosmos1withdraw");
    c.check(&distribution::MsgSetWithdrawAddressResponse {});

    let d = c.check(&distribution::MsgWithdrawDelegatorReward {
        delegator_address: ADDR.into(),
        validator_address: VALOPER.into(),
    });
    assert_eq!(str_at(&d, "delegator_address"), ADDR);
    assert_eq!(str_at(&d, "validator_address"), VALOPER);
    let d = c.check(&distribution::MsgWithdrawDelegatorRewardResponse {
        amount: vec![coin("uatom", "1"), coin("ustake", "1234")],
    });
    assert_eq!(str_at(&d, "amount[1].amount"), "1234");

    let d = c.check(&distribution::MsgWithdrawValidatorCommission { validator_address: VALOPER.into() });
    assert_eq!(str_at(&d, "validator_address"), VALOPER);
    let d = c.check(&distribution::MsgWithdrawValidatorCommissionResponse { amount: vec![coin("ustake", "12")] });
    assert_eq!(str_at(&d, "amount[0].denom"), "ustake");

    let d =
        c.check(&distribution::MsgFundCommunityPool { amount: vec![coin("ustake", "100")], depositor: ADDR.into() });
    assert_eq!(str_at(&d, "amount[0].amount"), "100");
    assert_eq!(str_at(&d, "depositor"), ADDR);
    c.check(&distribution::MsgFundCommunityPoolResponse {});

    let d = c
        .check(&distribution::MsgUpdateParams { authority: GOV_AUTHORITY.into(), params: Some(distribution_params()) });
    assert_eq!(str_at(&d, "authority"), GOV_AUTHORITY);
    assert_eq!(str_at(&d, "params.community_tax"), "0.020000000000000000");
    c.check(&distribution::MsgUpdateParamsResponse {});

    let d = c.check(&distribution::MsgCommunityPoolSpend {
        authority: GOV_AUTHORITY.into(),
        recipient: ADDR.into(),
        amount: vec![coin("ustake", "77")],
    });
    assert_eq!(str_at(&d, "authority"), GOV_AUTHORITY);
    assert_eq!(str_at(&d, "recipient"), ADDR);
    assert_eq!(str_at(&d, "amount[0].amount"), "77");
    c.check(&distribution::MsgCommunityPoolSpendResponse {});

    let d = c.check(&distribution::MsgDepositValidatorRewardsPool {
        depositor: ADDR.into(),
        validator_address: VALOPER.into(),
        amount: vec![coin("uatom", "5"), coin("ustake", "6")],
    });
    assert_eq!(str_at(&d, "depositor"), ADDR);
    assert_eq!(str_at(&d, "validator_address"), VALOPER);
    assert_eq!(str_at(&d, "amount[1].denom"), "ustake");
    c.check(&distribution::MsgDepositValidatorRewardsPoolResponse {});

    // Inside a transaction, as the chain receives them: the Any payloads are checked too.
    let msgs = [
        Any {
            type_url: "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward".into(),
            value: distribution::MsgWithdrawDelegatorReward {
                delegator_address: ADDR.into(),
                validator_address: VALOPER.into(),
            }
            .encode_to_vec(),
        },
        Any {
            type_url: "/cosmos.distribution.v1beta1.MsgWithdrawValidatorCommission".into(),
            value: distribution::MsgWithdrawValidatorCommission { validator_address: VALOPER.into() }.encode_to_vec(),
        },
        Any {
            type_url: "/cosmos.distribution.v1beta1.MsgFundCommunityPool".into(),
            value: distribution::MsgFundCommunityPool { amount: vec![coin("ustake", "1")], depositor: ADDR.into() }
                .encode_to_vec(),
        },
    ];
    let d = c.check(&tx::TxBody { messages: msgs.to_vec(), ..Default::default() });
    assert_eq!(str_at(&d, "messages[2].type_url"), "/cosmos.distribution.v1beta1.MsgFundCommunityPool");
}

/// Distribution state and genesis types (stored records, genesis records, legacy proposals).
fn distribution_state_samples(c: &mut Checker) {
    let d = c.check(&distribution::GenesisState {
        params: Some(distribution_params()),
        fee_pool: Some(fee_pool()),
        delegator_withdraw_infos: vec![distribution::DelegatorWithdrawInfo {
            delegator_address: ADDR.into(),
            withdraw_address: "cosmos1withdraw".into(),
        }],
        previous_proposer: "cosmosvalcons1proposer".into(),
        outstanding_rewards: vec![distribution::ValidatorOutstandingRewardsRecord {
            validator_address: VALOPER.into(),
            outstanding_rewards: dec_rewards(),
        }],
        validator_accumulated_commissions: vec![distribution::ValidatorAccumulatedCommissionRecord {
            validator_address: VALOPER.into(),
            accumulated: Some(validator_accumulated_commission()),
        }],
        validator_historical_rewards: vec![distribution::ValidatorHistoricalRewardsRecord {
            validator_address: VALOPER.into(),
            period: 5,
            rewards: Some(validator_historical_rewards()),
        }],
        validator_current_rewards: vec![distribution::ValidatorCurrentRewardsRecord {
            validator_address: VALOPER.into(),
            rewards: Some(validator_current_rewards()),
        }],
        delegator_starting_infos: vec![distribution::DelegatorStartingInfoRecord {
            delegator_address: ADDR.into(),
            validator_address: VALOPER.into(),
            starting_info: Some(delegator_starting_info()),
        }],
        validator_slash_events: vec![distribution::ValidatorSlashEventRecord {
            validator_address: VALOPER.into(),
            height: 95,
            period: 7,
            validator_slash_event: Some(validator_slash_event()),
        }],
    });
    assert_eq!(str_at(&d, "params.community_tax"), "0.020000000000000000");
    assert_eq!(str_at(&d, "fee_pool.community_pool[1].amount"), "1234.567890123456789012");
    assert_eq!(str_at(&d, "delegator_withdraw_infos[0].delegator_address"), ADDR);
    assert_eq!(str_at(&d, "delegator_withdraw_infos[0].withdraw_address"), "cosmos1withdraw");
    assert_eq!(str_at(&d, "previous_proposer"), "cosmosvalcons1proposer");
    assert_eq!(str_at(&d, "outstanding_rewards[0].validator_address"), VALOPER);
    assert_eq!(str_at(&d, "outstanding_rewards[0].outstanding_rewards[0].denom"), "uatom");
    assert_eq!(str_at(&d, "validator_accumulated_commissions[0].validator_address"), VALOPER);
    assert_eq!(
        str_at(&d, "validator_accumulated_commissions[0].accumulated.commission[0].amount"),
        "12.500000000000000000"
    );
    assert_eq!(str_at(&d, "validator_historical_rewards[0].validator_address"), VALOPER);
    assert_eq!(u64_at(&d, "validator_historical_rewards[0].period"), 5);
    assert_eq!(len_at(&d, "validator_historical_rewards[0].rewards.cumulative_reward_ratio"), 2);
    assert_eq!(u32_at(&d, "validator_historical_rewards[0].rewards.reference_count"), 2);
    assert_eq!(str_at(&d, "validator_current_rewards[0].validator_address"), VALOPER);
    assert_eq!(str_at(&d, "validator_current_rewards[0].rewards.rewards[0].amount"), "0.500000000000000000");
    assert_eq!(u64_at(&d, "validator_current_rewards[0].rewards.period"), 9);
    assert_eq!(str_at(&d, "delegator_starting_infos[0].delegator_address"), ADDR);
    assert_eq!(str_at(&d, "delegator_starting_infos[0].validator_address"), VALOPER);
    assert_eq!(u64_at(&d, "delegator_starting_infos[0].starting_info.previous_period"), 6);
    assert_eq!(str_at(&d, "delegator_starting_infos[0].starting_info.stake"), "250.500000000000000000");
    assert_eq!(u64_at(&d, "delegator_starting_infos[0].starting_info.height"), 90);
    assert_eq!(str_at(&d, "validator_slash_events[0].validator_address"), VALOPER);
    assert_eq!(u64_at(&d, "validator_slash_events[0].height"), 95);
    assert_eq!(u64_at(&d, "validator_slash_events[0].period"), 7);
    assert_eq!(u64_at(&d, "validator_slash_events[0].validator_slash_event.validator_period"), 8);
    assert_eq!(str_at(&d, "validator_slash_events[0].validator_slash_event.fraction"), "0.010000000000000000");

    c.check(&distribution_params());
    c.check(&validator_historical_rewards());
    c.check(&validator_current_rewards());
    c.check(&validator_accumulated_commission());
    c.check(&validator_outstanding_rewards());
    c.check(&validator_slash_event());
    let d = c.check(&distribution::ValidatorSlashEvents {
        validator_slash_events: vec![validator_slash_event(), validator_slash_event()],
    });
    assert_eq!(str_at(&d, "validator_slash_events[1].fraction"), "0.010000000000000000");
    c.check(&fee_pool());
    c.check(&delegator_starting_info());
    c.check(&distribution::DelegationDelegatorReward { validator_address: VALOPER.into(), reward: dec_rewards() });

    // Deprecated v1beta1 gov proposal contents, still decodable.
    let d = c.check(&distribution::CommunityPoolSpendProposal {
        title: "Fund the explorer".into(),
        description: "Pay for a year of hosting".into(),
        recipient: ADDR.into(),
        amount: vec![coin("ustake", "5000")],
    });
    assert_eq!(str_at(&d, "title"), "Fund the explorer");
    assert_eq!(str_at(&d, "description"), "Pay for a year of hosting");
    assert_eq!(str_at(&d, "recipient"), ADDR);
    assert_eq!(str_at(&d, "amount[0].amount"), "5000");
    let d = c.check(&distribution::CommunityPoolSpendProposalWithDeposit {
        title: "Fund the explorer".into(),
        description: "Pay for a year of hosting".into(),
        recipient: ADDR.into(),
        amount: "5000ustake".into(),
        deposit: "10000000ustake".into(),
    });
    assert_eq!(str_at(&d, "recipient"), ADDR);
    assert_eq!(str_at(&d, "amount"), "5000ustake");
    assert_eq!(str_at(&d, "deposit"), "10000000ustake");
}

#[test]
fn distribution_query_messages_round_trip() {
    distribution_query_samples(&mut Checker::new());
}

#[test]
fn distribution_tx_messages_round_trip() {
    distribution_msg_samples(&mut Checker::new());
}

#[test]
fn distribution_state_and_genesis_messages_round_trip() {
    distribution_state_samples(&mut Checker::new());
}

/// Every field of every distribution message is exercised by the distribution samples alone.
#[test]
fn every_distribution_field_is_exercised() {
    let mut c = Checker::new();
    distribution_query_samples(&mut c);
    distribution_msg_samples(&mut c);
    distribution_state_samples(&mut c);
    let missing = unexercised_fields(&c, "cosmos.distribution.v1beta1");
    assert!(missing.is_empty(), "distribution fields never present in any sample: {missing:#?}");
}

/// Guards for the checker on distribution types: a field number our schema lacks is caught, and
/// a LegacyDec amount is read back as a string (not restated as `bytes`).
#[test]
fn a_mismatched_distribution_field_is_detected() {
    let mut c = Checker::new();
    // MsgWithdrawDelegatorRewardResponse carries `amount` as field 1; MsgSetWithdrawAddressResponse
    // has no fields.
    let bytes = distribution::MsgWithdrawDelegatorRewardResponse { amount: vec![coin("ustake", "1")] }.encode_to_vec();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        c.check_bytes(&bytes, "cosmos.distribution.v1beta1.MsgSetWithdrawAddressResponse", "probe");
    }));
    assert!(result.is_err(), "field 1 must be unknown to MsgSetWithdrawAddressResponse");

    let d = c.check(&validator_slash_event());
    let (value, _) = at(&d, "fraction");
    assert!(value.as_bytes().is_none(), "ValidatorSlashEvent.fraction must be a string, got {value:?}");
}

// ---------------------------------------------------------------------------------------------
// x/slashing (Query and Msg services, state and genesis types)
// ---------------------------------------------------------------------------------------------

const VALCONS: &str = "cosmosvalcons1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5wr5ssu";

fn validator_signing_info() -> slashing::ValidatorSigningInfo {
    slashing::ValidatorSigningInfo {
        address: VALCONS.into(),
        start_height: 12,
        index_offset: 345,
        jailed_until: Some(timestamp(1_702_500_000)),
        tombstoned: true,
        missed_blocks_counter: 7,
    }
}

/// The LegacyDec params are `bytes` (gogoproto's Marshal of the Dec: its 18-decimal integer as
/// text).
fn slashing_params() -> slashing::Params {
    slashing::Params {
        signed_blocks_window: 100,
        min_signed_per_window: b"500000000000000000".to_vec(),
        downtime_jail_duration: Some(Duration { seconds: 600, nanos: 7 }),
        slash_fraction_double_sign: b"50000000000000000".to_vec(),
        slash_fraction_downtime: b"10000000000000000".to_vec(),
    }
}

fn slashing_query_samples(c: &mut Checker) {
    c.check(&slashing::QueryParamsRequest {});
    let d = c.check(&slashing::QueryParamsResponse { params: Some(slashing_params()) });
    assert_eq!(i64_at(&d, "params.signed_blocks_window"), 100);
    assert_eq!(bytes_at(&d, "params.min_signed_per_window"), b"500000000000000000");
    assert_eq!(i64_at(&d, "params.downtime_jail_duration.seconds"), 600);
    assert_eq!(i32_at(&d, "params.downtime_jail_duration.nanos"), 7);
    assert_eq!(bytes_at(&d, "params.slash_fraction_double_sign"), b"50000000000000000");
    assert_eq!(bytes_at(&d, "params.slash_fraction_downtime"), b"10000000000000000");
    // Non-UTF-8 bytes go through too: none of the three is restated as a string.
    let raw = slashing::Params {
        min_signed_per_window: RAW.to_vec(),
        slash_fraction_double_sign: RAW.to_vec(),
        slash_fraction_downtime: RAW.to_vec(),
        ..slashing_params()
    };
    let d = c.check(&slashing::QueryParamsResponse { params: Some(raw) });
    assert_eq!(bytes_at(&d, "params.min_signed_per_window"), RAW);
    assert_eq!(bytes_at(&d, "params.slash_fraction_double_sign"), RAW);
    assert_eq!(bytes_at(&d, "params.slash_fraction_downtime"), RAW);

    let d = c.check(&slashing::QuerySigningInfoRequest { cons_address: VALCONS.into() });
    assert_eq!(str_at(&d, "cons_address"), VALCONS);
    let d = c.check(&slashing::QuerySigningInfoResponse { val_signing_info: Some(validator_signing_info()) });
    assert_eq!(str_at(&d, "val_signing_info.address"), VALCONS);
    assert_eq!(i64_at(&d, "val_signing_info.start_height"), 12);
    assert_eq!(i64_at(&d, "val_signing_info.index_offset"), 345);
    assert_eq!(i64_at(&d, "val_signing_info.jailed_until.seconds"), 1_702_500_000);
    assert_eq!(i32_at(&d, "val_signing_info.jailed_until.nanos"), 123_456_789);
    assert!(bool_at(&d, "val_signing_info.tombstoned"));
    assert_eq!(i64_at(&d, "val_signing_info.missed_blocks_counter"), 7);

    let d = c.check(&slashing::QuerySigningInfosRequest { pagination: Some(page_request()) });
    assert!(bool_at(&d, "pagination.count_total"));
    let d = c.check(&slashing::QuerySigningInfosResponse {
        info: vec![validator_signing_info(), validator_signing_info()],
        pagination: Some(page_response()),
    });
    assert_eq!(len_at(&d, "info"), 2);
    assert_eq!(str_at(&d, "info[1].address"), VALCONS);
    assert_eq!(u64_at(&d, "pagination.total"), 1234);
}

/// The slashing transaction messages the chain routes, and their responses.
fn slashing_msg_samples(c: &mut Checker) {
    let d = c.check(&slashing::MsgUnjail { validator_addr: VALOPER.into() });
    assert_eq!(str_at(&d, "validator_addr"), VALOPER);
    c.check(&slashing::MsgUnjailResponse {});

    let d = c.check(&slashing::MsgUpdateParams { authority: GOV_AUTHORITY.into(), params: Some(slashing_params()) });
    assert_eq!(str_at(&d, "authority"), GOV_AUTHORITY);
    assert_eq!(i64_at(&d, "params.signed_blocks_window"), 100);
    c.check(&slashing::MsgUpdateParamsResponse {});

    // Inside a transaction, as the chain receives it: the Any payload is checked too.
    let msg = Any {
        type_url: "/cosmos.slashing.v1beta1.MsgUnjail".into(),
        value: slashing::MsgUnjail { validator_addr: VALOPER.into() }.encode_to_vec(),
    };
    let d = c.check(&tx::TxBody { messages: vec![msg], ..Default::default() });
    assert_eq!(str_at(&d, "messages[0].type_url"), "/cosmos.slashing.v1beta1.MsgUnjail");
}

/// Slashing state and genesis types.
fn slashing_state_samples(c: &mut Checker) {
    let d = c.check(&slashing::GenesisState {
        params: Some(slashing_params()),
        signing_infos: vec![slashing::SigningInfo {
            address: VALCONS.into(),
            validator_signing_info: Some(validator_signing_info()),
        }],
        missed_blocks: vec![slashing::ValidatorMissedBlocks {
            address: VALCONS.into(),
            missed_blocks: vec![
                slashing::MissedBlock { index: 3, missed: true },
                slashing::MissedBlock { index: 99, missed: false },
            ],
        }],
    });
    assert_eq!(bytes_at(&d, "params.slash_fraction_downtime"), b"10000000000000000");
    assert_eq!(str_at(&d, "signing_infos[0].address"), VALCONS);
    assert_eq!(i64_at(&d, "signing_infos[0].validator_signing_info.index_offset"), 345);
    assert_eq!(str_at(&d, "missed_blocks[0].address"), VALCONS);
    assert_eq!(len_at(&d, "missed_blocks[0].missed_blocks"), 2);
    assert_eq!(i64_at(&d, "missed_blocks[0].missed_blocks[0].index"), 3);
    assert!(bool_at(&d, "missed_blocks[0].missed_blocks[0].missed"));
    assert!(!bool_at(&d, "missed_blocks[0].missed_blocks[1].missed"));

    c.check(&slashing_params());
    c.check(&validator_signing_info());
}

#[test]
fn slashing_query_messages_round_trip() {
    slashing_query_samples(&mut Checker::new());
}

#[test]
fn slashing_tx_messages_round_trip() {
    slashing_msg_samples(&mut Checker::new());
}

#[test]
fn slashing_state_and_genesis_messages_round_trip() {
    slashing_state_samples(&mut Checker::new());
}

/// Every field of every slashing message is exercised by the slashing samples alone.
#[test]
fn every_slashing_field_is_exercised() {
    let mut c = Checker::new();
    slashing_query_samples(&mut c);
    slashing_msg_samples(&mut c);
    slashing_state_samples(&mut c);
    let missing = unexercised_fields(&c, "cosmos.slashing.v1beta1");
    assert!(missing.is_empty(), "slashing fields never present in any sample: {missing:#?}");
}

/// Guards for the checker on slashing types: a field number our schema lacks is caught, and so
/// are non-UTF-8 bytes in a field declared `string` (a `bytes` field restated as `string`).
#[test]
fn a_mismatched_slashing_field_is_detected() {
    let mut c = Checker::new();
    // ValidatorSigningInfo carries fields 1 to 6; QuerySigningInfoRequest has field 1 only.
    let bytes = validator_signing_info().encode_to_vec();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        c.check_bytes(&bytes, "cosmos.slashing.v1beta1.QuerySigningInfoRequest", "probe");
    }));
    assert!(result.is_err(), "fields 2 to 6 must be unknown to QuerySigningInfoRequest");

    // Params.min_signed_per_window (bytes, field 2) read by a message whose field 2 is a string.
    let params = slashing::Params { min_signed_per_window: RAW.to_vec(), ..Default::default() }.encode_to_vec();
    let desc = c.pool.get_message_by_name("cosmos.distribution.v1beta1.MsgSetWithdrawAddress").expect("in pool");
    assert!(DynamicMessage::decode(desc, params.as_slice()).is_err(), "non-UTF-8 bytes decoded as a string");
}

// ---------------------------------------------------------------------------------------------
// x/gov v1 (Query and Msg services, state and genesis types)
// ---------------------------------------------------------------------------------------------

const VOTER: &str = "cosmos1zg69v7ys40x77y352eufp27daufrg4ncnjqz7q";
const CONSTITUTION: &str = "Symbiote is governed by its stakers.";

/// A legacy text proposal packed the way the SDK does it; its payload is checked against our
/// `cosmos.gov.v1beta1.TextProposal` as well.
fn text_proposal_any() -> Any {
    let content = gov_v1beta1::TextProposal {
        title: "Signal: raise the block gas limit".into(),
        description: "Text only, nothing is executed.".into(),
    };
    Any { type_url: "/cosmos.gov.v1beta1.TextProposal".into(), value: content.encode_to_vec() }
}

/// A v1 proposal message wrapping legacy content: an `Any` inside an `Any`, both checked.
fn exec_legacy_content_any() -> Any {
    let msg = gov::MsgExecLegacyContent { content: Some(text_proposal_any()), authority: GOV_AUTHORITY.into() };
    Any { type_url: "/cosmos.gov.v1.MsgExecLegacyContent".into(), value: msg.encode_to_vec() }
}

/// The v1 params carry their LegacyDec ratios as strings (18 decimals).
fn gov_params() -> gov::Params {
    gov::Params {
        min_deposit: vec![coin("ustake", "10000000")],
        max_deposit_period: Some(Duration { seconds: 172_800, nanos: 1 }),
        voting_period: Some(Duration { seconds: 172_800, nanos: 2 }),
        quorum: "0.334000000000000000".into(),
        threshold: "0.500000000000000000".into(),
        veto_threshold: "0.334000000000000000".into(),
        min_initial_deposit_ratio: "0.250000000000000000".into(),
        proposal_cancel_ratio: "0.500000000000000000".into(),
        proposal_cancel_dest: VOTER.into(),
        expedited_voting_period: Some(Duration { seconds: 86_400, nanos: 3 }),
        expedited_threshold: "0.667000000000000000".into(),
        expedited_min_deposit: vec![coin("ustake", "50000000"), coin("uatom", "1")],
        burn_vote_quorum: true,
        burn_proposal_deposit_prevote: true,
        burn_vote_veto: true,
        min_deposit_ratio: "0.010000000000000000".into(),
    }
}

fn gov_deposit_params() -> gov::DepositParams {
    gov::DepositParams {
        min_deposit: vec![coin("ustake", "10000000")],
        max_deposit_period: Some(Duration { seconds: 172_800, nanos: 1 }),
    }
}

fn gov_voting_params() -> gov::VotingParams {
    gov::VotingParams { voting_period: Some(Duration { seconds: 172_800, nanos: 2 }) }
}

fn gov_tally_params() -> gov::TallyParams {
    gov::TallyParams {
        quorum: "0.334000000000000000".into(),
        threshold: "0.500000000000000000".into(),
        veto_threshold: "0.334000000000000000".into(),
    }
}

fn gov_tally() -> gov::TallyResult {
    gov::TallyResult {
        yes_count: "6000000".into(),
        abstain_count: "1000000".into(),
        no_count: "2500000".into(),
        no_with_veto_count: "500000".into(),
    }
}

/// A proposal that passed the vote but whose messages failed to execute.
fn gov_proposal() -> gov::Proposal {
    gov::Proposal {
        id: 7,
        messages: vec![msg_send_any(), exec_legacy_content_any()],
        status: gov::ProposalStatus::Failed as i32,
        final_tally_result: Some(gov_tally()),
        submit_time: Some(timestamp(1_700_000_000)),
        deposit_end_time: Some(timestamp(1_700_172_800)),
        total_deposit: vec![coin("ustake", "10000000")],
        voting_start_time: Some(timestamp(1_700_086_400)),
        voting_end_time: Some(timestamp(1_700_259_200)),
        metadata: "ipfs://CID".into(),
        title: "Fund the community".into(),
        summary: "Send 1000ustake and signal a gas limit change.".into(),
        proposer: ADDR.into(),
        expedited: true,
        failed_reason: "message 0: insufficient funds".into(),
    }
}

fn gov_weighted_options() -> Vec<gov::WeightedVoteOption> {
    vec![
        gov::WeightedVoteOption { option: gov::VoteOption::Yes as i32, weight: "0.700000000000000000".into() },
        gov::WeightedVoteOption { option: gov::VoteOption::Abstain as i32, weight: "0.300000000000000000".into() },
    ]
}

fn gov_vote() -> gov::Vote {
    gov::Vote { proposal_id: 7, voter: VOTER.into(), options: gov_weighted_options(), metadata: "split".into() }
}

fn gov_deposit() -> gov::Deposit {
    gov::Deposit { proposal_id: 7, depositor: ADDR.into(), amount: vec![coin("ustake", "2500000")] }
}

fn gov_query_samples(c: &mut Checker) {
    c.check(&gov::QueryConstitutionRequest {});
    let d = c.check(&gov::QueryConstitutionResponse { constitution: CONSTITUTION.into() });
    assert_eq!(str_at(&d, "constitution"), CONSTITUTION);

    let d = c.check(&gov::QueryProposalRequest { proposal_id: 7 });
    assert_eq!(u64_at(&d, "proposal_id"), 7);
    let d = c.check(&gov::QueryProposalResponse { proposal: Some(gov_proposal()) });
    assert_eq!(u64_at(&d, "proposal.id"), 7);
    assert_eq!(len_at(&d, "proposal.messages"), 2);
    assert_eq!(str_at(&d, "proposal.messages[0].type_url"), "/cosmos.bank.v1beta1.MsgSend");
    assert_eq!(str_at(&d, "proposal.messages[1].type_url"), "/cosmos.gov.v1.MsgExecLegacyContent");
    assert_eq!(enum_at(&d, "proposal.status"), "PROPOSAL_STATUS_FAILED");
    assert_eq!(str_at(&d, "proposal.final_tally_result.yes_count"), "6000000");
    assert_eq!(str_at(&d, "proposal.final_tally_result.abstain_count"), "1000000");
    assert_eq!(str_at(&d, "proposal.final_tally_result.no_count"), "2500000");
    assert_eq!(str_at(&d, "proposal.final_tally_result.no_with_veto_count"), "500000");
    assert_eq!(i64_at(&d, "proposal.submit_time.seconds"), 1_700_000_000);
    assert_eq!(i64_at(&d, "proposal.deposit_end_time.seconds"), 1_700_172_800);
    assert_eq!(str_at(&d, "proposal.total_deposit[0].amount"), "10000000");
    assert_eq!(i64_at(&d, "proposal.voting_start_time.seconds"), 1_700_086_400);
    assert_eq!(i64_at(&d, "proposal.voting_end_time.seconds"), 1_700_259_200);
    assert_eq!(i32_at(&d, "proposal.voting_end_time.nanos"), 123_456_789);
    assert_eq!(str_at(&d, "proposal.metadata"), "ipfs://CID");
    assert_eq!(str_at(&d, "proposal.title"), "Fund the community");
    assert_eq!(str_at(&d, "proposal.summary"), "Send 1000ustake and signal a gas limit change.");
    assert_eq!(str_at(&d, "proposal.proposer"), ADDR);
    assert!(bool_at(&d, "proposal.expedited"));
    assert_eq!(str_at(&d, "proposal.failed_reason"), "message 0: insufficient funds");

    let d = c.check(&gov::QueryProposalsRequest {
        proposal_status: gov::ProposalStatus::VotingPeriod as i32,
        voter: VOTER.into(),
        depositor: ADDR.into(),
        pagination: Some(page_request()),
    });
    assert_eq!(enum_at(&d, "proposal_status"), "PROPOSAL_STATUS_VOTING_PERIOD");
    assert_eq!(str_at(&d, "voter"), VOTER);
    assert_eq!(str_at(&d, "depositor"), ADDR);
    assert_eq!(u64_at(&d, "pagination.limit"), 50);
    let d = c.check(&gov::QueryProposalsResponse {
        proposals: vec![gov_proposal(), gov::Proposal { id: 8, ..gov_proposal() }],
        pagination: Some(page_response()),
    });
    assert_eq!(len_at(&d, "proposals"), 2);
    assert_eq!(u64_at(&d, "proposals[1].id"), 8);
    assert_eq!(u64_at(&d, "pagination.total"), 1234);

    let d = c.check(&gov::QueryVoteRequest { proposal_id: 7, voter: VOTER.into() });
    assert_eq!(str_at(&d, "voter"), VOTER);
    let d = c.check(&gov::QueryVoteResponse { vote: Some(gov_vote()) });
    assert_eq!(u64_at(&d, "vote.proposal_id"), 7);
    assert_eq!(str_at(&d, "vote.voter"), VOTER);
    assert_eq!(enum_at(&d, "vote.options[0].option"), "VOTE_OPTION_YES");
    assert_eq!(enum_at(&d, "vote.options[1].option"), "VOTE_OPTION_ABSTAIN");
    assert_eq!(str_at(&d, "vote.options[1].weight"), "0.300000000000000000");
    assert_eq!(str_at(&d, "vote.metadata"), "split");
    let d = c.check(&gov::QueryVotesRequest { proposal_id: 7, pagination: Some(page_request()) });
    assert!(bool_at(&d, "pagination.reverse"));
    let d = c.check(&gov::QueryVotesResponse { votes: vec![gov_vote()], pagination: Some(page_response()) });
    assert_eq!(len_at(&d, "votes[0].options"), 2);

    let d = c.check(&gov::QueryParamsRequest { params_type: "tallying".into() });
    assert_eq!(str_at(&d, "params_type"), "tallying");
    // The deprecated per-kind params are still filled in by the SDK's query server.
    let d = c.check(&gov::QueryParamsResponse {
        voting_params: Some(gov_voting_params()),
        deposit_params: Some(gov_deposit_params()),
        tally_params: Some(gov_tally_params()),
        params: Some(gov_params()),
    });
    assert_eq!(i64_at(&d, "voting_params.voting_period.seconds"), 172_800);
    assert_eq!(str_at(&d, "deposit_params.min_deposit[0].amount"), "10000000");
    assert_eq!(i32_at(&d, "deposit_params.max_deposit_period.nanos"), 1);
    assert_eq!(str_at(&d, "tally_params.veto_threshold"), "0.334000000000000000");
    assert_eq!(str_at(&d, "params.min_deposit[0].denom"), "ustake");
    assert_eq!(i64_at(&d, "params.max_deposit_period.seconds"), 172_800);
    assert_eq!(i32_at(&d, "params.voting_period.nanos"), 2);
    assert_eq!(str_at(&d, "params.quorum"), "0.334000000000000000");
    assert_eq!(str_at(&d, "params.threshold"), "0.500000000000000000");
    assert_eq!(str_at(&d, "params.min_initial_deposit_ratio"), "0.250000000000000000");
    assert_eq!(str_at(&d, "params.proposal_cancel_ratio"), "0.500000000000000000");
    assert_eq!(str_at(&d, "params.proposal_cancel_dest"), VOTER);
    assert_eq!(i64_at(&d, "params.expedited_voting_period.seconds"), 86_400);
    assert_eq!(str_at(&d, "params.expedited_threshold"), "0.667000000000000000");
    assert_eq!(len_at(&d, "params.expedited_min_deposit"), 2);
    assert_eq!(str_at(&d, "params.expedited_min_deposit[1].denom"), "uatom");
    assert!(bool_at(&d, "params.burn_vote_quorum"));
    assert!(bool_at(&d, "params.burn_proposal_deposit_prevote"));
    assert!(bool_at(&d, "params.burn_vote_veto"));
    assert_eq!(str_at(&d, "params.min_deposit_ratio"), "0.010000000000000000");

    let d = c.check(&gov::QueryDepositRequest { proposal_id: 7, depositor: ADDR.into() });
    assert_eq!(str_at(&d, "depositor"), ADDR);
    let d = c.check(&gov::QueryDepositResponse { deposit: Some(gov_deposit()) });
    assert_eq!(u64_at(&d, "deposit.proposal_id"), 7);
    assert_eq!(str_at(&d, "deposit.depositor"), ADDR);
    assert_eq!(str_at(&d, "deposit.amount[0].amount"), "2500000");
    let d = c.check(&gov::QueryDepositsRequest { proposal_id: 7, pagination: Some(page_request()) });
    assert_eq!(u64_at(&d, "pagination.offset"), 7);
    let d = c.check(&gov::QueryDepositsResponse {
        deposits: vec![gov_deposit(), gov::Deposit { depositor: VOTER.into(), ..gov_deposit() }],
        pagination: Some(page_response()),
    });
    assert_eq!(str_at(&d, "deposits[1].depositor"), VOTER);

    let d = c.check(&gov::QueryTallyResultRequest { proposal_id: 7 });
    assert_eq!(u64_at(&d, "proposal_id"), 7);
    let d = c.check(&gov::QueryTallyResultResponse { tally: Some(gov_tally()) });
    assert_eq!(str_at(&d, "tally.no_count"), "2500000");
}

/// The gov v1 transaction messages the chain routes, and their responses.
fn gov_msg_samples(c: &mut Checker) {
    let d = c.check(&gov::MsgSubmitProposal {
        messages: vec![msg_send_any(), exec_legacy_content_any()],
        initial_deposit: vec![coin("ustake", "2500000")],
        proposer: ADDR.into(),
        metadata: "ipfs://CID".into(),
        title: "Fund the community".into(),
        summary: "Send 1000ustake and signal a gas limit change.".into(),
        expedited: true,
    });
    assert_eq!(len_at(&d, "messages"), 2);
    assert_eq!(str_at(&d, "messages[1].type_url"), "/cosmos.gov.v1.MsgExecLegacyContent");
    assert_eq!(str_at(&d, "initial_deposit[0].amount"), "2500000");
    assert_eq!(str_at(&d, "proposer"), ADDR);
    assert_eq!(str_at(&d, "metadata"), "ipfs://CID");
    assert_eq!(str_at(&d, "title"), "Fund the community");
    assert_eq!(str_at(&d, "summary"), "Send 1000ustake and signal a gas limit change.");
    assert!(bool_at(&d, "expedited"));
    let d = c.check(&gov::MsgSubmitProposalResponse { proposal_id: 7 });
    assert_eq!(u64_at(&d, "proposal_id"), 7);

    let d = c.check(&gov::MsgExecLegacyContent { content: Some(text_proposal_any()), authority: GOV_AUTHORITY.into() });
    assert_eq!(str_at(&d, "content.type_url"), "/cosmos.gov.v1beta1.TextProposal");
    assert_eq!(str_at(&d, "authority"), GOV_AUTHORITY);
    c.check(&gov::MsgExecLegacyContentResponse {});

    let d = c.check(&gov::MsgVote {
        proposal_id: 7,
        voter: VOTER.into(),
        option: gov::VoteOption::NoWithVeto as i32,
        metadata: "veto".into(),
    });
    assert_eq!(u64_at(&d, "proposal_id"), 7);
    assert_eq!(str_at(&d, "voter"), VOTER);
    assert_eq!(enum_at(&d, "option"), "VOTE_OPTION_NO_WITH_VETO");
    assert_eq!(str_at(&d, "metadata"), "veto");
    c.check(&gov::MsgVoteResponse {});

    let d = c.check(&gov::MsgVoteWeighted {
        proposal_id: 7,
        voter: VOTER.into(),
        options: gov_weighted_options(),
        metadata: "split".into(),
    });
    assert_eq!(enum_at(&d, "options[0].option"), "VOTE_OPTION_YES");
    assert_eq!(str_at(&d, "options[0].weight"), "0.700000000000000000");
    assert_eq!(str_at(&d, "metadata"), "split");
    c.check(&gov::MsgVoteWeightedResponse {});

    let d = c.check(&gov::MsgDeposit { proposal_id: 7, depositor: ADDR.into(), amount: vec![coin("ustake", "1")] });
    assert_eq!(str_at(&d, "depositor"), ADDR);
    assert_eq!(str_at(&d, "amount[0].amount"), "1");
    c.check(&gov::MsgDepositResponse {});

    let d = c.check(&gov::MsgUpdateParams { authority: GOV_AUTHORITY.into(), params: Some(gov_params()) });
    assert_eq!(str_at(&d, "authority"), GOV_AUTHORITY);
    assert_eq!(str_at(&d, "params.expedited_threshold"), "0.667000000000000000");
    c.check(&gov::MsgUpdateParamsResponse {});

    let d = c.check(&gov::MsgCancelProposal { proposal_id: 7, proposer: ADDR.into() });
    assert_eq!(str_at(&d, "proposer"), ADDR);
    let d = c.check(&gov::MsgCancelProposalResponse {
        proposal_id: 7,
        canceled_time: Some(timestamp(1_700_050_000)),
        canceled_height: 4321,
    });
    assert_eq!(u64_at(&d, "proposal_id"), 7);
    assert_eq!(i64_at(&d, "canceled_time.seconds"), 1_700_050_000);
    assert_eq!(u64_at(&d, "canceled_height"), 4321);

    // Inside a transaction, as the chain receives it: the Any payloads are checked too, down to
    // the text proposal inside the MsgExecLegacyContent inside the MsgSubmitProposal.
    let msg = Any {
        type_url: "/cosmos.gov.v1.MsgSubmitProposal".into(),
        value: gov::MsgSubmitProposal {
            messages: vec![exec_legacy_content_any()],
            initial_deposit: vec![coin("ustake", "2500000")],
            proposer: ADDR.into(),
            ..Default::default()
        }
        .encode_to_vec(),
    };
    let d = c.check(&tx::TxBody { messages: vec![msg], ..Default::default() });
    assert_eq!(str_at(&d, "messages[0].type_url"), "/cosmos.gov.v1.MsgSubmitProposal");
}

/// Gov v1 state and genesis types.
fn gov_state_samples(c: &mut Checker) {
    let d = c.check(&gov::GenesisState {
        starting_proposal_id: 9,
        deposits: vec![gov_deposit()],
        votes: vec![gov_vote()],
        proposals: vec![gov_proposal()],
        deposit_params: Some(gov_deposit_params()),
        voting_params: Some(gov_voting_params()),
        tally_params: Some(gov_tally_params()),
        params: Some(gov_params()),
        constitution: CONSTITUTION.into(),
    });
    assert_eq!(u64_at(&d, "starting_proposal_id"), 9);
    assert_eq!(str_at(&d, "deposits[0].amount[0].amount"), "2500000");
    assert_eq!(str_at(&d, "votes[0].voter"), VOTER);
    assert_eq!(enum_at(&d, "proposals[0].status"), "PROPOSAL_STATUS_FAILED");
    assert_eq!(i64_at(&d, "deposit_params.max_deposit_period.seconds"), 172_800);
    assert_eq!(i32_at(&d, "voting_params.voting_period.nanos"), 2);
    assert_eq!(str_at(&d, "tally_params.quorum"), "0.334000000000000000");
    assert_eq!(str_at(&d, "params.min_deposit_ratio"), "0.010000000000000000");
    assert_eq!(str_at(&d, "constitution"), CONSTITUTION);

    c.check(&gov_params());
    c.check(&gov_proposal());
    c.check(&gov_vote());
    c.check(&gov_deposit());
    c.check(&gov_tally());
}

#[test]
fn gov_query_messages_round_trip() {
    gov_query_samples(&mut Checker::new());
}

#[test]
fn gov_tx_messages_round_trip() {
    gov_msg_samples(&mut Checker::new());
}

#[test]
fn gov_state_and_genesis_messages_round_trip() {
    gov_state_samples(&mut Checker::new());
}

/// Every field of every gov v1 message is exercised by the gov v1 samples alone.
#[test]
fn every_gov_field_is_exercised() {
    let mut c = Checker::new();
    gov_query_samples(&mut c);
    gov_msg_samples(&mut c);
    gov_state_samples(&mut c);
    let missing = unexercised_fields(&c, "cosmos.gov.v1");
    assert!(missing.is_empty(), "gov v1 fields never present in any sample: {missing:#?}");
}

// ---------------------------------------------------------------------------------------------
// x/gov v1beta1 (legacy Query and Msg services, state and genesis types)
// ---------------------------------------------------------------------------------------------

/// The v1beta1 tally params are `bytes` (gogoproto's Marshal of the Dec: its 18-decimal integer
/// as text).
fn gov_v1beta1_tally_params() -> gov_v1beta1::TallyParams {
    gov_v1beta1::TallyParams {
        quorum: b"334000000000000000".to_vec(),
        threshold: b"500000000000000000".to_vec(),
        veto_threshold: b"334000000000000000".to_vec(),
    }
}

fn gov_v1beta1_deposit_params() -> gov_v1beta1::DepositParams {
    gov_v1beta1::DepositParams {
        min_deposit: vec![coin("ustake", "10000000")],
        max_deposit_period: Some(Duration { seconds: 172_800, nanos: 1 }),
    }
}

fn gov_v1beta1_voting_params() -> gov_v1beta1::VotingParams {
    gov_v1beta1::VotingParams { voting_period: Some(Duration { seconds: 172_800, nanos: 2 }) }
}

fn gov_v1beta1_tally() -> gov_v1beta1::TallyResult {
    gov_v1beta1::TallyResult {
        yes: "6000000".into(),
        abstain: "1000000".into(),
        no: "2500000".into(),
        no_with_veto: "500000".into(),
    }
}

fn gov_v1beta1_proposal() -> gov_v1beta1::Proposal {
    gov_v1beta1::Proposal {
        proposal_id: 5,
        content: Some(text_proposal_any()),
        status: gov_v1beta1::ProposalStatus::Passed as i32,
        final_tally_result: Some(gov_v1beta1_tally()),
        submit_time: Some(timestamp(1_700_000_000)),
        deposit_end_time: Some(timestamp(1_700_172_800)),
        total_deposit: vec![coin("ustake", "10000000")],
        voting_start_time: Some(timestamp(1_700_086_400)),
        voting_end_time: Some(timestamp(1_700_259_200)),
    }
}

/// A single full-weight option, the one case where the SDK also sets the deprecated `option`.
fn gov_v1beta1_vote() -> gov_v1beta1::Vote {
    gov_v1beta1::Vote {
        proposal_id: 5,
        voter: VOTER.into(),
        option: gov_v1beta1::VoteOption::Yes as i32,
        options: vec![gov_v1beta1::WeightedVoteOption {
            option: gov_v1beta1::VoteOption::Yes as i32,
            weight: "1.000000000000000000".into(),
        }],
    }
}

fn gov_v1beta1_deposit() -> gov_v1beta1::Deposit {
    gov_v1beta1::Deposit { proposal_id: 5, depositor: ADDR.into(), amount: vec![coin("ustake", "2500000")] }
}

fn gov_v1beta1_query_samples(c: &mut Checker) {
    let d = c.check(&gov_v1beta1::QueryProposalRequest { proposal_id: 5 });
    assert_eq!(u64_at(&d, "proposal_id"), 5);
    let d = c.check(&gov_v1beta1::QueryProposalResponse { proposal: Some(gov_v1beta1_proposal()) });
    assert_eq!(u64_at(&d, "proposal.proposal_id"), 5);
    assert_eq!(str_at(&d, "proposal.content.type_url"), "/cosmos.gov.v1beta1.TextProposal");
    assert_eq!(enum_at(&d, "proposal.status"), "PROPOSAL_STATUS_PASSED");
    assert_eq!(str_at(&d, "proposal.final_tally_result.yes"), "6000000");
    assert_eq!(str_at(&d, "proposal.final_tally_result.abstain"), "1000000");
    assert_eq!(str_at(&d, "proposal.final_tally_result.no"), "2500000");
    assert_eq!(str_at(&d, "proposal.final_tally_result.no_with_veto"), "500000");
    assert_eq!(i64_at(&d, "proposal.submit_time.seconds"), 1_700_000_000);
    assert_eq!(i64_at(&d, "proposal.deposit_end_time.seconds"), 1_700_172_800);
    assert_eq!(str_at(&d, "proposal.total_deposit[0].denom"), "ustake");
    assert_eq!(i64_at(&d, "proposal.voting_start_time.seconds"), 1_700_086_400);
    assert_eq!(i64_at(&d, "proposal.voting_end_time.seconds"), 1_700_259_200);

    let d = c.check(&gov_v1beta1::QueryProposalsRequest {
        proposal_status: gov_v1beta1::ProposalStatus::DepositPeriod as i32,
        voter: VOTER.into(),
        depositor: ADDR.into(),
        pagination: Some(page_request()),
    });
    assert_eq!(enum_at(&d, "proposal_status"), "PROPOSAL_STATUS_DEPOSIT_PERIOD");
    assert_eq!(str_at(&d, "voter"), VOTER);
    assert_eq!(str_at(&d, "depositor"), ADDR);
    let d = c.check(&gov_v1beta1::QueryProposalsResponse {
        proposals: vec![gov_v1beta1_proposal()],
        pagination: Some(page_response()),
    });
    assert_eq!(len_at(&d, "proposals"), 1);
    assert_eq!(u64_at(&d, "pagination.total"), 1234);

    let d = c.check(&gov_v1beta1::QueryVoteRequest { proposal_id: 5, voter: VOTER.into() });
    assert_eq!(str_at(&d, "voter"), VOTER);
    let d = c.check(&gov_v1beta1::QueryVoteResponse { vote: Some(gov_v1beta1_vote()) });
    assert_eq!(u64_at(&d, "vote.proposal_id"), 5);
    assert_eq!(str_at(&d, "vote.voter"), VOTER);
    assert_eq!(enum_at(&d, "vote.option"), "VOTE_OPTION_YES");
    assert_eq!(enum_at(&d, "vote.options[0].option"), "VOTE_OPTION_YES");
    assert_eq!(str_at(&d, "vote.options[0].weight"), "1.000000000000000000");
    let d = c.check(&gov_v1beta1::QueryVotesRequest { proposal_id: 5, pagination: Some(page_request()) });
    assert_eq!(u64_at(&d, "proposal_id"), 5);
    let d = c
        .check(&gov_v1beta1::QueryVotesResponse { votes: vec![gov_v1beta1_vote()], pagination: Some(page_response()) });
    assert_eq!(len_at(&d, "votes"), 1);

    let d = c.check(&gov_v1beta1::QueryParamsRequest { params_type: "deposit".into() });
    assert_eq!(str_at(&d, "params_type"), "deposit");
    let d = c.check(&gov_v1beta1::QueryParamsResponse {
        voting_params: Some(gov_v1beta1_voting_params()),
        deposit_params: Some(gov_v1beta1_deposit_params()),
        tally_params: Some(gov_v1beta1_tally_params()),
    });
    assert_eq!(i64_at(&d, "voting_params.voting_period.seconds"), 172_800);
    assert_eq!(str_at(&d, "deposit_params.min_deposit[0].amount"), "10000000");
    assert_eq!(i32_at(&d, "deposit_params.max_deposit_period.nanos"), 1);
    assert_eq!(bytes_at(&d, "tally_params.quorum"), b"334000000000000000");
    assert_eq!(bytes_at(&d, "tally_params.threshold"), b"500000000000000000");
    assert_eq!(bytes_at(&d, "tally_params.veto_threshold"), b"334000000000000000");
    // Non-UTF-8 bytes go through too: none of the three is restated as a string.
    let raw = gov_v1beta1::TallyParams { quorum: RAW.to_vec(), threshold: RAW.to_vec(), veto_threshold: RAW.to_vec() };
    let d = c.check(&gov_v1beta1::QueryParamsResponse { tally_params: Some(raw), ..Default::default() });
    assert_eq!(bytes_at(&d, "tally_params.quorum"), RAW);
    assert_eq!(bytes_at(&d, "tally_params.threshold"), RAW);
    assert_eq!(bytes_at(&d, "tally_params.veto_threshold"), RAW);

    let d = c.check(&gov_v1beta1::QueryDepositRequest { proposal_id: 5, depositor: ADDR.into() });
    assert_eq!(str_at(&d, "depositor"), ADDR);
    let d = c.check(&gov_v1beta1::QueryDepositResponse { deposit: Some(gov_v1beta1_deposit()) });
    assert_eq!(u64_at(&d, "deposit.proposal_id"), 5);
    assert_eq!(str_at(&d, "deposit.depositor"), ADDR);
    assert_eq!(str_at(&d, "deposit.amount[0].amount"), "2500000");
    let d = c.check(&gov_v1beta1::QueryDepositsRequest { proposal_id: 5, pagination: Some(page_request()) });
    assert_eq!(u64_at(&d, "pagination.limit"), 50);
    let d = c.check(&gov_v1beta1::QueryDepositsResponse {
        deposits: vec![gov_v1beta1_deposit()],
        pagination: Some(page_response()),
    });
    assert_eq!(str_at(&d, "deposits[0].depositor"), ADDR);

    let d = c.check(&gov_v1beta1::QueryTallyResultRequest { proposal_id: 5 });
    assert_eq!(u64_at(&d, "proposal_id"), 5);
    let d = c.check(&gov_v1beta1::QueryTallyResultResponse { tally: Some(gov_v1beta1_tally()) });
    assert_eq!(str_at(&d, "tally.no_with_veto"), "500000");
}

/// The legacy gov transaction messages the chain routes, and their responses.
fn gov_v1beta1_msg_samples(c: &mut Checker) {
    let d = c.check(&gov_v1beta1::MsgSubmitProposal {
        content: Some(text_proposal_any()),
        initial_deposit: vec![coin("ustake", "2500000")],
        proposer: ADDR.into(),
    });
    assert_eq!(str_at(&d, "content.type_url"), "/cosmos.gov.v1beta1.TextProposal");
    assert_eq!(str_at(&d, "initial_deposit[0].amount"), "2500000");
    assert_eq!(str_at(&d, "proposer"), ADDR);
    let d = c.check(&gov_v1beta1::MsgSubmitProposalResponse { proposal_id: 5 });
    assert_eq!(u64_at(&d, "proposal_id"), 5);

    let d = c.check(&gov_v1beta1::MsgVote {
        proposal_id: 5,
        voter: VOTER.into(),
        option: gov_v1beta1::VoteOption::No as i32,
    });
    assert_eq!(u64_at(&d, "proposal_id"), 5);
    assert_eq!(str_at(&d, "voter"), VOTER);
    assert_eq!(enum_at(&d, "option"), "VOTE_OPTION_NO");
    c.check(&gov_v1beta1::MsgVoteResponse {});

    let d = c.check(&gov_v1beta1::MsgVoteWeighted {
        proposal_id: 5,
        voter: VOTER.into(),
        options: vec![
            gov_v1beta1::WeightedVoteOption {
                option: gov_v1beta1::VoteOption::No as i32,
                weight: "0.600000000000000000".into(),
            },
            gov_v1beta1::WeightedVoteOption {
                option: gov_v1beta1::VoteOption::NoWithVeto as i32,
                weight: "0.400000000000000000".into(),
            },
        ],
    });
    assert_eq!(len_at(&d, "options"), 2);
    assert_eq!(enum_at(&d, "options[1].option"), "VOTE_OPTION_NO_WITH_VETO");
    assert_eq!(str_at(&d, "options[1].weight"), "0.400000000000000000");
    c.check(&gov_v1beta1::MsgVoteWeightedResponse {});

    let d =
        c.check(&gov_v1beta1::MsgDeposit { proposal_id: 5, depositor: ADDR.into(), amount: vec![coin("ustake", "1")] });
    assert_eq!(str_at(&d, "depositor"), ADDR);
    assert_eq!(str_at(&d, "amount[0].amount"), "1");
    c.check(&gov_v1beta1::MsgDepositResponse {});

    // Inside a transaction, as the chain receives it: the Any payloads are checked too.
    let msg = Any {
        type_url: "/cosmos.gov.v1beta1.MsgSubmitProposal".into(),
        value: gov_v1beta1::MsgSubmitProposal {
            content: Some(text_proposal_any()),
            initial_deposit: vec![coin("ustake", "2500000")],
            proposer: ADDR.into(),
        }
        .encode_to_vec(),
    };
    let d = c.check(&tx::TxBody { messages: vec![msg], ..Default::default() });
    assert_eq!(str_at(&d, "messages[0].type_url"), "/cosmos.gov.v1beta1.MsgSubmitProposal");
}

/// Legacy gov state and genesis types.
fn gov_v1beta1_state_samples(c: &mut Checker) {
    let d = c.check(&gov_v1beta1::GenesisState {
        starting_proposal_id: 6,
        deposits: vec![gov_v1beta1_deposit()],
        votes: vec![gov_v1beta1_vote()],
        proposals: vec![gov_v1beta1_proposal()],
        deposit_params: Some(gov_v1beta1_deposit_params()),
        voting_params: Some(gov_v1beta1_voting_params()),
        tally_params: Some(gov_v1beta1_tally_params()),
    });
    assert_eq!(u64_at(&d, "starting_proposal_id"), 6);
    assert_eq!(u64_at(&d, "deposits[0].proposal_id"), 5);
    assert_eq!(enum_at(&d, "votes[0].option"), "VOTE_OPTION_YES");
    assert_eq!(enum_at(&d, "proposals[0].status"), "PROPOSAL_STATUS_PASSED");
    assert_eq!(str_at(&d, "deposit_params.min_deposit[0].denom"), "ustake");
    assert_eq!(i64_at(&d, "voting_params.voting_period.seconds"), 172_800);
    assert_eq!(bytes_at(&d, "tally_params.threshold"), b"500000000000000000");

    let d = c.check(&gov_v1beta1::TextProposal { title: "Signal".into(), description: "Text only.".into() });
    assert_eq!(str_at(&d, "title"), "Signal");
    assert_eq!(str_at(&d, "description"), "Text only.");
    c.check(&gov_v1beta1_proposal());
    c.check(&gov_v1beta1_vote());
    c.check(&gov_v1beta1_tally_params());
}

#[test]
fn gov_v1beta1_query_messages_round_trip() {
    gov_v1beta1_query_samples(&mut Checker::new());
}

#[test]
fn gov_v1beta1_tx_messages_round_trip() {
    gov_v1beta1_msg_samples(&mut Checker::new());
}

#[test]
fn gov_v1beta1_state_and_genesis_messages_round_trip() {
    gov_v1beta1_state_samples(&mut Checker::new());
}

/// Every field of every gov v1beta1 message is exercised by the gov v1beta1 samples alone.
#[test]
fn every_gov_v1beta1_field_is_exercised() {
    let mut c = Checker::new();
    gov_v1beta1_query_samples(&mut c);
    gov_v1beta1_msg_samples(&mut c);
    gov_v1beta1_state_samples(&mut c);
    let missing = unexercised_fields(&c, "cosmos.gov.v1beta1");
    assert!(missing.is_empty(), "gov v1beta1 fields never present in any sample: {missing:#?}");
}

/// Guards for the checker on gov types: a field number our schema lacks is caught, and so are
/// non-UTF-8 bytes in a field declared `string` (a `bytes` field restated as `string`).
#[test]
fn a_mismatched_gov_field_is_detected() {
    let mut c = Checker::new();
    // v1beta1 Vote carries the deprecated `option` as field 3, which v1 Vote reserves.
    let bytes = gov_v1beta1::Vote { option: gov_v1beta1::VoteOption::Yes as i32, ..Default::default() }.encode_to_vec();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        c.check_bytes(&bytes, "cosmos.gov.v1.Vote", "probe");
    }));
    assert!(result.is_err(), "field 3 must be unknown to v1 Vote");

    // v1beta1 TallyParams.quorum (bytes, field 1) read by v1 TallyParams, whose quorum is a string.
    let tally = gov_v1beta1::TallyParams { quorum: RAW.to_vec(), ..Default::default() }.encode_to_vec();
    let desc = c.pool.get_message_by_name("cosmos.gov.v1.TallyParams").expect("in pool");
    assert!(DynamicMessage::decode(desc, tally.as_slice()).is_err(), "non-UTF-8 bytes decoded as a string");
}
