//! Governance (issue 14): Cosmos SDK gov v1 — proposals whose messages the gov module account
//! executes when they pass, deposits, stake-weighted votes — and, on top, bias-correction
//! proposals backed by a fairness audit computed on chain.
//!
//! This first step is the tally ([`tally`]): the SDK's `keeper/tally.go` exactly, as a pure
//! function of the bonded validators, the votes, the voters' delegations and the params, so it is
//! tested on hand-computed cases before the module around it (messages, periods, queries, the
//! EndBlock that calls it) is built.

pub mod tally;

pub use tally::{tally, Tally, TallyParams, TallyResult, ValidatorGovInfo, VoteOption, WeightedVote};
