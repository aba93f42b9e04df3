//! Store keys of the `example` substore, private to the module.

pub(crate) const PREFIX: &str = "example";

pub(crate) fn value(key: &str) -> String {
    format!("{PREFIX}/values/{key}")
}

pub(crate) fn values_prefix() -> String {
    format!("{PREFIX}/values/")
}

pub(crate) fn params() -> String {
    format!("{PREFIX}/params")
}

pub(crate) fn counters() -> String {
    format!("{PREFIX}/counters")
}

/// A block gas limit waiting for this block's end-block hook.
pub(crate) fn pending_block_gas() -> String {
    format!("{PREFIX}/pending_block_gas")
}

/// Validator updates waiting for this block's end-block hook.
pub(crate) fn pending_updates() -> String {
    format!("{PREFIX}/pending_validator_updates")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are consensus: this test fails on any change of their bytes.
    #[test]
    fn keys_should_not_change() {
        assert_eq!(value("k"), "example/values/k");
        assert_eq!(values_prefix(), "example/values/");
        assert_eq!(params(), "example/params");
        assert_eq!(counters(), "example/counters");
        assert_eq!(pending_updates(), "example/pending_validator_updates");
        assert_eq!(pending_block_gas(), "example/pending_block_gas");
    }
}
