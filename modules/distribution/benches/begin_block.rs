//! BeginBlock cost of mint + distribution + slashing with 150 validators (issue 12's benchmark):
//! every validator votes in the last commit, the fee collector holds the block's mint and fees.
//! Measured with 10,000 and 100,000 delegations: the cost must follow the validators, not the
//! delegations. Then the cost of one MsgWithdrawDelegatorReward after 0, 10 and 100 slashes of
//! its validator: it must follow the slashes since the delegation started.
//!
//! State lives in a committed cnidarium store (RocksDB + JMT), as on a node. Prints figures; it
//! asserts nothing about time. Run: `cargo bench -p symbiote-distribution --bench begin_block`.

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
use symbiote_distribution::{Distribution, MsgWithdrawDelegatorReward};
use symbiote_mint::Mint;
use symbiote_slashing::Slashing;
use symbiote_staking::validator::{CommissionRates, ConsensusPubkey, Description};
use symbiote_staking::{MsgCreateValidator, MsgDelegate, Params, Staking};
use tendermint::abci::types::{BlockSignatureInfo, CommitInfo, VoteInfo};
use tendermint::block::BlockIdFlag;
use tendermint::Time;

const VALIDATORS: u32 = 150;
const GENESIS_SECS: i64 = 1_700_000_000;
const SETTLE_SECS: u64 = 10;

fn account(i: u32) -> Address {
    let mut bytes = [0u8; 20];
    bytes[..4].copy_from_slice(&i.to_be_bytes());
    bytes[19] = 0xBB;
    Address::from_bytes(bytes)
}

fn validator(i: u32) -> ValAddress {
    ValAddress::from_account(account(i))
}

fn delegator(i: u32) -> Address {
    account(VALIDATORS + i)
}

fn consensus_key(i: u32) -> ConsensusPubkey {
    let mut seed = [0u8; 32];
    seed[..4].copy_from_slice(&i.to_be_bytes());
    ConsensusPubkey(ed25519_consensus::SigningKey::from(seed).verification_key().to_bytes())
}

fn usym(amount: u64) -> Coin {
    Coin::new("usym", amount)
}

type State = StateDelta<cnidarium::Snapshot>;

struct Bench {
    storage: TempStorage,
    accounts: &'static ModuleAccounts,
    hooks: &'static Hooks,
    height: u64,
    time: Time,
    /// Every validator's vote, at its power.
    votes: Vec<VoteInfo>,
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
            last_commit: CommitInfo { round: 0u16.into(), votes: self.votes.clone() },
            misbehavior: vec![],
            next_validators_hash: tendermint::Hash::None,
            last_app_hash: vec![],
            accounts: self.accounts,
            hooks: self.hooks,
        }
    }

    fn state(&self) -> State {
        StateDelta::new(self.storage.latest_snapshot())
    }

    async fn exec<M: MsgHandler, S: cnidarium::StateWrite>(&self, state: &mut S, msg: M) {
        let ctx = self.msg_ctx();
        msg.check_stateless().unwrap();
        msg.check_stateful(&*state, &ctx).await.unwrap();
        msg.execute(state, &ctx).await.unwrap();
    }

    /// The three BeginBlocks in the module list's order, metered; returns (time, store gas).
    async fn begin(&self, state: &mut State) -> (Duration, u64) {
        let block = self.block();
        let meter = GasMeter::new(u64::MAX);
        let mut metered = Metered::new(state, meter.clone());
        let start = Instant::now();
        Mint::begin_block(&mut metered, &block).await.unwrap();
        Distribution::begin_block(&mut metered, &block).await.unwrap();
        Slashing::begin_block(&mut metered, &block).await.unwrap();
        (start.elapsed(), meter.consumed())
    }

    /// Staking's EndBlock (the validator set), commit, and on to the next block.
    async fn end_and_commit(&mut self, mut state: State) {
        Staking::end_block(&mut state, &self.block()).await.unwrap();
        self.storage.commit(state).await.unwrap();
        self.height += 1;
        self.time = self.time.checked_add(Duration::from_secs(5)).unwrap();
    }
}

/// 150 bonded validators with `delegations` delegations (round robin), committed.
async fn chain(delegations: u32) -> Bench {
    let storage = TempStorage::new().await.unwrap();
    let accounts: &'static ModuleAccounts = Box::leak(Box::new(ModuleAccounts::new(Auth::ACCOUNTS.iter().copied())));
    let mut hooks = Hooks::new();
    Distribution::register_hooks(&mut hooks);
    Slashing::register_hooks(&mut hooks);
    let hooks: &'static Hooks = Box::leak(Box::new(hooks));
    let time = Time::from_unix_timestamp(GENESIS_SECS, 0).unwrap();
    let mut bench = Bench { storage, accounts, hooks, height: 1, time, votes: vec![] };

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
    let staking = symbiote_staking::genesis::GenesisState {
        params: Params { max_validators: VALIDATORS, ..Params::default() },
        ..Default::default()
    };
    let ctx = GenesisContext { chain_id: "bench".into(), genesis_time: time, accounts, hooks };
    let mut state = bench.state();
    Auth::init_genesis(&mut state, &auth, &ctx).await.unwrap();
    Bank::init_genesis(&mut state, &bank, &ctx).await.unwrap();
    Mint::init_genesis(&mut state, &Default::default(), &ctx).await.unwrap();
    Distribution::init_genesis(&mut state, &Default::default(), &ctx).await.unwrap();
    Slashing::init_genesis(&mut state, &Default::default(), &ctx).await.unwrap();
    Staking::init_genesis(&mut state, &staking, &ctx).await.unwrap();
    bench.storage.commit(state).await.unwrap();

    let mut state = bench.state();
    for i in 0..VALIDATORS {
        let create = MsgCreateValidator {
            description: Description { moniker: format!("v{i}"), ..Default::default() },
            commission: Some(CommissionRates {
                rate: "0.05".parse().unwrap(),
                max_rate: "0.2".parse().unwrap(),
                max_change_rate: "0.01".parse().unwrap(),
            }),
            min_self_delegation: Amount::from(1u64),
            validator_address: validator(i),
            pubkey: Some(consensus_key(i)),
            value: usym(100_000_000 + u64::from(i) * 1_000_000),
            delegator_address: String::new(),
        };
        bench.exec(&mut state, create).await;
    }
    bench.end_and_commit(state).await;
    bench.votes = (0..VALIDATORS)
        .map(|i| VoteInfo {
            validator: tendermint::abci::types::Validator {
                address: *consensus_key(i).address().as_bytes(),
                power: (100 + u64::from(i)).try_into().unwrap(),
            },
            sig_info: BlockSignatureInfo::Flag(BlockIdFlag::Commit),
        })
        .collect();

    let mut next = 0u32;
    while next < delegations {
        let upto = (next + 10_000).min(delegations);
        let mut state = bench.state();
        for i in next..upto {
            let msg = MsgDelegate {
                delegator_address: delegator(i),
                validator_address: validator(i % VALIDATORS),
                amount: usym(1_000_000 + u64::from(i % 7) * 100_000),
            };
            bench.exec(&mut state, msg).await;
        }
        bench.end_and_commit(state).await;
        next = upto;
    }
    bench
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn median<T: Copy + Ord>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}

/// Median BeginBlock time and gas over 21 blocks.
async fn begin_blocks(b: &mut Bench) -> (Duration, u64) {
    tokio::time::sleep(Duration::from_secs(SETTLE_SECS)).await;
    let (mut times, mut gas) = (vec![], vec![]);
    for _ in 0..21 {
        let mut state = b.state();
        let (t, g) = b.begin(&mut state).await;
        times.push(t);
        gas.push(g);
        b.end_and_commit(state).await;
    }
    (median(times), median(gas))
}

/// Store gas of one withdrawal by delegator 0 after `slashes` slashes of its validator since its
/// delegation (re)started.
async fn withdraw_after(b: &mut Bench, slashes: u32) -> (Duration, u64) {
    // Restart the delegation's period here, so the slashes below are all "since it started".
    let withdraw = MsgWithdrawDelegatorReward { delegator_address: delegator(0), validator_address: validator(0) };
    let mut state = b.state();
    b.exec(&mut state, withdraw.clone()).await;
    b.end_and_commit(state).await;
    for _ in 0..slashes {
        let mut state = b.state();
        b.begin(&mut state).await;
        let env = symbiote_staking::Env { height: b.height, time: b.time, hooks: b.hooks };
        let fraction: LegacyDec = "0.0001".parse().unwrap();
        symbiote_staking::slash::slash(&mut state, env, &consensus_key(0).address(), b.height, 100, fraction)
            .await
            .unwrap();
        b.end_and_commit(state).await;
    }
    let mut state = b.state();
    b.begin(&mut state).await;
    let meter = GasMeter::new(u64::MAX);
    let start = Instant::now();
    b.exec(&mut Metered::new(&mut state, meter.clone()), withdraw).await;
    let took = start.elapsed();
    b.end_and_commit(state).await;
    (took, meter.consumed())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!(
        "BeginBlock (mint + distribution + slashing), {VALIDATORS} validators all voting: median time / store gas"
    );
    for delegations in [10_000, 100_000] {
        let setup = Instant::now();
        let mut b = chain(delegations).await;
        let (t, g) = begin_blocks(&mut b).await;
        println!("{delegations:>7} delegations: {} / {g} gas   (run {:.0} s)", ms(t), setup.elapsed().as_secs_f64());
        if delegations == 10_000 {
            println!("MsgWithdrawDelegatorReward after k slashes of its validator since the delegation started:");
            for k in [0, 10, 100] {
                let (t, g) = withdraw_after(&mut b, k).await;
                println!("  k = {k:>3}: {} / {g} gas", ms(t));
            }
        }
    }
}
