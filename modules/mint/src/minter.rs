//! The minter (`x/mint/types/minter.go`): the current annual inflation rate and the annual
//! provisions it gives, and the rules that move them each block.
//!
//! Every step is the SDK's `LegacyDec` operation with its rounding: `Quo` and `Mul` round half to
//! even at 18 places, `QuoInt` and `TruncateInt` truncate. So the same inputs give the same
//! digits on every node and on an SDK chain.

use cosmos_sdk_proto::cosmos::mint::v1beta1::Minter as ProtoMinter;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::legacy_dec::DecError;
use symbiote_core::{Amount, Coin, LegacyDec, SdkError, SdkResult};

use crate::params::{dec, Params};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Minter {
    /// The current annual inflation rate.
    pub inflation: LegacyDec,
    /// The current annual expected provisions (inflation × staking token supply).
    pub annual_provisions: LegacyDec,
}

impl Default for Minter {
    /// `DefaultInitialMinter`: 13% inflation, no provisions yet.
    fn default() -> Self {
        Self { inflation: LegacyDec::from_atoms_i128(130_000_000_000_000_000), annual_provisions: LegacyDec::ZERO }
    }
}

pub(crate) fn arithmetic(e: DecError) -> SdkError {
    SdkError::internal(format!("mint arithmetic: {e}"))
}

/// The bonded pool's share of the staking token supply (staking's `BondedRatio`): the bonded
/// tokens over the supply, truncated (`QuoInt`); zero when there is no supply.
pub fn bonded_ratio(bonded: Amount, supply: Amount) -> SdkResult<LegacyDec> {
    if supply.is_zero() {
        return Ok(LegacyDec::ZERO);
    }
    LegacyDec::from_amount(bonded).quo_int(supply).map_err(arithmetic)
}

impl Minter {
    /// `ValidateMinter`.
    pub fn validate(&self) -> SdkResult<()> {
        if self.inflation.is_negative() {
            return Err(SdkError::new(
                Code::InvalidRequest,
                format!("mint parameter Inflation should be positive, is {}", self.inflation),
            ));
        }
        Ok(())
    }

    /// `NextInflationRate`: the rate moves toward the bonded goal by at most
    /// `inflation_rate_change` a year, spread over the year's blocks, within [min, max]:
    ///
    /// ```text
    /// change = (1 − bonded_ratio / goal_bonded) · inflation_rate_change / blocks_per_year
    /// inflation = clamp(inflation + change, inflation_min, inflation_max)
    /// ```
    pub fn next_inflation_rate(&self, params: &Params, bonded_ratio: LegacyDec) -> SdkResult<LegacyDec> {
        let blocks_per_year = i64::try_from(params.blocks_per_year)
            .map_err(|_| SdkError::internal(format!("blocks per year {} out of range", params.blocks_per_year)))?;
        let per_year = LegacyDec::ONE
            .checked_sub(bonded_ratio.quo(params.goal_bonded).map_err(arithmetic)?)
            .and_then(|d| d.checked_mul(params.inflation_rate_change))
            .map_err(arithmetic)?;
        let change = per_year.quo(LegacyDec::from_i64(blocks_per_year)).map_err(arithmetic)?;
        let mut inflation = self.inflation.checked_add(change).map_err(arithmetic)?;
        if inflation > params.inflation_max {
            inflation = params.inflation_max;
        }
        if inflation < params.inflation_min {
            inflation = params.inflation_min;
        }
        Ok(inflation)
    }

    /// `NextAnnualProvisions`: the inflation rate times the staking token supply.
    pub fn next_annual_provisions(&self, total_supply: Amount) -> SdkResult<LegacyDec> {
        self.inflation.mul_int(total_supply).map_err(arithmetic)
    }

    /// `BlockProvision`: one block's share of the annual provisions, truncated to whole coins of
    /// the mint denom.
    pub fn block_provision(&self, params: &Params) -> SdkResult<Coin> {
        let amount = self
            .annual_provisions
            .quo_int(Amount::from(params.blocks_per_year))
            .and_then(LegacyDec::truncate_int)
            .map_err(arithmetic)?;
        Ok(Coin::new(params.mint_denom.clone(), amount))
    }

    pub fn to_proto(&self) -> ProtoMinter {
        ProtoMinter {
            inflation: self.inflation.to_proto_string(),
            annual_provisions: self.annual_provisions.to_proto_string(),
        }
    }

    pub fn from_proto(p: &ProtoMinter) -> SdkResult<Self> {
        Ok(Self {
            inflation: dec(&p.inflation, "inflation")?,
            annual_provisions: dec(&p.annual_provisions, "annual provisions")?,
        })
    }
}

#[cfg(test)]
mod tests {
    //! Every expected value is computed here from the SDK's documented rounding rules with plain
    //! `i128`/`u128` arithmetic, independently of `LegacyDec`.

    use super::*;

    /// 10^18: one whole unit in atoms.
    const ONE: i128 = 1_000_000_000_000_000_000;

    fn atoms(d: LegacyDec) -> i128 {
        d.atoms_i128().unwrap()
    }

    fn from_atoms(a: i128) -> LegacyDec {
        LegacyDec::from_atoms_i128(a)
    }

    fn signed(negative: bool, magnitude: u128) -> i128 {
        let m = i128::try_from(magnitude).unwrap();
        if negative {
            -m
        } else {
            m
        }
    }

    /// Divides a magnitude scaled by 10^36 back to 10^18, rounding half to even.
    fn round_half_even(quotient: u128, remainder: u128) -> u128 {
        let half = (ONE / 2) as u128;
        if remainder > half || (remainder == half && quotient % 2 == 1) {
            quotient + 1
        } else {
            quotient
        }
    }

    /// `Mul`: a·b in 10^-36 units, rounded half to even to 10^-18, symmetric around zero.
    fn ref_mul(a: i128, b: i128) -> i128 {
        let product = a.unsigned_abs() * b.unsigned_abs();
        let one = ONE as u128;
        signed((a < 0) != (b < 0), round_half_even(product / one, product % one))
    }

    /// `Quo`: trunc(a·10^36 / b), then rounded half to even to 18 places. With
    /// a·10^18 = q·b + r, trunc(a·10^36 / b) = q·10^18 + trunc(r·10^18 / b), so the whole
    /// quotient is q and the 18 dropped digits are trunc(r·10^18 / b) (r < b ≤ 10^18 here).
    fn ref_quo(a: i128, b: i128) -> i128 {
        let one = ONE as u128;
        let (a_mag, b_mag) = (a.unsigned_abs(), b.unsigned_abs());
        let q = a_mag * one / b_mag;
        let r = a_mag * one % b_mag;
        signed((a < 0) != (b < 0), round_half_even(q, r * one / b_mag))
    }

    /// `Quo` by the whole number n (as a decimal, n·10^18 atoms): trunc(a·10^36 / (n·10^18)) is
    /// trunc(a·10^18 / n), in 10^-36 units.
    fn ref_quo_whole(a: i128, n: u64) -> i128 {
        let one = ONE as u128;
        let scaled = a.unsigned_abs() * one / u128::from(n);
        signed(a < 0, round_half_even(scaled / one, scaled % one))
    }

    struct Case {
        inflation: i128,
        bonded: u128,
        supply: u128,
        params: Params,
    }

    /// (bonded ratio, next inflation, annual provisions, block provision), by the reference.
    fn reference(c: &Case) -> (i128, i128, i128, u128) {
        let p = &c.params;
        let ratio = signed(false, (c.bonded * ONE as u128).checked_div(c.supply).unwrap_or(0));
        let per_year = ref_mul(ONE - ref_quo(ratio, atoms(p.goal_bonded)), atoms(p.inflation_rate_change));
        let change = ref_quo_whole(per_year, p.blocks_per_year);
        let mut inflation = c.inflation + change;
        if inflation > atoms(p.inflation_max) {
            inflation = atoms(p.inflation_max);
        }
        if inflation < atoms(p.inflation_min) {
            inflation = atoms(p.inflation_min);
        }
        let annual = inflation * signed(false, c.supply);
        let block = annual as u128 / u128::from(p.blocks_per_year) / ONE as u128;
        (ratio, inflation, annual, block)
    }

    fn check(c: &Case) -> (i128, i128, i128, u128) {
        let expected = reference(c);
        let ratio = bonded_ratio(Amount::from(c.bonded), Amount::from(c.supply)).unwrap();
        let minter = Minter { inflation: from_atoms(c.inflation), annual_provisions: LegacyDec::ZERO };
        let inflation = minter.next_inflation_rate(&c.params, ratio).unwrap();
        let next = Minter { inflation, annual_provisions: LegacyDec::ZERO };
        let annual = next.next_annual_provisions(Amount::from(c.supply)).unwrap();
        let block = Minter { inflation, annual_provisions: annual }.block_provision(&c.params).unwrap();
        assert_eq!(block.denom, c.params.mint_denom);
        let got = (atoms(ratio), atoms(inflation), atoms(annual), block.amount.to_u128().unwrap());
        assert_eq!(got, expected, "bonded {} of {} from inflation {}", c.bonded, c.supply, c.inflation);
        got
    }

    fn case(inflation: i128, bonded: u128, supply: u128) -> Case {
        Case { inflation, bonded, supply, params: Params::default() }
    }

    const DEFAULT_INFLATION: i128 = 130_000_000_000_000_000;

    #[test]
    fn nothing_bonded_raises_inflation_by_the_full_yearly_change_per_block() {
        let (ratio, inflation, _, block) = check(&case(DEFAULT_INFLATION, 0, 1_000_000_000_000));
        assert_eq!(ratio, 0);
        // 0.13 / 6311520 = 0.0000000205972...: the rate rises by that each block.
        assert!(inflation > DEFAULT_INFLATION && inflation - DEFAULT_INFLATION < ONE / 1_000_000);
        assert!(block > 0);
    }

    #[test]
    fn at_the_goal_inflation_stays_put() {
        let (ratio, inflation, annual, _) = check(&case(DEFAULT_INFLATION, 67, 100));
        assert_eq!(ratio, 670_000_000_000_000_000);
        assert_eq!(inflation, DEFAULT_INFLATION);
        assert_eq!(annual, DEFAULT_INFLATION * 100);
    }

    #[test]
    fn above_the_goal_inflation_falls() {
        let (_, inflation, _, _) = check(&case(DEFAULT_INFLATION, 90, 100));
        assert!(inflation < DEFAULT_INFLATION);
        let (_, inflation, _, _) = check(&case(DEFAULT_INFLATION, 1, 1));
        assert!(inflation < DEFAULT_INFLATION, "everything bonded");
    }

    #[test]
    fn inflation_is_clamped_to_max_and_min() {
        let max = atoms(Params::default().inflation_max);
        let min = atoms(Params::default().inflation_min);
        assert_eq!(check(&case(max - 1, 0, 1_000_000)).1, max, "just below max, nothing bonded");
        assert_eq!(check(&case(max, 0, 1_000_000)).1, max);
        assert_eq!(check(&case(ONE / 2, 67, 100)).1, max, "a rate above max comes down to it");
        assert_eq!(check(&case(min, 1_000_000, 1_000_000)).1, min, "at min, everything bonded");
        assert_eq!(check(&case(min + 1, 99, 100)).1, min);
        assert_eq!(check(&case(0, 67, 100)).1, min, "a rate below min comes up to it");
    }

    #[test]
    fn no_supply_means_a_zero_ratio_and_nothing_minted() {
        let (ratio, _, annual, block) = check(&case(DEFAULT_INFLATION, 0, 0));
        assert_eq!((ratio, annual, block), (0, 0, 0));
    }

    #[test]
    fn ratios_that_do_not_divide_evenly_round_as_the_sdk() {
        // 1/3 bonded (truncated), over a goal that does not divide it, over few blocks a year so
        // the change is large and every digit of it shows.
        for (goal, blocks, bonded, supply) in [
            (670_000_000_000_000_000, 7, 1, 3),
            (300_000_000_000_000_000, 3, 2, 3),
            (333_333_333_333_333_333, 11, 1, 3),
            (10_000_000_000_000_001, 6_311_520, 5, 7),
            (ONE, 1, 123_456_789, 987_654_321),
        ] {
            let params = Params {
                goal_bonded: from_atoms(goal),
                blocks_per_year: blocks,
                inflation_max: LegacyDec::ONE,
                inflation_min: LegacyDec::ZERO,
                ..Params::default()
            };
            check(&Case { inflation: DEFAULT_INFLATION, bonded, supply, params });
        }
    }

    #[test]
    fn many_inputs_agree_with_the_reference() {
        // A fixed linear congruential sequence: deterministic, and spread over the input space.
        let mut seed: u64 = 0x5eed;
        let mut next = move |bound: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 11) % bound
        };
        for _ in 0..5_000 {
            let supply = u128::from(next(1_000_000_000_000_000)) + 1;
            let bonded = supply * u128::from(next(1_001)) / 1_000;
            let min = i128::from(next(500_000_000)) * 1_000_000_000;
            let max = min + i128::from(next(500_000_000)) * 1_000_000_000;
            let params = Params {
                inflation_rate_change: from_atoms(i128::from(next(ONE as u64 + 1))),
                inflation_min: from_atoms(min),
                inflation_max: from_atoms(max),
                // At least 1%: keeps bonded / goal within the reference's 128 bits.
                goal_bonded: from_atoms(ONE / 100 + i128::from(next((ONE - ONE / 100) as u64 + 1))),
                blocks_per_year: next(10_000_000) + 1,
                ..Params::default()
            };
            params.validate().unwrap();
            let inflation = i128::from(next(ONE as u64 + 1));
            check(&Case { inflation, bonded, supply, params });
        }
    }

    #[test]
    fn a_few_blocks_reach_max_from_nothing_bonded() {
        // Ten blocks a year: 0.13 / 10 = 0.013 a block, from 0.13 to the 0.20 cap in six blocks.
        let params = Params { blocks_per_year: 10, ..Params::default() };
        let mut minter = Minter::default();
        let mut seen = vec![];
        for _ in 0..7 {
            minter.inflation = minter.next_inflation_rate(&params, LegacyDec::ZERO).unwrap();
            seen.push(atoms(minter.inflation));
        }
        let step = 13_000_000_000_000_000;
        let expected: Vec<i128> =
            (1..=7).map(|n| (DEFAULT_INFLATION + n * step).min(atoms(params.inflation_max))).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn minter_validation_and_proto_round_trip() {
        let m = Minter::default();
        m.validate().unwrap();
        assert_eq!(m.to_proto().inflation, "130000000000000000");
        assert_eq!(m.to_proto().annual_provisions, "0");
        assert_eq!(Minter::from_proto(&m.to_proto()).unwrap(), m);
        let negative = Minter { inflation: from_atoms(-1), ..m };
        let e = negative.validate().unwrap_err();
        assert!(e.log.contains("mint parameter Inflation should be positive, is -0.000000000000000001"), "{}", e.log);
        assert_eq!(
            serde_json::to_value(Minter::default()).unwrap(),
            serde_json::json!({"inflation": "0.130000000000000000", "annual_provisions": "0.000000000000000000"})
        );
    }
}
