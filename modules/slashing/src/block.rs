//! Slashing's block hook: liveness from the last commit (`x/slashing/abci.go`,
//! `keeper/infractions.go`) and double-sign evidence from CometBFT's misbehaviour
//! (`x/evidence/keeper/infraction.go`), in that order, as the SDK's BeginBlock runs them.
//!
//! Liveness: each vote moves the validator's window by one; a block it was ABSENT for is marked
//! missed (COMMIT and NIL count as signed). Once a full window has passed since it bonded, more
//! than `window − min_signed` missed blocks slash it by `slash_fraction_downtime` of the stake at
//! the infraction (height − 2: the stake that signed the last commit), jail it until block time
//! + `downtime_jail_duration`, and restart its window.
//!
//! Double sign: evidence of a bonded validator (CometBFT commits none older than the evidence age
//! limits), not already tombstoned, slashes `slash_fraction_double_sign` of the stake at the infraction
//! (evidence height − 1), jails it forever and tombstones it.

use cnidarium::StateWrite;
use cosmos_sdk_proto::cosmos::evidence::v1beta1::Equivocation;
use sha2::{Digest, Sha256};
use symbiote_core::{BlockInfo, ConsAddress, SdkError, SdkResult};
use symbiote_staking::{slash, Env, StakingRead};
use tendermint::abci::types::{BlockSignatureInfo, Misbehavior};
use tendermint::block::BlockIdFlag;

use crate::events;
use crate::state::{self, double_sign_jail_end, SlashingRead};
use crate::Params;

/// The SDK's `ValidatorUpdateDelay`: a set decided at H signs from H + 1 + 1.
const VALIDATOR_UPDATE_DELAY: u64 = 1;

fn env(block: &BlockInfo) -> Env<'_> {
    Env { height: block.height, time: block.time, hooks: block.hooks }
}

pub async fn begin_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<()> {
    let params = state.slashing_params().await?;
    for vote in &block.last_commit.votes {
        let absent = matches!(vote.sig_info, BlockSignatureInfo::Flag(BlockIdFlag::Absent));
        let cons = ConsAddress::from_bytes(vote.validator.address);
        handle_signature(state, block, &params, &cons, vote.validator.power.value(), absent).await?;
    }
    for m in &block.misbehavior {
        handle_equivocation(state, block, m).await?;
    }
    Ok(())
}

/// `HandleValidatorSignature`.
async fn handle_signature<S: StateWrite>(
    state: &mut S,
    block: &BlockInfo,
    params: &Params,
    cons: &ConsAddress,
    power: u64,
    missed: bool,
) -> SdkResult<()> {
    // Only validators of the set that signed the last block vote, and each has had a signing info
    // since it bonded. One that no longer exists (removed under a very short unbonding time) or
    // never bonded is not tracked, rather than halting the chain as the SDK would.
    let Some(validator) = state.validator_by_cons(cons).await? else { return Ok(()) };
    if validator.jailed {
        return Ok(());
    }
    let Some(mut info) = state.signing_info(cons).await? else { return Ok(()) };
    let window = params.signed_blocks_window;
    let index = info.index_offset % window;
    info.index_offset += 1;
    let previous = state.missed_at(cons, index).await?;
    if !previous && missed {
        state::set_missed(state, cons, index, true)?;
        info.missed_blocks_counter += 1;
    } else if previous && !missed {
        state::set_missed(state, cons, index, false)?;
        info.missed_blocks_counter = info.missed_blocks_counter.saturating_sub(1);
    }
    if missed {
        state.record(events::liveness(cons, info.missed_blocks_counter, block.height));
    }
    let min_height = info.start_height + window;
    if block.height > min_height && info.missed_blocks_counter > params.max_missed_blocks()? {
        // The stake that signed the last commit was decided `VALIDATOR_UPDATE_DELAY` + 1 blocks
        // ago (negative heights at the chain's start mean "from genesis": 0).
        let infraction = block.height.saturating_sub(VALIDATOR_UPDATE_DELAY + 1);
        let burned = slash::slash(state, env(block), cons, infraction, power, params.slash_fraction_downtime).await?;
        state.record(events::slash_downtime(cons, power, burned));
        slash::jail(state, env(block), cons).await?;
        info.jailed_until =
            (block.time + params.downtime_jail_duration).map_err(|_| SdkError::internal("jail end out of range"))?;
        // Restart the window so that the validator is not slashed again as soon as it rebonds
        // (the start height is set again when it does).
        info.missed_blocks_counter = 0;
        info.index_offset = 0;
        state::clear_missed(state, cons).await?;
    }
    state::put_signing_info(state, &info)
}

/// `handleEquivocationEvidence`.
async fn handle_equivocation<S: StateWrite>(state: &mut S, block: &BlockInfo, m: &Misbehavior) -> SdkResult<()> {
    let cons = ConsAddress::from_bytes(m.validator.address);
    let Some(validator) = state.validator_by_cons(&cons).await? else { return Ok(()) };
    if validator.is_unbonded() {
        return Ok(());
    }
    // The SDK also ignores evidence older than both of the consensus evidence age limits; CometBFT
    // refuses to commit such evidence in the first place (its evidence pool checks the same two
    // limits against the block that includes it), so committed misbehaviour is never that old.
    let infraction_height = m.height.value();
    let Some(mut info) = state.signing_info(&cons).await? else {
        return Err(SdkError::internal(format!("expected signing info for validator {cons} but not found")));
    };
    if info.tombstoned {
        return Ok(());
    }
    let params = state.slashing_params().await?;
    let power = m.validator.power.value();
    let distribution_height = infraction_height.saturating_sub(VALIDATOR_UPDATE_DELAY);
    let burned =
        slash::slash(state, env(block), &cons, distribution_height, power, params.slash_fraction_double_sign).await?;
    state.record(events::slash_double_sign(&cons, power, burned));
    if !validator.jailed {
        slash::jail(state, env(block), &cons).await?;
        state.record(events::jailed(&cons));
    }
    info.jailed_until = double_sign_jail_end();
    info.tombstoned = true;
    state::put_signing_info(state, &info)?;
    let evidence = Equivocation {
        height: infraction_height as i64,
        time: Some(m.time.into()),
        power: power as i64,
        consensus_address: cons.to_string(),
    };
    let hash = Sha256::digest(prost::Message::encode_to_vec(&evidence));
    state::put_evidence(state, &hash, &evidence)
}
