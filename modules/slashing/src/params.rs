//! Slashing parameters (`x/slashing/types/params.go`), with the SDK's defaults.

use std::time::Duration;

use cosmos_sdk_proto::cosmos::slashing::v1beta1::Params as ProtoParams;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{LegacyDec, SdkError, SdkResult};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(with = "symbiote_core::serde_str")]
    pub signed_blocks_window: u64,
    pub min_signed_per_window: LegacyDec,
    /// `"600s"`, as protobuf JSON writes a Duration.
    #[serde(with = "symbiote_core::duration::json")]
    pub downtime_jail_duration: Duration,
    pub slash_fraction_double_sign: LegacyDec,
    pub slash_fraction_downtime: LegacyDec,
}

fn dec(s: &str) -> LegacyDec {
    s.parse().unwrap_or(LegacyDec::ZERO)
}

impl Default for Params {
    fn default() -> Self {
        Self {
            signed_blocks_window: 100,
            min_signed_per_window: dec("0.5"),
            downtime_jail_duration: Duration::from_secs(600),
            slash_fraction_double_sign: dec("0.05"),
            slash_fraction_downtime: dec("0.01"),
        }
    }
}

fn invalid(why: String) -> SdkError {
    SdkError::new(Code::InvalidRequest, why)
}

/// The longest jail symbiote allows (the SDK has none): jail ends stay representable.
pub const MAX_JAIL_DURATION: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
/// The longest window symbiote allows: window indexes stay within i64, as the SDK stores them.
pub const MAX_WINDOW: u64 = i64::MAX as u64;

impl Params {
    /// `Params.Validate` (code 18 naming the rule).
    pub fn validate(&self) -> SdkResult<()> {
        if self.signed_blocks_window == 0 {
            return Err(invalid("signed blocks window must be positive: 0".into()));
        }
        if self.signed_blocks_window > MAX_WINDOW {
            return Err(invalid(format!("signed blocks window must be at most {MAX_WINDOW}")));
        }
        if self.downtime_jail_duration.is_zero() {
            return Err(invalid("downtime jail duration must be positive: 0s".into()));
        }
        if self.downtime_jail_duration > MAX_JAIL_DURATION {
            return Err(invalid(format!("downtime jail duration must be at most {}s", MAX_JAIL_DURATION.as_secs())));
        }
        for (name, value) in [
            ("min signed per window", self.min_signed_per_window),
            ("double sign slash fraction", self.slash_fraction_double_sign),
            ("downtime slash fraction", self.slash_fraction_downtime),
        ] {
            if value.is_negative() {
                return Err(invalid(format!("{name} cannot be negative: {value}")));
            }
            if value > LegacyDec::ONE {
                return Err(invalid(format!("{name} too large: {value}")));
            }
        }
        Ok(())
    }

    /// `MinSignedPerWindow`: the blocks a validator must sign of each window (rounded half even).
    pub fn min_signed_blocks(&self) -> SdkResult<u64> {
        let window = LegacyDec::from(i64::try_from(self.signed_blocks_window).map_err(|_| invalid("window".into()))?);
        let signed = self
            .min_signed_per_window
            .checked_mul(window)
            .and_then(|d| d.round_int64())
            .map_err(|_| SdkError::internal("min signed blocks out of range"))?;
        u64::try_from(signed).map_err(|_| SdkError::internal("negative min signed blocks"))
    }

    /// `window − MinSignedPerWindow`: the most blocks of a window a validator may miss.
    pub fn max_missed_blocks(&self) -> SdkResult<u64> {
        Ok(self.signed_blocks_window.saturating_sub(self.min_signed_blocks()?))
    }

    /// From the wire (MsgUpdateParams) or the store; validated.
    pub fn from_proto(p: &ProtoParams) -> SdkResult<Self> {
        let dec = |name: &str, bytes: &[u8]| -> SdkResult<LegacyDec> {
            let s = std::str::from_utf8(bytes).map_err(|_| invalid(format!("invalid {name}")))?;
            LegacyDec::from_proto_string(s)
                .map_err(|e| invalid(format!("invalid {name}: {e:?}")))?
                .ok_or_else(|| invalid(format!("{name} must be set")))
        };
        let params = Self {
            signed_blocks_window: u64::try_from(p.signed_blocks_window)
                .map_err(|_| invalid(format!("signed blocks window must be positive: {}", p.signed_blocks_window)))?,
            min_signed_per_window: dec("min signed per window", &p.min_signed_per_window)?,
            downtime_jail_duration: symbiote_core::duration::from_proto(p.downtime_jail_duration.unwrap_or_default())
                .ok_or_else(|| invalid("downtime jail duration must be positive".into()))?,
            slash_fraction_double_sign: dec("double sign slash fraction", &p.slash_fraction_double_sign)?,
            slash_fraction_downtime: dec("downtime slash fraction", &p.slash_fraction_downtime)?,
        };
        params.validate()?;
        Ok(params)
    }

    pub fn to_proto(&self) -> ProtoParams {
        ProtoParams {
            signed_blocks_window: self.signed_blocks_window as i64,
            min_signed_per_window: self.min_signed_per_window.to_proto_string().into_bytes(),
            downtime_jail_duration: Some(symbiote_core::duration::to_proto(self.downtime_jail_duration)),
            slash_fraction_double_sign: self.slash_fraction_double_sign.to_proto_string().into_bytes(),
            slash_fraction_downtime: self.slash_fraction_downtime.to_proto_string().into_bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_sdks_and_every_rule_is_checked() {
        let p = Params::default();
        p.validate().unwrap();
        assert_eq!(Params::from_proto(&p.to_proto()).unwrap(), p);
        assert_eq!((p.min_signed_blocks().unwrap(), p.max_missed_blocks().unwrap()), (50, 50));
        let bad = [
            Params { signed_blocks_window: 0, ..p.clone() },
            Params { downtime_jail_duration: Duration::ZERO, ..p.clone() },
            Params { min_signed_per_window: dec("1.01"), ..p.clone() },
            Params { slash_fraction_double_sign: dec("-0.1"), ..p.clone() },
            Params { slash_fraction_downtime: dec("2"), ..p.clone() },
        ];
        for b in bad {
            assert_eq!(b.validate().unwrap_err().code, 18, "{b:?}");
        }
        // 0.5 of a 5-block window: 2.5 rounds half to even, to 2 signed, so 3 may be missed.
        let odd = Params { signed_blocks_window: 5, ..p };
        assert_eq!((odd.min_signed_blocks().unwrap(), odd.max_missed_blocks().unwrap()), (2, 3));
    }
}
