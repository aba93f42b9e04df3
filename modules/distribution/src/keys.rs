//! Store keys of the `distribution` substore, private to the module.
//!
//! Addresses are lower-case hex, heights and periods zero-padded decimal (key order is numeric).
//!
//! ```text
//! params                                        Params
//! fee_pool                                      FeePool (the community pool)
//! previous_proposer                             consensus address bytes
//! withdraw_addr/<del>                           withdraw address bytes
//! outstanding/<val>                             ValidatorOutstandingRewards
//! commission/<val>                              ValidatorAccumulatedCommission
//! current/<val>                                 ValidatorCurrentRewards
//! historical/<val>/<period>                     ValidatorHistoricalRewards
//! starting/<val>/<del>                          DelegatorStartingInfo
//! slash/<val>/<height>/<period>                 ValidatorSlashEvent
//! ```

use symbiote_core::{Address, ValAddress};

pub(crate) const PREFIX: &str = "distribution";

pub(crate) fn params() -> String {
    format!("{PREFIX}/params")
}

pub(crate) fn fee_pool() -> String {
    format!("{PREFIX}/fee_pool")
}

pub(crate) fn previous_proposer() -> String {
    format!("{PREFIX}/previous_proposer")
}

pub(crate) fn withdraw_addr(del: &Address) -> String {
    format!("{PREFIX}/withdraw_addr/{}", del.to_hex())
}

pub(crate) fn withdraw_addrs() -> String {
    format!("{PREFIX}/withdraw_addr/")
}

pub(crate) fn outstanding(val: &ValAddress) -> String {
    format!("{PREFIX}/outstanding/{}", val.to_hex())
}

pub(crate) fn outstanding_all() -> String {
    format!("{PREFIX}/outstanding/")
}

pub(crate) fn commission(val: &ValAddress) -> String {
    format!("{PREFIX}/commission/{}", val.to_hex())
}

pub(crate) fn commission_all() -> String {
    format!("{PREFIX}/commission/")
}

pub(crate) fn current(val: &ValAddress) -> String {
    format!("{PREFIX}/current/{}", val.to_hex())
}

pub(crate) fn current_all() -> String {
    format!("{PREFIX}/current/")
}

pub(crate) fn historical(val: &ValAddress, period: u64) -> String {
    format!("{PREFIX}/historical/{}/{period:020}", val.to_hex())
}

pub(crate) fn historical_of(val: &ValAddress) -> String {
    format!("{PREFIX}/historical/{}/", val.to_hex())
}

pub(crate) fn historical_all() -> String {
    format!("{PREFIX}/historical/")
}

pub(crate) fn starting(val: &ValAddress, del: &Address) -> String {
    format!("{PREFIX}/starting/{}/{}", val.to_hex(), del.to_hex())
}

pub(crate) fn starting_all() -> String {
    format!("{PREFIX}/starting/")
}

pub(crate) fn slash(val: &ValAddress, height: u64, period: u64) -> String {
    format!("{PREFIX}/slash/{}/{height:020}/{period:020}", val.to_hex())
}

pub(crate) fn slashes_of(val: &ValAddress) -> String {
    format!("{PREFIX}/slash/{}/", val.to_hex())
}

pub(crate) fn slashes_all() -> String {
    format!("{PREFIX}/slash/")
}

/// The pieces after `prefix` of a key built above (`<a>/<b>/...`).
pub(crate) fn parts<'k>(key: &'k str, prefix: &str) -> Option<Vec<&'k str>> {
    Some(key.strip_prefix(prefix)?.split('/').collect())
}
