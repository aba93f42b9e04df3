//! Coins: a denomination and a non-negative integer amount, as `sdk.Coin`/`sdk.Coins`.
//!
//! Amounts are [`Amount`]s, the SDK's 256-bit range, so any amount an SDK chain or an IBC
//! counterparty sends is representable. Every arithmetic step is checked: an overflow is an
//! error, never a wrap.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;

use crate::amount::{Amount, AmountError};
use crate::error::{Code, SdkError, SdkResult};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Coin {
    pub denom: String,
    pub amount: Amount,
}

/// Denominations as the SDK's default regex: `[a-zA-Z][a-zA-Z0-9/:._-]{2,127}`.
pub fn validate_denom(denom: &str) -> SdkResult<()> {
    let bytes = denom.as_bytes();
    let ok = (3..=128).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes[1..].iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b':' | b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(SdkError::new(Code::InvalidCoins, format!("invalid denom: {denom}")))
    }
}

/// Parses a decimal amount: digits only, no sign, no leading `+`, at most 256 bits.
pub fn parse_amount(s: &str) -> SdkResult<Amount> {
    s.parse::<Amount>().map_err(|e| match e {
        AmountError::OutOfRange => SdkError::new(Code::InvalidCoins, format!("coin amount out of range: {s}")),
        _ => SdkError::new(Code::InvalidCoins, format!("invalid coin amount: {s:?}")),
    })
}

impl Coin {
    pub fn new(denom: impl Into<String>, amount: impl Into<Amount>) -> Self {
        Self { denom: denom.into(), amount: amount.into() }
    }

    pub fn to_proto(&self) -> ProtoCoin {
        ProtoCoin { denom: self.denom.clone(), amount: self.amount.to_string() }
    }
}

impl TryFrom<&ProtoCoin> for Coin {
    type Error = SdkError;
    fn try_from(c: &ProtoCoin) -> SdkResult<Self> {
        validate_denom(&c.denom)?;
        Ok(Coin { denom: c.denom.clone(), amount: parse_amount(&c.amount)? })
    }
}

/// Decimal digits of an amount, as stored for balances and supply.
pub fn format_amount(amount: Amount) -> String {
    amount.to_string()
}

impl fmt::Display for Coin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.denom)
    }
}

impl FromStr for Coin {
    type Err = SdkError;
    /// `100usym`: amount digits, then the denom.
    fn from_str(s: &str) -> SdkResult<Self> {
        let s = s.trim();
        let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (amount, denom) = s.split_at(split);
        validate_denom(denom)?;
        Ok(Coin { denom: denom.to_string(), amount: parse_amount(amount)? })
    }
}

/// A set of coins with positive amounts, one per denom, ordered by denom (the SDK's canonical
/// `Coins`). The empty set is valid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coins(BTreeMap<String, Amount>);

impl Coins {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn amount_of(&self, denom: &str) -> Amount {
        self.0.get(denom).copied().unwrap_or(Amount::ZERO)
    }

    pub fn iter(&self) -> impl Iterator<Item = Coin> + '_ {
        self.0.iter().map(|(d, a)| Coin::new(d.clone(), *a))
    }

    /// Adds one coin; zero amounts are ignored so the set stays canonical.
    pub fn add(&mut self, coin: &Coin) -> SdkResult<()> {
        if coin.amount.is_zero() {
            return Ok(());
        }
        let slot = self.0.entry(coin.denom.clone()).or_insert(Amount::ZERO);
        *slot = slot
            .checked_add(coin.amount)
            .ok_or_else(|| SdkError::new(Code::InvalidCoins, format!("amount overflow adding {coin}")))?;
        Ok(())
    }

    /// Validates the SDK's rules for a coin list in a message: each denom valid, amounts positive,
    /// sorted by denom with no duplicates.
    pub fn from_proto_strict(list: &[ProtoCoin]) -> SdkResult<Self> {
        let mut out = BTreeMap::new();
        let mut previous: Option<&str> = None;
        for pc in list {
            let coin = Coin::try_from(pc)?;
            if coin.amount.is_zero() {
                return Err(SdkError::new(Code::InvalidCoins, format!("coin {coin} amount is not positive")));
            }
            if let Some(prev) = previous {
                if pc.denom.as_str() <= prev {
                    let why = if pc.denom == prev { "duplicate denomination" } else { "denomination is not sorted" };
                    return Err(SdkError::new(Code::InvalidCoins, format!("{why} {}", pc.denom)));
                }
            }
            previous = Some(pc.denom.as_str());
            out.insert(coin.denom, coin.amount);
        }
        Ok(Coins(out))
    }

    pub fn to_proto(&self) -> Vec<ProtoCoin> {
        self.iter().map(|c| c.to_proto()).collect()
    }
}

impl fmt::Display for Coins {
    /// `10foo,100usym`, the SDK's string form (empty for no coins).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, coin) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{coin}")?;
        }
        Ok(())
    }
}

impl FromStr for Coins {
    type Err = SdkError;
    /// `100usym,5foo` in any order; the result is canonical. Duplicates are an error.
    fn from_str(s: &str) -> SdkResult<Self> {
        let mut out = Coins::new();
        if s.trim().is_empty() {
            return Ok(out);
        }
        for part in s.split(',') {
            let coin: Coin = part.parse()?;
            if out.0.contains_key(&coin.denom) {
                return Err(SdkError::new(Code::InvalidCoins, format!("duplicate denomination {}", coin.denom)));
            }
            out.add(&coin)?;
        }
        Ok(out)
    }
}

impl FromIterator<Coin> for SdkResult<Coins> {
    fn from_iter<I: IntoIterator<Item = Coin>>(iter: I) -> Self {
        let mut out = Coins::new();
        for c in iter {
            out.add(&c)?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pc(denom: &str, amount: &str) -> ProtoCoin {
        ProtoCoin { denom: denom.into(), amount: amount.into() }
    }

    #[test]
    fn parses_and_prints_canonically() {
        let c: Coins = "5foo,100usym".parse().unwrap();
        assert_eq!(c.to_string(), "5foo,100usym");
        let c: Coins = "100usym,5foo".parse().unwrap();
        assert_eq!(c.to_string(), "5foo,100usym");
        assert!("100usym,1usym".parse::<Coins>().is_err());
        assert!("-1usym".parse::<Coin>().is_err());
        assert!("1u".parse::<Coin>().is_err());
        assert!("usym".parse::<Coin>().is_err());
    }

    #[test]
    fn strict_proto_rules() {
        assert!(Coins::from_proto_strict(&[pc("usym", "1")]).is_ok());
        for bad in [
            vec![pc("usym", "0")],
            vec![pc("usym", "-1")],
            vec![pc("usym", "+1")],
            vec![pc("usym", "1.5")],
            // 2^256, one past the SDK's range (2^128, past u128, is in it: see below).
            vec![pc("usym", "115792089237316195423570985008687907853269984665640564039457584007913129639936")],
            vec![pc("usym", "1"), pc("foo", "1")],
            vec![pc("usym", "1"), pc("usym", "1")],
            vec![pc("1abc", "1")],
        ] {
            let err = Coins::from_proto_strict(&bad).unwrap_err();
            assert!(err.is(Code::InvalidCoins), "{bad:?}: {err}");
        }
    }

    #[test]
    fn amounts_have_the_sdks_256_bit_range() {
        let two_128 = "340282366920938463463374607431768211456";
        let coins = Coins::from_proto_strict(&[pc("usym", two_128)]).unwrap();
        assert_eq!(coins.amount_of("usym").to_string(), two_128);
        let max = Amount::MAX.to_string();
        assert_eq!(Coins::from_proto_strict(&[pc("usym", &max)]).unwrap().to_string(), format!("{max}usym"));
        assert!(format!("{two_128}usym").parse::<Coin>().is_ok());
    }

    #[test]
    fn add_overflow_is_an_error() {
        let mut c = Coins::new();
        c.add(&Coin::new("usym", Amount::MAX)).unwrap();
        assert!(c.add(&Coin::new("usym", 1u64)).is_err());
    }

    proptest! {
        #[test]
        fn parsing_never_panics(s in ".{0,64}") {
            let _ = s.parse::<Coins>();
            let _ = s.parse::<Coin>();
        }

        #[test]
        fn display_parse_round_trip(amounts in proptest::collection::btree_map("[a-z]{3,8}", 1u128.., 0..5)) {
            let coins: Coins = amounts.iter().map(|(d, a)| Coin::new(d.clone(), *a)).collect::<SdkResult<Coins>>().unwrap();
            let back: Coins = coins.to_string().parse().unwrap();
            prop_assert_eq!(back, coins);
        }
    }
}
