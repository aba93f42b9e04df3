//! The `consent` codespace. Every refusal names the rule that refused.

use std::fmt::Display;

use symbiote_core::SdkError;

pub const CODESPACE: &str = "consent";

fn err(code: u32, description: &str, detail: impl Display) -> SdkError {
    SdkError::coded(CODESPACE, code, description, detail)
}

pub fn invalid_dataset(detail: impl Display) -> SdkError {
    err(2, "invalid dataset", detail)
}
pub fn unknown_dataset(id: u64) -> SdkError {
    err(3, "unknown dataset", format!("dataset {id}"))
}
pub fn unknown_consent(id: u64) -> SdkError {
    err(4, "unknown consent", format!("consent {id}"))
}
pub fn unauthorized(detail: impl Display) -> SdkError {
    err(5, "unauthorized", detail)
}
pub fn invalid_terms(detail: impl Display) -> SdkError {
    err(6, "invalid consent terms", detail)
}
pub fn withdrawn(detail: impl Display) -> SdkError {
    err(7, "consent withdrawn", detail)
}
pub fn revoked(detail: impl Display) -> SdkError {
    err(8, "consent revoked", detail)
}
pub fn expired(detail: impl Display) -> SdkError {
    err(9, "consent expired", detail)
}
pub fn uses_exhausted(detail: impl Display) -> SdkError {
    err(10, "consent has no uses left", detail)
}
pub fn not_grantee(detail: impl Display) -> SdkError {
    err(11, "requester is not the grantee", detail)
}
pub fn use_not_permitted(detail: impl Display) -> SdkError {
    err(12, "use not permitted", detail)
}
pub fn model_not_permitted(detail: impl Display) -> SdkError {
    err(13, "model not permitted", detail)
}
pub fn purpose_not_permitted(detail: impl Display) -> SdkError {
    err(14, "purpose not permitted (DUO)", detail)
}
pub fn invalid_purpose(detail: impl Display) -> SdkError {
    err(15, "invalid purpose", detail)
}
pub fn invalid_disclosure(detail: impl Display) -> SdkError {
    err(16, "invalid disclosure", detail)
}
pub fn field_not_permitted(detail: impl Display) -> SdkError {
    err(17, "field not permitted", detail)
}
pub fn already_ended(detail: impl Display) -> SdkError {
    err(18, "consent already ended", detail)
}
pub fn unknown_receipt(id: u64) -> SdkError {
    err(19, "unknown receipt", format!("receipt {id}"))
}
