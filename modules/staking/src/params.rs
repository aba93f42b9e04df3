//! Staking parameters (`x/staking/types/params.go`), with the SDK's defaults except the bond
//! denom, which is the chain's `usym`.

use std::time::Duration;

use cosmos_sdk_proto::cosmos::staking::v1beta1::Params as ProtoParams;
use serde::{Deserialize, Serialize};
use symbiote_core::coin::validate_denom;
use symbiote_core::error::Code;
use symbiote_core::{LegacyDec, SdkError, SdkResult, BASE_DENOM};

use crate::validator::dec;

/// The most bonded validators symbiote allows (the SDK has no limit; this one keeps the total
/// consensus power within CometBFT's bound, see [`crate::validator::MAX_VALIDATOR_POWER`]).
pub const MAX_VALIDATORS_LIMIT: u32 = 1 << 14;
/// The longest unbonding time symbiote allows (the SDK has no limit): completion times stay
/// representable for any block time before the year 9000.
pub const MAX_UNBONDING_TIME: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// `"1814400s"`, as protobuf JSON writes a Duration.
    #[serde(with = "symbiote_core::duration::json")]
    pub unbonding_time: Duration,
    pub max_validators: u32,
    pub max_entries: u32,
    pub historical_entries: u32,
    pub bond_denom: String,
    pub min_commission_rate: LegacyDec,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            unbonding_time: Duration::from_secs(21 * 24 * 3600),
            max_validators: 100,
            max_entries: 7,
            historical_entries: 10_000,
            bond_denom: BASE_DENOM.to_string(),
            min_commission_rate: LegacyDec::ZERO,
        }
    }
}

impl Params {
    /// `Params.Validate` (code 18 naming the field), plus symbiote's two bounds.
    pub fn validate(&self) -> SdkResult<()> {
        let invalid = |why: String| Err(SdkError::new(Code::InvalidRequest, why));
        if self.unbonding_time.is_zero() {
            return invalid("unbonding time must be positive: 0".into());
        }
        if self.unbonding_time > MAX_UNBONDING_TIME {
            return invalid(format!("unbonding time must be at most {}s", MAX_UNBONDING_TIME.as_secs()));
        }
        if self.max_validators == 0 {
            return invalid("max validators must be positive: 0".into());
        }
        if self.max_validators > MAX_VALIDATORS_LIMIT {
            return invalid(format!("max validators must be at most {MAX_VALIDATORS_LIMIT}"));
        }
        if self.max_entries == 0 {
            return invalid("max entries must be positive: 0".into());
        }
        if self.bond_denom.trim().is_empty() {
            return invalid("bond denom cannot be blank".into());
        }
        validate_denom(&self.bond_denom)?;
        if self.min_commission_rate.is_negative() {
            return invalid(format!("minimum commission rate cannot be negative: {}", self.min_commission_rate));
        }
        if self.min_commission_rate > LegacyDec::ONE {
            return invalid(format!(
                "minimum commission rate cannot be greater than 100%: {}",
                self.min_commission_rate
            ));
        }
        Ok(())
    }

    pub fn to_proto(&self) -> ProtoParams {
        ProtoParams {
            unbonding_time: Some(symbiote_core::duration::to_proto(self.unbonding_time)),
            max_validators: self.max_validators,
            max_entries: self.max_entries,
            historical_entries: self.historical_entries,
            bond_denom: self.bond_denom.clone(),
            min_commission_rate: self.min_commission_rate.to_proto_string(),
        }
    }

    /// Submitted (MsgUpdateParams) or stored params, not yet validated.
    pub fn from_proto(p: &ProtoParams) -> SdkResult<Self> {
        let unbonding_time = symbiote_core::duration::from_proto(p.unbonding_time.unwrap_or_default())
            .ok_or_else(|| SdkError::new(Code::InvalidRequest, "unbonding time must be positive"))?;
        Ok(Self {
            unbonding_time,
            max_validators: p.max_validators,
            max_entries: p.max_entries,
            historical_entries: p.historical_entries,
            bond_denom: p.bond_denom.clone(),
            min_commission_rate: dec(&p.min_commission_rate)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_sdks_and_valid() {
        let p = Params::default();
        p.validate().unwrap();
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "unbonding_time": "1814400s",
                "max_validators": 100,
                "max_entries": 7,
                "historical_entries": 10000,
                "bond_denom": "usym",
                "min_commission_rate": "0.000000000000000000"
            })
        );
        assert_eq!(serde_json::from_value::<Params>(json).unwrap(), p);
        assert_eq!(Params::from_proto(&p.to_proto()).unwrap(), p);
    }

    #[test]
    fn each_rule_refuses_its_field() {
        let bad = |f: fn(&mut Params)| {
            let mut p = Params::default();
            f(&mut p);
            p.validate().unwrap_err()
        };
        assert!(bad(|p| p.unbonding_time = Duration::ZERO).log.contains("unbonding time"));
        assert!(bad(|p| p.unbonding_time = MAX_UNBONDING_TIME + Duration::from_secs(1)).log.contains("at most"));
        assert!(bad(|p| p.max_validators = 0).log.contains("max validators"));
        assert!(bad(|p| p.max_entries = 0).log.contains("max entries"));
        assert!(bad(|p| p.bond_denom = " ".into()).log.contains("blank"));
        assert!(bad(|p| p.bond_denom = "1x".into()).log.contains("invalid denom"));
        assert!(bad(|p| p.min_commission_rate = "-0.1".parse().unwrap()).log.contains("negative"));
        assert!(bad(|p| p.min_commission_rate = "1.1".parse().unwrap()).log.contains("100%"));
    }

    #[test]
    fn durations_parse_as_protobuf_json() {
        assert_eq!(symbiote_core::duration::json::parse("10s"), Some(Duration::from_secs(10)));
        assert_eq!(symbiote_core::duration::json::parse("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(symbiote_core::duration::json::parse("10"), None);
        assert_eq!(symbiote_core::duration::json::parse("-1s"), None);
        assert_eq!(symbiote_core::duration::json::parse("1.0000000001s"), None);
    }
}
