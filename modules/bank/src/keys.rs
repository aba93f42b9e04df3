//! Store keys of the `bank` substore, private to the module.
//!
//! `balances/<address hex>/<denom>` groups an account's balances under one prefix, so AllBalances
//! is one ordered prefix scan; `denom_owners/<denom hex>/<address hex>` indexes the same balances
//! by denom (present while the balance is non-zero), so DenomOwners reads one page of one denom.
//! The denom is hex there because denoms may contain `/` (`ibc/...`): `x/` must not also be the
//! prefix of denom `x/y`'s owners.

use symbiote_core::Address;

pub(crate) const PREFIX: &str = "bank";

/// Built by hand rather than with `format!`: every transfer reads and writes several balances.
pub(crate) fn balance(address: &Address, denom: &str) -> String {
    const HEAD: &str = "bank/balances/";
    let mut key = String::with_capacity(HEAD.len() + 41 + denom.len());
    key.push_str(HEAD);
    address.push_hex(&mut key);
    key.push('/');
    key.push_str(denom);
    key
}

pub(crate) fn balances_of(address: &Address) -> String {
    format!("{PREFIX}/balances/{}/", address.to_hex())
}

pub(crate) fn balances_of_all() -> String {
    format!("{PREFIX}/balances/")
}

pub(crate) fn denom_owner(denom: &str, address: &Address) -> String {
    format!("{}{}", denom_owners(denom), address.to_hex())
}

pub(crate) fn denom_owners(denom: &str) -> String {
    format!("{PREFIX}/denom_owners/{}/", hex::encode(denom))
}

pub(crate) fn supply(denom: &str) -> String {
    format!("{PREFIX}/supply/{denom}")
}

pub(crate) fn supply_prefix() -> String {
    format!("{PREFIX}/supply/")
}

pub(crate) fn params() -> String {
    format!("{PREFIX}/params")
}

/// Per-denom send flags (the SDK keeps them apart from the params since v0.47).
pub(crate) fn send_enabled(denom: &str) -> String {
    format!("{PREFIX}/send_enabled/{denom}")
}

pub(crate) fn send_enabled_prefix() -> String {
    format!("{PREFIX}/send_enabled/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are consensus: a change to any key's bytes changes the app hash and orphans stored
    /// state. This test fails on any such change; update it only with a migration.
    #[test]
    fn keys_should_not_change() {
        let a = Address::from_bytes([0xab; 20]);
        let hex = "abababababababababababababababababababab";
        assert_eq!(balance(&a, "usym"), format!("bank/balances/{hex}/usym"));
        assert_eq!(balances_of(&a), format!("bank/balances/{hex}/"));
        assert_eq!(balances_of_all(), "bank/balances/");
        assert_eq!(denom_owner("usym", &a), format!("bank/denom_owners/7573796d/{hex}"));
        assert_eq!(denom_owners("usym"), "bank/denom_owners/7573796d/");
        assert!(!denom_owners("x/y").starts_with(&denom_owners("x")), "no denom's owners hold another's");
        assert_eq!(supply("usym"), "bank/supply/usym");
        assert_eq!(supply_prefix(), "bank/supply/");
        assert_eq!(params(), "bank/params");
        assert_eq!(send_enabled("usym"), "bank/send_enabled/usym");
        assert_eq!(send_enabled_prefix(), "bank/send_enabled/");
    }
}
