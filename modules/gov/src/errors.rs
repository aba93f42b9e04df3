//! The `gov` codespace, with the SDK's codes and descriptions (`x/gov/types/errors.go`), so clients
//! that branch on them work unchanged; symbiote's own refusals (bias-correction audits) come after
//! the SDK's numbers. One deliberate difference: a deposit on, or cancellation of, a proposal that
//! does not exist is `unknown proposal` (2, as SDKs before v0.50 registered it), where v0.50 returns
//! an uncoded collections error (code 1, codespace `undefined`).

use std::fmt::Display;

use symbiote_core::SdkError;

pub const CODESPACE: &str = "gov";

fn err(code: u32, description: &str, detail: impl Display) -> SdkError {
    SdkError::coded(CODESPACE, code, description, detail)
}

pub fn unknown_proposal(detail: impl Display) -> SdkError {
    err(2, "unknown proposal", detail)
}
pub fn inactive_proposal(detail: impl Display) -> SdkError {
    err(3, "inactive proposal", detail)
}
pub fn invalid_proposal_content(detail: impl Display) -> SdkError {
    err(5, "invalid proposal content", detail)
}
pub fn invalid_vote(detail: impl Display) -> SdkError {
    err(7, "invalid vote option", detail)
}
pub fn invalid_genesis(detail: impl Display) -> SdkError {
    err(8, "invalid genesis state", detail)
}
pub fn no_proposal_msgs(detail: impl Display) -> SdkError {
    err(11, "no messages proposed", detail)
}
pub fn invalid_proposal_msg(detail: impl Display) -> SdkError {
    err(12, "invalid proposal message", detail)
}
pub fn invalid_signer(detail: impl Display) -> SdkError {
    err(13, "expected gov account as only signer for proposal message", detail)
}
pub fn metadata_too_long(detail: impl Display) -> SdkError {
    err(15, "metadata too long", detail)
}
pub fn min_deposit_too_small(detail: impl Display) -> SdkError {
    err(16, "minimum deposit is too small", detail)
}
pub fn invalid_proposer(detail: impl Display) -> SdkError {
    err(18, "invalid proposer", detail)
}
pub fn voting_period_ended(detail: impl Display) -> SdkError {
    err(20, "voting period already ended", detail)
}
pub fn invalid_proposal(detail: impl Display) -> SdkError {
    err(21, "invalid proposal", detail)
}
pub fn summary_too_long(detail: impl Display) -> SdkError {
    err(22, "summary too long", detail)
}
pub fn invalid_deposit_denom(detail: impl Display) -> SdkError {
    err(23, "invalid deposit denom", detail)
}

// ---- symbiote's audit and bias-correction refusals (numbered from 100, clear of the SDK's) ----

pub fn unknown_audit_dataset(detail: impl Display) -> SdkError {
    err(100, "unknown audit dataset", detail)
}
pub fn invalid_audit_dataset(detail: impl Display) -> SdkError {
    err(101, "invalid audit dataset", detail)
}
pub fn not_audit_owner(detail: impl Display) -> SdkError {
    err(102, "not the audit dataset's owner", detail)
}
pub fn invalid_audit_row(detail: impl Display) -> SdkError {
    err(103, "invalid audit row", detail)
}
pub fn audit_incomplete(detail: impl Display) -> SdkError {
    err(104, "audit dataset incomplete", detail)
}
pub fn invalid_bias_correction(detail: impl Display) -> SdkError {
    err(105, "invalid bias correction", detail)
}
pub fn audit_over_budget(detail: impl Display) -> SdkError {
    err(106, "audit over budget", detail)
}
pub fn audit_failed(detail: impl Display) -> SdkError {
    err(107, "audit failed", detail)
}
pub fn gate_refused(detail: impl Display) -> SdkError {
    err(108, "the audit gate refuses the candidate", detail)
}
