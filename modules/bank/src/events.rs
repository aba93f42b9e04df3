//! Transfer events in the Cosmos SDK's shape (`coin_spent`, `coin_received`, `transfer`,
//! `message.sender`), so explorers and `tx_search "transfer.recipient='...'"` work unchanged.

use symbiote_core::events::event;
use symbiote_core::{Address, Coins};
use tendermint::abci::Event;

pub fn transfer(from: &Address, to: &Address, amount: &Coins) -> Vec<Event> {
    let (from, to, amount) = (from.to_string(), to.to_string(), amount.to_string());
    vec![
        event("coin_spent", [("spender", from.clone()), ("amount", amount.clone())]),
        event("coin_received", [("receiver", to.clone()), ("amount", amount.clone())]),
        event("transfer", [("recipient", to), ("sender", from.clone()), ("amount", amount)]),
        event("message", [("sender", from)]),
    ]
}

/// A delegation or undelegation: the coins leave one account and arrive in another, with no
/// `transfer` event (the SDK's `DelegateCoins`/`UndelegateCoins`).
pub fn spent_received(from: &Address, to: &Address, amount: &Coins) -> Vec<Event> {
    let amount = amount.to_string();
    vec![
        event("coin_spent", [("spender", from.to_string()), ("amount", amount.clone())]),
        event("coin_received", [("receiver", to.to_string()), ("amount", amount)]),
    ]
}

/// `MintCoins`: `coin_received` then `coinbase`, as the SDK records them.
pub fn minted(minter: &Address, amount: &Coins) -> Vec<Event> {
    let (minter, amount) = (minter.to_string(), amount.to_string());
    vec![
        event("coin_received", [("receiver", minter.clone()), ("amount", amount.clone())]),
        event("coinbase", [("minter", minter), ("amount", amount)]),
    ]
}

/// `BurnCoins`: `coin_spent` then `burn`.
pub fn burned(burner: &Address, amount: &Coins) -> Vec<Event> {
    let (burner, amount) = (burner.to_string(), amount.to_string());
    vec![
        event("coin_spent", [("spender", burner.clone()), ("amount", amount.clone())]),
        event("burn", [("burner", burner), ("amount", amount)]),
    ]
}
