//! The `inference` event: one per decision, attributes indexed so `tx_search` finds decisions by
//! trace id, model and label; `inference_fee` (how a fee was split) and `inference_rewards_withdrawn`.

use symbiote_core::events::event;
use symbiote_core::{Address, Coin, Coins};
use symbiote_proto::symbiote::inference::v1 as pb;
use tendermint::abci::Event;

use crate::rewards::Split;

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
            ("consents", t.consent_ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",")),
            ("purpose", t.purpose.as_ref().map(|p| p.code.clone()).unwrap_or_default()),
        ],
    )
}

/// `inference_fee`: the fee, each credit (`address:amount`, in split order) and the community pool's part.
pub(crate) fn fee_split(fee: &Coin, split: &Split) -> Event {
    let credits: Vec<String> = split.credits.iter().map(|(a, x)| format!("{a}:{x}{}", fee.denom)).collect();
    event(
        "inference_fee",
        [
            ("fee", format!("{}{}", fee.amount, fee.denom)),
            ("credits", credits.join(",")),
            ("community_pool", format!("{}{}", split.community, fee.denom)),
        ],
    )
}

pub(crate) fn withdrawn(owner: &Address, amount: &Coins) -> Event {
    event("inference_rewards_withdrawn", [("owner", owner.to_string()), ("amount", amount.to_string())])
}
