//! Post transforms of the tree ensembles in integer arithmetic, independent of any libm.
//!
//! Inputs and outputs are fixed-point values (`fixed::SCALE` = 10^9 units per 1.0). Internally
//! exponentials are computed as Q64 binary fractions in `u128`:
//!
//! * **Range reduction.** For d ≥ 0 units, `d / 10^9` is converted to Q64 (rounded to nearest,
//!   error ≤ ½ ulp = 2^-65) and split as `k·ln2 + r` with `0 ≤ r < ln2`, using ln2 rounded to Q64
//!   (`LN2_Q64`, error ≤ 2^-65, so r is off by at most (k + 1)·2^-65; k ≤ 93 in the range used).
//! * **e^r** by its Taylor series with every term floored (`t_n = ⌊⌊t_{n-1}·r⌋ / n⌋`), summed
//!   until a term is 0 (at most 30 terms; r^25/25! < 2^-90). Each term is low by at most 2 ulps plus
//!   what it inherits (≤ the previous error · r/n < the previous error), so e^r ∈ [1, 2) is low by
//!   at most 60 ulps (2^-64 each).
//! * **e^-d** = 2^-k / e^r: the reciprocal `⌊(2^128 − 1) / e^r⌋` (1 ulp) shifted right by k
//!   (rounded, ½ ulp). In all: |computed − exact| ≤ 2^-64 · (k/2 + 64) ≤ 2^-57 for d ≤ 64, and
//!   values of d above 64 give 0 (e^-64 < 2^-92).
//!
//! On top of that, each result below is one rounded division (half away from zero) of exact
//! integers, so every output is within **½ unit + 3·10^-5 units** of the exact real value of the
//! function at the exact fixed-point input (10^-8 for the logistic; the bounds are derived next to
//! each function and checked against f64 in the tests). Same integers on every CPU: there is no
//! float arithmetic at all.

use crate::fixed::SCALE;

const ONE: u128 = 1 << 64;
/// ln 2 · 2^64, rounded to nearest (12786308645202655659.79 exactly).
const LN2_Q64: u128 = 12_786_308_645_202_655_660;
/// e^-d for d above 64 (in units of 1.0) is below 2^-92: 0 in Q64 after rounding.
const EXP_CUTOFF_UNITS: u64 = 64 * SCALE as u64;
/// `SOFTMAX_ZERO` treats |v| ≤ 10^-7 (100 units) as zero, as onnxruntime and the ONNX reference do
/// with `v > 0.0000001 || v < -0.0000001` (0.0000001f32 is 100.00000117 units).
pub const SOFTMAX_ZERO_EPSILON_UNITS: i64 = 100;

const SCALE_U: u128 = SCALE as u128;

/// Q64 of `units / 10^9`, rounded to nearest. `units ≤ 2^64` keeps the product below 2^128.
fn units_to_q64(units: u64) -> u128 {
    ((u128::from(units) << 64) + SCALE_U / 2) / SCALE_U
}

/// e^r in Q64 for 0 ≤ r < ln2 (Q64): a value in [2^64, 2^65), at most 60 ulps low.
fn exp_reduced(r: u128) -> u128 {
    debug_assert!(r < LN2_Q64);
    let mut sum = ONE;
    let mut term = ONE;
    for n in 1..=30u128 {
        // term ≤ 2^64 and r < 2^64: the product is below 2^128.
        term = ((term * r) >> 64) / n;
        if term == 0 {
            break;
        }
        sum += term;
    }
    sum
}

/// `(k, r)` with `x = k·ln2 + r`, 0 ≤ r < ln2, x in Q64.
fn reduce(x: u128) -> (u32, u128) {
    let k = x / LN2_Q64;
    // x ≤ 2^64 · 2^37 in every caller: k < 2^40.
    (k as u32, x - k * LN2_Q64)
}

/// `⌊(v + 2^(k-1)) / 2^k⌋`: v / 2^k rounded half up; 0 when k ≥ 128.
fn shr_round(v: u128, k: u32) -> u128 {
    match k {
        0 => v,
        1..=127 => (v >> k) + ((v >> (k - 1)) & 1),
        _ => 0,
    }
}

/// e^(−d/10^9) in Q64 (2^64 is 1.0), for d ≥ 0 units. Exact at d = 0; 0 above 64.
pub fn exp_neg_q64(d: u64) -> u128 {
    if d == 0 {
        return ONE;
    }
    if d > EXP_CUTOFF_UNITS {
        return 0;
    }
    let (k, r) = reduce(units_to_q64(d));
    let inverse = u128::MAX / exp_reduced(r); // ≈ 2^128 / e^r ∈ (2^63, 2^64]
    shr_round(inverse, k)
}

/// e^(d/10^9) = mantissa · 2^(k − 64) with mantissa ∈ [2^64, 2^65), for 0 ≤ d ≤ 64 units of 1.0.
fn exp_pos_parts(d: u64) -> (u32, u128) {
    debug_assert!(d <= EXP_CUTOFF_UNITS);
    let (k, r) = reduce(units_to_q64(d));
    (k, exp_reduced(r))
}

/// `round(n / d)` for n ≥ 0, d > 0, half away from zero (half up for non-negatives).
fn div_round(n: u128, d: u128) -> u128 {
    n / d + u128::from(n % d >= d - n % d)
}

/// `round(n · 2^k / d)`, half up, for `n < 2^80`, `0 < d < 2^90`; None if the result reaches 2^63.
fn mul_pow2_div_round(n: u128, mut k: u32, d: u128) -> Option<u128> {
    let mut q = n / d;
    let mut rem = n % d;
    while k > 0 {
        let step = k.min(32);
        // rem < d < 2^90: rem · 2^32 < 2^122.
        let wide = rem << step;
        q = q.checked_mul(1u128 << step)?.checked_add(wide / d)?;
        if q >= 1 << 63 {
            return None;
        }
        rem = wide % d;
        k -= step;
    }
    let q = q + u128::from(rem >= d - rem);
    (q < 1 << 63).then_some(q)
}

/// The logistic function 1 / (1 + e^-x), x and the result in fixed-point units.
///
/// For x ≥ 0 the result is `round(10^9 · 2^64 / (2^64 + E))` with E = e^-x in Q64; E's error
/// (≤ 2^-57) moves the quotient by at most 10^9 · 2^-57 < 10^-8 units before rounding. For x < 0 it
/// is `10^9 − logistic(−x)` (how onnxruntime and the ONNX reference write it), so
/// logistic(−x) + logistic(x) = 1 exactly.
pub fn logistic(x: i64) -> i64 {
    let e = exp_neg_q64(x.unsigned_abs());
    // 10^9 · 2^64 < 2^94; the denominator is in [2^64, 2^65].
    let p = div_round(SCALE_U << 64, ONE + e) as i64;
    if x < 0 {
        SCALE - p
    } else {
        p
    }
}

/// e^(v_i − max) / Σ_j e^(v_j − max) over `values`, as onnxruntime's SOFTMAX.
///
/// Each E_i = e^(v_i − max) is in Q64 (the maximum's term is exactly 2^64, so the sum S ≥ 2^64);
/// `p_i = round(10^9 · E_i / S)`. With n values the exponentials' errors (≤ 2^-57 each) move the
/// quotient by at most 10^9 · (n + 1) · 2^-57 < 7·10^-9 · (n + 1) units: below 3·10^-5 units for
/// n ≤ 4096 classes (`tree::MAX_TARGETS`).
pub fn softmax(values: &[i64]) -> Vec<i64> {
    let Some(max) = values.iter().copied().max() else {
        return vec![];
    };
    let exps: Vec<u128> = values.iter().map(|v| exp_neg_q64(gap(max, *v))).collect();
    // ≤ 4096 terms of ≤ 2^64: below 2^77.
    let sum: u128 = exps.iter().sum();
    exps.iter().map(|e| div_round(SCALE_U * e, sum) as i64).collect()
}

/// `max − v` in units as u64 (saturating: gaps beyond 64 units of 1.0 all give e^-gap = 0).
fn gap(max: i64, v: i64) -> u64 {
    u64::try_from(i128::from(max) - i128::from(v)).unwrap_or(u64::MAX)
}

/// onnxruntime's SOFTMAX_ZERO: values with |v| ≤ 10^-7 are "zero" and are not exponentiated.
///
/// With NZ the other values and m their maximum (the common factor e^-max of onnxruntime's code
/// cancels): a value i in NZ gets e^(v_i − m) / S with S = Σ_{j∈NZ} e^(v_j − m) (computed and
/// bounded as `softmax`); a zero value z gets v_z · e^-m / S (onnxruntime: v_z · e^-max, divided by
/// the same sum), which is exactly 0 for v_z = 0. If every value is zero the ONNX reference gives 0.5
/// for each (onnxruntime divides 0 by 0), and so does this. A result outside the fixed-point range
/// (a tiny nonzero v_z with m below about −39) is None.
pub fn softmax_zero(values: &[i64]) -> Option<Vec<i64>> {
    let is_zero = |v: &i64| v.unsigned_abs() <= SOFTMAX_ZERO_EPSILON_UNITS as u64;
    let Some(m) = values.iter().filter(|v| !is_zero(v)).copied().max() else {
        return Some(vec![SCALE / 2; values.len()]);
    };
    let exps: Vec<u128> = values.iter().map(|v| if is_zero(v) { 0 } else { exp_neg_q64(gap(m, *v)) }).collect();
    let sum: u128 = exps.iter().sum(); // ≥ 2^64 (m's own term)
    let mut out = Vec::with_capacity(values.len());
    for (v, e) in values.iter().zip(&exps) {
        if !is_zero(v) {
            out.push(div_round(SCALE_U * e, sum) as i64);
            continue;
        }
        if *v == 0 {
            out.push(0);
            continue;
        }
        // |v_z| ≤ 100 units; the result in units is v_z · e^-m · 2^64 / sum.
        let magnitude = u128::from(v.unsigned_abs());
        let scaled = if m >= 0 {
            // e^-m ≤ 1 in Q64: |v_z| · E < 2^71.
            div_round(magnitude * exp_neg_q64(m.unsigned_abs()), sum)
        } else {
            // e^|m| = mantissa · 2^(k − 64); e^39.1 · 100 units already exceeds i64, so anything past
            // 64 is out of range without computing it.
            let d = m.unsigned_abs();
            if d > EXP_CUTOFF_UNITS {
                return None;
            }
            let (k, mantissa) = exp_pos_parts(d);
            // |v_z| · mantissa < 2^7 · 2^65; sum < 2^77.
            mul_pow2_div_round(magnitude * mantissa, k, sum)?
        };
        let scaled = i64::try_from(scaled).ok()?;
        out.push(if *v < 0 { -scaled } else { scaled });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn real(units: i64) -> f64 {
        units as f64 / SCALE as f64
    }

    #[test]
    fn exact_points() {
        assert_eq!(exp_neg_q64(0), ONE);
        assert_eq!(exp_neg_q64(65 * SCALE as u64), 0);
        assert_eq!(logistic(0), SCALE / 2);
        assert_eq!(logistic(i64::MAX), SCALE);
        assert_eq!(logistic(i64::MIN), 0);
        assert_eq!(softmax(&[7, 7, 7, 7]), vec![SCALE / 4; 4]);
        assert_eq!(softmax(&[]), Vec::<i64>::new());
        assert_eq!(softmax(&[i64::MAX, i64::MIN]), vec![SCALE, 0]);
        assert_eq!(softmax_zero(&[0, 0, 0]), Some(vec![SCALE / 2; 3]));
        // Zeros stay zero; the rest is a softmax of the nonzero values.
        assert_eq!(softmax_zero(&[0, 5 * SCALE, 5 * SCALE]), Some(vec![0, SCALE / 2, SCALE / 2]));
    }

    #[test]
    fn logistic_is_symmetric_and_monotone() {
        let mut previous = 0;
        for x in (-40_000..=40_000).map(|i| i64::from(i) * 1_000_000) {
            let p = logistic(x);
            assert_eq!(p + logistic(-x), SCALE, "{x}");
            assert!(p >= previous, "{x}");
            previous = p;
        }
    }

    #[test]
    fn exp_matches_f64_to_a_few_ulps() {
        for d in [1u64, 7, 999_999_999, SCALE as u64, 693_147_180, 10 * SCALE as u64, 44 * SCALE as u64] {
            let got = exp_neg_q64(d) as f64 / ONE as f64;
            let want = (-(d as f64) / SCALE as f64).exp();
            assert!((got - want).abs() <= 1e-16 + want * 1e-15, "{d}: {got} vs {want}");
        }
    }

    #[test]
    fn softmax_zero_of_tiny_values_follows_onnxruntime() {
        // m = 2: the zero entry 50 units becomes 50 · e^-2 / (1 + e^-1) units.
        let got = softmax_zero(&[50, 2 * SCALE, SCALE]).unwrap();
        let s = 1.0 + (-1.0f64).exp();
        assert_eq!(got[0], (50.0 * (-2.0f64).exp() / s).round() as i64);
        assert_eq!(got[1], (1e9 / s).round() as i64);
        // m = -3: 80 units · e^3 / 1 = 1606.8 units; m = -50 is outside the fixed-point range.
        assert_eq!(softmax_zero(&[80, -3 * SCALE]).unwrap(), vec![(80.0 * 3.0f64.exp()).round() as i64, SCALE]);
        assert_eq!(softmax_zero(&[-80, -3 * SCALE]).unwrap()[0], -(80.0 * 3.0f64.exp()).round() as i64);
        assert_eq!(softmax_zero(&[1, -50 * SCALE]), None);
        assert_eq!(softmax_zero(&[0, -50 * SCALE]), Some(vec![0, SCALE]));
        // 100 · e^39 ≈ 8.66e18 units still fits i64.
        let big = softmax_zero(&[100, -39 * SCALE]).unwrap()[0];
        assert!((real(big) - 100e-9 * 39f64.exp()).abs() / (100e-9 * 39f64.exp()) < 1e-12, "{big}");
    }

    proptest! {
        #[test]
        fn logistic_within_half_a_unit(x in -60_000_000_000i64..60_000_000_000) {
            let want = 1e9 / (1.0 + (-real(x)).exp());
            prop_assert!((logistic(x) as f64 - want).abs() <= 0.5 + 1e-6 + want * 1e-15, "{x}");
        }

        #[test]
        fn softmax_within_half_a_unit(v in proptest::collection::vec(-30_000_000_000i64..30_000_000_000, 1..12)) {
            let max = v.iter().copied().max().unwrap();
            let e: Vec<f64> = v.iter().map(|x| (real(*x) - real(max)).exp()).collect();
            let s: f64 = e.iter().sum();
            for (p, e) in softmax(&v).iter().zip(&e) {
                let want = 1e9 * e / s;
                prop_assert!((*p as f64 - want).abs() <= 0.5 + 1e-6 + want * 1e-14);
            }
        }
    }
}
