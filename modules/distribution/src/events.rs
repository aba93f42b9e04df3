//! Distribution events in the SDK's shape (`x/distribution/types/events.go`).

use std::fmt::Display;

use symbiote_core::events::event;
use symbiote_core::{Address, Coins, DecCoins, ValAddress};
use tendermint::abci::Event;

pub(crate) fn commission(amount: &DecCoins, op: &ValAddress) -> Event {
    event("commission", [("amount", amount.to_string()), ("validator", op.to_string())])
}

pub(crate) fn rewards(amount: &DecCoins, op: &ValAddress) -> Event {
    event("rewards", [("amount", amount.to_string()), ("validator", op.to_string())])
}

pub(crate) fn withdraw_rewards(amount: impl Display, op: &ValAddress, del: &Address) -> Event {
    event(
        "withdraw_rewards",
        [("amount", amount.to_string()), ("validator", op.to_string()), ("delegator", del.to_string())],
    )
}

pub(crate) fn withdraw_commission(amount: &Coins) -> Event {
    event("withdraw_commission", [("amount", amount.to_string())])
}

pub(crate) fn set_withdraw_address(to: &Address) -> Event {
    event("set_withdraw_address", [("withdraw_address", to.to_string())])
}
