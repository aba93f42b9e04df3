//! Store keys of the `slashing` substore, private to the module.
//!
//! ```text
//! params                              Params
//! signing_info/<cons>                 ValidatorSigningInfo
//! missed/<cons>/<index>               marker: the validator missed the block at this window index
//! evidence/<hash hex>                 Equivocation (double-sign evidence handled)
//! ```

use symbiote_core::ConsAddress;

pub(crate) const PREFIX: &str = "slashing";

pub(crate) fn params() -> String {
    format!("{PREFIX}/params")
}

pub(crate) fn signing_info(cons: &ConsAddress) -> String {
    format!("{PREFIX}/signing_info/{}", cons.to_hex())
}

pub(crate) fn signing_infos() -> String {
    format!("{PREFIX}/signing_info/")
}

pub(crate) fn missed(cons: &ConsAddress, index: u64) -> String {
    format!("{PREFIX}/missed/{}/{index:020}", cons.to_hex())
}

pub(crate) fn missed_of(cons: &ConsAddress) -> String {
    format!("{PREFIX}/missed/{}/", cons.to_hex())
}

pub(crate) fn evidence(hash: &[u8]) -> String {
    format!("{PREFIX}/evidence/{}", hex::encode(hash))
}
