//! Fixed-point decimals with 18 places (the SDK's `LegacyDec` precision). No floats touch state.

use std::fmt;
use std::str::FromStr;

use crate::amount::Amount;
use crate::error::{Code, SdkError, SdkResult};

pub const PRECISION: u32 = 18;
const ONE: u128 = 10u128.pow(PRECISION);

/// A non-negative decimal `atoms / 10^18`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dec(u128);

impl Dec {
    pub const ZERO: Dec = Dec(0);

    pub fn from_atoms(atoms: u128) -> Self {
        Dec(atoms)
    }

    pub fn atoms(self) -> u128 {
        self.0
    }

    /// `ceil(self × n)`: the smallest integer amount that is at least the exact product. Used for
    /// required fees, where rounding down would let a tx underpay.
    pub fn mul_ceil(self, n: u128) -> Option<Amount> {
        Amount::from(self.0).mul_div_ceil(Amount::from(n), Amount::from(ONE))
    }
}

impl FromStr for Dec {
    type Err = SdkError;
    fn from_str(s: &str) -> SdkResult<Self> {
        let bad = || SdkError::new(Code::InvalidRequest, format!("invalid decimal {s:?}"));
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if frac.len() > PRECISION as usize || (s.contains('.') && frac.is_empty()) {
            return Err(bad());
        }
        let int: u128 = int.parse().map_err(|_| bad())?;
        let frac_atoms: u128 = if frac.is_empty() {
            0
        } else {
            frac.parse::<u128>().map_err(|_| bad())? * 10u128.pow(PRECISION - frac.len() as u32)
        };
        int.checked_mul(ONE).and_then(|a| a.checked_add(frac_atoms)).map(Dec).ok_or_else(bad)
    }
}

impl fmt::Display for Dec {
    /// Always 18 places, as the SDK prints `LegacyDec`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:018}", self.0 / ONE, self.0 % ONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_print_and_round_up() {
        let d: Dec = "0.025".parse().unwrap();
        assert_eq!(d.to_string(), "0.025000000000000000");
        let amount = |n: u64| Some(Amount::from(n));
        assert_eq!(d.mul_ceil(200_000), amount(5_000));
        assert_eq!(d.mul_ceil(1), amount(1)); // 0.025 rounds up to 1
        assert_eq!(Dec::ZERO.mul_ceil(1_000), amount(0));
        assert_eq!("3".parse::<Dec>().unwrap().mul_ceil(2), amount(6));
        for bad in ["", ".5", "1.", "-1", "1.0000000000000000001", "1e3", "abc"] {
            assert!(bad.parse::<Dec>().is_err(), "{bad}");
        }
        // Exact where the product passes 128 bits: ceil((2^128 − 1) · 2 / 10^18).
        assert_eq!(Dec::from_atoms(u128::MAX).mul_ceil(2).unwrap().to_string(), "680564733841876926927");
    }
}
