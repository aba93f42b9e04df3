//! The mint event in the SDK's shape (`x/mint/types/events.go`): `mint` with the bonded ratio,
//! the new inflation rate and annual provisions (decimals with 18 places) and the minted amount
//! (a bare integer), so explorers read it unchanged.

use symbiote_core::events::event;
use symbiote_core::{Amount, LegacyDec};
use tendermint::abci::Event;

pub(crate) fn mint(
    bonded_ratio: LegacyDec,
    inflation: LegacyDec,
    annual_provisions: LegacyDec,
    amount: Amount,
) -> Event {
    event(
        "mint",
        [
            ("bonded_ratio", bonded_ratio.to_string()),
            ("inflation", inflation.to_string()),
            ("annual_provisions", annual_provisions.to_string()),
            ("amount", amount.to_string()),
        ],
    )
}
