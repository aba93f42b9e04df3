//! Keys in the `ibc` substore (private builders, as every module's `keys.rs`).
//!
//! ICS-24 paths are stored under their own text (`clients/07-tendermint-0/clientState`,
//! `channelEnds/ports/transfer/channels/channel-0`, ...), which is what `store/ibc/key` queries
//! and counterparties' proofs name: ibc-rs' `Path` types print them.
//!
//! One key family is symbiote's own, as ibc-go keeps one: the heights a client has consensus
//! states for, zero-padded so the store's key order is the numeric order the Tendermint client
//! walks when it prunes expired states and looks for the states around a height
//! (`clients/{id}/consensusStates/{rev}-{h}` sorts `1-10` before `1-9`).
//!
//! ```text
//! iterateConsensusStates/{client id}/{revision:020}/{height:020}    (empty value)
//! ```

use ibc::core::client::types::Height;
use ibc::core::host::types::identifiers::ClientId;

pub const CONSENSUS_HEIGHTS: &str = "iterateConsensusStates";

/// The module's params (ibc-go's connection params), beside the ICS-24 paths.
pub fn params() -> String {
    format!("{}/params", crate::host::STORE)
}

/// A path's key within the substore, for any ICS-24 path type.
pub fn path(p: &impl std::fmt::Display) -> String {
    p.to_string()
}

/// Every consensus height of `client`, in numeric order.
pub fn consensus_heights(client: &ClientId) -> String {
    format!("{CONSENSUS_HEIGHTS}/{client}/")
}

pub fn consensus_height(client: &ClientId, height: &Height) -> String {
    format!("{}{:020}/{:020}", consensus_heights(client), height.revision_number(), height.revision_height())
}

/// The height a [`consensus_height`] key names (`key` relative to the substore).
pub fn parse_consensus_height(client: &ClientId, key: &str) -> Option<Height> {
    let rest = key.strip_prefix(&consensus_heights(client))?;
    let (rev, h) = rest.split_once('/')?;
    if rev.len() != 20 || h.len() != 20 {
        return None;
    }
    Height::new(rev.parse().ok()?, h.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ibc::core::host::types::identifiers::{ChannelId, PortId};
    use ibc::core::host::types::path::{ClientConsensusStatePath, ClientStatePath, SeqRecvPath};

    #[test]
    fn ics24_paths_print_as_ibc_go_stores_them() {
        let client = ClientId::new("07-tendermint", 0).unwrap();
        assert_eq!(path(&ClientStatePath::new(client.clone())), "clients/07-tendermint-0/clientState");
        assert_eq!(
            path(&ClientConsensusStatePath::new(client.clone(), 1, 17)),
            "clients/07-tendermint-0/consensusStates/1-17"
        );
        assert_eq!(
            path(&SeqRecvPath::new(&PortId::transfer(), &ChannelId::new(0))),
            "nextSequenceRecv/ports/transfer/channels/channel-0"
        );
    }

    #[test]
    fn consensus_heights_sort_numerically_and_parse_back() {
        let client = ClientId::new("07-tendermint", 3).unwrap();
        let heights = [(1, 9), (1, 10), (1, 100), (2, 1)];
        let keys: Vec<String> =
            heights.iter().map(|(r, h)| consensus_height(&client, &Height::new(*r, *h).unwrap())).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(sorted, keys, "key order is numeric order");
        for ((r, h), key) in heights.iter().zip(&keys) {
            assert_eq!(parse_consensus_height(&client, key), Some(Height::new(*r, *h).unwrap()));
        }
        let other = ClientId::new("07-tendermint", 4).unwrap();
        assert_eq!(parse_consensus_height(&other, &keys[0]), None);
        assert_eq!(parse_consensus_height(&client, "iterateConsensusStates/07-tendermint-3/1/9"), None);
    }
}
