//! Store keys of the `registry` substore, private to the module.
//!
//! ```text
//! params                                  Params
//! model/<name>                            Model
//! version/<name>/<version>                ModelVersion (version zero-padded to 10 digits)
//! by_id/<model id hex>                    Alias{name, version}: which version has these bytes
//! alias/<name>/<alias>                    Alias
//! alias_history/<name>/<seq>              AliasChange (seq zero-padded, per model)
//! chunk/<sha256 hex>                      the chunk's bytes (kept once a version uses them)
//! pending/<sha256 hex>                    PendingChunk: uploaded, not used yet
//! expiry/<height>/<sha256 hex>            marker: the pending chunk expires after this height
//! ```

pub(crate) const PREFIX: &str = "registry";

pub(crate) fn params() -> String {
    format!("{PREFIX}/params")
}

pub(crate) fn model(name: &str) -> String {
    format!("{PREFIX}/model/{name}")
}

pub(crate) fn models() -> String {
    format!("{PREFIX}/model/")
}

pub(crate) fn version(name: &str, version: u32) -> String {
    format!("{PREFIX}/version/{name}/{version:010}")
}

pub(crate) fn by_id(model_id: &[u8]) -> String {
    format!("{PREFIX}/by_id/{}", hex::encode(model_id))
}

pub(crate) fn alias(name: &str, alias: &str) -> String {
    format!("{PREFIX}/alias/{name}/{alias}")
}

pub(crate) fn aliases(name: &str) -> String {
    format!("{PREFIX}/alias/{name}/")
}

pub(crate) fn alias_history(name: &str) -> String {
    format!("{PREFIX}/alias_history/{name}/")
}

pub(crate) fn alias_change(name: &str, seq: u64) -> String {
    format!("{}{seq:020}", alias_history(name))
}

pub(crate) fn chunk(sha: &[u8]) -> String {
    format!("{PREFIX}/chunk/{}", hex::encode(sha))
}

pub(crate) fn pending(sha: &[u8]) -> String {
    format!("{PREFIX}/pending/{}", hex::encode(sha))
}

pub(crate) fn expiries() -> String {
    format!("{PREFIX}/expiry/")
}

pub(crate) fn expiry(height: u64, sha: &[u8]) -> String {
    format!("{}{height:020}/{}", expiries(), hex::encode(sha))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_should_not_change() {
        assert_eq!(params(), "registry/params");
        assert_eq!(model("risk"), "registry/model/risk");
        assert_eq!(version("risk", 3), "registry/version/risk/0000000003");
        assert_eq!(by_id(&[0xab; 2]), "registry/by_id/abab");
        assert_eq!(alias("risk", "production"), "registry/alias/risk/production");
        assert_eq!(alias_change("risk", 2), "registry/alias_history/risk/00000000000000000002");
        assert_eq!(chunk(&[1, 2]), "registry/chunk/0102");
        assert_eq!(pending(&[1, 2]), "registry/pending/0102");
        assert_eq!(expiry(7, &[1, 2]), "registry/expiry/00000000000000000007/0102");
    }
}
