//! Store keys of the `consent` substore, private to the module. Ids are zero-padded so keys sort
//! in id order.
//!
//! ```text
//! params                                   Params
//! next/{dataset,consent,receipt}           u64: the next id
//! dataset/<id>                             Dataset
//! dataset_by_owner/<owner>/<id>            marker
//! consent/<id>                             Consent (current version)
//! consent_by_dataset/<dataset>/<id>        marker
//! consent_version/<id>/<version>           ConsentVersion (superseded terms)
//! receipt/<id>                             Receipt
//! receipt_by_owner/<owner>/<id>            marker (the dataset's owner: "every use of my data")
//! receipt_by_consent/<consent>/<id>        marker
//! receipt_by_requester/<requester>/<id>    marker
//! ```

use symbiote_core::Address;

pub(crate) const PREFIX: &str = "consent";

pub(crate) fn params() -> String {
    format!("{PREFIX}/params")
}

pub(crate) fn next(kind: &str) -> String {
    format!("{PREFIX}/next/{kind}")
}

pub(crate) fn dataset(id: u64) -> String {
    format!("{PREFIX}/dataset/{id:020}")
}

pub(crate) fn datasets() -> String {
    format!("{PREFIX}/dataset/")
}

pub(crate) fn datasets_of(owner: &Address) -> String {
    format!("{PREFIX}/dataset_by_owner/{owner}/")
}

pub(crate) fn consent(id: u64) -> String {
    format!("{PREFIX}/consent/{id:020}")
}

pub(crate) fn consents_of(dataset: u64) -> String {
    format!("{PREFIX}/consent_by_dataset/{dataset:020}/")
}

pub(crate) fn consent_versions(id: u64) -> String {
    format!("{PREFIX}/consent_version/{id:020}/")
}

pub(crate) fn consent_version(id: u64, version: u32) -> String {
    format!("{}{version:010}", consent_versions(id))
}

pub(crate) fn receipt(id: u64) -> String {
    format!("{PREFIX}/receipt/{id:020}")
}

pub(crate) fn receipts_of_owner(owner: &str) -> String {
    format!("{PREFIX}/receipt_by_owner/{owner}/")
}

pub(crate) fn receipts_of_consent(consent: u64) -> String {
    format!("{PREFIX}/receipt_by_consent/{consent:020}/")
}

pub(crate) fn receipts_of_requester(requester: &Address) -> String {
    format!("{PREFIX}/receipt_by_requester/{requester}/")
}

/// An index entry: the index prefix and the id, zero-padded.
pub(crate) fn marker(prefix: &str, id: u64) -> String {
    format!("{prefix}{id:020}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_should_not_change() {
        let a = Address::from_bytes([1; 20]);
        assert_eq!(params(), "consent/params");
        assert_eq!(next("dataset"), "consent/next/dataset");
        assert_eq!(dataset(7), "consent/dataset/00000000000000000007");
        assert_eq!(marker(&datasets_of(&a), 7), format!("consent/dataset_by_owner/{a}/00000000000000000007"));
        assert_eq!(consent(3), "consent/consent/00000000000000000003");
        assert_eq!(marker(&consents_of(7), 3), "consent/consent_by_dataset/00000000000000000007/00000000000000000003");
        assert_eq!(consent_version(3, 2), "consent/consent_version/00000000000000000003/0000000002");
        assert_eq!(receipt(9), "consent/receipt/00000000000000000009");
        assert_eq!(marker(&receipts_of_owner("x"), 9), "consent/receipt_by_owner/x/00000000000000000009");
        assert_eq!(
            marker(&receipts_of_consent(3), 9),
            "consent/receipt_by_consent/00000000000000000003/00000000000000000009"
        );
        assert_eq!(
            marker(&receipts_of_requester(&a), 9),
            format!("consent/receipt_by_requester/{a}/00000000000000000009")
        );
    }
}
