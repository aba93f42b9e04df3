//! Store keys of the `auth` substore. Addresses are fixed-width hex so keys sort by address.

use symbiote_core::Address;

pub const PREFIX: &str = "auth";

pub fn account(address: &Address) -> String {
    format!("{PREFIX}/accounts/{}", address.to_hex())
}

pub fn accounts_prefix() -> String {
    format!("{PREFIX}/accounts/")
}

pub fn next_account_number() -> String {
    format!("{PREFIX}/next_account_number")
}

/// All parameters as one canonical-JSON value: read once per block, so one key.
pub fn params() -> String {
    format!("{PREFIX}/params")
}
