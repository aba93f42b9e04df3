//! Slashing on the running four-validator localnet (signed-blocks window 10, half to be signed,
//! 15 s downtime jail), after the staking phase:
//!
//! * downtime, for real: node 3 is stopped; a window later it is slashed 1 % and jailed, leaves
//!   CometBFT's set, and the chain goes on with three; unjailing during the jail is refused with
//!   the SDK's code; node 3 restarts, unjails after its jail time, and is back in the set;
//! * double sign, for real: a second node runs with a copy of node 2's consensus key; when node 2
//!   proposes, both sign different blocks, CometBFT commits the equivocation evidence, and it
//!   reaches FinalizeBlock: node 2 is slashed 5 %, jailed for good and tombstoned, and its unjail
//!   is refused with the SDK's code;
//! * rewards: a delegation to node 2 made before its double sign and withdrawn after is paid what F1
//!   gives from the chain's own per-block `rewards` and `commission` events, across the slash;
//!   node 0's commission is the whole part of every `commission` event it ever received; the
//!   community pool grows each block by what distribution received less what it allocated (the
//!   tax and the dust); the rewards and commission queries agree with the same computation.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use symbiote_core::ConsAddress;
use tendermint_rpc::Client;

use super::common::*;
use super::staking::{address, amount, comet_set, consensus_address, query, reach, start_node, tx, tx_ok, Localnet};

/// What bob delegates to node 2 before it double-signs.
const BOB_STAKE: u128 = 10_000_000;
/// One unit in LegacyDec atoms.
const ATOM: u128 = 1_000_000_000_000_000_000;

/// A decimal coin of the SDK's string form (`12.500000000000000000usym`) in atoms.
fn dec_atoms(text: &str) -> u128 {
    if text.is_empty() {
        return 0;
    }
    let amount = text.strip_suffix("usym").unwrap_or_else(|| panic!("not a usym amount: {text}"));
    let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
    whole.parse::<u128>().unwrap() * ATOM + format!("{frac:0<18}").parse::<u128>().unwrap()
}

/// a × b / 10^18, truncated (the product of two decimals in atoms), without overflowing u128.
fn mul_trunc(a: u128, b: u128) -> u128 {
    let (a1, a0, b1, b0) = (a / ATOM, a % ATOM, b / ATOM, b % ATOM);
    a1 * b1 * ATOM + a1 * b0 + a0 * b1 + a0 * b0 / ATOM
}

fn attr<'a>(e: &'a tendermint::abci::Event, key: &str) -> Option<&'a str> {
    e.attributes
        .iter()
        .find(|a| a.key_bytes() == key.as_bytes())
        .and_then(|a| std::str::from_utf8(a.value_bytes()).ok())
}

/// The rewards of a delegation of `BOB_STAKE` to `valoper` (which had `tokens` with it) made in
/// block `from` and withdrawn in block `to`, by F1: each block's allocation to the validator
/// (its `rewards` event less its `commission` event) goes to the current period; the slash ends
/// a period (its ratio over the tokens before it) and cuts the delegation's stake by the
/// effective fraction (burnt / tokens, rounded up) from then on; the withdrawal ends the last.
async fn f1_rewards(client: &tendermint_rpc::HttpClient, valoper: &str, from: u64, to: u64, tokens: u128) -> u128 {
    let (mut shared, mut owed) = (0u128, 0u128);
    let (mut tokens, mut stake) = (tokens, BOB_STAKE * ATOM);
    for h in from + 1..=to {
        let r = client.block_results(tendermint::block::Height::try_from(h).unwrap()).await.unwrap();
        for e in r.finalize_block_events.iter().filter(|e| attr(e, "validator") == Some(valoper)) {
            match e.kind.as_str() {
                "rewards" => shared += dec_atoms(attr(e, "amount").unwrap()),
                "commission" => shared -= dec_atoms(attr(e, "amount").unwrap()),
                _ => {}
            }
        }
        let slash =
            r.finalize_block_events.iter().find(|e| e.kind == "slash" && attr(e, "reason") == Some("double_sign"));
        if let Some(e) = slash {
            let burned: u128 = attr(e, "burned_coins").unwrap().parse().unwrap();
            let ratio = shared / tokens; // the period ends: rewards / tokens, truncated
            owed += mul_trunc(ratio, stake); // × stake, truncated
            let fraction = (burned * ATOM).div_ceil(tokens); // QuoRoundUp
            stake = mul_trunc(stake, ATOM - fraction); // MulTruncate(1 − fraction)
            tokens -= burned;
            shared = 0;
        }
    }
    owed += mul_trunc(shared / tokens, stake);
    owed / ATOM
}

/// The bech32 `symvalcons` address of a node's consensus key.
fn valcons(home: &Path) -> String {
    let hex = consensus_address(home);
    let bytes: [u8; 20] = hex::decode(hex).unwrap().try_into().unwrap();
    ConsAddress::from_bytes(bytes).to_string()
}

fn validator(home0: &Path, node0: &str, valoper: &str) -> Value {
    query(home0, node0, 0, &["staking", "validator", valoper])["validator"].clone()
}

/// Polls `check` on node 0's latest state every 300 ms until it holds (or panics after `secs`).
async fn until(what: &str, secs: u64, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < Duration::from_secs(secs), "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// Stops the `symbiote start --with-cometbft` of `home` that localnet/start.sh runs (and its
/// CometBFT child), as an operator's node going down would.
fn stop_node(home: &Path) {
    let pattern = format!("--home {}", home.display());
    let _ = Command::new("pkill").args(["-TERM", "-f", "--", &pattern]).status();
    for _ in 0..100 {
        let left = Command::new("pgrep").args(["-f", "--", &pattern]).output().unwrap();
        if left.stdout.is_empty() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("node at {} did not stop", home.display());
}

pub async fn slashing_phase(net: Localnet<'_>) {
    let home0 = net.data.join("node0");
    let node0 = format!("http://127.0.0.1:{}", net.node0_rpc);
    let client0 = rpc(net.node0_rpc);
    let params = query(&home0, &node0, 0, &["slashing", "params"]);
    assert_eq!(params["params"]["signed_blocks_window"], "10", "{params}");

    // ---- downtime ----
    let home3 = net.data.join("node3");
    let val3 = address(&home3, "validator", "val");
    let cons3 = consensus_address(&home3);
    let tokens_before = amount(&validator(&home0, &node0, &val3)["tokens"]);
    stop_node(&home3);
    until("node 3 jailed for downtime", 90, || validator(&home0, &node0, &val3)["jailed"] == true).await;
    let v = validator(&home0, &node0, &val3);
    assert_eq!(amount(&v["tokens"]), tokens_before - tokens_before / 100, "slashed 1 % of power 100: {v}");
    let info = query(&home0, &node0, 0, &["slashing", "signing-info", &valcons(&home3)]);
    assert_eq!(info["val_signing_info"]["missed_blocks_counter"], "0", "the window restarts: {info}");
    let refused = tx(&home3, &node0, &["slashing", "unjail", "--from", "validator"]);
    assert_eq!((refused["codespace"].as_str(), refused["code"].as_u64()), (Some("slashing"), Some(4)), "{refused}");
    // Out of CometBFT's set two blocks after; the other three go on.
    let h = client0.status().await.unwrap().sync_info.latest_block_height.value();
    reach(&client0, h + 3).await;
    assert!(comet_set(&client0, h + 3).await.iter().all(|(a, _)| *a != cons3), "node 3 left the set");

    // Back up; unjailed once its jail time has passed (block time, not wall time).
    let mut node3 = Proc::spawn(
        Command::new(SYMBIOTE).args(["start", "--with-cometbft", "--home"]).arg(&home3),
        &net.dir.join("node3-restart.log"),
    );
    let jailed_until: tendermint::Time = info["val_signing_info"]["jailed_until"].as_str().unwrap().parse().unwrap();
    let waiting = Instant::now();
    while client0.status().await.unwrap().sync_info.latest_block_time <= jailed_until {
        assert!(waiting.elapsed() < Duration::from_secs(60), "node 3's jail time never passed");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let unjailed = tx_ok(&home3, &node0, &["slashing", "unjail", "--from", "validator"]);
    reach(&client0, unjailed + 2).await;
    let power = comet_set(&client0, unjailed + 2).await.into_iter().find(|(a, _)| *a == cons3).map(|(_, p)| p);
    assert_eq!(power, Some(99), "back in the set with 99 % of its tokens");

    // ---- double sign ----
    let home2 = net.data.join("node2");
    let val2 = address(&home2, "validator", "val");
    // Bob delegates to node 2 first: his rewards across the slash are checked below.
    let delegated =
        tx_ok(&home0, &node0, &["staking", "delegate", &val2, &format!("{BOB_STAKE}usym"), "--from", "bob"]);
    let tokens2 = amount(&validator(&home0, &node0, &val2)["tokens"]);
    assert_eq!(tokens2, 100_000_000 + BOB_STAKE);
    let (_home, mut twin, _client, _) =
        start_node(&net, "node2-twin", Some(&home2.join("config/priv_validator_key.json"))).await;
    let cons2 = valcons(&home2);
    until("node 2 tombstoned for double signing", 120, || {
        let info = query(&home0, &node0, 0, &["slashing", "signing-info", &cons2]);
        info["val_signing_info"]["tombstoned"] == true
    })
    .await;
    twin.signal("TERM");
    assert!(twin.wait_exit(Duration::from_secs(30)), "the twin did not stop");
    let v = validator(&home0, &node0, &val2);
    assert_eq!(v["jailed"], true, "{v}");
    assert_eq!(amount(&v["tokens"]), tokens2 - tokens2 / 20, "slashed 5 % of its power at the infraction: {v}");
    let info = query(&home0, &node0, 0, &["slashing", "signing-info", &cons2]);
    assert_eq!(info["val_signing_info"]["jailed_until"], "9999-12-31T23:59:59Z", "{info}");
    let refused = tx(&home2, &node0, &["slashing", "unjail", "--from", "validator"]);
    assert_eq!((refused["codespace"].as_str(), refused["code"].as_u64()), (Some("slashing"), Some(4)), "{refused}");

    // Bob withdraws: what he is paid is the F1 result computed here from the chain's own
    // per-block `rewards` and `commission` events, across the slash.
    // (The staking phase sent bob's rewards to his `bob-rewards` account.)
    let rewards_to = address(&home0, "bob-rewards", "acc");
    let bob = address(&home0, "bob", "acc");
    // What the DelegationRewards query says at a height is F1 up to that height.
    let h = client0.status().await.unwrap().sync_info.latest_block_height.value();
    let q = query(&home0, &node0, h, &["distribution", "rewards", &bob, &val2]);
    let owed_at_h = q["rewards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["denom"] == "usym")
        .map_or(0, |c| dec_atoms(&format!("{}usym", c["amount"].as_str().unwrap())));
    assert_eq!(owed_at_h / ATOM, f1_rewards(&client0, &val2, delegated, h, tokens2).await, "query at {h}: {q}");
    let before = super::staking::balance(&home0, &node0, 0, &rewards_to);
    let withdrawn = tx_ok(&home0, &node0, &["distribution", "withdraw-rewards", &val2, "--from", "bob"]);
    let after = super::staking::balance(&home0, &node0, withdrawn, &rewards_to);
    let expected = f1_rewards(&client0, &val2, delegated, withdrawn, tokens2).await;
    assert!(expected > 0, "rewards accrued over {} blocks", withdrawn - delegated);
    assert_eq!(after, before + expected, "bob's rewards across the slash, exactly as F1");

    // Node 0's operator takes its commission (and self-delegation rewards): the commission paid is
    // the whole part of every `commission` event the chain recorded for it since genesis.
    let val0 = address(&home0, "validator", "val");
    let v = tx(&home0, &node0, &["distribution", "withdraw-rewards", &val0, "--commission", "--from", "validator"]);
    assert_eq!(v["code"], 0, "{v}");
    let hash: tendermint::Hash = v["txhash"].as_str().unwrap().parse().unwrap();
    let included = client0.tx(hash, false).await.unwrap();
    let paid =
        included.tx_result.events.iter().find(|e| e.kind == "withdraw_commission").and_then(|e| attr(e, "amount"));
    let mut accumulated = 0u128;
    for h in 1..=included.height.value() {
        let r = client0.block_results(tendermint::block::Height::try_from(h).unwrap()).await.unwrap();
        for e in
            r.finalize_block_events.iter().filter(|e| e.kind == "commission" && attr(e, "validator") == Some(&val0))
        {
            accumulated += dec_atoms(attr(e, "amount").unwrap());
        }
    }
    assert!(accumulated >= ATOM, "some commission accrued");
    // The ValidatorCommission query the block before: every event up to then, to the last atom.
    let before_tx = included.height.value() - 1;
    let mut up_to_before = accumulated;
    let r = client0.block_results(included.height).await.unwrap();
    for e in r.finalize_block_events.iter().filter(|e| e.kind == "commission" && attr(e, "validator") == Some(&val0)) {
        up_to_before -= dec_atoms(attr(e, "amount").unwrap());
    }
    let q = query(&home0, &node0, before_tx, &["distribution", "commission", &val0]);
    let c = q["commission"]["commission"].as_array().unwrap().iter().find(|c| c["denom"] == "usym").unwrap();
    assert_eq!(dec_atoms(&format!("{}usym", c["amount"].as_str().unwrap())), up_to_before, "{q}");
    assert_eq!(paid, Some(format!("{}usym", accumulated / ATOM).as_str()), "node 0's commission, exactly");

    // The community pool, in blocks without transactions: it grows by exactly what the fee
    // collector handed distribution (its `transfer` event) less every validator's `rewards`.
    let distribution = symbiote_core::Address::module("distribution").to_string();
    let pool_at = |h: u64| {
        let q = query(&home0, &node0, h, &["distribution", "community-pool"]);
        q["pool"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["denom"] == "usym")
            .map_or(0, |c| dec_atoms(&format!("{}usym", c["amount"].as_str().unwrap())))
    };
    let top = client0.status().await.unwrap().sync_info.latest_block_height.value();
    reach(&client0, top + 4).await;
    let mut checked = 0;
    for h in top + 1..=top + 4 {
        let r = client0.block_results(tendermint::block::Height::try_from(h).unwrap()).await.unwrap();
        if r.txs_results.as_ref().is_some_and(|t| !t.is_empty()) {
            continue;
        }
        let events = &r.finalize_block_events;
        let collected: u128 = events
            .iter()
            .filter(|e| e.kind == "transfer" && attr(e, "recipient") == Some(distribution.as_str()))
            .map(|e| dec_atoms(attr(e, "amount").unwrap()))
            .sum();
        let rewards: u128 =
            events.iter().filter(|e| e.kind == "rewards").map(|e| dec_atoms(attr(e, "amount").unwrap())).sum();
        assert!(collected > 0, "the mint reaches distribution every block");
        assert_eq!(pool_at(h) - pool_at(h - 1), collected - rewards, "height {h}: tax + dust to the community pool");
        checked += 1;
    }
    assert!(checked >= 2, "blocks without transactions to check the pool in");

    node3.signal("TERM");
    assert!(node3.wait_exit(Duration::from_secs(30)), "node 3 did not stop");
}
