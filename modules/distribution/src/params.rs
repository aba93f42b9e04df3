//! Distribution parameters (`x/distribution/types/params.go`). The proposer rewards are
//! deprecated in v0.50 (always zero, kept for the wire form).

use cosmos_sdk_proto::cosmos::distribution::v1beta1::Params as ProtoParams;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{LegacyDec, SdkError, SdkResult};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub community_tax: LegacyDec,
    #[serde(default)]
    pub base_proposer_reward: LegacyDec,
    #[serde(default)]
    pub bonus_proposer_reward: LegacyDec,
    pub withdraw_addr_enabled: bool,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            community_tax: LegacyDec::new_with_prec(2, 2).unwrap_or(LegacyDec::ZERO),
            base_proposer_reward: LegacyDec::ZERO,
            bonus_proposer_reward: LegacyDec::ZERO,
            withdraw_addr_enabled: true,
        }
    }
}

fn invalid(why: String) -> SdkError {
    SdkError::new(Code::InvalidRequest, why)
}

impl Params {
    /// `ValidateBasic`: the community tax in [0, 1] (code 18); the deprecated rewards likewise.
    pub fn validate(&self) -> SdkResult<()> {
        for (name, value) in [
            ("community tax", self.community_tax),
            ("base proposer reward", self.base_proposer_reward),
            ("bonus proposer reward", self.bonus_proposer_reward),
        ] {
            if value.is_negative() {
                return Err(invalid(format!("{name} must be positive: {value}")));
            }
            if value > LegacyDec::ONE {
                return Err(invalid(format!("{name} too large: {value}")));
            }
        }
        Ok(())
    }

    // The deprecated proposer rewards stay in the wire form (always zero in v0.50).
    #[allow(deprecated)]
    pub fn to_proto(&self) -> ProtoParams {
        ProtoParams {
            community_tax: self.community_tax.to_proto_string(),
            base_proposer_reward: self.base_proposer_reward.to_proto_string(),
            bonus_proposer_reward: self.bonus_proposer_reward.to_proto_string(),
            withdraw_addr_enabled: self.withdraw_addr_enabled,
        }
    }

    /// From the wire (MsgUpdateParams) or the store: every field parsed and validated.
    #[allow(deprecated)]
    pub fn from_proto(p: &ProtoParams) -> SdkResult<Self> {
        let dec = |name: &str, s: &str| -> SdkResult<LegacyDec> {
            LegacyDec::from_proto_string(s)
                .map_err(|e| invalid(format!("invalid {name}: {e:?}")))?
                .ok_or_else(|| invalid(format!("{name} must be not nil")))
        };
        let params = Self {
            community_tax: dec("community tax", &p.community_tax)?,
            base_proposer_reward: if p.base_proposer_reward.is_empty() {
                LegacyDec::ZERO
            } else {
                dec("base proposer reward", &p.base_proposer_reward)?
            },
            bonus_proposer_reward: if p.bonus_proposer_reward.is_empty() {
                LegacyDec::ZERO
            } else {
                dec("bonus proposer reward", &p.bonus_proposer_reward)?
            },
            withdraw_addr_enabled: p.withdraw_addr_enabled,
        };
        params.validate()?;
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_sdks_and_bounds_are_checked() {
        let p = Params::default();
        assert_eq!(p.community_tax.to_string(), "0.020000000000000000");
        assert!(p.validate().is_ok());
        assert_eq!(Params::from_proto(&p.to_proto()).unwrap(), p);
        for bad in ["-0.1", "1.000000000000000001"] {
            let q = Params { community_tax: bad.parse().unwrap(), ..p.clone() };
            assert_eq!(q.validate().unwrap_err().code, 18, "{bad}");
        }
        let mut proto = p.to_proto();
        proto.community_tax = String::new();
        assert!(Params::from_proto(&proto).is_err(), "a nil community tax is refused");
    }
}
