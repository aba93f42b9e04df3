//! Events of the example module.

use symbiote_core::events::event;
use symbiote_core::Address;
use tendermint::abci::Event;

pub fn value_set(signer: &Address, key: &str) -> Event {
    event("example_value_set", [("signer", signer.to_string()), ("key", key.to_string())])
}

pub fn block_seen(hook: &str, height: u64) -> Event {
    event("example_block", [("hook", hook.to_string()), ("height", height.to_string())])
}
