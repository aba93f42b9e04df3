//! Explanations from forward passes only, in integer arithmetic on fixed-point outputs.
//!
//! * `Exact` Shapley (M ≤ 12 features, 2^M passes): φ_i = Σ_{S ⊆ N∖{i}} |S|!(M−|S|−1)!/M! ·
//!   (v(S∪{i}) − v(S)), where v(S) is the explained output with features in S taken from the input
//!   and the rest from the baseline. Numerators are summed exactly in i128 over the common
//!   denominator M!.
//! * `Sampled` Shapley: K random permutations from a caller-supplied seed (the chain will use the tx
//!   hash); each permutation's marginal contributions telescope to v(N) − v(∅). Denominator K.
//! * `Occlusion` (M+1 passes): φ_i = v(N) − v(N∖{i}). Not additive: the residual is reported.
//!
//! The additive methods turn rationals into integers by flooring and giving the leftover units (fewer
//! than M) to the largest remainders, ties to the lower feature index, so the attributions sum to
//! **exactly** f(x) − f(baseline) in output units and the residual is 0.

use sha2::{Digest, Sha256};

use crate::runtime::{Input, LoadedModel};
use crate::EngineError;

pub const MAX_EXACT_FEATURES: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Exact,
    Sampled { seed: [u8; 32], permutations: u32 },
    Occlusion,
}

impl Method {
    pub fn name(&self) -> &'static str {
        match self {
            Method::Exact => "shapley_exact",
            Method::Sampled { .. } => "shapley_sampled",
            Method::Occlusion => "occlusion",
        }
    }

    pub fn additive(&self) -> bool {
        !matches!(self, Method::Occlusion)
    }

    /// Forward passes the method needs for `m` features, known before anything runs.
    pub fn passes(&self, m: usize) -> Result<u64, EngineError> {
        match self {
            Method::Exact if m > MAX_EXACT_FEATURES => Err(EngineError::Explain(format!(
                "exact Shapley supports at most {MAX_EXACT_FEATURES} features, the model has {m}; use sampled"
            ))),
            Method::Exact => Ok(1u64 << m),
            Method::Sampled { permutations, .. } => {
                if *permutations == 0 {
                    return Err(EngineError::Explain("sampled Shapley needs at least one permutation".into()));
                }
                Ok(2 + u64::from(*permutations) * m.saturating_sub(1) as u64)
            }
            Method::Occlusion => Ok(m as u64 + 2),
        }
    }
}

/// Which output value is explained: a flat index into the scores output.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Explanation {
    pub method: &'static str,
    pub additive: bool,
    pub output_index: usize,
    pub passes: u64,
    /// v(∅): the explained output at the baseline.
    pub base_value: i64,
    /// v(N): the explained output at the input.
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
/// Requires Σ numerators = total × denominator.
pub fn apportion(numerators: &[i128], denominator: i128, total: i128) -> Vec<i64> {
    let mut base: Vec<i128> = numerators.iter().map(|n| n.div_euclid(denominator)).collect();
    let rems: Vec<i128> = numerators.iter().map(|n| n.rem_euclid(denominator)).collect();
    let leftover = total - base.iter().sum::<i128>();
    let mut order: Vec<usize> = (0..numerators.len()).collect();
    order.sort_by(|a, b| rems[*b].cmp(&rems[*a]).then(a.cmp(b)));
    for i in order.into_iter().take(leftover.max(0) as usize) {
        base[i] += 1;
    }
    base.into_iter().map(|v| v as i64).collect()
}

fn factorial(n: usize) -> i128 {
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
    if baseline.len() != m || std::mem::discriminant(x) != std::mem::discriminant(baseline) {
        return Err(EngineError::Explain(format!("the baseline must have {m} features of the input's kind")));
    }
    let passes = method.passes(m)?;
    if passes > max_passes {
        return Err(EngineError::Budget { needed: passes, budget: max_passes });
    }
    let base_value = value_at(model, baseline, output_index)?;
    let value = value_at(model, x, output_index)?;
    let total = i128::from(value) - i128::from(base_value);

    let attributions = match method {
        Method::Exact => {
            let mut v = vec![0i64; 1 << m];
            v[0] = base_value;
            v[(1 << m) - 1] = value;
            let last = v.len() - 1;
            for (mask, slot) in v.iter_mut().enumerate().take(last).skip(1) {
                *slot = value_at(model, &mixed(x, baseline, |i| mask >> i & 1 == 1), output_index)?;
            }
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
            apportion(&numerators, factorial(m), total)
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
                    numerators[feature] += i128::from(current) - i128::from(previous);
                    previous = current;
                }
            }
            apportion(&numerators, i128::from(permutations), total)
        }
        Method::Occlusion => {
            let mut out = Vec::with_capacity(m);
            for j in 0..m {
                let without = value_at(model, &mixed(x, baseline, |i| i != j), output_index)?;
                out.push(value - without);
            }
            out
        }
    };
    let residual = (total - attributions.iter().map(|a| i128::from(*a)).sum::<i128>()) as i64;
    let mut top: Vec<usize> = (0..m).collect();
    top.sort_by(|a, b| attributions[*b].unsigned_abs().cmp(&attributions[*a].unsigned_abs()).then(a.cmp(b)));
    Ok(Explanation {
        method: method.name(),
        additive: method.additive(),
        output_index,
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
        assert_eq!(apportion(&[1, 1, 1], 3, 1), vec![1, 0, 0]);
        // -4/3 and 7/3: floors -2 and 2 (remainders 2 and 1); the leftover unit goes to feature 0.
        assert_eq!(apportion(&[-4, 7, 0], 3, 1), vec![-1, 2, 0]);
        let nums = [5i128, -11, 17, 2];
        let den = 6;
        let total = nums.iter().sum::<i128>() / den;
        assert_eq!(apportion(&nums, den, total).iter().map(|v| i128::from(*v)).sum::<i128>(), total);
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
