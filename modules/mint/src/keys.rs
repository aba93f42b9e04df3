//! Store keys of the `mint` substore, private to the module.
//!
//! ```text
//! minter      Minter (cosmos.mint.v1beta1): the inflation rate and annual provisions
//! params      Params (cosmos.mint.v1beta1)
//! ```

pub(crate) const PREFIX: &str = "mint";

pub(crate) fn minter() -> String {
    format!("{PREFIX}/minter")
}

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
        assert_eq!(minter(), "mint/minter");
        assert_eq!(params(), "mint/params");
    }
}
