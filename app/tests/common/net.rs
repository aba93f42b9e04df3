//! A small staked network for the in-process module tests (staking, distribution, slashing): two
//! genesis validators by gentx, a third that can join, two delegators; txs signed with tracked
//! sequences; every block followed by the staking, bank and distribution invariants and the check
//! that the supply is genesis + minted − burnt.
#![allow(dead_code)]

use std::collections::BTreeMap;

use bytes::Bytes;
use symbiote_app::testing::{genesis_with, BlockContext, BlockResult, TestNode, TEST_CHAIN_ID};
use symbiote_app::tx::build::{any, Signer, Signing, UnsignedTx};
use symbiote_app::tx::json::tx_to_json;
use symbiote_app::AppGenesis;
use symbiote_bank::BankRead;
use symbiote_core::{Address, Amount, Any, Coin, Coins, LegacyDec, ValAddress};
use symbiote_staking::validator::{CommissionRates, ConsensusPubkey, Description};
use symbiote_staking::{MsgBeginRedelegate, MsgCreateValidator, MsgDelegate, MsgUndelegate, StakingRead};

use super::{coins, FUNDS};

pub const FEE: u128 = 10_000; // the fee floor: 0.025usym × GAS
pub const GAS: u64 = 400_000;
/// Each test block is 5 s after the last (the test clock), so unbonding takes three blocks.
pub const UNBONDING_SECS: u64 = 12;
pub const SELF_BOND: u64 = 10_000_000; // power 10

pub fn dec(s: &str) -> LegacyDec {
    s.parse().unwrap()
}

pub fn usym(amount: u64) -> Coin {
    Coin::new("usym", amount)
}

pub fn consensus_key(seed: u8) -> ConsensusPubkey {
    ConsensusPubkey(ed25519_consensus::SigningKey::from([seed; 32]).verification_key().to_bytes())
}

pub fn operator(s: &Signer) -> ValAddress {
    ValAddress::from_account(s.address())
}

pub fn create_validator(op: &Signer, key_seed: u8, amount: u64) -> MsgCreateValidator {
    MsgCreateValidator {
        description: Description { moniker: format!("v{key_seed}"), ..Default::default() },
        commission: Some(CommissionRates { rate: dec("0.1"), max_rate: dec("0.2"), max_change_rate: dec("0.01") }),
        min_self_delegation: Amount::from(1u64),
        validator_address: operator(op),
        pubkey: Some(consensus_key(key_seed)),
        value: usym(amount),
        delegator_address: String::new(),
    }
}

pub fn delegate(d: &Signer, v: &Signer, amount: u64) -> Any {
    any(&MsgDelegate { delegator_address: d.address(), validator_address: operator(v), amount: usym(amount) })
}

pub fn undelegate(d: &Signer, v: &Signer, amount: u64) -> Any {
    any(&MsgUndelegate { delegator_address: d.address(), validator_address: operator(v), amount: usym(amount) })
}

pub fn redelegate(d: &Signer, src: &Signer, dst: &Signer, amount: u64) -> Any {
    any(&MsgBeginRedelegate {
        delegator_address: d.address(),
        validator_src_address: operator(src),
        validator_dst_address: operator(dst),
        amount: usym(amount),
    })
}

/// A gentx: the operator's MsgCreateValidator signed with account number 0 and sequence 0.
pub fn gentx(op: &Signer, key_seed: u8) -> serde_json::Value {
    let bytes = UnsignedTx::new(vec![any(&create_validator(op, key_seed, SELF_BOND))], Coins::new(), GAS)
        .sign(TEST_CHAIN_ID, &[Signing { signer: op, account_number: 0, sequence: 0 }]);
    tx_to_json(&bytes).unwrap()
}

/// Five funded accounts: v1 and v2 are genesis validators (by gentx), v3 joins later, d1 and d2
/// delegate.
pub struct Net {
    pub node: TestNode,
    pub v1: Signer,
    pub v2: Signer,
    pub v3: Signer,
    pub d1: Signer,
    pub d2: Signer,
    pub numbers: BTreeMap<Address, u64>,
    pub sequences: BTreeMap<Address, u64>,
    /// What CometBFT says about each block besides its txs (votes of the last commit,
    /// misbehaviour); empty unless a test sets it.
    pub context: BlockContext,
    /// Genesis supply + every coin minted − every coin burnt, from the blocks' bank events.
    pub expected_supply: u128,
    pub _dir: tempfile::TempDir,
}

pub async fn net() -> Net {
    net_with(UNBONDING_SECS).await
}

pub async fn net_with(unbonding_secs: u64) -> Net {
    net_custom(|genesis| {
        genesis.staking.params.unbonding_time = std::time::Duration::from_secs(unbonding_secs);
    })
    .await
}

/// The network with its genesis changed by `edit` (after the defaults: max 2 unbonding entries,
/// the two gentxs).
pub async fn net_custom(edit: impl FnOnce(&mut AppGenesis)) -> Net {
    let [v1, v2, v3, d1, d2] = ["v1", "v2", "v3", "d1", "d2"].map(Signer::from_seed);
    let all = [&v1, &v2, &v3, &d1, &d2];
    let mut genesis = genesis_with(&all, FUNDS);
    genesis.staking.params.unbonding_time = std::time::Duration::from_secs(UNBONDING_SECS);
    genesis.staking.params.max_entries = 2;
    genesis.genutil.gen_txs = vec![gentx(&v1, 1), gentx(&v2, 2)];
    edit(&mut genesis);
    let dir = tempfile::tempdir().unwrap();
    let node = TestNode::start(dir.path(), &genesis, -1).await.unwrap();
    let numbers = all.iter().enumerate().map(|(i, s)| (s.address(), i as u64)).collect();
    // The gentxs used the operators' first sequence.
    let sequences = [(v1.address(), 1), (v2.address(), 1)].into_iter().collect();
    let mut net = Net {
        node,
        v1,
        v2,
        v3,
        d1,
        d2,
        numbers,
        sequences,
        context: BlockContext::default(),
        expected_supply: 0,
        _dir: dir,
    };
    net.expected_supply = net.supply().await;
    net.check_invariants().await;
    net
}

impl Net {
    /// `signer`'s tx of `msgs` with its next sequence (counted as used).
    pub fn tx(&mut self, signer: &Signer, msgs: Vec<Any>) -> Vec<u8> {
        let address = signer.address();
        let sequence = self.sequences.entry(address).or_insert(0);
        let tx = UnsignedTx::new(msgs, coins(&format!("{FEE}usym")), GAS)
            .sign(TEST_CHAIN_ID, &[Signing { signer, account_number: self.numbers[&address], sequence: *sequence }]);
        *sequence += 1;
        tx
    }

    pub async fn block(&mut self, txs: Vec<Vec<u8>>) -> BlockResult {
        let txs = txs.into_iter().map(Bytes::from).collect();
        let r = self.node.finalize_with(txs, self.context.clone()).await.unwrap();
        self.node.commit().await.unwrap();
        let events = r.events.iter().chain(r.tx_results.iter().flat_map(|t| t.events.iter()));
        for e in events {
            match e.kind.as_str() {
                "coinbase" => self.expected_supply += usym_of(e),
                "burn" => self.expected_supply -= usym_of(e),
                _ => {}
            }
        }
        self.check_invariants().await;
        assert_eq!(self.supply().await, self.expected_supply, "supply = genesis + minted − burnt");
        r
    }

    /// One tx in its own block; it must succeed.
    pub async fn ok(&mut self, signer: &Signer, msgs: Vec<Any>) -> BlockResult {
        let tx = self.tx(signer, msgs);
        let r = self.block(vec![tx]).await;
        assert_eq!(r.tx_results[0].code.value(), 0, "{}", r.tx_results[0].log);
        r
    }

    pub async fn check_invariants(&self) {
        let snap = self.node.app.storage().latest_snapshot();
        symbiote_staking::invariants::check_all(&snap).await.unwrap();
        symbiote_bank::invariants::total_supply(&snap).await.unwrap();
        symbiote_distribution::invariants::check(&snap, self.node.height).await.unwrap();
    }

    pub async fn balance(&self, who: &Address) -> u128 {
        let snap = self.node.app.storage().latest_snapshot();
        snap.balance(who, "usym").await.unwrap().to_string().parse().unwrap()
    }

    pub async fn supply(&self) -> u128 {
        let snap = self.node.app.storage().latest_snapshot();
        snap.supply_of("usym").await.unwrap().to_string().parse().unwrap()
    }

    /// The time of block `height`, from staking's historical info.
    pub async fn block_time(&self, height: u64) -> tendermint::Time {
        let snap = self.node.app.storage().latest_snapshot();
        let info = snap.historical_info(height).await.unwrap().expect("historical info kept");
        let t = info.header.unwrap().time.unwrap();
        tendermint::Time::from_unix_timestamp(t.seconds, t.nanos as u32).unwrap()
    }

    pub async fn validator(&self, v: &Signer) -> Option<symbiote_staking::Validator> {
        self.node.app.storage().latest_snapshot().validator(&operator(v)).await.unwrap()
    }

    /// The staking, distribution, slashing and gov substores (without what every block rewrites)
    /// and every balance.
    pub async fn staking_and_balances(&self) -> (Vec<(String, Vec<u8>)>, BTreeMap<Address, u128>) {
        use futures::TryStreamExt;
        use symbiote_core::cnidarium::StateRead;
        let snap = self.node.app.storage().latest_snapshot();
        // Staking, distribution, slashing and gov state, less what every BeginBlock rewrites
        // whatever the txs (historical info, the community pool the fees flow into, the proposer
        // record).
        let mut staking: Vec<(String, Vec<u8>)> = vec![];
        for prefix in ["staking/", "distribution/", "slashing/", "gov/"] {
            let entries: Vec<(String, Vec<u8>)> = snap.prefix_raw(prefix).try_collect().await.unwrap();
            staking.extend(entries.into_iter().filter(|(k, _)| {
                !k.starts_with("staking/historical/")
                    && k != "distribution/fee_pool"
                    && k != "distribution/previous_proposer"
            }));
        }
        let mut balances = BTreeMap::new();
        let keys: Vec<String> = snap.prefix_keys("bank/balances/").try_collect().await.unwrap();
        for key in keys {
            let hex = key.trim_start_matches("bank/balances/").split('/').next().unwrap().to_string();
            let address = Address::from_hex(&hex).unwrap();
            balances.insert(address, self.balance(&address).await);
        }
        (staking, balances)
    }

    /// `msg` from `signer` fails with (codespace, code) in a block, and changes nothing but the
    /// fee paid and the sequence used. A failure in the message's stateless checks shows in
    /// CheckTx already and costs no fee (the ante stops before charging it); any other passes
    /// CheckTx, which runs the ante only (as the SDK's), and pays its fee in the block.
    pub async fn refused(&mut self, signer: &Signer, msg: Any, codespace: &str, code: u32, why: &str) {
        let tx = self.tx(signer, vec![msg]);
        let check = self.node.check_tx(&tx).await;
        let stateless = check.code != 0;
        if stateless {
            assert_eq!((check.codespace.as_str(), check.code), (codespace, code), "CheckTx, {why}: {}", check.log);
            // Not charged, so the sequence was not used either.
            *self.sequences.get_mut(&signer.address()).unwrap() -= 1;
        }
        let (staking, mut balances) = self.staking_and_balances().await;
        // BeginBlock mints into the fee collector and (from height 2) moves all it holds to
        // distribution: those two balances are mint's and distribution's tests' business; the
        // fee shows in the signer's balance.
        balances.remove(&symbiote_auth::fee_collector_address());
        balances.remove(&symbiote_distribution::module_address());
        // A refusal is shown in a block without votes: with them, BeginBlock would move rewards
        // and liveness records whatever the tx did.
        let context = std::mem::take(&mut self.context);
        let r = self.block(vec![tx]).await;
        self.context = context;
        let result = &r.tx_results[0];
        assert_eq!((result.codespace.as_str(), result.code.value()), (codespace, code), "{why}: {}", result.log);
        if !stateless {
            *balances.get_mut(&signer.address()).unwrap() -= FEE;
        }
        let (staking_after, mut balances_after) = self.staking_and_balances().await;
        balances_after.remove(&symbiote_auth::fee_collector_address());
        balances_after.remove(&symbiote_distribution::module_address());
        assert!(
            staking_after == staking,
            "{why}: a failed message changed staking, distribution, slashing or gov state"
        );
        assert_eq!(balances_after, balances, "{why}: a failed message moved coins beyond the fee");
    }
}

/// The coins mint created in this block (its `mint` event).
pub fn minted(r: &BlockResult) -> u128 {
    let e = r.events.iter().find(|e| e.kind == "mint").expect("a mint event every block");
    let amount = e.attributes.iter().find(|a| a.key_bytes() == b"amount").unwrap();
    std::str::from_utf8(amount.value_bytes()).unwrap().parse().unwrap()
}

/// Validator `seed`'s vote in the last commit, with the power CometBFT gives it.
pub fn vote(seed: u8, power: u64, flag: tendermint::block::BlockIdFlag) -> tendermint::abci::types::VoteInfo {
    tendermint::abci::types::VoteInfo {
        validator: tendermint::abci::types::Validator {
            address: *consensus_key(seed).address().as_bytes(),
            power: power.try_into().unwrap(),
        },
        sig_info: tendermint::abci::types::BlockSignatureInfo::Flag(flag),
    }
}

/// The usym `amount` of a bank event (`123usym`, or empty for nothing).
fn usym_of(e: &tendermint::abci::Event) -> u128 {
    let amount = e.attributes.iter().find(|a| a.key_bytes() == b"amount").map(|a| a.value_bytes()).unwrap_or_default();
    let text = std::str::from_utf8(amount).unwrap();
    if text.is_empty() {
        return 0;
    }
    text.strip_suffix("usym").unwrap_or_else(|| panic!("not a usym amount: {text}")).parse().unwrap()
}
