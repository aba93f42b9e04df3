//! IBC events as ABCI events in ibc-go's shape, every attribute indexed.
//!
//! ibc-rs converts its events to ABCI events with ibc-go's kinds and keys (`send_packet` with
//! `packet_src_channel`, `packet_sequence`, ...) but leaves each attribute unindexed, and
//! CometBFT's `kv` indexer stores only indexed ones: Hermes, which finds packets to relay (after
//! a restart too) with `tx_search` on those attributes, would find nothing. So every attribute is
//! re-marked, as every other symbiote event already is.

use ibc::core::handler::types::events::IbcEvent;
use symbiote_core::SdkError;
use tendermint::abci::{Event, EventAttribute};

/// `event` as the indexed ABCI event CometBFT stores; an event ibc-rs cannot render (packet data
/// or an acknowledgement that is not UTF-8, which ibc-go would not render either) is the sender's
/// error, refused with the message rather than emitted half-written.
pub fn to_abci(event: IbcEvent) -> Result<Event, SdkError> {
    let mut abci = Event::try_from(event)
        .map_err(|e| SdkError::new(symbiote_core::error::Code::InvalidRequest, format!("IBC event: {e}")))?;
    for attribute in &mut abci.attributes {
        match attribute {
            EventAttribute::V037(a) => a.index = true,
            EventAttribute::V034(a) => a.index = true,
        }
    }
    Ok(abci)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ibc::core::client::types::events::CreateClient;
    use ibc::core::client::types::Height;
    use ibc::core::host::types::identifiers::{ClientId, ClientType};

    #[test]
    fn events_keep_ibc_gos_kinds_and_keys_and_are_indexed() {
        let event = IbcEvent::CreateClient(CreateClient::new(
            ClientId::new("07-tendermint", 0).unwrap(),
            ClientType::new("07-tendermint").unwrap(),
            Height::new(1, 10).unwrap(),
        ));
        let abci = to_abci(event).unwrap();
        assert_eq!(abci.kind, "create_client");
        let pairs: Vec<(String, String, bool)> = abci
            .attributes
            .iter()
            .map(|a| (a.key_str().unwrap().to_string(), a.value_str().unwrap().to_string(), a.index()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("client_id".into(), "07-tendermint-0".into(), true),
                ("client_type".into(), "07-tendermint".into(), true),
                ("consensus_height".into(), "1-10".into(), true),
            ]
        );
    }
}
