//! An in-process node for tests and benchmarks: drives [`App`] through the same ABCI calls
//! CometBFT makes (InitChain, CheckTx, PrepareProposal, ProcessProposal, FinalizeBlock, Commit),
//! with a deterministic clock, so whole-chain behaviour can be tested in milliseconds.

use std::path::Path;

use anyhow::Result;
use bytes::Bytes;
use symbiote_auth::genesis::GenesisAccount;
use symbiote_bank::genesis::{GenesisBalance, GenesisCoin};
use symbiote_core::Coin;
use tendermint::abci::request;
use tendermint::abci::response;
use tendermint::abci::types::{CommitInfo, Misbehavior};
use tendermint::block::Height;
use tendermint::consensus::params::{Params, ValidatorParams};
use tendermint::{Hash, Time};

use crate::exec::TxOutcome;
use crate::module_set::ModuleSet;
use crate::modules::{AppGenesis, Modules};
use crate::tx::build::Signer;
use crate::App;

pub const TEST_CHAIN_ID: &str = "symbiote-test-1";

/// Genesis funding each signer with `amount` usym, accounts numbered in order.
pub fn genesis_with(signers: &[&Signer], amount: u128) -> AppGenesis {
    let mut g = AppGenesis::default();
    for (i, s) in signers.iter().enumerate() {
        g.auth.accounts.push(GenesisAccount::new(&s.address(), i as u64));
        g.bank.balances.push(GenesisBalance {
            address: s.address().to_string(),
            coins: vec![GenesisCoin::from(&Coin::new(symbiote_core::BASE_DENOM, amount))],
        });
    }
    g
}

pub fn consensus_params(max_gas: i64) -> Params {
    Params {
        block: tendermint::block::Size { max_bytes: 22_020_096, max_gas, time_iota_ms: 1000 },
        evidence: tendermint::evidence::Params {
            max_age_num_blocks: 100_000,
            max_age_duration: tendermint::evidence::Duration(std::time::Duration::from_secs(48 * 3600)),
            max_bytes: 1_048_576,
        },
        validator: ValidatorParams { pub_key_types: vec![tendermint::public_key::Algorithm::Ed25519] },
        version: None,
        abci: Default::default(),
    }
}

/// What CometBFT tells FinalizeBlock besides the txs: the last commit's votes and misbehaviour.
#[derive(Clone, Debug, Default)]
pub struct BlockContext {
    pub proposer: [u8; 20],
    pub last_commit: Vec<tendermint::abci::types::VoteInfo>,
    pub misbehavior: Vec<Misbehavior>,
}

pub struct TestNode<M: ModuleSet = Modules> {
    pub app: App<M>,
    pub height: u64,
    pub chain_id: String,
    /// The validator set InitChain returned (empty: CometBFT's genesis validators stand).
    pub genesis_validators: Vec<tendermint::validator::Update>,
    genesis_time: Time,
}

#[derive(Debug)]
pub struct BlockResult {
    pub tx_results: Vec<tendermint::abci::types::ExecTxResult>,
    pub app_hash: Vec<u8>,
    pub events: Vec<tendermint::abci::Event>,
    pub validator_updates: Vec<tendermint::validator::Update>,
    pub consensus_param_updates: Option<Params>,
}

impl TestNode {
    /// A fresh chain of the symbiote modules in `dir` with the given genesis and block gas limit
    /// (-1 = unlimited).
    pub async fn start(dir: &Path, genesis: &AppGenesis, max_gas: i64) -> Result<Self> {
        Self::start_chain(dir, genesis, max_gas).await
    }

    /// Reopens an existing store, as a restarted node would.
    pub async fn reopen(dir: &Path) -> Result<Self> {
        Self::reopen_chain(dir).await
    }
}

impl<M: ModuleSet> TestNode<M> {
    /// A fresh chain of the modules `M` in `dir` with the given genesis and block gas limit
    /// (-1 = unlimited).
    pub async fn start_chain(dir: &Path, genesis: &M::Genesis, max_gas: i64) -> Result<Self> {
        let storage = crate::server::open_storage::<M>(dir).await?;
        let mut app = App::new(storage).await?;
        let genesis_time = Time::from_unix_timestamp(1_700_000_000, 0)?;
        let init = app
            .init_chain(request::InitChain {
                time: genesis_time,
                chain_id: TEST_CHAIN_ID.into(),
                consensus_params: consensus_params(max_gas),
                validators: vec![],
                app_state_bytes: Bytes::from(serde_json::to_vec(genesis)?),
                initial_height: Height::from(1u32),
            })
            .await?;
        Ok(Self { app, height: 0, chain_id: TEST_CHAIN_ID.into(), genesis_validators: init.validators, genesis_time })
    }

    /// Reopens an existing store of the modules `M`, as a restarted node would.
    pub async fn reopen_chain(dir: &Path) -> Result<Self> {
        let storage = crate::server::open_storage::<M>(dir).await?;
        let app = App::new(storage).await?;
        let height = app.snapshots().latest().height();
        Ok(Self {
            app,
            height,
            chain_id: TEST_CHAIN_ID.into(),
            genesis_validators: vec![],
            genesis_time: Time::from_unix_timestamp(1_700_000_000, 0)?,
        })
    }

    fn time_of(&self, height: u64) -> Time {
        (self.genesis_time + std::time::Duration::from_secs(height * 5)).expect("test clock in range")
    }

    pub async fn check_tx(&self, tx: &[u8]) -> TxOutcome {
        self.app.mempool().lock().await.check_tx(tx).await
    }

    /// Proposes (PrepareProposal over `mempool`), validates (ProcessProposal), executes and commits a
    /// block, as one honest validator would. Returns the txs that made it in and their results.
    pub async fn produce_block(&mut self, mempool: Vec<Vec<u8>>) -> Result<(Vec<Bytes>, BlockResult)> {
        let height = self.height + 1;
        let prepared = self
            .app
            .prepare_proposal(request::PrepareProposal {
                max_tx_bytes: 1_048_576,
                txs: mempool.into_iter().map(Bytes::from).collect(),
                local_last_commit: None,
                misbehavior: vec![],
                height: Height::try_from(height)?,
                time: self.time_of(height),
                next_validators_hash: Hash::None,
                proposer_address: tendermint::account::Id::new([0; 20]),
            })
            .await?;
        let verdict = self.process(prepared.txs.clone()).await?;
        anyhow::ensure!(verdict == response::ProcessProposal::Accept, "own proposal rejected");
        let result = self.finalize_and_commit(prepared.txs.clone()).await?;
        Ok((prepared.txs, result))
    }

    pub async fn process(&mut self, txs: Vec<Bytes>) -> Result<response::ProcessProposal> {
        let height = self.height + 1;
        self.app
            .process_proposal(request::ProcessProposal {
                txs,
                proposed_last_commit: None,
                misbehavior: vec![],
                hash: Hash::None,
                height: Height::try_from(height)?,
                time: self.time_of(height),
                next_validators_hash: Hash::None,
                proposer_address: tendermint::account::Id::new([0; 20]),
            })
            .await
    }

    /// FinalizeBlock + Commit of exactly these txs (a block some other proposer made).
    pub async fn finalize_and_commit(&mut self, txs: Vec<Bytes>) -> Result<BlockResult> {
        let result = self.finalize(txs).await?;
        self.commit().await?;
        Ok(result)
    }

    /// FinalizeBlock only; [`TestNode::commit`] persists it.
    pub async fn finalize(&mut self, txs: Vec<Bytes>) -> Result<BlockResult> {
        self.finalize_with(txs, BlockContext::default()).await
    }

    /// FinalizeBlock with what CometBFT would say about the last commit and misbehaviour.
    pub async fn finalize_with(&mut self, txs: Vec<Bytes>, context: BlockContext) -> Result<BlockResult> {
        let height = self.height + 1;
        let resp = self
            .app
            .finalize_block(request::FinalizeBlock {
                txs,
                decided_last_commit: CommitInfo { round: 0u8.into(), votes: context.last_commit },
                misbehavior: context.misbehavior,
                hash: Hash::None,
                height: Height::try_from(height)?,
                time: self.time_of(height),
                next_validators_hash: Hash::None,
                proposer_address: tendermint::account::Id::new(context.proposer),
            })
            .await?;
        Ok(BlockResult {
            tx_results: resp.tx_results,
            app_hash: resp.app_hash.as_bytes().to_vec(),
            events: resp.events,
            validator_updates: resp.validator_updates,
            consensus_param_updates: resp.consensus_param_updates,
        })
    }

    pub async fn commit(&mut self) -> Result<()> {
        self.app.commit().await?;
        self.height += 1;
        Ok(())
    }

    pub async fn app_hash(&self) -> Result<Vec<u8>> {
        Ok(crate::app::info(self.app.snapshots()).await?.last_block_app_hash.as_bytes().to_vec())
    }
}
