//! `sdk.DecCoins`: coins with 18-decimal amounts, which distribution accrues rewards in (a
//! validator's share of a block's fees is rarely a whole number of base units). Kept canonical —
//! sorted by denom, only positive amounts — so equal sets compare and encode equally.
//!
//! Rounding follows the SDK ([`LegacyDec`]): `mul_dec` rounds half to even, the `_truncate`
//! forms round toward zero; subtraction below zero is a broken invariant (internal error), never
//! a silent clamp.

use std::collections::BTreeMap;
use std::fmt;

use cosmos_sdk_proto::cosmos::base::v1beta1::DecCoin as ProtoDecCoin;
use serde::{Deserialize, Serialize};

use crate::error::Code;
use crate::legacy_dec::DecError;
use crate::{Coin, Coins, LegacyDec, SdkError, SdkResult};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecCoins(BTreeMap<String, LegacyDec>);

fn dec_err(e: DecError) -> SdkError {
    SdkError::internal(format!("decimal coin arithmetic: {e:?}"))
}

impl DecCoins {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn amount_of(&self, denom: &str) -> LegacyDec {
        self.0.get(denom).copied().unwrap_or(LegacyDec::ZERO)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, LegacyDec)> + '_ {
        self.0.iter().map(|(d, a)| (d.as_str(), *a))
    }

    /// `NewDecCoinsFromCoins`.
    pub fn from_coins(coins: &Coins) -> Self {
        Self(coins.iter().map(|c| (c.denom, LegacyDec::from_amount(c.amount))).collect())
    }

    fn from_map(map: BTreeMap<String, LegacyDec>) -> Self {
        Self(map.into_iter().filter(|(_, a)| a.is_positive()).collect())
    }

    fn map(&self, f: impl Fn(LegacyDec) -> Result<LegacyDec, DecError>) -> SdkResult<Self> {
        let mut out = BTreeMap::new();
        for (d, a) in &self.0 {
            out.insert(d.clone(), f(*a).map_err(dec_err)?);
        }
        Ok(Self::from_map(out))
    }

    pub fn checked_add(&self, other: &DecCoins) -> SdkResult<Self> {
        let mut out = self.0.clone();
        for (d, a) in &other.0 {
            let slot = out.entry(d.clone()).or_insert(LegacyDec::ZERO);
            *slot = slot.checked_add(*a).map_err(dec_err)?;
        }
        Ok(Self::from_map(out))
    }

    /// `Sub`: every denom of `other` must be covered; a negative result is an internal error.
    pub fn checked_sub(&self, other: &DecCoins) -> SdkResult<Self> {
        let mut out = self.0.clone();
        for (d, a) in &other.0 {
            let slot = out.entry(d.clone()).or_insert(LegacyDec::ZERO);
            *slot = slot.checked_sub(*a).map_err(dec_err)?;
            if slot.is_negative() {
                return Err(SdkError::internal(format!("negative decimal coin amount subtracting {a}{d}")));
            }
        }
        Ok(Self::from_map(out))
    }

    /// Whether `self` ≥ `other` in every denom (`IsAllGTE`).
    pub fn covers(&self, other: &DecCoins) -> bool {
        other.0.iter().all(|(d, a)| self.amount_of(d) >= *a)
    }

    /// `MulDec`: each amount × d, rounded half to even.
    pub fn mul_dec(&self, d: LegacyDec) -> SdkResult<Self> {
        self.map(|a| a.checked_mul(d))
    }

    /// `MulDecTruncate`.
    pub fn mul_dec_truncate(&self, d: LegacyDec) -> SdkResult<Self> {
        self.map(|a| a.mul_truncate(d))
    }

    /// `QuoDecTruncate`.
    pub fn quo_dec_truncate(&self, d: LegacyDec) -> SdkResult<Self> {
        if d.is_zero() {
            return Err(SdkError::internal("decimal coins divided by zero"));
        }
        self.map(|a| a.quo_truncate(d))
    }

    /// `TruncateDecimal`: the whole coins, and the fractional change left over.
    pub fn truncate_decimal(&self) -> SdkResult<(Coins, DecCoins)> {
        let mut whole = Coins::new();
        let mut change = BTreeMap::new();
        for (d, a) in &self.0 {
            let int = a.truncate_int().map_err(dec_err)?;
            whole.add(&Coin::new(d.clone(), int))?;
            change.insert(d.clone(), a.checked_sub(LegacyDec::from_amount(int)).map_err(dec_err)?);
        }
        Ok((whole, Self::from_map(change)))
    }

    /// `Intersect`: the per-denom minimum.
    pub fn intersect(&self, other: &DecCoins) -> Self {
        Self::from_map(self.0.iter().map(|(d, a)| (d.clone(), (*a).min(other.amount_of(d)))).collect())
    }

    pub fn to_proto(&self) -> Vec<ProtoDecCoin> {
        self.0.iter().map(|(d, a)| ProtoDecCoin { denom: d.clone(), amount: a.to_proto_string() }).collect()
    }

    /// From the wire or the store (amounts in the proto form: the scaled integer's digits). Zero
    /// amounts are dropped; negative or malformed ones are refused.
    pub fn from_proto(list: &[ProtoDecCoin]) -> SdkResult<Self> {
        let mut out = BTreeMap::new();
        for c in list {
            crate::coin::validate_denom(&c.denom)?;
            let amount = LegacyDec::from_proto_string(&c.amount)
                .map_err(|e| SdkError::new(Code::InvalidCoins, format!("invalid decimal coin {}: {e:?}", c.denom)))?
                .unwrap_or(LegacyDec::ZERO);
            if amount.is_negative() {
                return Err(SdkError::new(Code::InvalidCoins, format!("negative decimal coin {}", c.denom)));
            }
            let slot: &mut LegacyDec = out.entry(c.denom.clone()).or_insert(LegacyDec::ZERO);
            *slot = slot.checked_add(amount).map_err(dec_err)?;
        }
        Ok(Self::from_map(out))
    }
}

impl fmt::Display for DecCoins {
    /// `1.500000000000000000usym,2.000000000000000000foo`, the SDK's string form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (d, a)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{a}{d}")?;
        }
        Ok(())
    }
}

/// The JSON form (genesis): `[{"denom": "usym", "amount": "1.500000000000000000"}]`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDecCoin {
    denom: String,
    amount: LegacyDec,
}

impl Serialize for DecCoins {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|(d, a)| JsonDecCoin { denom: d.clone(), amount: *a }))
    }
}

impl<'de> Deserialize<'de> for DecCoins {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<JsonDecCoin>::deserialize(d)?;
        let mut out = BTreeMap::new();
        for c in list {
            crate::coin::validate_denom(&c.denom).map_err(|e| serde::de::Error::custom(e.log))?;
            if c.amount.is_negative() {
                return Err(serde::de::Error::custom(format!("negative decimal coin {}", c.denom)));
            }
            if out.insert(c.denom.clone(), c.amount).is_some() {
                return Err(serde::de::Error::custom(format!("duplicate denomination {}", c.denom)));
            }
        }
        Ok(Self::from_map(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dc(s: &[(&str, &str)]) -> DecCoins {
        DecCoins::from_map(s.iter().map(|(d, a)| (d.to_string(), a.parse().unwrap())).collect())
    }

    #[test]
    fn truncate_splits_whole_coins_from_change() {
        let (whole, change) = dc(&[("a", "10.75"), ("b", "0.5"), ("c", "3")]).truncate_decimal().unwrap();
        assert_eq!(whole.to_string(), "10a,3c");
        assert_eq!(change, dc(&[("a", "0.75"), ("b", "0.5")]));
    }

    #[test]
    fn arithmetic_rounds_as_the_sdk_and_refuses_negative_results() {
        let x = dc(&[("a", "1"), ("b", "2")]);
        let third = LegacyDec::ONE.quo_truncate(LegacyDec::from(3)).unwrap();
        assert_eq!(x.mul_dec_truncate(third).unwrap().amount_of("a").to_string(), "0.333333333333333333");
        // 2 × 0.333333333333333333 = 0.666666666666666666 exactly: both roundings agree here.
        assert_eq!(x.mul_dec(third).unwrap().amount_of("b").to_string(), "0.666666666666666666");
        assert_eq!(x.quo_dec_truncate(LegacyDec::from(3)).unwrap().amount_of("b").to_string(), "0.666666666666666666");
        assert!(x.checked_sub(&dc(&[("a", "1.1")])).is_err());
        assert!(x.checked_sub(&dc(&[("z", "1")])).is_err());
        assert_eq!(x.checked_sub(&dc(&[("a", "1")])).unwrap(), dc(&[("b", "2")]), "zero amounts disappear");
        assert_eq!(x.intersect(&dc(&[("a", "0.5"), ("c", "9")])), dc(&[("a", "0.5")]));
        assert!(x.covers(&dc(&[("a", "1")])) && !x.covers(&dc(&[("c", "1")])));
    }

    #[test]
    fn proto_and_json_forms_round_trip() {
        let x = dc(&[("usym", "1.5"), ("foo", "0.000000000000000001")]);
        assert_eq!(DecCoins::from_proto(&x.to_proto()).unwrap(), x);
        assert_eq!(x.to_proto()[1].amount, "1500000000000000000");
        let json = serde_json::to_string(&x).unwrap();
        assert_eq!(
            json,
            r#"[{"denom":"foo","amount":"0.000000000000000001"},{"denom":"usym","amount":"1.500000000000000000"}]"#
        );
        assert_eq!(serde_json::from_str::<DecCoins>(&json).unwrap(), x);
        assert_eq!(x.to_string(), "0.000000000000000001foo,1.500000000000000000usym");
    }
}
