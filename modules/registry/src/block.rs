//! The registry's block hook: at the end of each block, chunks whose upload expired without a
//! registration using them are deleted (so abandoned uploads do not grow the state for good).

use cnidarium::StateWrite;
use symbiote_core::{BlockInfo, SdkResult};

use crate::{events, state};

pub(crate) async fn end_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<()> {
    let expired = state::expire_chunks(state, block.height).await?;
    if expired > 0 {
        state.record(events::chunks_expired(expired));
    }
    Ok(())
}
