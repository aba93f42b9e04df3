//! Staking events in the SDK's shape (`x/staking/types/events.go`): the same types and attribute
//! keys, so explorers and `tx_search "delegate.validator='...'"` work unchanged. Amounts are coins
//! (`100usym`) in message events and bare integers in the end-block completion events, as the SDK
//! writes them.

use std::fmt::Display;

use symbiote_core::events::event;
use symbiote_core::{Address, ValAddress};
use tendermint::abci::Event;
use tendermint::Time;

use crate::time::{rfc3339, to_timestamp};
use crate::validator::Commission;

pub(crate) fn create_validator(op: &ValAddress, amount: impl Display) -> Event {
    event("create_validator", [("validator", op.to_string()), ("amount", amount.to_string())])
}

pub(crate) fn edit_validator(commission: &Commission, min_self_delegation: impl Display) -> Event {
    event(
        "edit_validator",
        [("commission_rate", commission_string(commission)), ("min_self_delegation", min_self_delegation.to_string())],
    )
}

pub(crate) fn delegate(op: &ValAddress, del: &Address, amount: impl Display, new_shares: impl Display) -> Event {
    event(
        "delegate",
        [
            ("validator", op.to_string()),
            ("delegator", del.to_string()),
            ("amount", amount.to_string()),
            ("new_shares", new_shares.to_string()),
        ],
    )
}

pub(crate) fn unbond(op: &ValAddress, del: &Address, amount: impl Display, completion: Time) -> Event {
    event(
        "unbond",
        [
            ("validator", op.to_string()),
            ("delegator", del.to_string()),
            ("amount", amount.to_string()),
            ("completion_time", rfc3339(completion)),
        ],
    )
}

pub(crate) fn redelegate(src: &ValAddress, dst: &ValAddress, amount: impl Display, completion: Time) -> Event {
    event(
        "redelegate",
        [
            ("source_validator", src.to_string()),
            ("destination_validator", dst.to_string()),
            ("amount", amount.to_string()),
            ("completion_time", rfc3339(completion)),
        ],
    )
}

pub(crate) fn cancel_unbonding(op: &ValAddress, del: &Address, amount: impl Display, creation_height: i64) -> Event {
    event(
        "cancel_unbonding_delegation",
        [
            ("amount", amount.to_string()),
            ("validator", op.to_string()),
            ("delegator", del.to_string()),
            ("creation_height", creation_height.to_string()),
        ],
    )
}

pub(crate) fn complete_unbonding(op: &ValAddress, del: &Address, amount: impl Display) -> Event {
    event(
        "complete_unbonding",
        [("amount", amount.to_string()), ("validator", op.to_string()), ("delegator", del.to_string())],
    )
}

pub(crate) fn complete_redelegation(del: &Address, src: &ValAddress, dst: &ValAddress, amount: impl Display) -> Event {
    event(
        "complete_redelegation",
        [
            ("amount", amount.to_string()),
            ("delegator", del.to_string()),
            ("source_validator", src.to_string()),
            ("destination_validator", dst.to_string()),
        ],
    )
}

/// `Commission.String()`: the protobuf text form the SDK puts in the edit_validator event.
fn commission_string(c: &Commission) -> String {
    let ts = to_timestamp(c.update_time);
    let nanos = if ts.nanos == 0 { String::new() } else { format!(" nanos:{}", ts.nanos) };
    format!(
        "commission_rates:<rate:\"{}\" max_rate:\"{}\" max_change_rate:\"{}\" > update_time:<seconds:{}{} > ",
        c.commission_rates.rate, c.commission_rates.max_rate, c.commission_rates.max_change_rate, ts.seconds, nanos
    )
}
