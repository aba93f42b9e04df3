//! Store keys of the `inference` substore, private to the module.
//!
//! ```text
//! params             Params
//! trace/<id hex>     Trace (canonical encoding; the id is its SHA-256)
//! ```

pub(crate) const PREFIX: &str = "inference";

pub(crate) fn params() -> String {
    format!("{PREFIX}/params")
}

pub(crate) fn trace(id: &[u8]) -> String {
    format!("{PREFIX}/trace/{}", hex::encode(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_should_not_change() {
        assert_eq!(params(), "inference/params");
        assert_eq!(trace(&[0xab, 1]), "inference/trace/ab01");
    }
}
