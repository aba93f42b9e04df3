//! The tally of a proposal from state (`Keeper.Tally`): the bonded validators, the votes and the
//! voters' delegations read from the store and handed to the pure [`crate::tally()`].

use std::collections::BTreeMap;

use cnidarium::StateRead;
use symbiote_bank::BankRead;
use symbiote_core::module_account::BONDED_POOL;
use symbiote_core::{Address, LegacyDec, SdkResult, ValAddress};
use symbiote_staking::StakingRead;

use crate::proposal::Proposal;
use crate::state::GovRead;
use crate::tally::{tally, Tally, ValidatorGovInfo, WeightedVote};
use crate::Params;

/// The proposal's tally as it stands (the live count while it is voting; the decision when its
/// voting period ends).
pub async fn tally_proposal<S: StateRead + ?Sized>(
    state: &S,
    proposal: &Proposal,
    params: &Params,
) -> SdkResult<Tally> {
    let validators: BTreeMap<ValAddress, ValidatorGovInfo> = state
        .all_validators()
        .await?
        .into_iter()
        .filter(|v| v.is_bonded())
        .map(|v| {
            (v.operator_address, ValidatorGovInfo { bonded_tokens: v.tokens, delegator_shares: v.delegator_shares })
        })
        .collect();
    let votes: Vec<(Address, Vec<WeightedVote>)> =
        state.votes_of(proposal.id).await?.into_iter().map(|v| (v.voter, v.options)).collect();
    let mut delegations: BTreeMap<Address, Vec<(ValAddress, LegacyDec)>> = BTreeMap::new();
    for (voter, _) in &votes {
        let of_voter = state.delegations_of(voter).await?;
        delegations.insert(*voter, of_voter.into_iter().map(|d| (d.validator_address, d.shares)).collect());
    }
    let bond_denom = state.staking_params().await?.bond_denom;
    let total_bonded = state.balance(&Address::module(BONDED_POOL), &bond_denom).await?;
    tally(
        &validators,
        &votes,
        |voter| delegations.get(voter).cloned().unwrap_or_default(),
        total_bonded,
        &params.tally_params(),
        proposal.expedited,
    )
}
