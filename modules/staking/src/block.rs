//! Staking's block hooks (`keeper/abci.go`).
//!
//! BeginBlock records the block's header and the current validator set as historical info (IBC
//! light clients of this chain check against it), pruned to `historical_entries`.
//! EndBlock hands CometBFT the validator-set changes, then completes what has matured: unbonding
//! validators, unbonding delegations (paid out), redelegations.

use cnidarium::StateWrite;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use cosmos_sdk_proto::tendermint::types::Header;
use symbiote_core::{Address, BlockInfo, EndBlock, SdkError, SdkResult, ValAddress};

use crate::bonding::Env;
use crate::state::{self, StakingRead};
use crate::time::to_timestamp;
use crate::unbonding::{complete_redelegation, complete_unbonding};
use crate::validator_set::{apply_validator_set_updates, dequeue_due, unbond_mature_validators};
use crate::{keys, Validator};

pub(crate) fn env(block: &BlockInfo) -> Env<'_> {
    Env { height: block.height, time: block.time, hooks: block.hooks }
}

/// `TrackHistoricalInfo`.
pub async fn begin_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<()> {
    let entries = u64::from(state.staking_params().await?.historical_entries);
    // Entries below the window are contiguous: delete downwards until the first missing one.
    let mut old = block.height.checked_sub(entries);
    while let Some(h) = old {
        if state.historical_info(h).await?.is_none() {
            break;
        }
        state::delete_historical(state, h)?;
        old = h.checked_sub(1);
    }
    if entries == 0 {
        return Ok(());
    }
    let mut valset = last_validators(state).await?;
    valset.sort_by(|a, b| b.consensus_power().cmp(&a.consensus_power()).then(a.cons_address().cmp(&b.cons_address())));
    let header = Header {
        chain_id: block.chain_id.clone(),
        height: block.height as i64,
        time: Some(to_timestamp(block.time)),
        next_validators_hash: block.next_validators_hash.as_bytes().to_vec(),
        proposer_address: block.proposer.to_vec(),
        app_hash: block.last_app_hash.clone(),
        ..Default::default()
    };
    let info = pb::HistoricalInfo { header: Some(header), valset: valset.iter().map(Validator::to_proto).collect() };
    state::put_historical(state, block.height, &info)
}

/// The validators of the last set (`GetLastValidators`).
async fn last_validators<S: StakingRead>(state: &S) -> SdkResult<Vec<Validator>> {
    let mut out = Vec::new();
    for (op, _) in state.last_validator_powers().await? {
        out.push(
            state
                .validator(&op)
                .await?
                .ok_or_else(|| SdkError::internal(format!("last validator {op} has no record")))?,
        );
    }
    Ok(out)
}

/// `BlockValidatorUpdates`.
pub async fn end_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<EndBlock> {
    let env = env(block);
    let validator_updates = apply_validator_set_updates(state, env).await?;
    unbond_mature_validators(state, env).await?;

    let pairs: Vec<pb::DvPairs> = dequeue_due(state, &keys::ubd_queue_all(), block.time).await?;
    for pair in pairs.into_iter().flat_map(|p| p.pairs) {
        let (del, op) = parse_pair(&pair.delegator_address, &pair.validator_address)?;
        if let Some(paid) = complete_unbonding(state, env, &del, &op).await? {
            state.record(crate::events::complete_unbonding(&op, &del, paid));
        }
    }

    let triplets: Vec<pb::DvvTriplets> = dequeue_due(state, &keys::red_queue_all(), block.time).await?;
    for t in triplets.into_iter().flat_map(|t| t.triplets) {
        let (del, src) = parse_pair(&t.delegator_address, &t.validator_src_address)?;
        let dst: ValAddress = t.validator_dst_address.parse().map_err(|_| corrupt_queue())?;
        if let Some(done) = complete_redelegation(state, env, &del, &src, &dst).await? {
            state.record(crate::events::complete_redelegation(&del, &src, &dst, done));
        }
    }
    Ok(EndBlock { validator_updates, consensus_params: None })
}

fn corrupt_queue() -> SdkError {
    SdkError::internal("corrupt address in a staking queue")
}

fn parse_pair(del: &str, op: &str) -> SdkResult<(Address, ValAddress)> {
    Ok((del.parse().map_err(|_| corrupt_queue())?, op.parse().map_err(|_| corrupt_queue())?))
}
