//! The ibc-rs host contexts over a block's state: what ibc-rs' handlers read and write, stored
//! under ICS-24 paths in the `ibc` substore with ibc-go's encodings.
//!
//! ibc-rs is synchronous and the store is asynchronous: each read blocks on the store's future
//! (`futures::executor::block_on`). That is sound here because the handlers run inside one tx's
//! execution, sequentially, and a store read never waits on the runtime that is blocked — a miss
//! runs on tokio's blocking pool, a hit in the block's caches completes at once. A read that fails
//! (a broken store, a corrupt value) is remembered as an internal error: the caller halts instead
//! of turning it into a tx result; a read that ran out of gas is remembered as that coded error.
//!
//! The state sits in a `RefCell` the context shares with the IBC applications' contexts (ICS-20's
//! bank moves): ibc-rs' `dispatch` borrows the core context and the router mutably at once, and
//! both must write the same tx state.

use std::time::Duration;

use std::cell::RefCell;

use cnidarium::StateWrite;
use futures::executor::block_on;
use ibc::clients::tendermint::client_state::ClientState;
use ibc::clients::tendermint::consensus_state::ConsensusState;
use ibc::core::channel::types::channel::ChannelEnd;
use ibc::core::channel::types::commitment::{AcknowledgementCommitment, PacketCommitment};
use ibc::core::channel::types::packet::Receipt;
use ibc::core::client::context::{ClientExecutionContext, ClientValidationContext, ExtClientValidationContext};
use ibc::core::client::types::Height;
use ibc::core::commitment_types::commitment::CommitmentPrefix;
use ibc::core::commitment_types::specs::ProofSpecs;
use ibc::core::connection::types::ConnectionEnd;
use ibc::core::handler::types::events::IbcEvent;
use ibc::core::host::types::error::HostError;
use ibc::core::host::types::identifiers::{ChainId, ClientId, ConnectionId, Sequence};
use ibc::core::host::types::path::{
    AckPath, ChannelEndPath, ClientConnectionPath, ClientConsensusStatePath, ClientStatePath, ClientUpdateHeightPath,
    ClientUpdateTimePath, CommitmentPath, ConnectionPath, NextChannelSequencePath, NextClientSequencePath,
    NextConnectionSequencePath, ReceiptPath, SeqAckPath, SeqRecvPath, SeqSendPath,
};
use ibc::core::host::{ExecutionContext, ValidationContext};
use ibc::cosmos_host::ValidateSelfClientContext;
use ibc::primitives::proto::{Any, Protobuf};
use ibc::primitives::{Signer, Timestamp};
use ibc_proto::ibc::core::connection::v1::ClientPaths;
use prost::Message;
use symbiote_core::SdkError;
use symbiote_staking::state::StakingRead;

use crate::encoding::{decode_commitment, decode_u64, encode_u64, RECEIPT};
use crate::host::{commitment_prefix, proof_specs, STORE, UPGRADE_PATH};
use crate::keys;

/// What the host knows of the block being executed.
#[derive(Clone, Debug)]
pub struct Host {
    pub chain_id: ChainId,
    /// The block being executed.
    pub height: u64,
    pub time: tendermint::Time,
    /// The staking module's unbonding time: counterparties' clients of this chain must carry it.
    pub unbonding_period: Duration,
    /// Served as `ConnectionParams`; turns a connection's delay period into blocks.
    pub max_expected_time_per_block: Duration,
    proof_specs: ProofSpecs,
    upgrade_path: Vec<String>,
}

impl Host {
    pub fn new(
        chain_id: &str,
        height: u64,
        time: tendermint::Time,
        unbonding_period: Duration,
        max_expected_time_per_block: Duration,
    ) -> Result<Self, SdkError> {
        let chain_id = ChainId::new(chain_id).map_err(|e| SdkError::internal(format!("chain id for IBC: {e}")))?;
        Ok(Self {
            chain_id,
            height,
            time,
            unbonding_period,
            max_expected_time_per_block,
            proof_specs: proof_specs(),
            upgrade_path: UPGRADE_PATH.iter().map(|s| s.to_string()).collect(),
        })
    }

    fn ibc_height(&self, height: u64) -> Result<Height, HostError> {
        crate::host::ibc_height(self.chain_id.as_str(), height)
            .ok_or_else(|| HostError::invalid_state(format!("height {height} is not an IBC height")))
    }
}

impl ValidateSelfClientContext for Host {
    fn chain_id(&self) -> &ChainId {
        &self.chain_id
    }

    fn host_current_height(&self) -> Height {
        Height::new(self.chain_id.revision_number(), self.height.max(1)).expect("a height of at least 1")
    }

    fn proof_specs(&self) -> &ProofSpecs {
        &self.proof_specs
    }

    fn unbonding_period(&self) -> Duration {
        self.unbonding_period
    }

    fn upgrade_path(&self) -> &[String] {
        &self.upgrade_path
    }
}

/// One message's state, shared by the IBC core context and the applications' contexts, and the
/// first failure any of them met that outranks what ibc-rs makes of it (a broken store or a
/// corrupt value: internal, the node halts; a read out of gas: the tx fails with that code).
pub struct Shared<S> {
    state: RefCell<S>,
    failure: RefCell<Option<SdkError>>,
}

impl<S: StateWrite> Shared<S> {
    pub fn new(state: S) -> Self {
        Self { state: RefCell::new(state), failure: RefCell::new(None) }
    }

    pub fn into_inner(self) -> S {
        self.state.into_inner()
    }

    /// The state, to read (a synchronous caller blocks on the read's future while holding it).
    pub fn read(&self) -> std::cell::Ref<'_, S> {
        self.state.borrow()
    }

    /// The state, to write.
    pub fn write(&self) -> std::cell::RefMut<'_, S> {
        self.state.borrow_mut()
    }

    /// Remembers `error` if it is the first failure.
    pub fn fail_with(&self, error: SdkError) {
        self.failure.borrow_mut().get_or_insert(error);
    }

    /// The first failure met, if any: it decides the message's outcome.
    pub fn failure(&self) -> Option<SdkError> {
        self.failure.borrow().clone()
    }

    /// Reads `key`, blocking on the store; a failed read is remembered and returned.
    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, SdkError> {
        let state = self.read();
        block_on(state.get_raw(key)).map_err(|e| {
            let error = SdkError::from(e);
            self.fail_with(error.clone());
            error
        })
    }

    /// Runs an async read of the state to completion; a failure is remembered and returned.
    pub fn block_on<'s, T>(
        &'s self,
        read: impl FnOnce(&'s RefCell<S>) -> futures::future::LocalBoxFuture<'s, Result<T, SdkError>>,
    ) -> Result<T, SdkError> {
        block_on(read(&self.state)).inspect_err(|e| self.fail_with(e.clone()))
    }
}

/// ibc-rs' view of the state of one message.
pub struct IbcContext<'a, S> {
    shared: &'a Shared<S>,
    host: Host,
    events: Vec<IbcEvent>,
}

fn key(path: &impl std::fmt::Display) -> String {
    format!("{STORE}/{}", keys::path(path))
}

impl<'a, S: StateWrite> IbcContext<'a, S> {
    pub fn new(shared: &'a Shared<S>, host: Host) -> Self {
        Self { shared, host, events: Vec::new() }
    }

    pub fn host(&self) -> &Host {
        &self.host
    }

    /// The IBC events the handlers emitted so far, in order.
    pub fn events(&self) -> &[IbcEvent] {
        &self.events
    }

    /// The IBC events the handlers emitted, in order.
    pub fn take_events(&mut self) -> Vec<IbcEvent> {
        std::mem::take(&mut self.events)
    }

    /// A failed read met along the way, which outranks whatever ibc-rs made of it.
    pub fn read_failure(&self) -> Option<SdkError> {
        self.shared.failure()
    }

    fn fail(&self, what: String) -> HostError {
        self.shared.fail_with(SdkError::internal(what.clone()));
        HostError::failed_to_retrieve(what)
    }

    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, HostError> {
        self.shared.get(key).map_err(|e| HostError::failed_to_retrieve(format!("reading {key}: {}", e.log)))
    }

    fn put(&self, key: String, value: Vec<u8>) {
        self.shared.write().put_raw(key, value);
    }

    fn remove(&self, key: String) {
        self.shared.write().delete(key);
    }

    /// A value that must be there (its absence is the caller's error, not an internal one).
    fn need(&self, key: &str, what: impl FnOnce() -> String) -> Result<Vec<u8>, HostError> {
        self.get(key)?.ok_or_else(|| HostError::missing_state(what()))
    }

    fn decode<T>(&self, key: &str, bytes: &[u8], decode: impl FnOnce(&[u8]) -> Option<T>) -> Result<T, HostError> {
        decode(bytes).ok_or_else(|| self.fail(format!("corrupt value at {key}")))
    }

    fn get_u64(&self, key: &str) -> Result<Option<u64>, HostError> {
        match self.get(key)? {
            None => Ok(None),
            Some(bytes) => self.decode(key, &bytes, decode_u64).map(Some),
        }
    }

    fn put_u64(&mut self, key: String, value: u64) {
        self.put(key, encode_u64(value));
    }

    fn counter(&self, key: &str) -> Result<u64, HostError> {
        Ok(self.get_u64(key)?.unwrap_or(0))
    }

    fn increase(&mut self, key: String) -> Result<(), HostError> {
        let next = self.counter(&key)?.checked_add(1).ok_or_else(|| HostError::invalid_state("counter overflow"))?;
        self.put_u64(key, next);
        Ok(())
    }

    fn sequence(&self, key: &str) -> Result<Sequence, HostError> {
        let value = self.get_u64(key)?.ok_or_else(|| HostError::missing_state(format!("no sequence at {key}")))?;
        Ok(Sequence::from(value))
    }

    fn any<T: TryFrom<Any>>(&self, key: &str, bytes: &[u8]) -> Result<T, HostError> {
        self.decode(key, bytes, |b| Any::decode(b).ok().and_then(|any| T::try_from(any).ok()))
    }
}

impl<S: StateWrite> ValidationContext for IbcContext<'_, S> {
    type V = Self;
    type HostClientState = ClientState;
    type HostConsensusState = ConsensusState;

    fn get_client_validation_context(&self) -> &Self::V {
        self
    }

    fn host_height(&self) -> Result<Height, HostError> {
        self.host.ibc_height(self.host.height)
    }

    fn host_timestamp(&self) -> Result<Timestamp, HostError> {
        let nanos = self.host.time.unix_timestamp_nanos();
        u64::try_from(nanos)
            .map(Timestamp::from_nanoseconds)
            .map_err(|_| HostError::invalid_state("block time before 1970"))
    }

    /// Ours at `height`, from staking's historical info (kept for `historical_entries` heights).
    // The borrow is held across the read's await inside `Shared::block_on`, which drives it to
    // completion within this one synchronous call: nothing else can touch the cell meanwhile.
    #[allow(clippy::await_holding_refcell_ref)]
    fn host_consensus_state(&self, height: &Height) -> Result<Self::HostConsensusState, HostError> {
        if height.revision_number() != self.host.chain_id.revision_number() {
            return Err(HostError::invalid_state(format!("height {height} is not of this chain's revision")));
        }
        let revision_height = height.revision_height();
        let info = self
            .shared
            .block_on(|state| Box::pin(async move { state.borrow().historical_info(revision_height).await }))
            .map_err(|e| HostError::failed_to_retrieve(format!("reading historical info: {}", e.log)))?
            .ok_or_else(|| HostError::missing_state(format!("no consensus state of this chain at {height}")))?;
        crate::consensus::from_historical_info(&info).map(ConsensusState::from).map_err(|e| self.fail(e.log))
    }

    fn client_counter(&self) -> Result<u64, HostError> {
        self.counter(&key(&NextClientSequencePath))
    }

    fn connection_end(&self, conn_id: &ConnectionId) -> Result<ConnectionEnd, HostError> {
        let k = key(&ConnectionPath::new(conn_id));
        let bytes = self.need(&k, || format!("connection {conn_id}"))?;
        self.decode(&k, &bytes, |b| ConnectionEnd::decode_vec(b).ok())
    }

    fn validate_self_client(&self, client_state_of_host_on_counterparty: ClientState) -> Result<(), HostError> {
        self.host.validate_self_tendermint_client(client_state_of_host_on_counterparty.inner().clone())
    }

    fn commitment_prefix(&self) -> CommitmentPrefix {
        commitment_prefix()
    }

    fn connection_counter(&self) -> Result<u64, HostError> {
        self.counter(&key(&NextConnectionSequencePath))
    }

    fn channel_end(&self, path: &ChannelEndPath) -> Result<ChannelEnd, HostError> {
        let k = key(path);
        let bytes = self.need(&k, || format!("channel {} on port {}", path.1, path.0))?;
        self.decode(&k, &bytes, |b| ChannelEnd::decode_vec(b).ok())
    }

    fn get_next_sequence_send(&self, path: &SeqSendPath) -> Result<Sequence, HostError> {
        self.sequence(&key(path))
    }

    fn get_next_sequence_recv(&self, path: &SeqRecvPath) -> Result<Sequence, HostError> {
        self.sequence(&key(path))
    }

    fn get_next_sequence_ack(&self, path: &SeqAckPath) -> Result<Sequence, HostError> {
        self.sequence(&key(path))
    }

    fn get_packet_commitment(&self, path: &CommitmentPath) -> Result<PacketCommitment, HostError> {
        let k = key(path);
        let bytes = self.need(&k, || format!("no commitment for packet {}", path.sequence))?;
        self.decode(&k, &bytes, |b| decode_commitment(b).map(|c| PacketCommitment::from(c.to_vec())))
    }

    /// An absent receipt is `Receipt::None`, not an error: receiving a packet asks first.
    fn get_packet_receipt(&self, path: &ReceiptPath) -> Result<Receipt, HostError> {
        let k = key(path);
        match self.get(&k)? {
            None => Ok(Receipt::None),
            Some(bytes) if bytes == RECEIPT => Ok(Receipt::Ok),
            Some(_) => Err(self.fail(format!("corrupt value at {k}"))),
        }
    }

    fn get_packet_acknowledgement(&self, path: &AckPath) -> Result<AcknowledgementCommitment, HostError> {
        let k = key(path);
        let bytes = self.need(&k, || format!("no acknowledgement for packet {}", path.sequence))?;
        self.decode(&k, &bytes, |b| decode_commitment(b).map(|c| AcknowledgementCommitment::from(c.to_vec())))
    }

    fn channel_counter(&self) -> Result<u64, HostError> {
        self.counter(&key(&NextChannelSequencePath))
    }

    fn max_expected_time_per_block(&self) -> Duration {
        self.host.max_expected_time_per_block
    }

    /// The tx's signatures were checked against its signers before any message ran (the ante).
    fn validate_message_signer(&self, _signer: &Signer) -> Result<(), HostError> {
        Ok(())
    }
}

impl<S: StateWrite> ClientValidationContext for IbcContext<'_, S> {
    type ClientStateRef = ClientState;
    type ConsensusStateRef = ConsensusState;

    fn client_state(&self, client_id: &ClientId) -> Result<ClientState, HostError> {
        let k = key(&ClientStatePath::new(client_id.clone()));
        let bytes = self.need(&k, || format!("client {client_id}"))?;
        self.any(&k, &bytes)
    }

    fn consensus_state(&self, path: &ClientConsensusStatePath) -> Result<ConsensusState, HostError> {
        let k = key(path);
        let bytes = self.need(&k, || {
            format!("consensus state of {} at {}-{}", path.client_id, path.revision_number, path.revision_height)
        })?;
        self.any(&k, &bytes)
    }

    fn client_update_meta(&self, client_id: &ClientId, height: &Height) -> Result<(Timestamp, Height), HostError> {
        let (rev, h) = (height.revision_number(), height.revision_height());
        let time_key = key(&ClientUpdateTimePath::new(client_id.clone(), rev, h));
        let time = self
            .get_u64(&time_key)?
            .ok_or_else(|| HostError::missing_state(format!("update time of {client_id} at {height}")))?;
        let height_key = key(&ClientUpdateHeightPath::new(client_id.clone(), rev, h));
        let bytes = self.need(&height_key, || format!("update height of {client_id} at {height}"))?;
        let processed = self.decode(&height_key, &bytes, |b| Height::decode_vec(b).ok())?;
        Ok((Timestamp::from_nanoseconds(time), processed))
    }
}

impl<S: StateWrite> ExtClientValidationContext for IbcContext<'_, S> {
    fn host_timestamp(&self) -> Result<Timestamp, HostError> {
        ValidationContext::host_timestamp(self)
    }

    fn host_height(&self) -> Result<Height, HostError> {
        ValidationContext::host_height(self)
    }

    fn consensus_state_heights(&self, client_id: &ClientId) -> Result<Vec<Height>, HostError> {
        use futures::TryStreamExt;
        let prefix = format!("{STORE}/{}", keys::consensus_heights(client_id));
        let found: Vec<String> = self
            .shared
            .block_on(|state| {
                let keys = state.borrow().prefix_keys(&prefix);
                Box::pin(async move { keys.try_collect().await.map_err(SdkError::from) })
            })
            .map_err(|e| HostError::failed_to_retrieve(format!("listing {prefix}: {}", e.log)))?;
        let mut heights = Vec::with_capacity(found.len());
        for k in found {
            let relative = k.strip_prefix(&format!("{STORE}/")).unwrap_or(&k);
            let h = keys::parse_consensus_height(client_id, relative)
                .ok_or_else(|| self.fail(format!("corrupt key {k}")))?;
            heights.push(h);
        }
        heights.sort();
        Ok(heights)
    }

    fn next_consensus_state(&self, client_id: &ClientId, height: &Height) -> Result<Option<ConsensusState>, HostError> {
        let next = self.consensus_state_heights(client_id)?.into_iter().find(|h| h > height);
        next.map(|h| self.consensus_state(&consensus_path(client_id, &h))).transpose()
    }

    fn prev_consensus_state(&self, client_id: &ClientId, height: &Height) -> Result<Option<ConsensusState>, HostError> {
        let prev = self.consensus_state_heights(client_id)?.into_iter().rev().find(|h| h < height);
        prev.map(|h| self.consensus_state(&consensus_path(client_id, &h))).transpose()
    }
}

fn consensus_path(client_id: &ClientId, h: &Height) -> ClientConsensusStatePath {
    ClientConsensusStatePath::new(client_id.clone(), h.revision_number(), h.revision_height())
}

impl<S: StateWrite> ClientExecutionContext for IbcContext<'_, S> {
    type ClientStateMut = ClientState;

    fn store_client_state(&mut self, path: ClientStatePath, client_state: ClientState) -> Result<(), HostError> {
        self.put(key(&path), Any::from(client_state).encode_to_vec());
        Ok(())
    }

    fn store_consensus_state(
        &mut self,
        path: ClientConsensusStatePath,
        consensus_state: ConsensusState,
    ) -> Result<(), HostError> {
        let h = Height::new(path.revision_number, path.revision_height).map_err(HostError::invalid_state)?;
        self.put(format!("{STORE}/{}", keys::consensus_height(&path.client_id, &h)), Vec::new());
        self.put(key(&path), Any::from(consensus_state).encode_to_vec());
        Ok(())
    }

    fn delete_consensus_state(&mut self, path: ClientConsensusStatePath) -> Result<(), HostError> {
        let h = Height::new(path.revision_number, path.revision_height).map_err(HostError::invalid_state)?;
        self.remove(format!("{STORE}/{}", keys::consensus_height(&path.client_id, &h)));
        self.remove(key(&path));
        Ok(())
    }

    fn store_update_meta(
        &mut self,
        client_id: ClientId,
        height: Height,
        host_timestamp: Timestamp,
        host_height: Height,
    ) -> Result<(), HostError> {
        let (rev, h) = (height.revision_number(), height.revision_height());
        self.put_u64(key(&ClientUpdateTimePath::new(client_id.clone(), rev, h)), host_timestamp.nanoseconds());
        self.put(key(&ClientUpdateHeightPath::new(client_id, rev, h)), host_height.encode_vec());
        Ok(())
    }

    fn delete_update_meta(&mut self, client_id: ClientId, height: Height) -> Result<(), HostError> {
        let (rev, h) = (height.revision_number(), height.revision_height());
        self.remove(key(&ClientUpdateTimePath::new(client_id.clone(), rev, h)));
        self.remove(key(&ClientUpdateHeightPath::new(client_id, rev, h)));
        Ok(())
    }
}

impl<S: StateWrite> ExecutionContext for IbcContext<'_, S> {
    type E = Self;

    fn get_client_execution_context(&mut self) -> &mut Self::E {
        self
    }

    fn increase_client_counter(&mut self) -> Result<(), HostError> {
        self.increase(key(&NextClientSequencePath))
    }

    fn store_connection(&mut self, path: &ConnectionPath, connection_end: ConnectionEnd) -> Result<(), HostError> {
        self.put(key(path), connection_end.encode_vec());
        Ok(())
    }

    /// ibc-go's `ClientPaths`: every connection of the client, in the order they were opened.
    fn store_connection_to_client(
        &mut self,
        path: &ClientConnectionPath,
        conn_id: ConnectionId,
    ) -> Result<(), HostError> {
        let k = key(path);
        let mut paths = match self.get(&k)? {
            None => ClientPaths::default(),
            Some(bytes) => self.decode(&k, &bytes, |b| ClientPaths::decode(b).ok())?,
        };
        paths.paths.push(conn_id.to_string());
        self.put(k, paths.encode_to_vec());
        Ok(())
    }

    fn increase_connection_counter(&mut self) -> Result<(), HostError> {
        self.increase(key(&NextConnectionSequencePath))
    }

    fn store_packet_commitment(
        &mut self,
        path: &CommitmentPath,
        commitment: PacketCommitment,
    ) -> Result<(), HostError> {
        self.put(key(path), commitment.into_vec());
        Ok(())
    }

    fn delete_packet_commitment(&mut self, path: &CommitmentPath) -> Result<(), HostError> {
        self.remove(key(path));
        Ok(())
    }

    fn store_packet_receipt(&mut self, path: &ReceiptPath, receipt: Receipt) -> Result<(), HostError> {
        match receipt {
            Receipt::Ok => self.put(key(path), RECEIPT.to_vec()),
            Receipt::None => self.remove(key(path)),
        }
        Ok(())
    }

    fn store_packet_acknowledgement(
        &mut self,
        path: &AckPath,
        ack_commitment: AcknowledgementCommitment,
    ) -> Result<(), HostError> {
        self.put(key(path), ack_commitment.into_vec());
        Ok(())
    }

    fn delete_packet_acknowledgement(&mut self, path: &AckPath) -> Result<(), HostError> {
        self.remove(key(path));
        Ok(())
    }

    fn store_channel(&mut self, path: &ChannelEndPath, channel_end: ChannelEnd) -> Result<(), HostError> {
        self.put(key(path), channel_end.encode_vec());
        Ok(())
    }

    fn store_next_sequence_send(&mut self, path: &SeqSendPath, seq: Sequence) -> Result<(), HostError> {
        self.put_u64(key(path), seq.value());
        Ok(())
    }

    fn store_next_sequence_recv(&mut self, path: &SeqRecvPath, seq: Sequence) -> Result<(), HostError> {
        self.put_u64(key(path), seq.value());
        Ok(())
    }

    fn store_next_sequence_ack(&mut self, path: &SeqAckPath, seq: Sequence) -> Result<(), HostError> {
        self.put_u64(key(path), seq.value());
        Ok(())
    }

    fn increase_channel_counter(&mut self) -> Result<(), HostError> {
        self.increase(key(&NextChannelSequencePath))
    }

    fn emit_ibc_event(&mut self, event: IbcEvent) -> Result<(), HostError> {
        self.events.push(event);
        Ok(())
    }

    fn log_message(&mut self, message: String) -> Result<(), HostError> {
        tracing::debug!(target: "ibc", "{message}");
        Ok(())
    }
}
