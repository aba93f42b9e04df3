//! Slashing events in the SDK's shape (`x/slashing/types/events.go`).

use symbiote_core::events::event;
use symbiote_core::{Amount, ConsAddress};
use tendermint::abci::Event;

pub(crate) fn liveness(cons: &ConsAddress, missed: u64, height: u64) -> Event {
    event(
        "liveness",
        [("address", cons.to_string()), ("missed_blocks", missed.to_string()), ("height", height.to_string())],
    )
}

/// A downtime slash: the SDK names the jailed validator in the same event.
pub(crate) fn slash_downtime(cons: &ConsAddress, power: u64, burned: Amount) -> Event {
    event(
        "slash",
        [
            ("address", cons.to_string()),
            ("power", power.to_string()),
            ("reason", "missing_signature".to_string()),
            ("jailed", cons.to_string()),
            ("burned_coins", burned.to_string()),
        ],
    )
}

pub(crate) fn slash_double_sign(cons: &ConsAddress, power: u64, burned: Amount) -> Event {
    event(
        "slash",
        [
            ("address", cons.to_string()),
            ("power", power.to_string()),
            ("reason", "double_sign".to_string()),
            ("burned_coins", burned.to_string()),
        ],
    )
}

pub(crate) fn jailed(cons: &ConsAddress) -> Event {
    event("slash", [("jailed", cons.to_string())])
}
