//! Store keys of the `auth` substore. Addresses are fixed-width hex so keys sort by address.

use symbiote_core::Address;

pub const PREFIX: &str = "auth";

/// Built by hand rather than with `format!`: every tx reads several accounts.
pub fn account(address: &Address) -> String {
    const HEAD: &str = "auth/accounts/";
    let mut key = String::with_capacity(HEAD.len() + 40);
    key.push_str(HEAD);
    address.push_hex(&mut key);
    key
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_key_is_under_the_accounts_prefix() {
        let a = Address::from_bytes([0xab; 20]);
        assert_eq!(account(&a), format!("{}{}", accounts_prefix(), a.to_hex()));
    }
}
