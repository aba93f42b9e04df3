//! App-level store keys (the `app` substore): chain facts every module's tx checks depend on.

use crate::module_set::ModuleSet;

pub const PREFIX: &str = "app";

pub fn chain_id() -> String {
    symbiote_core::chain::chain_id_key()
}

/// The block gas limit from consensus params; absent means unlimited (CometBFT's -1).
pub fn max_block_gas() -> String {
    format!("{PREFIX}/max_block_gas")
}

/// Nanoseconds since the epoch of the last block (genesis time before block 1), big-endian.
pub fn last_block_time() -> String {
    symbiote_core::chain::last_block_time_key()
}

/// Every substore prefix, in the order handed to cnidarium: the app's, then each module's.
///
/// cnidarium routes a key to the first substore whose prefix the key starts with, and a reopened
/// store lists its substores in sorted order: if one name were a prefix of another (`auth` and
/// `authz`), keys of the longer one could land in the shorter one's tree on one node and not on
/// another. Such a module list is refused at start.
pub fn substore_prefixes<M: ModuleSet>() -> Vec<String> {
    let names: Vec<String> = std::iter::once(PREFIX).chain(M::names()).map(str::to_string).collect();
    if let Err(e) = check_substore_names(&names) {
        panic!("invalid module list: {e}");
    }
    names
}

/// Names must be non-empty, unique, and none a prefix of another.
pub fn check_substore_names(names: &[String]) -> Result<(), String> {
    for (i, a) in names.iter().enumerate() {
        if a.is_empty() {
            return Err("a module has an empty name".into());
        }
        for b in &names[i + 1..] {
            if a.starts_with(b.as_str()) || b.starts_with(a.as_str()) {
                return Err(format!("substore names {a:?} and {b:?} overlap (one is a prefix of the other)"));
            }
        }
    }
    Ok(())
}

pub use symbiote_core::chain::{last_block_time as read_last_block_time, nanos_since_epoch};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_substore_names_are_refused() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(check_substore_names(&names(&["app", "auth", "bank"])).is_ok());
        assert!(check_substore_names(&names(&["app", "auth", "authz"])).is_err());
        assert!(check_substore_names(&names(&["app", "appx"])).is_err());
        assert!(check_substore_names(&names(&["app", "bank", "bank"])).is_err());
        assert!(check_substore_names(&names(&["app", ""])).is_err());
        substore_prefixes::<crate::Modules>();
    }

    /// Keys are consensus: this test fails on any change of their bytes.
    #[test]
    fn keys_should_not_change() {
        assert_eq!(chain_id(), "app/chain_id");
        assert_eq!(max_block_gas(), "app/max_block_gas");
        assert_eq!(last_block_time(), "app/last_block_time");
    }
}
