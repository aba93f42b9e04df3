//! Gov parameters (`x/gov/types/v1/params.go`) with the SDK's defaults, except the deposit denom,
//! which is the chain's `usym` (the SDK defaults to its own bond denom, `stake`). Decimals are
//! `cosmos.Dec` strings in gov's protobuf (`"0.334000000000000000"`), not atoms.

use std::time::Duration;

use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use serde::{Deserialize, Serialize};
use symbiote_core::duration::{from_proto as duration_from_proto, to_proto as duration_to_proto};
use symbiote_core::error::Code;
use symbiote_core::{Address, Coin, Coins, LegacyDec, SdkError, SdkResult, BASE_DENOM};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What a proposal needs in deposits to enter its voting period.
    #[serde(with = "coins_json")]
    pub min_deposit: Coins,
    #[serde(with = "symbiote_core::duration::json")]
    pub max_deposit_period: Duration,
    #[serde(with = "symbiote_core::duration::json")]
    pub voting_period: Duration,
    /// Voting power that must vote (of all bonded) for a result to count.
    pub quorum: LegacyDec,
    /// Yes over non-abstaining votes needed to pass.
    pub threshold: LegacyDec,
    /// NoWithVeto over all votes that fails the proposal and burns its deposits.
    pub veto_threshold: LegacyDec,
    /// The share of `min_deposit` a proposal must bring at submission.
    pub min_initial_deposit_ratio: LegacyDec,
    /// The share of the deposits a cancelled proposal loses.
    pub proposal_cancel_ratio: LegacyDec,
    /// Where that share goes: burnt if empty, else this account.
    #[serde(default)]
    pub proposal_cancel_dest: String,
    #[serde(with = "symbiote_core::duration::json")]
    pub expedited_voting_period: Duration,
    pub expedited_threshold: LegacyDec,
    #[serde(with = "coins_json")]
    pub expedited_min_deposit: Coins,
    pub burn_vote_quorum: bool,
    pub burn_proposal_deposit_prevote: bool,
    pub burn_vote_veto: bool,
    /// The smallest deposit accepted, as a share of `min_deposit` (spam protection).
    pub min_deposit_ratio: LegacyDec,
}

fn dec(thousandths: i64) -> LegacyDec {
    LegacyDec::new_with_prec(thousandths, 3).unwrap_or(LegacyDec::ZERO)
}

fn coins(amount: u64) -> Coins {
    let mut c = Coins::new();
    // A positive amount of the base denom is always a valid coin.
    let _ = c.add(&Coin::new(BASE_DENOM, amount));
    c
}

impl Default for Params {
    fn default() -> Self {
        let hours = |h: u64| Duration::from_secs(h * 3600);
        Self {
            min_deposit: coins(10_000_000),
            max_deposit_period: hours(48),
            voting_period: hours(48),
            quorum: dec(334),
            threshold: dec(500),
            veto_threshold: dec(334),
            min_initial_deposit_ratio: LegacyDec::ZERO,
            proposal_cancel_ratio: dec(500),
            proposal_cancel_dest: String::new(),
            expedited_voting_period: hours(24),
            expedited_threshold: dec(667),
            expedited_min_deposit: coins(50_000_000),
            burn_vote_quorum: false,
            burn_proposal_deposit_prevote: false,
            burn_vote_veto: true,
            min_deposit_ratio: dec(10),
        }
    }
}

fn invalid(why: impl std::fmt::Display) -> SdkResult<()> {
    Err(SdkError::new(Code::InvalidRequest, why))
}

impl Params {
    /// The tally's view of the params.
    pub fn tally_params(&self) -> crate::TallyParams {
        crate::TallyParams {
            quorum: self.quorum,
            threshold: self.threshold,
            expedited_threshold: self.expedited_threshold,
            veto_threshold: self.veto_threshold,
            burn_vote_quorum: self.burn_vote_quorum,
            burn_vote_veto: self.burn_vote_veto,
        }
    }

    /// The deposit that moves a proposal into its voting period.
    pub fn min_deposit_for(&self, expedited: bool) -> &Coins {
        if expedited {
            &self.expedited_min_deposit
        } else {
            &self.min_deposit
        }
    }

    pub fn voting_period_for(&self, expedited: bool) -> Duration {
        if expedited {
            self.expedited_voting_period
        } else {
            self.voting_period
        }
    }

    /// `Params.ValidateBasic`, in its order and wording (code 18, as every module's params; the
    /// SDK's are uncoded). `min_deposit_ratio`, which the SDK leaves unchecked, must be in [0, 1].
    pub fn validate(&self) -> SdkResult<()> {
        if self.min_deposit.is_empty() {
            return invalid(format!("invalid minimum deposit: {}", self.min_deposit));
        }
        if self.expedited_min_deposit.is_empty() {
            return invalid(format!("invalid expedited minimum deposit: {}", self.expedited_min_deposit));
        }
        // `expedited.IsAllLTE(min_deposit)`: refused when no expedited coin exceeds the minimum.
        let all_lte = self.expedited_min_deposit.iter().all(|c| c.amount <= self.min_deposit.amount_of(&c.denom));
        if all_lte {
            return invalid(format!(
                "expedited minimum deposit must be greater than minimum deposit: {}",
                self.expedited_min_deposit
            ));
        }
        if self.max_deposit_period.is_zero() {
            return invalid(format!(
                "maximum deposit period must be positive: {}",
                go_duration(self.max_deposit_period)
            ));
        }
        if self.quorum.is_negative() {
            return invalid(format!("quorom cannot be negative: {}", self.quorum));
        }
        if self.quorum > LegacyDec::ONE {
            return invalid(format!("quorom too large: {}", self.quorum));
        }
        if !self.threshold.is_positive() {
            return invalid(format!("vote threshold must be positive: {}", self.threshold));
        }
        if self.threshold > LegacyDec::ONE {
            return invalid(format!("vote threshold too large: {}", self.threshold));
        }
        if !self.expedited_threshold.is_positive() {
            return invalid(format!("expedited vote threshold must be positive: {}", self.expedited_threshold));
        }
        if self.expedited_threshold > LegacyDec::ONE {
            return invalid(format!("expedited vote threshold too large: {}", self.expedited_threshold));
        }
        if self.expedited_threshold <= self.threshold {
            return invalid(format!(
                "expedited vote threshold {}, must be greater than the regular threshold {}",
                self.expedited_threshold, self.threshold
            ));
        }
        if !self.veto_threshold.is_positive() {
            return invalid(format!("veto threshold must be positive: {}", self.veto_threshold));
        }
        if self.veto_threshold > LegacyDec::ONE {
            return invalid(format!("veto threshold too large: {}", self.veto_threshold));
        }
        if self.voting_period.is_zero() {
            return invalid(format!("voting period must be positive: {}", go_duration(self.voting_period)));
        }
        if self.expedited_voting_period.is_zero() {
            return invalid(format!(
                "expedited voting period must be positive: {}",
                go_duration(self.expedited_voting_period)
            ));
        }
        if self.expedited_voting_period.as_secs() >= self.voting_period.as_secs() {
            return invalid(format!(
                "expedited voting period {} must be strictly less that the regular voting period {}",
                go_duration(self.expedited_voting_period),
                go_duration(self.voting_period)
            ));
        }
        check_ratio(self.min_initial_deposit_ratio, "mininum initial deposit ratio of proposal")?;
        check_ratio(self.proposal_cancel_ratio, "burn rate of cancel proposal")?;
        if !self.proposal_cancel_dest.is_empty() {
            self.proposal_cancel_dest.parse::<Address>().map_err(|e| {
                SdkError::new(Code::InvalidRequest, format!("deposits destination address is invalid: {}", e.log))
            })?;
        }
        check_ratio(self.min_deposit_ratio, "minimum deposit ratio")
    }

    pub fn to_proto(&self) -> pb::Params {
        pb::Params {
            min_deposit: self.min_deposit.to_proto(),
            max_deposit_period: Some(duration_to_proto(self.max_deposit_period)),
            voting_period: Some(duration_to_proto(self.voting_period)),
            quorum: self.quorum.to_string(),
            threshold: self.threshold.to_string(),
            veto_threshold: self.veto_threshold.to_string(),
            min_initial_deposit_ratio: self.min_initial_deposit_ratio.to_string(),
            proposal_cancel_ratio: self.proposal_cancel_ratio.to_string(),
            proposal_cancel_dest: self.proposal_cancel_dest.clone(),
            expedited_voting_period: Some(duration_to_proto(self.expedited_voting_period)),
            expedited_threshold: self.expedited_threshold.to_string(),
            expedited_min_deposit: self.expedited_min_deposit.to_proto(),
            burn_vote_quorum: self.burn_vote_quorum,
            burn_proposal_deposit_prevote: self.burn_proposal_deposit_prevote,
            burn_vote_veto: self.burn_vote_veto,
            min_deposit_ratio: self.min_deposit_ratio.to_string(),
        }
    }

    /// Submitted (MsgUpdateParams) or stored params, not yet validated (code 18 for a field that
    /// does not parse, as the SDK's `ValidateBasic`).
    pub fn from_proto(p: &pb::Params) -> SdkResult<Self> {
        let duration = |d: &Option<cosmos_sdk_proto::tendermint::google::protobuf::Duration>, what: &str| {
            let d = (*d).ok_or_else(|| SdkError::new(Code::InvalidRequest, format!("{what} must not be nil")))?;
            duration_from_proto(d)
                .ok_or_else(|| SdkError::new(Code::InvalidRequest, format!("{what} must be positive")))
        };
        let coins = |list: &[cosmos_sdk_proto::cosmos::base::v1beta1::Coin], what: &str| {
            Coins::from_proto_strict(list)
                .map_err(|e| SdkError::new(Code::InvalidRequest, format!("invalid {what}: {}", e.log)))
        };
        Ok(Self {
            min_deposit: coins(&p.min_deposit, "minimum deposit")?,
            max_deposit_period: duration(&p.max_deposit_period, "maximum deposit period")?,
            voting_period: duration(&p.voting_period, "voting period")?,
            quorum: dec_field(&p.quorum, "quorum")?,
            threshold: dec_field(&p.threshold, "threshold")?,
            veto_threshold: dec_field(&p.veto_threshold, "veto threshold")?,
            min_initial_deposit_ratio: dec_field(&p.min_initial_deposit_ratio, "minimum initial deposit ratio")?,
            proposal_cancel_ratio: dec_field(&p.proposal_cancel_ratio, "proposal cancel ratio")?,
            proposal_cancel_dest: p.proposal_cancel_dest.clone(),
            expedited_voting_period: duration(&p.expedited_voting_period, "expedited voting period")?,
            expedited_threshold: dec_field(&p.expedited_threshold, "expedited threshold")?,
            expedited_min_deposit: coins(&p.expedited_min_deposit, "expedited minimum deposit")?,
            burn_vote_quorum: p.burn_vote_quorum,
            burn_proposal_deposit_prevote: p.burn_proposal_deposit_prevote,
            burn_vote_veto: p.burn_vote_veto,
            min_deposit_ratio: dec_field(&p.min_deposit_ratio, "minimum deposit ratio")?,
        })
    }
}

fn check_ratio(value: LegacyDec, what: &str) -> SdkResult<()> {
    if value.is_negative() {
        return invalid(format!("{what} must be positive: {value}"));
    }
    if value > LegacyDec::ONE {
        return invalid(format!("{what} is too large: {value}"));
    }
    Ok(())
}

/// A duration as Go prints one (`48h0m0s`, `0s`), for the SDK's messages.
fn go_duration(d: Duration) -> String {
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let nanos = d.subsec_nanos();
    let s = if nanos == 0 { s.to_string() } else { format!("{s}.{}", format!("{nanos:09}").trim_end_matches('0')) };
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, m) => format!("{m}m{s}s"),
        (h, m) => format!("{h}h{m}m{s}s"),
    }
}

fn dec_field(s: &str, what: &str) -> SdkResult<LegacyDec> {
    s.parse().map_err(|_| SdkError::new(Code::InvalidRequest, format!("invalid {what} string: {s:?}")))
}

/// A coin list in JSON as the SDK writes it: `[{"denom": "usym", "amount": "10000000"}]`.
mod coins_json {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use symbiote_core::Coins;

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Coin {
        denom: String,
        amount: String,
    }

    pub fn serialize<S: Serializer>(coins: &Coins, s: S) -> Result<S::Ok, S::Error> {
        coins.iter().map(|c| Coin { denom: c.denom, amount: c.amount.to_string() }).collect::<Vec<_>>().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Coins, D::Error> {
        let list = Vec::<Coin>::deserialize(d)?;
        let proto: Vec<_> = list
            .into_iter()
            .map(|c| cosmos_sdk_proto::cosmos::base::v1beta1::Coin { denom: c.denom, amount: c.amount })
            .collect();
        Coins::from_proto_strict(&proto).map_err(|e| serde::de::Error::custom(e.log))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> LegacyDec {
        s.parse().unwrap()
    }

    #[test]
    fn defaults_are_the_sdks_in_usym_and_valid() {
        let p = Params::default();
        p.validate().unwrap();
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "min_deposit": [{"denom": "usym", "amount": "10000000"}],
                "max_deposit_period": "172800s",
                "voting_period": "172800s",
                "quorum": "0.334000000000000000",
                "threshold": "0.500000000000000000",
                "veto_threshold": "0.334000000000000000",
                "min_initial_deposit_ratio": "0.000000000000000000",
                "proposal_cancel_ratio": "0.500000000000000000",
                "proposal_cancel_dest": "",
                "expedited_voting_period": "86400s",
                "expedited_threshold": "0.667000000000000000",
                "expedited_min_deposit": [{"denom": "usym", "amount": "50000000"}],
                "burn_vote_quorum": false,
                "burn_proposal_deposit_prevote": false,
                "burn_vote_veto": true,
                "min_deposit_ratio": "0.010000000000000000"
            })
        );
        assert_eq!(serde_json::from_value::<Params>(json).unwrap(), p);
        let proto = p.to_proto();
        assert_eq!(proto.quorum, "0.334000000000000000", "gov's decimals are cosmos.Dec strings");
        assert_eq!(Params::from_proto(&proto).unwrap(), p);
    }

    type Change = fn(&mut Params);

    #[test]
    fn each_rule_refuses_its_field() {
        let cases: Vec<(Change, &str)> = vec![
            (|p| p.min_deposit = Coins::new(), "invalid minimum deposit"),
            (|p| p.expedited_min_deposit = Coins::new(), "invalid expedited minimum deposit"),
            (|p| p.expedited_min_deposit = coins(10_000_000), "must be greater than minimum deposit"),
            (|p| p.quorum = d("-0.1"), "quorom cannot be negative"),
            (|p| p.quorum = d("1.1"), "quorom too large"),
            (|p| p.threshold = LegacyDec::ZERO, "vote threshold must be positive"),
            (|p| p.threshold = d("1.5"), "vote threshold too large"),
            (|p| p.expedited_threshold = d("0.5"), "must be greater than the regular threshold"),
            (|p| p.expedited_threshold = d("1.01"), "expedited vote threshold too large"),
            (|p| p.veto_threshold = LegacyDec::ZERO, "veto threshold must be positive"),
            (|p| p.veto_threshold = d("2"), "veto threshold too large"),
            (|p| p.max_deposit_period = Duration::ZERO, "maximum deposit period must be positive"),
            (|p| p.voting_period = Duration::ZERO, "voting period must be positive: 0s"),
            (
                |p| p.expedited_voting_period = Duration::from_secs(172_800),
                "expedited voting period 48h0m0s must be strictly less that the regular voting period 48h0m0s",
            ),
            (|p| p.min_initial_deposit_ratio = d("-0.1"), "mininum initial deposit ratio of proposal must be positive"),
            (|p| p.proposal_cancel_ratio = d("1.1"), "burn rate of cancel proposal is too large"),
            (|p| p.proposal_cancel_dest = "nope".into(), "deposits destination address is invalid"),
            (|p| p.min_deposit_ratio = d("1.5"), "minimum deposit ratio is too large"),
        ];
        for (change, message) in cases {
            let mut p = Params::default();
            change(&mut p);
            let e = p.validate().unwrap_err();
            assert!(e.log.contains(message), "{message}: got {}", e.log);
            assert_eq!((e.codespace, e.code), ("sdk", 18), "{message}");
        }
    }

    #[test]
    fn a_missing_duration_or_bad_decimal_is_refused_on_the_wire() {
        let proto = pb::Params { voting_period: None, ..Params::default().to_proto() };
        assert!(Params::from_proto(&proto).unwrap_err().log.contains("voting period must not be nil"));
        let proto = pb::Params { quorum: "a lot".into(), ..Params::default().to_proto() };
        assert!(Params::from_proto(&proto).unwrap_err().log.contains("invalid quorum"));
    }
}

/// symbiote's audit params (`symbiote.gov.v1.AuditParams`): the gate a bias-correction proposal's
/// candidate must pass, and the audit's budget.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// The candidate's demographic-parity ratio must be at least this (four-fifths rule: 0.8).
    pub min_parity_ratio: LegacyDec,
    /// The candidate's accuracy may be at most this much below the current version's.
    pub max_accuracy_loss: LegacyDec,
    /// The most engine cost units one audit may spend; 0: bias-correction proposals are off.
    #[serde(with = "symbiote_core::serde_str")]
    pub max_audit_cost: u64,
    /// Gas charged to the proposer per engine cost unit.
    #[serde(with = "symbiote_core::serde_str")]
    pub gas_per_cost_unit: u64,
}

impl Default for AuditParams {
    fn default() -> Self {
        Self {
            min_parity_ratio: dec(800),
            max_accuracy_loss: dec(50),
            max_audit_cost: 2_000_000_000,
            gas_per_cost_unit: 1,
        }
    }
}

impl AuditParams {
    /// Both decimals in [0, 1] (code 18).
    pub fn validate(&self) -> SdkResult<()> {
        check_ratio(self.min_parity_ratio, "minimum parity ratio")?;
        check_ratio(self.max_accuracy_loss, "maximum accuracy loss")
    }

    pub fn to_proto(&self) -> symbiote_proto::symbiote::gov::v1::AuditParams {
        symbiote_proto::symbiote::gov::v1::AuditParams {
            min_parity_ratio: self.min_parity_ratio.to_string(),
            max_accuracy_loss: self.max_accuracy_loss.to_string(),
            max_audit_cost: self.max_audit_cost,
            gas_per_cost_unit: self.gas_per_cost_unit,
        }
    }

    pub fn from_proto(p: &symbiote_proto::symbiote::gov::v1::AuditParams) -> SdkResult<Self> {
        Ok(Self {
            min_parity_ratio: dec_field(&p.min_parity_ratio, "minimum parity ratio")?,
            max_accuracy_loss: dec_field(&p.max_accuracy_loss, "maximum accuracy loss")?,
            max_audit_cost: p.max_audit_cost,
            gas_per_cost_unit: p.gas_per_cost_unit,
        })
    }
}

#[cfg(test)]
mod audit_params_tests {
    use super::*;

    #[test]
    fn the_four_fifths_rule_by_default_and_ratios_in_range() {
        let p = AuditParams::default();
        p.validate().unwrap();
        assert_eq!(p.min_parity_ratio.to_string(), "0.800000000000000000");
        assert_eq!(AuditParams::from_proto(&p.to_proto()).unwrap(), p);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["max_audit_cost"], "2000000000");
        assert_eq!(serde_json::from_value::<AuditParams>(json).unwrap(), p);
        let bad = AuditParams { min_parity_ratio: "1.2".parse().unwrap(), ..p.clone() };
        assert_eq!(bad.validate().unwrap_err().code, 18);
        let bad = AuditParams { max_accuracy_loss: "-0.1".parse().unwrap(), ..p };
        assert!(bad.validate().unwrap_err().log.contains("maximum accuracy loss must be positive"));
    }
}
