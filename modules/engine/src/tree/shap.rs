//! Exact interventional TreeSHAP with one reference row, in integer arithmetic.
//!
//! **The game.** For features x, a reference row b and a coalition S, v(S) is the ensemble's margin
//! for one target (the aggregated leaf weights plus the base value, before the post transform) at
//! the mixed row that takes feature i from x when i ∈ S and from b otherwise: the baseline Shapley
//! game the engine explains with forward passes, evaluated on the margin. Its Shapley values are
//! computed from the trees instead of 2^M passes, in time linear in the nodes (times the depth).
//!
//! **Per tree.** The walk follows x and b together. At a branch on feature j where both go the same
//! way it follows that child. Where they part, the x-side child is reached only by coalitions that
//! hold j and the b-side child only by those that do not: if j was already decided higher on the
//! path the walk follows that decision, otherwise it visits both children, with j added to A (the
//! features that must be in S) or to B (those that must not be). A leaf with value v reached with
//! sets A and B (a = |A|, c = |B|, disjoint) contributes the game v·[A ⊆ S and B ∩ S = ∅], whose
//! Shapley values are
//!
//! * φ_i = v · (a−1)! c! / (a+c)! = v / (a · C(a+c, a)) for i ∈ A,
//! * φ_i = −v · a! (c−1)! / (a+c)! = −v / (c · C(a+c, c)) for i ∈ B,
//! * 0 elsewhere (the leaf on both x's and b's paths, a = c = 0, contributes nothing).
//!
//! Every leaf is visited at most once per tree; with two leaves per branch at most, a tree of L
//! leaves and depth d costs O(L·d). Shapley values are additive over trees, so the ensemble's are
//! the sums, and the base value cancels.
//!
//! **Arithmetic.** Every weight above is an integer multiple of 1/D with D = lcm(1, …, d) for the
//! ensemble's depth d ≤ [`MAX_TREE_DEPTH`] (because a·C(n, a) divides lcm(1, …, n)); lcm(1, …, 32)
//! = 144 403 552 893 600 < 2^48. So each attribution is kept as an exact numerator over D in `i128`:
//! leaf values are fixed-point integers (|v| < 2^63 per weight), a leaf's term is v · D / (a·C(a+c, a))
//! (< 2^111), and the sums are checked (an overflow is an error, never a wrap; it needs weights near
//! the fixed-point limit on trees near the depth limit). Per leaf the terms of A and B sum to
//! v·D·([B = ∅] − [A = ∅]), so the numerators sum to exactly D · Σ_trees (v_t(x) − v_t(b)):
//! **efficiency holds exactly** before any rounding. No floats: thresholds are compared with the
//! f32 input exactly as the evaluator does ([`super::Mode::goes_true`], NaN as a missing value).
//!
//! **Aggregates.** SUM: the margin difference is Σ_t (v_t(x) − v_t(b)), the denominator D. AVERAGE:
//! the game is the average of the trees (denominator D·T for T trees), while the evaluator's margin
//! is that average rounded half away from zero, so the exact values sum to within 1 unit of the
//! margin difference (see [`crate::explain`](mod@crate::explain) for how integers are chosen). MIN
//! and MAX are not sums over trees and have no tree decomposition: refused.

use super::{Aggregate, Ensemble, Node, Tree, MAX_TREE_DEPTH};
use crate::EngineError;

/// Which margin is explained: `index` into the ensemble's margins, negated for the complement
/// column of a one-column binary classifier (its score 0 is 1 − score 1, a function of −s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarginRef {
    pub index: usize,
    pub negate: bool,
}

/// Exact attributions: feature i's Shapley value is `numerators[i] / denominator`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exact {
    pub numerators: Vec<i128>,
    pub denominator: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// lcm(1, …, n), n ≤ MAX_TREE_DEPTH (lcm(1, …, 32) < 2^48); 1 for n = 0.
pub fn lcm_upto(n: usize) -> i128 {
    debug_assert!(n <= MAX_TREE_DEPTH);
    (1..=n as i128).fold(1, |l, k| l / gcd(l, k) * k)
}

/// C(n, k) for n ≤ MAX_TREE_DEPTH (C(32, 16) < 2^30), exact: each partial product is a binomial.
fn binomial(n: usize, k: usize) -> i128 {
    (0..k as i128).fold(1, |c, i| c * (n as i128 - i) / (i + 1))
}

/// `D / (p · C(p + q, p))` for p ≥ 1, p + q ≤ d: the weight numerator of a feature on the side of
/// size p when the other side has size q.
struct Weights {
    d: usize,
    denominator: i128,
    table: Vec<i128>,
}

impl Weights {
    fn new(d: usize) -> Self {
        let denominator = lcm_upto(d);
        let mut table = vec![0; (d + 1) * (d + 1)];
        for p in 1..=d {
            for q in 0..=d - p {
                let w = p as i128 * binomial(p + q, p);
                debug_assert_eq!(denominator % w, 0, "p·C(p+q, p) divides lcm(1..=p+q)");
                table[p * (d + 1) + q] = denominator / w;
            }
        }
        Self { d, denominator, table }
    }

    #[inline]
    fn get(&self, p: usize, q: usize) -> i128 {
        self.table[p * (self.d + 1) + q]
    }
}

/// The walk over one tree.
struct Walk<'a> {
    ensemble: &'a Ensemble,
    margin: MarginRef,
    x: &'a [f32],
    b: &'a [f32],
    weights: &'a Weights,
    /// Per feature: 0 undecided, 1 in A (must be in S), 2 in B (must not be).
    side: Vec<u8>,
    a: Vec<u32>,
    b_set: Vec<u32>,
    numerators: &'a mut [i128],
}

impl Walk<'_> {
    fn overflow(&self) -> EngineError {
        EngineError::Explain(format!(
            "tree Shapley numerators of ensemble {:?} overflow i128 (weights near the fixed-point limit on deep trees)",
            self.ensemble.name
        ))
    }

    /// The leaf's value for the explained margin: its weights on that target, summed (≤ the
    /// ensemble's weight count × 2^63, far inside i128), negated if asked.
    fn leaf_value(&self, start: u32, end: u32) -> i128 {
        let target = self.margin.index as u32;
        let v: i128 = self.ensemble.weights[start as usize..end as usize]
            .iter()
            .filter(|(t, _)| *t == target)
            .map(|(_, w)| i128::from(*w))
            .sum();
        if self.margin.negate {
            -v
        } else {
            v
        }
    }

    fn visit(&mut self, tree: &Tree, at: u32) -> Result<(), EngineError> {
        match tree.nodes[at as usize] {
            Node::Branch { feature, threshold, mode, missing_true, if_true, if_false } => {
                let f = feature as usize;
                let x_true = mode.goes_true(self.x[f], threshold, missing_true);
                let b_true = mode.goes_true(self.b[f], threshold, missing_true);
                let child = |t: bool| if t { if_true } else { if_false };
                if x_true == b_true {
                    return self.visit(tree, child(x_true));
                }
                match self.side[f] {
                    1 => self.visit(tree, child(x_true)),
                    2 => self.visit(tree, child(b_true)),
                    _ => {
                        self.side[f] = 1;
                        self.a.push(feature);
                        self.visit(tree, child(x_true))?;
                        self.a.pop();
                        self.side[f] = 2;
                        self.b_set.push(feature);
                        self.visit(tree, child(b_true))?;
                        self.b_set.pop();
                        self.side[f] = 0;
                        Ok(())
                    }
                }
            }
            Node::Leaf { start, end } => {
                let (a, c) = (self.a.len(), self.b_set.len());
                if a + c == 0 {
                    return Ok(());
                }
                let v = self.leaf_value(start, end);
                if v == 0 {
                    return Ok(());
                }
                // a + c ≤ the tree's depth ≤ d.
                if a > 0 {
                    let term = v.checked_mul(self.weights.get(a, c)).ok_or_else(|| self.overflow())?;
                    for i in 0..a {
                        let f = self.a[i] as usize;
                        self.numerators[f] = self.numerators[f].checked_add(term).ok_or_else(|| self.overflow())?;
                    }
                }
                if c > 0 {
                    let term = v.checked_mul(self.weights.get(c, a)).ok_or_else(|| self.overflow())?;
                    for i in 0..c {
                        let f = self.b_set[i] as usize;
                        self.numerators[f] = self.numerators[f].checked_sub(term).ok_or_else(|| self.overflow())?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// Exact baseline Shapley values of `margin` of `ensemble` for features `x` against the reference
/// row `b` (both at least `n_features` long, the ensemble's input), over `m ≥ n_features` features.
pub fn interventional(
    ensemble: &Ensemble,
    margin: MarginRef,
    x: &[f32],
    b: &[f32],
    m: usize,
) -> Result<Exact, EngineError> {
    if !matches!(ensemble.aggregate, Aggregate::Sum | Aggregate::Average) {
        return Err(EngineError::Explain(format!(
            "tree Shapley needs an ensemble that sums or averages its trees; {:?} aggregates with {} (use \
             shapley_exact or shapley_sampled)",
            ensemble.name,
            ensemble.aggregate.name()
        )));
    }
    if margin.index >= ensemble.n_margins {
        return Err(EngineError::Explain(format!(
            "margin {} of ensemble {:?}, which has {}",
            margin.index, ensemble.name, ensemble.n_margins
        )));
    }
    if x.len() < ensemble.n_features || b.len() < ensemble.n_features || m < ensemble.n_features {
        return Err(EngineError::Explain(format!(
            "ensemble {:?} reads {} features; got rows of {} and {} for {m} attributions",
            ensemble.name,
            ensemble.n_features,
            x.len(),
            b.len()
        )));
    }
    let weights = Weights::new(ensemble.max_depth() as usize);
    let mut numerators = vec![0i128; m];
    let depth = ensemble.max_depth() as usize;
    let mut walk = Walk {
        ensemble,
        margin,
        x,
        b,
        weights: &weights,
        side: vec![0; ensemble.n_features],
        a: Vec::with_capacity(depth),
        b_set: Vec::with_capacity(depth),
        numerators: &mut numerators,
    };
    // Each walk leaves `side`, `a` and `b_set` as it found them.
    for tree in &ensemble.trees {
        walk.visit(tree, 0)?;
    }
    let denominator = match ensemble.aggregate {
        // At most MAX_TREE_NODES trees: D · T < 2^48 · 2^17.
        Aggregate::Average => weights.denominator * ensemble.trees.len().max(1) as i128,
        _ => weights.denominator,
    };
    Ok(Exact { numerators, denominator })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcm_and_weights_are_exact() {
        assert_eq!(lcm_upto(0), 1);
        assert_eq!(lcm_upto(3), 6);
        assert_eq!(lcm_upto(32), 144_403_552_893_600);
        assert!(lcm_upto(MAX_TREE_DEPTH) < 1 << 48);
        // Every p·C(p+q, p) with p + q ≤ 32 divides lcm(1..=32): the table is exact (asserted inside).
        let w = Weights::new(MAX_TREE_DEPTH);
        for p in 1..=MAX_TREE_DEPTH {
            for q in 0..=MAX_TREE_DEPTH - p {
                assert_eq!(w.get(p, q) * p as i128 * binomial(p + q, p), w.denominator, "{p} {q}");
            }
        }
        // A leaf's A-side and B-side weights cancel when both are non-empty: a·w(a, c) = c·w(c, a).
        for a in 1..=16 {
            for c in 1..=16 {
                assert_eq!(a as i128 * w.get(a, c), c as i128 * w.get(c, a));
            }
        }
        assert_eq!(binomial(32, 16), 601_080_390);
    }
}
