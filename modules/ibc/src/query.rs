//! ibc-go's gRPC queries — `ibc.core.client.v1.Query`, `ibc.core.connection.v1.Query`,
//! `ibc.core.channel.v1.Query` — read from the snapshot the request's height header selects.
//!
//! Relayers take their proofs from `store/ibc/key` ABCI queries (Hermes does), so the `proof`
//! fields of these replies stay empty and `proof_height` unset. Lists are small (clients,
//! connections, channels: one per counterparty) except packets, which are paginated over the store.
//! Channel upgrades (ibc-go v8.1) are not supported: there is never an upgrade to report.

use cnidarium::StateRead;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use ibc::clients::tendermint::client_state::ClientState;
use ibc::clients::tendermint::consensus_state::ConsensusState;
use ibc::core::channel::types::channel::Order;
use ibc::core::client::types::Height;
use ibc::core::host::types::identifiers::{ChannelId, ClientId, ConnectionId, PortId, Sequence};
use ibc::core::host::types::path::{
    AckPath, ChannelEndPath, ClientConnectionPath, ClientConsensusStatePath, ClientStatePath, CommitmentPath,
    ConnectionPath, NextClientSequencePath, NextConnectionSequencePath, ReceiptPath, SeqRecvPath, SeqSendPath,
};
use ibc::primitives::proto::Any as IbcAny;
use ibc_proto::google::protobuf::Any as ProtoAny;
use ibc_proto::ibc::core::channel::v1 as chan;
use ibc_proto::ibc::core::client::v1 as client;
use ibc_proto::ibc::core::connection::v1 as conn;
use prost::Message;
use symbiote_core::pagination::{paginate, paginate_keys};
use symbiote_core::query::{reply, status, AtHeight, Snapshots};
use symbiote_core::{GrpcService, ServiceContext};
use tonic::{Request, Response, Status};

use crate::encoding::decode_u64;
use crate::host::{revision_number, STORE};
use crate::keys;
use crate::state::IbcRead;

pub fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
    let q = IbcQuery { snapshots: ctx.snapshots.clone() };
    vec![
        GrpcService::new(client::query_server::QueryServer::new(q.clone())),
        GrpcService::new(conn::query_server::QueryServer::new(q.clone())),
        GrpcService::new(chan::query_server::QueryServer::new(q)),
    ]
}

#[derive(Clone)]
pub struct IbcQuery {
    snapshots: Snapshots,
}

type Reply<T> = Result<Response<T>, Status>;

fn key(path: &impl std::fmt::Display) -> String {
    format!("{STORE}/{}", keys::path(path))
}

fn internal(e: impl std::fmt::Display) -> Status {
    Status::internal(e.to_string())
}

fn arg<T: std::str::FromStr>(what: &str, s: &str) -> Result<T, Status>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(|e| Status::invalid_argument(format!("invalid {what} {s:?}: {e}")))
}

fn port_channel(port: &str, channel: &str) -> Result<(PortId, ChannelId), Status> {
    Ok((arg("port id", port)?, arg("channel id", channel)?))
}

async fn raw(state: &AtHeight, key: &str) -> Result<Option<Vec<u8>>, Status> {
    state.get_raw(key).await.map_err(internal)
}

async fn need(state: &AtHeight, key: &str, what: impl FnOnce() -> String) -> Result<Vec<u8>, Status> {
    raw(state, key).await?.ok_or_else(|| Status::not_found(what()))
}

fn decode<T: Message + Default>(key: &str, bytes: &[u8]) -> Result<T, Status> {
    T::decode(bytes).map_err(|e| internal(format!("corrupt value at {key}: {e}")))
}

/// The height a reply was read at, as an IBC height of this chain.
async fn query_height(state: &AtHeight) -> Result<client::Height, Status> {
    let chain_id = symbiote_core::chain::chain_id(state).await.map_err(status)?;
    Ok(client::Height { revision_number: revision_number(&chain_id), revision_height: state.height() })
}

/// One page of a list held in memory (client, connection and channel lists are short): `key`
/// continues at an index a previous page returned, or `offset` skips items.
fn page<T>(items: Vec<T>, request: Option<&PageRequest>) -> Result<(Vec<T>, PageResponse), Status> {
    let default = PageRequest::default();
    let req = request.unwrap_or(&default);
    if !req.key.is_empty() && req.offset > 0 {
        return Err(Status::invalid_argument("paginate: invalid request, either offset or key is expected, got both"));
    }
    let start = if req.key.is_empty() {
        usize::try_from(req.offset).unwrap_or(usize::MAX)
    } else {
        std::str::from_utf8(&req.key)
            .ok()
            .and_then(|k| k.parse::<usize>().ok())
            .ok_or_else(|| Status::invalid_argument("invalid pagination key"))?
    };
    let limit = if req.limit == 0 { symbiote_core::pagination::DEFAULT_LIMIT } else { req.limit };
    let limit = usize::try_from(limit.min(symbiote_core::pagination::MAX_LIMIT)).unwrap_or(usize::MAX);
    let total = items.len();
    let mut items: Vec<T> = if req.reverse { items.into_iter().rev().collect() } else { items };
    let rest = items.split_off(start.min(total));
    let taken: Vec<T> = rest.into_iter().take(limit).collect();
    let end = start.saturating_add(taken.len());
    let next_key = if end < total { end.to_string().into_bytes() } else { Vec::new() };
    Ok((taken, PageResponse { next_key, total: if req.count_total { total as u64 } else { 0 } }))
}

async fn counter(state: &AtHeight, key: &str) -> Result<u64, Status> {
    match raw(state, key).await? {
        None => Ok(0),
        Some(bytes) => decode_u64(&bytes).ok_or_else(|| internal(format!("corrupt counter at {key}"))),
    }
}

async fn client_state_any(state: &AtHeight, client_id: &ClientId) -> Result<ProtoAny, Status> {
    let k = key(&ClientStatePath::new(client_id.clone()));
    let bytes = need(state, &k, || format!("light client {client_id} not found")).await?;
    decode(&k, &bytes)
}

async fn consensus_state_any(state: &AtHeight, client_id: &ClientId, height: &Height) -> Result<ProtoAny, Status> {
    let path = ClientConsensusStatePath::new(client_id.clone(), height.revision_number(), height.revision_height());
    let k = key(&path);
    let bytes = need(state, &k, || format!("consensus state of {client_id} at {height} not found")).await?;
    decode(&k, &bytes)
}

fn height(revision_number: u64, revision_height: u64) -> Result<Height, Status> {
    Height::new(revision_number, revision_height).map_err(|e| Status::invalid_argument(e.to_string()))
}

/// Every client id, in creation order (ids are `{type}-{n}` with one counter for all types;
/// symbiote hosts only Tendermint clients).
async fn client_ids(state: &AtHeight) -> Result<Vec<ClientId>, Status> {
    let n = counter(state, &key(&NextClientSequencePath)).await?;
    (0..n).map(|i| ClientId::new(ibc::clients::tendermint::TENDERMINT_CLIENT_TYPE, i).map_err(internal)).collect()
}

/// Heights with a consensus state of `client_id`, in numeric order, one page.
async fn consensus_heights(
    state: &AtHeight,
    client_id: &ClientId,
    pagination: Option<&PageRequest>,
) -> Result<(Vec<Height>, PageResponse), Status> {
    let prefix = format!("{STORE}/{}", keys::consensus_heights(client_id));
    let (suffixes, page) = paginate_keys(state, &prefix, pagination).await?;
    let relative = keys::consensus_heights(client_id);
    let heights = suffixes
        .iter()
        .map(|s| {
            keys::parse_consensus_height(client_id, &format!("{relative}{s}"))
                .ok_or_else(|| internal(format!("corrupt consensus height key {s}")))
        })
        .collect::<Result<_, _>>()?;
    Ok((heights, page))
}

async fn connection_end(state: &AtHeight, id: &ConnectionId) -> Result<conn::ConnectionEnd, Status> {
    let k = key(&ConnectionPath::new(id));
    let bytes = need(state, &k, || format!("connection {id} not found")).await?;
    decode(&k, &bytes)
}

async fn channel_end(state: &AtHeight, port: &PortId, channel: &ChannelId) -> Result<chan::Channel, Status> {
    let k = key(&ChannelEndPath::new(port, channel));
    let bytes = need(state, &k, || format!("channel {channel} on port {port} not found")).await?;
    decode(&k, &bytes)
}

/// Every channel end, with its port and id, in key order.
async fn all_channels(state: &AtHeight) -> Result<Vec<chan::IdentifiedChannel>, Status> {
    let prefix = format!("{STORE}/channelEnds/");
    let all = PageRequest { limit: u64::MAX, ..Default::default() };
    let mut out = Vec::new();
    let mut next: Option<Vec<u8>> = None;
    loop {
        let req = PageRequest { key: next.take().unwrap_or_default(), ..all.clone() };
        let (items, page) = paginate(state, &prefix, Some(&req)).await?;
        for (suffix, value) in items {
            // `ports/{port}/channels/{channel}`
            let parts: Vec<&str> = suffix.split('/').collect();
            let [_, port, _, channel] = parts.as_slice() else {
                return Err(internal(format!("unexpected channel key {suffix}")));
            };
            let c: chan::Channel = decode(&suffix, &value)?;
            out.push(identified_channel(c, port, channel));
        }
        if page.next_key.is_empty() {
            return Ok(out);
        }
        next = Some(page.next_key);
    }
}

fn identified_channel(c: chan::Channel, port: &str, channel: &str) -> chan::IdentifiedChannel {
    chan::IdentifiedChannel {
        state: c.state,
        ordering: c.ordering,
        counterparty: c.counterparty,
        connection_hops: c.connection_hops,
        version: c.version,
        port_id: port.to_string(),
        channel_id: channel.to_string(),
        upgrade_sequence: c.upgrade_sequence,
    }
}

async fn channel_client(state: &AtHeight, port: &PortId, channel: &ChannelId) -> Result<ClientId, Status> {
    let c = channel_end(state, port, channel).await?;
    let hop = c.connection_hops.first().ok_or_else(|| internal(format!("channel {channel} has no connection")))?;
    let connection = connection_end(state, &arg("connection id", hop)?).await?;
    arg("client id", &connection.client_id)
}

#[tonic::async_trait]
impl client::query_server::Query for IbcQuery {
    async fn client_state(
        &self,
        request: Request<client::QueryClientStateRequest>,
    ) -> Reply<client::QueryClientStateResponse> {
        let state = self.snapshots.for_request(&request)?;
        let client_id: ClientId = arg("client id", &request.get_ref().client_id)?;
        let any = client_state_any(&state, &client_id).await?;
        Ok(reply(
            &state,
            client::QueryClientStateResponse { client_state: Some(any), proof: Vec::new(), proof_height: None },
        ))
    }

    async fn client_states(
        &self,
        request: Request<client::QueryClientStatesRequest>,
    ) -> Reply<client::QueryClientStatesResponse> {
        let state = self.snapshots.for_request(&request)?;
        let (ids, pagination) = page(client_ids(&state).await?, request.get_ref().pagination.as_ref())?;
        let mut client_states = Vec::with_capacity(ids.len());
        for id in ids {
            let any = client_state_any(&state, &id).await?;
            client_states.push(client::IdentifiedClientState { client_id: id.to_string(), client_state: Some(any) });
        }
        Ok(reply(&state, client::QueryClientStatesResponse { client_states, pagination: Some(pagination) }))
    }

    async fn consensus_state(
        &self,
        request: Request<client::QueryConsensusStateRequest>,
    ) -> Reply<client::QueryConsensusStateResponse> {
        let state = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let client_id: ClientId = arg("client id", &req.client_id)?;
        let at = if req.latest_height {
            let any = client_state_any(&state, &client_id).await?;
            let cs = ClientState::try_from(IbcAny { type_url: any.type_url, value: any.value }).map_err(internal)?;
            cs.inner().latest_height
        } else {
            height(req.revision_number, req.revision_height)?
        };
        let any = consensus_state_any(&state, &client_id, &at).await?;
        Ok(reply(
            &state,
            client::QueryConsensusStateResponse { consensus_state: Some(any), proof: Vec::new(), proof_height: None },
        ))
    }

    async fn consensus_states(
        &self,
        request: Request<client::QueryConsensusStatesRequest>,
    ) -> Reply<client::QueryConsensusStatesResponse> {
        let state = self.snapshots.for_request(&request)?;
        let client_id: ClientId = arg("client id", &request.get_ref().client_id)?;
        let (heights, pagination) =
            consensus_heights(&state, &client_id, request.get_ref().pagination.as_ref()).await?;
        let mut consensus_states = Vec::with_capacity(heights.len());
        for h in heights {
            let any = consensus_state_any(&state, &client_id, &h).await?;
            consensus_states
                .push(client::ConsensusStateWithHeight { height: Some(h.into()), consensus_state: Some(any) });
        }
        Ok(reply(&state, client::QueryConsensusStatesResponse { consensus_states, pagination: Some(pagination) }))
    }

    async fn consensus_state_heights(
        &self,
        request: Request<client::QueryConsensusStateHeightsRequest>,
    ) -> Reply<client::QueryConsensusStateHeightsResponse> {
        let state = self.snapshots.for_request(&request)?;
        let client_id: ClientId = arg("client id", &request.get_ref().client_id)?;
        let (heights, pagination) =
            consensus_heights(&state, &client_id, request.get_ref().pagination.as_ref()).await?;
        Ok(reply(
            &state,
            client::QueryConsensusStateHeightsResponse {
                consensus_state_heights: heights.into_iter().map(Into::into).collect(),
                pagination: Some(pagination),
            },
        ))
    }

    /// `Active`, `Expired` (its latest consensus state is older than the trusting period at the
    /// last block's time) or `Frozen` (misbehaviour was proven).
    async fn client_status(
        &self,
        request: Request<client::QueryClientStatusRequest>,
    ) -> Reply<client::QueryClientStatusResponse> {
        let state = self.snapshots.for_request(&request)?;
        let client_id: ClientId = arg("client id", &request.get_ref().client_id)?;
        let any = client_state_any(&state, &client_id).await?;
        let cs = ClientState::try_from(IbcAny { type_url: any.type_url, value: any.value }).map_err(internal)?;
        let inner = cs.inner();
        let status = if inner.is_frozen() {
            "Frozen"
        } else {
            let latest = consensus_state_any(&state, &client_id, &inner.latest_height).await?;
            let cons = ConsensusState::try_from(IbcAny { type_url: latest.type_url, value: latest.value })
                .map_err(internal)?;
            let now = symbiote_core::chain::last_block_time(&state).await.map_err(status)?;
            let expires = (cons.inner().timestamp + inner.trusting_period).map_err(internal)?;
            if expires <= now {
                "Expired"
            } else {
                "Active"
            }
        };
        Ok(reply(&state, client::QueryClientStatusResponse { status: status.to_string() }))
    }

    async fn client_params(
        &self,
        request: Request<client::QueryClientParamsRequest>,
    ) -> Reply<client::QueryClientParamsResponse> {
        let state = self.snapshots.for_request(&request)?;
        let params =
            client::Params { allowed_clients: vec![ibc::clients::tendermint::TENDERMINT_CLIENT_TYPE.to_string()] };
        Ok(reply(&state, client::QueryClientParamsResponse { params: Some(params) }))
    }

    /// No upgrade module: there is never an upgraded client state.
    async fn upgraded_client_state(
        &self,
        _request: Request<client::QueryUpgradedClientStateRequest>,
    ) -> Reply<client::QueryUpgradedClientStateResponse> {
        Err(Status::not_found("no upgrade is planned"))
    }

    async fn upgraded_consensus_state(
        &self,
        _request: Request<client::QueryUpgradedConsensusStateRequest>,
    ) -> Reply<client::QueryUpgradedConsensusStateResponse> {
        Err(Status::not_found("no upgrade is planned"))
    }
}

#[tonic::async_trait]
impl conn::query_server::Query for IbcQuery {
    async fn connection(&self, request: Request<conn::QueryConnectionRequest>) -> Reply<conn::QueryConnectionResponse> {
        let state = self.snapshots.for_request(&request)?;
        let id: ConnectionId = arg("connection id", &request.get_ref().connection_id)?;
        let connection = connection_end(&state, &id).await?;
        Ok(reply(
            &state,
            conn::QueryConnectionResponse { connection: Some(connection), proof: Vec::new(), proof_height: None },
        ))
    }

    async fn connections(
        &self,
        request: Request<conn::QueryConnectionsRequest>,
    ) -> Reply<conn::QueryConnectionsResponse> {
        let state = self.snapshots.for_request(&request)?;
        let n = counter(&state, &key(&NextConnectionSequencePath)).await?;
        let (ids, pagination) = page((0..n).collect(), request.get_ref().pagination.as_ref())?;
        let mut connections = Vec::with_capacity(ids.len());
        for i in ids {
            let id = ConnectionId::new(i);
            let c = connection_end(&state, &id).await?;
            connections.push(conn::IdentifiedConnection {
                id: id.to_string(),
                client_id: c.client_id,
                versions: c.versions,
                state: c.state,
                counterparty: c.counterparty,
                delay_period: c.delay_period,
            });
        }
        let height = Some(query_height(&state).await?);
        Ok(reply(&state, conn::QueryConnectionsResponse { connections, pagination: Some(pagination), height }))
    }

    async fn client_connections(
        &self,
        request: Request<conn::QueryClientConnectionsRequest>,
    ) -> Reply<conn::QueryClientConnectionsResponse> {
        let state = self.snapshots.for_request(&request)?;
        let client_id: ClientId = arg("client id", &request.get_ref().client_id)?;
        let k = key(&ClientConnectionPath::new(client_id.clone()));
        let bytes = need(&state, &k, || format!("no connections of client {client_id}")).await?;
        let paths: conn::ClientPaths = decode(&k, &bytes)?;
        Ok(reply(
            &state,
            conn::QueryClientConnectionsResponse {
                connection_paths: paths.paths,
                proof: Vec::new(),
                proof_height: None,
            },
        ))
    }

    async fn connection_client_state(
        &self,
        request: Request<conn::QueryConnectionClientStateRequest>,
    ) -> Reply<conn::QueryConnectionClientStateResponse> {
        let state = self.snapshots.for_request(&request)?;
        let id: ConnectionId = arg("connection id", &request.get_ref().connection_id)?;
        let c = connection_end(&state, &id).await?;
        let client_id: ClientId = arg("client id", &c.client_id)?;
        let any = client_state_any(&state, &client_id).await?;
        Ok(reply(
            &state,
            conn::QueryConnectionClientStateResponse {
                identified_client_state: Some(client::IdentifiedClientState {
                    client_id: client_id.to_string(),
                    client_state: Some(any),
                }),
                proof: Vec::new(),
                proof_height: None,
            },
        ))
    }

    async fn connection_consensus_state(
        &self,
        request: Request<conn::QueryConnectionConsensusStateRequest>,
    ) -> Reply<conn::QueryConnectionConsensusStateResponse> {
        let state = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let id: ConnectionId = arg("connection id", &req.connection_id)?;
        let c = connection_end(&state, &id).await?;
        let client_id: ClientId = arg("client id", &c.client_id)?;
        let any = consensus_state_any(&state, &client_id, &height(req.revision_number, req.revision_height)?).await?;
        Ok(reply(
            &state,
            conn::QueryConnectionConsensusStateResponse {
                consensus_state: Some(any),
                client_id: client_id.to_string(),
                proof: Vec::new(),
                proof_height: None,
            },
        ))
    }

    async fn connection_params(
        &self,
        request: Request<conn::QueryConnectionParamsRequest>,
    ) -> Reply<conn::QueryConnectionParamsResponse> {
        let state = self.snapshots.for_request(&request)?;
        let params = state.ibc_params().await.map_err(status)?;
        Ok(reply(&state, conn::QueryConnectionParamsResponse { params: Some(params.to_proto()) }))
    }
}

#[tonic::async_trait]
impl chan::query_server::Query for IbcQuery {
    async fn channel(&self, request: Request<chan::QueryChannelRequest>) -> Reply<chan::QueryChannelResponse> {
        let state = self.snapshots.for_request(&request)?;
        let (port, channel) = port_channel(&request.get_ref().port_id, &request.get_ref().channel_id)?;
        let c = channel_end(&state, &port, &channel).await?;
        Ok(reply(&state, chan::QueryChannelResponse { channel: Some(c), proof: Vec::new(), proof_height: None }))
    }

    async fn channels(&self, request: Request<chan::QueryChannelsRequest>) -> Reply<chan::QueryChannelsResponse> {
        let state = self.snapshots.for_request(&request)?;
        let (channels, pagination) = page(all_channels(&state).await?, request.get_ref().pagination.as_ref())?;
        let height = Some(query_height(&state).await?);
        Ok(reply(&state, chan::QueryChannelsResponse { channels, pagination: Some(pagination), height }))
    }

    async fn connection_channels(
        &self,
        request: Request<chan::QueryConnectionChannelsRequest>,
    ) -> Reply<chan::QueryConnectionChannelsResponse> {
        let state = self.snapshots.for_request(&request)?;
        let connection = &request.get_ref().connection;
        let on_connection: Vec<_> =
            all_channels(&state).await?.into_iter().filter(|c| c.connection_hops.first() == Some(connection)).collect();
        let (channels, pagination) = page(on_connection, request.get_ref().pagination.as_ref())?;
        let height = Some(query_height(&state).await?);
        Ok(reply(&state, chan::QueryConnectionChannelsResponse { channels, pagination: Some(pagination), height }))
    }

    async fn channel_client_state(
        &self,
        request: Request<chan::QueryChannelClientStateRequest>,
    ) -> Reply<chan::QueryChannelClientStateResponse> {
        let state = self.snapshots.for_request(&request)?;
        let (port, channel) = port_channel(&request.get_ref().port_id, &request.get_ref().channel_id)?;
        let client_id = channel_client(&state, &port, &channel).await?;
        let any = client_state_any(&state, &client_id).await?;
        Ok(reply(
            &state,
            chan::QueryChannelClientStateResponse {
                identified_client_state: Some(client::IdentifiedClientState {
                    client_id: client_id.to_string(),
                    client_state: Some(any),
                }),
                proof: Vec::new(),
                proof_height: None,
            },
        ))
    }

    async fn channel_consensus_state(
        &self,
        request: Request<chan::QueryChannelConsensusStateRequest>,
    ) -> Reply<chan::QueryChannelConsensusStateResponse> {
        let state = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let (port, channel) = port_channel(&req.port_id, &req.channel_id)?;
        let client_id = channel_client(&state, &port, &channel).await?;
        let any = consensus_state_any(&state, &client_id, &height(req.revision_number, req.revision_height)?).await?;
        Ok(reply(
            &state,
            chan::QueryChannelConsensusStateResponse {
                consensus_state: Some(any),
                client_id: client_id.to_string(),
                proof: Vec::new(),
                proof_height: None,
            },
        ))
    }

    async fn packet_commitment(
        &self,
        request: Request<chan::QueryPacketCommitmentRequest>,
    ) -> Reply<chan::QueryPacketCommitmentResponse> {
        let state = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let (port, channel) = port_channel(&req.port_id, &req.channel_id)?;
        let k = key(&CommitmentPath::new(&port, &channel, Sequence::from(req.sequence)));
        let commitment = need(&state, &k, || format!("packet commitment {} not found", req.sequence)).await?;
        Ok(reply(&state, chan::QueryPacketCommitmentResponse { commitment, proof: Vec::new(), proof_height: None }))
    }

    async fn packet_commitments(
        &self,
        request: Request<chan::QueryPacketCommitmentsRequest>,
    ) -> Reply<chan::QueryPacketCommitmentsResponse> {
        let state = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let (port, channel) = port_channel(&req.port_id, &req.channel_id)?;
        let prefix = format!("{STORE}/commitments/ports/{port}/channels/{channel}/sequences/");
        let (items, pagination) = paginate(&state, &prefix, req.pagination.as_ref()).await?;
        let commitments = packet_states(&port, &channel, items)?;
        let height = Some(query_height(&state).await?);
        Ok(reply(&state, chan::QueryPacketCommitmentsResponse { commitments, pagination: Some(pagination), height }))
    }

    async fn packet_receipt(
        &self,
        request: Request<chan::QueryPacketReceiptRequest>,
    ) -> Reply<chan::QueryPacketReceiptResponse> {
        let state = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let (port, channel) = port_channel(&req.port_id, &req.channel_id)?;
        let received =
            raw(&state, &key(&ReceiptPath::new(&port, &channel, Sequence::from(req.sequence)))).await?.is_some();
        Ok(reply(&state, chan::QueryPacketReceiptResponse { received, proof: Vec::new(), proof_height: None }))
    }

    async fn packet_acknowledgement(
        &self,
        request: Request<chan::QueryPacketAcknowledgementRequest>,
    ) -> Reply<chan::QueryPacketAcknowledgementResponse> {
        let state = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let (port, channel) = port_channel(&req.port_id, &req.channel_id)?;
        let k = key(&AckPath::new(&port, &channel, Sequence::from(req.sequence)));
        let acknowledgement = need(&state, &k, || format!("packet acknowledgement {} not found", req.sequence)).await?;
        Ok(reply(
            &state,
            chan::QueryPacketAcknowledgementResponse { acknowledgement, proof: Vec::new(), proof_height: None },
        ))
    }

    /// The acks of the given sequences that exist, or (none given) one page of all of them.
    async fn packet_acknowledgements(
        &self,
        request: Request<chan::QueryPacketAcknowledgementsRequest>,
    ) -> Reply<chan::QueryPacketAcknowledgementsResponse> {
        let state = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let (port, channel) = port_channel(&req.port_id, &req.channel_id)?;
        let (acknowledgements, pagination) = if req.packet_commitment_sequences.is_empty() {
            let prefix = format!("{STORE}/acks/ports/{port}/channels/{channel}/sequences/");
            let (items, pagination) = paginate(&state, &prefix, req.pagination.as_ref()).await?;
            (packet_states(&port, &channel, items)?, Some(pagination))
        } else {
            let mut acks = Vec::new();
            for &seq in &req.packet_commitment_sequences {
                if let Some(data) = raw(&state, &key(&AckPath::new(&port, &channel, Sequence::from(seq)))).await? {
                    acks.push(packet_state(&port, &channel, seq, data));
                }
            }
            (acks, None)
        };
        let height = Some(query_height(&state).await?);
        Ok(reply(&state, chan::QueryPacketAcknowledgementsResponse { acknowledgements, pagination, height }))
    }

    /// Of the given packets sent by the counterparty, those this chain has not received.
    async fn unreceived_packets(
        &self,
        request: Request<chan::QueryUnreceivedPacketsRequest>,
    ) -> Reply<chan::QueryUnreceivedPacketsResponse> {
        let state = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let (port, channel) = port_channel(&req.port_id, &req.channel_id)?;
        let end = channel_end(&state, &port, &channel).await?;
        let mut sequences = Vec::new();
        if end.ordering == Order::Ordered as i32 {
            let k = key(&SeqRecvPath::new(&port, &channel));
            let next = counter(&state, &k).await?;
            sequences.extend(req.packet_commitment_sequences.iter().copied().filter(|s| *s >= next));
        } else {
            for &seq in &req.packet_commitment_sequences {
                if raw(&state, &key(&ReceiptPath::new(&port, &channel, Sequence::from(seq)))).await?.is_none() {
                    sequences.push(seq);
                }
            }
        }
        let height = Some(query_height(&state).await?);
        Ok(reply(&state, chan::QueryUnreceivedPacketsResponse { sequences, height }))
    }

    /// Of the given packets this chain sent, those whose acknowledgement it has not processed
    /// (their commitment is still here).
    async fn unreceived_acks(
        &self,
        request: Request<chan::QueryUnreceivedAcksRequest>,
    ) -> Reply<chan::QueryUnreceivedAcksResponse> {
        let state = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let (port, channel) = port_channel(&req.port_id, &req.channel_id)?;
        let mut sequences = Vec::new();
        for &seq in &req.packet_ack_sequences {
            if raw(&state, &key(&CommitmentPath::new(&port, &channel, Sequence::from(seq)))).await?.is_some() {
                sequences.push(seq);
            }
        }
        let height = Some(query_height(&state).await?);
        Ok(reply(&state, chan::QueryUnreceivedAcksResponse { sequences, height }))
    }

    async fn next_sequence_receive(
        &self,
        request: Request<chan::QueryNextSequenceReceiveRequest>,
    ) -> Reply<chan::QueryNextSequenceReceiveResponse> {
        let state = self.snapshots.for_request(&request)?;
        let (port, channel) = port_channel(&request.get_ref().port_id, &request.get_ref().channel_id)?;
        let k = key(&SeqRecvPath::new(&port, &channel));
        let bytes = need(&state, &k, || format!("channel {channel} on port {port} not found")).await?;
        let next = decode_u64(&bytes).ok_or_else(|| internal(format!("corrupt sequence at {k}")))?;
        Ok(reply(
            &state,
            chan::QueryNextSequenceReceiveResponse {
                next_sequence_receive: next,
                proof: Vec::new(),
                proof_height: None,
            },
        ))
    }

    async fn next_sequence_send(
        &self,
        request: Request<chan::QueryNextSequenceSendRequest>,
    ) -> Reply<chan::QueryNextSequenceSendResponse> {
        let state = self.snapshots.for_request(&request)?;
        let (port, channel) = port_channel(&request.get_ref().port_id, &request.get_ref().channel_id)?;
        let k = key(&SeqSendPath::new(&port, &channel));
        let bytes = need(&state, &k, || format!("channel {channel} on port {port} not found")).await?;
        let next = decode_u64(&bytes).ok_or_else(|| internal(format!("corrupt sequence at {k}")))?;
        Ok(reply(
            &state,
            chan::QueryNextSequenceSendResponse { next_sequence_send: next, proof: Vec::new(), proof_height: None },
        ))
    }

    async fn upgrade_error(
        &self,
        _request: Request<chan::QueryUpgradeErrorRequest>,
    ) -> Reply<chan::QueryUpgradeErrorResponse> {
        Err(Status::not_found("channel upgrades are not supported: no upgrade error exists"))
    }

    async fn upgrade(&self, _request: Request<chan::QueryUpgradeRequest>) -> Reply<chan::QueryUpgradeResponse> {
        Err(Status::not_found("channel upgrades are not supported: no upgrade exists"))
    }

    async fn channel_params(
        &self,
        _request: Request<chan::QueryChannelParamsRequest>,
    ) -> Reply<chan::QueryChannelParamsResponse> {
        Err(Status::unimplemented("channel upgrades are not supported, so there are no channel params"))
    }
}

fn packet_state(port: &PortId, channel: &ChannelId, sequence: u64, data: Vec<u8>) -> chan::PacketState {
    chan::PacketState { port_id: port.to_string(), channel_id: channel.to_string(), sequence, data }
}

fn packet_states(
    port: &PortId,
    channel: &ChannelId,
    items: Vec<(String, Vec<u8>)>,
) -> Result<Vec<chan::PacketState>, Status> {
    items
        .into_iter()
        .map(|(suffix, data)| {
            let seq = suffix.parse().map_err(|_| internal(format!("corrupt packet key {suffix}")))?;
            Ok(packet_state(port, channel, seq, data))
        })
        .collect()
}
