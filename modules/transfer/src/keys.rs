//! Keys in the `transfer` substore (private builders).
//!
//! ```text
//! transfer/params                       ibc-go's transfer Params (protobuf)
//! transfer/denomTraces/{HASH}           DenomTrace {path, base_denom} of voucher ibc/{HASH}
//! transfer/totalEscrow/{denom}          amount of a native denom held in all escrow accounts
//! ```

pub const PREFIX: &str = "transfer";

pub fn params() -> String {
    format!("{PREFIX}/params")
}

pub fn denom_traces() -> String {
    format!("{PREFIX}/denomTraces/")
}

pub fn denom_trace(hash: &str) -> String {
    format!("{}{hash}", denom_traces())
}

pub fn total_escrows() -> String {
    format!("{PREFIX}/totalEscrow/")
}

pub fn total_escrow(denom: &str) -> String {
    format!("{}{denom}", total_escrows())
}
