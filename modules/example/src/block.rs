//! Block hooks: begin_block counts blocks and records what CometBFT said about the last commit,
//! the proposer and misbehaviour; end_block counts too and hands over pending validator updates.

use cnidarium::StateWrite;
use symbiote_core::{BlockInfo, EndBlock, SdkError, SdkResult, ValidatorUpdate};
use tendermint::abci::types::BlockSignatureInfo;
use tendermint::block::BlockIdFlag;

use crate::events;
use crate::state::{put_counters, put_pending, put_pending_block_gas, ExampleRead};

pub(crate) async fn begin_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<()> {
    let mut counters = state.block_counters().await?;
    counters.begin_blocks += 1;
    counters.last_commit_votes = block.last_commit.votes.len() as u64;
    counters.last_commit_signed =
        block.last_commit.votes.iter().filter(|v| v.sig_info == BlockSignatureInfo::Flag(BlockIdFlag::Commit)).count()
            as u64;
    counters.misbehavior += block.misbehavior.len() as u64;
    counters.last_proposer = hex::encode_upper(block.proposer);
    put_counters(state, &counters)?;
    state.record(events::block_seen("begin_block", block.height));
    Ok(())
}

pub(crate) async fn end_block<S: StateWrite>(state: &mut S, block: &BlockInfo) -> SdkResult<EndBlock> {
    let mut counters = state.block_counters().await?;
    counters.end_blocks += 1;
    put_counters(state, &counters)?;
    let pending = state.pending_validator_updates().await?;
    put_pending(state, vec![])?;
    let validator_updates = pending
        .into_iter()
        .map(|p| {
            let pub_key = tendermint::PublicKey::from_raw_ed25519(&p.ed25519_pub_key)
                .ok_or_else(|| SdkError::internal("stored validator key is not ed25519"))?;
            let power = tendermint::vote::Power::try_from(p.power)
                .map_err(|_| SdkError::internal("stored validator power out of range"))?;
            Ok(ValidatorUpdate { pub_key, power })
        })
        .collect::<SdkResult<Vec<_>>>()?;
    let consensus_params = match state.pending_block_gas().await? {
        Some(max_gas) => {
            put_pending_block_gas(state, None)?;
            Some(consensus_params_with_max_gas(max_gas))
        }
        None => None,
    };
    state.record(events::block_seen("end_block", block.height));
    Ok(EndBlock { validator_updates, consensus_params })
}

/// CometBFT's default consensus params with another block gas limit. (A test module: a real one
/// would start from the chain's current params.)
fn consensus_params_with_max_gas(max_gas: i64) -> tendermint::consensus::Params {
    tendermint::consensus::Params {
        block: tendermint::block::Size { max_bytes: 22_020_096, max_gas, time_iota_ms: 1_000 },
        evidence: tendermint::evidence::Params {
            max_age_num_blocks: 100_000,
            max_age_duration: tendermint::evidence::Duration(std::time::Duration::from_secs(48 * 3600)),
            max_bytes: 1_048_576,
        },
        validator: tendermint::consensus::params::ValidatorParams {
            pub_key_types: vec![tendermint::public_key::Algorithm::Ed25519],
        },
        version: None,
        abci: Default::default(),
    }
}
