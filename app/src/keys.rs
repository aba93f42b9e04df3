//! App-level store keys (the `app` substore): chain facts every module's tx checks depend on.

pub const PREFIX: &str = "app";

pub fn chain_id() -> String {
    format!("{PREFIX}/chain_id")
}

/// The block gas limit from consensus params; absent means unlimited (CometBFT's -1).
pub fn max_block_gas() -> String {
    format!("{PREFIX}/max_block_gas")
}

/// Every substore prefix, in the order handed to cnidarium. Adding a module adds its prefix here.
pub fn substore_prefixes() -> Vec<String> {
    [PREFIX, symbiote_auth::keys::PREFIX, symbiote_bank::keys::PREFIX].iter().map(|s| s.to_string()).collect()
}
