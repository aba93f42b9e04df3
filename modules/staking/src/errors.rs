//! The `staking` codespace (`x/staking/types/errors.go`): the codes and descriptions clients
//! match on. A log reads "<detail>: <description>", as the SDK's wrapped errors print.

use std::fmt::Display;

use symbiote_core::SdkError;

pub const CODESPACE: &str = "staking";

fn err(code: u32, description: &str, detail: impl Display) -> SdkError {
    SdkError::coded(CODESPACE, code, description, detail)
}

pub fn no_validator_found() -> SdkError {
    err(3, "validator does not exist", "")
}
pub fn validator_owner_exists() -> SdkError {
    err(4, "validator already exist for this operator address; must use new validator operator address", "")
}
pub fn validator_pubkey_exists() -> SdkError {
    err(5, "validator already exist for this pubkey; must use new validator pubkey", "")
}
pub fn pubkey_type_not_supported(detail: impl Display) -> SdkError {
    err(6, "validator pubkey type is not supported", detail)
}
pub fn validator_jailed() -> SdkError {
    err(7, "validator for this address is currently jailed", "")
}
pub fn commission_negative(detail: impl Display) -> SdkError {
    err(9, "commission must be positive", detail)
}
pub fn commission_huge() -> SdkError {
    err(10, "commission cannot be more than 100%", "")
}
pub fn commission_gt_max_rate() -> SdkError {
    err(11, "commission cannot be more than the max rate", "")
}
pub fn commission_update_time() -> SdkError {
    err(12, "commission cannot be changed more than once in 24h", "")
}
pub fn commission_change_rate_negative() -> SdkError {
    err(13, "commission change rate must be positive", "")
}
pub fn commission_change_rate_gt_max_rate() -> SdkError {
    err(14, "commission change rate cannot be more than the max rate", "")
}
pub fn commission_gt_max_change_rate() -> SdkError {
    err(15, "commission cannot be changed more than max change rate", "")
}
pub fn self_delegation_below_minimum() -> SdkError {
    err(16, "validator's self delegation must be greater than their minimum self delegation", "")
}
pub fn min_self_delegation_decreased() -> SdkError {
    err(17, "minimum self delegation cannot be decrease", "")
}
pub fn no_delegation() -> SdkError {
    err(19, "no delegation for (address, validator) tuple", "")
}
pub fn no_delegator_for_address() -> SdkError {
    err(21, "delegator does not contain delegation", "")
}
pub fn insufficient_shares() -> SdkError {
    err(22, "insufficient delegation shares", "")
}
pub fn not_enough_delegation_shares(detail: impl Display) -> SdkError {
    err(24, "not enough delegation shares", detail)
}
pub fn no_unbonding_delegation(detail: impl Display) -> SdkError {
    err(26, "no unbonding delegation found", detail)
}
pub fn max_unbonding_entries() -> SdkError {
    err(27, "too many unbonding delegation entries for (delegator, validator) tuple", "")
}
pub fn no_redelegation() -> SdkError {
    err(28, "no redelegation found", "")
}
pub fn self_redelegation() -> SdkError {
    err(29, "cannot redelegate to the same validator", "")
}
pub fn tiny_redelegation_amount() -> SdkError {
    err(30, "too few tokens to redelegate (truncates to zero tokens)", "")
}
pub fn bad_redelegation_dst() -> SdkError {
    err(31, "redelegation destination validator not found", "")
}
pub fn transitive_redelegation() -> SdkError {
    err(
        32,
        "redelegation to this validator already in progress; first redelegation to this validator must complete before next redelegation",
        "",
    )
}
pub fn max_redelegation_entries() -> SdkError {
    err(33, "too many redelegation entries for (delegator, src-validator, dst-validator) tuple", "")
}
pub fn ex_rate_invalid() -> SdkError {
    err(34, "cannot delegate to validators with invalid (zero) ex-rate", "")
}
pub fn no_historical_info() -> SdkError {
    err(38, "no historical info found", "")
}
pub fn empty_validator_pubkey() -> SdkError {
    err(39, "empty validator public key", "")
}
pub fn commission_lt_min_rate(detail: impl Display) -> SdkError {
    err(40, "commission cannot be less than min rate", detail)
}
pub fn bad_redelegation_src() -> SdkError {
    err(44, "redelegation source validator not found", "")
}
