//! Consent events: one per message, attributes indexed so `tx_search` finds a dataset's,
//! a consent's or a requester's history.

use symbiote_core::events::event;
use symbiote_proto::symbiote::consent::v1 as pb;
use tendermint::abci::Event;

pub(crate) fn dataset_registered(d: &pb::Dataset) -> Event {
    event(
        "register_dataset",
        [
            ("dataset_id", d.id.to_string()),
            ("owner", d.owner.clone()),
            ("controller", d.controller.clone()),
            ("merkle_root", hex::encode(&d.merkle_root)),
            ("record_count", d.record_count.to_string()),
        ],
    )
}

pub(crate) fn consent_changed(kind: &str, c: &pb::Consent) -> Event {
    let terms = c.terms.clone().unwrap_or_default();
    event(
        kind,
        [
            ("consent_id", c.id.to_string()),
            ("dataset_id", c.dataset_id.to_string()),
            ("granter", c.granter.clone()),
            ("grantee", terms.grantee),
            ("version", c.version.to_string()),
            ("uses", terms.uses.join(",")),
            ("permission", terms.permission),
        ],
    )
}

pub(crate) fn consent_ended(kind: &str, c: &pb::Consent, e: &pb::Ending) -> Event {
    event(
        kind,
        [
            ("consent_id", c.id.to_string()),
            ("dataset_id", c.dataset_id.to_string()),
            ("by", e.by.clone()),
            ("reason", e.reason.clone()),
        ],
    )
}

pub(crate) fn used(r: &pb::Receipt) -> Event {
    event(
        "consent_use",
        [
            ("receipt_id", r.id.to_string()),
            ("consent_id", r.consent_id.to_string()),
            ("consent_version", r.consent_version.to_string()),
            ("dataset_id", r.dataset_id.to_string()),
            ("owner", r.pii_principal.clone()),
            ("requester", r.requester.clone()),
            ("use", r.r#use.clone()),
            ("purpose", r.purpose.as_ref().map(|p| p.code.clone()).unwrap_or_default()),
            ("model", r.model.clone()),
            ("trace_id", r.trace_id.clone()),
        ],
    )
}
