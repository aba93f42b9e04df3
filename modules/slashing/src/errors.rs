//! The `slashing` codespace (`x/slashing/types/errors.go`).

use std::fmt::Display;

use symbiote_core::SdkError;

pub const CODESPACE: &str = "slashing";

fn err(code: u32, description: &str, detail: impl Display) -> SdkError {
    SdkError::coded(CODESPACE, code, description, detail)
}

pub fn no_validator_for_address() -> SdkError {
    err(2, "address is not associated with any known validator", "")
}
pub fn validator_jailed(detail: impl Display) -> SdkError {
    err(4, "validator still jailed; cannot be unjailed", detail)
}
pub fn validator_not_jailed() -> SdkError {
    err(5, "validator not jailed; cannot be unjailed", "")
}
pub fn missing_self_delegation() -> SdkError {
    err(6, "validator has no self-delegation; cannot be unjailed", "")
}
pub fn self_delegation_too_low(detail: impl Display) -> SdkError {
    err(7, "validator's self delegation less than minimum; cannot be unjailed", detail)
}
pub fn no_signing_info(detail: impl Display) -> SdkError {
    err(8, "no validator signing info found", detail)
}
