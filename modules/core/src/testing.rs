//! A chain in memory for module tests: genesis written by hand, messages run as the executor runs
//! them (stateless, stateful, then execute in an overlay only a success applies), block height and
//! time moved by hand, commits so query services read snapshots, and a helper that proves a
//! refused message changed nothing. Not used by the chain itself.

use std::time::Duration;

use cnidarium::{StateDelta, StateRead, TempStorage};
use futures::StreamExt;
use tendermint::abci::Event;
use tendermint::Time;

use crate::module_account::{ModuleAccount, ModuleAccounts};
use crate::query::Snapshots;
use crate::{GenesisContext, Hooks, MsgContext, MsgHandler, SdkError, SdkResult};

pub const GENESIS_SECS: i64 = 1_700_000_000;

pub struct TestChain {
    pub storage: TempStorage,
    pub state: StateDelta<cnidarium::Snapshot>,
    pub height: u64,
    pub time: Time,
    pub tx_hash: [u8; 32],
    pub accounts: &'static ModuleAccounts,
    pub hooks: &'static Hooks,
    pub events: Vec<Event>,
}

impl TestChain {
    pub async fn new(accounts: &[ModuleAccount], hooks: Hooks) -> Self {
        Self::with_substores(accounts, hooks, &[]).await
    }

    /// A chain whose store has these substores, as the app's has one per module (so proofs are
    /// the app's two-level ICS23 proofs: key in the substore, substore root in the app hash).
    pub async fn with_substores(accounts: &[ModuleAccount], hooks: Hooks, substores: &[&str]) -> Self {
        let prefixes = substores.iter().map(|s| s.to_string()).collect();
        let storage = TempStorage::new_with_prefixes(prefixes).await.expect("temp storage");
        let state = StateDelta::new(storage.latest_snapshot());
        Self {
            storage,
            state,
            height: 1,
            time: Time::from_unix_timestamp(GENESIS_SECS, 0).expect("valid time"),
            tx_hash: [0; 32],
            accounts: Box::leak(Box::new(ModuleAccounts::new(accounts.iter().copied()))),
            hooks: Box::leak(Box::new(hooks)),
            events: Vec::new(),
        }
    }

    pub fn genesis_ctx(&self) -> GenesisContext {
        GenesisContext { chain_id: "test".into(), genesis_time: self.time, accounts: self.accounts, hooks: self.hooks }
    }

    pub fn ctx(&self) -> MsgContext {
        MsgContext {
            chain_id: "test".into(),
            height: self.height,
            time: self.time,
            tx_hash: self.tx_hash,
            accounts: self.accounts,
            hooks: self.hooks,
        }
    }

    /// This block, without votes or misbehaviour, for calling block hooks.
    pub fn block(&self) -> crate::BlockInfo {
        crate::BlockInfo {
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

    /// The next block, `secs` later; each message gets a distinct tx hash.
    pub fn advance(&mut self, secs: u64) {
        self.height += 1;
        self.time = self.time.checked_add(Duration::from_secs(secs)).expect("time in range");
    }

    /// Runs a message as the executor does; a failure leaves no write and no event behind.
    pub async fn exec<M: MsgHandler>(&mut self, msg: M) -> SdkResult<M::Response> {
        self.tx_hash[0] = self.tx_hash[0].wrapping_add(1);
        let ctx = self.ctx();
        msg.check_stateless()?;
        msg.check_stateful(&self.state, &ctx).await?;
        let mut overlay = StateDelta::new(&mut self.state);
        let response = msg.execute(&mut overlay, &ctx).await?;
        let (_, events) = overlay.apply();
        self.events.extend(events);
        Ok(response)
    }

    /// Every key and value under `prefix`.
    pub async fn dump(&self, prefix: &str) -> Vec<(String, Vec<u8>)> {
        let mut stream = std::pin::pin!(self.state.prefix_raw(prefix));
        let mut out = Vec::new();
        while let Some(item) = stream.next().await {
            out.push(item.expect("store read"));
        }
        out
    }

    /// Runs `msg`, which must fail with `codespace`/`code`, and checks that nothing under
    /// `prefix` changed and no event was emitted. Returns the error's log.
    pub async fn refused<M: MsgHandler>(&mut self, msg: M, codespace: &str, code: u32, prefix: &str) -> String {
        let before = self.dump(prefix).await;
        let events = self.events.len();
        let err: SdkError = match self.exec(msg).await {
            Ok(_) => panic!("expected {codespace} code {code}, the message succeeded"),
            Err(e) => e,
        };
        assert_eq!((err.codespace, err.code), (codespace, code), "wrong error: {}", err.log);
        assert_eq!(self.dump(prefix).await, before, "a refused message changed state");
        assert_eq!(self.events.len(), events, "a refused message emitted events");
        err.log
    }

    /// Commits the state so far and returns the query snapshots over the storage.
    pub async fn commit(&mut self) -> Snapshots {
        let state = std::mem::replace(&mut self.state, StateDelta::new(self.storage.latest_snapshot()));
        self.storage.commit(state).await.expect("commit");
        self.state = StateDelta::new(self.storage.latest_snapshot());
        Snapshots::new((*self.storage).clone())
    }
}
