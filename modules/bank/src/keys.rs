//! Store keys of the `bank` substore. `balances/<address hex>/<denom>` groups an account's balances
//! under one prefix, so AllBalances is one ordered prefix scan.

use symbiote_core::Address;

pub const PREFIX: &str = "bank";

pub fn balance(address: &Address, denom: &str) -> String {
    format!("{PREFIX}/balances/{}/{denom}", address.to_hex())
}

pub fn balances_of(address: &Address) -> String {
    format!("{PREFIX}/balances/{}/", address.to_hex())
}

pub fn all_balances() -> String {
    format!("{PREFIX}/balances/")
}

pub fn supply(denom: &str) -> String {
    format!("{PREFIX}/supply/{denom}")
}

pub fn supply_prefix() -> String {
    format!("{PREFIX}/supply/")
}

pub fn params() -> String {
    format!("{PREFIX}/params")
}

/// Splits a key under `all_balances()` into (address hex, denom).
pub fn parse_balance_key(key: &str) -> Option<(&str, &str)> {
    key.strip_prefix(&all_balances())?.split_once('/')
}
