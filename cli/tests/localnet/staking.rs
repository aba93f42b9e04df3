//! Staking on the running four-validator localnet (validators from gentxs, unbonding time 20 s):
//! a fifth node joins as a full node, becomes a validator with MsgCreateValidator and signs
//! blocks; delegations move through delegate, redelegate, unbond and cancel-unbond with the
//! SDK's accounting; bad messages fail with the SDK's codes and change nothing; unbonded tokens
//! arrive at completion time; unbonding everything removes the validator from CometBFT's set. The
//! pools are checked against the validators and unbonding entries (the crisis invariants, as far
//! as queries can see them) at the end.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;
use tendermint_rpc::{Client, HttpClient, Paging};

use super::common::*;

/// The localnet as the staking phase sees it.
pub struct Localnet<'a> {
    pub dir: &'a Path,
    pub data: &'a Path,
    pub node0_rpc: u16,
    /// Node i listens for p2p on node0_p2p + 10i.
    pub node0_p2p: u16,
}

/// Fees the CLI pays at its default gas price for a fixed gas limit (no simulation, so a message
/// that fails is still broadcast and included, as a client that skips simulation would do).
pub const GAS: &str = "300000";
pub const FEE: u128 = 7_500; // ceil(0.025 × 300000)

pub fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

pub fn amount(v: &Value) -> u128 {
    v.as_str().unwrap_or_else(|| panic!("not a string amount: {v}")).parse().unwrap()
}

/// The result (JSON) of `symbiote tx ...`: included (with a height), or refused by CheckTx
/// (a message's stateless checks, which run before the fee is charged).
pub fn tx(home: &Path, node: &str, args: &[&str]) -> Value {
    let mut all: Vec<&str> = vec!["tx"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--keyring-backend", "test", "--gas", GAS, "--node", node, "--output", "json"]);
    let out = sym(home, &all);
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("symbiote {all:?}: not JSON ({e}):\n{}", String::from_utf8_lossy(&out.stderr)));
    assert!(v["code"].as_u64().is_some(), "no result: {v}\n{}", String::from_utf8_lossy(&out.stderr));
    v
}

pub fn tx_ok(home: &Path, node: &str, args: &[&str]) -> u64 {
    let v = tx(home, node, args);
    assert!(v["height"].as_u64().is_some(), "not included: {v}");
    assert_eq!(v["code"], 0, "{args:?}: {v}");
    v["height"].as_u64().unwrap()
}

pub fn query(home: &Path, node: &str, height: u64, args: &[&str]) -> Value {
    let mut all: Vec<&str> = vec!["query"];
    all.extend_from_slice(args);
    let h = height.to_string();
    all.extend_from_slice(&["--node", node, "--height", &h, "--output", "json"]);
    json(&sym_ok(home, &all))
}

pub fn balance(home: &Path, node: &str, height: u64, address: &str) -> u128 {
    let v = query(home, node, height, &["bank", "balances", address]);
    v["balances"].as_array().unwrap().iter().find(|c| c["denom"] == "usym").map_or(0, |c| amount(&c["amount"]))
}

pub fn address(home: &Path, key: &str, bech: &str) -> String {
    sym_ok(home, &["keys", "show", key, "-a", "--bech", bech, "--keyring-backend", "test"]).trim().to_string()
}

/// CometBFT's validator set at `height`: consensus address (hex) → power.
pub async fn comet_set(client: &HttpClient, height: u64) -> Vec<(String, u64)> {
    let h = tendermint::block::Height::try_from(height).unwrap();
    let r = client.validators(h, Paging::All).await.unwrap();
    r.validators.iter().map(|v| (v.address.to_string(), v.power.value())).collect()
}

pub fn consensus_address(home: &Path) -> String {
    let key: Value = json(&std::fs::read_to_string(home.join("config/priv_validator_key.json")).unwrap());
    key["address"].as_str().unwrap().to_string()
}

/// Starts node 4 as a full node of the localnet (own ports) and waits until it has caught up.
async fn start_fifth_node(net: &Localnet<'_>) -> (PathBuf, Proc, HttpClient, u16) {
    start_node(net, "node4", None).await
}

/// Starts a full node `name` of the localnet (own ports, peered with the four validators) and
/// waits until it has caught up. With `key`, it signs with that consensus key (a copy of a
/// validator's `priv_validator_key.json`: a double signer).
pub async fn start_node(net: &Localnet<'_>, name: &str, key: Option<&Path>) -> (PathBuf, Proc, HttpClient, u16) {
    let home = net.dir.join(name);
    let p = free_ports(4);
    sym_ok(
        &home,
        &[
            "init",
            name,
            "--chain-id",
            "symbiote-local-1",
            "--p2p-laddr",
            &format!("tcp://127.0.0.1:{}", p[0]),
            "--rpc-laddr",
            &format!("tcp://127.0.0.1:{}", p[1]),
            "--abci-addr",
            &format!("127.0.0.1:{}", p[2]),
            "--grpc-addr",
            &format!("127.0.0.1:{}", p[3]),
        ],
    );
    std::fs::copy(net.data.join("node0/config/genesis.json"), home.join("config/genesis.json")).unwrap();
    // Peered with all four validators, so its votes reach every proposer directly.
    let peer = (0..4u16)
        .map(|i| {
            let id = Command::new(cometbft())
                .args(["show-node-id", "--home"])
                .arg(net.data.join(format!("node{i}")))
                .output()
                .unwrap();
            format!("{}@127.0.0.1:{}", String::from_utf8(id.stdout).unwrap().trim(), net.node0_p2p + 10 * i)
        })
        .collect::<Vec<_>>()
        .join(",");
    for (key, value) in [
        ("consensus.timeout_commit", "300ms"),
        ("p2p.allow_duplicate_ip", "true"),
        ("p2p.addr_book_strict", "false"),
        ("p2p.persistent_peers", peer.as_str()),
    ] {
        sym_ok(&home, &["config", key, value]);
    }
    if let Some(key) = key {
        std::fs::copy(key, home.join("config/priv_validator_key.json")).unwrap();
    }
    let proc = Proc::spawn(
        Command::new(SYMBIOTE).args(["start", "--with-cometbft", "--home"]).arg(&home),
        &home.join("node.log"),
    );
    let client = rpc(p[1]);
    let target = rpc(net.node0_rpc).status().await.unwrap().sync_info.latest_block_height.value();
    wait_height(&client, target, Duration::from_secs(120)).await;
    (home, proc, client, p[1])
}

/// Waits until `client` has committed `height`.
pub async fn reach(client: &HttpClient, height: u64) {
    wait_height(client, height, Duration::from_secs(60)).await;
}

pub async fn staking_phase(net: Localnet<'_>) {
    let home0 = net.data.join("node0");
    let node0 = format!("http://127.0.0.1:{}", net.node0_rpc);
    let client0 = rpc(net.node0_rpc);
    let bob = address(&home0, "bob", "acc");
    let val0 = address(&home0, "validator", "val");

    // Genesis: four validators of power 100 from their gentxs.
    let set = comet_set(&client0, 1).await;
    assert_eq!(set.len(), 4, "{set:?}");
    assert!(set.iter().all(|(_, p)| *p == 100), "self-bond 100000000usym = power 100: {set:?}");
    let params = query(&home0, &node0, 0, &["staking", "params"]);
    assert_eq!(params["params"]["unbonding_time"], "20s", "{params}");

    // ---- a fifth node joins and becomes a validator ----
    let (home4, mut node4, client4, rpc4) = start_fifth_node(&net).await;
    let node4_url = format!("http://127.0.0.1:{rpc4}");
    sym_ok(&home4, &["keys", "add", "op", "--keyring-backend", "test"]);
    let op = address(&home4, "op", "acc");
    let val4 = address(&home4, "op", "val");
    let funded = tx_ok(&home0, &node0, &["bank", "send", "alice", &op, "100000000usym"]);
    reach(&client4, funded).await;
    let created = tx_ok(
        &home4,
        &node4_url,
        &["staking", "create-validator", "--from", "op", "--amount", "50000000usym", "--moniker", "node4"],
    );
    let cons4 = consensus_address(&home4);
    reach(&client0, created + 2).await;
    let at = |set: &[(String, u64)]| set.iter().find(|(a, _)| *a == cons4).map(|(_, p)| *p);
    assert_eq!(at(&comet_set(&client0, created + 1).await), None, "not yet at H+1");
    assert_eq!(at(&comet_set(&client0, created + 2).await), Some(50), "power = tokens / 10^6 from H+2");
    let v = query(&home0, &node0, 0, &["staking", "validator", &val4]);
    assert_eq!(v["validator"]["status"], "BOND_STATUS_BONDED", "{v}");
    // It signs: its vote is in the commits of the blocks after it joined. (A commit holds the
    // precommits its proposer had when it moved on; with 300 ms blocks a late vote can miss one.)
    reach(&client0, created + 12).await;
    let mut signed = 0;
    for h in created + 3..=created + 12 {
        let commit = client0.commit(tendermint::block::Height::try_from(h).unwrap()).await.unwrap();
        let ours = commit.signed_header.commit.signatures.iter().any(|s| {
            matches!(s, tendermint::block::CommitSig::BlockIdFlagCommit { validator_address, .. }
                if validator_address.to_string() == cons4)
        });
        signed += usize::from(ours);
    }
    assert!(signed >= 5, "node 4 signed only {signed} of 10 commits:\n{}", tail(&home4.join("node.log")));

    // ---- delegate, redelegate, unbond, cancel ----
    // Every change to a delegation pays its rewards first (distribution): to a separate withdraw
    // address, so bob's balance moves by exactly the staking and fees below.
    sym_ok(&home0, &["keys", "add", "bob-rewards", "--keyring-backend", "test"]);
    let rewards_to = address(&home0, "bob-rewards", "acc");
    tx_ok(&home0, &node0, &["distribution", "set-withdraw-addr", &rewards_to, "--from", "bob"]);
    let w = query(&home0, &node0, 0, &["distribution", "withdraw-addr", &bob]);
    assert_eq!(w["withdraw_address"], rewards_to.as_str(), "{w}");
    let before = balance(&home0, &node0, 0, &bob);
    tx_ok(&home0, &node0, &["staking", "delegate", &val4, "10000000usym", "--from", "bob"]);
    let d = query(&home0, &node0, 0, &["staking", "delegation", &bob, &val4]);
    assert_eq!(d["delegation_response"]["delegation"]["shares"], "10000000.000000000000000000", "{d}");
    assert_eq!(amount(&d["delegation_response"]["balance"]["amount"]), 10_000_000);
    let moved = tx_ok(&home0, &node0, &["staking", "redelegate", &val4, &val0, "4000000usym", "--from", "bob"]);
    let r = query(&home0, &node0, 0, &["staking", "redelegations", &bob]);
    let entry = &r["redelegation_responses"][0]["entries"][0];
    assert_eq!(amount(&entry["balance"]), 4_000_000, "{r}");
    assert_eq!(entry["redelegation_entry"]["creation_height"], moved.to_string());
    // ---- bad messages: the SDK's codes, nothing changes but the fee ----
    let unknown = address(&home0, "alice", "val"); // alice operates no validator
    let state_before = (
        balance(&home0, &node0, 0, &bob),
        query(&home0, &node0, 0, &["staking", "delegations", &bob]),
        query(&home0, &node0, 0, &["staking", "pool"]),
    );
    // (The redelegation above is pending for the unbonding time, 20 s: the transitive case first.)
    let cases: [(&[&str], &str, u32, &str); 5] = [
        (&["staking", "redelegate", &val0, &val4, "1usym"], "staking", 32, "transitive: val0 received a redelegation"),
        (&["staking", "delegate", &unknown, "1usym"], "staking", 3, "unknown validator"),
        (&["staking", "delegate", &val4, "1uatom"], "sdk", 18, "wrong denom"),
        (&["staking", "unbond", &val4, "6000001usym"], "sdk", 18, "more than delegated"),
        (&["staking", "redelegate", &val4, &val4, "1usym"], "staking", 29, "self-redelegation"),
    ];
    let mut charged = 0;
    for (args, codespace, code, why) in cases {
        let mut args = args.to_vec();
        args.extend_from_slice(&["--from", "bob"]);
        let v = tx(&home0, &node0, &args);
        assert_eq!(
            (v["codespace"].as_str().unwrap(), v["code"].as_u64().unwrap()),
            (codespace, u64::from(code)),
            "{why}: {v}"
        );
        charged += u128::from(v["height"].is_u64());
    }
    let state_after = (
        balance(&home0, &node0, 0, &bob),
        query(&home0, &node0, 0, &["staking", "delegations", &bob]),
        query(&home0, &node0, 0, &["staking", "pool"]),
    );
    assert_eq!(state_after.0, state_before.0 - charged * FEE, "failed messages cost only their fees");
    assert_eq!(state_after.1, state_before.1, "delegations unchanged");
    assert_eq!(state_after.2, state_before.2, "pools unchanged");

    let unbonded = tx_ok(&home0, &node0, &["staking", "unbond", &val4, "3000000usym", "--from", "bob"]);
    let u = query(&home0, &node0, 0, &["staking", "unbonding-delegations", &bob]);
    let entry = u["unbonding_responses"][0]["entries"][0].clone();
    assert_eq!(amount(&entry["balance"]), 3_000_000, "{u}");
    assert_eq!(entry["creation_height"], unbonded.to_string());
    let h = unbonded.to_string();
    tx_ok(&home0, &node0, &["staking", "cancel-unbond", &val4, "1000000usym", &h, "--from", "bob"]);
    let u = query(&home0, &node0, 0, &["staking", "unbonding-delegations", &bob]);
    let entry = u["unbonding_responses"][0]["entries"][0].clone();
    assert_eq!(amount(&entry["balance"]), 2_000_000, "cancelled 1000000 of 3000000: {u}");
    let d = query(&home0, &node0, 0, &["staking", "delegation", &bob, &val4]);
    assert_eq!(amount(&d["delegation_response"]["balance"]["amount"]), 4_000_000, "10 − 4 − 3 + 1: {d}");
    let fees = (4 + charged) * FEE;
    assert_eq!(balance(&home0, &node0, 0, &bob), before - 10_000_000 - fees, "unbonding tokens are not paid yet");

    // ---- the unbonded tokens arrive exactly at completion time ----
    // Bob's balance from the cancel on: the delegation and the fees paid, 2000000 unbonding.
    let waiting = before - 10_000_000 - fees;
    let completion: tendermint::Time = entry["completion_time"].as_str().unwrap().parse().unwrap();
    let mut height = unbonded + 1;
    let paid_at = loop {
        reach(&client0, height).await;
        let block = client0.block(tendermint::block::Height::try_from(height).unwrap()).await.unwrap();
        if block.block.header.time >= completion {
            break height;
        }
        height += 1;
    };
    assert_eq!(balance(&home0, &node0, paid_at - 1, &bob), waiting, "not paid before completion time");
    assert_eq!(balance(&home0, &node0, paid_at, &bob), waiting + 2_000_000, "paid in the first block at or after it");
    let u = query(&home0, &node0, paid_at, &["staking", "unbonding-delegations", &bob]);
    assert_eq!(u["unbonding_responses"], serde_json::json!([]), "{u}");

    // ---- unbonding everything removes node 4 from CometBFT's set ----
    let bob_left = tx_ok(&home0, &node0, &["staking", "unbond", &val4, "4000000usym", "--from", "bob"]);
    reach(&client4, bob_left).await;
    let left = tx_ok(&home4, &node4_url, &["staking", "unbond", &val4, "50000000usym", "--from", "op"]);
    reach(&client0, left + 2).await;
    assert_eq!(at(&comet_set(&client0, left + 1).await), Some(50), "still in the set at H+1");
    assert_eq!(at(&comet_set(&client0, left + 2).await), None, "gone from H+2");
    let v = query(&home0, &node0, left, &["staking", "validator", &val4]);
    assert_eq!(v["validator"]["status"], "BOND_STATUS_UNBONDING", "{v}");
    assert_eq!(v["validator"]["jailed"], true, "self-bond below the minimum jails, as the SDK does");
    // The chain goes on without it.
    reach(&client0, left + 5).await;

    // ---- pools against validators and unbonding entries ----
    let h = client0.status().await.unwrap().sync_info.latest_block_height.value();
    let pool = query(&home0, &node0, h, &["staking", "pool"]);
    let validators = query(&home0, &node0, h, &["staking", "validators"]);
    let (mut bonded, mut not_bonded) = (0u128, 0u128);
    for v in validators["validators"].as_array().unwrap() {
        if v["status"] == "BOND_STATUS_BONDED" {
            bonded += amount(&v["tokens"]);
        } else {
            not_bonded += amount(&v["tokens"]);
        }
    }
    for who in [&bob, &op] {
        let u = query(&home0, &node0, h, &["staking", "unbonding-delegations", who]);
        for r in u["unbonding_responses"].as_array().unwrap() {
            not_bonded += r["entries"].as_array().unwrap().iter().map(|e| amount(&e["balance"])).sum::<u128>();
        }
    }
    assert_eq!(amount(&pool["pool"]["bonded_tokens"]), bonded, "bonded pool = Σ bonded tokens: {pool}");
    assert_eq!(amount(&pool["pool"]["not_bonded_tokens"]), not_bonded, "not-bonded pool: {pool}");
    let bonded_pool = symbiote_staking::state::bonded_pool().to_string();
    let not_bonded_pool = symbiote_staking::state::not_bonded_pool().to_string();
    assert_eq!(balance(&home0, &node0, h, &bonded_pool), bonded, "the pool's account holds its tokens");
    assert_eq!(balance(&home0, &node0, h, &not_bonded_pool), not_bonded);

    node4.signal("TERM");
    assert!(node4.wait_exit(Duration::from_secs(30)), "node 4 did not stop");
}
