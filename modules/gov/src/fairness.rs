//! Fairness metrics of a binary classifier's decisions across the groups of a sensitive attribute,
//! with Fairlearn's definitions (`fairlearn.metrics`, checked against Fairlearn itself in the
//! crate's tests):
//!
//! ```text
//! per group   selection rate  = predicted positive / count
//!             TPR             = TP / (TP + FN)        (0 when the group has no positive)
//!             FPR             = FP / (FP + TN)        (0 when the group has no negative)
//!             accuracy        = (TP + TN) / count
//! overall     demographic parity difference = max − min of the selection rates
//!             demographic parity ratio      = min / max of the selection rates (1 if max = 0)
//!             equalized odds difference     = max(TPR max − min, FPR max − min)  (worst case)
//!             equal opportunity difference  = TPR max − min
//! ```
//!
//! Every figure is an exact ratio of integer counts (differences and ratios of ratios too),
//! rounded once, half to even, to 18 decimal places (the SDK's `LegacyDec`), so every validator
//! computes the same bits and the rounding rule is the only approximation. Fairlearn's zero-
//! division conventions (scikit-learn's `zero_division=0`) are followed for the rates; the ratio
//! of a dataset where no group is selected is 1 (equal treatment), where Fairlearn gives NaN.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use symbiote_core::{LegacyDec, SdkError, SdkResult};
use symbiote_proto::symbiote::gov::v1 as pb;

/// The most rows one audit may have: keeps every cross product below 2^127.
pub const MAX_ROWS: u64 = 1_000_000;

/// One decision: the row's group, its true label and the model's, as "is positive".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub group: String,
    pub actual: bool,
    pub predicted: bool,
}

/// A non-negative rational (den > 0, or the value 0 when den = 0 by the zero-division rule).
#[derive(Clone, Copy, Debug)]
struct Ratio {
    num: u128,
    den: u128,
}

impl Ratio {
    fn new(num: u64, den: u64) -> Self {
        if den == 0 {
            return Ratio { num: 0, den: 1 };
        }
        Ratio { num: num.into(), den: den.into() }
    }

    fn cmp(&self, other: &Ratio) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }

    /// `self − other`, for `self ≥ other`.
    fn minus(&self, other: &Ratio) -> Ratio {
        Ratio { num: self.num * other.den - other.num * self.den, den: self.den * other.den }
    }

    /// `self / other`, for `other > 0`.
    fn over(&self, other: &Ratio) -> Ratio {
        Ratio { num: self.num * other.den, den: self.den * other.num }
    }

    /// Rounded half to even to 18 decimal places.
    fn to_dec(self) -> SdkResult<LegacyDec> {
        const SCALE: u128 = 1_000_000_000_000_000_000;
        let broken = || SdkError::internal("fairness ratio out of range");
        let whole = self.num / self.den;
        let rest = self.num % self.den;
        // rest / den scaled: rest < den ≤ 10^24 (bounded by MAX_ROWS), × 10^18 < 2^127.
        let scaled = rest.checked_mul(SCALE).ok_or_else(broken)?;
        let (mut frac, rem) = (scaled / self.den, scaled % self.den);
        match (2 * rem).cmp(&self.den) {
            Ordering::Greater => frac += 1,
            Ordering::Equal if frac % 2 == 1 => frac += 1,
            _ => {}
        }
        let atoms = whole.checked_mul(SCALE).and_then(|w| w.checked_add(frac)).ok_or_else(broken)?;
        Ok(LegacyDec::from_atoms_i128(i128::try_from(atoms).map_err(|_| broken())?))
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    n: u64,
    predicted: u64,
    tp: u64,
    fp: u64,
    tn: u64,
    fn_: u64,
}

impl Counts {
    fn add(&mut self, d: &Decision) {
        self.n += 1;
        self.predicted += u64::from(d.predicted);
        match (d.actual, d.predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
            (true, false) => self.fn_ += 1,
        }
    }
    fn selection(&self) -> Ratio {
        Ratio::new(self.predicted, self.n)
    }
    fn tpr(&self) -> Ratio {
        Ratio::new(self.tp, self.tp + self.fn_)
    }
    fn fpr(&self) -> Ratio {
        Ratio::new(self.fp, self.fp + self.tn)
    }
    fn accuracy(&self) -> Ratio {
        Ratio::new(self.tp + self.tn, self.n)
    }
}

/// (min, max) of the groups' values.
fn spread(values: &[Ratio]) -> (Ratio, Ratio) {
    let zero = Ratio::new(0, 1);
    let min = values.iter().copied().min_by(|a, b| a.cmp(b)).unwrap_or(zero);
    let max = values.iter().copied().max_by(|a, b| a.cmp(b)).unwrap_or(zero);
    (min, max)
}

fn dec(r: Ratio) -> SdkResult<String> {
    Ok(r.to_dec()?.to_string())
}

/// The report of one model version's decisions (groups in byte order of their value).
pub fn report(version: u32, model_id: &str, decisions: &[Decision]) -> SdkResult<pb::FairnessReport> {
    if decisions.len() as u64 > MAX_ROWS {
        return Err(SdkError::internal(format!("an audit of {} rows, over {MAX_ROWS}", decisions.len())));
    }
    let mut groups: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut all = Counts::default();
    for d in decisions {
        groups.entry(d.group.as_str()).or_default().add(d);
        all.add(d);
    }
    let selections: Vec<Ratio> = groups.values().map(Counts::selection).collect();
    let tprs: Vec<Ratio> = groups.values().map(Counts::tpr).collect();
    let fprs: Vec<Ratio> = groups.values().map(Counts::fpr).collect();
    let (sel_min, sel_max) = spread(&selections);
    let (tpr_min, tpr_max) = spread(&tprs);
    let (fpr_min, fpr_max) = spread(&fprs);
    let parity_ratio = if sel_max.num == 0 { Ratio::new(1, 1) } else { sel_min.over(&sel_max) };
    let tpr_gap = tpr_max.minus(&tpr_min);
    let fpr_gap = fpr_max.minus(&fpr_min);
    let odds_gap = if tpr_gap.cmp(&fpr_gap) == Ordering::Less { fpr_gap } else { tpr_gap };
    Ok(pb::FairnessReport {
        version,
        model_id: model_id.to_string(),
        groups: groups
            .iter()
            .map(|(group, c)| {
                Ok(pb::GroupMetrics {
                    group: group.to_string(),
                    count: c.n,
                    predicted_positive: c.predicted,
                    true_positive: c.tp,
                    false_positive: c.fp,
                    true_negative: c.tn,
                    false_negative: c.fn_,
                    selection_rate: dec(c.selection())?,
                    true_positive_rate: dec(c.tpr())?,
                    false_positive_rate: dec(c.fpr())?,
                    accuracy: dec(c.accuracy())?,
                })
            })
            .collect::<SdkResult<_>>()?,
        accuracy: dec(all.accuracy())?,
        selection_rate: dec(all.selection())?,
        demographic_parity_difference: dec(sel_max.minus(&sel_min))?,
        demographic_parity_ratio: dec(parity_ratio)?,
        equalized_odds_difference: dec(odds_gap)?,
        equal_opportunity_difference: dec(tpr_gap)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(spec: &[(&str, bool, bool, usize)]) -> Vec<Decision> {
        spec.iter()
            .flat_map(|(g, actual, predicted, n)| {
                std::iter::repeat_n(Decision { group: g.to_string(), actual: *actual, predicted: *predicted }, *n)
            })
            .collect()
    }

    #[test]
    fn hand_computed_groups_and_gaps() {
        // Group a: 10 rows, 6 positive; predicted positive 5 (TP 4, FP 1) → sel 0.5, TPR 4/6,
        // FPR 1/4, accuracy (4 + 3) / 10. Group b: 5 rows, 2 positive; predicted positive 1
        // (TP 1) → sel 0.2, TPR 0.5, FPR 0, accuracy 4/5.
        let d = rows(&[
            ("a", true, true, 4),
            ("a", false, true, 1),
            ("a", true, false, 2),
            ("a", false, false, 3),
            ("b", true, true, 1),
            ("b", true, false, 1),
            ("b", false, false, 3),
        ]);
        let r = report(2, "ab", &d).unwrap();
        let a = &r.groups[0];
        assert_eq!((a.group.as_str(), a.count, a.predicted_positive, a.true_positive), ("a", 10, 5, 4));
        assert_eq!(a.selection_rate, "0.500000000000000000");
        assert_eq!(a.true_positive_rate, "0.666666666666666667", "4/6 rounded half to even");
        assert_eq!(a.false_positive_rate, "0.250000000000000000");
        assert_eq!(a.accuracy, "0.700000000000000000");
        let b = &r.groups[1];
        assert_eq!(
            (b.selection_rate.as_str(), b.true_positive_rate.as_str()),
            ("0.200000000000000000", "0.500000000000000000")
        );
        assert_eq!(r.demographic_parity_difference, "0.300000000000000000");
        assert_eq!(r.demographic_parity_ratio, "0.400000000000000000");
        // TPR gap 4/6 − 1/2 = 1/6; FPR gap 1/4 − 0 = 1/4: the worst case is 1/4.
        assert_eq!(r.equal_opportunity_difference, "0.166666666666666667");
        assert_eq!(r.equalized_odds_difference, "0.250000000000000000");
        assert_eq!(r.accuracy, "0.733333333333333333", "11/15");
        assert_eq!(r.selection_rate, "0.400000000000000000");
    }

    #[test]
    fn degenerate_groups_follow_the_zero_division_rules() {
        // No positives in b (TPR 0), nobody selected anywhere (ratio 1), one group only.
        let d = rows(&[("a", true, false, 2), ("b", false, false, 3)]);
        let r = report(1, "", &d).unwrap();
        assert_eq!(r.groups[1].true_positive_rate, "0.000000000000000000");
        assert_eq!(r.demographic_parity_ratio, "1.000000000000000000");
        assert_eq!(r.demographic_parity_difference, "0.000000000000000000");
        let single = report(1, "", &rows(&[("only", true, true, 3)])).unwrap();
        assert_eq!(
            (single.demographic_parity_ratio.as_str(), single.equalized_odds_difference.as_str()),
            ("1.000000000000000000", "0.000000000000000000")
        );
        assert!(report(1, "", &[]).unwrap().groups.is_empty());
    }

    #[test]
    fn rounding_is_half_to_even_at_the_18th_place() {
        // 1 / (2 · 10^18) is exactly half an atom: rounds to 0 (even); 3 / (2 · 10^18) to 2.
        let half = Ratio { num: 1, den: 2_000_000_000_000_000_000 };
        assert_eq!(half.to_dec().unwrap().to_string(), "0.000000000000000000");
        let three_halves = Ratio { num: 3, den: 2_000_000_000_000_000_000 };
        assert_eq!(three_halves.to_dec().unwrap().to_string(), "0.000000000000000002");
        assert_eq!(Ratio::new(2, 3).to_dec().unwrap().to_string(), "0.666666666666666667");
        assert_eq!(Ratio::new(7, 7).to_dec().unwrap().to_string(), "1.000000000000000000");
    }
}
