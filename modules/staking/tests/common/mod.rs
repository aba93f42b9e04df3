//! A chain in memory for staking tests: auth, bank and staking genesis, messages run as the
//! executor runs them (checks, then execute in an overlay that only a success applies), blocks
//! advanced by hand with staking's begin/end-block hooks, and the invariants after each block.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cnidarium::{StateDelta, StateWrite, TempStorage};
use symbiote_auth::genesis::{GenesisAccount, GenesisState as AuthGenesis};
use symbiote_auth::Auth;
use symbiote_bank::genesis::{GenesisBalance, GenesisCoin, GenesisState as BankGenesis};
use symbiote_bank::{Bank, BankRead};
use symbiote_core::module_account::ModuleAccounts;
use symbiote_core::{
    Address, Amount, BlockInfo, Coin, ConsAddress, Erased, GenesisContext, Hooks, LegacyDec, Module, MsgContext,
    MsgHandler, SdkResult, ValAddress, ValidatorUpdate,
};
use symbiote_staking::genesis::GenesisState;
use symbiote_staking::validator::{CommissionRates, ConsensusPubkey, Description};
use symbiote_staking::{MsgCreateValidator, Params, Staking, StakingHooks, StakingRead};
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

pub fn consensus_key(n: u8) -> ConsensusPubkey {
    // Any 32 bytes are stored; CometBFT-valid keys are needed only for the update, so use real
    // ed25519 points: the key of a seed.
    let signing = ed25519_consensus::SigningKey::from([n; 32]);
    ConsensusPubkey(signing.verification_key().to_bytes())
}

pub fn coin(amount: u64) -> Coin {
    Coin::new(DENOM, amount)
}

pub fn dec(s: &str) -> LegacyDec {
    s.parse().unwrap()
}

/// Every hook call, in order, as text.
#[derive(Clone, Default)]
pub struct Recorder(pub Arc<Mutex<Vec<String>>>);

impl Recorder {
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
    fn push(&self, s: String) {
        self.0.lock().unwrap().push(s);
    }
}

#[async_trait::async_trait]
impl StakingHooks for Recorder {
    async fn after_validator_created(&self, _s: &mut Erased<'_>, v: &ValAddress) -> SdkResult<()> {
        self.push(format!("created {}", short(v)));
        Ok(())
    }
    async fn before_validator_modified(&self, _s: &mut Erased<'_>, v: &ValAddress) -> SdkResult<()> {
        self.push(format!("modified {}", short(v)));
        Ok(())
    }
    async fn after_validator_removed(&self, _s: &mut Erased<'_>, _c: &ConsAddress, v: &ValAddress) -> SdkResult<()> {
        self.push(format!("removed {}", short(v)));
        Ok(())
    }
    async fn after_validator_bonded(&self, _s: &mut Erased<'_>, _c: &ConsAddress, v: &ValAddress) -> SdkResult<()> {
        self.push(format!("bonded {}", short(v)));
        Ok(())
    }
    async fn after_validator_begin_unbonding(
        &self,
        _s: &mut Erased<'_>,
        _c: &ConsAddress,
        v: &ValAddress,
    ) -> SdkResult<()> {
        self.push(format!("begin-unbonding {}", short(v)));
        Ok(())
    }
    async fn before_delegation_created(&self, _s: &mut Erased<'_>, d: &Address, v: &ValAddress) -> SdkResult<()> {
        self.push(format!("delegation-created {} {}", d.as_bytes()[0], short(v)));
        Ok(())
    }
    async fn before_delegation_shares_modified(
        &self,
        _s: &mut Erased<'_>,
        d: &Address,
        v: &ValAddress,
    ) -> SdkResult<()> {
        self.push(format!("shares-modified {} {}", d.as_bytes()[0], short(v)));
        Ok(())
    }
    async fn before_delegation_removed(&self, _s: &mut Erased<'_>, d: &Address, v: &ValAddress) -> SdkResult<()> {
        self.push(format!("delegation-removed {} {}", d.as_bytes()[0], short(v)));
        Ok(())
    }
    async fn after_delegation_modified(&self, _s: &mut Erased<'_>, d: &Address, v: &ValAddress) -> SdkResult<()> {
        self.push(format!("delegation-modified {} {}", d.as_bytes()[0], short(v)));
        Ok(())
    }
    async fn after_unbonding_initiated(&self, _s: &mut Erased<'_>, id: u64) -> SdkResult<()> {
        self.push(format!("unbonding {id}"));
        Ok(())
    }
}

/// Operator `n` shows as `v<n>` in hook records.
fn short(v: &ValAddress) -> String {
    format!("v{}", v.as_bytes()[0])
}

pub struct Chain {
    _storage: TempStorage,
    pub state: StateDelta<cnidarium::Snapshot>,
    pub height: u64,
    pub time: Time,
    pub accounts: &'static ModuleAccounts,
    pub hooks: &'static Hooks,
    pub recorder: Recorder,
    pub events: Vec<Event>,
}

pub struct Setup {
    pub params: Params,
    /// (account byte, usym balance) funded at genesis.
    pub funded: Vec<(u8, u64)>,
}

impl Default for Setup {
    fn default() -> Self {
        let params = Params { unbonding_time: Duration::from_secs(100), ..Params::default() };
        Self { params, funded: (1..=9).map(|n| (n, 1_000_000_000)).collect() }
    }
}

impl Chain {
    pub async fn new() -> Self {
        Self::with(Setup::default()).await
    }

    pub async fn with(setup: Setup) -> Self {
        let storage = TempStorage::new().await.unwrap();
        let state = StateDelta::new(storage.latest_snapshot());
        let accounts: &'static ModuleAccounts = Box::leak(Box::new(ModuleAccounts::new(
            Auth::ACCOUNTS.iter().copied().chain(Staking::ACCOUNTS.iter().copied()),
        )));
        let recorder = Recorder::default();
        let mut hooks = Hooks::new();
        hooks.add::<dyn StakingHooks>(Box::new(recorder.clone()));
        let hooks: &'static Hooks = Box::leak(Box::new(hooks));
        let mut chain = Self {
            _storage: storage,
            state,
            height: 0,
            time: Time::from_unix_timestamp(GENESIS_SECS, 0).unwrap(),
            accounts,
            hooks,
            recorder,
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
        let staking = GenesisState { params: setup.params, ..Default::default() };
        Auth::init_genesis(&mut chain.state, &auth, &ctx).await.unwrap();
        Bank::init_genesis(&mut chain.state, &bank, &ctx).await.unwrap();
        Staking::init_genesis(&mut chain.state, &staking, &ctx).await.unwrap();
        let updates = Staking::init_validators(&mut chain.state, &staking, &ctx).await.unwrap();
        assert!(updates.is_empty());
        chain.height = 1;
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

    /// Ends the current block (staking's end block), checks the invariants, then begins the next
    /// one `secs` later. Returns the validator updates.
    pub async fn end_block(&mut self, secs: u64) -> Vec<ValidatorUpdate> {
        let block = self.block();
        let mut overlay = StateDelta::new(&mut self.state);
        let end = Staking::end_block(&mut overlay, &block).await.unwrap();
        let (_, events) = overlay.apply();
        self.events.extend(events);
        symbiote_staking::invariants::check_all(&self.state).await.unwrap();
        self.height += 1;
        self.time = self.time.checked_add(Duration::from_secs(secs)).unwrap();
        let next = self.block();
        Staking::begin_block(&mut self.state, &next).await.unwrap();
        end.validator_updates
    }

    pub async fn balance(&self, n: u8) -> Amount {
        self.state.balance(&account(n), DENOM).await.unwrap()
    }

    pub async fn pools(&self) -> (Amount, Amount) {
        (
            self.state.balance(&symbiote_staking::state::bonded_pool(), DENOM).await.unwrap(),
            self.state.balance(&symbiote_staking::state::not_bonded_pool(), DENOM).await.unwrap(),
        )
    }

    pub async fn validator(&self, n: u8) -> symbiote_staking::Validator {
        self.state.validator(&operator(n)).await.unwrap().unwrap()
    }

    pub fn take_events(&mut self, kind: &str) -> Vec<Event> {
        let (matching, rest) = std::mem::take(&mut self.events).into_iter().partition(|e| e.kind == kind);
        self.events = rest;
        matching
    }
}

pub fn create_validator(n: u8, amount: u64) -> MsgCreateValidator {
    MsgCreateValidator {
        description: Description { moniker: format!("val{n}"), ..Default::default() },
        commission: Some(CommissionRates { rate: dec("0.1"), max_rate: dec("0.2"), max_change_rate: dec("0.01") }),
        min_self_delegation: Amount::from(1u64),
        validator_address: operator(n),
        pubkey: Some(consensus_key(n)),
        value: coin(amount),
        delegator_address: String::new(),
    }
}

pub fn attr<'a>(e: &'a Event, key: &str) -> &'a str {
    e.attributes.iter().find(|a| a.key_str().ok() == Some(key)).and_then(|a| a.value_str().ok()).unwrap_or("")
}

pub fn power_of(updates: &[ValidatorUpdate], key: &ConsensusPubkey) -> Option<u64> {
    updates.iter().find(|u| u.pub_key.to_bytes() == key.0).map(|u| u.power.value())
}

/// The state type chains use, for helpers that take `&mut impl StateWrite`.
pub fn _assert_state_write<S: StateWrite>(_: &S) {}
