//! The `inference` event: one per decision, attributes indexed so `tx_search` finds decisions by
//! trace id, model and label.

use symbiote_core::events::event;
use symbiote_proto::symbiote::inference::v1 as pb;
use tendermint::abci::Event;

pub(crate) fn decided(id: &[u8], t: &pb::Trace) -> Event {
    let top: Vec<String> = t
        .explanation
        .as_ref()
        .map(|e| e.top.iter().take(3).filter_map(|i| e.feature_names.get(*i as usize).cloned()).collect())
        .unwrap_or_default();
    event(
        "inference",
        [
            ("trace_id", hex::encode(id)),
            ("model", t.model_name.clone()),
            ("version", t.model_version.clone()),
            ("alias", t.alias.clone()),
            ("model_id", hex::encode(&t.model_sha256)),
            ("requester", t.requester.clone()),
            ("label", t.label.map(|l| l.to_string()).unwrap_or_default()),
            ("top_features", top.join(",")),
        ],
    )
}
