//! Store keys of the `inference` substore, private to the module.
//!
//! ```text
//! params             Params
//! trace/<id hex>     Trace (canonical encoding; the id is its SHA-256)
//! by_model/<name>/<version>/<height>/<id hex>    marker (version 10 digits, height 20)
//! by_requester/<address>/<height>/<id hex>       marker
//! rewards/<address>  Rewards (accrued, not withdrawn)
//! ```

pub(crate) const PREFIX: &str = "inference";

pub(crate) fn params() -> String {
    format!("{PREFIX}/params")
}

pub(crate) fn trace(id: &[u8]) -> String {
    format!("{PREFIX}/{}", trace_in_substore(id))
}

/// A trace's key inside the substore (what its ICS23 proof names).
pub(crate) fn trace_in_substore(id: &[u8]) -> String {
    format!("trace/{}", hex::encode(id))
}

pub(crate) fn by_model(name: &str, version: Option<u32>) -> String {
    match version {
        Some(v) => format!("{PREFIX}/by_model/{name}/{v:010}/"),
        None => format!("{PREFIX}/by_model/{name}/"),
    }
}

pub(crate) fn by_requester(requester: &str) -> String {
    format!("{PREFIX}/by_requester/{requester}/")
}

pub(crate) fn rewards(address: &symbiote_core::Address) -> String {
    format!("{PREFIX}/rewards/{address}")
}

/// An index entry: the prefix, then the height and the id, so entries list oldest first.
pub(crate) fn entry(prefix: &str, height: u64, id: &[u8]) -> String {
    format!("{prefix}{height:020}/{}", hex::encode(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_should_not_change() {
        assert_eq!(params(), "inference/params");
        assert_eq!(trace(&[0xab, 1]), "inference/trace/ab01");
        assert_eq!(
            entry(&by_model("iris", Some(2)), 7, &[1]),
            "inference/by_model/iris/0000000002/00000000000000000007/01"
        );
        assert_eq!(by_model("iris", None), "inference/by_model/iris/");
        assert_eq!(entry(&by_requester("sym1x"), 7, &[1]), "inference/by_requester/sym1x/00000000000000000007/01");
        let a = symbiote_core::Address::from_bytes([0; 20]);
        assert_eq!(rewards(&a), format!("inference/rewards/{a}"));
    }
}
