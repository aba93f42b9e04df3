//! Coin amounts with the Cosmos SDK's range: any integer in `[0, 2^256 − 1]`.
//!
//! The SDK's `math.Int` (the type of `sdk.Coin.Amount`) is a big integer capped at 256 bits: a
//! value whose bit length exceeds 256 is "out of range", and coin amounts are never negative. A
//! `u128` would refuse amounts that every SDK chain accepts (2^128 and up, which 18-decimal tokens
//! bridged from Ethereum reach), so `Amount` stores 256 bits.
//!
//! The backing integer is `primitive_types::U256`, private to this module: callers see only
//! `Amount`'s own API, so the representation can change without touching them. `Amount` is `Copy`
//! (32 bytes, no heap), and every operation that can leave the range returns `None` instead of
//! panicking or wrapping — the SDK panics on overflow inside a transaction, which the caller turns
//! into a failed transaction; here the caller decides, with the type system's help.

use std::fmt;
use std::str::FromStr;

use primitive_types::{U256, U512};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Decimal digits of `2^256 − 1` (115792…39935). A string with more significant digits cannot be
/// in range, whatever they are, so it is refused before any arithmetic: long inputs cost one scan.
const MAX_DIGITS: usize = 78;

/// Decimal digits that always fit in a `u64`: `10^19 − 1 < 2^64 − 1 < 10^20 − 1`.
const U64_DIGITS: usize = 19;

/// `10^19`, the base in which parsing and printing move chunks of [`U64_DIGITS`] digits.
const TEN_POW_19: u64 = 10_000_000_000_000_000_000;

/// A non-negative integer in `[0, 2^256 − 1]`: the range of the SDK's `math.Int` for coin amounts.
///
/// Text form (`FromStr`, `Display`, serde) is plain decimal digits, as the SDK writes amounts in
/// coin strings (`"1000usym"`) and in JSON (`"amount": "1000"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(U256);

/// Why a string is not an amount. Both "invalid" kinds print the same message; the caller maps
/// them to the chain's coded errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// The string is empty.
    #[error("invalid amount")]
    Empty,
    /// The string holds something other than ASCII digits (a sign, space, `_`, `e`, `.`, ...).
    #[error("invalid amount")]
    InvalidDigit,
    /// The digits spell a value of 2^256 or more.
    #[error("amount out of range: exceeds 256 bits")]
    OutOfRange,
}

impl Amount {
    pub const ZERO: Amount = Amount(U256([0; 4]));
    /// `2^256 − 1`, the largest amount the SDK accepts.
    pub const MAX: Amount = Amount(U256::MAX);

    /// The value as a `u128`, or `None` if it is 2^128 or more.
    pub fn to_u128(&self) -> Option<u128> {
        match self.0 .0 {
            [lo, hi, 0, 0] => Some(u128::from(hi) << 64 | u128::from(lo)),
            _ => None,
        }
    }

    /// The value as a `u64`, or `None` if it is 2^64 or more.
    pub fn to_u64(&self) -> Option<u64> {
        match self.0 .0 {
            [lo, 0, 0, 0] => Some(lo),
            _ => None,
        }
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// `self + rhs`, or `None` if the sum is 2^256 or more.
    pub fn checked_add(self, rhs: Amount) -> Option<Amount> {
        self.0.checked_add(rhs.0).map(Amount)
    }

    /// `self − rhs`, or `None` if `rhs > self` (amounts are never negative).
    pub fn checked_sub(self, rhs: Amount) -> Option<Amount> {
        self.0.checked_sub(rhs.0).map(Amount)
    }

    /// `self × rhs`, or `None` if the product is 2^256 or more.
    pub fn checked_mul(self, rhs: Amount) -> Option<Amount> {
        self.0.checked_mul(rhs.0).map(Amount)
    }

    /// `floor(self / rhs)`, or `None` if `rhs` is zero.
    pub fn checked_div(self, rhs: Amount) -> Option<Amount> {
        self.0.checked_div(rhs.0).map(Amount)
    }

    /// `self − rhs`, or zero if `rhs > self`.
    pub fn saturating_sub(self, rhs: Amount) -> Amount {
        Amount(self.0.saturating_sub(rhs.0))
    }

    /// `floor(self × num / den)`, exact: the product is kept in 512 bits, so it may exceed 2^256
    /// as long as the quotient does not (pro-rata shares such as `balance × part / total`, where
    /// computing `balance × part` first would overflow and dividing first would lose precision).
    /// `None` if `den` is zero or the quotient is 2^256 or more.
    pub fn mul_div_floor(self, num: Amount, den: Amount) -> Option<Amount> {
        let (quotient, _) = self.mul_div_rem(num, den)?;
        narrow(quotient)
    }

    /// `ceil(self × num / den)`, exact, like [`Amount::mul_div_floor`]; for amounts that must not
    /// be rounded in the payer's favour. `None` if `den` is zero or the result is 2^256 or more.
    pub fn mul_div_ceil(self, num: Amount, den: Amount) -> Option<Amount> {
        let (quotient, remainder) = self.mul_div_rem(num, den)?;
        if remainder.is_zero() {
            narrow(quotient)
        } else {
            // The quotient is at most (2^256 − 1)^2 < 2^512 − 1, so adding one never fails here.
            narrow(quotient.checked_add(U512::one())?)
        }
    }

    /// Quotient and remainder of `self × num / den` in 512 bits; `None` if `den` is zero.
    fn mul_div_rem(self, num: Amount, den: Amount) -> Option<(U512, U512)> {
        if den.is_zero() {
            return None;
        }
        Some(self.0.full_mul(num.0).div_mod(U512::from(den.0)))
    }
}

/// A 512-bit intermediate back into range, or `None` if it needs more than 256 bits.
fn narrow(value: U512) -> Option<Amount> {
    U256::try_from(value).ok().map(Amount)
}

impl From<u64> for Amount {
    fn from(value: u64) -> Self {
        Amount(U256::from(value))
    }
}

impl From<u128> for Amount {
    fn from(value: u128) -> Self {
        Amount(U256::from(value))
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    /// The SDK's rules for the amount in a coin string: one or more ASCII digits and nothing else
    /// (no sign, space, `_`, exponent or radix prefix); leading zeros are allowed (`"007"` is 7, as
    /// Go's `big.Int.SetString` reads it); values of 2^256 and above are out of range.
    ///
    /// Cost is one scan of the input plus, for up to 19 significant digits (every amount below
    /// 10^19, i.e. nearly all of them), plain `u64` arithmetic. Longer inputs are folded in
    /// 19-digit chunks, at most five 256-bit multiply-adds; more than 78 significant digits are
    /// refused before any arithmetic.
    fn from_str(s: &str) -> Result<Self, AmountError> {
        let bytes = s.as_bytes();
        if bytes.is_empty() {
            return Err(AmountError::Empty);
        }
        if !bytes.iter().all(u8::is_ascii_digit) {
            return Err(AmountError::InvalidDigit);
        }
        let first_significant = bytes.iter().position(|&b| b != b'0').unwrap_or(bytes.len());
        let digits = &bytes[first_significant..];
        if digits.len() > MAX_DIGITS {
            return Err(AmountError::OutOfRange);
        }
        if digits.len() <= U64_DIGITS {
            return Ok(Amount::from(parse_u64(digits)));
        }
        // The leading chunk takes the odd digits so the rest split into whole 19-digit chunks.
        let head_len = match digits.len() % U64_DIGITS {
            0 => U64_DIGITS,
            n => n,
        };
        let (head, tail) = digits.split_at(head_len);
        let mut value = U256::from(parse_u64(head));
        for chunk in tail.chunks_exact(U64_DIGITS) {
            value = value
                .checked_mul(U256::from(TEN_POW_19))
                .and_then(|v| v.checked_add(U256::from(parse_u64(chunk))))
                .ok_or(AmountError::OutOfRange)?;
        }
        Ok(Amount(value))
    }
}

/// The value of at most [`U64_DIGITS`] ASCII digits (checked by the caller), which cannot overflow.
fn parse_u64(digits: &[u8]) -> u64 {
    debug_assert!(digits.len() <= U64_DIGITS && digits.iter().all(u8::is_ascii_digit));
    digits.iter().fold(0, |acc, &d| acc * 10 + u64::from(d - b'0'))
}

impl fmt::Display for Amount {
    /// Plain decimal digits, honouring width and fill like the primitive integers do.
    ///
    /// Amounts are printed on every transfer (events, coin strings), and nearly all fit in a
    /// `u64` or `u128`, so those go straight to the standard library's formatting. Larger values
    /// are split into 19-digit chunks by dividing by 10^19, a single-word divisor, so each step is
    /// a short division rather than a full 256-bit one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(small) = self.to_u64() {
            return fmt::Display::fmt(&small, f);
        }
        if let Some(medium) = self.to_u128() {
            return fmt::Display::fmt(&medium, f);
        }
        // Filled from the right; inner chunks keep their leading zeros from the initial '0's.
        let mut buf = [b'0'; MAX_DIGITS];
        let mut end = buf.len();
        let mut rest = self.0;
        let start = loop {
            if let [lead, 0, 0, 0] = rest.0 {
                // Nonzero: the previous `rest` was at least 2^64 > 10^19.
                break write_u64_right_aligned(&mut buf[..end], lead);
            }
            let (quotient, chunk) = rest.div_mod(U256::from(TEN_POW_19));
            write_u64_right_aligned(&mut buf[..end], chunk.low_u64());
            end -= U64_DIGITS;
            rest = quotient;
        };
        let digits = std::str::from_utf8(&buf[start..]).map_err(|_| fmt::Error)?;
        f.pad_integral(true, "", digits)
    }
}

/// Writes the digits of `value` at the end of `buf`; returns the index of the first one.
fn write_u64_right_aligned(buf: &mut [u8], mut value: u64) -> usize {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            return i;
        }
    }
}

/// A JSON string of decimal digits, the SDK's JSON form of `math.Int` (`"amount": "1000"`).
impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Only a string is accepted, parsed by [`Amount::from_str`]: the SDK's `Int.UnmarshalJSON`
/// refuses JSON numbers, and a JSON number could not carry 256 bits faithfully through most
/// JSON tooling anyway.
impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(AmountVisitor)
    }
}

struct AmountVisitor;

impl de::Visitor<'_> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount as a string of decimal digits")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Amount, E> {
        value.parse().map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;
    use proptest::prelude::*;

    const U64_MAX_PLUS_1: &str = "18446744073709551616";
    const U128_MAX: &str = "340282366920938463463374607431768211455";
    const TWO_POW_128: &str = "340282366920938463463374607431768211456";
    const TWO_POW_256_MINUS_1: &str = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
    const TWO_POW_256: &str = "115792089237316195423570985008687907853269984665640564039457584007913129639936";

    fn amount(s: &str) -> Amount {
        s.parse().unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    /// `2^bits`, for `bits < 256`.
    fn pow2(bits: usize) -> Amount {
        Amount(U256::one() << bits)
    }

    #[test]
    fn edge_values_parse_print_and_convert() {
        let cases: [(&str, Option<u64>, Option<u128>); 7] = [
            ("0", Some(0), Some(0)),
            ("1", Some(1), Some(1)),
            ("18446744073709551615", Some(u64::MAX), Some(u64::MAX.into())),
            (U64_MAX_PLUS_1, None, Some(u128::from(u64::MAX) + 1)),
            (U128_MAX, None, Some(u128::MAX)),
            (TWO_POW_128, None, None),
            (TWO_POW_256_MINUS_1, None, None),
        ];
        for (text, as_u64, as_u128) in cases {
            let a = amount(text);
            assert_eq!(a.to_string(), text);
            assert_eq!(a.to_u64(), as_u64, "{text}");
            assert_eq!(a.to_u128(), as_u128, "{text}");
        }
        assert_eq!(amount("0"), Amount::ZERO);
        assert!(Amount::ZERO.is_zero() && !amount("1").is_zero() && Amount::default().is_zero());
        assert_eq!(amount(TWO_POW_256_MINUS_1), Amount::MAX);
        assert_eq!(amount(TWO_POW_128), pow2(128));
        assert_eq!(Amount::from(u64::MAX), amount("18446744073709551615"));
        assert_eq!(Amount::from(u128::MAX), amount(U128_MAX));
        assert_eq!(Amount::from(u128::MAX).checked_add(Amount::from(1u64)), Some(pow2(128)));
    }

    #[test]
    fn out_of_range_is_refused() {
        assert_eq!(TWO_POW_256.parse::<Amount>(), Err(AmountError::OutOfRange));
        let err = |s: &str| s.parse::<Amount>().unwrap_err();
        assert_eq!(err(&format!("000{TWO_POW_256}")), AmountError::OutOfRange);
        // 78 digits, all nines: the right length, but above 2^256 − 1.
        assert_eq!(err(&"9".repeat(78)), AmountError::OutOfRange);
        assert_eq!(err(&format!("{TWO_POW_256_MINUS_1}0")), AmountError::OutOfRange);
        assert_eq!(AmountError::OutOfRange.to_string(), "amount out of range: exceeds 256 bits");
    }

    #[test]
    fn malformed_strings_are_refused() {
        assert_eq!("".parse::<Amount>(), Err(AmountError::Empty));
        for bad in ["-1", "+1", " 1", "1 ", "1e3", "1_000", "0x10", "1.0", "1,000", "١", "１", "-0", "abc"] {
            assert_eq!(bad.parse::<Amount>(), Err(AmountError::InvalidDigit), "{bad:?}");
        }
        assert_eq!(AmountError::Empty.to_string(), "invalid amount");
        assert_eq!(AmountError::InvalidDigit.to_string(), "invalid amount");
    }

    #[test]
    fn leading_zeros_are_allowed() {
        assert_eq!(amount("007"), Amount::from(7u64));
        assert_eq!(amount("000"), Amount::ZERO);
        assert_eq!(amount(&format!("{}5", "0".repeat(10_000))), Amount::from(5u64));
        assert_eq!(amount(&format!("{}{TWO_POW_256_MINUS_1}", "0".repeat(500))), Amount::MAX);
        assert_eq!(amount("0018446744073709551616"), amount(U64_MAX_PLUS_1));
    }

    #[test]
    fn very_long_strings_are_refused_without_arithmetic() {
        // The length check precedes any big-number work, so these cost one scan each.
        let long = "9".repeat(10_000);
        for _ in 0..1_000 {
            assert_eq!(long.parse::<Amount>(), Err(AmountError::OutOfRange));
        }
        assert_eq!(format!("1{}", "0".repeat(78)).parse::<Amount>(), Err(AmountError::OutOfRange));
        // A bad character anywhere makes it invalid rather than out of range.
        assert_eq!(format!("{long}x").parse::<Amount>(), Err(AmountError::InvalidDigit));
        assert_eq!(format!("-{long}").parse::<Amount>(), Err(AmountError::InvalidDigit));
    }

    #[test]
    fn display_honours_width_like_integers() {
        assert_eq!(format!("{:>5}", Amount::from(7u64)), "    7");
        assert_eq!(format!("{:<4}|", Amount::from(42u64)), "42  |");
        assert_eq!(format!("{:>80}", Amount::MAX), format!("  {TWO_POW_256_MINUS_1}"));
        assert_eq!(format!("{:?}", Amount::from(7u64)), "Amount(7)");
        // Inner chunks keep their zeros: 10^60 has 19-digit chunks that are all zero.
        let ten_pow_60 = format!("1{}", "0".repeat(60));
        assert_eq!(amount(&ten_pow_60).to_string(), ten_pow_60);
    }

    #[test]
    fn checked_ops_at_the_edges() {
        let one = Amount::from(1u64);
        let two = Amount::from(2u64);
        let max = Amount::MAX;
        assert_eq!(max.checked_add(one), None);
        assert_eq!(max.checked_add(Amount::ZERO), Some(max));
        assert_eq!(max.checked_sub(one).and_then(|m| m.checked_add(one)), Some(max));
        assert_eq!(Amount::ZERO.checked_sub(one), None);
        assert_eq!(one.checked_sub(two), None);
        assert_eq!(max.checked_sub(max), Some(Amount::ZERO));
        assert_eq!(max.checked_mul(two), None);
        assert_eq!(max.checked_mul(one), Some(max));
        assert_eq!(max.checked_mul(Amount::ZERO), Some(Amount::ZERO));
        assert_eq!(pow2(128).checked_mul(pow2(128)), None);
        assert_eq!(pow2(128).checked_mul(pow2(127)), Some(pow2(255)));
        // (2^128 − 1)(2^128 + 1) = 2^256 − 1 exactly.
        let below = Amount::from(u128::MAX);
        let above = pow2(128).checked_add(one).unwrap();
        assert_eq!(below.checked_mul(above), Some(max));
        assert_eq!(max.checked_div(Amount::ZERO), None);
        assert_eq!(max.checked_div(max), Some(one));
        assert_eq!(max.checked_div(pow2(128)), Some(below));
        assert_eq!(one.checked_div(two), Some(Amount::ZERO));
        assert_eq!(one.saturating_sub(two), Amount::ZERO);
        assert_eq!(max.saturating_sub(one).checked_add(one), Some(max));
        // The order is numeric, not by limbs: 2^64 > u64::MAX even though its low limb is 0.
        assert!(pow2(64) > Amount::from(u64::MAX));
        assert!(pow2(255) < max);
    }

    #[test]
    fn mul_div_with_products_beyond_256_bits() {
        let one = Amount::from(1u64);
        let two = Amount::from(2u64);
        let three = Amount::from(3u64);
        let max = Amount::MAX;
        // MAX × MAX needs 512 bits; divided by MAX it comes back.
        assert_eq!(max.mul_div_floor(max, max), Some(max));
        assert_eq!(max.mul_div_ceil(max, max), Some(max));
        assert_eq!(max.mul_div_floor(max, one), None);
        assert_eq!(max.mul_div_floor(three, two), None);
        assert_eq!(max.mul_div_floor(one, Amount::ZERO), None);
        assert_eq!(Amount::ZERO.mul_div_ceil(Amount::ZERO, Amount::ZERO), None);
        // MAX = 3 × 0x5555…55, so MAX × 2 / 3 = 2 × 0x5555…55 with no remainder.
        let third = Amount(U256([0x5555_5555_5555_5555; 4]));
        assert_eq!(third.checked_mul(three), Some(max));
        assert_eq!(max.mul_div_floor(two, three), third.checked_mul(two));
        assert_eq!(max.mul_div_ceil(two, three), third.checked_mul(two));
        // MAX × 2 / 4 = (2^256 − 1) / 2: floor 2^255 − 1, ceil 2^255.
        let four = Amount::from(4u64);
        assert_eq!(max.mul_div_floor(two, four), pow2(255).checked_sub(one));
        assert_eq!(max.mul_div_ceil(two, four), Some(pow2(255)));
        // (2^129 − 1)(2^129 + 1) = 2^258 − 1 = 4 × MAX + 3: the floor is MAX, the ceiling 2^256.
        let a = pow2(129).checked_sub(one).unwrap();
        let b = pow2(129).checked_add(one).unwrap();
        assert_eq!(a.mul_div_floor(b, four), Some(max));
        assert_eq!(a.mul_div_ceil(b, four), None);
        // 2^200 × 2^200 / 2^150 = 2^250.
        assert_eq!(pow2(200).mul_div_floor(pow2(200), pow2(150)), Some(pow2(250)));
        assert_eq!(pow2(200).mul_div_ceil(pow2(200), pow2(150)), Some(pow2(250)));
        assert_eq!(Amount::from(10u64).mul_div_ceil(one, three), Some(four));
        assert_eq!(Amount::from(10u64).mul_div_floor(one, three), Some(three));
    }

    #[test]
    fn serde_is_a_decimal_string_only() {
        assert_eq!(serde_json::to_string(&Amount::from(1000u64)).unwrap(), "\"1000\"");
        assert_eq!(serde_json::to_string(&Amount::MAX).unwrap(), format!("\"{TWO_POW_256_MINUS_1}\""));
        assert_eq!(serde_json::from_str::<Amount>("\"007\"").unwrap(), Amount::from(7u64));
        assert_eq!(serde_json::from_str::<Amount>(&format!("\"{TWO_POW_128}\"")).unwrap(), pow2(128));
        for bad in ["5", "5.0", "-5", "null", "[\"5\"]", "\"\"", "\"-5\"", "\"5 \""] {
            assert!(serde_json::from_str::<Amount>(bad).is_err(), "{bad}");
        }
        let err = serde_json::from_str::<Amount>(&format!("\"{TWO_POW_256}\"")).unwrap_err();
        assert!(err.to_string().contains("amount out of range"), "{err}");
    }

    // ---- property tests against num-bigint ----

    fn to_big(a: Amount) -> BigUint {
        let bytes: Vec<u8> = a.0 .0.iter().flat_map(|limb| limb.to_le_bytes()).collect();
        BigUint::from_bytes_le(&bytes)
    }

    /// The reference's idea of the result: `None` when the value needs more than 256 bits.
    fn from_big(b: &BigUint) -> Option<Amount> {
        if b.bits() > 256 {
            return None;
        }
        let mut limbs = [0u64; 4];
        for (limb, digit) in limbs.iter_mut().zip(b.to_u64_digits()) {
            *limb = digit;
        }
        Some(Amount(U256(limbs)))
    }

    /// Full-range values (random limbs), values of random bit length, small values, and the
    /// edges (0, 1, MAX, 2^k, 2^k − 1) where carries and range checks live.
    fn any_amount() -> impl Strategy<Value = Amount> {
        prop_oneof![
            3 => any::<[u64; 4]>().prop_map(|limbs| Amount(U256(limbs))),
            3 => (any::<[u64; 4]>(), 0..256usize).prop_map(|(limbs, shift)| Amount(U256(limbs) >> shift)),
            2 => any::<u64>().prop_map(Amount::from),
            2 => any::<u128>().prop_map(Amount::from),
            1 => (0..4u64).prop_map(Amount::from),
            1 => prop_oneof![Just(Amount::ZERO), Just(Amount::MAX)],
            1 => (0..256usize, any::<bool>())
                .prop_map(|(k, minus_one)| if minus_one { pow2(k).saturating_sub(Amount::from(1u64)) } else { pow2(k) }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn add_sub_mul_div_match_bigint(a in any_amount(), b in any_amount()) {
            let (ba, bb) = (to_big(a), to_big(b));
            prop_assert_eq!(a.checked_add(b), from_big(&(&ba + &bb)));
            prop_assert_eq!(a.checked_mul(b), from_big(&(&ba * &bb)));
            let difference = if ba >= bb { from_big(&(&ba - &bb)) } else { None };
            prop_assert_eq!(a.checked_sub(b), difference);
            prop_assert_eq!(a.saturating_sub(b), difference.unwrap_or(Amount::ZERO));
            let quotient = if b.is_zero() { None } else { from_big(&(&ba / &bb)) };
            prop_assert_eq!(a.checked_div(b), quotient);
            prop_assert_eq!(a.cmp(&b), ba.cmp(&bb));
            prop_assert_eq!(a == b, ba == bb);
        }

        #[test]
        fn mul_div_matches_bigint(a in any_amount(), num in any_amount(), den in any_amount()) {
            let (floor, ceil) = if den.is_zero() {
                (None, None)
            } else {
                let (product, d) = (to_big(a) * to_big(num), to_big(den));
                (from_big(&(&product / &d)), from_big(&((&product + &d - 1u32) / &d)))
            };
            prop_assert_eq!(a.mul_div_floor(num, den), floor);
            prop_assert_eq!(a.mul_div_ceil(num, den), ceil);
        }

        #[test]
        fn conversions_match_bigint(a in any_amount()) {
            let b = to_big(a);
            prop_assert_eq!(a.to_u64(), u64::try_from(&b).ok());
            prop_assert_eq!(a.to_u128(), u128::try_from(&b).ok());
            prop_assert_eq!(a.is_zero(), b == BigUint::ZERO);
        }

        #[test]
        fn display_and_parse_round_trip(a in any_amount(), zeros in 0..5usize) {
            let text = to_big(a).to_string();
            prop_assert_eq!(a.to_string(), text.clone());
            prop_assert_eq!(format!("{}{text}", "0".repeat(zeros)).parse::<Amount>(), Ok(a));
            let json = serde_json::to_string(&a).unwrap();
            prop_assert_eq!(&json, &format!("\"{text}\""));
            prop_assert_eq!(serde_json::from_str::<Amount>(&json).unwrap(), a);
        }

        #[test]
        fn parse_digit_strings_matches_bigint(s in "0{0,3}[0-9]{1,90}") {
            let reference = BigUint::parse_bytes(s.as_bytes(), 10).unwrap();
            prop_assert_eq!(s.parse::<Amount>(), from_big(&reference).ok_or(AmountError::OutOfRange));
        }

        #[test]
        fn parse_refuses_any_non_digit(s in "[0-9]{0,40}[^0-9][0-9]{0,40}") {
            prop_assert_eq!(s.parse::<Amount>(), Err(AmountError::InvalidDigit));
        }

        #[test]
        fn parse_never_panics_and_accepts_only_digits(s in "\\PC{0,200}") {
            let expected = if s.is_empty() {
                Err(AmountError::Empty)
            } else if !s.bytes().all(|b| b.is_ascii_digit()) {
                Err(AmountError::InvalidDigit)
            } else {
                from_big(&BigUint::parse_bytes(s.as_bytes(), 10).unwrap()).ok_or(AmountError::OutOfRange)
            };
            prop_assert_eq!(s.parse::<Amount>(), expected);
        }
    }
}
