//! Protobuf descriptors for the Cosmos services this chain serves over gRPC.
//!
//! The `.proto` files under `cosmos/` and `tendermint/` restate the public Cosmos SDK v0.50 and
//! CometBFT v0.38 wire schema (message, field and service names, field numbers, types and
//! enums), with the gogoproto / cosmos_proto / amino / google.api options left out since they
//! change neither the wire format nor reflection. `build.rs` compiles them with `protox`.
//!
//! Covered services (and every message they reference, transitively):
//! `cosmos.auth.v1beta1.Query`, `cosmos.bank.v1beta1.Query`, `cosmos.tx.v1beta1.Service` and
//! `cosmos.base.tendermint.v1beta1.Service`.

/// Encoded `google.protobuf.FileDescriptorSet` holding every restated Cosmos SDK / CometBFT file
/// plus the well-known types they import (`google/protobuf/any.proto`, `timestamp.proto`), with
/// source info (comments) kept.
///
/// Feed it to `tonic_reflection::server::Builder::configure().register_encoded_file_descriptor_set`
/// so that `grpcurl list` / `grpcurl describe` work against the node's gRPC server, or decode it
/// with `prost_reflect::DescriptorPool::decode`.
pub const FILE_DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cosmos_descriptor.bin"));

/// Fully qualified names of the gRPC services described by [`FILE_DESCRIPTOR_SET`].
pub const SERVICE_NAMES: &[&str] = &[
    "cosmos.auth.v1beta1.Query",
    "cosmos.bank.v1beta1.Query",
    "cosmos.tx.v1beta1.Service",
    "cosmos.base.tendermint.v1beta1.Service",
];
