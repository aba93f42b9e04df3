//! The `registry` codespace. Every refusal names what refused it.

use std::fmt::Display;

use symbiote_core::SdkError;

pub const CODESPACE: &str = "registry";

fn err(code: u32, description: &str, detail: impl Display) -> SdkError {
    SdkError::coded(CODESPACE, code, description, detail)
}

pub fn invalid_name(detail: impl Display) -> SdkError {
    err(2, "invalid model name or alias", detail)
}
pub fn unknown_model(detail: impl Display) -> SdkError {
    err(3, "unknown model", detail)
}
pub fn unknown_version(detail: impl Display) -> SdkError {
    err(4, "unknown model version", detail)
}
pub fn unauthorized(detail: impl Display) -> SdkError {
    err(5, "unauthorized", detail)
}
pub fn chunk_hash_mismatch(detail: impl Display) -> SdkError {
    err(6, "chunk does not match its hash", detail)
}
pub fn chunk_too_large(detail: impl Display) -> SdkError {
    err(7, "chunk too large", detail)
}
pub fn missing_chunk(detail: impl Display) -> SdkError {
    err(8, "chunk missing or expired", detail)
}
pub fn model_too_large(detail: impl Display) -> SdkError {
    err(9, "model too large", detail)
}
pub fn model_id_mismatch(detail: impl Display) -> SdkError {
    err(10, "model bytes do not match the model id", detail)
}
pub fn invalid_model(detail: impl Display) -> SdkError {
    err(11, "model refused by the engine", detail)
}
pub fn invalid_metadata(detail: impl Display) -> SdkError {
    err(12, "invalid model metadata", detail)
}
pub fn deprecated(detail: impl Display) -> SdkError {
    err(13, "model version deprecated", detail)
}
pub fn already_registered(detail: impl Display) -> SdkError {
    err(14, "model already registered", detail)
}
pub fn already_community(detail: impl Display) -> SdkError {
    err(15, "model already community-governed", detail)
}
pub fn invalid_lineage(detail: impl Display) -> SdkError {
    err(16, "invalid lineage", detail)
}
pub fn unknown_alias(detail: impl Display) -> SdkError {
    err(17, "unknown alias", detail)
}
