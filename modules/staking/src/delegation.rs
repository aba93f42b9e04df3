//! Delegations, unbonding delegations and redelegations (`x/staking/types/delegation.go`).

use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use serde::{Deserialize, Serialize};
use symbiote_core::{Address, Amount, LegacyDec, SdkError, SdkResult, ValAddress};
use tendermint::Time;

use crate::time::{from_timestamp, not_after, to_timestamp};
use crate::validator::{dec, int};

fn corrupt(what: &str) -> SdkError {
    SdkError::internal(format!("corrupt staking record: {what}"))
}

fn address(s: &str) -> SdkResult<Address> {
    s.parse().map_err(|_| corrupt("delegator address"))
}

fn val_address(s: &str) -> SdkResult<ValAddress> {
    s.parse().map_err(|_| corrupt("validator address"))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    pub delegator_address: Address,
    pub validator_address: ValAddress,
    pub shares: LegacyDec,
}

impl Delegation {
    pub fn to_proto(&self) -> pb::Delegation {
        pb::Delegation {
            delegator_address: self.delegator_address.to_string(),
            validator_address: self.validator_address.to_string(),
            shares: self.shares.to_proto_string(),
        }
    }

    pub fn from_proto(p: &pb::Delegation) -> SdkResult<Self> {
        Ok(Self {
            delegator_address: address(&p.delegator_address)?,
            validator_address: val_address(&p.validator_address)?,
            shares: dec(&p.shares).map_err(|_| corrupt("shares"))?,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnbondingEntry {
    #[serde(with = "symbiote_core::serde_str")]
    pub creation_height: u64,
    pub completion_time: Time,
    pub initial_balance: Amount,
    pub balance: Amount,
    #[serde(with = "symbiote_core::serde_str")]
    pub unbonding_id: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub unbonding_on_hold_ref_count: u64,
}

impl UnbondingEntry {
    pub fn is_mature(&self, now: Time) -> bool {
        not_after(self.completion_time, now)
    }

    pub fn on_hold(&self) -> bool {
        self.unbonding_on_hold_ref_count > 0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnbondingDelegation {
    pub delegator_address: Address,
    pub validator_address: ValAddress,
    pub entries: Vec<UnbondingEntry>,
}

impl UnbondingDelegation {
    /// `AddEntry`: an entry with the same creation height and completion time takes the balance
    /// (returns false); otherwise a new entry is appended (returns true).
    pub fn add_entry(&mut self, creation_height: u64, completion: Time, balance: Amount, id: u64) -> SdkResult<bool> {
        if let Some(e) =
            self.entries.iter_mut().find(|e| e.creation_height == creation_height && e.completion_time == completion)
        {
            e.balance = e.balance.checked_add(balance).ok_or_else(|| corrupt("entry balance overflow"))?;
            e.initial_balance =
                e.initial_balance.checked_add(balance).ok_or_else(|| corrupt("entry balance overflow"))?;
            return Ok(false);
        }
        self.entries.push(UnbondingEntry {
            creation_height,
            completion_time: completion,
            initial_balance: balance,
            balance,
            unbonding_id: id,
            unbonding_on_hold_ref_count: 0,
        });
        Ok(true)
    }

    pub fn to_proto(&self) -> pb::UnbondingDelegation {
        pb::UnbondingDelegation {
            delegator_address: self.delegator_address.to_string(),
            validator_address: self.validator_address.to_string(),
            entries: self
                .entries
                .iter()
                .map(|e| pb::UnbondingDelegationEntry {
                    creation_height: e.creation_height as i64,
                    completion_time: Some(to_timestamp(e.completion_time)),
                    initial_balance: e.initial_balance.to_string(),
                    balance: e.balance.to_string(),
                    unbonding_id: e.unbonding_id,
                    unbonding_on_hold_ref_count: e.unbonding_on_hold_ref_count as i64,
                })
                .collect(),
        }
    }

    pub fn from_proto(p: &pb::UnbondingDelegation) -> SdkResult<Self> {
        let entries = p
            .entries
            .iter()
            .map(|e| {
                Ok(UnbondingEntry {
                    creation_height: u64::try_from(e.creation_height).map_err(|_| corrupt("creation height"))?,
                    completion_time: from_timestamp(&e.completion_time.unwrap_or_default())?,
                    initial_balance: int(&e.initial_balance).map_err(|_| corrupt("initial balance"))?,
                    balance: int(&e.balance).map_err(|_| corrupt("balance"))?,
                    unbonding_id: e.unbonding_id,
                    unbonding_on_hold_ref_count: u64::try_from(e.unbonding_on_hold_ref_count)
                        .map_err(|_| corrupt("on-hold count"))?,
                })
            })
            .collect::<SdkResult<_>>()?;
        Ok(Self {
            delegator_address: address(&p.delegator_address)?,
            validator_address: val_address(&p.validator_address)?,
            entries,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedelegationEntry {
    #[serde(with = "symbiote_core::serde_str")]
    pub creation_height: u64,
    pub completion_time: Time,
    pub initial_balance: Amount,
    pub shares_dst: LegacyDec,
    #[serde(with = "symbiote_core::serde_str")]
    pub unbonding_id: u64,
    #[serde(with = "symbiote_core::serde_str")]
    pub unbonding_on_hold_ref_count: u64,
}

impl RedelegationEntry {
    pub fn is_mature(&self, now: Time) -> bool {
        not_after(self.completion_time, now)
    }

    pub fn on_hold(&self) -> bool {
        self.unbonding_on_hold_ref_count > 0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redelegation {
    pub delegator_address: Address,
    pub validator_src_address: ValAddress,
    pub validator_dst_address: ValAddress,
    pub entries: Vec<RedelegationEntry>,
}

impl Redelegation {
    pub fn to_proto(&self) -> pb::Redelegation {
        pb::Redelegation {
            delegator_address: self.delegator_address.to_string(),
            validator_src_address: self.validator_src_address.to_string(),
            validator_dst_address: self.validator_dst_address.to_string(),
            entries: self
                .entries
                .iter()
                .map(|e| pb::RedelegationEntry {
                    creation_height: e.creation_height as i64,
                    completion_time: Some(to_timestamp(e.completion_time)),
                    initial_balance: e.initial_balance.to_string(),
                    shares_dst: e.shares_dst.to_proto_string(),
                    unbonding_id: e.unbonding_id,
                    unbonding_on_hold_ref_count: e.unbonding_on_hold_ref_count as i64,
                })
                .collect(),
        }
    }

    pub fn from_proto(p: &pb::Redelegation) -> SdkResult<Self> {
        let entries = p
            .entries
            .iter()
            .map(|e| {
                Ok(RedelegationEntry {
                    creation_height: u64::try_from(e.creation_height).map_err(|_| corrupt("creation height"))?,
                    completion_time: from_timestamp(&e.completion_time.unwrap_or_default())?,
                    initial_balance: int(&e.initial_balance).map_err(|_| corrupt("initial balance"))?,
                    shares_dst: dec(&e.shares_dst).map_err(|_| corrupt("shares"))?,
                    unbonding_id: e.unbonding_id,
                    unbonding_on_hold_ref_count: u64::try_from(e.unbonding_on_hold_ref_count)
                        .map_err(|_| corrupt("on-hold count"))?,
                })
            })
            .collect::<SdkResult<_>>()?;
        Ok(Self {
            delegator_address: address(&p.delegator_address)?,
            validator_src_address: val_address(&p.validator_src_address)?,
            validator_dst_address: val_address(&p.validator_dst_address)?,
            entries,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> Time {
        Time::from_unix_timestamp(s, 0).unwrap()
    }

    #[test]
    fn entries_with_the_same_height_and_completion_merge() {
        let mut ubd = UnbondingDelegation {
            delegator_address: Address::from_bytes([1; 20]),
            validator_address: ValAddress::from_account(Address::from_bytes([2; 20])),
            entries: vec![],
        };
        assert!(ubd.add_entry(5, t(100), Amount::from(10u64), 1).unwrap());
        assert!(!ubd.add_entry(5, t(100), Amount::from(4u64), 2).unwrap());
        assert!(ubd.add_entry(5, t(101), Amount::from(1u64), 3).unwrap());
        assert_eq!(ubd.entries.len(), 2);
        assert_eq!((ubd.entries[0].balance, ubd.entries[0].initial_balance), (14u64.into(), 14u64.into()));
        assert_eq!(ubd.entries[0].unbonding_id, 1, "a merged entry keeps its id");
        assert!(ubd.entries[0].is_mature(t(100)) && !ubd.entries[0].is_mature(t(99)));
        assert_eq!(UnbondingDelegation::from_proto(&ubd.to_proto()).unwrap(), ubd);
        let json = serde_json::to_value(&ubd).unwrap();
        assert_eq!(json["entries"][0]["creation_height"], "5");
        assert_eq!(json["entries"][0]["completion_time"], "1970-01-01T00:01:40Z");
        assert_eq!(serde_json::from_value::<UnbondingDelegation>(json).unwrap(), ubd);
    }

    #[test]
    fn redelegations_round_trip() {
        let red = Redelegation {
            delegator_address: Address::from_bytes([1; 20]),
            validator_src_address: ValAddress::from_account(Address::from_bytes([2; 20])),
            validator_dst_address: ValAddress::from_account(Address::from_bytes([3; 20])),
            entries: vec![RedelegationEntry {
                creation_height: 3,
                completion_time: t(50),
                initial_balance: 7u64.into(),
                shares_dst: "7.5".parse().unwrap(),
                unbonding_id: 4,
                unbonding_on_hold_ref_count: 0,
            }],
        };
        assert_eq!(Redelegation::from_proto(&red.to_proto()).unwrap(), red);
        assert_eq!(serde_json::from_value::<Redelegation>(serde_json::to_value(&red).unwrap()).unwrap(), red);
    }
}
