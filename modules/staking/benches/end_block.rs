//! EndBlock cost with 150 validators and 100,000 delegations (issue 10's benchmark): an empty
//! block, a block in which 1,000 delegations changed (so many validators' powers changed), and a
//! block in which 1,000 unbonding entries mature. Each is also measured with 10,000 delegations:
//! the cost must follow the changes, not the number of delegations.
//!
//! State lives in a committed cnidarium store (RocksDB + JMT), as on a node. Prints figures; it
//! asserts nothing about time. Run: `cargo bench -p symbiote-staking --bench end_block`.

use std::time::{Duration, Instant};

use cnidarium::{StateDelta, TempStorage};
use symbiote_auth::genesis::{GenesisAccount, GenesisState as AuthGenesis};
use symbiote_auth::Auth;
use symbiote_bank::genesis::{GenesisBalance, GenesisCoin, GenesisState as BankGenesis};
use symbiote_bank::Bank;
use symbiote_core::module_account::ModuleAccounts;
use symbiote_core::{
    Address, Amount, BlockInfo, Coin, GasMeter, GenesisContext, Hooks, LegacyDec, Metered, Module, MsgContext,
    MsgHandler, ValAddress,
};
use symbiote_staking::genesis::GenesisState;
use symbiote_staking::validator::{CommissionRates, ConsensusPubkey, Description};
use symbiote_staking::{MsgCreateValidator, MsgDelegate, MsgUndelegate, Params, Staking};
use tendermint::Time;

const VALIDATORS: u32 = 150;
const CHANGES: u32 = 1_000;
const GENESIS_SECS: i64 = 1_700_000_000;
const UNBONDING_SECS: u64 = 600;
const SETTLE_SECS: u64 = 10;

fn account(i: u32) -> Address {
    let mut bytes = [0u8; 20];
    bytes[..4].copy_from_slice(&i.to_be_bytes());
    bytes[19] = 0xAA;
    Address::from_bytes(bytes)
}

fn validator(i: u32) -> ValAddress {
    ValAddress::from_account(account(i))
}

/// Accounts 0..VALIDATORS operate validators; delegators follow.
fn delegator(i: u32) -> Address {
    account(VALIDATORS + i)
}

fn usym(amount: u64) -> Coin {
    Coin::new("usym", amount)
}

struct EndBlockCost {
    took: Duration,
    gas: u64,
    updates: usize,
}

struct Bench {
    storage: TempStorage,
    accounts: &'static ModuleAccounts,
    hooks: &'static Hooks,
    height: u64,
    time: Time,
}

impl Bench {
    fn msg_ctx(&self) -> MsgContext {
        MsgContext {
            chain_id: "bench".into(),
            height: self.height,
            time: self.time,
            tx_hash: [0; 32],
            accounts: self.accounts,
            hooks: self.hooks,
        }
    }

    fn block(&self) -> BlockInfo {
        BlockInfo {
            chain_id: "bench".into(),
            height: self.height,
            time: self.time,
            proposer: [0; 20],
            last_commit: tendermint::abci::types::CommitInfo { round: 0u16.into(), votes: vec![] },
            misbehavior: vec![],
            next_validators_hash: tendermint::Hash::None,
            last_app_hash: vec![],
            accounts: self.accounts,
            hooks: self.hooks,
        }
    }

    /// Runs `msgs` as the executor does (checks, then execute), all in one block's state.
    async fn exec_all<M: MsgHandler>(&self, state: &mut StateDelta<cnidarium::Snapshot>, msgs: Vec<M>) {
        let ctx = self.msg_ctx();
        for msg in msgs {
            msg.check_stateless().unwrap();
            msg.check_stateful(&*state, &ctx).await.unwrap();
            msg.execute(state, &ctx).await.unwrap();
        }
    }

    /// Ends the block on `state`, then commits and begins the next block `secs` later. Returns
    /// what staking's EndBlock cost: time, and store gas (the SDK's KV gas for every read, scan
    /// step and write — a count of store work that no noise on the machine changes).
    async fn end_and_commit(&mut self, mut state: StateDelta<cnidarium::Snapshot>, secs: u64) -> EndBlockCost {
        let block = self.block();
        let meter = GasMeter::new(u64::MAX);
        let start = Instant::now();
        let end = Staking::end_block(&mut Metered::new(&mut state, meter.clone()), &block).await.unwrap();
        let took = start.elapsed();
        self.storage.commit(state).await.unwrap();
        self.height += 1;
        self.time = self.time.checked_add(Duration::from_secs(secs)).unwrap();
        let mut next = StateDelta::new(self.storage.latest_snapshot());
        Staking::begin_block(&mut next, &self.block()).await.unwrap();
        self.storage.commit(next).await.unwrap();
        EndBlockCost { took, gas: meter.consumed(), updates: end.validator_updates.len() }
    }

    fn state(&self) -> StateDelta<cnidarium::Snapshot> {
        StateDelta::new(self.storage.latest_snapshot())
    }
}

/// A chain with 150 validators and `delegations` delegations (each delegator delegates to one
/// validator, round robin), committed.
async fn chain(delegations: u32) -> Bench {
    let storage = TempStorage::new().await.unwrap();
    let accounts: &'static ModuleAccounts = Box::leak(Box::new(ModuleAccounts::new(
        Auth::ACCOUNTS.iter().copied().chain(Staking::ACCOUNTS.iter().copied()),
    )));
    let hooks: &'static Hooks = Box::leak(Box::new(Hooks::new()));
    let time = Time::from_unix_timestamp(GENESIS_SECS, 0).unwrap();
    let mut bench = Bench { storage, accounts, hooks, height: 1, time };

    let funded: Vec<Address> = (0..VALIDATORS + delegations).map(account).collect();
    let auth = AuthGenesis {
        accounts: funded.iter().enumerate().map(|(i, a)| GenesisAccount::new(a, i as u64)).collect(),
        ..Default::default()
    };
    let bank = BankGenesis {
        balances: funded
            .iter()
            .map(|a| GenesisBalance {
                address: a.to_string(),
                coins: vec![GenesisCoin { denom: "usym".into(), amount: "1000000000000".into() }],
            })
            .collect(),
        ..Default::default()
    };
    let params =
        Params { unbonding_time: Duration::from_secs(UNBONDING_SECS), max_validators: VALIDATORS, ..Params::default() };
    let staking = GenesisState { params, ..Default::default() };
    let ctx = GenesisContext { chain_id: "bench".into(), genesis_time: time, accounts, hooks };
    let mut state = bench.state();
    Auth::init_genesis(&mut state, &auth, &ctx).await.unwrap();
    Bank::init_genesis(&mut state, &bank, &ctx).await.unwrap();
    Staking::init_genesis(&mut state, &staking, &ctx).await.unwrap();
    bench.storage.commit(state).await.unwrap();

    let creates = (0..VALIDATORS)
        .map(|i| {
            let mut seed = [0u8; 32];
            seed[..4].copy_from_slice(&i.to_be_bytes());
            MsgCreateValidator {
                description: Description { moniker: format!("v{i}"), ..Default::default() },
                commission: Some(CommissionRates {
                    rate: LegacyDec::from(0i64),
                    max_rate: "0.2".parse().unwrap(),
                    max_change_rate: "0.01".parse().unwrap(),
                }),
                min_self_delegation: Amount::from(1u64),
                validator_address: validator(i),
                pubkey: Some(ConsensusPubkey(ed25519_consensus::SigningKey::from(seed).verification_key().to_bytes())),
                value: usym(100_000_000 + u64::from(i) * 1_000_000),
                delegator_address: String::new(),
            }
        })
        .collect();
    let mut state = bench.state();
    bench.exec_all(&mut state, creates).await;
    bench.end_and_commit(state, 5).await;

    // Delegations in blocks of 10,000, as a busy chain would have accumulated them.
    let mut next = 0u32;
    while next < delegations {
        let upto = (next + 10_000).min(delegations);
        let msgs = (next..upto)
            .map(|i| MsgDelegate {
                delegator_address: delegator(i),
                validator_address: validator(i % VALIDATORS),
                amount: usym(1_000_000 + u64::from(i % 7) * 100_000),
            })
            .collect();
        let mut state = bench.state();
        bench.exec_all(&mut state, msgs).await;
        bench.end_and_commit(state, 5).await;
        next = upto;
    }
    bench
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// The median time of `runs`, and their store gas (every run of a scenario costs the same gas
/// here, so the median of the gas is that figure).
fn median(runs: &[EndBlockCost]) -> (Duration, u64) {
    let mut times: Vec<Duration> = runs.iter().map(|r| r.took).collect();
    let mut gas: Vec<u64> = runs.iter().map(|r| r.gas).collect();
    times.sort();
    gas.sort();
    (times[times.len() / 2], gas[gas.len() / 2])
}

struct Figures {
    empty: (Duration, u64),
    changed: (Duration, u64),
    executing: Duration,
    maturing: (Duration, u64),
}

async fn measure(delegations: u32) -> Figures {
    let mut b = chain(delegations).await;

    // Empty blocks, once RocksDB's background flushes and compactions after the setup's
    // 10,000-delegation blocks have settled (they share the two cores with the measurement).
    tokio::time::sleep(Duration::from_secs(SETTLE_SECS)).await;
    let mut empty = vec![];
    for _ in 0..21 {
        let cost = b.end_and_commit(b.state(), 5).await;
        assert_eq!(cost.updates, 0);
        empty.push(cost);
    }

    // 1,000 existing delegators add to their delegations: every validator's power changes.
    let mut changed = vec![];
    let mut exec = vec![];
    for round in 0..5u32 {
        let msgs = (0..CHANGES)
            .map(|k| {
                let i = (k * 97 + round * 13) % delegations;
                MsgDelegate {
                    delegator_address: delegator(i),
                    validator_address: validator(i % VALIDATORS),
                    amount: usym(1_000_000),
                }
            })
            .collect();
        let mut state = b.state();
        let start = Instant::now();
        b.exec_all(&mut state, msgs).await;
        exec.push(start.elapsed());
        let cost = b.end_and_commit(state, 5).await;
        assert!(cost.updates > 0);
        changed.push(cost);
    }
    exec.sort();

    // 1,000 unbonding entries started in one block, all maturing in one later EndBlock.
    let msgs = (0..CHANGES)
        .map(|k| {
            let i = (k * 89 + 5) % delegations;
            MsgUndelegate {
                delegator_address: delegator(i),
                validator_address: validator(i % VALIDATORS),
                amount: usym(1),
            }
        })
        .collect();
    let mut state = b.state();
    b.exec_all(&mut state, msgs).await;
    b.end_and_commit(state, UNBONDING_SECS + 1).await;
    let maturing = b.end_and_commit(b.state(), 5).await;

    Figures {
        empty: median(&empty),
        changed: median(&changed),
        executing: exec[exec.len() / 2],
        maturing: (maturing.took, maturing.gas),
    }
}

fn cell((time, gas): (Duration, u64)) -> String {
    format!("{} / {gas} gas", ms(time))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("staking EndBlock, {VALIDATORS} validators (max_validators {VALIDATORS}): median time / store gas");
    println!(
        "{:>11} | {:>24} | {:>28} | {:>14} | {:>28}",
        "delegations", "empty block", "1,000 changed delegations", "(their msgs)", "1,000 unbondings mature"
    );
    for delegations in [10_000, 100_000] {
        let setup = Instant::now();
        let f = measure(delegations).await;
        println!(
            "{delegations:>11} | {:>24} | {:>28} | {:>14} | {:>28}   (run {:.0} s)",
            cell(f.empty),
            cell(f.changed),
            ms(f.executing),
            cell(f.maturing),
            setup.elapsed().as_secs_f64()
        );
    }
}
