//! Events the ante checks emit for every executed tx, in the Cosmos SDK's shape (`tx` events with
//! `fee`/`fee_payer`, `acc_seq`, `signature`), so `tx_search "tx.acc_seq='sym1.../0'"` works.

use symbiote_core::events::event;
use symbiote_core::{Address, Coins};
use tendermint::abci::Event;

pub fn fee(fee: &Coins, payer: &Address) -> Event {
    event("tx", [("fee", fee.to_string()), ("fee_payer", payer.to_string())])
}

pub fn acc_seq(address: &Address, sequence: u64) -> Event {
    event("tx", [("acc_seq", format!("{address}/{sequence}"))])
}

pub fn signature(base64_signature: String) -> Event {
    event("tx", [("signature", base64_signature)])
}
