//! The contract every transaction message implements, in the order the executor calls it:
//! stateless check (no store; runs in CheckTx before anything is charged) → stateful check
//! (reads) → execute (writes, records events). Splitting the checks from execution keeps every
//! handler's failure modes visible in one place and lets CheckTx reject bad messages cheaply.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use tendermint::Time;

use crate::{Address, SdkResult};

/// What a message may know about the block it runs in. Block time, never the wall clock.
#[derive(Clone, Debug)]
pub struct MsgContext {
    pub chain_id: String,
    pub height: u64,
    pub time: Time,
}

#[async_trait]
pub trait MsgHandler: Send + Sync {
    /// Accounts that must sign the transaction carrying this message.
    fn signers(&self) -> Vec<Address>;

    /// Checks needing no state: well-formed fields, amounts, sizes.
    fn check_stateless(&self) -> SdkResult<()>;

    /// Checks against current state, with no writes.
    async fn check_stateful<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<()>;

    /// Applies the message. Runs only after both checks passed; may still fail (the executor then
    /// discards every write and event of the message).
    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<()>;
}
