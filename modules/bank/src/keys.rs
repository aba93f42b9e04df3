//! Store keys of the `bank` substore. `balances/<address hex>/<denom>` groups an account's balances
//! under one prefix, so AllBalances is one ordered prefix scan.

use symbiote_core::Address;

pub const PREFIX: &str = "bank";

/// Built by hand rather than with `format!`: every transfer reads and writes several balances.
pub fn balance(address: &Address, denom: &str) -> String {
    const HEAD: &str = "bank/balances/";
    let mut key = String::with_capacity(HEAD.len() + 41 + denom.len());
    key.push_str(HEAD);
    address.push_hex(&mut key);
    key.push('/');
    key.push_str(denom);
    key
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_key_is_under_the_account_prefix() {
        let a = Address::from_bytes([0xab; 20]);
        let key = balance(&a, "usym");
        assert_eq!(key, format!("{}usym", balances_of(&a)));
        assert_eq!(parse_balance_key(&key), Some((a.to_hex().as_str(), "usym")));
    }
}
