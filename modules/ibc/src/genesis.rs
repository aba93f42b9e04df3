//! The `ibc` genesis section: the params, readable, and every ICS-24 record (clients, consensus
//! states, connections, channels, sequences, commitments, receipts, acks) as base64 records, so
//! `symbiote export` then `init_genesis` restores byte-identical IBC state — the bytes
//! counterparties hold proofs of.

use cnidarium::{StateRead, StateWrite};
use symbiote_core::genesis_records::ParamsAndRecords;
use symbiote_core::SdkResult;

use crate::host::STORE;
use crate::state::{put_params, IbcRead};
use crate::Params;

pub type GenesisState = ParamsAndRecords<Params>;

/// The key families ibc-rs writes (ICS-24), and the consensus-height index.
const KINDS: &[&str] = &[
    "clients/",
    "connections/",
    "channelEnds/",
    "nextSequenceSend/",
    "nextSequenceRecv/",
    "nextSequenceAck/",
    "commitments/",
    "receipts/",
    "acks/",
    "nextClientSequence",
    "nextConnectionSequence",
    "nextChannelSequence",
    crate::keys::CONSENSUS_HEIGHTS,
];

pub fn validate(genesis: &GenesisState) -> SdkResult<()> {
    genesis.validate(KINDS, Params::validate)
}

pub fn init<S: StateWrite>(state: &mut S, genesis: &GenesisState) -> SdkResult<()> {
    genesis.init(state, STORE, |s, p| put_params(s, p))
}

pub async fn export<S: StateRead>(state: &S) -> SdkResult<GenesisState> {
    GenesisState::export(state, STORE, state.ibc_params().await?).await
}
