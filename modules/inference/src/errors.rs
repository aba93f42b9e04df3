//! The `inference` codespace.

use std::fmt::Display;

use symbiote_core::SdkError;

pub const CODESPACE: &str = "inference";

fn err(code: u32, description: &str, detail: impl Display) -> SdkError {
    SdkError::coded(CODESPACE, code, description, detail)
}

pub fn invalid_request(detail: impl Display) -> SdkError {
    err(2, "invalid inference request", detail)
}
pub fn deprecated(detail: impl Display) -> SdkError {
    err(3, "model version deprecated", detail)
}
pub fn invalid_input(detail: impl Display) -> SdkError {
    err(4, "invalid model input", detail)
}
pub fn fee_too_low(detail: impl Display) -> SdkError {
    err(5, "max fee below the model's inference fee", detail)
}
pub fn over_budget(detail: impl Display) -> SdkError {
    err(6, "inference over its pass budget", detail)
}
pub fn failed(detail: impl Display) -> SdkError {
    err(7, "inference failed", detail)
}
pub fn block_budget_spent(detail: impl Display) -> SdkError {
    err(8, "the block's inference budget is spent", detail)
}
