//! ICS-20 denominations as ibc-go writes them: a token that arrived over channels carries its
//! trace (`transfer/channel-0/usym`), and the bank holds it as the voucher `ibc/{HASH}`, HASH being
//! the upper-case hex SHA-256 of the full trace. The trace is kept in state by hash, so a voucher
//! sent on can be traced back.

use ibc::apps::transfer::types::PrefixedDenom;
use ibc_proto::ibc::applications::transfer::v1::DenomTrace;
use sha2::{Digest, Sha256};

/// The bank denom of a token: the base denom if it has no trace (a native token), else its voucher.
pub fn bank_denom(denom: &PrefixedDenom) -> String {
    if denom.trace_path.is_empty() {
        denom.base_denom.as_str().to_string()
    } else {
        format!("ibc/{}", hash(&denom.to_string()))
    }
}

/// The hash of a full trace (`{path}/{base}`), as ibc-go's `DenomTrace.Hash`.
pub fn hash(full_trace: &str) -> String {
    hex::encode_upper(Sha256::digest(full_trace.as_bytes()))
}

/// The HASH of a voucher denom `ibc/{HASH}`, if `denom` is one.
pub fn voucher_hash(denom: &str) -> Option<&str> {
    let hash = denom.strip_prefix("ibc/")?;
    (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))).then_some(hash)
}

/// The trace record of a traced denom.
pub fn trace_of(denom: &PrefixedDenom) -> DenomTrace {
    DenomTrace { path: denom.trace_path.to_string(), base_denom: denom.base_denom.as_str().to_string() }
}

/// The full trace a record describes.
pub fn full_trace(trace: &DenomTrace) -> String {
    if trace.path.is_empty() {
        trace.base_denom.clone()
    } else {
        format!("{}/{}", trace.path, trace.base_denom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vouchers_are_named_as_ibc_go_names_them() {
        // ibc-go's documented example: transfer/channel-0/uatom.
        let d: PrefixedDenom = "transfer/channel-0/uatom".parse().unwrap();
        assert_eq!(bank_denom(&d), "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2");
        assert_eq!(
            voucher_hash(&bank_denom(&d)),
            Some("27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2")
        );
        let trace = trace_of(&d);
        assert_eq!((trace.path.as_str(), trace.base_denom.as_str()), ("transfer/channel-0", "uatom"));
        assert_eq!(full_trace(&trace), "transfer/channel-0/uatom");
        // A native token keeps its name.
        let native: PrefixedDenom = "usym".parse().unwrap();
        assert_eq!(bank_denom(&native), "usym");
        assert_eq!(voucher_hash("ibc/abc"), None);
        assert_eq!(voucher_hash("usym"), None);
    }
}
