//! Store keys of the `auth` substore, private to the module. Addresses are fixed-width hex so keys
//! sort by address.

use symbiote_core::Address;

pub(crate) const PREFIX: &str = "auth";

/// Built by hand rather than with `format!`: every tx reads several accounts.
pub(crate) fn account(address: &Address) -> String {
    const HEAD: &str = "auth/accounts/";
    let mut key = String::with_capacity(HEAD.len() + 40);
    key.push_str(HEAD);
    address.push_hex(&mut key);
    key
}

pub(crate) fn accounts_prefix() -> String {
    format!("{PREFIX}/accounts/")
}

/// Account number → address, for AccountAddressByID. Zero-padded so keys sort by number.
pub(crate) fn account_by_number(number: u64) -> String {
    format!("{PREFIX}/account_numbers/{number:020}")
}

pub(crate) fn next_account_number() -> String {
    format!("{PREFIX}/next_account_number")
}

/// All parameters as one value: read once per block, so one key.
pub(crate) fn params() -> String {
    format!("{PREFIX}/params")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are consensus: a change to any key's bytes changes the app hash and orphans stored
    /// state. This test fails on any such change; update it only with a migration.
    #[test]
    fn keys_should_not_change() {
        let a = Address::from_bytes([0xab; 20]);
        assert_eq!(account(&a), "auth/accounts/abababababababababababababababababababab");
        assert_eq!(accounts_prefix(), "auth/accounts/");
        assert_eq!(account_by_number(42), "auth/account_numbers/00000000000000000042");
        assert_eq!(next_account_number(), "auth/next_account_number");
        assert_eq!(params(), "auth/params");
    }
}
