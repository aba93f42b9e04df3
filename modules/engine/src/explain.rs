//! Explanations from forward passes only, in integer arithmetic on fixed-point outputs.
//!
//! * `Exact` Shapley (M ≤ 12 features, 2^M passes): φ_i = Σ_{S ⊆ N∖{i}} |S|!(M−|S|−1)!/M! ·
//!   (v(S∪{i}) − v(S)), where v(S) is the explained output with features in S taken from the input
//!   and the rest from the baseline. Numerators are summed exactly in i128 over the common
//!   denominator M!.
//! * `Sampled` Shapley: K random permutations from a caller-supplied seed (the chain will use the tx
//!   hash); each permutation's marginal contributions telescope to v(N) − v(∅). Denominator K.
//! * `Occlusion` (M+1 passes): φ_i = v(N) − v(N∖{i}). Not additive: the residual is reported.
//! * `Tree` (tree ensembles, any M): exact Shapley values of the same game on the **raw margin** of
//!   the tree ensemble that computes the explained output (its aggregated leaf weights plus base
//!   value, before the post transform; for output 0 of a one-column binary classifier with margin s,
//!   −s), computed from the trees by interventional TreeSHAP with the baseline as the single
//!   reference row ([`crate::tree::shap`]): numerators over lcm(1, …, depth) in i128, no forward
//!   passes beyond the input's and the baseline's. The trace says that a margin was explained
//!   ([`Explained::Margin`]); value and base_value are the margins. The other methods explain the
//!   output itself (for tree models too: the post-transformed scores, brute force for M ≤ 12).
//!
//! The additive methods turn rationals into integers by flooring and giving the leftover units (fewer
//! than M) to the largest remainders, ties to the lower feature index, so the attributions sum to
//! **exactly** f(x) − f(baseline) in output units and the residual is 0. Each is within 1 unit of its
//! exact rational value. One case needs more: an AVERAGE ensemble's margin is the average of its
//! trees rounded (half away from zero), so the exact tree values sum to the difference of the
//! *unrounded* averages, within 1 unit of the difference of the margins; [`apportion_rounded`] then
//! gives the leftover units (between −1 and M) the same way, and removes a unit, when there is one to
//! remove, from the smallest remainder (ties to the higher feature index). Attributions still sum
//! exactly to the margin difference, each within 2 units of its exact value.

use sha2::{Digest, Sha256};

use crate::runtime::{Input, LoadedModel};
use crate::EngineError;

pub const MAX_EXACT_FEATURES: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Exact,
    Sampled {
        seed: [u8; 32],
        permutations: u32,
    },
    Occlusion,
    /// Exact tree Shapley values of the margin (tree ensembles only).
    Tree,
}

/// What an explanation explains (recorded in the trace).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Explained {
    /// Value `output_index` of the scores output.
    Output,
    /// The raw margin behind it: the tree ensemble's aggregated leaf weights plus base value, before
    /// the post transform (negated for output 0 of a one-column binary classifier).
    Margin,
}

impl Method {
    pub fn name(&self) -> &'static str {
        match self {
            Method::Exact => "shapley_exact",
            Method::Sampled { .. } => "shapley_sampled",
            Method::Occlusion => "occlusion",
            Method::Tree => "shapley_tree",
        }
    }

    pub fn additive(&self) -> bool {
        !matches!(self, Method::Occlusion)
    }

    /// Forward passes the method needs for `m` features, known before anything runs. Checked: the
    /// permutation count comes from the request and `m` from the model, and a wrapped count would
    /// slip under the pass budget.
    pub fn passes(&self, m: usize) -> Result<u64, EngineError> {
        let too_many =
            || EngineError::Explain(format!("{} of {m} features needs over u64::MAX forward passes", self.name()));
        match self {
            Method::Exact if m > MAX_EXACT_FEATURES => Err(EngineError::Explain(format!(
                "exact Shapley supports at most {MAX_EXACT_FEATURES} features, the model has {m}; use sampled"
            ))),
            // m ≤ 12 (just checked): at most 4096.
            Method::Exact => Ok(1u64 << m),
            Method::Sampled { permutations, .. } => {
                if *permutations == 0 {
                    return Err(EngineError::Explain("sampled Shapley needs at least one permutation".into()));
                }
                // 2 + K·(m − 1); m = 0 (no features) needs only the two end points.
                u64::try_from(m.saturating_sub(1))
                    .ok()
                    .and_then(|steps| steps.checked_mul(u64::from(*permutations)))
                    .and_then(|p| p.checked_add(2))
                    .ok_or_else(|| {
                        EngineError::Explain(format!(
                            "sampled Shapley with {permutations} permutations of {m} features needs over u64::MAX \
                             forward passes"
                        ))
                    })
            }
            Method::Occlusion => u64::try_from(m).ok().and_then(|m| m.checked_add(2)).ok_or_else(too_many),
            // The input and the baseline; the tree walk replaces the coalitions' passes. Its work is
            // bounded by the ensemble's leaves × depth (validation bounds both).
            Method::Tree => Ok(2),
        }
    }
}

/// Which output value is explained: a flat index into the scores output.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Explanation {
    pub method: &'static str,
    pub additive: bool,
    pub output_index: usize,
    /// The output value itself, or (tree Shapley) the margin behind it.
    pub explained: Explained,
    pub passes: u64,
    /// v(∅): the explained output (or margin) at the baseline.
    pub base_value: i64,
    /// v(N): the explained output (or margin) at the input.
    pub value: i64,
    pub attributions: Vec<i64>,
    /// value − base_value − Σ attributions: 0 for additive methods.
    pub residual: i64,
    /// Feature indices by |attribution| descending, ties by index.
    pub top: Vec<usize>,
}

/// Mixes two inputs feature by feature: `mask` bit i set → from `x`, else from `baseline`.
fn mixed(x: &Input, baseline: &Input, mask: impl Fn(usize) -> bool) -> Input {
    match (x, baseline) {
        (Input::F32(a), Input::F32(b)) => Input::F32((0..a.len()).map(|i| if mask(i) { a[i] } else { b[i] }).collect()),
        (Input::Int(a), Input::Int(b)) => Input::Int((0..a.len()).map(|i| if mask(i) { a[i] } else { b[i] }).collect()),
        _ => unreachable!("checked by explain(): input and baseline have the same kind"),
    }
}

fn value_at(model: &LoadedModel, input: &Input, output_index: usize) -> Result<i64, EngineError> {
    let fwd = model.forward(input, false)?;
    let scores =
        fwd.scores().ok_or_else(|| EngineError::Explain("the model has no fixed-point output to explain".into()))?;
    scores.values.get(output_index).copied().ok_or_else(|| {
        EngineError::Explain(format!("output index {output_index} is out of range ({} values)", scores.values.len()))
    })
}

/// Turns numerators over `denominator` into integers that sum exactly to `total`.
/// Requires Σ numerators = total × denominator and denominator > 0 (else an error). An attribution
/// outside i64 is an error, not a wrap: two fixed-point outputs of opposite sign near the i64 limits
/// differ by more than i64::MAX.
pub fn apportion(numerators: &[i128], denominator: i128, total: i128) -> Result<Vec<i64>, EngineError> {
    if denominator <= 0 {
        return Err(EngineError::Explain(format!("apportion needs a positive denominator, got {denominator}")));
    }
    let mut base: Vec<i128> = numerators.iter().map(|n| n.div_euclid(denominator)).collect();
    let rems: Vec<i128> = numerators.iter().map(|n| n.rem_euclid(denominator)).collect();
    // Under the requirement, leftover = Σ remainders / denominator, in 0..len; anything else (or an
    // overflowing sum) means the numerators were not what the requirement says.
    let leftover = base
        .iter()
        .try_fold(0i128, |acc, b| acc.checked_add(*b))
        .and_then(|sum| total.checked_sub(sum))
        .and_then(|l| usize::try_from(l).ok())
        .filter(|l| *l <= numerators.len())
        .ok_or_else(|| EngineError::Explain("attribution numerators do not sum to total × denominator".into()))?;
    let mut order: Vec<usize> = (0..numerators.len()).collect();
    order.sort_by(|a, b| rems[*b].cmp(&rems[*a]).then(a.cmp(b)));
    for i in order.into_iter().take(leftover) {
        // Under the requirement units go only where the remainder is non-zero (denominator ≥ 2, so
        // base[i] ≤ i128::MAX / 2); checked for callers that break it.
        base[i] = base[i]
            .checked_add(1)
            .ok_or_else(|| EngineError::Explain("attribution numerators do not sum to total × denominator".into()))?;
    }
    base.into_iter()
        .enumerate()
        .map(|(i, v)| {
            i64::try_from(v).map_err(|_| {
                EngineError::Explain(format!("the attribution of feature {i} ({v} output units) overflows i64"))
            })
        })
        .collect()
}

/// Like [`apportion`], for numerators whose sum is within one `denominator` of `total ×
/// denominator` (AVERAGE ensembles, see the module doc): the floors leave between −1 and M units; a
/// positive leftover goes to the largest remainders as in [`apportion`] (identical results when the
/// sum is exact), a negative one is taken from the smallest remainder, ties to the higher index.
pub fn apportion_rounded(numerators: &[i128], denominator: i128, total: i128) -> Result<Vec<i64>, EngineError> {
    if denominator <= 0 {
        return Err(EngineError::Explain(format!("apportion needs a positive denominator, got {denominator}")));
    }
    let floors = numerators.iter().try_fold(0i128, |acc, n| acc.checked_add(n.div_euclid(denominator)));
    if floors.and_then(|f| total.checked_sub(f)) != Some(-1) {
        return apportion(numerators, denominator, total);
    }
    // One unit to take back: from the smallest remainder (ties to the higher index).
    let i = (0..numerators.len())
        .rev()
        .min_by_key(|i| numerators[*i].rem_euclid(denominator))
        .ok_or_else(|| EngineError::Explain("no feature to take a unit from".into()))?;
    let mut adjusted = numerators.to_vec();
    adjusted[i] = adjusted[i]
        .checked_sub(denominator)
        .ok_or_else(|| EngineError::Explain("attribution numerators overflow".into()))?;
    apportion(&adjusted, denominator, total)
}

/// n! for n ≤ MAX_EXACT_FEATURES (12! < 2^29); i128 would hold up to 33!.
fn factorial(n: usize) -> i128 {
    debug_assert!(n <= MAX_EXACT_FEATURES);
    (1..=n as i128).product()
}

/// A deterministic stream of u64s: SHA-256(seed ‖ counter).
struct SeededStream {
    seed: [u8; 32],
    counter: u64,
    buf: Vec<u64>,
}

impl SeededStream {
    fn new(seed: [u8; 32]) -> Self {
        Self { seed, counter: 0, buf: vec![] }
    }

    fn next_u64(&mut self) -> u64 {
        if self.buf.is_empty() {
            // One block per four draws; draws are bounded by the pass budget, far below 2^64 blocks.
            let block = Sha256::new().chain_update(self.seed).chain_update(self.counter.to_le_bytes()).finalize();
            self.counter += 1;
            self.buf = block.chunks(8).rev().map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes"))).collect();
        }
        self.buf.pop().expect("refilled")
    }

    /// Uniform in 0..n without modulo bias.
    fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.next_u64();
            if v < zone {
                return v % n;
            }
        }
    }
}

/// Explains `output_index` of the scores for `x` against `baseline`, within `max_passes`.
pub fn explain(
    model: &LoadedModel,
    x: &Input,
    baseline: &Input,
    output_index: usize,
    method: Method,
    max_passes: u64,
) -> Result<Explanation, EngineError> {
    let m = model.report.feature_count;
    // Traces record feature indices (`top`) and the output index as u32.
    if u32::try_from(m).is_err() {
        return Err(EngineError::Explain(format!("the model has {m} features; explanations index at most u32::MAX")));
    }
    if u32::try_from(output_index).is_err() {
        return Err(EngineError::Explain(format!("output index {output_index} is over u32::MAX")));
    }
    if baseline.len() != m || std::mem::discriminant(x) != std::mem::discriminant(baseline) {
        return Err(EngineError::Explain(format!("the baseline must have {m} features of the input's kind")));
    }
    let passes = method.passes(m)?;
    if passes > max_passes {
        return Err(EngineError::Budget { needed: passes, budget: max_passes });
    }
    let (base_value, value, tree) = match method {
        Method::Tree => {
            let t = model.tree_shapley(x, baseline, output_index)?;
            (t.base_value, t.value, Some(t.exact))
        }
        _ => (value_at(model, baseline, output_index)?, value_at(model, x, output_index)?, None),
    };
    let total = i128::from(value) - i128::from(base_value);

    let attributions = match method {
        Method::Tree => {
            let exact = tree.expect("computed above for Method::Tree");
            apportion_rounded(&exact.numerators, exact.denominator, total)?
        }
        Method::Exact => {
            let mut v = vec![0i64; 1 << m];
            v[0] = base_value;
            v[(1 << m) - 1] = value;
            let last = v.len() - 1;
            for (mask, slot) in v.iter_mut().enumerate().take(last).skip(1) {
                *slot = value_at(model, &mixed(x, baseline, |i| mask >> i & 1 == 1), output_index)?;
            }
            // Bounds (m ≤ 12): each weight ≤ 11! < 2^26, each difference of two i64 values < 2^64,
            // and a numerator's weights sum to m! < 2^29, so |numerator| < 2^93: i128 cannot overflow.
            let weights: Vec<i128> = (0..m).map(|s| factorial(s) * factorial(m - s - 1)).collect();
            let mut numerators = vec![0i128; m];
            for (i, num) in numerators.iter_mut().enumerate() {
                for mask in 0..(1usize << m) {
                    if mask >> i & 1 == 0 {
                        let s = mask.count_ones() as usize;
                        *num += weights[s] * (i128::from(v[mask | 1 << i]) - i128::from(v[mask]));
                    }
                }
            }
            apportion(&numerators, factorial(m), total)?
        }
        Method::Sampled { seed, permutations } => {
            let mut rng = SeededStream::new(seed);
            let mut numerators = vec![0i128; m];
            for _ in 0..permutations {
                let mut order: Vec<usize> = (0..m).collect();
                for i in (1..m).rev() {
                    let j = rng.below(i as u64 + 1) as usize;
                    order.swap(i, j);
                }
                let mut included = vec![false; m];
                let mut previous = base_value;
                for (step, &feature) in order.iter().enumerate() {
                    included[feature] = true;
                    let current = if step + 1 == m {
                        value
                    } else {
                        value_at(model, &mixed(x, baseline, |i| included[i]), output_index)?
                    };
                    // One difference (< 2^64) per feature per permutation, K ≤ u32::MAX
                    // permutations: |numerator| < 2^96, no i128 overflow.
                    numerators[feature] += i128::from(current) - i128::from(previous);
                    previous = current;
                }
            }
            apportion(&numerators, i128::from(permutations), total)?
        }
        Method::Occlusion => {
            let mut out = Vec::with_capacity(m);
            for j in 0..m {
                let without = value_at(model, &mixed(x, baseline, |i| i != j), output_index)?;
                out.push(value.checked_sub(without).ok_or_else(|| {
                    EngineError::Explain(format!(
                        "the occlusion attribution of feature {j} ({value} − {without}) overflows i64"
                    ))
                })?);
            }
            out
        }
    };
    // m ≤ u32::MAX attributions of < 2^63 each: the sum is < 2^95 and fits i128; the residual is
    // reported as i64 and may not fit (occlusion with opposite-sign extreme outputs).
    let residual = total - attributions.iter().map(|a| i128::from(*a)).sum::<i128>();
    let residual = i64::try_from(residual)
        .map_err(|_| EngineError::Explain(format!("the residual ({residual} output units) overflows i64")))?;
    let mut top: Vec<usize> = (0..m).collect();
    top.sort_by(|a, b| attributions[*b].unsigned_abs().cmp(&attributions[*a].unsigned_abs()).then(a.cmp(b)));
    Ok(Explanation {
        method: method.name(),
        additive: method.additive(),
        output_index,
        explained: if method == Method::Tree { Explained::Margin } else { Explained::Output },
        passes,
        base_value,
        value,
        attributions,
        residual,
        top,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_is_exact_and_breaks_ties_by_index() {
        // 1/3 each of 1 unit: one unit goes to feature 0.
        assert_eq!(apportion(&[1, 1, 1], 3, 1).unwrap(), vec![1, 0, 0]);
        // -4/3 and 7/3: floors -2 and 2 (remainders 2 and 1); the leftover unit goes to feature 0.
        assert_eq!(apportion(&[-4, 7, 0], 3, 1).unwrap(), vec![-1, 2, 0]);
        let nums = [5i128, -11, 17, 2];
        let den = 6;
        let total = nums.iter().sum::<i128>() / den;
        assert_eq!(apportion(&nums, den, total).unwrap().iter().map(|v| i128::from(*v)).sum::<i128>(), total);
    }

    #[test]
    fn apportion_rejects_instead_of_wrapping() {
        // One feature carrying 2^64 − 2 units: an attribution past i64::MAX is an error, not a wrap.
        let big = 2 * i128::from(i64::MAX);
        assert!(matches!(apportion(&[big], 1, big), Err(EngineError::Explain(msg)) if msg.contains("overflows i64")));
        // Split over two features each fits.
        assert_eq!(apportion(&[big, big], 2, big).unwrap(), vec![i64::MAX, i64::MAX]);
        assert!(matches!(
            apportion(&[i128::from(i64::MIN) - 1], 1, i128::from(i64::MIN) - 1),
            Err(EngineError::Explain(_))
        ));
        // Broken requirement or denominator: errors, not a huge `take` or a division by zero.
        assert!(matches!(apportion(&[1, 1], 0, 0), Err(EngineError::Explain(_))));
        assert!(matches!(apportion(&[1, 1], 1, i128::MAX), Err(EngineError::Explain(_))));
        assert!(matches!(apportion(&[1, 1], 1, -5), Err(EngineError::Explain(_))));
        assert!(matches!(apportion(&[i128::MAX, i128::MAX], 1, 0), Err(EngineError::Explain(_))));
        assert!(matches!(apportion(&[i128::MAX, -5], 1, i128::MAX - 4), Err(EngineError::Explain(_))));
    }

    #[test]
    fn pass_counts_are_checked() {
        let sampled = |permutations| Method::Sampled { seed: [0; 32], permutations };
        // The largest request on the largest trace-indexable model still fits u64.
        let m = u32::MAX as usize;
        assert_eq!(sampled(u32::MAX).passes(m).unwrap(), 2 + u64::from(u32::MAX) * (u64::from(u32::MAX) - 1));
        // Past it, an error instead of a wrapped (small) count: 2^32 permutations-worth of 2^32 steps
        // would wrap to 2 passes and pass any budget.
        assert!(matches!(sampled(u32::MAX).passes(1 << 33), Err(EngineError::Explain(_))));
        assert!(matches!(sampled(2).passes(usize::MAX), Err(EngineError::Explain(_))));
        assert!(matches!(Method::Occlusion.passes(usize::MAX), Err(EngineError::Explain(_))));
        assert!(matches!(Method::Occlusion.passes(usize::MAX - 1), Err(EngineError::Explain(_))));
        assert_eq!(Method::Occlusion.passes(usize::MAX - 2).unwrap(), u64::MAX);
        assert!(matches!(Method::Exact.passes(usize::MAX), Err(EngineError::Explain(_))));
        assert_eq!(Method::Exact.passes(MAX_EXACT_FEATURES).unwrap(), 4096);
        assert_eq!(sampled(64).passes(2).unwrap(), 66);
        assert_eq!(sampled(7).passes(1).unwrap(), 2);
    }

    #[test]
    fn seeded_stream_is_reproducible_and_in_range() {
        let mut a = SeededStream::new([7; 32]);
        let mut b = SeededStream::new([7; 32]);
        for _ in 0..100 {
            let x = a.below(5);
            assert_eq!(x, b.below(5));
            assert!(x < 5);
        }
    }
}
