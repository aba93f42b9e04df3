//! The tally of a proposal's votes, as the Cosmos SDK's `x/gov/keeper/tally.go` (v0.50) computes it.
//!
//! Only bonded stake votes. A voter's voting power through each delegation to a bonded validator is
//! `shares × bonded_tokens / delegator_shares` (LegacyDec: `MulInt` then `Quo`), split over the
//! voter's options by weight (`Mul`); the delegated shares are deducted from the validator. A
//! validator whose operator voted then adds `(delegator_shares − deductions) × bonded_tokens /
//! delegator_shares` over its own options: delegators who did not vote inherit their validator's
//! vote, those who voted override it. Sums are exact, so the order of votes and validators does
//! not matter.
//!
//! The decision, first match: no bonded tokens → fails (no burn); turnout (total voting power /
//! bonded tokens) below quorum → fails (burn iff `burn_vote_quorum`); everyone abstained → fails;
//! NoWithVeto / total above the veto threshold → fails (burn iff `burn_vote_veto`); Yes / (total −
//! Abstain) above the threshold (the expedited one for expedited proposals) → passes; else fails.
//! The result's counts are the sums truncated to integers.

use std::collections::BTreeMap;

use symbiote_core::{Address, Amount, LegacyDec, SdkError, SdkResult, ValAddress};

/// `cosmos.gov.v1.VoteOption`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum VoteOption {
    Yes = 1,
    Abstain = 2,
    No = 3,
    NoWithVeto = 4,
}

/// One option of a (weighted) vote; a vote's weights are unique options summing to exactly 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeightedVote {
    pub option: VoteOption,
    pub weight: LegacyDec,
}

/// A bonded validator as the tally sees it (`v1.ValidatorGovInfo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatorGovInfo {
    pub bonded_tokens: Amount,
    pub delegator_shares: LegacyDec,
}

/// The params the tally reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TallyParams {
    pub quorum: LegacyDec,
    pub threshold: LegacyDec,
    pub expedited_threshold: LegacyDec,
    pub veto_threshold: LegacyDec,
    pub burn_vote_quorum: bool,
    pub burn_vote_veto: bool,
}

impl Default for TallyParams {
    /// The SDK's defaults: quorum 0.334, threshold 0.5, expedited 0.667, veto 0.334; burn on veto.
    fn default() -> Self {
        let dec = |thousandths: i64| LegacyDec::new_with_prec(thousandths, 3).unwrap_or(LegacyDec::ZERO);
        Self {
            quorum: dec(334),
            threshold: dec(500),
            expedited_threshold: dec(667),
            veto_threshold: dec(334),
            burn_vote_quorum: false,
            burn_vote_veto: true,
        }
    }
}

/// `cosmos.gov.v1.TallyResult`: each option's voting power, truncated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TallyResult {
    pub yes: Amount,
    pub abstain: Amount,
    pub no: Amount,
    pub no_with_veto: Amount,
}

/// The outcome: whether the proposal passes, whether its deposits are burnt, and the counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    pub passes: bool,
    pub burn_deposits: bool,
    pub result: TallyResult,
}

fn broken(what: &str) -> SdkError {
    SdkError::internal(format!("gov tally: {what}"))
}

/// Tallies `votes` (voter, options) against the bonded `validators`; `delegations(voter)` lists
/// the voter's delegations (validator, shares). `total_bonded` is the staking pool's bonded tokens.
pub fn tally(
    validators: &BTreeMap<ValAddress, ValidatorGovInfo>,
    votes: &[(Address, Vec<WeightedVote>)],
    delegations: impl Fn(&Address) -> Vec<(ValAddress, LegacyDec)>,
    total_bonded: Amount,
    params: &TallyParams,
    expedited: bool,
) -> SdkResult<Tally> {
    let overflow = |_| broken("decimal out of range");
    let mut results: BTreeMap<VoteOption, LegacyDec> = BTreeMap::new();
    let mut total = LegacyDec::ZERO;
    let mut deductions: BTreeMap<ValAddress, LegacyDec> = BTreeMap::new();
    let mut validator_votes: BTreeMap<ValAddress, &[WeightedVote]> = BTreeMap::new();
    let add = |results: &mut BTreeMap<VoteOption, LegacyDec>, power: LegacyDec, options: &[WeightedVote]| {
        for o in options {
            let sub = power.checked_mul(o.weight).map_err(overflow)?;
            let entry = results.entry(o.option).or_insert(LegacyDec::ZERO);
            *entry = entry.checked_add(sub).map_err(overflow)?;
        }
        SdkResult::Ok(())
    };

    for (voter, options) in votes {
        let as_operator = ValAddress::from_account(*voter);
        if validators.contains_key(&as_operator) {
            validator_votes.insert(as_operator, options);
        }
        for (validator, shares) in delegations(voter) {
            let Some(v) = validators.get(&validator) else { continue };
            let deducted = deductions.entry(validator).or_insert(LegacyDec::ZERO);
            *deducted = deducted.checked_add(shares).map_err(overflow)?;
            let power = shares.mul_int(v.bonded_tokens).and_then(|p| p.quo(v.delegator_shares)).map_err(overflow)?;
            add(&mut results, power, options)?;
            total = total.checked_add(power).map_err(overflow)?;
        }
    }
    for (validator, options) in &validator_votes {
        let v = &validators[validator];
        let deducted = deductions.get(validator).copied().unwrap_or(LegacyDec::ZERO);
        let remaining = v.delegator_shares.checked_sub(deducted).map_err(overflow)?;
        let power = remaining.mul_int(v.bonded_tokens).and_then(|p| p.quo(v.delegator_shares)).map_err(overflow)?;
        add(&mut results, power, options)?;
        total = total.checked_add(power).map_err(overflow)?;
    }

    let of = |o: VoteOption| results.get(&o).copied().unwrap_or(LegacyDec::ZERO);
    let count = |o: VoteOption| {
        let d = of(o);
        // The SDK truncates; a negative count (possible only through rounding) would be a bug.
        if d.is_negative() {
            Err(broken("a negative count"))
        } else {
            d.truncate_int().map_err(overflow)
        }
    };
    let result = TallyResult {
        yes: count(VoteOption::Yes)?,
        abstain: count(VoteOption::Abstain)?,
        no: count(VoteOption::No)?,
        no_with_veto: count(VoteOption::NoWithVeto)?,
    };
    let outcome = |passes: bool, burn_deposits: bool| Ok(Tally { passes, burn_deposits, result: result.clone() });
    if total_bonded.is_zero() {
        return outcome(false, false);
    }
    let turnout = total.quo(LegacyDec::from_amount(total_bonded)).map_err(overflow)?;
    if turnout < params.quorum {
        return outcome(false, params.burn_vote_quorum);
    }
    let non_abstain = total.checked_sub(of(VoteOption::Abstain)).map_err(overflow)?;
    if non_abstain.is_zero() {
        return outcome(false, false);
    }
    if of(VoteOption::NoWithVeto).quo(total).map_err(overflow)? > params.veto_threshold {
        return outcome(false, params.burn_vote_veto);
    }
    let threshold = if expedited { params.expedited_threshold } else { params.threshold };
    if of(VoteOption::Yes).quo(non_abstain).map_err(overflow)? > threshold {
        return outcome(true, false);
    }
    outcome(false, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(n: u8) -> Address {
        Address::from_bytes([n; 20])
    }

    fn val(n: u8) -> ValAddress {
        ValAddress::from_account(addr(n))
    }

    fn dec(s: &str) -> LegacyDec {
        s.parse().unwrap()
    }

    fn only(option: VoteOption) -> Vec<WeightedVote> {
        vec![WeightedVote { option, weight: LegacyDec::ONE }]
    }

    /// Validators 1 and 2 with 100 and 50 bonded tokens (shares equal to tokens); delegator 10
    /// has 30 shares with validator 1, delegator 11 has 20 with validator 2; the rest is each
    /// operator's self-delegation.
    fn network() -> BTreeMap<ValAddress, ValidatorGovInfo> {
        [(1, 100u64), (2, 50)]
            .into_iter()
            .map(|(n, t)| {
                (val(n), ValidatorGovInfo { bonded_tokens: Amount::from(t), delegator_shares: dec(&t.to_string()) })
            })
            .collect()
    }

    fn delegations(voter: &Address) -> Vec<(ValAddress, LegacyDec)> {
        match voter.as_bytes()[0] {
            1 => vec![(val(1), dec("70"))],
            2 => vec![(val(2), dec("30"))],
            10 => vec![(val(1), dec("30"))],
            11 => vec![(val(2), dec("20"))],
            _ => vec![],
        }
    }

    fn run(votes: &[(Address, Vec<WeightedVote>)], params: &TallyParams, expedited: bool) -> Tally {
        tally(&network(), votes, delegations, Amount::from(150u64), params, expedited).unwrap()
    }

    fn counts(t: &Tally) -> [u64; 4] {
        let r = &t.result;
        [r.yes, r.abstain, r.no, r.no_with_veto].map(|a| a.to_u64().unwrap())
    }

    #[test]
    fn delegators_inherit_their_validators_vote_unless_they_vote_themselves() {
        // Validator 1 votes Yes: its 100 tokens count, its delegator's 30 inherited. Delegator 11
        // votes No: its 20 of validator 2's 50 count No; validator 2 did not vote, so its own 30
        // count for nothing. Turnout 120/150 = 0.8; Yes 100/120 > 0.5: passes.
        let t =
            run(&[(addr(1), only(VoteOption::Yes)), (addr(11), only(VoteOption::No))], &TallyParams::default(), false);
        assert_eq!(counts(&t), [100, 0, 20, 0]);
        assert!(t.passes && !t.burn_deposits);
        // Delegator 10 overrides validator 1 with No: Yes 70, No 30 + 20.
        let t = run(
            &[(addr(1), only(VoteOption::Yes)), (addr(10), only(VoteOption::No)), (addr(11), only(VoteOption::No))],
            &TallyParams::default(),
            false,
        );
        assert_eq!(counts(&t), [70, 0, 50, 0]);
        assert!(t.passes, "70/120 = 0.583 > 0.5");
    }

    #[test]
    fn a_quorum_miss_fails_and_burns_only_if_the_params_say_so() {
        // Validator 2 alone: 50/150 = 0.333 < 0.334.
        let votes = [(addr(2), only(VoteOption::Yes))];
        let t = run(&votes, &TallyParams::default(), false);
        assert_eq!(counts(&t), [50, 0, 0, 0]);
        assert!(!t.passes && !t.burn_deposits);
        let burning = TallyParams { burn_vote_quorum: true, ..TallyParams::default() };
        assert!(run(&votes, &burning, false).burn_deposits);
    }

    #[test]
    fn a_veto_over_the_threshold_fails_and_burns() {
        // Yes 100 (validator 1 with its delegator), NoWithVeto 50 (validator 2): 50/150 = 0.333…
        // is not over 0.334, so it passes; with delegator 10 also vetoing, 80/150 = 0.533 is.
        let t = run(
            &[(addr(1), only(VoteOption::Yes)), (addr(2), only(VoteOption::NoWithVeto))],
            &TallyParams::default(),
            false,
        );
        assert!(t.passes);
        let t = run(
            &[
                (addr(1), only(VoteOption::Yes)),
                (addr(2), only(VoteOption::NoWithVeto)),
                (addr(10), only(VoteOption::NoWithVeto)),
            ],
            &TallyParams::default(),
            false,
        );
        assert_eq!(counts(&t), [70, 0, 0, 80]);
        assert!(!t.passes && t.burn_deposits);
    }

    #[test]
    fn everyone_abstaining_fails_without_burning() {
        let t = run(
            &[(addr(1), only(VoteOption::Abstain)), (addr(2), only(VoteOption::Abstain))],
            &TallyParams::default(),
            false,
        );
        assert_eq!(counts(&t), [0, 150, 0, 0]);
        assert!(!t.passes && !t.burn_deposits);
    }

    #[test]
    fn weighted_votes_split_power_and_expedited_proposals_need_two_thirds() {
        // Validator 1 (with its delegator's 30): 0.6 Yes, 0.4 No → 60 / 40. Validator 2: Yes 50.
        // Yes 110 / 150 = 0.733: passes as expedited too. With validator 2 splitting 0.5/0.5:
        // Yes 85 / 150 = 0.567 passes a regular proposal but not an expedited one (0.667).
        let split = |yes: &str, no: &str| {
            vec![
                WeightedVote { option: VoteOption::Yes, weight: dec(yes) },
                WeightedVote { option: VoteOption::No, weight: dec(no) },
            ]
        };
        let t = run(&[(addr(1), split("0.6", "0.4")), (addr(2), only(VoteOption::Yes))], &TallyParams::default(), true);
        assert_eq!(counts(&t), [110, 0, 40, 0]);
        assert!(t.passes);
        let votes = [(addr(1), split("0.6", "0.4")), (addr(2), split("0.5", "0.5"))];
        assert_eq!(counts(&run(&votes, &TallyParams::default(), false)), [85, 0, 65, 0]);
        assert!(run(&votes, &TallyParams::default(), false).passes);
        assert!(!run(&votes, &TallyParams::default(), true).passes);
    }

    #[test]
    fn voting_power_rounds_as_the_sdk_after_a_slash() {
        // A slashed validator: 99 tokens for 100 shares. Its delegator's 30 shares are worth
        // 30 × 99 / 100 = 29.7; the operator's remaining 70 shares 69.3. The counts truncate.
        let validators: BTreeMap<_, _> =
            [(val(1), ValidatorGovInfo { bonded_tokens: Amount::from(99u64), delegator_shares: dec("100") })].into();
        let votes = [(addr(1), only(VoteOption::Yes)), (addr(10), only(VoteOption::No))];
        let t = tally(&validators, &votes, delegations, Amount::from(99u64), &TallyParams::default(), false).unwrap();
        assert_eq!(counts(&t), [69, 0, 29, 0]);
        assert!(t.passes, "69.3 / 99 = 0.7 > 0.5");
        // No bonded tokens: fails, nothing burnt.
        let t = tally(&validators, &votes, delegations, Amount::ZERO, &TallyParams::default(), false).unwrap();
        assert!(!t.passes && !t.burn_deposits);
    }
}
