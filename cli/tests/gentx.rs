//! `genesis gentx` and `genesis collect-gentxs` through the real binary, in temporary homes (no
//! chain runs; `init` uses the pinned CometBFT for keys and config): the gentx file is one
//! MsgCreateValidator signed with account number 0 for the genesis chain id, memo
//! `nodeid@ip:port`; collect writes every gentx into genesis in file-name order and peers the
//! other nodes; wrong amounts, unfunded operators, duplicates and tampering are refused.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use common::{cometbft, sym, sym_ok};
use cosmos_sdk_proto::cosmos::staking::v1beta1::MsgCreateValidator;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{AuthInfo, SignDoc, TxBody, TxRaw};
use prost::Message;
use serde_json::{json, Value};
use symbiote_app::tx::json::tx_from_json;

const CHAIN: &str = "gentx-test-1";

fn json_of(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

fn fail(home: &Path, args: &[&str]) -> String {
    let out = sym(home, args);
    assert!(!out.status.success(), "symbiote {args:?} should have failed:\n{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// `init` a home with its p2p port, and a funded key `key` (after `pre_funded` other accounts,
/// so the key's genesis account number is not 0).
fn node(dir: &Path, name: &str, p2p_port: u16, key: &str, pre_funded: usize) -> (PathBuf, String) {
    let home = dir.join(name);
    let laddr = format!("tcp://127.0.0.1:{p2p_port}");
    sym_ok(&home, &["init", name, "--chain-id", CHAIN, "--p2p-laddr", &laddr]);
    for i in 0..pre_funded {
        let other = format!("{key}-other-{i}");
        sym_ok(&home, &["keys", "add", &other, "--keyring-backend", "test"]);
        sym_ok(&home, &["genesis", "add-account", &other, "5usym"]);
    }
    let added = json_of(&sym_ok(&home, &["keys", "add", key, "--keyring-backend", "test", "--output", "json"]));
    let address = added["address"].as_str().unwrap().to_string();
    sym_ok(&home, &["genesis", "add-account", key, "1000000000usym"]);
    (home, address)
}

fn node_id(home: &Path) -> String {
    let out = Command::new(cometbft()).args(["show-node-id", "--home"]).arg(home).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn genesis(home: &Path) -> Value {
    json_of(&std::fs::read_to_string(home.join("config/genesis.json")).unwrap())
}

struct Decoded {
    raw: TxRaw,
    body: TxBody,
    auth: AuthInfo,
    msg: MsgCreateValidator,
}

fn decode(json: &Value) -> Decoded {
    let bytes = tx_from_json(json).unwrap();
    let raw = TxRaw::decode(bytes.as_slice()).unwrap();
    let body = TxBody::decode(raw.body_bytes.as_slice()).unwrap();
    let auth = AuthInfo::decode(raw.auth_info_bytes.as_slice()).unwrap();
    assert_eq!(body.messages.len(), 1);
    assert_eq!(body.messages[0].type_url, "/cosmos.staking.v1beta1.MsgCreateValidator");
    let msg = MsgCreateValidator::decode(body.messages[0].value.as_slice()).unwrap();
    Decoded { raw, body, auth, msg }
}

fn verifies(d: &Decoded, chain_id: &str, account_number: u64) -> bool {
    let key = symbiote_auth::secp256k1_key_from_any(d.auth.signer_infos[0].public_key.as_ref().unwrap()).unwrap();
    let doc = SignDoc {
        body_bytes: d.raw.body_bytes.clone(),
        auth_info_bytes: d.raw.auth_info_bytes.clone(),
        chain_id: chain_id.into(),
        account_number,
    };
    symbiote_app::ante::verify_secp256k1(&key, &doc.encode_to_vec(), &d.raw.signatures[0])
}

fn read_json(path: &Path) -> Value {
    json_of(&std::fs::read_to_string(path).unwrap())
}

fn persistent_peers(home: &Path) -> String {
    let text = std::fs::read_to_string(home.join("config/config.toml")).unwrap();
    let config: toml::Value = toml::from_str(&text).unwrap();
    config["p2p"]["persistent_peers"].as_str().unwrap().to_string()
}

#[test]
fn gentx_then_collect_gentxs_across_two_homes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, alice) = node(dir.path(), "node-a", 26656, "alice", 2);
    let (b, bob) = node(dir.path(), "node-b", 26666, "bob", 0);
    let (id_a, id_b) = (node_id(&a), node_id(&b));

    // ---- gentx on A ----
    let out = json_of(&sym_ok(
        &a,
        &[
            "genesis",
            "gentx",
            "alice",
            "100000000usym",
            "--moniker",
            "validator-a",
            "--details",
            "first",
            "--commission-rate",
            "0.05",
            "--output",
            "json",
        ],
    ));
    let file_a = a.join(format!("config/gentx/gentx-{id_a}.json"));
    assert_eq!(out["file"], json!(file_a), "{out}");
    let gentx_a = read_json(&file_a);
    let d = decode(&gentx_a);
    assert_eq!(d.body.memo, format!("{id_a}@127.0.0.1:26656"));
    let valoper =
        sym_ok(&a, &["keys", "show", "alice", "-a", "--bech", "val", "--keyring-backend", "test"]).trim().to_string();
    assert!(valoper.starts_with("symvaloper1"), "{valoper}");
    assert_eq!(d.msg.validator_address, valoper);
    #[allow(deprecated)]
    let delegator = d.msg.delegator_address.clone();
    assert_eq!(delegator, "", "deprecated in v0.50: left empty");
    assert_eq!(d.msg.value.as_ref().unwrap().amount, "100000000");
    assert_eq!(d.msg.value.as_ref().unwrap().denom, "usym");
    assert_eq!(d.msg.min_self_delegation, "1");
    let rates = d.msg.commission.clone().unwrap();
    assert_eq!(
        (rates.rate.as_str(), rates.max_rate.as_str(), rates.max_change_rate.as_str()),
        ("50000000000000000", "200000000000000000", "10000000000000000")
    );
    let desc = d.msg.description.clone().unwrap();
    assert_eq!((desc.moniker.as_str(), desc.details.as_str()), ("validator-a", "first"));
    // The consensus key is the node's, as `comet show-validator` prints it.
    let pv = read_json(&a.join("config/priv_validator_key.json"));
    let pubkey = d.msg.pubkey.clone().unwrap();
    assert_eq!(pubkey.type_url, "/cosmos.crypto.ed25519.PubKey");
    let key = cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey::decode(pubkey.value.as_slice()).unwrap().key;
    assert_eq!(base64::engine::general_purpose::STANDARD.encode(&key), pv["pub_key"]["value"].as_str().unwrap());
    let shown = json_of(&sym_ok(&a, &["comet", "show-validator"]));
    assert_eq!(shown, gentx_a["body"]["messages"][0]["pubkey"]);
    assert_eq!(sym_ok(&a, &["comet", "show-node-id"]).trim(), id_a);
    // The JSON is the SDK's shape, decimals included.
    assert_eq!(gentx_a["body"]["messages"][0]["commission"]["rate"], "0.050000000000000000");
    assert_eq!(gentx_a["auth_info"]["fee"], json!({"amount": [], "gas_limit": "200000", "payer": "", "granter": ""}));
    assert_eq!(gentx_a["auth_info"]["signer_infos"][0]["sequence"], "0");
    // Signed by alice, with account number 0 (her genesis account number is 2) for the chain id.
    let alice_number = genesis(&a)["app_state"]["auth"]["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|acc| acc["address"] == alice.as_str())
        .map(|acc| acc["account_number"].clone())
        .unwrap();
    assert_eq!(alice_number, json!("2"), "the test needs a non-zero genesis account number");
    let signer = symbiote_auth::secp256k1_key_from_any(d.auth.signer_infos[0].public_key.as_ref().unwrap()).unwrap();
    assert_eq!(symbiote_core::Address::from_secp256k1_pubkey(&signer).to_string(), alice);
    assert!(verifies(&d, CHAIN, 0));
    assert!(!verifies(&d, CHAIN, 2));
    assert!(!verifies(&d, "other-chain", 0));

    // ---- gentx on B, with an explicit IP and an output document ----
    let file_b = dir.path().join(format!("gentx-{id_b}.json"));
    sym_ok(
        &b,
        &[
            "genesis",
            "gentx",
            "bob",
            "200000000usym",
            "--ip",
            "10.0.0.2",
            "--output-document",
            file_b.to_str().unwrap(),
        ],
    );
    let gentx_b = read_json(&file_b);
    let db = decode(&gentx_b);
    assert_eq!(db.body.memo, format!("{id_b}@10.0.0.2:26666"));
    assert_eq!(db.msg.description.as_ref().unwrap().moniker, "node-b", "the node's moniker by default");
    assert!(verifies(&db, CHAIN, 0));
    std::fs::copy(&file_b, a.join(format!("config/gentx/gentx-{id_b}.json"))).unwrap();

    // Bob has no balance in A's genesis yet: collect refuses.
    let e = fail(&a, &["genesis", "collect-gentxs"]);
    assert!(e.contains("does not have a balance in the genesis state"), "{e}");
    sym_ok(&a, &["genesis", "add-account", &bob, "200000000usym"]);

    // ---- collect on A ----
    let out = json_of(&sym_ok(&a, &["genesis", "collect-gentxs", "--output", "json"]));
    assert_eq!(out["gen_txs"], 2, "{out}");
    let gen = genesis(&a);
    let gen_txs = gen["app_state"]["genutil"]["gen_txs"].as_array().unwrap().clone();
    let mut names = [(format!("gentx-{id_a}.json"), &gentx_a), (format!("gentx-{id_b}.json"), &gentx_b)];
    names.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(gen_txs.len(), 2);
    for (stored, (_, original)) in gen_txs.iter().zip(names.iter()) {
        assert_eq!(tx_from_json(stored).unwrap(), tx_from_json(original).unwrap(), "file-name order, same bytes");
    }
    assert_eq!(persistent_peers(&a), format!("{id_b}@10.0.0.2:26666"), "the other node only");
    // Idempotent.
    sym_ok(&a, &["genesis", "collect-gentxs"]);
    assert_eq!(genesis(&a), gen);
    assert_eq!(persistent_peers(&a), format!("{id_b}@10.0.0.2:26666"));

    // Collecting the same gentxs on B peers A only.
    std::fs::create_dir_all(b.join("config/gentx")).unwrap();
    std::fs::copy(&file_b, b.join(format!("config/gentx/gentx-{id_b}.json"))).unwrap();
    std::fs::copy(&file_a, b.join(format!("config/gentx/gentx-{id_a}.json"))).unwrap();
    sym_ok(&b, &["genesis", "add-account", &alice, "100000000usym"]);
    sym_ok(&b, &["genesis", "collect-gentxs"]);
    assert_eq!(persistent_peers(&b), format!("{id_a}@127.0.0.1:26656"));
    assert_eq!(genesis(&b)["app_state"]["genutil"]["gen_txs"], json!(gen_txs));

    // ---- refused: duplicates and tampering ----
    let dup_dir = dir.path().join("dup-operator");
    std::fs::create_dir_all(&dup_dir).unwrap();
    std::fs::copy(&file_a, dup_dir.join("a.json")).unwrap();
    std::fs::copy(&file_a, dup_dir.join("b.json")).unwrap();
    let e = fail(&a, &["genesis", "collect-gentxs", "--gentx-dir", dup_dir.to_str().unwrap()]);
    assert!(e.contains("a.json and b.json create the same validator"), "{e}");

    // Bob's second validator, on A's consensus key.
    let dup_key = dir.path().join("dup-key");
    std::fs::create_dir_all(&dup_key).unwrap();
    std::fs::copy(&file_a, dup_key.join("a.json")).unwrap();
    let a_key = sym_ok(&a, &["comet", "show-validator"]);
    sym_ok(
        &b,
        &[
            "genesis",
            "gentx",
            "bob",
            "1usym",
            "--pubkey",
            a_key.trim(),
            "--output-document",
            dup_key.join("b.json").to_str().unwrap(),
        ],
    );
    let e = fail(&a, &["genesis", "collect-gentxs", "--gentx-dir", dup_key.to_str().unwrap()]);
    assert!(e.contains("a.json and b.json use the same consensus pubkey"), "{e}");

    // A changed memo breaks the signature.
    let tampered = dir.path().join("tampered");
    std::fs::create_dir_all(&tampered).unwrap();
    let mut t = gentx_a.clone();
    t["body"]["memo"] = json!(format!("{id_a}@6.6.6.6:26656"));
    std::fs::write(tampered.join("a.json"), t.to_string()).unwrap();
    let e = fail(&a, &["genesis", "collect-gentxs", "--gentx-dir", tampered.to_str().unwrap()]);
    assert!(e.contains("signature does not verify"), "{e}");

    // The failed runs left genesis and peers as the good run wrote them.
    assert_eq!(genesis(&a), gen);
    assert_eq!(persistent_peers(&a), format!("{id_b}@10.0.0.2:26666"));
}

#[test]
fn gentx_refuses_amounts_the_genesis_balance_does_not_cover() {
    let dir = tempfile::tempdir().unwrap();
    let (home, _) = node(dir.path(), "node", 26656, "val", 0);
    let e = fail(&home, &["genesis", "gentx", "val", "1000000001usym"]);
    assert!(e.contains("only has 1000000000usym available to stake, not 1000000001usym"), "{e}");
    let e = fail(&home, &["genesis", "gentx", "val", "10stake"]);
    assert!(e.contains("bond denom usym"), "{e}");
    let e = fail(&home, &["genesis", "gentx", "val", "0usym"]);
    assert!(e.contains("must be positive"), "{e}");
    sym_ok(&home, &["keys", "add", "unfunded", "--keyring-backend", "test"]);
    let e = fail(&home, &["genesis", "gentx", "unfunded", "1usym"]);
    assert!(e.contains("does not have a balance in the genesis state"), "{e}");
    let e = fail(&home, &["genesis", "gentx", "val", "1usym", "--commission-rate", "0.1.2"]);
    assert!(e.contains("commission-rate"), "{e}");
    assert!(!home.join("config/gentx").exists(), "nothing written on refusal");
    // The full balance is fine.
    sym_ok(&home, &["genesis", "gentx", "val", "1000000000usym"]);
    let e = fail(&home, &["genesis", "collect-gentxs", "--gentx-dir", dir.path().join("none").to_str().unwrap()]);
    assert!(e.contains("gentx directory"), "{e}");
}
