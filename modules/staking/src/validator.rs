//! A validator and its exchange rate between tokens and delegator shares
//! (`x/staking/types/validator.go`): the rounding of every conversion is the SDK's, because
//! shares and tokens are consensus state and a client (or an auditor) recomputes them.

use std::str::FromStr;

use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use cosmos_sdk_proto::Any;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::{Amount, ConsAddress, LegacyDec, SdkError, SdkResult, ValAddress};
use tendermint::Time;

use crate::errors;
use crate::time::{from_timestamp, to_timestamp};

/// Tokens per unit of consensus power (the SDK's `DefaultPowerReduction`).
pub const POWER_REDUCTION: u64 = 1_000_000;

/// The largest consensus power one validator may reach. With at most [`crate::params::MAX_VALIDATORS_LIMIT`]
/// (2^14) bonded validators the total stays below CometBFT's `MaxTotalVotingPower`
/// ((2^63 − 1) / 8 = 2^60 − 1), which CometBFT would otherwise refuse, halting the chain; a
/// delegation that would pass it is refused.
pub const MAX_VALIDATOR_POWER: u64 = (1 << 46) - 1;

pub const ED25519_PUBKEY_URL: &str = "/cosmos.crypto.ed25519.PubKey";
pub const SECP256K1_PUBKEY_URL: &str = "/cosmos.crypto.secp256k1.PubKey";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BondStatus {
    Unbonded,
    Unbonding,
    Bonded,
}

impl BondStatus {
    pub fn to_proto(self) -> i32 {
        match self {
            BondStatus::Unbonded => pb::BondStatus::Unbonded as i32,
            BondStatus::Unbonding => pb::BondStatus::Unbonding as i32,
            BondStatus::Bonded => pb::BondStatus::Bonded as i32,
        }
    }

    pub fn from_proto(value: i32) -> Option<Self> {
        match pb::BondStatus::try_from(value).ok()? {
            pb::BondStatus::Unbonded => Some(BondStatus::Unbonded),
            pb::BondStatus::Unbonding => Some(BondStatus::Unbonding),
            pb::BondStatus::Bonded => Some(BondStatus::Bonded),
            pb::BondStatus::Unspecified => None,
        }
    }

    /// `BOND_STATUS_BONDED`...: the enum name, as JSON and the Validators query's filter use it.
    pub fn name(self) -> &'static str {
        match self {
            BondStatus::Unbonded => "BOND_STATUS_UNBONDED",
            BondStatus::Unbonding => "BOND_STATUS_UNBONDING",
            BondStatus::Bonded => "BOND_STATUS_BONDED",
        }
    }
}

impl FromStr for BondStatus {
    type Err = SdkError;
    fn from_str(s: &str) -> SdkResult<Self> {
        match s {
            "BOND_STATUS_UNBONDED" => Ok(BondStatus::Unbonded),
            "BOND_STATUS_UNBONDING" => Ok(BondStatus::Unbonding),
            "BOND_STATUS_BONDED" => Ok(BondStatus::Bonded),
            _ => Err(SdkError::new(Code::InvalidRequest, format!("invalid validator status {s}"))),
        }
    }
}

impl Serialize for BondStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for BondStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|e: SdkError| serde::de::Error::custom(e.log))
    }
}

/// A consensus public key. CometBFT's default consensus params accept ed25519 only, and so does
/// symbiote (`MsgCreateValidator` with another key type fails with staking code 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConsensusPubkey(pub [u8; 32]);

impl ConsensusPubkey {
    pub fn address(&self) -> ConsAddress {
        ConsAddress::from_ed25519_pubkey(&self.0)
    }

    pub fn to_any(&self) -> Any {
        let key = cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey { key: self.0.to_vec() };
        Any { type_url: ED25519_PUBKEY_URL.into(), value: prost::Message::encode_to_vec(&key) }
    }

    /// A key from a message: an undecodable `Any` is a malformed tx (code 2), another key type is
    /// not supported (staking 6), a wrong length an invalid key (code 8).
    pub fn from_any(any: &Any) -> SdkResult<Self> {
        match any.type_url.as_str() {
            ED25519_PUBKEY_URL => {
                let key: cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey =
                    prost::Message::decode(any.value.as_slice())
                        .map_err(|e| SdkError::new(Code::TxDecode, format!("malformed ed25519 pubkey: {e}")))?;
                let bytes: [u8; 32] = key.key.as_slice().try_into().map_err(|_| {
                    SdkError::new(
                        Code::InvalidPubKey,
                        format!("ed25519 pubkey must be 32 bytes, got {}", key.key.len()),
                    )
                })?;
                Ok(Self(bytes))
            }
            SECP256K1_PUBKEY_URL => Err(errors::pubkey_type_not_supported("got: secp256k1, expected: [ed25519]")),
            other => Err(SdkError::new(Code::InvalidType, format!("Expecting cryptotypes.PubKey, got {other}"))),
        }
    }

    pub fn to_tendermint(&self) -> SdkResult<tendermint::PublicKey> {
        tendermint::PublicKey::from_raw_ed25519(&self.0)
            .ok_or_else(|| SdkError::internal("stored consensus key is not a valid ed25519 key"))
    }
}

/// JSON as the SDK writes an `Any` key: `{"@type": "/cosmos.crypto.ed25519.PubKey", "key": base64}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PubkeyJson {
    #[serde(rename = "@type")]
    type_url: String,
    key: String,
}

impl Serialize for ConsensusPubkey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64::Engine;
        PubkeyJson {
            type_url: ED25519_PUBKEY_URL.into(),
            key: base64::engine::general_purpose::STANDARD.encode(self.0),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for ConsensusPubkey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use base64::Engine;
        let json = PubkeyJson::deserialize(d)?;
        if json.type_url != ED25519_PUBKEY_URL {
            return Err(serde::de::Error::custom(format!("unsupported consensus key type {}", json.type_url)));
        }
        let bytes = base64::engine::general_purpose::STANDARD.decode(&json.key).map_err(serde::de::Error::custom)?;
        bytes.try_into().map(Self).map_err(|_| serde::de::Error::custom("ed25519 key must be 32 bytes"))
    }
}

/// The SDK's marker for "keep the current value" in MsgEditValidator's description.
pub const DO_NOT_MODIFY: &str = "[do-not-modify]";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Description {
    pub moniker: String,
    pub identity: String,
    pub website: String,
    pub security_contact: String,
    pub details: String,
}

impl Description {
    pub fn from_proto(p: &pb::Description) -> Self {
        Self {
            moniker: p.moniker.clone(),
            identity: p.identity.clone(),
            website: p.website.clone(),
            security_contact: p.security_contact.clone(),
            details: p.details.clone(),
        }
    }

    pub fn to_proto(&self) -> pb::Description {
        pb::Description {
            moniker: self.moniker.clone(),
            identity: self.identity.clone(),
            website: self.website.clone(),
            security_contact: self.security_contact.clone(),
            details: self.details.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The SDK's `EnsureLength`: byte lengths, code 18 naming the field.
    pub fn ensure_length(&self) -> SdkResult<()> {
        for (field, value, max) in [
            ("moniker", &self.moniker, 70),
            ("identity", &self.identity, 3000),
            ("website", &self.website, 140),
            ("security contact", &self.security_contact, 140),
            ("details", &self.details, 280),
        ] {
            if value.len() > max {
                return Err(SdkError::new(
                    Code::InvalidRequest,
                    format!("invalid {field} length; got: {}, max: {max}", value.len()),
                ));
            }
        }
        Ok(())
    }

    /// Each field of `update` replaces ours unless it is `[do-not-modify]` (`UpdateDescription`).
    pub fn updated(&self, update: &Description) -> SdkResult<Description> {
        let pick = |new: &String, old: &String| if new == DO_NOT_MODIFY { old.clone() } else { new.clone() };
        let d = Description {
            moniker: pick(&update.moniker, &self.moniker),
            identity: pick(&update.identity, &self.identity),
            website: pick(&update.website, &self.website),
            security_contact: pick(&update.security_contact, &self.security_contact),
            details: pick(&update.details, &self.details),
        };
        d.ensure_length()?;
        Ok(d)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommissionRates {
    pub rate: LegacyDec,
    pub max_rate: LegacyDec,
    pub max_change_rate: LegacyDec,
}

impl CommissionRates {
    /// `CommissionRates.Validate`, in the SDK's order.
    pub fn validate(&self) -> SdkResult<()> {
        if self.max_rate.is_negative() {
            return Err(errors::commission_negative("max rate"));
        }
        if self.max_rate > LegacyDec::ONE {
            return Err(errors::commission_huge());
        }
        if self.rate.is_negative() {
            return Err(errors::commission_negative("rate"));
        }
        if self.rate > self.max_rate {
            return Err(errors::commission_gt_max_rate());
        }
        if self.max_change_rate.is_negative() {
            return Err(errors::commission_change_rate_negative());
        }
        if self.max_change_rate > self.max_rate {
            return Err(errors::commission_change_rate_gt_max_rate());
        }
        Ok(())
    }

    pub fn from_proto(p: &pb::CommissionRates) -> SdkResult<Self> {
        Ok(Self { rate: dec(&p.rate)?, max_rate: dec(&p.max_rate)?, max_change_rate: dec(&p.max_change_rate)? })
    }

    pub fn to_proto(&self) -> pb::CommissionRates {
        pb::CommissionRates {
            rate: self.rate.to_proto_string(),
            max_rate: self.max_rate.to_proto_string(),
            max_change_rate: self.max_change_rate.to_proto_string(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commission {
    pub commission_rates: CommissionRates,
    pub update_time: Time,
}

impl Commission {
    /// `Commission.ValidateNewRate`: once per 24h, within [0, max_rate], by at most max_change_rate.
    pub fn validate_new_rate(&self, new_rate: LegacyDec, block_time: Time) -> SdkResult<()> {
        let since = block_time.duration_since(self.update_time).unwrap_or_default();
        if since < std::time::Duration::from_secs(24 * 3600) {
            return Err(errors::commission_update_time());
        }
        if new_rate.is_negative() {
            return Err(errors::commission_negative("rate"));
        }
        if new_rate > self.commission_rates.max_rate {
            return Err(errors::commission_gt_max_rate());
        }
        let change = new_rate.checked_sub(self.commission_rates.rate).map_err(|e| SdkError::internal(e.to_string()))?;
        if change > self.commission_rates.max_change_rate {
            return Err(errors::commission_gt_max_change_rate());
        }
        Ok(())
    }
}

/// A decimal from its protobuf form; an empty field is zero, as the SDK's nil decimal reads.
pub fn dec(s: &str) -> SdkResult<LegacyDec> {
    LegacyDec::from_proto_string(s)
        .map(Option::unwrap_or_default)
        .map_err(|e| SdkError::new(Code::InvalidRequest, format!("invalid decimal {s:?}: {e}")))
}

/// A non-negative integer from its protobuf form (`math.Int`); empty is zero.
pub fn int(s: &str) -> SdkResult<Amount> {
    if s.is_empty() {
        return Ok(Amount::ZERO);
    }
    s.parse().map_err(|_| SdkError::new(Code::InvalidRequest, format!("invalid integer {s:?}")))
}

pub(crate) fn dec_error(e: symbiote_core::legacy_dec::DecError) -> SdkError {
    SdkError::internal(format!("staking arithmetic: {e}"))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validator {
    pub operator_address: ValAddress,
    pub consensus_pubkey: ConsensusPubkey,
    pub jailed: bool,
    pub status: BondStatus,
    pub tokens: Amount,
    pub delegator_shares: LegacyDec,
    pub description: Description,
    #[serde(with = "symbiote_core::serde_str")]
    pub unbonding_height: u64,
    pub unbonding_time: Time,
    pub commission: Commission,
    pub min_self_delegation: Amount,
    #[serde(with = "symbiote_core::serde_str")]
    pub unbonding_on_hold_ref_count: u64,
    #[serde(default, with = "u64_strings")]
    pub unbonding_ids: Vec<u64>,
}

mod u64_strings {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(values: &[u64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(values.iter().map(|v| v.to_string()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
        Vec::<String>::deserialize(d)?.iter().map(|s| s.parse().map_err(serde::de::Error::custom)).collect()
    }
}

impl Validator {
    /// A new validator as MsgCreateValidator makes it: unbonded, no tokens, no shares.
    pub fn new(
        operator_address: ValAddress,
        consensus_pubkey: ConsensusPubkey,
        description: Description,
        commission: Commission,
        min_self_delegation: Amount,
    ) -> Self {
        Self {
            operator_address,
            consensus_pubkey,
            jailed: false,
            status: BondStatus::Unbonded,
            tokens: Amount::ZERO,
            delegator_shares: LegacyDec::ZERO,
            description,
            unbonding_height: 0,
            unbonding_time: Time::unix_epoch(),
            commission,
            min_self_delegation,
            unbonding_on_hold_ref_count: 0,
            unbonding_ids: Vec::new(),
        }
    }

    pub fn cons_address(&self) -> ConsAddress {
        self.consensus_pubkey.address()
    }

    pub fn is_bonded(&self) -> bool {
        self.status == BondStatus::Bonded
    }

    pub fn is_unbonding(&self) -> bool {
        self.status == BondStatus::Unbonding
    }

    pub fn is_unbonded(&self) -> bool {
        self.status == BondStatus::Unbonded
    }

    /// No tokens left but shares outstanding (all slashed away): delegating is refused.
    pub fn invalid_ex_rate(&self) -> bool {
        self.tokens.is_zero() && self.delegator_shares.is_positive()
    }

    /// tokens / 10^6, whatever the status (the power index key).
    pub fn potential_power(&self) -> u64 {
        let power = self.tokens.checked_div(Amount::from(POWER_REDUCTION)).unwrap_or(Amount::ZERO);
        power.to_u64().unwrap_or(u64::MAX)
    }

    /// The power CometBFT gives the validator: its potential power if bonded, else 0.
    pub fn consensus_power(&self) -> u64 {
        if self.is_bonded() {
            self.potential_power()
        } else {
            0
        }
    }

    fn tokens_dec(&self) -> LegacyDec {
        LegacyDec::from_amount(self.tokens)
    }

    /// `SharesFromTokens`: shares · amount / tokens (integer division of the scaled value).
    pub fn shares_from_tokens(&self, amount: Amount) -> SdkResult<LegacyDec> {
        if self.tokens.is_zero() {
            return Err(errors::insufficient_shares());
        }
        self.delegator_shares.mul_int(amount).and_then(|d| d.quo_int(self.tokens)).map_err(dec_error)
    }

    /// `SharesFromTokensTruncated`: shares · amount / tokens, truncated at 18 places.
    pub fn shares_from_tokens_truncated(&self, amount: Amount) -> SdkResult<LegacyDec> {
        if self.tokens.is_zero() {
            return Err(errors::insufficient_shares());
        }
        self.delegator_shares.mul_int(amount).and_then(|d| d.quo_truncate(self.tokens_dec())).map_err(dec_error)
    }

    /// `TokensFromShares`: shares · tokens / delegator_shares (Quo rounds half to even).
    pub fn tokens_from_shares(&self, shares: LegacyDec) -> SdkResult<LegacyDec> {
        shares.mul_int(self.tokens).and_then(|d| d.quo(self.delegator_shares)).map_err(dec_error)
    }

    /// `TokensFromSharesTruncated`.
    pub fn tokens_from_shares_truncated(&self, shares: LegacyDec) -> SdkResult<LegacyDec> {
        shares.mul_int(self.tokens).and_then(|d| d.quo_truncate(self.delegator_shares)).map_err(dec_error)
    }

    /// `AddTokensFromDel`: the first delegation sets the rate to one share per token.
    pub fn add_tokens_from_del(&mut self, amount: Amount) -> SdkResult<LegacyDec> {
        let issued = if self.delegator_shares.is_zero() {
            LegacyDec::from_amount(amount)
        } else {
            self.shares_from_tokens(amount)?
        };
        self.tokens = self.tokens.checked_add(amount).ok_or_else(|| SdkError::internal("validator tokens overflow"))?;
        self.delegator_shares = self.delegator_shares.checked_add(issued).map_err(dec_error)?;
        Ok(issued)
    }

    /// `RemoveDelShares`: the last shares take every remaining token; otherwise the truncated
    /// value of the shares leaves, and the dust stays with the validator.
    pub fn remove_del_shares(&mut self, shares: LegacyDec) -> SdkResult<Amount> {
        let remaining = self.delegator_shares.checked_sub(shares).map_err(dec_error)?;
        let issued = if remaining.is_zero() {
            std::mem::replace(&mut self.tokens, Amount::ZERO)
        } else {
            let issued = self.tokens_from_shares(shares)?.truncate_int().map_err(dec_error)?;
            self.tokens = self
                .tokens
                .checked_sub(issued)
                .ok_or_else(|| SdkError::internal("removing more tokens than the validator has"))?;
            issued
        };
        self.delegator_shares = remaining;
        Ok(issued)
    }

    /// The update CometBFT receives: the key and the current consensus power.
    pub fn abci_update(&self) -> SdkResult<tendermint::validator::Update> {
        Ok(tendermint::validator::Update {
            pub_key: self.consensus_pubkey.to_tendermint()?,
            power: self.consensus_power().try_into().map_err(|_| SdkError::internal("power out of range"))?,
        })
    }

    /// The update removing the validator from CometBFT's set.
    pub fn abci_update_zero(&self) -> SdkResult<tendermint::validator::Update> {
        Ok(tendermint::validator::Update { pub_key: self.consensus_pubkey.to_tendermint()?, power: 0u32.into() })
    }

    pub fn to_proto(&self) -> pb::Validator {
        pb::Validator {
            operator_address: self.operator_address.to_string(),
            consensus_pubkey: Some(self.consensus_pubkey.to_any()),
            jailed: self.jailed,
            status: self.status.to_proto(),
            tokens: self.tokens.to_string(),
            delegator_shares: self.delegator_shares.to_proto_string(),
            description: Some(self.description.to_proto()),
            unbonding_height: self.unbonding_height as i64,
            unbonding_time: Some(to_timestamp(self.unbonding_time)),
            commission: Some(pb::Commission {
                commission_rates: Some(self.commission.commission_rates.to_proto()),
                update_time: Some(to_timestamp(self.commission.update_time)),
            }),
            min_self_delegation: self.min_self_delegation.to_string(),
            unbonding_on_hold_ref_count: self.unbonding_on_hold_ref_count as i64,
            unbonding_ids: self.unbonding_ids.clone(),
        }
    }

    /// A stored validator; anything malformed is a corrupt store.
    pub fn from_proto(p: &pb::Validator) -> SdkResult<Self> {
        let corrupt = |what: &str| SdkError::internal(format!("corrupt validator {}: {what}", p.operator_address));
        let commission = p.commission.as_ref().ok_or_else(|| corrupt("no commission"))?;
        Ok(Self {
            operator_address: p.operator_address.parse().map_err(|_| corrupt("operator address"))?,
            consensus_pubkey: ConsensusPubkey::from_any(p.consensus_pubkey.as_ref().ok_or_else(|| corrupt("no key"))?)
                .map_err(|_| corrupt("consensus key"))?,
            jailed: p.jailed,
            status: BondStatus::from_proto(p.status).ok_or_else(|| corrupt("status"))?,
            tokens: int(&p.tokens).map_err(|_| corrupt("tokens"))?,
            delegator_shares: dec(&p.delegator_shares).map_err(|_| corrupt("shares"))?,
            description: Description::from_proto(&p.description.clone().unwrap_or_default()),
            unbonding_height: u64::try_from(p.unbonding_height).map_err(|_| corrupt("unbonding height"))?,
            unbonding_time: from_timestamp(&p.unbonding_time.unwrap_or_default())?,
            commission: Commission {
                commission_rates: CommissionRates::from_proto(&commission.commission_rates.clone().unwrap_or_default())
                    .map_err(|_| corrupt("commission rates"))?,
                update_time: from_timestamp(&commission.update_time.unwrap_or_default())?,
            },
            min_self_delegation: int(&p.min_self_delegation).map_err(|_| corrupt("min self delegation"))?,
            unbonding_on_hold_ref_count: u64::try_from(p.unbonding_on_hold_ref_count)
                .map_err(|_| corrupt("on-hold count"))?,
            unbonding_ids: p.unbonding_ids.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use symbiote_core::Address;

    use super::*;

    fn validator(tokens: u64, shares: &str) -> Validator {
        let mut v = Validator::new(
            ValAddress::from_account(Address::from_bytes([1; 20])),
            ConsensusPubkey([7; 32]),
            Description { moniker: "v".into(), ..Default::default() },
            Commission { commission_rates: CommissionRates::default(), update_time: Time::unix_epoch() },
            Amount::from(1u64),
        );
        v.tokens = Amount::from(tokens);
        v.delegator_shares = shares.parse().unwrap();
        v
    }

    #[test]
    fn first_delegation_sets_one_share_per_token() {
        let mut v = validator(0, "0");
        let issued = v.add_tokens_from_del(Amount::from(1_000u64)).unwrap();
        assert_eq!(issued, "1000".parse().unwrap());
        assert_eq!((v.tokens, v.delegator_shares), (Amount::from(1_000u64), "1000".parse().unwrap()));
    }

    #[test]
    fn shares_after_a_slash_follow_the_sdk_rounding() {
        // 100 tokens backing 150 shares (a slashed validator): 1 token buys 1.5 shares.
        let mut v = validator(100, "150");
        assert_eq!(v.add_tokens_from_del(Amount::from(1u64)).unwrap(), "1.5".parse().unwrap());
        // 101 tokens, 151.5 shares: 7 tokens → 151.5·7/101 = 10.5000000000000000 (integer division
        // of the scaled value truncates).
        let issued = v.shares_from_tokens(Amount::from(7u64)).unwrap();
        assert_eq!(issued.to_string(), "10.500000000000000000");
        // Removing 1 share of 151.5 over 101 tokens: 0.666… tokens truncate to 0 (dust stays).
        let out = v.remove_del_shares("1".parse().unwrap()).unwrap();
        assert_eq!(out, Amount::ZERO);
        assert_eq!(v.tokens, Amount::from(101u64));
        // The last shares take everything left.
        let rest = v.delegator_shares;
        assert_eq!(v.remove_del_shares(rest).unwrap(), Amount::from(101u64));
        assert!(v.tokens.is_zero() && v.delegator_shares.is_zero());
    }

    #[test]
    fn zero_tokens_refuse_share_conversion_and_mark_an_invalid_rate() {
        let v = validator(0, "10");
        assert!(v.invalid_ex_rate());
        let e = v.shares_from_tokens(Amount::from(1u64)).unwrap_err();
        assert_eq!((e.codespace, e.code), ("staking", 22));
    }

    #[test]
    fn power_is_tokens_over_a_million_and_zero_unless_bonded() {
        let mut v = validator(2_999_999, "1");
        assert_eq!(v.potential_power(), 2);
        assert_eq!(v.consensus_power(), 0);
        v.status = BondStatus::Bonded;
        assert_eq!(v.consensus_power(), 2);
    }

    #[test]
    fn proto_and_json_round_trip() {
        let mut v = validator(5_000_000, "5000000.5");
        v.unbonding_ids = vec![3, 9];
        assert_eq!(Validator::from_proto(&v.to_proto()).unwrap(), v);
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["status"], "BOND_STATUS_UNBONDED");
        assert_eq!(json["delegator_shares"], "5000000.500000000000000000");
        assert_eq!(json["consensus_pubkey"]["@type"], ED25519_PUBKEY_URL);
        assert_eq!(json["unbonding_ids"], serde_json::json!(["3", "9"]));
        assert_eq!(json["unbonding_time"], "1970-01-01T00:00:00Z");
        assert_eq!(serde_json::from_value::<Validator>(json).unwrap(), v);
    }

    #[test]
    fn commission_rules_in_the_sdk_order() {
        let rates = |r: &str, m: &str, c: &str| CommissionRates {
            rate: r.parse().unwrap(),
            max_rate: m.parse().unwrap(),
            max_change_rate: c.parse().unwrap(),
        };
        let code = |r: SdkResult<()>| r.unwrap_err().code;
        assert!(rates("0.1", "0.2", "0.01").validate().is_ok());
        assert_eq!(code(rates("0.1", "-0.2", "0.01").validate()), 9);
        assert_eq!(code(rates("0.1", "1.1", "0.01").validate()), 10);
        assert_eq!(code(rates("-0.1", "0.2", "0.01").validate()), 9);
        assert_eq!(code(rates("0.3", "0.2", "0.01").validate()), 11);
        assert_eq!(code(rates("0.1", "0.2", "-0.01").validate()), 13);
        assert_eq!(code(rates("0.1", "0.2", "0.3").validate()), 14);

        let t0 = Time::from_unix_timestamp(1_000_000, 0).unwrap();
        let c = Commission { commission_rates: rates("0.1", "0.2", "0.01"), update_time: t0 };
        let day = |s: u64| crate::time::add(t0, std::time::Duration::from_secs(s)).unwrap();
        assert_eq!(code(c.validate_new_rate("0.105".parse().unwrap(), day(86_399))), 12);
        assert!(c.validate_new_rate("0.11".parse().unwrap(), day(86_400)).is_ok());
        assert_eq!(code(c.validate_new_rate("0.111".parse().unwrap(), day(86_400))), 15);
        assert_eq!(code(c.validate_new_rate("0.21".parse().unwrap(), day(86_400))), 11);
        assert_eq!(code(c.validate_new_rate("-0.01".parse().unwrap(), day(86_400))), 9);
    }

    #[test]
    fn description_updates_keep_do_not_modify_fields_and_check_lengths() {
        let old = Description { moniker: "a".into(), website: "w".into(), ..Default::default() };
        let update = Description {
            moniker: "b".into(),
            identity: DO_NOT_MODIFY.into(),
            website: DO_NOT_MODIFY.into(),
            security_contact: DO_NOT_MODIFY.into(),
            details: "d".into(),
        };
        let new = old.updated(&update).unwrap();
        assert_eq!((new.moniker.as_str(), new.website.as_str(), new.details.as_str()), ("b", "w", "d"));
        let long = Description { moniker: "m".repeat(71), ..Default::default() };
        let e = long.ensure_length().unwrap_err();
        assert!(e.is(Code::InvalidRequest) && e.log.contains("invalid moniker length; got: 71, max: 70"), "{e}");
    }

    #[test]
    fn consensus_keys_other_than_ed25519_are_refused_with_the_sdk_codes() {
        let good = ConsensusPubkey([9; 32]);
        assert_eq!(ConsensusPubkey::from_any(&good.to_any()).unwrap(), good);
        let secp = Any { type_url: SECP256K1_PUBKEY_URL.into(), value: vec![] };
        assert_eq!(ConsensusPubkey::from_any(&secp).unwrap_err().code, 6);
        let short = cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey { key: vec![1; 31] };
        let any = Any { type_url: ED25519_PUBKEY_URL.into(), value: prost::Message::encode_to_vec(&short) };
        assert!(ConsensusPubkey::from_any(&any).unwrap_err().is(Code::InvalidPubKey));
    }
}
