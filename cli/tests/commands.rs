//! The quick CLI tests in one test binary (each file below is a module; one binary links the CLI's
//! dependencies once): key management, genesis transactions, the engine commands. The localnet,
//! e2e and flood tests stay separate binaries: they run real CometBFT nodes and must not share
//! the two cores with each other.

mod common;

mod gentx;
mod inference;
mod keys;
