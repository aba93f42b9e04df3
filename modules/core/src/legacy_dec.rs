//! The Cosmos SDK's `math.LegacyDec`, bit for bit: 18-decimal fixed point for consensus values.
//!
//! Staking share/token exchange rates, commission rates, slashing fractions, distribution
//! rewards and governance tallies are all `LegacyDec`s in the SDK. Every node must get the same
//! digits from the same inputs, so this type reproduces the SDK's arithmetic exactly — including
//! its rounding quirks — rather than "correct" decimal arithmetic. The reference is
//! `cosmossdk.io/math` v1.4.0, `dec.go` (the `LegacyDec` type; the newer apd-based `math.Dec`
//! is a different type and is not modelled here).
//!
//! # Representation
//!
//! A `LegacyDec` is an integer count of *atoms* of 10^-18: the SDK stores the `big.Int`
//! `value × 10^18`. Its range (v1.4.0 `IsInValidRange`) is `|atoms| ≤ 2^256 × 10^18 − 1`, i.e.
//! every value whose integer part fits the 256 bits of `math.Int`. That bound is below 2^316
//! (2^256 × 10^18 < 2^256 × 2^59.8), so the magnitude is held in a `primitive_types::U512` with
//! a separate sign — a value type (72 bytes, `Copy`, no heap) and never a float. Zero is never
//! negative, so derived equality and hashing are numeric. (Versions before v1.4.0 bounded the
//! *bit length* at 316 bits instead; v1.4.0 replaced that with the value bound used here, and
//! the earlier releases were retracted for it.)
//!
//! Why 512 bits suffice for every intermediate (inputs are at most `MAX_ATOMS` < 2^316):
//!
//! - `Mul*`: the SDK multiplies the atoms (up to 632 bits), then divides by 10^18 and checks the
//!   range. A product of 2^512 or more divided by 10^18 (< 2^60) is still above 2^452, far out
//!   of range, so a product that does not fit 512 bits is reported as out of range — the same
//!   outcome as the SDK's panic. `MulInt` (`Amount` < 2^256): same argument, the product itself
//!   is checked against the range.
//! - `Quo`: `atoms × 10^36` is below 2^316 × 2^120 = 2^436; `QuoTruncate`/`QuoRoundUp` multiply
//!   by 10^18 only. The divisor is nonzero (checked), so quotients are no larger than dividends.
//! - `Add`/`Sub`: at most 2^317. `Ceil`, `Power`, `ApproxRoot` are built from the above.
//!
//! # Errors instead of panics
//!
//! Where the SDK panics (result out of range, division by zero, an integer conversion that does
//! not fit) these methods return [`DecError`]; inside an SDK transaction such a panic becomes a
//! failed transaction, and here the caller decides, without a panic in consensus code. Where the
//! SDK checks the range only at the end of an operation, so does this module: an intermediate
//! that would be out of range but rounds back into it is fine, as in Go.
//!
//! # Rounding, as the SDK does it
//!
//! - [`LegacyDec::checked_mul`], [`LegacyDec::quo`], [`LegacyDec::round_int`]: half to even ("banker's
//!   rounding", `chopPrecisionAndRound`), symmetric around zero. `quo` first truncates
//!   `atoms × 10^36 / divisor` toward zero and only then rounds that to 18 places, so a tie is
//!   judged on the truncated 36-place quotient (a quotient just above a half that only differs
//!   beyond 36 places counts as a tie).
//! - `*_truncate`, [`LegacyDec::truncate_int`], [`LegacyDec::truncate_dec`]: toward zero.
//! - [`LegacyDec::mul_round_up`] and [`LegacyDec::ceil`]: toward +∞ (for negatives the SDK
//!   truncates toward zero, which is toward +∞).
//! - [`LegacyDec::quo_round_up`]: toward +∞ for non-negative quotients and for negative ones
//!   smaller than one atom; a negative quotient of at least one atom with a remainder comes out
//!   one atom *above* its ceiling (−2.5 atoms gives −1 atom, not −2). That is the SDK's
//!   behaviour: it tests the sign of the already-truncated quotient rather than of the dividend.
//!   Reproduced on purpose.

use std::cmp::Ordering;
use std::fmt;
use std::ops::Neg;
use std::str::FromStr;

use primitive_types::U512;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::amount::Amount;

/// Decimal places: the SDK's `LegacyPrecision`.
pub const PRECISION: u32 = 18;

/// `10^18`, one whole unit in atoms.
const ONE_ATOMS: u64 = 1_000_000_000_000_000_000;
/// `10^36`, by which `Quo` scales the dividend (`squaredPrecisionReuse`).
const ONE_ATOMS_SQUARED: u128 = (ONE_ATOMS as u128) * (ONE_ATOMS as u128);

const PRECISION_U512: U512 = U512([ONE_ATOMS, 0, 0, 0, 0, 0, 0, 0]);
/// `5 × 10^17`, the remainder that is an exact tie (`fivePrecision`).
const HALF_PRECISION_U512: U512 = U512([ONE_ATOMS / 2, 0, 0, 0, 0, 0, 0, 0]);
const PRECISION_SQUARED_U512: U512 =
    U512([ONE_ATOMS_SQUARED as u64, (ONE_ATOMS_SQUARED >> 64) as u64, 0, 0, 0, 0, 0, 0]);

/// `2^256 × 10^18 − 1`, the largest magnitude in atoms (the SDK's `upperLimit`): limbs
/// `2^256 − 1` below `10^18 − 1`.
const MAX_ATOMS: U512 = U512([u64::MAX, u64::MAX, u64::MAX, u64::MAX, ONE_ATOMS - 1, 0, 0, 0]);

/// Decimal digits of the largest `U512`; every digit buffer here has this size.
const U512_DIGITS: usize = 155;
/// `10^19`, the largest power of ten in a `u64`: printing moves 19 digits per division.
const TEN_POW_19: u64 = 10_000_000_000_000_000_000;
/// The SDK's `maxApproxRootIterations`.
const MAX_APPROX_ROOT_ITERATIONS: usize = 300;

/// Why an operation has no `LegacyDec` (or integer) result: each variant is a case where the SDK
/// panics or returns an error. Messages follow the SDK's where it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecError {
    /// The result's magnitude exceeds `2^256 − 10^-18` (the SDK panics with "Int overflow").
    #[error("decimal out of range: magnitude exceeds 2^256 - 10^-18")]
    OutOfRange,
    /// The divisor is zero (Go's `big.Int` panics with "division by zero").
    #[error("division by zero")]
    DivisionByZero,
    /// The integer result is negative, and [`Amount`] is never negative.
    #[error("negative decimal has no amount")]
    Negative,
    /// The integer result does not fit: 2^256 or more for an [`Amount`] (the SDK's `Int` panics,
    /// "out of bound"), outside `i64` for the `*_int64` conversions.
    #[error("integer out of range")]
    IntegerOutOfRange,
    /// A precision above 18 decimal places was asked for (the SDK panics).
    #[error("too much precision, maximum 18")]
    Precision,
    /// `""` or `"-"` (the SDK's `ErrLegacyEmptyDecimalStr`).
    #[error("decimal string cannot be empty")]
    EmptyString,
    /// A `.` with nothing before or after it (`ErrLegacyInvalidDecimalLength`).
    #[error("invalid decimal length")]
    InvalidLength,
    /// More than one `.` (`ErrLegacyInvalidDecimalStr`).
    #[error("invalid decimal string")]
    InvalidString,
    /// More than 18 digits after the point; holds how many too many.
    #[error("value exceeds max precision by {0} decimal places: max precision 18")]
    TooManyDecimals(usize),
    /// Something other than digits (after the SDK's sign rules) in a decimal string.
    #[error("failed to set decimal string with base 10")]
    InvalidDigits,
    /// The protobuf form is not an integer Go's `big.Int.UnmarshalText` accepts.
    #[error("math/big: cannot unmarshal into a *big.Int")]
    InvalidProto,
}

/// A decimal with 18 places in the SDK's range, `±(2^256 − 10^-18)`: `math.LegacyDec`.
///
/// Text forms: [`fmt::Display`] and serde are the SDK's `String()`/`MarshalJSON` (always 18
/// places, `"-"` for negatives: `"0.050000000000000000"`); [`FromStr`] is `LegacyNewDecFromStr`;
/// [`LegacyDec::to_proto_string`]/[`LegacyDec::from_proto_string`] are the protobuf
/// `Marshal`/`Unmarshal` form, the atoms as an integer (`"50000000000000000"`).
///
/// `Default` is zero. (The SDK's zero value is a nil `LegacyDec`, which most methods panic on;
/// the one place nil arises from input is an empty protobuf field, see
/// [`LegacyDec::from_proto_string`].)
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LegacyDec {
    /// Never true for a zero magnitude.
    negative: bool,
    /// Atoms, at most [`MAX_ATOMS`].
    magnitude: U512,
}

impl LegacyDec {
    /// `0` (`LegacyZeroDec`).
    pub const ZERO: LegacyDec = LegacyDec::from_atoms_u128(0);
    /// `1` (`LegacyOneDec`).
    pub const ONE: LegacyDec = LegacyDec::from_atoms_u128(ONE_ATOMS as u128);
    /// `10^-18`, one atom (`LegacySmallestDec`).
    pub const SMALLEST: LegacyDec = LegacyDec::from_atoms_u128(1);
    /// The largest value, `2^256 − 10^-18` (the SDK's `upperLimit`).
    pub const MAX: LegacyDec = LegacyDec { negative: false, magnitude: MAX_ATOMS };
    /// The smallest value, `−(2^256 − 10^-18)` (the SDK's `lowerLimit`).
    pub const MIN: LegacyDec = LegacyDec { negative: true, magnitude: MAX_ATOMS };

    // ---- construction ----

    /// `sign × magnitude` atoms, normalising the sign of zero; the caller guarantees the range.
    const fn from_parts(negative: bool, magnitude: U512) -> Self {
        LegacyDec { negative: negative && !magnitude.is_zero(), magnitude }
    }

    /// `sign × magnitude` atoms, or [`DecError::OutOfRange`]: the SDK's `assertInValidRange`.
    fn checked(negative: bool, magnitude: U512) -> Result<Self, DecError> {
        if magnitude > MAX_ATOMS {
            return Err(DecError::OutOfRange);
        }
        Ok(Self::from_parts(negative, magnitude))
    }

    /// The decimal `atoms × 10^-18` (`LegacyNewDecWithPrec(atoms, 18)` for any `i128`). Every
    /// `i128` is in range.
    pub const fn from_atoms_i128(atoms: i128) -> Self {
        let magnitude = atoms.unsigned_abs();
        LegacyDec::from_parts(atoms < 0, U512([magnitude as u64, (magnitude >> 64) as u64, 0, 0, 0, 0, 0, 0]))
    }

    /// The decimal `atoms × 10^-18`, non-negative. Every `u128` is in range.
    pub const fn from_atoms_u128(atoms: u128) -> Self {
        LegacyDec::from_parts(false, U512([atoms as u64, (atoms >> 64) as u64, 0, 0, 0, 0, 0, 0]))
    }

    /// The atoms (`value × 10^18`) as an `i128`, or `None` if they do not fit.
    pub fn atoms_i128(&self) -> Option<i128> {
        let magnitude = u512_to_u128(self.magnitude)?;
        if self.negative {
            0i128.checked_sub_unsigned(magnitude)
        } else {
            i128::try_from(magnitude).ok()
        }
    }

    /// The whole number `value` (`LegacyNewDec`); every `i64` is in range.
    pub const fn from_i64(value: i64) -> Self {
        // |i64| × 10^18 < 2^63 × 2^60 = 2^123: no overflow.
        LegacyDec::from_atoms_i128(value as i128 * ONE_ATOMS as i128)
    }

    /// `value × 10^-prec` (`LegacyNewDecWithPrec`): `new_with_prec(5, 2)` is 0.05.
    /// [`DecError::Precision`] if `prec > 18` (the SDK panics).
    pub fn new_with_prec(value: i64, prec: u32) -> Result<Self, DecError> {
        let multiplier = precision_multiplier(prec)?;
        // Below 2^64 × 10^18 < 2^124: no overflow.
        let magnitude = U512::from(value.unsigned_abs()) * U512::from(multiplier);
        Ok(Self::from_parts(value < 0, magnitude))
    }

    /// The whole number `amount` (`LegacyNewDecFromInt`); every [`Amount`] is in range.
    pub fn from_amount(amount: Amount) -> Self {
        // < 2^256 × 10^18, so at most MAX_ATOMS.
        Self::from_parts(false, amount_to_u512(amount) * PRECISION_U512)
    }

    /// `amount × 10^-prec` (`LegacyNewDecFromIntWithPrec`); [`DecError::Precision`] if
    /// `prec > 18`. With `prec = 18` the amount is taken as atoms.
    pub fn from_amount_with_prec(amount: Amount, prec: u32) -> Result<Self, DecError> {
        let multiplier = precision_multiplier(prec)?;
        // Below 2^256 × 10^18: in range.
        Ok(Self::from_parts(false, amount_to_u512(amount) * U512::from(multiplier)))
    }

    // ---- predicates ----

    pub fn is_zero(&self) -> bool {
        self.magnitude.is_zero()
    }

    pub fn is_negative(&self) -> bool {
        self.negative
    }

    pub fn is_positive(&self) -> bool {
        !self.negative && !self.magnitude.is_zero()
    }

    /// Whether the value is a whole number (`IsInteger`).
    pub fn is_integer(&self) -> bool {
        (self.magnitude % PRECISION_U512).is_zero()
    }

    /// The absolute value (`Abs`). Never out of range: the range is symmetric.
    pub fn abs(self) -> Self {
        Self::from_parts(false, self.magnitude)
    }

    // ---- addition ----

    /// `self + rhs` (`Add`), exact; [`DecError::OutOfRange`] past the range.
    #[doc(alias = "Add")]
    pub fn checked_add(self, rhs: LegacyDec) -> Result<Self, DecError> {
        let (negative, magnitude) = signed_sum(self.negative, self.magnitude, rhs.negative, rhs.magnitude)?;
        Self::checked(negative, magnitude)
    }

    /// `self − rhs` (`Sub`), exact; [`DecError::OutOfRange`] past the range.
    #[doc(alias = "Sub")]
    pub fn checked_sub(self, rhs: LegacyDec) -> Result<Self, DecError> {
        let (negative, magnitude) = signed_sum(self.negative, self.magnitude, !rhs.negative, rhs.magnitude)?;
        Self::checked(negative, magnitude)
    }

    // ---- multiplication ----

    /// Sign and magnitude of the atoms' product, `self.atoms × rhs.atoms` (scaled by 10^36).
    /// A product of 2^512 or more cannot come back into range after the division by 10^18.
    fn raw_product(self, rhs: LegacyDec) -> Result<(bool, U512), DecError> {
        let magnitude = self.magnitude.checked_mul(rhs.magnitude).ok_or(DecError::OutOfRange)?;
        Ok((self.negative != rhs.negative, magnitude))
    }

    /// `self × rhs` rounded half to even at 18 places (`Mul`).
    #[doc(alias = "Mul")]
    pub fn checked_mul(self, rhs: LegacyDec) -> Result<Self, DecError> {
        let (negative, product) = self.raw_product(rhs)?;
        Self::checked(negative, chop_precision_and_round(product))
    }

    /// `self × rhs` truncated toward zero at 18 places (`MulTruncate`).
    pub fn mul_truncate(self, rhs: LegacyDec) -> Result<Self, DecError> {
        let (negative, product) = self.raw_product(rhs)?;
        Self::checked(negative, product / PRECISION_U512)
    }

    /// `self × rhs` rounded toward +∞ at 18 places (`MulRoundUp`): positive products round away
    /// from zero, negative ones toward zero.
    pub fn mul_round_up(self, rhs: LegacyDec) -> Result<Self, DecError> {
        let (negative, product) = self.raw_product(rhs)?;
        let (quotient, remainder) = product.div_mod(PRECISION_U512);
        if negative || remainder.is_zero() {
            Self::checked(negative, quotient)
        } else {
            Self::checked(false, successor(quotient)?)
        }
    }

    /// `self × amount`, exact (`MulInt`).
    pub fn mul_int(self, amount: Amount) -> Result<Self, DecError> {
        let magnitude = self.magnitude.checked_mul(amount_to_u512(amount)).ok_or(DecError::OutOfRange)?;
        Self::checked(self.negative, magnitude)
    }

    /// `self × value`, exact (`MulInt64`).
    pub fn mul_int64(self, value: i64) -> Result<Self, DecError> {
        let magnitude = self.magnitude.checked_mul(U512::from(value.unsigned_abs())).ok_or(DecError::OutOfRange)?;
        Self::checked(self.negative != (value < 0), magnitude)
    }

    // ---- division ----

    /// `self / rhs` rounded half to even at 18 places (`Quo`): the SDK truncates
    /// `atoms × 10^36 / rhs.atoms` toward zero, then rounds that half to even.
    pub fn quo(self, rhs: LegacyDec) -> Result<Self, DecError> {
        if rhs.is_zero() {
            return Err(DecError::DivisionByZero);
        }
        // At most 2^316 × 2^120: fits.
        let scaled = self.magnitude.checked_mul(PRECISION_SQUARED_U512).ok_or(DecError::OutOfRange)?;
        let quotient = scaled / rhs.magnitude;
        Self::checked(self.negative != rhs.negative, chop_precision_and_round(quotient))
    }

    /// `self / rhs` truncated toward zero at 18 places (`QuoTruncate`).
    pub fn quo_truncate(self, rhs: LegacyDec) -> Result<Self, DecError> {
        if rhs.is_zero() {
            return Err(DecError::DivisionByZero);
        }
        let scaled = self.magnitude.checked_mul(PRECISION_U512).ok_or(DecError::OutOfRange)?;
        Self::checked(self.negative != rhs.negative, scaled / rhs.magnitude)
    }

    /// `self / rhs` "rounded up" at 18 places exactly as the SDK's `QuoRoundUp`: the quotient is
    /// truncated toward zero, then one atom is added when there is a remainder and either the
    /// remainder is positive and the *truncated quotient* and `rhs` have the same sign, or it is
    /// negative and they differ. For non-negative results that is the ceiling. For a negative
    /// result of at least one atom it adds one atom to the truncation (toward zero), landing one
    /// atom above the ceiling: `-5 atoms / 2` is `-1` atom. For a negative result below one atom
    /// (truncated to zero) it gives zero, the ceiling.
    pub fn quo_round_up(self, rhs: LegacyDec) -> Result<Self, DecError> {
        if rhs.is_zero() {
            return Err(DecError::DivisionByZero);
        }
        let scaled = self.magnitude.checked_mul(PRECISION_U512).ok_or(DecError::OutOfRange)?;
        let (quotient, remainder) = scaled.div_mod(rhs.magnitude);
        let quotient_negative = self.negative != rhs.negative && !quotient.is_zero();
        // Go's remainder has the dividend's sign.
        let remainder_positive = !remainder.is_zero() && !self.negative;
        let remainder_negative = !remainder.is_zero() && self.negative;
        let add_one = (remainder_positive && quotient_negative == rhs.negative)
            || (remainder_negative && quotient_negative != rhs.negative);
        if !add_one {
            return Self::checked(quotient_negative, quotient);
        }
        if quotient_negative {
            // −q + 1 = −(q − 1); q ≥ 1 here.
            Self::checked(true, quotient.checked_sub(U512::one()).ok_or(DecError::OutOfRange)?)
        } else {
            Self::checked(false, successor(quotient)?)
        }
    }

    /// `self / amount` truncated toward zero (`QuoInt`); [`DecError::DivisionByZero`] for zero.
    pub fn quo_int(self, amount: Amount) -> Result<Self, DecError> {
        if amount.is_zero() {
            return Err(DecError::DivisionByZero);
        }
        Self::checked(self.negative, self.magnitude / amount_to_u512(amount))
    }

    /// `self / value` truncated toward zero (`QuoInt64`); [`DecError::DivisionByZero`] for zero.
    pub fn quo_int64(self, value: i64) -> Result<Self, DecError> {
        if value == 0 {
            return Err(DecError::DivisionByZero);
        }
        Self::checked(self.negative != (value < 0), self.magnitude / U512::from(value.unsigned_abs()))
    }

    // ---- powers and roots ----

    /// `self^power` by the SDK's square-and-multiply (`Power`), every step (each squaring and
    /// each multiplication into the accumulator) a half-to-even [`LegacyDec::checked_mul`], so the
    /// rounding matches the SDK's and not the exact power. `power = 0` gives one.
    /// [`DecError::OutOfRange`] if any step leaves the range, where the SDK panics.
    pub fn power(self, power: u64) -> Result<Self, DecError> {
        if power == 0 {
            return Ok(Self::ONE);
        }
        let mut base = self;
        let mut accumulated = Self::ONE;
        let mut i = power;
        while i > 1 {
            if i & 1 == 1 {
                accumulated = accumulated.checked_mul(base)?;
            }
            i /= 2;
            base = base.checked_mul(base)?;
        }
        base.checked_mul(accumulated)
    }

    /// The SDK's `ApproxRoot`: Newton's method from a guess of one, at most 300 iterations,
    /// stopping once a step is at most one atom. Root 0 gives one; roots 1 and inputs 0 and 1 are
    /// returned unchanged; a negative input gives the negated root of its absolute value (for
    /// even roots too). An error where the SDK recovers a panic into an error (a step out of
    /// range). The `root` is used as an `i64` divisor as the SDK does (`int64(root)`), so roots
    /// of 2^63 and above divide by a negative number, as in Go.
    pub fn approx_root(self, root: u64) -> Result<Self, DecError> {
        if root == 0 {
            return Ok(Self::ONE);
        }
        if self.negative {
            return Ok(-self.abs().approx_root(root)?);
        }
        if root == 1 || self.is_zero() || self == Self::ONE {
            return Ok(self);
        }
        let mut guess = Self::ONE;
        // Go's two's-complement conversion, `int64(root)`.
        let divisor = root as i64;
        for _ in 0..MAX_APPROX_ROOT_ITERATIONS {
            let mut previous = guess.power(root - 1)?;
            if previous.is_zero() {
                previous = Self::SMALLEST;
            }
            let delta = self.quo(previous)?.checked_sub(guess)?.quo_int64(divisor)?;
            guess = guess.checked_add(delta)?;
            if delta.abs() <= Self::SMALLEST {
                break;
            }
        }
        Ok(guess)
    }

    /// [`LegacyDec::approx_root`] with root 2 (`ApproxSqrt`).
    pub fn approx_sqrt(self) -> Result<Self, DecError> {
        self.approx_root(2)
    }

    // ---- rounding to whole numbers ----

    /// The smallest whole number at least `self` (`Ceil`); [`DecError::OutOfRange`] above
    /// `2^256 − 1`.
    pub fn ceil(self) -> Result<Self, DecError> {
        let (quotient, remainder) = self.magnitude.div_mod(PRECISION_U512);
        let whole = if !self.negative && !remainder.is_zero() { successor(quotient)? } else { quotient };
        Self::checked(self.negative, whole.checked_mul(PRECISION_U512).ok_or(DecError::OutOfRange)?)
    }

    /// The whole part, truncated toward zero, as a decimal (`TruncateDec`).
    pub fn truncate_dec(self) -> Self {
        Self::from_parts(self.negative, self.magnitude / PRECISION_U512 * PRECISION_U512)
    }

    /// The whole part truncated toward zero (`TruncateInt`), as an [`Amount`].
    /// [`DecError::Negative`] if that whole part is negative (`-0.5` truncates to zero, which is
    /// returned, as the SDK does). Never [`DecError::IntegerOutOfRange`]: the largest value
    /// truncates to `2^256 − 1`.
    pub fn truncate_int(self) -> Result<Amount, DecError> {
        whole_to_amount(self.negative, self.magnitude / PRECISION_U512)
    }

    /// The nearest whole number, ties to even (`RoundInt`), as an [`Amount`].
    /// [`DecError::IntegerOutOfRange`] if it is `2^256` (values from `2^256 − 0.5` up: that tie
    /// goes to the even `2^256`; the SDK's `Int` panics), [`DecError::Negative`] if it is negative
    /// (`-0.5` rounds to zero, which is returned).
    pub fn round_int(self) -> Result<Amount, DecError> {
        whole_to_amount(self.negative, chop_precision_and_round(self.magnitude))
    }

    /// The whole part truncated toward zero as an `i64` (`TruncateInt64`);
    /// [`DecError::IntegerOutOfRange`] outside `i64`.
    pub fn truncate_int64(self) -> Result<i64, DecError> {
        whole_to_i64(self.negative, self.magnitude / PRECISION_U512)
    }

    /// The nearest whole number, ties to even, as an `i64` (`RoundInt64`);
    /// [`DecError::IntegerOutOfRange`] outside `i64`.
    pub fn round_int64(self) -> Result<i64, DecError> {
        whole_to_i64(self.negative, chop_precision_and_round(self.magnitude))
    }

    // ---- text ----

    /// The protobuf form (gogoproto `Marshal`): the atoms as a decimal integer, `"-"` for
    /// negatives, `"0"` for zero. 0.05 is `"50000000000000000"`.
    pub fn to_proto_string(&self) -> String {
        let mut buf = [b'0'; U512_DIGITS];
        let start = write_digits(self.magnitude, &mut buf);
        let digits = std::str::from_utf8(&buf[start..]).expect("decimal digits are ASCII");
        if self.negative {
            format!("-{digits}")
        } else {
            digits.to_owned()
        }
    }

    /// The protobuf form back (gogoproto `Unmarshal`), with Go's `big.Int.UnmarshalText` rules,
    /// which are wider than plain digits: an optional `+`/`-`, then base prefixes `0x`/`0X`
    /// (hex), `0b`/`0B` (binary), `0o`/`0O` or a bare leading `0` (octal: `"010"` is 8 atoms),
    /// and `_` between digits (`"1_000"`). Then the SDK's range check.
    ///
    /// `Ok(None)` for an empty string: the SDK's `Unmarshal` accepts it and leaves the value nil
    /// (the zero value of a `LegacyDec` field), which SDK code treats as "unset" — most of its
    /// methods panic on it. Callers decide what an unset field means for them.
    pub fn from_proto_string(s: &str) -> Result<Option<Self>, DecError> {
        if s.is_empty() {
            return Ok(None);
        }
        let (negative, magnitude) = parse_go_int_base0(s.as_bytes())?;
        let magnitude = magnitude.ok_or(DecError::OutOfRange)?;
        Self::checked(negative, magnitude).map(Some)
    }
}

impl Neg for LegacyDec {
    type Output = LegacyDec;

    /// `Neg`; never out of range, the range is symmetric.
    fn neg(self) -> LegacyDec {
        LegacyDec::from_parts(!self.negative, self.magnitude)
    }
}

impl Ord for LegacyDec {
    /// Numeric order (`Cmp`/`LT`/`GT`); with it, `min`/`max` are `LegacyMinDec`/`LegacyMaxDec`.
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, false) => self.magnitude.cmp(&other.magnitude),
            (true, true) => other.magnitude.cmp(&self.magnitude),
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
        }
    }
}

impl PartialOrd for LegacyDec {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<i64> for LegacyDec {
    fn from(value: i64) -> Self {
        LegacyDec::from_i64(value)
    }
}

impl From<Amount> for LegacyDec {
    fn from(amount: Amount) -> Self {
        LegacyDec::from_amount(amount)
    }
}

// ---- helpers: rounding ----

/// The SDK's `chopPrecisionAndRound` on a magnitude (it is symmetric around zero): divide by
/// 10^18, ties to even.
fn chop_precision_and_round(magnitude: U512) -> U512 {
    let (quotient, remainder) = magnitude.div_mod(PRECISION_U512);
    let round_up = match remainder.cmp(&HALF_PRECISION_U512) {
        Ordering::Less => false,
        Ordering::Greater => true,
        Ordering::Equal => quotient.bit(0),
    };
    if round_up {
        // A U512 divided by 10^18 is below 2^453: adding one cannot overflow.
        quotient + U512::one()
    } else {
        quotient
    }
}

/// `value + 1` for magnitudes that came out of a division, so cannot be `U512::MAX`.
fn successor(value: U512) -> Result<U512, DecError> {
    value.checked_add(U512::one()).ok_or(DecError::OutOfRange)
}

/// `(−1)^a_negative × a + (−1)^b_negative × b` in sign-magnitude.
fn signed_sum(a_negative: bool, a: U512, b_negative: bool, b: U512) -> Result<(bool, U512), DecError> {
    if a_negative == b_negative {
        return Ok((a_negative, a.checked_add(b).ok_or(DecError::OutOfRange)?));
    }
    Ok(if a >= b { (a_negative, a - b) } else { (b_negative, b - a) })
}

/// `10^(18 − prec)`, the SDK's `precisionMultiplier`.
fn precision_multiplier(prec: u32) -> Result<u64, DecError> {
    if prec > PRECISION {
        return Err(DecError::Precision);
    }
    Ok(10u64.pow(PRECISION - prec))
}

// ---- helpers: integers ----

/// A whole number (sign and magnitude) as an [`Amount`].
fn whole_to_amount(negative: bool, whole: U512) -> Result<Amount, DecError> {
    if whole.bits() > 256 {
        return Err(DecError::IntegerOutOfRange);
    }
    if negative && !whole.is_zero() {
        return Err(DecError::Negative);
    }
    u512_to_amount(whole).ok_or(DecError::IntegerOutOfRange)
}

/// A whole number (sign and magnitude) as an `i64`, as Go's `IsInt64`/`Int64`.
fn whole_to_i64(negative: bool, whole: U512) -> Result<i64, DecError> {
    let magnitude = u512_to_u128(whole).ok_or(DecError::IntegerOutOfRange)?;
    let value = if negative { 0i128.checked_sub_unsigned(magnitude) } else { i128::try_from(magnitude).ok() };
    value.and_then(|v| i64::try_from(v).ok()).ok_or(DecError::IntegerOutOfRange)
}

fn u512_to_u128(value: U512) -> Option<u128> {
    match value.0 {
        [lo, hi, 0, 0, 0, 0, 0, 0] => Some(u128::from(hi) << 64 | u128::from(lo)),
        _ => None,
    }
}

/// `2^128` as an [`Amount`].
fn amount_two_pow_128() -> Amount {
    Amount::from(u128::MAX).checked_add(Amount::from(1u64)).expect("2^128 < 2^256")
}

/// An [`Amount`] in 512 bits. `Amount`'s 256-bit integer is private to its module, so the value
/// crosses as two `u128` halves (one 256-bit division, only for amounts of 2^128 and more).
fn amount_to_u512(amount: Amount) -> U512 {
    if let Some(small) = amount.to_u128() {
        return U512::from(small);
    }
    let base = amount_two_pow_128();
    let high = amount.checked_div(base).expect("2^128 is not zero");
    let high_part = high.checked_mul(base).expect("high × 2^128 ≤ amount < 2^256");
    let low = amount.checked_sub(high_part).expect("high × 2^128 ≤ amount");
    let high = high.to_u128().expect("amount < 2^256, so amount / 2^128 < 2^128");
    let low = low.to_u128().expect("amount mod 2^128 < 2^128");
    U512::from(high) << 128 | U512::from(low)
}

/// A 512-bit value below 2^256 as an [`Amount`]; `None` at 2^256 and above.
fn u512_to_amount(value: U512) -> Option<Amount> {
    match value.0 {
        [l0, l1, l2, l3, 0, 0, 0, 0] => {
            let low = u128::from(l1) << 64 | u128::from(l0);
            let high = u128::from(l3) << 64 | u128::from(l2);
            Amount::from(high).checked_mul(amount_two_pow_128())?.checked_add(Amount::from(low))
        }
        _ => None,
    }
}

// ---- helpers: text ----

/// Writes the decimal digits of `value` at the end of `buf` (pre-filled with `'0'`) and returns
/// the index of the first. Chunks of 19 digits per division by 10^19, a one-word divisor.
fn write_digits(value: U512, buf: &mut [u8; U512_DIGITS]) -> usize {
    let mut end = buf.len();
    let mut rest = value;
    loop {
        if let [lead, 0, 0, 0, 0, 0, 0, 0] = rest.0 {
            return write_u64_right_aligned(&mut buf[..end], lead);
        }
        let (quotient, chunk) = rest.div_mod(U512::from(TEN_POW_19));
        // Inner chunks keep their leading zeros from the buffer's fill.
        write_u64_right_aligned(&mut buf[..end], chunk.low_u64());
        end -= 19;
        rest = quotient;
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

/// Accumulates digits of one base into a magnitude, remembering when it passed [`MAX_ATOMS`]
/// (then the value no longer matters: more digits only make it larger).
struct Accumulator {
    value: U512,
    base: U512,
    out_of_range: bool,
}

impl Accumulator {
    fn new(base: u32) -> Self {
        Accumulator { value: U512::zero(), base: U512::from(base), out_of_range: false }
    }

    fn push(&mut self, digit: u32) {
        if self.out_of_range || (self.value.is_zero() && digit == 0) {
            return;
        }
        match self.value.checked_mul(self.base).and_then(|v| v.checked_add(U512::from(digit))) {
            Some(v) if v <= MAX_ATOMS => self.value = v,
            _ => self.out_of_range = true,
        }
    }

    /// The magnitude, or `None` if it exceeds [`MAX_ATOMS`].
    fn finish(self) -> Option<U512> {
        (!self.out_of_range).then_some(self.value)
    }
}

/// Go's `big.Int.SetString(s, 0)` / `UnmarshalText` syntax (math/big `Int.scan` and `nat.scan`
/// with base 0): sign, base prefix, `_` separators only between digits or after a prefix, and
/// nothing left over. Returns the sign and the magnitude, `None` if above [`MAX_ATOMS`].
fn parse_go_int_base0(s: &[u8]) -> Result<(bool, Option<U512>), DecError> {
    let (negative, rest) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s),
    };
    let mut pos = 0;
    let mut base = 10;
    // `prefix`: 0 none, else b'b', b'o', b'x', or b'0' (bare-zero octal).
    let mut prefix = 0u8;
    let mut count = 0usize;
    // The previous character class: b'_', b'0' (a digit or prefix) or b'.' (start).
    let mut prev = b'.';
    let mut invalid_separator = false;
    if rest.first() == Some(&b'0') {
        prev = b'0';
        count = 1;
        pos = 1;
        if let Some(&next) = rest.get(1) {
            (base, prefix) = match next {
                b'b' | b'B' => (2, b'b'),
                b'o' | b'O' => (8, b'o'),
                b'x' | b'X' => (16, b'x'),
                _ => (8, b'0'),
            };
            count = 0;
            if prefix != b'0' {
                pos = 2;
            }
        }
    }
    let mut accumulator = Accumulator::new(base);
    while let Some(&ch) = rest.get(pos) {
        if ch == b'_' {
            if prev != b'0' {
                invalid_separator = true;
            }
            prev = b'_';
        } else {
            let digit = match ch {
                b'0'..=b'9' => u32::from(ch - b'0'),
                b'a'..=b'z' => u32::from(ch - b'a') + 10,
                b'A'..=b'Z' => u32::from(ch - b'A') + 10,
                _ => u32::MAX,
            };
            if digit >= base {
                // Not part of the number; Go then finds input left over and fails.
                return Err(DecError::InvalidProto);
            }
            prev = b'0';
            count += 1;
            accumulator.push(digit);
        }
        pos += 1;
    }
    if invalid_separator || prev == b'_' {
        return Err(DecError::InvalidProto);
    }
    if count == 0 && prefix != b'0' {
        // No digits ("", "+", "0x"); a lone octal prefix "0…" is zero.
        return Err(DecError::InvalidProto);
    }
    Ok((negative, accumulator.finish()))
}

impl FromStr for LegacyDec {
    type Err = DecError;

    /// The SDK's `LegacyNewDecFromStr`, including its permissive corners, since what one node
    /// accepts every node must: one leading `-` is taken off; the rest is split at `.` (at most
    /// one, with digits on both sides, at most 18 after it); then the integer and fraction digits
    /// are joined and read by Go's `big.Int.SetString(_, 10)`, which takes one more sign of its
    /// own. So `"+1.5"` is 1.5, `"--1"` is 1, `"-+1"` is −1, `"+.5"` is 0.5 (the `+` counts as the
    /// integer part) while `".5"` and `"1."` are errors, and `"+"` and `"--"` are zero. No
    /// spaces, `_`, exponents or base prefixes; leading zeros are fine. The value must be in
    /// range.
    fn from_str(s: &str) -> Result<Self, DecError> {
        let (mut negative, rest) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        if rest.is_empty() {
            return Err(DecError::EmptyString);
        }
        let mut parts = rest.split('.');
        let integer = parts.next().unwrap_or_default();
        let fraction = parts.next();
        if parts.next().is_some() {
            return Err(DecError::InvalidString);
        }
        let fraction = match fraction {
            Some(f) if f.is_empty() || integer.is_empty() => return Err(DecError::InvalidLength),
            Some(f) => f,
            None => "",
        };
        if fraction.len() > PRECISION as usize {
            return Err(DecError::TooManyDecimals(fraction.len() - PRECISION as usize));
        }
        // `big.Int.SetString(integer ++ fraction ++ zeros, 10)`: its own optional sign, then at
        // least one digit (always there: the fraction and its padding make 18 characters).
        let integer = match integer.as_bytes().first() {
            Some(b'-') => {
                negative = !negative;
                &integer[1..]
            }
            Some(b'+') => &integer[1..],
            _ => integer,
        };
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(integer) || !all_digits(fraction) {
            return Err(DecError::InvalidDigits);
        }
        let mut accumulator = Accumulator::new(10);
        for b in integer.bytes().chain(fraction.bytes()) {
            accumulator.push(u32::from(b - b'0'));
        }
        for _ in fraction.len()..PRECISION as usize {
            accumulator.push(0);
        }
        let magnitude = accumulator.finish().ok_or(DecError::OutOfRange)?;
        Ok(LegacyDec::from_parts(negative, magnitude))
    }
}

impl fmt::Display for LegacyDec {
    /// The SDK's `String()`: the integer part, `.`, always exactly 18 fraction digits, and `-`
    /// before negatives: `"0.050000000000000000"`, `"-1.500000000000000000"`. Width, fill and
    /// zero-padding flags are honoured as for integers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut digits = [b'0'; U512_DIGITS];
        // At least 19 digits, so the integer part is at least "0".
        let start = write_digits(self.magnitude, &mut digits).min(U512_DIGITS - PRECISION as usize - 1);
        let point = U512_DIGITS - PRECISION as usize;
        let mut text = [0u8; U512_DIGITS + 1];
        let integer = &digits[start..point];
        text[..integer.len()].copy_from_slice(integer);
        text[integer.len()] = b'.';
        text[integer.len() + 1..integer.len() + 1 + PRECISION as usize].copy_from_slice(&digits[point..]);
        let len = integer.len() + 1 + PRECISION as usize;
        f.pad_integral(!self.negative, "", std::str::from_utf8(&text[..len]).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for LegacyDec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LegacyDec({self})")
    }
}

/// The SDK's `MarshalJSON`: the [`fmt::Display`] form as a JSON string.
impl Serialize for LegacyDec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The SDK's `UnmarshalJSON`: a JSON string parsed by [`LegacyDec::from_str`]. JSON numbers and
/// `null` are refused, as Go's `json.Unmarshal` into a string followed by the empty-string error
/// refuses them.
impl<'de> Deserialize<'de> for LegacyDec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(LegacyDecVisitor)
    }
}

struct LegacyDecVisitor;

impl de::Visitor<'_> for LegacyDecVisitor {
    type Value = LegacyDec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal as a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<LegacyDec, E> {
        value.parse().map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::{BigInt, Sign};
    use proptest::prelude::*;
    use sha2::{Digest, Sha256};
    use std::collections::BTreeMap;

    const MAX_STR: &str =
        "115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999";
    const TWO_POW_256_MINUS_1: &str = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

    fn dec(s: &str) -> LegacyDec {
        s.parse().unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    fn atoms(n: i128) -> LegacyDec {
        LegacyDec::from_atoms_i128(n)
    }

    fn amount(s: &str) -> Amount {
        s.parse().unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    // ---- hand-checked values ----

    #[test]
    fn constants_and_range_bounds() {
        assert_eq!(LegacyDec::ZERO.to_string(), "0.000000000000000000");
        assert_eq!(LegacyDec::ONE.to_string(), "1.000000000000000000");
        assert_eq!(LegacyDec::SMALLEST.to_string(), "0.000000000000000001");
        assert_eq!(LegacyDec::MAX.to_string(), MAX_STR);
        assert_eq!(LegacyDec::MIN.to_string(), format!("-{MAX_STR}"));
        assert_eq!(LegacyDec::default(), LegacyDec::ZERO);
        // MAX_ATOMS = 2^256 × 10^18 − 1, which has 316 bits: 2^315 ≤ MAX_ATOMS < 2^316.
        let expected = (BigInt::from(1) << 256u32) * BigInt::from(ONE_ATOMS) - 1;
        assert_eq!(to_big(LegacyDec::MAX), expected);
        assert_eq!(MAX_ATOMS.bits(), 316);
        assert_eq!(PRECISION_SQUARED_U512, U512::exp10(36));
        assert_eq!(HALF_PRECISION_U512 * 2, U512::exp10(18));
        // 316 bits is not enough to be in range: the v1.4.0 bound is the value, not the length.
        let all_316_bits = (U512::one() << 316) - 1;
        assert_eq!(LegacyDec::from_proto_string(&all_316_bits.to_string()), Err(DecError::OutOfRange));
        let just_above = (expected + 1u32).to_string();
        assert_eq!(LegacyDec::from_proto_string(&just_above), Err(DecError::OutOfRange));
        assert_eq!(LegacyDec::from_proto_string(&format!("-{just_above}")), Err(DecError::OutOfRange));
        assert_eq!(LegacyDec::from_proto_string(&LegacyDec::MAX.to_proto_string()), Ok(Some(LegacyDec::MAX)));
    }

    #[test]
    fn mul_rounds_half_to_even() {
        let half = dec("0.5");
        // n atoms × 0.5 = n/2 atoms: ties at odd n.
        for (n, even, truncated, up) in [
            (1, 0, 0, 1),
            (3, 2, 1, 2),
            (5, 2, 2, 3),
            (7, 4, 3, 4),
            (2, 1, 1, 1),
            (-1, 0, 0, 0),
            (-3, -2, -1, -1),
            (-5, -2, -2, -2),
            (-7, -4, -3, -3),
        ] {
            assert_eq!(atoms(n).checked_mul(half), Ok(atoms(even)), "{n} × 0.5");
            assert_eq!(atoms(n).mul_truncate(half), Ok(atoms(truncated)), "{n} × 0.5 truncated");
            assert_eq!(atoms(n).mul_round_up(half), Ok(atoms(up)), "{n} × 0.5 rounded up");
        }
        // Not a tie: 0.6 atoms rounds up, 0.4 down, with either sign.
        assert_eq!(atoms(3).checked_mul(dec("0.2")), Ok(atoms(1)));
        assert_eq!(atoms(2).checked_mul(dec("0.3")), Ok(atoms(1)));
        assert_eq!(atoms(-2).checked_mul(dec("0.3")), Ok(atoms(-1)));
        assert_eq!(atoms(-2).checked_mul(dec("0.2")), Ok(LegacyDec::ZERO));
        assert!(!atoms(-2).checked_mul(dec("0.2")).unwrap().is_negative(), "zero is never negative");
        assert_eq!(dec("1.1").checked_mul(dec("1.1")), Ok(dec("1.21")));
        assert_eq!(dec("-1.5").checked_mul(dec("-2")), Ok(dec("3")));
        // (1 + 10^-18)^2 = 1 + 2×10^-18 + 10^-36: the last term is dropped by every rounding but up.
        let x = dec("1.000000000000000001");
        assert_eq!(x.checked_mul(x), Ok(dec("1.000000000000000002")));
        assert_eq!(x.mul_truncate(x), Ok(dec("1.000000000000000002")));
        assert_eq!(x.mul_round_up(x), Ok(dec("1.000000000000000003")));
        assert_eq!((-x).mul_round_up(x), Ok(dec("-1.000000000000000002")));
    }

    #[test]
    fn quo_rounds_half_to_even_after_truncating_to_36_places() {
        let two = dec("2");
        for (n, even, truncated, up) in [
            (1, 0, 0, 1),
            (3, 2, 1, 2),
            (5, 2, 2, 3),
            (7, 4, 3, 4),
            // Negative quotients: `quo_round_up` is the SDK's, not the ceiling (see below).
            (-1, 0, 0, 0),
            (-3, -2, -1, 0),
            (-5, -2, -2, -1),
            (-7, -4, -3, -2),
        ] {
            assert_eq!(atoms(n).quo(two), Ok(atoms(even)), "{n} / 2");
            assert_eq!(atoms(n).quo_truncate(two), Ok(atoms(truncated)), "{n} / 2 truncated");
            assert_eq!(atoms(n).quo_round_up(two), Ok(atoms(up)), "{n} / 2 rounded up");
            // The same through a negative divisor.
            assert_eq!(atoms(-n).quo(-two), Ok(atoms(even)));
            assert_eq!(atoms(-n).quo_round_up(-two), Ok(atoms(up)));
        }
        assert_eq!(dec("2").quo(dec("3")), Ok(dec("0.666666666666666667")));
        assert_eq!(dec("2").quo_truncate(dec("3")), Ok(dec("0.666666666666666666")));
        assert_eq!(dec("2").quo_round_up(dec("3")), Ok(dec("0.666666666666666667")));
        assert_eq!(dec("-2").quo(dec("3")), Ok(dec("-0.666666666666666667")));
        assert_eq!(dec("-2").quo_truncate(dec("3")), Ok(dec("-0.666666666666666666")));
        // The SDK's QuoRoundUp on a negative quotient: truncation plus one atom, not the ceiling
        // (-0.666666666666666666); confirmed against cosmossdk.io/math v1.4.0 (table below).
        assert_eq!(dec("-2").quo_round_up(dec("3")), Ok(dec("-0.666666666666666665")));
        assert_eq!(dec("2").quo_round_up(dec("-3")), Ok(dec("-0.666666666666666665")));
        // Exact quotients are never nudged, whatever the sign.
        assert_eq!(dec("-3").quo_round_up(dec("2")), Ok(dec("-1.5")));
        // 10^-18 / 1.999999999999999999 is 0.50000000000000000025 atoms: truncated to 36 places it
        // is exactly half an atom, so it rounds to even (0) although the exact value is above half.
        let divisor = dec("1.999999999999999999");
        assert_eq!(LegacyDec::SMALLEST.quo(divisor), Ok(LegacyDec::ZERO));
        assert_eq!(atoms(3).quo(divisor), Ok(atoms(2)));
        for op in [LegacyDec::quo, LegacyDec::quo_truncate, LegacyDec::quo_round_up] {
            assert_eq!(op(LegacyDec::ONE, LegacyDec::ZERO), Err(DecError::DivisionByZero));
            assert_eq!(op(LegacyDec::ZERO, LegacyDec::ZERO), Err(DecError::DivisionByZero));
        }
        assert_eq!(LegacyDec::ONE.quo(LegacyDec::SMALLEST), Ok(dec("1000000000000000000")));
    }

    #[test]
    fn integer_operands() {
        assert_eq!(dec("1.5").mul_int(Amount::from(3u64)), Ok(dec("4.5")));
        assert_eq!(dec("-1.5").mul_int(Amount::from(3u64)), Ok(dec("-4.5")));
        assert_eq!(dec("1.5").quo_int(Amount::from(4u64)), Ok(dec("0.375")));
        assert_eq!(atoms(7).quo_int(Amount::from(2u64)), Ok(atoms(3)));
        assert_eq!(atoms(-7).quo_int(Amount::from(2u64)), Ok(atoms(-3)), "toward zero");
        assert_eq!(atoms(-1).quo_int(Amount::from(2u64)), Ok(LegacyDec::ZERO));
        assert_eq!(dec("1").quo_int(Amount::ZERO), Err(DecError::DivisionByZero));
        assert_eq!(dec("1").quo_int64(0), Err(DecError::DivisionByZero));
        assert_eq!(dec("1").mul_int(Amount::MAX), Ok(LegacyDec::from_amount(Amount::MAX)));
        assert_eq!(dec("1.000000000000000001").mul_int(Amount::MAX), Err(DecError::OutOfRange));
        assert_eq!(LegacyDec::MAX.mul_int(Amount::MAX), Err(DecError::OutOfRange));
        assert_eq!(LegacyDec::MAX.mul_int(Amount::from(1u64)), Ok(LegacyDec::MAX));
        assert_eq!(LegacyDec::MAX.quo_int(Amount::MAX), Ok(dec("1.000000000000000000")));
        assert_eq!(dec("2").mul_int64(i64::MIN), Ok(dec("-18446744073709551616")));
        assert_eq!(dec("-1").quo_int64(i64::MIN), Ok(dec("0")));
        assert_eq!(LegacyDec::MAX.mul_int64(-1), Ok(LegacyDec::MIN));
        assert_eq!(LegacyDec::MIN.quo_int64(-1), Ok(LegacyDec::MAX));
        assert_eq!(atoms(-7).quo_int64(-2), Ok(atoms(3)));
        // Amounts above 2^128 cross into the decimal exactly.
        let big = amount("340282366920938463463374607431768211457"); // 2^128 + 1
        assert_eq!(
            LegacyDec::from_amount(big).to_string(),
            "340282366920938463463374607431768211457.000000000000000000"
        );
        assert_eq!(LegacyDec::from_amount(big).truncate_int(), Ok(big));
        assert_eq!(LegacyDec::from_amount(Amount::MAX).truncate_int(), Ok(Amount::MAX));
        assert_eq!(LegacyDec::from(Amount::from(5u64)), dec("5"));
        assert_eq!(LegacyDec::from_amount_with_prec(Amount::from(5u64), 2), Ok(dec("0.05")));
        assert_eq!(LegacyDec::from_amount_with_prec(Amount::from(5u64), 18), Ok(atoms(5)));
        assert_eq!(LegacyDec::from_amount_with_prec(Amount::from(5u64), 19), Err(DecError::Precision));
    }

    #[test]
    fn constructors() {
        assert_eq!(LegacyDec::from_i64(-3), dec("-3"));
        assert_eq!(LegacyDec::from(i64::MIN), dec("-9223372036854775808"));
        assert_eq!(LegacyDec::new_with_prec(5, 2), Ok(dec("0.05")));
        assert_eq!(LegacyDec::new_with_prec(-5, 18), Ok(atoms(-5)));
        assert_eq!(LegacyDec::new_with_prec(i64::MIN, 0), Ok(LegacyDec::from_i64(i64::MIN)));
        assert_eq!(LegacyDec::new_with_prec(1, 19), Err(DecError::Precision));
        assert_eq!(LegacyDec::from_atoms_i128(i128::MIN).atoms_i128(), Some(i128::MIN));
        assert_eq!(LegacyDec::from_atoms_i128(i128::MAX).atoms_i128(), Some(i128::MAX));
        assert_eq!(LegacyDec::from_atoms_u128(u128::MAX).atoms_i128(), None);
        assert_eq!(LegacyDec::MIN.atoms_i128(), None);
        assert_eq!(atoms(-1).atoms_i128(), Some(-1));
    }

    #[test]
    fn add_sub_and_the_range_edge() {
        assert_eq!(dec("0.1").checked_add(dec("0.2")), Ok(dec("0.3")));
        assert_eq!(dec("0.1").checked_sub(dec("0.2")), Ok(dec("-0.1")));
        assert_eq!(dec("-0.1").checked_sub(dec("-0.1")), Ok(LegacyDec::ZERO));
        assert_eq!(LegacyDec::MAX.checked_add(LegacyDec::MIN), Ok(LegacyDec::ZERO));
        assert_eq!(LegacyDec::MAX.checked_add(LegacyDec::SMALLEST), Err(DecError::OutOfRange));
        assert_eq!(LegacyDec::MIN.checked_sub(LegacyDec::SMALLEST), Err(DecError::OutOfRange));
        assert_eq!(LegacyDec::MAX.checked_sub(LegacyDec::MIN), Err(DecError::OutOfRange));
        assert_eq!(
            LegacyDec::MAX.checked_sub(LegacyDec::SMALLEST).unwrap().checked_add(LegacyDec::SMALLEST),
            Ok(LegacyDec::MAX)
        );
        // Multiplication: range checked after rounding, so MAX × 1 is fine even though the raw
        // product is far larger; MAX × MAX does not even fit 512 bits.
        assert_eq!(LegacyDec::MAX.checked_mul(LegacyDec::ONE), Ok(LegacyDec::MAX));
        assert_eq!(LegacyDec::MAX.checked_mul(dec("2")), Err(DecError::OutOfRange));
        assert_eq!(LegacyDec::MAX.checked_mul(LegacyDec::MAX), Err(DecError::OutOfRange));
        assert_eq!(
            LegacyDec::MAX.checked_mul(dec("0.5")),
            Ok(dec("57896044618658097711785492504343953926634992332820282019728792003956564819968"))
        );
        assert_eq!(
            LegacyDec::MAX.mul_truncate(dec("0.5")),
            Ok(dec("57896044618658097711785492504343953926634992332820282019728792003956564819967.999999999999999999"))
        );
        assert_eq!(LegacyDec::MAX.checked_mul(dec("1.000000000000000001")), Err(DecError::OutOfRange));
        assert_eq!(LegacyDec::MAX.quo(LegacyDec::ONE), Ok(LegacyDec::MAX));
        assert_eq!(LegacyDec::MAX.quo(dec("0.999999999999999999")), Err(DecError::OutOfRange));
        assert_eq!(LegacyDec::MIN.quo(LegacyDec::MIN), Ok(LegacyDec::ONE));
        assert_eq!(LegacyDec::MAX.quo_round_up(LegacyDec::ONE), Ok(LegacyDec::MAX));
        // Near the top, a product just past the range after rounding is an error ...
        let top_whole = dec(TWO_POW_256_MINUS_1);
        assert_eq!(top_whole.checked_mul(dec("1.000000000000000001")), Err(DecError::OutOfRange));
        // ... and rounding that lands exactly on MAX is fine.
        assert_eq!(LegacyDec::MAX.mul_round_up(LegacyDec::ONE), Ok(LegacyDec::MAX));
        assert_eq!(-LegacyDec::MAX, LegacyDec::MIN);
        assert_eq!(LegacyDec::MIN.abs(), LegacyDec::MAX);
    }

    #[test]
    fn whole_numbers() {
        for (value, ceil, truncated, truncate_int, round_int) in [
            ("0", "0", "0", Ok(0u64), Ok(0u64)),
            ("0.5", "1", "0", Ok(0), Ok(0)),
            ("1.5", "2", "1", Ok(1), Ok(2)),
            ("2.5", "3", "2", Ok(2), Ok(2)),
            ("2.500000000000000001", "3", "2", Ok(2), Ok(3)),
            ("2.499999999999999999", "3", "2", Ok(2), Ok(2)),
            ("3", "3", "3", Ok(3), Ok(3)),
            ("-0.5", "0", "0", Ok(0), Ok(0)),
            ("-0.000000000000000001", "0", "0", Ok(0), Ok(0)),
            ("-0.6", "0", "0", Ok(0), Err(DecError::Negative)),
            ("-1.5", "-1", "-1", Err(DecError::Negative), Err(DecError::Negative)),
            ("-2.5", "-2", "-2", Err(DecError::Negative), Err(DecError::Negative)),
        ] {
            let d = dec(value);
            assert_eq!(d.ceil(), Ok(dec(ceil)), "ceil {value}");
            assert_eq!(d.truncate_dec(), dec(truncated), "truncate_dec {value}");
            assert_eq!(d.truncate_int(), truncate_int.map(Amount::from), "truncate_int {value}");
            assert_eq!(d.round_int(), round_int.map(Amount::from), "round_int {value}");
            assert_eq!(d.is_integer(), d == d.truncate_dec(), "is_integer {value}");
        }
        assert_eq!(dec("-2.5").round_int64(), Ok(-2));
        assert_eq!(dec("-3.5").round_int64(), Ok(-4));
        assert_eq!(dec("-3.5").truncate_int64(), Ok(-3));
        assert_eq!(dec("9223372036854775807.5").round_int64(), Err(DecError::IntegerOutOfRange));
        assert_eq!(dec("9223372036854775807.5").truncate_int64(), Ok(i64::MAX));
        assert_eq!(dec("-9223372036854775808.5").round_int64(), Ok(i64::MIN));
        assert_eq!(dec("-9223372036854775808.6").round_int64(), Err(DecError::IntegerOutOfRange));
        assert_eq!(dec("-9223372036854775809").truncate_int64(), Err(DecError::IntegerOutOfRange));
        // At the top: truncation is 2^256 − 1, rounding and ceiling reach 2^256, out of range.
        assert_eq!(LegacyDec::MAX.truncate_int(), Ok(Amount::MAX));
        assert_eq!(LegacyDec::MAX.round_int(), Err(DecError::IntegerOutOfRange));
        assert_eq!(LegacyDec::MIN.round_int(), Err(DecError::IntegerOutOfRange));
        assert_eq!(LegacyDec::MIN.truncate_int(), Err(DecError::Negative));
        assert_eq!(LegacyDec::MAX.ceil(), Err(DecError::OutOfRange));
        assert_eq!(LegacyDec::MIN.ceil(), Ok(-LegacyDec::from_amount(Amount::MAX)));
        assert_eq!(dec(&format!("{TWO_POW_256_MINUS_1}.5")).round_int(), Err(DecError::IntegerOutOfRange));
        assert_eq!(dec(&format!("{TWO_POW_256_MINUS_1}.499999999999999999")).round_int(), Ok(Amount::MAX));
    }

    #[test]
    fn powers_and_roots() {
        assert_eq!(dec("2").power(10), Ok(dec("1024")));
        assert_eq!(dec("1.1").power(2), Ok(dec("1.21")));
        assert_eq!(dec("-3").power(3), Ok(dec("-27")));
        assert_eq!(dec("123.456").power(0), Ok(LegacyDec::ONE));
        assert_eq!(LegacyDec::ZERO.power(0), Ok(LegacyDec::ONE));
        assert_eq!(dec("0.5").power(64), Ok(LegacyDec::ZERO));
        assert_eq!(dec("0.5").power(u64::MAX), Ok(LegacyDec::ZERO));
        assert_eq!(LegacyDec::ONE.power(u64::MAX), Ok(LegacyDec::ONE));
        assert_eq!(dec("2").power(256), Err(DecError::OutOfRange));
        assert_eq!(
            dec("2").power(255),
            Ok(dec("57896044618658097711785492504343953926634992332820282019728792003956564819968"))
        );
        // Every step rounds to 18 places: 1.000000001^3 = 1.000000003000000003000000001 loses its
        // last digit, 1.000000000000000001 squared its 10^-36.
        assert_eq!(dec("1.000000001").power(3), Ok(dec("1.000000003000000003")));
        assert_eq!(dec("1.000000000000000001").power(2), Ok(dec("1.000000000000000002")));
        assert_eq!(dec("2").approx_sqrt(), Ok(dec("1.414213562373095049")));
        assert_eq!(dec("4").approx_sqrt(), Ok(dec("2")));
        assert_eq!(dec("-4").approx_sqrt(), Ok(dec("-2")));
        assert_eq!(dec("-27").approx_root(3), Ok(dec("-3")));
        assert_eq!(dec("5").approx_root(0), Ok(LegacyDec::ONE));
        assert_eq!(dec("5").approx_root(1), Ok(dec("5")));
        assert_eq!(LegacyDec::ZERO.approx_root(7), Ok(LegacyDec::ZERO));
        assert_eq!(LegacyDec::SMALLEST.approx_sqrt(), Ok(dec("0.000000001")));
        assert_eq!(LegacyDec::MAX.approx_sqrt(), Ok(dec("340282366920938463463374607431768211456")));
        // A cube root of MAX squares its first guess (about MAX / 3) and leaves the range: the SDK
        // recovers that panic into an error.
        assert_eq!(LegacyDec::MAX.approx_root(3), Err(DecError::OutOfRange));
    }

    #[test]
    fn parsing_follows_legacy_new_dec_from_str() {
        let min_str = format!("-{MAX_STR}");
        for (text, expected) in [
            ("0", Ok("0")),
            ("-0", Ok("0")),
            ("1", Ok("1")),
            ("-123.456", Ok("-123.456")),
            ("456.7890", Ok("456.789")),
            ("007.5", Ok("7.5")),
            ("0.123456789012345678", Ok("0.123456789012345678")),
            // The SDK's permissive corners: big.Int.SetString's own sign after the stripped '-'.
            ("+1.5", Ok("1.5")),
            ("--1.5", Ok("1.5")),
            ("-+1.5", Ok("-1.5")),
            ("+.5", Ok("0.5")),
            ("-+.5", Ok("-0.5")),
            ("+", Ok("0")),
            ("--", Ok("0")),
            ("-+", Ok("0")),
            ("", Err(DecError::EmptyString)),
            ("-", Err(DecError::EmptyString)),
            (".5", Err(DecError::InvalidLength)),
            ("-.5", Err(DecError::InvalidLength)),
            ("1.", Err(DecError::InvalidLength)),
            (".", Err(DecError::InvalidLength)),
            ("1.2.3", Err(DecError::InvalidString)),
            ("1..", Err(DecError::InvalidString)),
            ("0.1234567890123456789", Err(DecError::TooManyDecimals(1))),
            ("1.x234567890123456789000", Err(DecError::TooManyDecimals(4))),
            ("+-1", Err(DecError::InvalidDigits)),
            ("---1", Err(DecError::InvalidDigits)),
            (" 1", Err(DecError::InvalidDigits)),
            ("1 ", Err(DecError::InvalidDigits)),
            ("1_000", Err(DecError::InvalidDigits)),
            ("1e3", Err(DecError::InvalidDigits)),
            ("0x10", Err(DecError::InvalidDigits)),
            ("1.-5", Err(DecError::InvalidDigits)),
            ("1.+5", Err(DecError::InvalidDigits)),
            ("١", Err(DecError::InvalidDigits)),
            (MAX_STR, Ok(MAX_STR)),
            (min_str.as_str(), Ok(min_str.as_str())),
            (
                "115792089237316195423570985008687907853269984665640564039457584007913129639936",
                Err(DecError::OutOfRange),
            ),
        ] {
            assert_eq!(text.parse::<LegacyDec>(), expected.map(dec_via_atoms), "{text:?}");
        }
        // Long inputs: leading zeros cost no arithmetic, too many digits stop at the range.
        assert_eq!(format!("{}1.5", "0".repeat(100_000)).parse::<LegacyDec>(), Ok(dec("1.5")));
        assert_eq!(format!("1{}", "0".repeat(100_000)).parse::<LegacyDec>(), Err(DecError::OutOfRange));
        assert_eq!(format!("1{}x", "0".repeat(1000)).parse::<LegacyDec>(), Err(DecError::InvalidDigits));
    }

    /// A decimal from plain `[-]int[.frac]` text without going through `FromStr`, so the parser
    /// is not checked against itself.
    fn dec_via_atoms(text: &str) -> LegacyDec {
        let (negative, text) = text.strip_prefix('-').map_or((false, text), |t| (true, t));
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let digits = format!("{int}{frac:0<18}");
        let value = BigInt::parse_bytes(digits.as_bytes(), 10).unwrap();
        from_big(&if negative { -value } else { value }).unwrap()
    }

    #[test]
    fn display_and_text_forms() {
        for (value, text, proto) in [
            (atoms(0), "0.000000000000000000", "0"),
            (atoms(1), "0.000000000000000001", "1"),
            (atoms(-1), "-0.000000000000000001", "-1"),
            (dec("0.05"), "0.050000000000000000", "50000000000000000"),
            (dec("-1.5"), "-1.500000000000000000", "-1500000000000000000"),
            (dec("123456789"), "123456789.000000000000000000", "123456789000000000000000000"),
            (
                LegacyDec::MAX,
                MAX_STR,
                "115792089237316195423570985008687907853269984665640564039457584007913129639935999999999999999999",
            ),
        ] {
            assert_eq!(value.to_string(), text);
            assert_eq!(value.to_proto_string(), proto);
            assert_eq!(LegacyDec::from_proto_string(proto), Ok(Some(value)));
            assert_eq!(serde_json::to_string(&value).unwrap(), format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<LegacyDec>(&format!("\"{text}\"")).unwrap(), value);
            assert_eq!(format!("{value:?}"), format!("LegacyDec({text})"));
        }
        assert_eq!(format!("{:>24}", dec("1.5")), "    1.500000000000000000");
        assert_eq!(format!("{:024}", dec("-1.5")), "-0001.500000000000000000");
        for bad in ["1.5", "null", "\"\"", "\"1.\"", "[\"1\"]", "\" 1\""] {
            assert!(serde_json::from_str::<LegacyDec>(bad).is_err(), "{bad}");
        }
        // The protobuf form: Go's big.Int text syntax, base prefixes and separators included.
        for (proto, expected) in [
            ("", Ok(None)),
            ("010", Ok(Some(atoms(8)))),
            ("0x10", Ok(Some(atoms(16)))),
            ("-0X1f", Ok(Some(atoms(-31)))),
            ("0b101", Ok(Some(atoms(5)))),
            ("0o17", Ok(Some(atoms(15)))),
            ("1_000", Ok(Some(atoms(1000)))),
            ("0x_1", Ok(Some(atoms(1)))),
            ("0_7", Ok(Some(atoms(7)))),
            ("+7", Ok(Some(atoms(7)))),
            ("00", Ok(Some(atoms(0)))),
            ("08", Err(DecError::InvalidProto)),
            ("0x", Err(DecError::InvalidProto)),
            ("0_", Err(DecError::InvalidProto)),
            ("_1", Err(DecError::InvalidProto)),
            ("1__0", Err(DecError::InvalidProto)),
            ("1.0", Err(DecError::InvalidProto)),
            (" 1", Err(DecError::InvalidProto)),
            ("-", Err(DecError::InvalidProto)),
            ("--1", Err(DecError::InvalidProto)),
        ] {
            assert_eq!(LegacyDec::from_proto_string(proto), expected, "{proto:?}");
        }
        assert_eq!(LegacyDec::from_proto_string(&format!("0x{}", "f".repeat(1000))), Err(DecError::OutOfRange));
        assert_eq!(LegacyDec::from_proto_string(&format!("0x{}g", "f".repeat(1000))), Err(DecError::InvalidProto));
    }

    #[test]
    fn order_and_predicates() {
        let mut values =
            vec![dec("1"), dec("-1"), LegacyDec::ZERO, LegacyDec::MAX, LegacyDec::MIN, atoms(-1), atoms(1)];
        values.sort();
        assert_eq!(
            values,
            vec![LegacyDec::MIN, dec("-1"), atoms(-1), LegacyDec::ZERO, atoms(1), dec("1"), LegacyDec::MAX]
        );
        assert_eq!(dec("-2").min(dec("1")), dec("-2"));
        assert_eq!(dec("-2").max(dec("1")), dec("1"));
        assert!(LegacyDec::ZERO.is_zero() && !LegacyDec::ZERO.is_negative() && !LegacyDec::ZERO.is_positive());
        assert!(atoms(-1).is_negative() && !atoms(-1).is_positive());
        assert!(atoms(1).is_positive() && !atoms(1).is_negative());
        assert_eq!(-LegacyDec::ZERO, LegacyDec::ZERO);
        assert!(!(-LegacyDec::ZERO).is_negative());
        assert!(dec("3").is_integer() && dec("-3").is_integer() && !dec("3.000000000000000001").is_integer());
    }

    // ---- vectors from the Go SDK ----

    /// Results printed by `cosmossdk.io/math` v1.4.0 (Go 1.26; v1.5.3, whose `legacy_dec.go` is
    /// the same code, prints the same) for hand-picked inputs, one per line: `op|a|b|result`. Decimals are in `String()` form; `panic` is an SDK panic, `error` an
    /// SDK error, `nil` an `Unmarshal` that leaves the value nil; `parse`/`unmarshal` arguments
    /// are Go-quoted (`%q`) strings. Integer results (`truncate_int`, `round_int`) are signed,
    /// as the SDK's `Int`.
    const GO_TABLE: &str = r#"
add|0.000000000000000001|0.500000000000000000|0.500000000000000001
sub|0.000000000000000001|0.500000000000000000|-0.499999999999999999
mul|0.000000000000000001|0.500000000000000000|0.000000000000000000
mul_truncate|0.000000000000000001|0.500000000000000000|0.000000000000000000
mul_round_up|0.000000000000000001|0.500000000000000000|0.000000000000000001
quo|0.000000000000000001|0.500000000000000000|0.000000000000000002
quo_truncate|0.000000000000000001|0.500000000000000000|0.000000000000000002
quo_round_up|0.000000000000000001|0.500000000000000000|0.000000000000000002
add|0.000000000000000003|0.500000000000000000|0.500000000000000003
sub|0.000000000000000003|0.500000000000000000|-0.499999999999999997
mul|0.000000000000000003|0.500000000000000000|0.000000000000000002
mul_truncate|0.000000000000000003|0.500000000000000000|0.000000000000000001
mul_round_up|0.000000000000000003|0.500000000000000000|0.000000000000000002
quo|0.000000000000000003|0.500000000000000000|0.000000000000000006
quo_truncate|0.000000000000000003|0.500000000000000000|0.000000000000000006
quo_round_up|0.000000000000000003|0.500000000000000000|0.000000000000000006
add|-0.000000000000000003|0.500000000000000000|0.499999999999999997
sub|-0.000000000000000003|0.500000000000000000|-0.500000000000000003
mul|-0.000000000000000003|0.500000000000000000|-0.000000000000000002
mul_truncate|-0.000000000000000003|0.500000000000000000|-0.000000000000000001
mul_round_up|-0.000000000000000003|0.500000000000000000|-0.000000000000000001
quo|-0.000000000000000003|0.500000000000000000|-0.000000000000000006
quo_truncate|-0.000000000000000003|0.500000000000000000|-0.000000000000000006
quo_round_up|-0.000000000000000003|0.500000000000000000|-0.000000000000000006
add|0.000000000000000005|0.500000000000000000|0.500000000000000005
sub|0.000000000000000005|0.500000000000000000|-0.499999999999999995
mul|0.000000000000000005|0.500000000000000000|0.000000000000000002
mul_truncate|0.000000000000000005|0.500000000000000000|0.000000000000000002
mul_round_up|0.000000000000000005|0.500000000000000000|0.000000000000000003
quo|0.000000000000000005|0.500000000000000000|0.000000000000000010
quo_truncate|0.000000000000000005|0.500000000000000000|0.000000000000000010
quo_round_up|0.000000000000000005|0.500000000000000000|0.000000000000000010
add|0.000000000000000001|1.500000000000000000|1.500000000000000001
sub|0.000000000000000001|1.500000000000000000|-1.499999999999999999
mul|0.000000000000000001|1.500000000000000000|0.000000000000000002
mul_truncate|0.000000000000000001|1.500000000000000000|0.000000000000000001
mul_round_up|0.000000000000000001|1.500000000000000000|0.000000000000000002
quo|0.000000000000000001|1.500000000000000000|0.000000000000000001
quo_truncate|0.000000000000000001|1.500000000000000000|0.000000000000000000
quo_round_up|0.000000000000000001|1.500000000000000000|0.000000000000000001
add|0.000000000000000001|2.000000000000000000|2.000000000000000001
sub|0.000000000000000001|2.000000000000000000|-1.999999999999999999
mul|0.000000000000000001|2.000000000000000000|0.000000000000000002
mul_truncate|0.000000000000000001|2.000000000000000000|0.000000000000000002
mul_round_up|0.000000000000000001|2.000000000000000000|0.000000000000000002
quo|0.000000000000000001|2.000000000000000000|0.000000000000000000
quo_truncate|0.000000000000000001|2.000000000000000000|0.000000000000000000
quo_round_up|0.000000000000000001|2.000000000000000000|0.000000000000000001
add|0.000000000000000003|2.000000000000000000|2.000000000000000003
sub|0.000000000000000003|2.000000000000000000|-1.999999999999999997
mul|0.000000000000000003|2.000000000000000000|0.000000000000000006
mul_truncate|0.000000000000000003|2.000000000000000000|0.000000000000000006
mul_round_up|0.000000000000000003|2.000000000000000000|0.000000000000000006
quo|0.000000000000000003|2.000000000000000000|0.000000000000000002
quo_truncate|0.000000000000000003|2.000000000000000000|0.000000000000000001
quo_round_up|0.000000000000000003|2.000000000000000000|0.000000000000000002
add|-0.000000000000000005|2.000000000000000000|1.999999999999999995
sub|-0.000000000000000005|2.000000000000000000|-2.000000000000000005
mul|-0.000000000000000005|2.000000000000000000|-0.000000000000000010
mul_truncate|-0.000000000000000005|2.000000000000000000|-0.000000000000000010
mul_round_up|-0.000000000000000005|2.000000000000000000|-0.000000000000000010
quo|-0.000000000000000005|2.000000000000000000|-0.000000000000000002
quo_truncate|-0.000000000000000005|2.000000000000000000|-0.000000000000000002
quo_round_up|-0.000000000000000005|2.000000000000000000|-0.000000000000000001
add|0.000000000000000005|-2.000000000000000000|-1.999999999999999995
sub|0.000000000000000005|-2.000000000000000000|2.000000000000000005
mul|0.000000000000000005|-2.000000000000000000|-0.000000000000000010
mul_truncate|0.000000000000000005|-2.000000000000000000|-0.000000000000000010
mul_round_up|0.000000000000000005|-2.000000000000000000|-0.000000000000000010
quo|0.000000000000000005|-2.000000000000000000|-0.000000000000000002
quo_truncate|0.000000000000000005|-2.000000000000000000|-0.000000000000000002
quo_round_up|0.000000000000000005|-2.000000000000000000|-0.000000000000000001
add|-0.000000000000000001|2.000000000000000000|1.999999999999999999
sub|-0.000000000000000001|2.000000000000000000|-2.000000000000000001
mul|-0.000000000000000001|2.000000000000000000|-0.000000000000000002
mul_truncate|-0.000000000000000001|2.000000000000000000|-0.000000000000000002
mul_round_up|-0.000000000000000001|2.000000000000000000|-0.000000000000000002
quo|-0.000000000000000001|2.000000000000000000|0.000000000000000000
quo_truncate|-0.000000000000000001|2.000000000000000000|0.000000000000000000
quo_round_up|-0.000000000000000001|2.000000000000000000|0.000000000000000000
add|-0.000000000000000001|-2.000000000000000000|-2.000000000000000001
sub|-0.000000000000000001|-2.000000000000000000|1.999999999999999999
mul|-0.000000000000000001|-2.000000000000000000|0.000000000000000002
mul_truncate|-0.000000000000000001|-2.000000000000000000|0.000000000000000002
mul_round_up|-0.000000000000000001|-2.000000000000000000|0.000000000000000002
quo|-0.000000000000000001|-2.000000000000000000|0.000000000000000000
quo_truncate|-0.000000000000000001|-2.000000000000000000|0.000000000000000000
quo_round_up|-0.000000000000000001|-2.000000000000000000|0.000000000000000001
add|1.000000000000000000|3.000000000000000000|4.000000000000000000
sub|1.000000000000000000|3.000000000000000000|-2.000000000000000000
mul|1.000000000000000000|3.000000000000000000|3.000000000000000000
mul_truncate|1.000000000000000000|3.000000000000000000|3.000000000000000000
mul_round_up|1.000000000000000000|3.000000000000000000|3.000000000000000000
quo|1.000000000000000000|3.000000000000000000|0.333333333333333333
quo_truncate|1.000000000000000000|3.000000000000000000|0.333333333333333333
quo_round_up|1.000000000000000000|3.000000000000000000|0.333333333333333334
add|2.000000000000000000|3.000000000000000000|5.000000000000000000
sub|2.000000000000000000|3.000000000000000000|-1.000000000000000000
mul|2.000000000000000000|3.000000000000000000|6.000000000000000000
mul_truncate|2.000000000000000000|3.000000000000000000|6.000000000000000000
mul_round_up|2.000000000000000000|3.000000000000000000|6.000000000000000000
quo|2.000000000000000000|3.000000000000000000|0.666666666666666667
quo_truncate|2.000000000000000000|3.000000000000000000|0.666666666666666666
quo_round_up|2.000000000000000000|3.000000000000000000|0.666666666666666667
add|-2.000000000000000000|3.000000000000000000|1.000000000000000000
sub|-2.000000000000000000|3.000000000000000000|-5.000000000000000000
mul|-2.000000000000000000|3.000000000000000000|-6.000000000000000000
mul_truncate|-2.000000000000000000|3.000000000000000000|-6.000000000000000000
mul_round_up|-2.000000000000000000|3.000000000000000000|-6.000000000000000000
quo|-2.000000000000000000|3.000000000000000000|-0.666666666666666667
quo_truncate|-2.000000000000000000|3.000000000000000000|-0.666666666666666666
quo_round_up|-2.000000000000000000|3.000000000000000000|-0.666666666666666665
add|1.000000000000000000|-3.000000000000000000|-2.000000000000000000
sub|1.000000000000000000|-3.000000000000000000|4.000000000000000000
mul|1.000000000000000000|-3.000000000000000000|-3.000000000000000000
mul_truncate|1.000000000000000000|-3.000000000000000000|-3.000000000000000000
mul_round_up|1.000000000000000000|-3.000000000000000000|-3.000000000000000000
quo|1.000000000000000000|-3.000000000000000000|-0.333333333333333333
quo_truncate|1.000000000000000000|-3.000000000000000000|-0.333333333333333333
quo_round_up|1.000000000000000000|-3.000000000000000000|-0.333333333333333332
add|-1.000000000000000000|-3.000000000000000000|-4.000000000000000000
sub|-1.000000000000000000|-3.000000000000000000|2.000000000000000000
mul|-1.000000000000000000|-3.000000000000000000|3.000000000000000000
mul_truncate|-1.000000000000000000|-3.000000000000000000|3.000000000000000000
mul_round_up|-1.000000000000000000|-3.000000000000000000|3.000000000000000000
quo|-1.000000000000000000|-3.000000000000000000|0.333333333333333333
quo_truncate|-1.000000000000000000|-3.000000000000000000|0.333333333333333333
quo_round_up|-1.000000000000000000|-3.000000000000000000|0.333333333333333334
add|0.050000000000000000|0.100000000000000000|0.150000000000000000
sub|0.050000000000000000|0.100000000000000000|-0.050000000000000000
mul|0.050000000000000000|0.100000000000000000|0.005000000000000000
mul_truncate|0.050000000000000000|0.100000000000000000|0.005000000000000000
mul_round_up|0.050000000000000000|0.100000000000000000|0.005000000000000000
quo|0.050000000000000000|0.100000000000000000|0.500000000000000000
quo_truncate|0.050000000000000000|0.100000000000000000|0.500000000000000000
quo_round_up|0.050000000000000000|0.100000000000000000|0.500000000000000000
add|0.333333333333333333|3.000000000000000000|3.333333333333333333
sub|0.333333333333333333|3.000000000000000000|-2.666666666666666667
mul|0.333333333333333333|3.000000000000000000|0.999999999999999999
mul_truncate|0.333333333333333333|3.000000000000000000|0.999999999999999999
mul_round_up|0.333333333333333333|3.000000000000000000|0.999999999999999999
quo|0.333333333333333333|3.000000000000000000|0.111111111111111111
quo_truncate|0.333333333333333333|3.000000000000000000|0.111111111111111111
quo_round_up|0.333333333333333333|3.000000000000000000|0.111111111111111111
add|123456789.123456789012345678|0.000000001000000000|123456789.123456790012345678
sub|123456789.123456789012345678|0.000000001000000000|123456789.123456788012345678
mul|123456789.123456789012345678|0.000000001000000000|0.123456789123456789
mul_truncate|123456789.123456789012345678|0.000000001000000000|0.123456789123456789
mul_round_up|123456789.123456789012345678|0.000000001000000000|0.123456789123456790
quo|123456789.123456789012345678|0.000000001000000000|123456789123456789.012345678000000000
quo_truncate|123456789.123456789012345678|0.000000001000000000|123456789123456789.012345678000000000
quo_round_up|123456789.123456789012345678|0.000000001000000000|123456789123456789.012345678000000000
add|-987654321.500000000000000000|123.250000000000000000|-987654198.250000000000000000
sub|-987654321.500000000000000000|123.250000000000000000|-987654444.750000000000000000
mul|-987654321.500000000000000000|123.250000000000000000|-121728395124.875000000000000000
mul_truncate|-987654321.500000000000000000|123.250000000000000000|-121728395124.875000000000000000
mul_round_up|-987654321.500000000000000000|123.250000000000000000|-121728395124.875000000000000000
quo|-987654321.500000000000000000|123.250000000000000000|-8013422.486815415821501014
quo_truncate|-987654321.500000000000000000|123.250000000000000000|-8013422.486815415821501014
quo_round_up|-987654321.500000000000000000|123.250000000000000000|-8013422.486815415821501013
add|1.000000000000000001|1.000000000000000001|2.000000000000000002
sub|1.000000000000000001|1.000000000000000001|0.000000000000000000
mul|1.000000000000000001|1.000000000000000001|1.000000000000000002
mul_truncate|1.000000000000000001|1.000000000000000001|1.000000000000000002
mul_round_up|1.000000000000000001|1.000000000000000001|1.000000000000000003
quo|1.000000000000000001|1.000000000000000001|1.000000000000000000
quo_truncate|1.000000000000000001|1.000000000000000001|1.000000000000000000
quo_round_up|1.000000000000000001|1.000000000000000001|1.000000000000000000
add|0.999999999999999999|0.999999999999999999|1.999999999999999998
sub|0.999999999999999999|0.999999999999999999|0.000000000000000000
mul|0.999999999999999999|0.999999999999999999|0.999999999999999998
mul_truncate|0.999999999999999999|0.999999999999999999|0.999999999999999998
mul_round_up|0.999999999999999999|0.999999999999999999|0.999999999999999999
quo|0.999999999999999999|0.999999999999999999|1.000000000000000000
quo_truncate|0.999999999999999999|0.999999999999999999|1.000000000000000000
quo_round_up|0.999999999999999999|0.999999999999999999|1.000000000000000000
add|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|1.000000000000000000|panic
sub|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|1.000000000000000000|115792089237316195423570985008687907853269984665640564039457584007913129639934.999999999999999999
mul|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|1.000000000000000000|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
mul_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|1.000000000000000000|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
mul_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|1.000000000000000000|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
quo|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|1.000000000000000000|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
quo_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|1.000000000000000000|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
quo_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|1.000000000000000000|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
add|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.500000000000000000|panic
sub|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.500000000000000000|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999
mul|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.500000000000000000|57896044618658097711785492504343953926634992332820282019728792003956564819968.000000000000000000
mul_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.500000000000000000|57896044618658097711785492504343953926634992332820282019728792003956564819967.999999999999999999
mul_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.500000000000000000|57896044618658097711785492504343953926634992332820282019728792003956564819968.000000000000000000
quo|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.500000000000000000|panic
quo_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.500000000000000000|panic
quo_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.500000000000000000|panic
add|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|2.000000000000000000|panic
sub|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|2.000000000000000000|115792089237316195423570985008687907853269984665640564039457584007913129639933.999999999999999999
mul|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|2.000000000000000000|panic
mul_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|2.000000000000000000|panic
mul_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|2.000000000000000000|panic
quo|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|2.000000000000000000|57896044618658097711785492504343953926634992332820282019728792003956564819968.000000000000000000
quo_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|2.000000000000000000|57896044618658097711785492504343953926634992332820282019728792003956564819967.999999999999999999
quo_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|2.000000000000000000|57896044618658097711785492504343953926634992332820282019728792003956564819968.000000000000000000
add|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|panic
sub|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000000
mul|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|panic
mul_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|panic
mul_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|panic
quo|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|1.000000000000000000
quo_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|1.000000000000000000
quo_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|1.000000000000000000
add|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000000
sub|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|panic
mul|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|panic
mul_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|panic
mul_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|panic
quo|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-1.000000000000000000
quo_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-1.000000000000000000
quo_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-1.000000000000000000
add|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|panic
sub|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999998
mul|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|115792089237316195423570985008687907853269984665640564039457.584007913129639936
mul_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|115792089237316195423570985008687907853269984665640564039457.584007913129639935
mul_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|115792089237316195423570985008687907853269984665640564039457.584007913129639936
quo|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|panic
quo_truncate|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|panic
quo_round_up|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|panic
add|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999998
sub|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|panic
mul|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|-115792089237316195423570985008687907853269984665640564039457.584007913129639936
mul_truncate|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|-115792089237316195423570985008687907853269984665640564039457.584007913129639935
mul_round_up|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|-115792089237316195423570985008687907853269984665640564039457.584007913129639935
quo|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|panic
quo_truncate|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|panic
quo_round_up|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|0.000000000000000001|panic
add|340282366920938463463.374607431768211455|340282366920938463463.374607431768211455|680564733841876926926.749214863536422910
sub|340282366920938463463.374607431768211455|340282366920938463463.374607431768211455|0.000000000000000000
mul|340282366920938463463.374607431768211455|340282366920938463463.374607431768211455|115792089237316195423570985008687907852589.419931798687112531
mul_truncate|340282366920938463463.374607431768211455|340282366920938463463.374607431768211455|115792089237316195423570985008687907852589.419931798687112530
mul_round_up|340282366920938463463.374607431768211455|340282366920938463463.374607431768211455|115792089237316195423570985008687907852589.419931798687112531
quo|340282366920938463463.374607431768211455|340282366920938463463.374607431768211455|1.000000000000000000
quo_truncate|340282366920938463463.374607431768211455|340282366920938463463.374607431768211455|1.000000000000000000
quo_round_up|340282366920938463463.374607431768211455|340282366920938463463.374607431768211455|1.000000000000000000
add|0.000000000000000001|1.999999999999999999|2.000000000000000000
sub|0.000000000000000001|1.999999999999999999|-1.999999999999999998
mul|0.000000000000000001|1.999999999999999999|0.000000000000000002
mul_truncate|0.000000000000000001|1.999999999999999999|0.000000000000000001
mul_round_up|0.000000000000000001|1.999999999999999999|0.000000000000000002
quo|0.000000000000000001|1.999999999999999999|0.000000000000000000
quo_truncate|0.000000000000000001|1.999999999999999999|0.000000000000000000
quo_round_up|0.000000000000000001|1.999999999999999999|0.000000000000000001
add|0.000000000000000003|1.999999999999999999|2.000000000000000002
sub|0.000000000000000003|1.999999999999999999|-1.999999999999999996
mul|0.000000000000000003|1.999999999999999999|0.000000000000000006
mul_truncate|0.000000000000000003|1.999999999999999999|0.000000000000000005
mul_round_up|0.000000000000000003|1.999999999999999999|0.000000000000000006
quo|0.000000000000000003|1.999999999999999999|0.000000000000000002
quo_truncate|0.000000000000000003|1.999999999999999999|0.000000000000000001
quo_round_up|0.000000000000000003|1.999999999999999999|0.000000000000000002
add|7.000000000000000000|0.000000000000000000|7.000000000000000000
sub|7.000000000000000000|0.000000000000000000|7.000000000000000000
mul|7.000000000000000000|0.000000000000000000|0.000000000000000000
mul_truncate|7.000000000000000000|0.000000000000000000|0.000000000000000000
mul_round_up|7.000000000000000000|0.000000000000000000|0.000000000000000000
quo|7.000000000000000000|0.000000000000000000|panic
quo_truncate|7.000000000000000000|0.000000000000000000|panic
quo_round_up|7.000000000000000000|0.000000000000000000|panic
add|0.000000000000000000|0.000000000000000000|0.000000000000000000
sub|0.000000000000000000|0.000000000000000000|0.000000000000000000
mul|0.000000000000000000|0.000000000000000000|0.000000000000000000
mul_truncate|0.000000000000000000|0.000000000000000000|0.000000000000000000
mul_round_up|0.000000000000000000|0.000000000000000000|0.000000000000000000
quo|0.000000000000000000|0.000000000000000000|panic
quo_truncate|0.000000000000000000|0.000000000000000000|panic
quo_round_up|0.000000000000000000|0.000000000000000000|panic
neg|0.000000000000000000||0.000000000000000000
abs|0.000000000000000000||0.000000000000000000
ceil|0.000000000000000000||0.000000000000000000
truncate_dec|0.000000000000000000||0.000000000000000000
truncate_int|0.000000000000000000||0
round_int|0.000000000000000000||0
truncate_int64|0.000000000000000000||0
round_int64|0.000000000000000000||0
proto|0.000000000000000000||0
power|0.000000000000000000|3|0.000000000000000000
approx_sqrt|0.000000000000000000||0.000000000000000000
neg|0.000000000000000001||-0.000000000000000001
abs|0.000000000000000001||0.000000000000000001
ceil|0.000000000000000001||1.000000000000000000
truncate_dec|0.000000000000000001||0.000000000000000000
truncate_int|0.000000000000000001||0
round_int|0.000000000000000001||0
truncate_int64|0.000000000000000001||0
round_int64|0.000000000000000001||0
proto|0.000000000000000001||1
power|0.000000000000000001|3|0.000000000000000000
approx_sqrt|0.000000000000000001||0.000000001000000000
neg|-0.000000000000000001||0.000000000000000001
abs|-0.000000000000000001||0.000000000000000001
ceil|-0.000000000000000001||0.000000000000000000
truncate_dec|-0.000000000000000001||0.000000000000000000
truncate_int|-0.000000000000000001||0
round_int|-0.000000000000000001||0
truncate_int64|-0.000000000000000001||0
round_int64|-0.000000000000000001||0
proto|-0.000000000000000001||-1
power|-0.000000000000000001|3|0.000000000000000000
approx_sqrt|-0.000000000000000001||-0.000000001000000000
neg|0.500000000000000000||-0.500000000000000000
abs|0.500000000000000000||0.500000000000000000
ceil|0.500000000000000000||1.000000000000000000
truncate_dec|0.500000000000000000||0.000000000000000000
truncate_int|0.500000000000000000||0
round_int|0.500000000000000000||0
truncate_int64|0.500000000000000000||0
round_int64|0.500000000000000000||0
proto|0.500000000000000000||500000000000000000
power|0.500000000000000000|3|0.125000000000000000
approx_sqrt|0.500000000000000000||0.707106781186547525
neg|-0.500000000000000000||0.500000000000000000
abs|-0.500000000000000000||0.500000000000000000
ceil|-0.500000000000000000||0.000000000000000000
truncate_dec|-0.500000000000000000||0.000000000000000000
truncate_int|-0.500000000000000000||0
round_int|-0.500000000000000000||0
truncate_int64|-0.500000000000000000||0
round_int64|-0.500000000000000000||0
proto|-0.500000000000000000||-500000000000000000
power|-0.500000000000000000|3|-0.125000000000000000
approx_sqrt|-0.500000000000000000||-0.707106781186547525
neg|1.500000000000000000||-1.500000000000000000
abs|1.500000000000000000||1.500000000000000000
ceil|1.500000000000000000||2.000000000000000000
truncate_dec|1.500000000000000000||1.000000000000000000
truncate_int|1.500000000000000000||1
round_int|1.500000000000000000||2
truncate_int64|1.500000000000000000||1
round_int64|1.500000000000000000||2
proto|1.500000000000000000||1500000000000000000
power|1.500000000000000000|3|3.375000000000000000
approx_sqrt|1.500000000000000000||1.224744871391589049
neg|-1.500000000000000000||1.500000000000000000
abs|-1.500000000000000000||1.500000000000000000
ceil|-1.500000000000000000||-1.000000000000000000
truncate_dec|-1.500000000000000000||-1.000000000000000000
truncate_int|-1.500000000000000000||-1
round_int|-1.500000000000000000||-2
truncate_int64|-1.500000000000000000||-1
round_int64|-1.500000000000000000||-2
proto|-1.500000000000000000||-1500000000000000000
power|-1.500000000000000000|3|-3.375000000000000000
approx_sqrt|-1.500000000000000000||-1.224744871391589049
neg|2.500000000000000000||-2.500000000000000000
abs|2.500000000000000000||2.500000000000000000
ceil|2.500000000000000000||3.000000000000000000
truncate_dec|2.500000000000000000||2.000000000000000000
truncate_int|2.500000000000000000||2
round_int|2.500000000000000000||2
truncate_int64|2.500000000000000000||2
round_int64|2.500000000000000000||2
proto|2.500000000000000000||2500000000000000000
power|2.500000000000000000|3|15.625000000000000000
approx_sqrt|2.500000000000000000||1.581138830084189666
neg|-2.500000000000000000||2.500000000000000000
abs|-2.500000000000000000||2.500000000000000000
ceil|-2.500000000000000000||-2.000000000000000000
truncate_dec|-2.500000000000000000||-2.000000000000000000
truncate_int|-2.500000000000000000||-2
round_int|-2.500000000000000000||-2
truncate_int64|-2.500000000000000000||-2
round_int64|-2.500000000000000000||-2
proto|-2.500000000000000000||-2500000000000000000
power|-2.500000000000000000|3|-15.625000000000000000
approx_sqrt|-2.500000000000000000||-1.581138830084189666
neg|0.499999999999999999||-0.499999999999999999
abs|0.499999999999999999||0.499999999999999999
ceil|0.499999999999999999||1.000000000000000000
truncate_dec|0.499999999999999999||0.000000000000000000
truncate_int|0.499999999999999999||0
round_int|0.499999999999999999||0
truncate_int64|0.499999999999999999||0
round_int64|0.499999999999999999||0
proto|0.499999999999999999||499999999999999999
power|0.499999999999999999|3|0.124999999999999999
approx_sqrt|0.499999999999999999||0.707106781186547524
neg|0.500000000000000001||-0.500000000000000001
abs|0.500000000000000001||0.500000000000000001
ceil|0.500000000000000001||1.000000000000000000
truncate_dec|0.500000000000000001||0.000000000000000000
truncate_int|0.500000000000000001||0
round_int|0.500000000000000001||1
truncate_int64|0.500000000000000001||0
round_int64|0.500000000000000001||1
proto|0.500000000000000001||500000000000000001
power|0.500000000000000001|3|0.125000000000000001
approx_sqrt|0.500000000000000001||0.707106781186547525
neg|-3.700000000000000000||3.700000000000000000
abs|-3.700000000000000000||3.700000000000000000
ceil|-3.700000000000000000||-3.000000000000000000
truncate_dec|-3.700000000000000000||-3.000000000000000000
truncate_int|-3.700000000000000000||-3
round_int|-3.700000000000000000||-4
truncate_int64|-3.700000000000000000||-3
round_int64|-3.700000000000000000||-4
proto|-3.700000000000000000||-3700000000000000000
power|-3.700000000000000000|3|-50.653000000000000000
approx_sqrt|-3.700000000000000000||-1.923538406167134475
neg|2.000000000000000000||-2.000000000000000000
abs|2.000000000000000000||2.000000000000000000
ceil|2.000000000000000000||2.000000000000000000
truncate_dec|2.000000000000000000||2.000000000000000000
truncate_int|2.000000000000000000||2
round_int|2.000000000000000000||2
truncate_int64|2.000000000000000000||2
round_int64|2.000000000000000000||2
proto|2.000000000000000000||2000000000000000000
power|2.000000000000000000|3|8.000000000000000000
approx_sqrt|2.000000000000000000||1.414213562373095049
neg|0.040000000000000000||-0.040000000000000000
abs|0.040000000000000000||0.040000000000000000
ceil|0.040000000000000000||1.000000000000000000
truncate_dec|0.040000000000000000||0.000000000000000000
truncate_int|0.040000000000000000||0
round_int|0.040000000000000000||0
truncate_int64|0.040000000000000000||0
round_int64|0.040000000000000000||0
proto|0.040000000000000000||40000000000000000
power|0.040000000000000000|3|0.000064000000000000
approx_sqrt|0.040000000000000000||0.200000000000000000
neg|1000000.000000000000000001||-1000000.000000000000000001
abs|1000000.000000000000000001||1000000.000000000000000001
ceil|1000000.000000000000000001||1000001.000000000000000000
truncate_dec|1000000.000000000000000001||1000000.000000000000000000
truncate_int|1000000.000000000000000001||1000000
round_int|1000000.000000000000000001||1000000
truncate_int64|1000000.000000000000000001||1000000
round_int64|1000000.000000000000000001||1000000
proto|1000000.000000000000000001||1000000000000000000000001
power|1000000.000000000000000001|3|1000000000000000000.000003000000000000
approx_sqrt|1000000.000000000000000001||1000.000000000000000000
neg|9223372036854775807.500000000000000000||-9223372036854775807.500000000000000000
abs|9223372036854775807.500000000000000000||9223372036854775807.500000000000000000
ceil|9223372036854775807.500000000000000000||9223372036854775808.000000000000000000
truncate_dec|9223372036854775807.500000000000000000||9223372036854775807.000000000000000000
truncate_int|9223372036854775807.500000000000000000||9223372036854775807
round_int|9223372036854775807.500000000000000000||9223372036854775808
truncate_int64|9223372036854775807.500000000000000000||9223372036854775807
round_int64|9223372036854775807.500000000000000000||panic
proto|9223372036854775807.500000000000000000||9223372036854775807500000000000000000
power|9223372036854775807.500000000000000000|3|784637716923335095351867790305606378220946481798732316671.875000000000000000
approx_sqrt|9223372036854775807.500000000000000000||3037000499.976049692369070467
neg|9223372036854775808.000000000000000000||-9223372036854775808.000000000000000000
abs|9223372036854775808.000000000000000000||9223372036854775808.000000000000000000
ceil|9223372036854775808.000000000000000000||9223372036854775808.000000000000000000
truncate_dec|9223372036854775808.000000000000000000||9223372036854775808.000000000000000000
truncate_int|9223372036854775808.000000000000000000||9223372036854775808
round_int|9223372036854775808.000000000000000000||9223372036854775808
truncate_int64|9223372036854775808.000000000000000000||panic
round_int64|9223372036854775808.000000000000000000||panic
proto|9223372036854775808.000000000000000000||9223372036854775808000000000000000000
power|9223372036854775808.000000000000000000|3|784637716923335095479473677900958302012794430558004314112.000000000000000000
approx_sqrt|9223372036854775808.000000000000000000||3037000499.976049692451388530
neg|-9223372036854775808.400000000000000000||9223372036854775808.400000000000000000
abs|-9223372036854775808.400000000000000000||9223372036854775808.400000000000000000
ceil|-9223372036854775808.400000000000000000||-9223372036854775808.000000000000000000
truncate_dec|-9223372036854775808.400000000000000000||-9223372036854775808.000000000000000000
truncate_int|-9223372036854775808.400000000000000000||-9223372036854775808
round_int|-9223372036854775808.400000000000000000||-9223372036854775808
truncate_int64|-9223372036854775808.400000000000000000||-9223372036854775808
round_int64|-9223372036854775808.400000000000000000||-9223372036854775808
proto|-9223372036854775808.400000000000000000||-9223372036854775808400000000000000000
power|-9223372036854775808.400000000000000000|3|-784637716923335095581558387977239841056234031365225069936.704000000000000000
approx_sqrt|-9223372036854775808.400000000000000000||-3037000499.976049692517242981
neg|-9223372036854775808.500000000000000000||9223372036854775808.500000000000000000
abs|-9223372036854775808.500000000000000000||9223372036854775808.500000000000000000
ceil|-9223372036854775808.500000000000000000||-9223372036854775808.000000000000000000
truncate_dec|-9223372036854775808.500000000000000000||-9223372036854775808.000000000000000000
truncate_int|-9223372036854775808.500000000000000000||-9223372036854775808
round_int|-9223372036854775808.500000000000000000||-9223372036854775808
truncate_int64|-9223372036854775808.500000000000000000||-9223372036854775808
round_int64|-9223372036854775808.500000000000000000||-9223372036854775808
proto|-9223372036854775808.500000000000000000||-9223372036854775808500000000000000000
power|-9223372036854775808.500000000000000000|3|-784637716923335095607079565496310225818477437372558475264.125000000000000000
approx_sqrt|-9223372036854775808.500000000000000000||-3037000499.976049692533706594
neg|115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000||-115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000
abs|115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000||115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000
ceil|115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000||panic
truncate_dec|115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000||115792089237316195423570985008687907853269984665640564039457584007913129639935.000000000000000000
truncate_int|115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000||115792089237316195423570985008687907853269984665640564039457584007913129639935
round_int|115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000||panic
truncate_int64|115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000||panic
round_int64|115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000||panic
proto|115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000||115792089237316195423570985008687907853269984665640564039457584007913129639935500000000000000000
power|115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000|3|panic
approx_sqrt|115792089237316195423570985008687907853269984665640564039457584007913129639935.500000000000000000||340282366920938463463374607431768211456.000000000000000000
neg|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999||-115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999
abs|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999||115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999
ceil|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999||panic
truncate_dec|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999||115792089237316195423570985008687907853269984665640564039457584007913129639935.000000000000000000
truncate_int|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999||115792089237316195423570985008687907853269984665640564039457584007913129639935
round_int|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999||115792089237316195423570985008687907853269984665640564039457584007913129639935
truncate_int64|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999||panic
round_int64|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999||panic
proto|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999||115792089237316195423570985008687907853269984665640564039457584007913129639935499999999999999999
power|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999|3|panic
approx_sqrt|115792089237316195423570985008687907853269984665640564039457584007913129639935.499999999999999999||340282366920938463463374607431768211456.000000000000000000
neg|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
abs|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
ceil|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||panic
truncate_dec|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||115792089237316195423570985008687907853269984665640564039457584007913129639935.000000000000000000
truncate_int|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||115792089237316195423570985008687907853269984665640564039457584007913129639935
round_int|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||panic
truncate_int64|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||panic
round_int64|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||panic
proto|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||115792089237316195423570985008687907853269984665640564039457584007913129639935999999999999999999
power|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|3|panic
approx_sqrt|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||340282366920938463463374607431768211456.000000000000000000
neg|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
abs|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
ceil|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||-115792089237316195423570985008687907853269984665640564039457584007913129639935.000000000000000000
truncate_dec|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||-115792089237316195423570985008687907853269984665640564039457584007913129639935.000000000000000000
truncate_int|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||-115792089237316195423570985008687907853269984665640564039457584007913129639935
round_int|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||panic
truncate_int64|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||panic
round_int64|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||panic
proto|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||-115792089237316195423570985008687907853269984665640564039457584007913129639935999999999999999999
power|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|3|panic
approx_sqrt|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999||-340282366920938463463374607431768211456.000000000000000000
approx_root|2.000000000000000000|2|1.414213562373095049
approx_root|3.000000000000000000|3|1.442249570307408383
approx_root|0.000000000000000001|2|0.000000001000000000
approx_root|1000000.000000000000000000|6|10.000000000000000000
approx_root|-27.000000000000000000|3|-3.000000000000000000
approx_root|-4.000000000000000000|2|-2.000000000000000000
approx_root|16.000000000000000000|4|2.000000000000000000
approx_root|0.500000000000000000|7|0.905723664263906672
approx_root|5.000000000000000000|0|1.000000000000000000
approx_root|5.000000000000000000|1|5.000000000000000000
approx_root|2.000000000000000000|9223372036854775808|1.000000000000000000
mul_int|1.500000000000000000|3|4.500000000000000000
quo_int|1.500000000000000000|3|0.500000000000000000
mul_int|-1.500000000000000000|3|-4.500000000000000000
quo_int|-1.500000000000000000|3|-0.500000000000000000
mul_int|0.000000000000000007|2|0.000000000000000014
quo_int|0.000000000000000007|2|0.000000000000000003
mul_int|-0.000000000000000007|2|-0.000000000000000014
quo_int|-0.000000000000000007|2|-0.000000000000000003
mul_int|2.500000000000000000|0|0.000000000000000000
quo_int|2.500000000000000000|0|panic
mul_int|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|2|panic
quo_int|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|2|57896044618658097711785492504343953926634992332820282019728792003956564819967.999999999999999999
mul_int|1.000000000000000000|115792089237316195423570985008687907853269984665640564039457584007913129639935|115792089237316195423570985008687907853269984665640564039457584007913129639935.000000000000000000
quo_int|1.000000000000000000|115792089237316195423570985008687907853269984665640564039457584007913129639935|0.000000000000000000
mul_int|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|115792089237316195423570985008687907853269984665640564039457584007913129639935|panic
quo_int|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|115792089237316195423570985008687907853269984665640564039457584007913129639935|1.000000000000000000
mul_int64|1.500000000000000000|-3|-4.500000000000000000
quo_int64|1.500000000000000000|-3|-0.500000000000000000
mul_int64|-0.000000000000000007|-2|0.000000000000000014
quo_int64|-0.000000000000000007|-2|0.000000000000000003
mul_int64|2.500000000000000000|0|0.000000000000000000
quo_int64|2.500000000000000000|0|panic
mul_int64|1.000000000000000000|-9223372036854775808|-9223372036854775808.000000000000000000
quo_int64|1.000000000000000000|-9223372036854775808|0.000000000000000000
mul_int64|-1.000000000000000000|-9223372036854775808|9223372036854775808.000000000000000000
quo_int64|-1.000000000000000000|-9223372036854775808|0.000000000000000000
mul_int64|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-1|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
quo_int64|115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999|-1|-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
parse|""||error
parse|"-"||error
parse|"+"||0.000000000000000000
parse|"--"||0.000000000000000000
parse|"-+"||0.000000000000000000
parse|"+-"||error
parse|"++"||error
parse|"0"||0.000000000000000000
parse|"-0"||0.000000000000000000
parse|"--0"||0.000000000000000000
parse|"+0"||0.000000000000000000
parse|"0.0"||0.000000000000000000
parse|"-0.0"||0.000000000000000000
parse|"1"||1.000000000000000000
parse|"-1"||-1.000000000000000000
parse|"+1"||1.000000000000000000
parse|"--1"||1.000000000000000000
parse|"-+1"||-1.000000000000000000
parse|"+-1"||error
parse|"---1"||error
parse|"1.5"||1.500000000000000000
parse|"-1.5"||-1.500000000000000000
parse|"+1.5"||1.500000000000000000
parse|"--1.5"||1.500000000000000000
parse|".5"||error
parse|"-.5"||error
parse|"+.5"||0.500000000000000000
parse|"-+.5"||-0.500000000000000000
parse|"--.5"||0.500000000000000000
parse|"1."||error
parse|"-1."||error
parse|"+."||error
parse|"."||error
parse|"-."||error
parse|"1..5"||error
parse|"1.5."||error
parse|"1.2.3"||error
parse|"0.123456789012345678"||0.123456789012345678
parse|"0.1234567890123456789"||error
parse|"1.000000000000000000"||1.000000000000000000
parse|"1.0000000000000000000"||error
parse|"00001.10000"||1.100000000000000000
parse|"007"||7.000000000000000000
parse|" 1"||error
parse|"1 "||error
parse|"1_000"||error
parse|"1e3"||error
parse|"0x10"||error
parse|"1,5"||error
parse|"1.-5"||error
parse|"1.+5"||error
parse|"1.5-"||error
parse|"١"||error
parse|"123456789012345678901234567890"||123456789012345678901234567890.000000000000000000
parse|"-123456789012345678901234567890.123456789012345678"||-123456789012345678901234567890.123456789012345678
parse|"115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999"||115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
parse|"115792089237316195423570985008687907853269984665640564039457584007913129639936"||error
parse|"-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999"||-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
parse|"-115792089237316195423570985008687907853269984665640564039457584007913129639936"||error
parse|"000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"||1.000000000000000000
parse|"+115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999"||115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
parse|"--115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999"||115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
unmarshal|""||nil
unmarshal|"0"||0.000000000000000000
unmarshal|"-0"||0.000000000000000000
unmarshal|"+0"||0.000000000000000000
unmarshal|"1"||0.000000000000000001
unmarshal|"-1"||-0.000000000000000001
unmarshal|"+1"||0.000000000000000001
unmarshal|"50000000000000000"||0.050000000000000000
unmarshal|"010"||0.000000000000000008
unmarshal|"08"||error
unmarshal|"00"||0.000000000000000000
unmarshal|"0_7"||0.000000000000000007
unmarshal|"0_"||error
unmarshal|"_1"||error
unmarshal|"1_"||error
unmarshal|"1__0"||error
unmarshal|"1_000"||0.000000000000001000
unmarshal|"0x10"||0.000000000000000016
unmarshal|"0X1f"||0.000000000000000031
unmarshal|"0x"||error
unmarshal|"0x_1"||0.000000000000000001
unmarshal|"0b101"||0.000000000000000005
unmarshal|"0B2"||error
unmarshal|"0o17"||0.000000000000000015
unmarshal|"0O8"||error
unmarshal|"0o"||error
unmarshal|"-0x10"||-0.000000000000000016
unmarshal|"+-1"||error
unmarshal|"--1"||error
unmarshal|" 1"||error
unmarshal|"1 "||error
unmarshal|"1e3"||error
unmarshal|"1.0"||error
unmarshal|"abc"||error
unmarshal|"0xg"||error
unmarshal|"-"||error
unmarshal|"+"||error
unmarshal|"115792089237316195423570985008687907853269984665640564039457584007913129639935999999999999999999"||115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
unmarshal|"115792089237316195423570985008687907853269984665640564039457584007913129639936000000000000000000"||error
unmarshal|"-115792089237316195423570985008687907853269984665640564039457584007913129639935999999999999999999"||-115792089237316195423570985008687907853269984665640564039457584007913129639935.999999999999999999
unmarshal|"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"||error
unmarshal|"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"||error
"#;

    /// Per-operation SHA-256 digests from `cosmossdk.io/math` v1.4.0 over cases drawn from the
    /// splitmix64 stream in [`SplitMix`] (seed [`BULK_SEED`], 20,000 rounds; approx_root
    /// [`ROOT_SEED`], 2,000), each line `args… result` with decimals as atoms; see
    /// [`bulk_lines`] for the exact draws and formats, which the Go generator mirrors.
    const GO_DIGESTS: &[(&str, usize, &str)] = &[
        ("abs", 20000, "d68da37e71dd6c4993b073fe882fb1e552bd1d0175d5e2b23d1e27ef3eea0322"),
        ("add", 20000, "1e677a32177ca24430682b2d0b7a21de99a5e646e9814776fe677673c0127e3d"),
        ("ceil", 20000, "6caa3703343c7c3c14170268a9625c4eaef85a6dacdebb9cd91e47ad6753aa9a"),
        ("cmp", 20000, "298869e4ae00cc37d9df369e23e1786cfbb0568ac8098938047489fa5575cb66"),
        ("inputs", 20000, "4327052199859a1ab723b5667f1a8563b621f3d7c3532d61322afee10be88f2d"),
        ("is_integer", 20000, "b2675f6e61278c6969534670ba143d37aaea1d51970699bd7fb6747a013f7a7b"),
        ("json", 20000, "786c7753bc3cf2517682e7050192ed1e1dcfeed452be72795ee3a09a17595fde"),
        ("min_max", 20000, "0409d816621293045a813db0dd85b11ec760e34a50f1c709ed9687c98eab0d6f"),
        ("mul", 20000, "a01a9b9fcbe540434cea1f00935eb3e5bce78a3ad01961ec606ac938bb5caa7a"),
        ("mul_int", 20000, "707a0e4467b420599c9f31c85ac2022f82baaa4a2b477d4db80871a1cbdd6ea3"),
        ("mul_int64", 20000, "e7ab9de325ac7b066a1c5e168467469c8c80ea3de8fd20f3191fcadfa1b2af8f"),
        ("mul_round_up", 20000, "3c81a662adfbcc8d112c04bebd1dae09cd9699ec519e07f8263b8194e468e178"),
        ("mul_truncate", 20000, "e77af2213d573fbae4fbc4844ef22c910bd3fb4f34836323850be0fdabaa1a41"),
        ("neg", 20000, "34e165a8882ef975ff919e544fccafbb5f03739da2b96500dcb839d7d353a90f"),
        ("new_with_prec", 20000, "e4f145722056be71e1230ea2a6e5da44dbaf6e5acd2d65de83c6f93d4ef9ff63"),
        ("parse_digits", 20000, "d2ce08982c3ad8be5ed956c45865a7fc514782d48c480143a4117b3b13c77868"),
        ("parse_fuzz", 20000, "6f04264c7ac135d770ddc027abaeff841f6586e96fccec82b9b7aaa841275c21"),
        ("power", 20000, "730dc35885b49f2bcdd39df094b9426b6ccd974a5d036480c117f2e2b5c93056"),
        ("predicates", 20000, "88d7f8ebe1490cd30b306b369a8c3cb38c15ce266a9f78abf8e3ea01eb53be47"),
        ("proto", 20000, "f93b79185a5494a2c6332a48fc20420eebc1e2aea930733aea21210754756409"),
        ("proto_fuzz", 20000, "bcb2ecc9b55708bf63fce081f552dfef764674aadadc51b123937f82055f619a"),
        ("quo", 20000, "423388ef2748e25744edd0d79d9eae15a996bd284611206e8a98ed5903885952"),
        ("quo_int", 20000, "571ff67f978f9124e46d7df5405e1178bc897875c9ae6518a149f6b5fcce9cc3"),
        ("quo_int64", 20000, "d0a73065b1b10ecd916838e60d2beb4f1cb1de8ee24cd1d32471526822fbf299"),
        ("quo_round_up", 20000, "c206bd718330b8f791af5ecf7d65a51eacf40f3b17d9b335d00760e60d5af15e"),
        ("quo_truncate", 20000, "f156514ebb8b2bef8812003eebf2a1ccb224bfb596fd81af5e7d93992cedc38d"),
        ("round_int", 20000, "4522d53aff1fefc44de145886aad5e13ea28cab6565220bdf07a3b0a72ee89a3"),
        ("round_int64", 20000, "864c1550eeae172c871ec17bd69c937ac080b45de504d1e51104eb51f4bfd6fc"),
        ("string", 20000, "6f0587ff51df6d2b781e2f9f10f566f140fe3996cea19d6dc074044d58023736"),
        ("sub", 20000, "f711e6363f55dce66bbcba65984f98bf8269a7d892d0898dc5c7eabe32935955"),
        ("truncate_dec", 20000, "e070de3c5ddf29c9876e9d399d4c878d55c833ad999e67193e99f67ab7326d36"),
        ("truncate_int", 20000, "cb06d5ec430e253c9d4551e144dd67fb35e97abe7bbee7b181a24ca9272afdeb"),
        ("truncate_int64", 20000, "58500d22bbb499717387a509b36a65aa83f1ad6adc5f5c04dc684a0a76f5cdb4"),
        ("approx_root", 2000, "cb8a6243ed05f1d5d4cf48ae9a630982e12bf87a4c9059fc6a428accd90b9a86"),
    ];

    const BULK_SEED: u64 = 0x5EED_1E6A_C7DE_C000;
    const BULK_ROUNDS: usize = 20_000;
    const ROOT_SEED: u64 = 0x0123_4567_89AB_CDEF;
    const ROOT_ROUNDS: usize = 2_000;

    /// `"panic"` for an error, otherwise `f` of the value: the Go generator's `try`.
    fn or_panic<T>(result: Result<T, DecError>, f: impl FnOnce(T) -> String) -> String {
        result.map_or_else(|_| "panic".to_owned(), f)
    }

    /// The SDK's signed `TruncateInt`/`RoundInt` from the `Amount`-valued methods: negative
    /// values go through their absolute value (both roundings are symmetric around zero), and the
    /// direct call must then report [`DecError::Negative`] exactly when the result is negative.
    fn signed_int(d: LegacyDec, f: fn(LegacyDec) -> Result<Amount, DecError>) -> String {
        if !d.is_negative() {
            return or_panic(f(d), |a| a.to_string());
        }
        match f(d.abs()) {
            Ok(a) if a.is_zero() => {
                assert_eq!(f(d), Ok(Amount::ZERO), "{d}");
                "0".to_owned()
            }
            Ok(a) => {
                assert_eq!(f(d), Err(DecError::Negative), "{d}");
                format!("-{a}")
            }
            Err(e) => {
                assert_eq!(f(d), Err(e), "{d}");
                "panic".to_owned()
            }
        }
    }

    fn table_dec(s: &str) -> LegacyDec {
        dec(s)
    }

    fn go_unquote(s: &str) -> &str {
        s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or_else(|| panic!("not quoted: {s}"))
    }

    #[test]
    fn go_sdk_table() {
        let show = |r: Result<LegacyDec, DecError>| or_panic(r, |d| d.to_string());
        let show_or_error = |r: Result<LegacyDec, DecError>| r.map_or_else(|_| "error".to_owned(), |d| d.to_string());
        let mut checked = 0;
        for line in GO_TABLE.lines().filter(|l| !l.is_empty()) {
            let fields: Vec<&str> = line.split('|').collect();
            let [op, a, b, expected] = fields[..] else { panic!("bad table line {line}") };
            let got = match op {
                "parse" => show_or_error(go_unquote(a).parse::<LegacyDec>()),
                "unmarshal" => match LegacyDec::from_proto_string(go_unquote(a)) {
                    Ok(Some(d)) => d.to_string(),
                    Ok(None) => "nil".to_owned(),
                    Err(_) => "error".to_owned(),
                },
                _ => {
                    let x = table_dec(a);
                    match op {
                        "add" => show(x.checked_add(table_dec(b))),
                        "sub" => show(x.checked_sub(table_dec(b))),
                        "mul" => show(x.checked_mul(table_dec(b))),
                        "mul_truncate" => show(x.mul_truncate(table_dec(b))),
                        "mul_round_up" => show(x.mul_round_up(table_dec(b))),
                        "quo" => show(x.quo(table_dec(b))),
                        "quo_truncate" => show(x.quo_truncate(table_dec(b))),
                        "quo_round_up" => show(x.quo_round_up(table_dec(b))),
                        "neg" => (-x).to_string(),
                        "abs" => x.abs().to_string(),
                        "ceil" => show(x.ceil()),
                        "truncate_dec" => x.truncate_dec().to_string(),
                        "truncate_int" => signed_int(x, LegacyDec::truncate_int),
                        "round_int" => signed_int(x, LegacyDec::round_int),
                        "truncate_int64" => or_panic(x.truncate_int64(), |v| v.to_string()),
                        "round_int64" => or_panic(x.round_int64(), |v| v.to_string()),
                        "proto" => x.to_proto_string(),
                        "power" => show(x.power(b.parse().unwrap())),
                        "approx_sqrt" => show_or_error(x.approx_sqrt()),
                        "approx_root" => show_or_error(x.approx_root(b.parse().unwrap())),
                        "mul_int" => show(x.mul_int(amount(b))),
                        "quo_int" => show(x.quo_int(amount(b))),
                        "mul_int64" => show(x.mul_int64(b.parse().unwrap())),
                        "quo_int64" => show(x.quo_int64(b.parse().unwrap())),
                        _ => panic!("unknown op {op}"),
                    }
                }
            };
            assert_eq!(got, expected, "{line}");
            checked += 1;
        }
        assert_eq!(checked, 668);
    }

    /// splitmix64, the generator the Go program uses for its bulk cases.
    struct SplitMix(u64);

    impl SplitMix {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// Five random words, masked to `bits` (< 320) bits.
        fn random_bits(&mut self, bits: u64) -> U512 {
            let mut limbs = [0u64; 8];
            for limb in limbs.iter_mut().take(5) {
                *limb = self.next();
            }
            U512(limbs) & ((U512::one() << bits as usize) - 1)
        }

        fn dec(&mut self) -> LegacyDec {
            let magnitude = match self.next() % 10 {
                0 => U512::from(self.next() % 2000),
                1 => U512::from(self.next() % 1000) * PRECISION_U512,
                2 => U512::from(self.next() % 2000) * HALF_PRECISION_U512,
                3 => {
                    let bits = self.next() % 316;
                    self.random_bits(bits)
                }
                4 => {
                    let bits = self.next() % 129;
                    self.random_bits(bits)
                }
                5 => MAX_ATOMS - U512::from(self.next()),
                6 => {
                    let bits = 150 + self.next() % 21;
                    self.random_bits(bits)
                }
                7 => U512::from(self.next() % ONE_ATOMS),
                8 => {
                    let bits = 60 + self.next() % 41;
                    self.random_bits(bits)
                }
                _ => U512::exp10((self.next() % 96) as usize),
            };
            let negative = self.next() & 1 == 1;
            assert!(magnitude <= MAX_ATOMS);
            LegacyDec::from_parts(negative, magnitude)
        }

        fn amount(&mut self) -> Amount {
            let value = match self.next() % 4 {
                0 => U512::from(self.next() % 1000),
                1 => {
                    let bits = self.next() % 257;
                    self.random_bits(bits)
                }
                2 => U512::zero(),
                _ => ((U512::one() << 256) - 1) - U512::from(self.next() % 1000),
            };
            u512_to_amount(value).unwrap()
        }

        fn i64(&mut self) -> i64 {
            match self.next() % 4 {
                0 => (self.next() % 21) as i64 - 10,
                1 => self.next() as i64,
                2 => [0, 1, -1, i64::MIN, i64::MAX][(self.next() % 5) as usize],
                _ => (self.next() % 4_294_967_296) as i64 - 2_147_483_648,
            }
        }

        fn fuzz_string(&mut self, alphabet: &[u8], max_len: u64) -> String {
            let n = self.next() % max_len;
            (0..n).map(|_| char::from(alphabet[(self.next() % alphabet.len() as u64) as usize])).collect()
        }

        fn digits(&mut self, n: u64) -> String {
            (0..n).map(|_| char::from(b'0' + (self.next() % 10) as u8)).collect()
        }

        fn dec_string(&mut self) -> String {
            let mut s = String::new();
            if self.next() % 2 == 1 {
                s.push('-');
            }
            let n = self.next() % 100;
            s += &self.digits(n);
            if self.next() % 2 == 1 {
                s.push('.');
                let n = self.next() % 21;
                s += &self.digits(n);
            }
            s
        }
    }

    const DEC_ALPHABET: &[u8] = b"01234567890123456789000.-+._ e";
    const PROTO_ALPHABET: &[u8] = b"0123456789012345678900abcdefxXoObB_+-. 9zZ";

    /// Lines per operation, hashed as they come.
    #[derive(Default)]
    struct Digests(BTreeMap<&'static str, (usize, Sha256)>);

    impl Digests {
        fn add(&mut self, op: &'static str, fields: &[&str]) {
            let (count, hasher) = self.0.entry(op).or_default();
            *count += 1;
            hasher.update(fields.join(" ").as_bytes());
            hasher.update(b"\n");
        }

        fn finish(self) -> BTreeMap<&'static str, (usize, String)> {
            self.0
                .into_iter()
                .map(|(op, (count, hasher))| {
                    let hex: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
                    (op, (count, hex))
                })
                .collect()
        }
    }

    fn quoted(s: &str) -> String {
        // Go's %q; the alphabets hold only printable ASCII without quotes or backslashes.
        format!("\"{s}\"")
    }

    fn atoms_or_panic(r: Result<LegacyDec, DecError>) -> String {
        or_panic(r, |d| d.to_proto_string())
    }

    fn parse_result(s: &str) -> String {
        s.parse::<LegacyDec>().map_or_else(|_| "error".to_owned(), |d| d.to_proto_string())
    }

    fn unmarshal_result(s: &str) -> String {
        match LegacyDec::from_proto_string(s) {
            Ok(Some(d)) => d.to_proto_string(),
            Ok(None) => "nil".to_owned(),
            Err(_) => "error".to_owned(),
        }
    }

    /// The Go generator's `bulk` loop, draw for draw.
    fn bulk_lines(digests: &mut Digests) {
        let mut r = SplitMix(BULK_SEED);
        for _ in 0..BULK_ROUNDS {
            let (a, b) = (r.dec(), r.dec());
            let (sa, sb) = (a.to_proto_string(), b.to_proto_string());
            let (sa, sb) = (sa.as_str(), sb.as_str());
            digests.add("inputs", &[sa, sb]);
            digests.add("add", &[sa, sb, &atoms_or_panic(a.checked_add(b))]);
            digests.add("sub", &[sa, sb, &atoms_or_panic(a.checked_sub(b))]);
            digests.add("mul", &[sa, sb, &atoms_or_panic(a.checked_mul(b))]);
            digests.add("mul_truncate", &[sa, sb, &atoms_or_panic(a.mul_truncate(b))]);
            digests.add("mul_round_up", &[sa, sb, &atoms_or_panic(a.mul_round_up(b))]);
            digests.add("quo", &[sa, sb, &atoms_or_panic(a.quo(b))]);
            digests.add("quo_truncate", &[sa, sb, &atoms_or_panic(a.quo_truncate(b))]);
            digests.add("quo_round_up", &[sa, sb, &atoms_or_panic(a.quo_round_up(b))]);
            let cmp = match a.cmp(&b) {
                Ordering::Less => "-1",
                Ordering::Equal => "0",
                Ordering::Greater => "1",
            };
            digests.add("cmp", &[sa, sb, cmp]);
            digests.add("min_max", &[sa, sb, &a.min(b).to_proto_string(), &a.max(b).to_proto_string()]);

            let amt = r.amount();
            let s_amt = amt.to_string();
            digests.add("mul_int", &[sa, &s_amt, &atoms_or_panic(a.mul_int(amt))]);
            digests.add("quo_int", &[sa, &s_amt, &atoms_or_panic(a.quo_int(amt))]);
            let k = r.i64();
            let sk = k.to_string();
            digests.add("mul_int64", &[sa, &sk, &atoms_or_panic(a.mul_int64(k))]);
            digests.add("quo_int64", &[sa, &sk, &atoms_or_panic(a.quo_int64(k))]);

            let mut p = r.next() % 20;
            if r.next().is_multiple_of(10) {
                p = r.next();
            }
            digests.add("power", &[sa, &p.to_string(), &atoms_or_panic(a.power(p))]);

            digests.add("neg", &[sa, &(-a).to_proto_string()]);
            digests.add("abs", &[sa, &a.abs().to_proto_string()]);
            digests.add("ceil", &[sa, &atoms_or_panic(a.ceil())]);
            digests.add("truncate_dec", &[sa, &a.truncate_dec().to_proto_string()]);
            digests.add("is_integer", &[sa, &a.is_integer().to_string()]);
            digests.add("truncate_int", &[sa, &signed_int(a, LegacyDec::truncate_int)]);
            digests.add("round_int", &[sa, &signed_int(a, LegacyDec::round_int)]);
            digests.add("truncate_int64", &[sa, &or_panic(a.truncate_int64(), |v| v.to_string())]);
            digests.add("round_int64", &[sa, &or_panic(a.round_int64(), |v| v.to_string())]);
            digests.add("string", &[sa, &a.to_string()]);
            digests.add("json", &[sa, &serde_json::to_string(&a).unwrap()]);
            digests.add("proto", &[sa, &a.to_proto_string()]);
            let predicates = format!("{} {} {}", a.is_zero(), a.is_negative(), a.is_positive());
            digests.add("predicates", &[sa, &predicates]);

            let prec = r.next() % 21;
            let v = r.i64();
            let with_prec = LegacyDec::new_with_prec(v, prec as u32);
            digests.add("new_with_prec", &[&v.to_string(), &prec.to_string(), &atoms_or_panic(with_prec)]);

            let s1 = r.fuzz_string(DEC_ALPHABET, 24);
            digests.add("parse_fuzz", &[&quoted(&s1), &parse_result(&s1)]);
            let s2 = r.dec_string();
            digests.add("parse_digits", &[&s2, &parse_result(&s2)]);
            let s3 = r.fuzz_string(PROTO_ALPHABET, 16);
            digests.add("proto_fuzz", &[&quoted(&s3), &unmarshal_result(&s3)]);
        }
    }

    /// The Go generator's `bulkRoots` loop.
    fn root_lines(digests: &mut Digests) {
        let mut r = SplitMix(ROOT_SEED);
        for _ in 0..ROOT_ROUNDS {
            let a = r.dec();
            let mut root = r.next() % 8;
            if r.next().is_multiple_of(16) {
                root = r.next();
            }
            let result = a.approx_root(root).map_or_else(|_| "error".to_owned(), |d| d.to_proto_string());
            digests.add("approx_root", &[&a.to_proto_string(), &root.to_string(), &result]);
        }
    }

    #[test]
    fn go_sdk_bulk_digests() {
        let mut digests = Digests::default();
        bulk_lines(&mut digests);
        let ours = digests.finish();
        let mut mismatched = Vec::new();
        for &(op, count, hex) in GO_DIGESTS.iter().filter(|(op, _, _)| *op != "approx_root") {
            match ours.get(op) {
                Some((c, h)) if *c == count && h == hex => {}
                other => mismatched.push(format!("{op}: Go {count} {hex}, ours {other:?}")),
            }
        }
        assert_eq!(ours.len(), GO_DIGESTS.len() - 1, "operations: {:?}", ours.keys());
        assert!(mismatched.is_empty(), "differs from the Go SDK:\n{}", mismatched.join("\n"));
    }

    #[test]
    fn go_sdk_approx_root_digest() {
        let mut digests = Digests::default();
        root_lines(&mut digests);
        let ours = digests.finish();
        let expected = GO_DIGESTS.iter().find(|(op, _, _)| *op == "approx_root").unwrap();
        assert_eq!(ours.get("approx_root"), Some(&(expected.1, expected.2.to_owned())));
    }

    // ---- property tests against a num-bigint transcription of dec.go ----
    //
    // `reference` below is dec.go's big.Int arithmetic written out with num-bigint, whose `/` and
    // `%` on `BigInt` truncate toward zero with the dividend's sign, as Go's `Quo`/`Rem`/`QuoRem`.
    // A reference result of `None` is an SDK panic (out of range, division by zero).

    fn to_big(d: LegacyDec) -> BigInt {
        let bytes: Vec<u8> = d.magnitude.0.iter().flat_map(|limb| limb.to_le_bytes()).collect();
        let sign = if d.negative { Sign::Minus } else { Sign::Plus };
        BigInt::from_bytes_le(sign, &bytes)
    }

    /// A reference value as a `LegacyDec`, `None` if it is out of range.
    fn from_big(b: &BigInt) -> Option<LegacyDec> {
        let (sign, digits) = b.to_u64_digits();
        if digits.len() > 8 {
            return None;
        }
        let mut limbs = [0u64; 8];
        limbs[..digits.len()].copy_from_slice(&digits);
        LegacyDec::checked(sign == Sign::Minus, U512(limbs)).ok()
    }

    fn amount_to_big(a: Amount) -> BigInt {
        BigInt::parse_bytes(a.to_string().as_bytes(), 10).unwrap()
    }

    mod reference {
        use super::*;

        pub fn precision() -> BigInt {
            BigInt::from(ONE_ATOMS)
        }

        pub fn max() -> BigInt {
            (BigInt::from(1) << 256u32) * precision() - 1
        }

        /// `assertInValidRange`.
        pub fn in_range(x: BigInt) -> Option<BigInt> {
            (x.magnitude() <= max().magnitude()).then_some(x)
        }

        pub fn chop_precision_and_round(d: &BigInt) -> BigInt {
            if d.sign() == Sign::Minus {
                return -chop_precision_and_round(&-d);
            }
            let (quo, rem) = (d / precision(), d % precision());
            if rem == BigInt::ZERO {
                return quo;
            }
            match rem.cmp(&(precision() / 2)) {
                Ordering::Less => quo,
                Ordering::Greater => quo + 1,
                Ordering::Equal => {
                    if quo.bit(0) {
                        quo + 1
                    } else {
                        quo
                    }
                }
            }
        }

        pub fn chop_precision_and_round_up(d: &BigInt) -> BigInt {
            if d.sign() == Sign::Minus {
                return -((-d) / precision());
            }
            let (quo, rem) = (d / precision(), d % precision());
            if rem == BigInt::ZERO {
                quo
            } else {
                quo + 1
            }
        }

        pub fn mul(a: &BigInt, b: &BigInt) -> Option<BigInt> {
            in_range(chop_precision_and_round(&(a * b)))
        }

        pub fn mul_truncate(a: &BigInt, b: &BigInt) -> Option<BigInt> {
            in_range(a * b / precision())
        }

        pub fn mul_round_up(a: &BigInt, b: &BigInt) -> Option<BigInt> {
            in_range(chop_precision_and_round_up(&(a * b)))
        }

        pub fn quo(a: &BigInt, b: &BigInt) -> Option<BigInt> {
            if *b == BigInt::ZERO {
                return None;
            }
            in_range(chop_precision_and_round(&(a * precision() * precision() / b)))
        }

        pub fn quo_truncate(a: &BigInt, b: &BigInt) -> Option<BigInt> {
            if *b == BigInt::ZERO {
                return None;
            }
            in_range(a * precision() / b)
        }

        /// `QuoRoundupMut`, including its test of the sign of `d` *after* `d.i` became the
        /// quotient.
        pub fn quo_round_up(a: &BigInt, b: &BigInt) -> Option<BigInt> {
            if *b == BigInt::ZERO {
                return None;
            }
            let scaled = a * precision();
            let (mut quo, rem) = (&scaled / b, &scaled % b);
            let d_negative = quo.sign() == Sign::Minus;
            let b_negative = b.sign() == Sign::Minus;
            let rem_sign = rem.sign();
            if rem_sign == Sign::Plus && d_negative == b_negative || rem_sign == Sign::Minus && d_negative != b_negative
            {
                quo += 1;
            }
            in_range(quo)
        }

        pub fn power(a: &BigInt, power: u64) -> Option<BigInt> {
            if power == 0 {
                return Some(precision());
            }
            let mut d = a.clone();
            let mut tmp = precision();
            let mut i = power;
            while i > 1 {
                if !i.is_multiple_of(2) {
                    tmp = mul(&tmp, &d)?;
                }
                i /= 2;
                d = mul(&d, &d)?;
            }
            mul(&d, &tmp)
        }

        pub fn approx_root(d: &BigInt, root: u64) -> Option<BigInt> {
            if root == 0 {
                return Some(precision());
            }
            if d.sign() == Sign::Minus {
                return approx_root(&-d, root).map(|r| -r);
            }
            if root == 1 || *d == BigInt::ZERO || *d == precision() {
                return Some(d.clone());
            }
            let mut guess = precision();
            for _ in 0..300 {
                let mut prev = power(&guess, root - 1)?;
                if prev == BigInt::ZERO {
                    prev = BigInt::from(1);
                }
                let mut delta = quo(d, &prev)?;
                delta = in_range(delta - &guess)?;
                delta /= BigInt::from(root as i64);
                guess = in_range(guess + &delta)?;
                if delta.magnitude() <= BigInt::from(1).magnitude() {
                    break;
                }
            }
            Some(guess)
        }

        pub fn ceil(a: &BigInt) -> Option<BigInt> {
            let (quo, rem) = (a / precision(), a % precision());
            let quo = if rem.sign() == Sign::Plus { quo + 1 } else { quo };
            in_range(quo * precision())
        }

        /// `NewIntFromBigIntMut`: `None` past 256 bits.
        pub fn int(i: BigInt) -> Option<BigInt> {
            (i.bits() <= 256).then_some(i)
        }

        /// Go's `big.Int` text (`String`): digits, `-` for negatives.
        pub fn sdk_string(a: &BigInt) -> String {
            let digits = a.magnitude().to_string();
            let padded = format!("{digits:0>19}");
            let (int, frac) = padded.split_at(padded.len() - 18);
            let sign = if a.sign() == Sign::Minus { "-" } else { "" };
            format!("{sign}{int}.{frac}")
        }

        /// `LegacyNewDecFromStr`, transcribed: strip one '-', split on '.', then big.Int's
        /// `SetString(_, 10)` (one optional sign, then one or more ASCII digits).
        pub fn parse(input: &str) -> Option<BigInt> {
            let (neg, s) = match input.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, input),
            };
            if s.is_empty() {
                return None;
            }
            let strs: Vec<&str> = s.split('.').collect();
            let mut len_decs = 0;
            let mut combined = strs[0].to_owned();
            if strs.len() == 2 {
                len_decs = strs[1].len();
                if len_decs == 0 || combined.is_empty() {
                    return None;
                }
                combined += strs[1];
            } else if strs.len() > 2 {
                return None;
            }
            if len_decs > 18 {
                return None;
            }
            combined += &"0".repeat(18 - len_decs);
            let (set_neg, digits) = match combined.as_bytes()[0] {
                b'-' => (true, &combined[1..]),
                b'+' => (false, &combined[1..]),
                _ => (false, &combined[..]),
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let value = BigInt::parse_bytes(digits.as_bytes(), 10)?;
            let value = if set_neg { -value } else { value };
            in_range(if neg { -value } else { value })
        }
    }

    fn pow2(bits: usize) -> U512 {
        U512::one() << bits
    }

    /// Decimals across the range, weighted toward where rounding and range checks live: random
    /// magnitudes of any bit length up to 316 (reduced into range), small atom counts, half-unit
    /// multiples (ties), whole numbers, values near ±MAX and near the square root of MAX (where
    /// products cross the range), powers of ten.
    fn any_dec() -> impl Strategy<Value = LegacyDec> {
        let magnitude = prop_oneof![
            4 => (any::<[u64; 5]>(), 0..=316usize).prop_map(|(w, bits)| {
                let v = U512([w[0], w[1], w[2], w[3], w[4], 0, 0, 0]) & (pow2(bits) - 1);
                if v > MAX_ATOMS { v - MAX_ATOMS } else { v }
            }),
            2 => (0..3000u64).prop_map(U512::from),
            2 => (0..4000u64).prop_map(|k| U512::from(k) * HALF_PRECISION_U512),
            1 => (0..1_000_000u64).prop_map(|k| U512::from(k) * PRECISION_U512),
            1 => any::<u64>().prop_map(|k| MAX_ATOMS - U512::from(k)),
            1 => (any::<[u64; 3]>(), 140..=190usize).prop_map(|(w, bits)| {
                U512([w[0], w[1], w[2], 0, 0, 0, 0, 0]) | pow2(bits - 1) & (pow2(bits) - 1)
            }),
            1 => (0..96usize).prop_map(U512::exp10),
        ];
        (magnitude, any::<bool>()).prop_map(|(m, negative)| LegacyDec::from_parts(negative, m))
    }

    fn any_amount() -> impl Strategy<Value = Amount> {
        prop_oneof![
            3 => (any::<[u64; 4]>(), 0..=256usize).prop_map(|(w, bits)| {
                let v = U512([w[0], w[1], w[2], w[3], 0, 0, 0, 0]) & (pow2(bits) - 1);
                u512_to_amount(v).unwrap()
            }),
            2 => (0..1000u64).prop_map(Amount::from),
            1 => Just(Amount::MAX),
        ]
    }

    fn any_i64() -> impl Strategy<Value = i64> {
        prop_oneof![any::<i64>(), -10..=10i64, Just(i64::MIN), Just(i64::MAX)]
    }

    /// The implementation's result in reference terms: `None` for an error.
    fn ours(r: Result<LegacyDec, DecError>) -> Option<BigInt> {
        r.ok().map(to_big)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn arithmetic_matches_reference(a in any_dec(), b in any_dec()) {
            let (x, y) = (to_big(a), to_big(b));
            prop_assert_eq!(ours(a.checked_add(b)), reference::in_range(&x + &y));
            prop_assert_eq!(ours(a.checked_sub(b)), reference::in_range(&x - &y));
            prop_assert_eq!(ours(a.checked_mul(b)), reference::mul(&x, &y));
            prop_assert_eq!(ours(a.mul_truncate(b)), reference::mul_truncate(&x, &y));
            prop_assert_eq!(ours(a.mul_round_up(b)), reference::mul_round_up(&x, &y));
            prop_assert_eq!(ours(a.quo(b)), reference::quo(&x, &y));
            prop_assert_eq!(ours(a.quo_truncate(b)), reference::quo_truncate(&x, &y));
            prop_assert_eq!(ours(a.quo_round_up(b)), reference::quo_round_up(&x, &y));
            prop_assert_eq!(a.cmp(&b), x.cmp(&y));
            prop_assert_eq!(a == b, x == y);
            // Errors say why: only a zero divisor is a division by zero.
            for r in [a.quo(b), a.quo_truncate(b), a.quo_round_up(b)] {
                if b.is_zero() {
                    prop_assert_eq!(r, Err(DecError::DivisionByZero));
                } else if let Err(e) = r {
                    prop_assert_eq!(e, DecError::OutOfRange);
                }
            }
        }

        #[test]
        fn products_near_the_range_edge_match_reference(
            a in any_dec(),
            shift in 0..=160usize,
            k in any::<u64>(),
            negative in any::<bool>(),
        ) {
            // |b| ≈ MAX × 10^18 / |a| (shifted down, give or take 2^24 atoms), so a × b lands at
            // or below the range limit.
            let x = to_big(a);
            prop_assume!(x != BigInt::ZERO);
            let target = reference::max() * reference::precision() / BigInt::from(x.magnitude().clone());
            let y = (target >> shift) + (BigInt::from(k) >> 40u32) - BigInt::from(1u32 << 20);
            let y = if negative { -y } else { y };
            let Some(b) = from_big(&y) else { return Ok(()) };
            prop_assert_eq!(ours(a.checked_mul(b)), reference::mul(&x, &y));
            prop_assert_eq!(ours(a.mul_truncate(b)), reference::mul_truncate(&x, &y));
            prop_assert_eq!(ours(a.mul_round_up(b)), reference::mul_round_up(&x, &y));
            prop_assert_eq!(ours(a.checked_add(b)), reference::in_range(&x + &y));
        }

        #[test]
        fn integer_operands_match_reference(a in any_dec(), i in any_amount(), k in any_i64()) {
            let x = to_big(a);
            let big_i = amount_to_big(i);
            prop_assert_eq!(ours(a.mul_int(i)), reference::in_range(&x * &big_i));
            let quo = if i.is_zero() { None } else { Some(&x / &big_i) };
            prop_assert_eq!(ours(a.quo_int(i)), quo);
            let big_k = BigInt::from(k);
            prop_assert_eq!(ours(a.mul_int64(k)), reference::in_range(&x * &big_k));
            let quo = if k == 0 { None } else { Some(&x / &big_k) };
            prop_assert_eq!(ours(a.quo_int64(k)), quo);
            prop_assert_eq!(LegacyDec::from_amount(i), from_big(&(&big_i * reference::precision())).unwrap());
            prop_assert_eq!(LegacyDec::from_amount(i).truncate_int(), Ok(i));
        }

        #[test]
        fn rounding_to_whole_numbers_matches_reference(a in any_dec()) {
            let x = to_big(a);
            prop_assert_eq!(ours(a.ceil()), reference::ceil(&x));
            let truncated = &x / reference::precision();
            prop_assert_eq!(to_big(a.truncate_dec()), &truncated * reference::precision());
            prop_assert_eq!(a.is_integer(), &x % reference::precision() == BigInt::ZERO);
            let rounded = reference::chop_precision_and_round(&x);
            for (got, expected) in [(a.truncate_int(), truncated.clone()), (a.round_int(), rounded.clone())] {
                let want = match reference::int(expected) {
                    None => Err(DecError::IntegerOutOfRange),
                    Some(v) if v.sign() == Sign::Minus => Err(DecError::Negative),
                    Some(v) => Ok(v),
                };
                prop_assert_eq!(got.map(amount_to_big), want);
            }
            prop_assert_eq!(a.truncate_int64().ok(), i64::try_from(&truncated).ok());
            prop_assert_eq!(a.round_int64().ok(), i64::try_from(&rounded).ok());
            prop_assert_eq!(to_big(-a), -&x);
            prop_assert_eq!(to_big(a.abs()), BigInt::from(x.magnitude().clone()));
            prop_assert_eq!((a.is_zero(), a.is_negative(), a.is_positive()), (x.sign() == Sign::NoSign, x.sign() == Sign::Minus, x.sign() == Sign::Plus));
        }

        #[test]
        fn power_matches_reference(a in any_dec(), p in prop_oneof![0..40u64, any::<u64>()]) {
            prop_assert_eq!(ours(a.power(p)), reference::power(&to_big(a), p));
        }

        #[test]
        fn text_forms_match_reference(a in any_dec()) {
            let x = to_big(a);
            let text = reference::sdk_string(&x);
            prop_assert_eq!(a.to_string(), text.clone());
            prop_assert_eq!(text.parse::<LegacyDec>(), Ok(a));
            prop_assert_eq!(a.to_proto_string(), x.to_string());
            prop_assert_eq!(LegacyDec::from_proto_string(&a.to_proto_string()), Ok(Some(a)));
            let json = serde_json::to_string(&a).unwrap();
            prop_assert_eq!(&json, &format!("\"{text}\""));
            prop_assert_eq!(serde_json::from_str::<LegacyDec>(&json).unwrap(), a);
            // The other spellings Go's big.Int text accepts for the protobuf form.
            let magnitude = x.magnitude();
            let (sign, plus) = if a.is_negative() { ("-", "-") } else { ("", "+") };
            for form in [
                format!("{sign}0x{}", magnitude.to_str_radix(16)),
                format!("{plus}0X{}", magnitude.to_str_radix(16).to_uppercase()),
                format!("{sign}0b{}", magnitude.to_str_radix(2)),
                format!("{plus}0o{}", magnitude.to_str_radix(8)),
                format!("{sign}0{}", magnitude.to_str_radix(8)),
                format!("{plus}{}", magnitude.to_str_radix(10)),
            ] {
                prop_assert_eq!(LegacyDec::from_proto_string(&form), Ok(Some(a)), "{}", form);
            }
            // Underscores between digits.
            let digits = magnitude.to_string();
            let spaced: String = digits.chars().enumerate().flat_map(|(i, c)| (i > 0 && i % 3 == 0).then_some('_').into_iter().chain([c])).collect();
            prop_assert_eq!(LegacyDec::from_proto_string(&format!("{sign}{spaced}")), Ok(Some(a)));
        }

        #[test]
        fn parsing_matches_reference(s in "[-+]{0,2}[0-9]{0,3}[.]?[0-9]{0,20}[.]?[0-9]{0,2}") {
            prop_assert_eq!(s.parse::<LegacyDec>().ok().map(to_big), reference::parse(&s), "{:?}", s);
        }

        #[test]
        fn parsing_long_numbers_matches_reference(s in "-?0{0,3}[0-9]{0,99}(\\.[0-9]{0,20})?") {
            prop_assert_eq!(s.parse::<LegacyDec>().ok().map(to_big), reference::parse(&s), "{:?}", s);
        }

        #[test]
        fn parsing_anything_matches_reference(s in "\\PC{0,40}") {
            prop_assert_eq!(s.parse::<LegacyDec>().ok().map(to_big), reference::parse(&s), "{:?}", s);
        }

        #[test]
        fn proto_parsing_never_panics(s in "[-+]?(0[xXbBoO]?)?[0-9a-fA-F_]{0,120}") {
            let _ = LegacyDec::from_proto_string(&s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

        #[test]
        fn approx_root_matches_reference(a in any_dec(), root in prop_oneof![8 => 0..8u64, 1 => any::<u64>()]) {
            prop_assert_eq!(ours(a.approx_root(root)), reference::approx_root(&to_big(a), root));
        }
    }
}
