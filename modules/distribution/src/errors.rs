//! The `distribution` codespace (`x/distribution/types/errors.go`).

use std::fmt::Display;

use symbiote_core::SdkError;

pub const CODESPACE: &str = "distribution";

fn err(code: u32, description: &str, detail: impl Display) -> SdkError {
    SdkError::coded(CODESPACE, code, description, detail)
}

pub fn empty_delegation_dist_info() -> SdkError {
    err(5, "no delegation distribution info", "")
}
pub fn no_validator_commission() -> SdkError {
    err(7, "no validator commission to withdraw", "")
}
pub fn set_withdraw_addr_disabled() -> SdkError {
    err(8, "set withdraw address disabled", "")
}
pub fn bad_distribution() -> SdkError {
    err(9, "community pool does not have sufficient coins to distribute", "")
}
pub fn no_validator_exists(detail: impl Display) -> SdkError {
    err(12, "validator does not exist", detail)
}
