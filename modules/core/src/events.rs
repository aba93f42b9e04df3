//! ABCI events in the Cosmos SDK's shape. Every attribute is indexed, so CometBFT's `kv` indexer can
//! answer `tx_search` on any of them (`transfer.recipient='sym1...'`).

use tendermint::abci::{Event, EventAttributeIndexExt};

pub fn event<K: Into<String>, V: Into<String>>(kind: &str, attributes: impl IntoIterator<Item = (K, V)>) -> Event {
    let attributes = attributes.into_iter();
    // One spare slot: message events get a `msg_index` attribute appended (`tag_msg_index`).
    let mut all = Vec::with_capacity(attributes.size_hint().0 + 1);
    all.extend(attributes.map(|(k, v)| (k.into(), v.into()).index().into()));
    Event { kind: kind.to_string(), attributes: all }
}

/// Adds `msg_index` to events a message emitted, as SDK 0.50 does, so clients can tell which
/// message of a multi-message tx caused them.
pub fn tag_msg_index(events: &mut [Event], msg_index: usize) {
    let index = msg_index.to_string();
    for e in events {
        e.attributes.push(("msg_index", index.clone()).index().into());
    }
}

/// Marks events a block hook emitted with `mode=BeginBlock|EndBlock`, as SDK 0.50 does (indexed,
/// like every attribute), so clients can tell them from tx events.
pub fn tag_mode(events: &mut [Event], mode: &str) {
    for e in events {
        e.attributes.push(("mode", mode).index().into());
    }
}
