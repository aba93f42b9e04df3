//! Inference fees and rewards. The requester pays the model's fee into the inference module
//! account; it is split by params among the model's owner, the owners of the disclosed records
//! (equally per record), the owners of its training datasets (pro rata by their record counts) and
//! the community pool. Shares accrue per address and are paid out by `MsgWithdrawRewards`, so one
//! inference writes a few balances rather than sending to every recipient.
//!
//! The split is exact integer arithmetic: each recipient gets ⌊fee × share × weight / total⌋; the
//! community pool gets the fee minus everything credited (its own share, every share without a
//! recipient — no records disclosed, no training data, a model handed to the community — and every
//! remainder). Nothing is created or lost: the module account always holds exactly the rewards
//! accrued and not withdrawn.

use cnidarium::StateWrite;
use symbiote_bank::BankWrite;
use symbiote_core::{Address, Amount, Coin, Coins, LegacyDec, SdkError, SdkResult};

use crate::state::{self, InferenceRead};
use crate::{events, Params};

/// Who shares one inference's fee.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recipients {
    /// The model's owner; `None` once the model is the community's.
    pub owner: Option<Address>,
    /// The owner of each disclosed record (one entry per record).
    pub records: Vec<Address>,
    /// Each training dataset's owner with the dataset's record count.
    pub training: Vec<(Address, u64)>,
}

/// An exact split: credits in a fixed order (owner, records, training) and the community pool's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Split {
    pub credits: Vec<(Address, Amount)>,
    pub community: Amount,
}

fn overflow() -> SdkError {
    SdkError::internal("fee split overflow")
}

/// `⌊amount × share⌋`.
fn portion(amount: Amount, share: LegacyDec) -> SdkResult<Amount> {
    share.mul_int(amount).and_then(|d| d.truncate_int()).map_err(|_| overflow())
}

pub fn split(fee: Amount, params: &Params, to: &Recipients) -> SdkResult<Split> {
    let mut credits = Vec::new();
    if let Some(owner) = to.owner {
        credits.push((owner, portion(fee, params.owner_share)?));
    }
    if !to.records.is_empty() {
        let pool = portion(fee, params.data_share)?;
        let each = pool.checked_div(Amount::from(to.records.len() as u64)).ok_or_else(overflow)?;
        credits.extend(to.records.iter().map(|a| (*a, each)));
    }
    let records: u64 = to.training.iter().map(|(_, n)| *n).fold(0u64, u64::saturating_add);
    if records > 0 {
        let pool = portion(fee, params.training_share)?;
        for (owner, n) in &to.training {
            let part = pool.mul_div_floor(Amount::from(*n), Amount::from(records)).ok_or_else(overflow)?;
            credits.push((*owner, part));
        }
    }
    credits.retain(|(_, a)| !a.is_zero());
    let paid = credits.iter().try_fold(Amount::ZERO, |acc, (_, a)| acc.checked_add(*a)).ok_or_else(overflow)?;
    let community = fee.checked_sub(paid).ok_or_else(|| SdkError::internal("fee split pays out more than the fee"))?;
    Ok(Split { credits, community })
}

/// Takes `fee` from the requester and distributes it: the community pool's part now, the rest
/// accrued to its recipients.
pub(crate) async fn pay<S: StateWrite + ?Sized>(
    state: &mut S,
    params: &Params,
    requester: &Address,
    fee: &Coin,
    to: &Recipients,
) -> SdkResult<Split> {
    let split = split(fee.amount, params, to)?;
    let module = crate::module_address();
    let coins = |amount: Amount| -> SdkResult<Coins> { [Coin::new(fee.denom.clone(), amount)].into_iter().collect() };
    state.send(requester, &module, &coins(fee.amount)?).await?;
    if !split.community.is_zero() {
        symbiote_distribution::fund_community_pool(state, &module, &coins(split.community)?).await?;
    }
    for (address, amount) in &split.credits {
        let mut accrued = state.rewards(address).await?;
        accrued.add(&Coin::new(fee.denom.clone(), *amount))?;
        state::put_rewards(state, address, &accrued)?;
    }
    state.record(events::fee_split(fee, &split));
    Ok(split)
}

/// Pays out everything accrued to `owner` (nothing if nothing accrued).
pub(crate) async fn withdraw<S: StateWrite + ?Sized>(state: &mut S, owner: &Address) -> SdkResult<Coins> {
    let accrued = state.rewards(owner).await?;
    if accrued.is_empty() {
        return Ok(accrued);
    }
    state::delete_rewards(state, owner)?;
    state.send(&crate::module_address(), owner, &accrued).await?;
    state.record(events::withdrawn(owner, &accrued));
    Ok(accrued)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(n: u8) -> Address {
        Address::from_bytes([n; 20])
    }

    fn amounts(s: &Split) -> Vec<u64> {
        s.credits.iter().map(|(_, x)| x.to_u64().unwrap()).collect()
    }

    #[test]
    fn every_unit_of_the_fee_lands_somewhere() {
        let params = Params::default();
        let to = Recipients { owner: Some(a(1)), records: vec![a(2), a(3)], training: vec![(a(4), 2), (a(5), 1)] };
        // 1001: owner ⌊500.5⌋ = 500; records ⌊300.3⌋ = 300 → 150 each; training ⌊150.15⌋ = 150 →
        // 100 and 50; community 1001 − 950 = 51 (its 5% = 50, and the remainder 1).
        let s = split(Amount::from(1001u64), &params, &to).unwrap();
        assert_eq!(amounts(&s), [500, 150, 150, 100, 50]);
        assert_eq!(s.community, Amount::from(51u64));
        // 7 with three records: each record owner ⌊2/3⌋ = 0 is dropped; the pool takes the rest.
        let to = Recipients { owner: Some(a(1)), records: vec![a(2), a(3), a(4)], training: vec![] };
        let s = split(Amount::from(7u64), &params, &to).unwrap();
        assert_eq!(amounts(&s), [3]);
        assert_eq!(s.community, Amount::from(4u64));
    }

    #[test]
    fn shares_without_recipients_go_to_the_community_pool() {
        let s = split(Amount::from(1000u64), &Params::default(), &Recipients::default()).unwrap();
        assert!(s.credits.is_empty());
        assert_eq!(s.community, Amount::from(1000u64));
        let to = Recipients { owner: None, records: vec![a(2)], training: vec![(a(3), 0)] };
        let s = split(Amount::from(1000u64), &Params::default(), &to).unwrap();
        assert_eq!(amounts(&s), [300]);
        assert_eq!(s.community, Amount::from(700u64));
    }

    #[test]
    fn a_split_never_pays_out_more_than_the_fee() {
        let params = Params::default();
        let to = Recipients {
            owner: Some(a(1)),
            records: (2..9).map(a).collect(),
            training: (9..20).map(|n| (a(n), u64::from(n) * 13)).collect(),
        };
        for fee in (0u64..2000).chain([u64::MAX]) {
            let s = split(Amount::from(fee), &params, &to).unwrap();
            let paid: u128 = s.credits.iter().map(|(_, x)| x.to_u128().unwrap()).sum();
            assert_eq!(paid + s.community.to_u128().unwrap(), u128::from(fee));
        }
    }
}
