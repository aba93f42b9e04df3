//! Transfer events in the Cosmos SDK's shape (`coin_spent`, `coin_received`, `transfer`,
//! `message.sender`), so explorers and `tx_search "transfer.recipient='...'"` work unchanged.

use symbiote_core::events::event;
use symbiote_core::{Address, Coins};
use tendermint::abci::Event;

pub fn transfer(from: &Address, to: &Address, amount: &Coins) -> Vec<Event> {
    let amount = amount.to_string();
    vec![
        event("coin_spent", [("spender", from.to_string()), ("amount", amount.clone())]),
        event("coin_received", [("receiver", to.to_string()), ("amount", amount.clone())]),
        event("transfer", [("recipient", to.to_string()), ("sender", from.to_string()), ("amount", amount)]),
        event("message", [("sender", from.to_string())]),
    ]
}
