//! The consensus state a counterparty's Tendermint light client holds for one of our heights:
//! what ibc-go's `GetSelfConsensusState` builds from the staking module's historical info. A
//! connection handshake compares it byte for byte with the one the counterparty stored, so it must
//! be exactly what a light client derives from our header at that height: the header's time, its
//! app hash (the state root after the block before) and the next validator set's hash.

use cosmos_sdk_proto::cosmos::staking::v1beta1::HistoricalInfo;
use ibc::clients::tendermint::types::ConsensusState;
use ibc::core::commitment_types::commitment::CommitmentRoot;
use symbiote_core::{SdkError, SdkResult};

/// The consensus state of our block whose historical info is `info`.
pub fn from_historical_info(info: &HistoricalInfo) -> SdkResult<ConsensusState> {
    let header = info.header.as_ref().ok_or_else(|| corrupt("no header"))?;
    let time = header.time.ok_or_else(|| corrupt("no time"))?;
    let time =
        tendermint::Time::from_unix_timestamp(time.seconds, u32::try_from(time.nanos).map_err(|_| corrupt("time"))?)
            .map_err(|_| corrupt("time out of range"))?;
    let next_validators =
        tendermint::Hash::from_bytes(tendermint::hash::Algorithm::Sha256, &header.next_validators_hash)
            .map_err(|_| corrupt("next validators hash"))?;
    Ok(ConsensusState::new(CommitmentRoot::from_bytes(&header.app_hash), time, next_validators))
}

/// Historical info is written by this chain's own staking module: a malformed one is an internal
/// error, not the user's.
fn corrupt(what: &str) -> SdkError {
    SdkError::internal(format!("corrupt historical info: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmos_sdk_proto::tendermint::types::Header;

    fn info(app_hash: Vec<u8>, next: Vec<u8>) -> HistoricalInfo {
        HistoricalInfo {
            header: Some(Header {
                height: 7,
                time: Some(cosmos_sdk_proto::Timestamp { seconds: 1_700_000_035, nanos: 123_456_789 }),
                app_hash,
                next_validators_hash: next,
                ..Default::default()
            }),
            valset: vec![],
        }
    }

    #[test]
    fn built_from_the_header_a_light_client_sees() {
        let cs = from_historical_info(&info(vec![0xab; 32], vec![0xcd; 32])).unwrap();
        assert_eq!(cs.root.as_bytes(), &[0xab; 32]);
        assert_eq!(cs.next_validators_hash.as_bytes(), &[0xcd; 32]);
        assert_eq!(cs.timestamp, tendermint::Time::from_unix_timestamp(1_700_000_035, 123_456_789).unwrap());
        // The same header gives the same bytes: what a handshake compares.
        let again = from_historical_info(&info(vec![0xab; 32], vec![0xcd; 32])).unwrap();
        assert_eq!(cs, again);
    }

    #[test]
    fn malformed_historical_info_is_an_internal_error() {
        let no_header = HistoricalInfo { header: None, valset: vec![] };
        assert!(from_historical_info(&no_header).unwrap_err().is_internal());
        assert!(from_historical_info(&info(vec![1; 32], vec![2; 5])).unwrap_err().is_internal());
    }
}
