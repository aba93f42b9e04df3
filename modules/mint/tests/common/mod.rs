//! A chain in memory for mint tests: auth, bank, staking and mint genesis, messages run as the
//! executor runs them (checks, then execute in an overlay that only a success applies), blocks
//! advanced by hand (mint's begin block first, as in the SDK's order, then staking's), and
//! commits so the query service can read a snapshot. Trimmed from staking's test harness.

#![allow(dead_code)]

use std::time::Duration;

use cnidarium::{StateDelta, TempStorage};
use symbiote_auth::genesis::{GenesisAccount, GenesisState as AuthGenesis};
use symbiote_auth::Auth;
use symbiote_bank::genesis::{GenesisBalance, GenesisCoin, GenesisState as BankGenesis};
use symbiote_bank::{Bank, BankRead};
use symbiote_core::module_account::ModuleAccounts;
use symbiote_core::query::Snapshots;
use symbiote_core::{
    Address, Amount, BlockInfo, Coin, GenesisContext, Hooks, LegacyDec, Module, MsgContext, MsgHandler, SdkResult,
    ValAddress,
};
use symbiote_mint::genesis::GenesisState as MintGenesis;
use symbiote_mint::Mint;
use symbiote_staking::genesis::GenesisState as StakingGenesis;
use symbiote_staking::validator::{CommissionRates, ConsensusPubkey, Description};
use symbiote_staking::{MsgCreateValidator, MsgDelegate, Staking};
use tendermint::abci::Event;
use tendermint::Time;

pub const DENOM: &str = "usym";
pub const GENESIS_SECS: i64 = 1_700_000_000;

pub fn account(n: u8) -> Address {
    Address::from_bytes([n; 20])
}

pub fn operator(n: u8) -> ValAddress {
    ValAddress::from_account(account(n))
}

pub fn coin(amount: u64) -> Coin {
    Coin::new(DENOM, amount)
}

pub fn dec(s: &str) -> LegacyDec {
    s.parse().unwrap()
}

pub struct Chain {
    pub storage: TempStorage,
    pub state: StateDelta<cnidarium::Snapshot>,
    pub height: u64,
    pub time: Time,
    pub accounts: &'static ModuleAccounts,
    pub hooks: &'static Hooks,
    pub events: Vec<Event>,
}

pub struct Setup {
    pub mint: MintGenesis,
    /// (account byte, usym balance) funded at genesis.
    pub funded: Vec<(u8, u64)>,
}

impl Chain {
    pub async fn with(setup: Setup) -> Self {
        let storage = TempStorage::new().await.unwrap();
        let state = StateDelta::new(storage.latest_snapshot());
        let accounts: &'static ModuleAccounts = Box::leak(Box::new(ModuleAccounts::new(
            Auth::ACCOUNTS.iter().chain(Staking::ACCOUNTS).chain(Mint::ACCOUNTS).copied(),
        )));
        let hooks: &'static Hooks = Box::leak(Box::new(Hooks::new()));
        let mut chain = Self {
            storage,
            state,
            height: 0,
            time: Time::from_unix_timestamp(GENESIS_SECS, 0).unwrap(),
            accounts,
            hooks,
            events: vec![],
        };
        let ctx = chain.genesis_ctx();
        let auth = AuthGenesis {
            accounts: setup
                .funded
                .iter()
                .enumerate()
                .map(|(i, (n, _))| GenesisAccount::new(&account(*n), i as u64))
                .collect(),
            ..Default::default()
        };
        let bank = BankGenesis {
            balances: setup
                .funded
                .iter()
                .map(|(n, amount)| GenesisBalance {
                    address: account(*n).to_string(),
                    coins: vec![GenesisCoin { denom: DENOM.into(), amount: amount.to_string() }],
                })
                .collect(),
            ..Default::default()
        };
        let staking = StakingGenesis::default();
        Mint::validate_genesis(&setup.mint).unwrap();
        Auth::init_genesis(&mut chain.state, &auth, &ctx).await.unwrap();
        Bank::init_genesis(&mut chain.state, &bank, &ctx).await.unwrap();
        Staking::init_genesis(&mut chain.state, &staking, &ctx).await.unwrap();
        Mint::init_genesis(&mut chain.state, &setup.mint, &ctx).await.unwrap();
        Staking::init_validators(&mut chain.state, &staking, &ctx).await.unwrap();
        chain
    }

    pub fn genesis_ctx(&self) -> GenesisContext {
        GenesisContext { chain_id: "test".into(), genesis_time: self.time, accounts: self.accounts, hooks: self.hooks }
    }

    pub fn ctx(&self) -> MsgContext {
        MsgContext {
            chain_id: "test".into(),
            height: self.height,
            time: self.time,
            tx_hash: [0; 32],
            accounts: self.accounts,
            hooks: self.hooks,
        }
    }

    fn block(&self) -> BlockInfo {
        BlockInfo {
            chain_id: "test".into(),
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

    /// Starts the next block, five seconds on: mint's begin block, then staking's. Returns the
    /// events mint's hook recorded.
    pub async fn begin_block(&mut self) -> Vec<Event> {
        self.height += 1;
        self.time = self.time.checked_add(Duration::from_secs(5)).unwrap();
        let block = self.block();
        let mut overlay = StateDelta::new(&mut self.state);
        Mint::begin_block(&mut overlay, &block).await.unwrap();
        let (_, events) = overlay.apply();
        Staking::begin_block(&mut self.state, &block).await.unwrap();
        events
    }

    /// Ends the current block (staking's end block: bonds validators).
    pub async fn end_block(&mut self) {
        let block = self.block();
        let mut overlay = StateDelta::new(&mut self.state);
        Staking::end_block(&mut overlay, &block).await.unwrap();
        let (_, events) = overlay.apply();
        self.events.extend(events);
    }

    /// Runs a message as the executor does; a failure leaves no write and no event behind.
    pub async fn exec<M: MsgHandler>(&mut self, msg: M) -> SdkResult<M::Response> {
        let ctx = self.ctx();
        msg.check_stateless()?;
        msg.check_stateful(&self.state, &ctx).await?;
        let mut overlay = StateDelta::new(&mut self.state);
        let response = msg.execute(&mut overlay, &ctx).await?;
        let (_, events) = overlay.apply();
        self.events.extend(events);
        Ok(response)
    }

    /// Commits the state so far and returns the query snapshots over the storage.
    pub async fn commit(&mut self) -> Snapshots {
        let state = std::mem::replace(&mut self.state, StateDelta::new(self.storage.latest_snapshot()));
        self.storage.commit(state).await.unwrap();
        self.state = StateDelta::new(self.storage.latest_snapshot());
        Snapshots::new((*self.storage).clone())
    }

    pub async fn balance_of(&self, address: &Address, denom: &str) -> Amount {
        self.state.balance(address, denom).await.unwrap()
    }

    pub async fn supply(&self, denom: &str) -> Amount {
        self.state.supply_of(denom).await.unwrap()
    }
}

pub fn create_validator(n: u8, amount: u64) -> MsgCreateValidator {
    MsgCreateValidator {
        description: Description { moniker: format!("val{n}"), ..Default::default() },
        commission: Some(CommissionRates { rate: dec("0.1"), max_rate: dec("0.2"), max_change_rate: dec("0.01") }),
        min_self_delegation: Amount::from(1u64),
        validator_address: operator(n),
        // Stored and handed to CometBFT as bytes; no test here needs a real point.
        pubkey: Some(ConsensusPubkey([n; 32])),
        value: coin(amount),
        delegator_address: String::new(),
    }
}

pub fn delegate(n: u8, val: u8, amount: u64) -> MsgDelegate {
    MsgDelegate { delegator_address: account(n), validator_address: operator(val), amount: coin(amount) }
}

pub fn attr<'a>(e: &'a Event, key: &str) -> &'a str {
    e.attributes.iter().find(|a| a.key_str().ok() == Some(key)).and_then(|a| a.value_str().ok()).unwrap_or("")
}

// ---- the SDK's arithmetic, by hand ----
//
// Decimals as i128 atoms (10^-18), with the rounding x/mint's LegacyDec operations document:
// Quo and Mul half to even at 18 places, QuoInt and TruncateInt toward zero. Independent of
// symbiote's LegacyDec, so a test comparing the two can fail.

pub const ONE: i128 = 1_000_000_000_000_000_000;

fn round_half_even(quotient: u128, dropped: u128) -> u128 {
    let half = (ONE / 2) as u128;
    if dropped > half || (dropped == half && quotient % 2 == 1) {
        quotient + 1
    } else {
        quotient
    }
}

fn signed(negative: bool, magnitude: u128) -> i128 {
    let m = i128::try_from(magnitude).unwrap();
    if negative {
        -m
    } else {
        m
    }
}

/// The parameters the reference needs, in atoms.
#[derive(Clone, Copy, Debug)]
pub struct RefParams {
    pub rate_change: i128,
    pub max: i128,
    pub min: i128,
    pub goal: i128,
    pub blocks_per_year: u64,
}

impl RefParams {
    pub fn of(p: &symbiote_mint::Params) -> Self {
        let a = |d: LegacyDec| d.atoms_i128().unwrap();
        Self {
            rate_change: a(p.inflation_rate_change),
            max: a(p.inflation_max),
            min: a(p.inflation_min),
            goal: a(p.goal_bonded),
            blocks_per_year: p.blocks_per_year,
        }
    }
}

/// One block of x/mint by hand: (bonded ratio, inflation, annual provisions) in atoms and the
/// minted amount, from the previous inflation, the bonded tokens and the staking supply.
pub fn reference(inflation: i128, bonded: u128, supply: u128, p: RefParams) -> (i128, i128, i128, u128) {
    let one = ONE as u128;
    // BondedRatio: bonded · 10^18 / supply, truncated.
    let ratio = (bonded * one).checked_div(supply).unwrap_or(0) as i128;
    // ratio.Quo(goal): trunc(ratio · 10^36 / goal) rounded to 18 places; ratio · 10^18 = q·goal + r.
    let goal = p.goal as u128;
    let q = ratio as u128 * one / goal;
    let r = ratio as u128 * one % goal;
    let over_goal = round_half_even(q, r * one / goal) as i128;
    // (1 − that).Mul(rate_change), half to even.
    let diff = ONE - over_goal;
    let product = diff.unsigned_abs() * p.rate_change as u128;
    let per_year = signed(diff < 0, round_half_even(product / one, product % one));
    // .Quo(blocks_per_year as a decimal): trunc(per_year · 10^18 / blocks) in 10^-36 units.
    let scaled = per_year.unsigned_abs() * one / u128::from(p.blocks_per_year);
    let change = signed(per_year < 0, round_half_even(scaled / one, scaled % one));
    let next = (inflation + change).min(p.max).max(p.min);
    let annual = next * supply as i128;
    let minted = annual as u128 / u128::from(p.blocks_per_year) / one;
    (ratio, next, annual, minted)
}

/// A non-negative decimal in atoms as LegacyDec's String() writes it: 18 places.
pub fn dec_string(atoms: i128) -> String {
    assert!(atoms >= 0);
    format!("{}.{:018}", atoms / ONE, atoms % ONE)
}
