//! Running ibc-rs over a message's state: the host facts it needs, the shared state the core and
//! the applications write, and what comes out (events, failures, gas).

use cnidarium::StateWrite;
use symbiote_core::erased::Erased;
use symbiote_core::store::WriteExt;
use symbiote_core::{MsgContext, SdkResult};
use symbiote_staking::state::StakingRead;

use crate::apps::AppRouter;
use crate::ctx::{Host, IbcContext, Shared};
use crate::state::IbcRead;

/// This chain as a host in the block `ctx` is in.
pub async fn host<S: StateWrite>(state: &S, ctx: &MsgContext) -> SdkResult<Host> {
    let unbonding = state.staking_params().await?.unbonding_time;
    let max_block_time = state.ibc_params().await?.max_expected_time_per_block();
    Host::new(&ctx.chain_id, ctx.height, ctx.time, unbonding, max_block_time)
}

/// Runs `f` with the message's shared state, the IBC core context and the applications' router over `state`, then records
/// the IBC events as indexed ABCI events. A failed store read outranks `f`'s own result (an
/// internal error halts the node; running out of gas fails the tx), and so does a write past the
/// gas limit.
pub async fn with_ibc<S: StateWrite, T>(
    state: &mut S,
    ctx: &MsgContext,
    f: impl FnOnce(&Shared<Erased<'_>>, &mut IbcContext<'_, Erased<'_>>, &mut AppRouter<'_>) -> SdkResult<T>,
) -> SdkResult<T> {
    let host = host(state, ctx).await?;
    let (result, events, failure) = {
        let shared = Shared::new(Erased::at_block(state, ctx.height, ctx.time));
        let mut router = AppRouter::new(ctx.hooks, &shared, ctx);
        let mut ibc = IbcContext::new(&shared, host);
        let result = f(&shared, &mut ibc, &mut router);
        (result, ibc.take_events(), shared.failure())
    };
    if let Some(failure) = failure {
        return Err(failure);
    }
    let value = result?;
    state.check_gas("ibc")?;
    for event in events {
        state.record(crate::events::to_abci(event)?);
    }
    Ok(value)
}
