//! Mint parameters (`x/mint/types/params.go`), with the SDK's defaults except the mint denom,
//! which is the chain's bond denom `usym` (the SDK defaults to its own bond denom, `stake`).

use cosmos_sdk_proto::cosmos::mint::v1beta1::Params as ProtoParams;
use serde::{Deserialize, Serialize};
use symbiote_core::coin::validate_denom;
use symbiote_core::error::Code;
use symbiote_core::{LegacyDec, SdkError, SdkResult, BASE_DENOM};

/// 60 · 60 · 8766 / 5: a year of five-second blocks (the SDK's default).
pub const DEFAULT_BLOCKS_PER_YEAR: u64 = 60 * 60 * 8766 / 5;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The denom minted each block.
    pub mint_denom: String,
    /// The most the inflation rate moves in a year.
    pub inflation_rate_change: LegacyDec,
    pub inflation_max: LegacyDec,
    pub inflation_min: LegacyDec,
    /// The bonded ratio inflation steers toward.
    pub goal_bonded: LegacyDec,
    /// `"6311520"`, as protobuf JSON writes a uint64.
    #[serde(with = "symbiote_core::serde_str")]
    pub blocks_per_year: u64,
}

fn percent(n: i64) -> LegacyDec {
    LegacyDec::from_atoms_i128(i128::from(n) * 10_000_000_000_000_000)
}

impl Default for Params {
    fn default() -> Self {
        Self {
            mint_denom: BASE_DENOM.to_string(),
            inflation_rate_change: percent(13),
            inflation_max: percent(20),
            inflation_min: percent(7),
            goal_bonded: percent(67),
            blocks_per_year: DEFAULT_BLOCKS_PER_YEAR,
        }
    }
}

fn invalid(why: String) -> SdkResult<()> {
    Err(SdkError::new(Code::InvalidRequest, why))
}

/// A rate in [0, 1]: `what cannot be negative` / `what too large`, as params.go words them.
fn check_fraction(value: LegacyDec, what: &str) -> SdkResult<()> {
    if value.is_negative() {
        return invalid(format!("{what} cannot be negative: {value}"));
    }
    if value > LegacyDec::ONE {
        return invalid(format!("{what} too large: {value}"));
    }
    Ok(())
}

impl Params {
    /// `Params.Validate` (code 18 with the SDK's wording; an invalid denom is code 10 as
    /// everywhere else).
    pub fn validate(&self) -> SdkResult<()> {
        if self.mint_denom.trim().is_empty() {
            return invalid("mint denom cannot be blank".into());
        }
        validate_denom(&self.mint_denom)?;
        check_fraction(self.inflation_rate_change, "inflation rate change")?;
        check_fraction(self.inflation_max, "max inflation")?;
        check_fraction(self.inflation_min, "min inflation")?;
        if !self.goal_bonded.is_positive() {
            return invalid(format!("goal bonded must be positive: {}", self.goal_bonded));
        }
        if self.goal_bonded > LegacyDec::ONE {
            return invalid(format!("goal bonded too large: {}", self.goal_bonded));
        }
        if self.blocks_per_year == 0 {
            return invalid("blocks per year must be positive: 0".into());
        }
        // The SDK converts it to an int64 for its arithmetic (and v0.50's later releases check it).
        if self.blocks_per_year > i64::MAX as u64 {
            return invalid(format!(
                "blocks per year too large: {}, maximum value is: {}",
                self.blocks_per_year,
                i64::MAX
            ));
        }
        if self.inflation_max < self.inflation_min {
            return invalid(format!(
                "max inflation ({}) must be greater than or equal to min inflation ({})",
                self.inflation_max, self.inflation_min
            ));
        }
        Ok(())
    }

    pub fn to_proto(&self) -> ProtoParams {
        ProtoParams {
            mint_denom: self.mint_denom.clone(),
            inflation_rate_change: self.inflation_rate_change.to_proto_string(),
            inflation_max: self.inflation_max.to_proto_string(),
            inflation_min: self.inflation_min.to_proto_string(),
            goal_bonded: self.goal_bonded.to_proto_string(),
            blocks_per_year: self.blocks_per_year,
        }
    }

    /// Submitted (MsgUpdateParams) or stored params, not yet validated. An empty decimal is the
    /// SDK's nil `LegacyDec`, which its validation refuses (code 18).
    pub fn from_proto(p: &ProtoParams) -> SdkResult<Self> {
        Ok(Self {
            mint_denom: p.mint_denom.clone(),
            inflation_rate_change: dec(&p.inflation_rate_change, "inflation rate change")?,
            inflation_max: dec(&p.inflation_max, "max inflation")?,
            inflation_min: dec(&p.inflation_min, "min inflation")?,
            goal_bonded: dec(&p.goal_bonded, "goal bonded")?,
            blocks_per_year: p.blocks_per_year,
        })
    }
}

/// A decimal field's protobuf form (the atoms as an integer); empty is nil, refused.
pub(crate) fn dec(s: &str, what: &str) -> SdkResult<LegacyDec> {
    match LegacyDec::from_proto_string(s) {
        Ok(Some(d)) => Ok(d),
        Ok(None) => Err(SdkError::new(Code::InvalidRequest, format!("{what} cannot be nil: <nil>"))),
        Err(e) => Err(SdkError::new(Code::InvalidRequest, format!("invalid {what} {s:?}: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> LegacyDec {
        s.parse().unwrap()
    }

    #[test]
    fn defaults_are_the_sdks_and_valid() {
        let p = Params::default();
        p.validate().unwrap();
        assert_eq!(p.blocks_per_year, 6_311_520);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "mint_denom": "usym",
                "inflation_rate_change": "0.130000000000000000",
                "inflation_max": "0.200000000000000000",
                "inflation_min": "0.070000000000000000",
                "goal_bonded": "0.670000000000000000",
                "blocks_per_year": "6311520"
            })
        );
        assert_eq!(serde_json::from_value::<Params>(json).unwrap(), p);
        let proto = p.to_proto();
        assert_eq!(proto.inflation_rate_change, "130000000000000000", "protobuf Decs are the atoms");
        assert_eq!(proto.goal_bonded, "670000000000000000");
        assert_eq!(Params::from_proto(&proto).unwrap(), p);
    }

    #[test]
    fn blocks_per_year_also_reads_as_a_json_number() {
        let mut json = serde_json::to_value(Params::default()).unwrap();
        json["blocks_per_year"] = serde_json::json!(100);
        assert_eq!(serde_json::from_value::<Params>(json).unwrap().blocks_per_year, 100);
    }

    /// A change to the default params.
    type Change = fn(&mut Params);

    #[test]
    fn each_rule_refuses_its_field() {
        let cases: Vec<(Change, &str, u32)> = vec![
            (|p| p.mint_denom = " ".into(), "mint denom cannot be blank", 18),
            (|p| p.mint_denom = "1x".into(), "invalid denom", 10),
            (|p| p.inflation_rate_change = d("-0.01"), "inflation rate change cannot be negative", 18),
            (|p| p.inflation_rate_change = d("1.000000000000000001"), "inflation rate change too large", 18),
            (|p| p.inflation_max = d("-0.01"), "max inflation cannot be negative", 18),
            (|p| p.inflation_max = d("1.01"), "max inflation too large", 18),
            (|p| p.inflation_min = d("-0.000000000000000001"), "min inflation cannot be negative", 18),
            (|p| p.inflation_min = d("2"), "min inflation too large", 18),
            (|p| p.goal_bonded = LegacyDec::ZERO, "goal bonded must be positive", 18),
            (|p| p.goal_bonded = d("-0.5"), "goal bonded must be positive", 18),
            (|p| p.goal_bonded = d("1.1"), "goal bonded too large", 18),
            (|p| p.blocks_per_year = 0, "blocks per year must be positive", 18),
            (|p| p.blocks_per_year = i64::MAX as u64 + 1, "blocks per year too large", 18),
            (
                |p| {
                    p.inflation_min = d("0.2");
                    p.inflation_max = d("0.1")
                },
                "max inflation (0.100000000000000000) must be greater than or equal to min inflation (0.200000000000000000)",
                18,
            ),
        ];
        for (change, message, code) in cases {
            let mut p = Params::default();
            change(&mut p);
            let e = p.validate().unwrap_err();
            assert!(e.log.contains(message), "{message}: got {}", e.log);
            assert_eq!((e.codespace, e.code), ("sdk", code), "{message}");
        }
    }

    #[test]
    fn the_bounds_themselves_are_allowed() {
        let ok = |f: &dyn Fn(&mut Params)| {
            let mut p = Params::default();
            f(&mut p);
            p.validate().unwrap();
        };
        ok(&|p| {
            p.inflation_rate_change = LegacyDec::ZERO;
            p.inflation_min = LegacyDec::ZERO;
            p.inflation_max = LegacyDec::ZERO;
        });
        ok(&|p| {
            p.inflation_rate_change = LegacyDec::ONE;
            p.inflation_min = LegacyDec::ONE;
            p.inflation_max = LegacyDec::ONE;
            p.goal_bonded = LegacyDec::ONE;
        });
        ok(&|p| p.goal_bonded = LegacyDec::SMALLEST);
        ok(&|p| p.blocks_per_year = 1);
        ok(&|p| p.blocks_per_year = i64::MAX as u64);
    }

    #[test]
    fn an_empty_decimal_is_nil_and_refused() {
        let proto = ProtoParams { inflation_max: String::new(), ..Params::default().to_proto() };
        let e = Params::from_proto(&proto).unwrap_err();
        assert!(e.log.contains("max inflation cannot be nil"), "{}", e.log);
        let proto = ProtoParams { goal_bonded: "0.5".into(), ..Params::default().to_proto() };
        assert!(Params::from_proto(&proto).is_err(), "the protobuf form is an integer of atoms");
    }
}
