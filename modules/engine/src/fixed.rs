//! Fixed-point outputs. Model outputs are f32; the chain stores integers.
//!
//! Scale: 10^9 (nine decimal places), as `i64`. Conversion is exact arithmetic on the f32's bits
//! (mantissa × 2^exponent × 10^9, then rounded half away from zero), so it does not depend on any
//! float operation and every validator gets the same integer from the same f32. NaN and values
//! beyond ±9.2e9 (the i64 range at this scale) are errors, not clamped.

pub const SCALE: i64 = 1_000_000_000;
pub const DECIMALS: u32 = 9;

/// `x × 10^9`, rounded half away from zero.
pub fn from_f32(x: f32) -> Option<i64> {
    if !x.is_finite() {
        return None;
    }
    if x == 0.0 {
        return Some(0);
    }
    let bits = x.to_bits();
    let negative = bits >> 31 == 1;
    let exp_bits = ((bits >> 23) & 0xff) as i32;
    let frac = (bits & 0x7f_ffff) as i128;
    // value = mantissa × 2^exp
    let (mantissa, exp) = if exp_bits == 0 { (frac, -149) } else { (frac | 0x80_0000, exp_bits - 150) };
    // mantissa < 2^24 and SCALE < 2^30: < 2^54. Every operand below comes from the f32's bits, so
    // these bounds hold for any input.
    let scaled = mantissa * SCALE as i128; // < 2^54
    let magnitude: i128 = if exp >= 0 {
        if exp > 70 {
            return None;
        }
        // checked_shl only rejects shifts ≥ 128; the value bound is 2^54 × 2^70 = 2^124 < 2^127.
        scaled.checked_shl(exp as u32)?
    } else {
        let shift = (-exp) as u32;
        if shift >= 127 {
            0
        } else {
            // 1 ≤ shift < 127: no shift overflows, q + 1 ≤ 2^54.
            let q = scaled >> shift;
            let rem = scaled - (q << shift);
            let half = 1i128 << (shift - 1);
            if rem >= half {
                q + 1
            } else {
                q
            }
        }
    };
    let v = if negative { -magnitude } else { magnitude };
    // Checked narrowing: beyond ±9.2e9 is None, not a wrap.
    i64::try_from(v).ok()
}

/// Human-readable decimal of a fixed-point value (`-0.123456789`).
pub fn to_decimal(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    format!("{sign}{}.{:09}", a / SCALE as u64, a % SCALE as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exact_values_and_rounding() {
        assert_eq!(from_f32(1.0), Some(SCALE));
        assert_eq!(from_f32(-2.5), Some(-2_500_000_000));
        assert_eq!(from_f32(0.5), Some(500_000_000));
        // 0.1f32 is 0.100000001490116...: rounds to 100000001.
        assert_eq!(from_f32(0.1), Some(100_000_001));
        assert_eq!(from_f32(f32::MIN_POSITIVE / 2.0), Some(0));
        assert_eq!(from_f32(f32::NAN), None);
        assert_eq!(from_f32(f32::INFINITY), None);
        assert_eq!(from_f32(1e10), None);
        assert_eq!(to_decimal(-123_456_789), "-0.123456789");
        assert_eq!(to_decimal(SCALE * 3), "3.000000000");
    }

    proptest! {
        #[test]
        fn agrees_with_f64_within_half_a_unit(x in -9.0e9f32..9.0e9f32) {
            let v = from_f32(x).unwrap();
            let exact = x as f64 * 1e9;
            prop_assert!((v as f64 - exact).abs() <= 0.5 + exact.abs() * 1e-15);
        }
    }
}
