//! The SDK's bank invariant (`x/bank/keeper/invariants.go`, `TotalSupply`), for tests and audits:
//! it reads every balance, so nothing on the block path calls it.

use std::collections::BTreeMap;

use cnidarium::StateRead;
use futures::StreamExt;
use symbiote_core::{Amount, SdkError, SdkResult};

use crate::keys;
use crate::state::decode_amount;

fn broken(why: impl std::fmt::Display) -> SdkError {
    SdkError::internal(format!("bank invariant total-supply broken: {why}"))
}

/// The recorded supply of every denom equals the sum of its balances (and no denom has balances
/// without a supply record or the other way round).
pub async fn total_supply<S: StateRead>(state: &S) -> SdkResult<()> {
    let mut summed: BTreeMap<String, Amount> = BTreeMap::new();
    let mut balances = std::pin::pin!(state.prefix_raw(&keys::balances_of_all()));
    while let Some(item) = balances.next().await {
        let (key, value) = item?;
        // bank/balances/<address hex>/<denom>: the denom follows the address's fixed-width hex.
        let denom = key
            .strip_prefix(&keys::balances_of_all())
            .and_then(|rest| rest.split_once('/'))
            .map(|(_, denom)| denom.to_string())
            .ok_or_else(|| broken(format!("unexpected key {key}")))?;
        let amount = decode_amount(&key, &value)?;
        let sum = summed.entry(denom).or_insert(Amount::ZERO);
        *sum = sum.checked_add(amount).ok_or_else(|| broken("sum overflows"))?;
    }
    let mut recorded: BTreeMap<String, Amount> = BTreeMap::new();
    let mut supplies = std::pin::pin!(state.prefix_raw(&keys::supply_prefix()));
    while let Some(item) = supplies.next().await {
        let (key, value) = item?;
        let denom = key.strip_prefix(&keys::supply_prefix()).unwrap_or_default().to_string();
        recorded.insert(denom, decode_amount(&key, &value)?);
    }
    summed.retain(|_, a| !a.is_zero());
    recorded.retain(|_, a| !a.is_zero());
    if summed != recorded {
        return Err(broken(format!("supply {recorded:?} but balances sum to {summed:?}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use cnidarium::{StateDelta, TempStorage};
    use symbiote_core::Address;

    use super::*;
    use crate::state::{write_balance, write_supply};

    fn amount(n: u64) -> Amount {
        Amount::from(n)
    }

    #[tokio::test]
    async fn supply_must_equal_the_sum_of_balances_per_denom() {
        let storage = TempStorage::new().await.unwrap();
        let mut s = StateDelta::new(storage.latest_snapshot());
        let (a, b) = (Address::module("a"), Address::module("b"));
        write_balance(&mut s, &a, "usym", Amount::ZERO, amount(7)).unwrap();
        write_balance(&mut s, &b, "usym", Amount::ZERO, amount(5)).unwrap();
        write_balance(&mut s, &b, "ibc/ABC", Amount::ZERO, amount(3)).unwrap();
        write_supply(&mut s, "usym", amount(12)).unwrap();
        let e = total_supply(&s).await.unwrap_err();
        assert!(e.log.contains("ibc/ABC"), "a denom with balances and no supply: {e}");
        write_supply(&mut s, "ibc/ABC", amount(3)).unwrap();
        total_supply(&s).await.unwrap();
        write_supply(&mut s, "usym", amount(13)).unwrap();
        assert!(total_supply(&s).await.is_err(), "supply above the balances");
        write_supply(&mut s, "usym", amount(12)).unwrap();
        write_supply(&mut s, "uother", amount(1)).unwrap();
        assert!(total_supply(&s).await.is_err(), "supply of a denom nobody holds");
    }
}
