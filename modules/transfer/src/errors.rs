//! ICS-20's coded errors, with ibc-go's codes in codespace `transfer`.

use symbiote_core::SdkError;

pub const CODESPACE: &str = "transfer";

pub fn invalid_timeout(detail: impl std::fmt::Display) -> SdkError {
    SdkError::coded(CODESPACE, 2, "invalid packet timeout", detail)
}

pub fn invalid_denom(detail: impl std::fmt::Display) -> SdkError {
    SdkError::coded(CODESPACE, 3, "invalid denomination for cross-chain transfer", detail)
}

pub fn invalid_amount(detail: impl std::fmt::Display) -> SdkError {
    SdkError::coded(CODESPACE, 5, "invalid token amount", detail)
}

pub fn trace_not_found(hash: &str) -> SdkError {
    SdkError::coded(CODESPACE, 6, "denomination trace not found", format!("no trace for ibc/{hash}"))
}

pub fn send_disabled() -> SdkError {
    SdkError::coded(CODESPACE, 7, "fungible token transfers from this chain are disabled", "send_enabled is false")
}

pub fn invalid_memo(detail: impl std::fmt::Display) -> SdkError {
    SdkError::coded(CODESPACE, 11, "invalid memo", detail)
}
