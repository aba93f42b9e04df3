//! Registry events, attributes indexed so `tx_search` finds a model's history.

use symbiote_core::events::event;
use symbiote_proto::symbiote::registry::v1 as pb;
use tendermint::abci::Event;

pub(crate) fn chunk_uploaded(c: &pb::PendingChunk) -> Event {
    event(
        "upload_chunk",
        [
            ("sha256", hex::encode(&c.sha256)),
            ("uploader", c.uploader.clone()),
            ("size", c.size.to_string()),
            ("expires_height", c.expires_height.to_string()),
        ],
    )
}

pub(crate) fn chunks_expired(count: u64) -> Event {
    event("expire_chunks", [("count", count.to_string())])
}

pub(crate) fn model_registered(v: &pb::ModelVersion) -> Event {
    event(
        "register_model",
        [
            ("name", v.name.clone()),
            ("version", v.version.to_string()),
            ("model_id", hex::encode(&v.model_id)),
            ("registrant", v.registrant.clone()),
            ("size", v.size_bytes.to_string()),
            ("parent_version", v.lineage.as_ref().map_or(0, |l| l.parent_version).to_string()),
        ],
    )
}

pub(crate) fn alias_set(name: &str, c: &pb::AliasChange) -> Event {
    event(
        "set_alias",
        [
            ("name", name.to_string()),
            ("alias", c.alias.clone()),
            ("version", c.version.to_string()),
            ("previous_version", c.previous_version.to_string()),
            ("by", c.by.clone()),
            ("reason", c.reason.clone()),
        ],
    )
}

pub(crate) fn version_deprecated(name: &str, version: u32, by: &str, reason: &str) -> Event {
    event(
        "deprecate_version",
        [
            ("name", name.to_string()),
            ("version", version.to_string()),
            ("by", by.to_string()),
            ("reason", reason.to_string()),
        ],
    )
}

pub(crate) fn handed_to_community(name: &str, owner: &str) -> Event {
    event("hand_to_community", [("name", name.to_string()), ("owner", owner.to_string())])
}
