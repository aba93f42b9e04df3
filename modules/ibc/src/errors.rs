//! ibc-rs' handler errors as coded SDK errors, in codespace `ibc`. The codes are symbiote's (ibc-go
//! spreads its errors over per-submodule codespaces with numbers ibc-rs does not mirror); the log
//! carries ibc-rs' full reason. Relayers only test the code for zero.
//!
//! | code | meaning |
//! |------|---------|
//! | 2 | a client message was refused (unknown client, bad header, expired, frozen, ...) |
//! | 3 | a connection handshake step was refused |
//! | 4 | a channel handshake step or packet was refused |
//! | 5 | no application is bound to the port |
//! | 6 | a proof did not verify against the counterparty's committed state |
//! | 7 | an application refused the channel or packet (ICS-20: wrong version, order, denom) |

use ibc::core::channel::types::error::ChannelError;
use ibc::core::client::types::error::ClientError;
use ibc::core::connection::types::error::ConnectionError;
use ibc::core::handler::types::error::HandlerError;
use symbiote_core::SdkError;

pub const CODESPACE: &str = "ibc";

/// A channel that does not exist or is not open, found before ibc-rs runs (code 4).
pub fn channel_not_open(port: &str, channel: &str, state: Option<i32>) -> SdkError {
    let detail = match state {
        None => format!("channel {channel} on port {port} not found"),
        Some(s) => format!("channel {channel} on port {port} is not open (state {s})"),
    };
    SdkError::coded(CODESPACE, 4, "channel error", detail)
}

pub fn handler_error(error: HandlerError) -> SdkError {
    let (code, short) = if failed_proof(&error) {
        (6, "invalid proof")
    } else {
        match &error {
            HandlerError::Client(_) => (2, "client error"),
            HandlerError::Connection(_) => (3, "connection error"),
            HandlerError::Channel(ChannelError::AppSpecific { .. }) => (7, "application error"),
            HandlerError::Channel(_) => (4, "channel error"),
            HandlerError::Router(_) => (5, "no route"),
        }
    };
    SdkError::coded(CODESPACE, code, short, error.to_string())
}

fn failed_proof(error: &HandlerError) -> bool {
    let client = match error {
        HandlerError::Client(e) => e,
        HandlerError::Connection(ConnectionError::Client(e)) => e,
        HandlerError::Channel(ChannelError::Client(e)) => e,
        HandlerError::Channel(ChannelError::Connection(ConnectionError::Client(e))) => e,
        _ => return false,
    };
    matches!(client, ClientError::FailedICS23Verification(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ibc::core::commitment_types::error::CommitmentError;

    #[test]
    fn proof_failures_have_their_own_code_wherever_they_surface() {
        let proof = || ClientError::FailedICS23Verification(CommitmentError::MissingMerkleProof);
        for e in [
            HandlerError::Client(proof()),
            HandlerError::Connection(ConnectionError::Client(proof())),
            HandlerError::Channel(ChannelError::Client(proof())),
        ] {
            let sdk = handler_error(e);
            assert_eq!((sdk.codespace, sdk.code), (CODESPACE, 6), "{}", sdk.log);
        }
        let other = handler_error(HandlerError::Channel(ChannelError::MissingCounterparty));
        assert_eq!(other.code, 4);
    }
}
