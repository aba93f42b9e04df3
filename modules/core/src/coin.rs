//! Coins: a denomination and a non-negative integer amount, as `sdk.Coin`/`sdk.Coins`.
//!
//! Amounts are `u128` (the SDK uses 256-bit ints; 128 bits holds 3.4e38 base units, far past any
//! supply). Every arithmetic step is checked: an overflow is an error, never a wrap.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;

use crate::error::{Code, SdkError, SdkResult};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Coin {
    pub denom: String,
    pub amount: u128,
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

/// Parses a decimal amount: digits only, no sign, no leading `+`, fits in u128.
pub fn parse_amount(s: &str) -> SdkResult<u128> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SdkError::new(Code::InvalidCoins, format!("invalid coin amount: {s:?}")));
    }
    s.parse::<u128>().map_err(|_| SdkError::new(Code::InvalidCoins, format!("coin amount out of range: {s}")))
}

impl Coin {
    pub fn new(denom: impl Into<String>, amount: u128) -> Self {
        Self { denom: denom.into(), amount }
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

/// An amount's decimal digits. Amounts almost always fit in 64 bits, whose formatting is several
/// times faster than 128-bit formatting; amounts are formatted on every transfer.
struct Digits(u128);

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match u64::try_from(self.0) {
            Ok(small) => write!(f, "{small}"),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

/// Decimal digits of an amount, as stored for balances and supply.
pub fn format_amount(amount: u128) -> String {
    Digits(amount).to_string()
}

impl fmt::Display for Coin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Digits(self.amount), self.denom)
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
pub struct Coins(BTreeMap<String, u128>);

impl Coins {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn amount_of(&self, denom: &str) -> u128 {
        self.0.get(denom).copied().unwrap_or(0)
    }

    pub fn iter(&self) -> impl Iterator<Item = Coin> + '_ {
        self.0.iter().map(|(d, a)| Coin::new(d.clone(), *a))
    }

    /// Adds one coin; zero amounts are ignored so the set stays canonical.
    pub fn add(&mut self, coin: &Coin) -> SdkResult<()> {
        if coin.amount == 0 {
            return Ok(());
        }
        let slot = self.0.entry(coin.denom.clone()).or_insert(0);
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
            if coin.amount == 0 {
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
            vec![pc("usym", "340282366920938463463374607431768211456")], // u128::MAX + 1
            vec![pc("usym", "1"), pc("foo", "1")],
            vec![pc("usym", "1"), pc("usym", "1")],
            vec![pc("1abc", "1")],
        ] {
            let err = Coins::from_proto_strict(&bad).unwrap_err();
            assert!(err.is(Code::InvalidCoins), "{bad:?}: {err}");
        }
    }

    #[test]
    fn add_overflow_is_an_error() {
        let mut c = Coins::new();
        c.add(&Coin::new("usym", u128::MAX)).unwrap();
        assert!(c.add(&Coin::new("usym", 1)).is_err());
    }

    #[test]
    fn amounts_format_as_their_decimal_digits_on_both_sides_of_64_bits() {
        let edge = u128::from(u64::MAX);
        for amount in [0, 1, edge, edge + 1, u128::MAX] {
            assert_eq!(format_amount(amount), amount.to_string());
            assert_eq!(Coin::new("usym", amount).to_string(), format!("{amount}usym"));
        }
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
