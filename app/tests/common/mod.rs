//! Shared helpers for the in-process app tests.
#![allow(dead_code)]

pub mod inference;
pub mod net;

use symbiote_app::testing::{genesis_with, TestNode, TEST_CHAIN_ID};
use symbiote_app::tx::build::{any, Signer, Signing, UnsignedTx};
use symbiote_bank::MsgSend;
use symbiote_core::Any;
use symbiote_core::{Address, Coins};

pub const FUNDS: u128 = 1_000_000_000;
pub const GAS: u64 = 200_000;

/// Reopens the store in `dir` as a restarted node would. RocksDB's lock is released once the old
/// storage's background task has dropped its handle, so this retries for a few seconds.
pub async fn reopen(dir: &std::path::Path) -> TestNode {
    for _ in 0..100 {
        if let Ok(node) = TestNode::reopen(dir).await {
            return node;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("store did not reopen");
}

pub fn coins(s: &str) -> Coins {
    s.parse().unwrap()
}

pub fn send_msg(from: &Signer, to: Address, amount: &str) -> Any {
    any(&MsgSend { from: from.address(), to, amount: coins(amount) })
}

/// A signed MsgSend paying 5000usym for 200k gas (the default fee floor asks 0.025 × 200k = 5000).
pub fn send(from: &Signer, account_number: u64, sequence: u64, to: Address, amount: &str) -> Vec<u8> {
    UnsignedTx::new(vec![send_msg(from, to, amount)], coins("5000usym"), GAS)
        .sign(TEST_CHAIN_ID, &[Signing { signer: from, account_number, sequence }])
}

pub struct Chain {
    pub node: TestNode,
    pub alice: Signer,
    pub bob: Signer,
    pub _dir: tempfile::TempDir,
}

/// No inflation: the tx-semantics tests count coins exactly, block by block, and have no stake
/// (with nothing bonded, inflation would climb toward its maximum and mint every block).
pub fn without_inflation(genesis: &mut symbiote_app::AppGenesis) {
    let zero = symbiote_core::LegacyDec::ZERO;
    genesis.mint.minter.inflation = zero;
    genesis.mint.params.inflation_min = zero;
    genesis.mint.params.inflation_max = zero;
}

/// A fresh chain where alice (account 0) and bob (account 1) hold `FUNDS` usym each, without
/// inflation.
pub async fn chain() -> Chain {
    let alice = Signer::from_seed("alice");
    let bob = Signer::from_seed("bob");
    let dir = tempfile::tempdir().unwrap();
    let mut genesis = genesis_with(&[&alice, &bob], FUNDS);
    without_inflation(&mut genesis);
    let node = TestNode::start(dir.path(), &genesis, 10_000_000).await.unwrap();
    Chain { node, alice, bob, _dir: dir }
}

impl Chain {
    pub async fn balance(&self, who: &Address) -> u128 {
        use symbiote_bank::BankRead;
        self.node.app.storage().latest_snapshot().balance(who, "usym").await.unwrap().to_u128().unwrap()
    }

    pub async fn sequence(&self, who: &Address) -> u64 {
        use symbiote_auth::AuthRead;
        self.node.app.storage().latest_snapshot().account(who).await.unwrap().map_or(0, |a| a.sequence)
    }

    /// Every module key and value except what every block's BeginBlock rewrites whatever its txs
    /// (staking's historical info; distribution moving the fees collected so far from the fee
    /// collector to its account and the community pool, and recording the proposer): equal before and after a block means
    /// that block's transactions changed no module state.
    pub async fn module_state(&self) -> Vec<(String, Vec<u8>)> {
        use futures::TryStreamExt;
        use symbiote_core::cnidarium::StateRead;
        let snap = self.node.app.storage().latest_snapshot();
        let mut out = vec![];
        for p in symbiote_app::keys::substore_prefixes::<symbiote_app::Modules>().iter().filter(|p| *p != "app") {
            let entries: Vec<(String, Vec<u8>)> = snap.prefix_raw(&format!("{p}/")).try_collect().await.unwrap();
            out.extend(entries.into_iter().filter(|(k, _)| !rewritten_every_block(k)));
        }
        out
    }
}

/// Each rejected tx is checked in CheckTx and also forced into a block (as a faulty proposer
/// could): same code, and no module state changes.
pub async fn rejected_everywhere(c: &mut Chain, tx: Vec<u8>, code: u32, log_part: &str) {
    let check = c.node.check_tx(&tx).await;
    assert_eq!(check.code, code, "CheckTx: {}", check.log);
    assert!(check.log.contains(log_part), "log {:?} lacks {log_part:?}", check.log);
    let before = c.module_state().await;
    let block = c.node.finalize_and_commit(vec![bytes::Bytes::from(tx)]).await.unwrap();
    assert_eq!(block.tx_results[0].code.value(), code, "FinalizeBlock: {}", block.tx_results[0].log);
    assert_eq!(block.tx_results[0].codespace, "sdk");
    let after = c.module_state().await;
    let changed: Vec<&String> = after.iter().filter(|kv| !before.contains(kv)).map(|(k, _)| k).collect();
    assert!(after == before, "a rejected tx changed module state: {changed:?}");
}

fn rewritten_every_block(key: &str) -> bool {
    let moved = [symbiote_auth::fee_collector_address().to_hex(), symbiote_distribution::module_address().to_hex()];
    key.starts_with("staking/historical/")
        || key == "distribution/fee_pool"
        || key == "distribution/previous_proposer"
        || (key.starts_with("bank/") && moved.iter().any(|hex| key.contains(hex.as_str())))
}
