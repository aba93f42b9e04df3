//! IBC core for symbiote (issue 16, in progress).
//!
//! This crate will be the `ibc` module: ibc-rs 0.57's client, connection and channel handlers
//! over an `ibc` substore holding ICS-24 paths with ibc-go's encodings, so a stock Hermes relays to
//! and from symbiote. Built so far, each tested:
//!
//! - [`host`]: this chain as an IBC host — its revision number (from the chain id's `-N` suffix),
//!   heights, commitment prefix `ibc`, and the proof specs of cnidarium's JMT proofs, with the
//!   exact JSON the Hermes config carries for them;
//! - [`consensus`]: the consensus state a counterparty's light client holds for one of our
//!   heights, built from staking's historical info (as ibc-go's `GetSelfConsensusState`);
//! - [`encoding`]: the byte forms ibc-go stores (sequences, counters, receipts);
//! - [`keys`]: the ICS-24 paths as substore keys, and the numerically ordered index of a client's
//!   consensus-state heights the Tendermint client's pruning and misbehaviour checks walk.
//!
//! - [`ctx`]: ibc-rs 0.57's host contexts (`ValidationContext`, `ExecutionContext` and the
//!   client contexts for Tendermint light clients) over a tx's state, so ibc-rs' own handlers
//!   (`ibc::core::entrypoint::dispatch`) read and write the store.
//!
//! - [`events`]: ibc-rs' events as ABCI events in ibc-go's shape, every attribute indexed (ibc-rs
//!   leaves them unindexed; Hermes finds packets by `tx_search` on them).
//!
//! Not yet: message routing in txs, gRPC queries, ICS-20 (the
//! plan and what ibc-rs needs: docs/research/ibc-rs-0.57.md).

pub mod consensus;
pub mod ctx;
pub mod encoding;
pub mod events;
pub mod host;
pub mod keys;
