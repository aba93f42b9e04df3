//! The SDK's staking invariants (`keeper/invariants.go`), for tests and audits: each reads the
//! whole staking state, so nothing on the block path calls them.
//!
//! - module accounts: the bonded pool holds exactly the bonded validators' tokens; the
//!   not-bonded pool the unbonding and unbonded validators' tokens plus every unbonding entry;
//! - power index: every validator not jailed is indexed under its current power, nothing else is;
//! - positive delegations: no delegation has zero or negative shares;
//! - delegator shares: each validator's shares are the sum of its delegations' shares.

use std::collections::BTreeMap;

use cnidarium::StateRead;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use futures::StreamExt;
use symbiote_bank::BankRead;
use symbiote_core::{Amount, LegacyDec, SdkError, SdkResult, ValAddress};

use crate::delegation::{Delegation, UnbondingDelegation};
use crate::state::{bonded_pool, not_bonded_pool, StakingRead};
use crate::{keys, BondStatus};

fn broken(name: &str, why: impl std::fmt::Display) -> SdkError {
    SdkError::internal(format!("staking invariant {name} broken: {why}"))
}

async fn decoded<S: StateRead, P: prost::Message + Default>(state: &S, prefix: &str) -> SdkResult<Vec<P>> {
    let mut stream = std::pin::pin!(state.prefix_raw(prefix));
    let mut out = Vec::new();
    while let Some(item) = stream.next().await {
        let (key, value) = item?;
        out.push(P::decode(value.as_slice()).map_err(|_| SdkError::internal(format!("corrupt value at {key}")))?);
    }
    Ok(out)
}

/// Every invariant; the first broken one is the error.
pub async fn check_all<S: StateRead>(state: &S) -> SdkResult<()> {
    let validators = state.all_validators().await?;
    let delegations: Vec<Delegation> = decoded::<_, pb::Delegation>(state, &keys::delegations_all())
        .await?
        .iter()
        .map(Delegation::from_proto)
        .collect::<SdkResult<_>>()?;
    let ubds: Vec<UnbondingDelegation> = decoded::<_, pb::UnbondingDelegation>(state, &keys::ubds_all())
        .await?
        .iter()
        .map(UnbondingDelegation::from_proto)
        .collect::<SdkResult<_>>()?;
    let denom = state.staking_params().await?.bond_denom;

    // Module accounts.
    let overflow = || broken("module-accounts", "sum overflows");
    let (mut bonded, mut not_bonded) = (Amount::ZERO, Amount::ZERO);
    for v in &validators {
        match v.status {
            BondStatus::Bonded => bonded = bonded.checked_add(v.tokens).ok_or_else(overflow)?,
            _ => not_bonded = not_bonded.checked_add(v.tokens).ok_or_else(overflow)?,
        }
    }
    for entry in ubds.iter().flat_map(|u| &u.entries) {
        not_bonded = not_bonded.checked_add(entry.balance).ok_or_else(overflow)?;
    }
    let bonded_pool_balance = state.balance(&bonded_pool(), &denom).await?;
    let not_bonded_pool_balance = state.balance(&not_bonded_pool(), &denom).await?;
    if bonded_pool_balance != bonded || not_bonded_pool_balance != not_bonded {
        return Err(broken(
            "module-accounts",
            format!(
                "bonded pool {bonded_pool_balance} (validators hold {bonded}), not-bonded pool \
                 {not_bonded_pool_balance} (validators and entries hold {not_bonded})"
            ),
        ));
    }

    // Power index.
    let mut indexed = Vec::new();
    let mut stream = std::pin::pin!(state.prefix_keys(&keys::power_index_all()));
    while let Some(key) = stream.next().await {
        indexed.push(key?);
    }
    let mut expected: Vec<String> = validators
        .iter()
        .filter(|v| !v.jailed)
        .map(|v| keys::power_index(v.potential_power(), &v.operator_address))
        .collect();
    expected.sort();
    if indexed != expected {
        return Err(broken("power-index", format!("index holds {} keys, {} expected", indexed.len(), expected.len())));
    }

    // Positive delegations, and delegator shares per validator.
    let mut shares: BTreeMap<ValAddress, LegacyDec> = BTreeMap::new();
    for d in &delegations {
        if !d.shares.is_positive() {
            return Err(broken("positive-delegation", format!("delegation with shares {}", d.shares)));
        }
        let sum = shares.entry(d.validator_address).or_default();
        *sum = sum.checked_add(d.shares).map_err(|e| broken("delegator-shares", e))?;
    }
    for v in &validators {
        let sum = shares.remove(&v.operator_address).unwrap_or_default();
        if sum != v.delegator_shares {
            return Err(broken(
                "delegator-shares",
                format!("validator {} has {} shares, its delegations {sum}", v.operator_address, v.delegator_shares),
            ));
        }
    }
    if let Some((op, _)) = shares.into_iter().next() {
        return Err(broken("delegator-shares", format!("delegations to unknown validator {op}")));
    }
    Ok(())
}
