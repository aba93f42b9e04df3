//! IBC from the command line, as gaiad spells it:
//! `symbiote tx ibc-transfer transfer PORT CHANNEL RECEIVER AMOUNT --from KEY` (timeouts relative
//! to the counterparty's latest height and time known to this chain, unless `--absolute-timeouts`),
//! `symbiote query ibc-transfer denom-trace(s)`, and
//! `symbiote query ibc channel(s)|connection(s)|client-state(s)`.

use anyhow::{anyhow, Context, Result};
use ibc_proto::ibc::applications::transfer::v1 as transfer;
use ibc_proto::ibc::core::channel::v1 as channel;
use ibc_proto::ibc::core::client::v1 as client;
use ibc_proto::ibc::core::connection::v1 as connection;
use ibc_proto::ibc::lightclients::tendermint::v1 as tm;
use prost::Message;
use symbiote_core::{Address, Any, Coins};

use super::query::Call;
use crate::client::Node;

#[derive(clap::Subcommand, Debug)]
pub enum IbcTransferTx {
    /// Send AMOUNT (e.g. 1000usym, or an ibc/HASH voucher) to RECEIVER on the chain at the other
    /// end of PORT/CHANNEL.
    Transfer {
        port: String,
        channel: String,
        receiver: String,
        amount: String,
        /// Timeout height REVISION-HEIGHT; relative to the counterparty's latest height this chain
        /// knows, unless --absolute-timeouts; 0-0 for none.
        #[arg(long, default_value = "0-1000")]
        packet_timeout_height: String,
        /// Timeout in nanoseconds; relative to the counterparty's latest consensus time this chain
        /// knows, unless --absolute-timeouts; 0 for none.
        #[arg(long, default_value_t = 600_000_000_000)]
        packet_timeout_timestamp: u64,
        /// Take the timeouts as they are.
        #[arg(long)]
        absolute_timeouts: bool,
        /// The ICS-20 memo carried in the packet (the tx's own memo is --memo).
        #[arg(long, default_value = "")]
        packet_memo: String,
    },
}

#[derive(clap::Subcommand, Debug)]
pub enum IbcQuery {
    /// A channel end.
    Channel { port: String, channel: String },
    /// Every channel end.
    Channels,
    /// A connection end.
    Connection { connection: String },
    /// Every connection end.
    Connections,
    /// A light client's state.
    ClientState { client: String },
    /// Every light client's state.
    ClientStates,
}

#[derive(clap::Subcommand, Debug)]
pub enum IbcTransferQuery {
    /// The trace of a voucher: HASH or ibc/HASH.
    DenomTrace {
        hash: String,
    },
    /// Every voucher's trace.
    DenomTraces,
    /// The escrow account of a channel end.
    EscrowAddress {
        port: String,
        channel: String,
    },
    Params,
}

pub fn ibc_request(q: &IbcQuery) -> Call {
    const CLIENT: &str = "ibc.core.client.v1";
    const CONNECTION: &str = "ibc.core.connection.v1";
    const CHANNEL: &str = "ibc.core.channel.v1";
    match q {
        IbcQuery::Channel { port, channel } => (
            CHANNEL,
            "Channel",
            channel::QueryChannelRequest { port_id: port.clone(), channel_id: channel.clone() }.encode_to_vec(),
            "QueryChannelResponse",
        ),
        IbcQuery::Channels => {
            (CHANNEL, "Channels", channel::QueryChannelsRequest::default().encode_to_vec(), "QueryChannelsResponse")
        }
        IbcQuery::Connection { connection } => (
            CONNECTION,
            "Connection",
            connection::QueryConnectionRequest { connection_id: connection.clone() }.encode_to_vec(),
            "QueryConnectionResponse",
        ),
        IbcQuery::Connections => (
            CONNECTION,
            "Connections",
            connection::QueryConnectionsRequest::default().encode_to_vec(),
            "QueryConnectionsResponse",
        ),
        IbcQuery::ClientState { client } => (
            CLIENT,
            "ClientState",
            client::QueryClientStateRequest { client_id: client.clone() }.encode_to_vec(),
            "QueryClientStateResponse",
        ),
        IbcQuery::ClientStates => (
            CLIENT,
            "ClientStates",
            client::QueryClientStatesRequest::default().encode_to_vec(),
            "QueryClientStatesResponse",
        ),
    }
}

pub fn transfer_request(q: &IbcTransferQuery) -> Call {
    const P: &str = "ibc.applications.transfer.v1";
    match q {
        IbcTransferQuery::DenomTrace { hash } => (
            P,
            "DenomTrace",
            transfer::QueryDenomTraceRequest { hash: hash.clone() }.encode_to_vec(),
            "QueryDenomTraceResponse",
        ),
        IbcTransferQuery::DenomTraces => {
            (P, "DenomTraces", transfer::QueryDenomTracesRequest::default().encode_to_vec(), "QueryDenomTracesResponse")
        }
        IbcTransferQuery::EscrowAddress { port, channel } => (
            P,
            "EscrowAddress",
            transfer::QueryEscrowAddressRequest { port_id: port.clone(), channel_id: channel.clone() }.encode_to_vec(),
            "QueryEscrowAddressResponse",
        ),
        IbcTransferQuery::Params => {
            (P, "Params", transfer::QueryParamsRequest {}.encode_to_vec(), "QueryParamsResponse")
        }
    }
}

fn parse_height(text: &str) -> Result<client::Height> {
    let (rev, h) = text.split_once('-').ok_or_else(|| anyhow!("a height is REVISION-HEIGHT, got {text:?}"))?;
    Ok(client::Height {
        revision_number: rev.parse().with_context(|| format!("revision number in {text:?}"))?,
        revision_height: h.parse().with_context(|| format!("height in {text:?}"))?,
    })
}

/// The counterparty's latest height and consensus time (ns) as this chain's client of it holds them.
async fn counterparty_latest(node: &Node, port: &str, channel_id: &str) -> Result<(client::Height, u64)> {
    let req = channel::QueryChannelClientStateRequest { port_id: port.into(), channel_id: channel_id.into() };
    let resp: channel::QueryChannelClientStateResponse =
        node.query("/ibc.core.channel.v1.Query/ChannelClientState", &req, 0).await?;
    let identified = resp.identified_client_state.ok_or_else(|| anyhow!("no client state"))?;
    let client_id = identified.client_id;
    let any = identified.client_state.ok_or_else(|| anyhow!("no client state"))?;
    let state = tm::ClientState::decode(any.value.as_slice()).context("client state of the channel")?;
    let latest = state.latest_height.ok_or_else(|| anyhow!("client state without a latest height"))?;
    let req = client::QueryConsensusStateRequest {
        client_id,
        revision_number: latest.revision_number,
        revision_height: latest.revision_height,
        latest_height: false,
    };
    let resp: client::QueryConsensusStateResponse =
        node.query("/ibc.core.client.v1.Query/ConsensusState", &req, 0).await?;
    let any = resp.consensus_state.ok_or_else(|| anyhow!("no consensus state at the client's latest height"))?;
    let cons = tm::ConsensusState::decode(any.value.as_slice()).context("consensus state")?;
    let ts = cons.timestamp.ok_or_else(|| anyhow!("consensus state without a time"))?;
    let nanos = u64::try_from(ts.seconds)? * 1_000_000_000 + u64::try_from(ts.nanos)?;
    Ok((latest, nanos))
}

pub async fn build_msgs(cmd: &IbcTransferTx, sender: Address, node: &Node) -> Result<Vec<Any>> {
    let IbcTransferTx::Transfer {
        port,
        channel,
        receiver,
        amount,
        packet_timeout_height,
        packet_timeout_timestamp,
        absolute_timeouts,
        packet_memo,
    } = cmd;
    let coins: Coins = amount.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
    let coin = match coins.iter().collect::<Vec<_>>().as_slice() {
        [coin] => coin.clone(),
        _ => return Err(anyhow!("send one denom at a time, got {amount:?}")),
    };
    let mut height = parse_height(packet_timeout_height)?;
    let mut timestamp = *packet_timeout_timestamp;
    if !absolute_timeouts && (height.revision_height > 0 || timestamp > 0) {
        let (latest, latest_time) = counterparty_latest(node, port, channel).await?;
        if height.revision_height > 0 {
            // As ibc-go: the counterparty's revision when none is given, heights added.
            if height.revision_number == 0 {
                height.revision_number = latest.revision_number;
            }
            height.revision_height += latest.revision_height;
        }
        if timestamp > 0 {
            timestamp += latest_time;
        }
    }
    let msg = transfer::MsgTransfer {
        source_port: port.clone(),
        source_channel: channel.clone(),
        token: Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
            denom: coin.denom.clone(),
            amount: coin.amount.to_string(),
        }),
        sender: sender.to_string(),
        receiver: receiver.clone(),
        timeout_height: Some(height),
        timeout_timestamp: timestamp,
        memo: packet_memo.clone(),
    };
    Ok(vec![Any { type_url: "/ibc.applications.transfer.v1.MsgTransfer".into(), value: msg.encode_to_vec() }])
}
