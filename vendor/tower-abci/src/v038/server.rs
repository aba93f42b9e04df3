use std::convert::{TryFrom, TryInto};

use futures::future::{FutureExt, TryFutureExt};
use futures::sink::SinkExt;
use futures::stream::{FuturesOrdered, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::{
    net::{TcpListener, ToSocketAddrs},
    select,
};
use tokio_util::codec::{FramedRead, FramedWrite};
use tower::{Service, ServiceExt};

use crate::BoxError;
use tendermint::abci::MethodKind;

use tendermint::v0_38::abci::{
    ConsensusRequest, ConsensusResponse, InfoRequest, InfoResponse, MempoolRequest,
    MempoolResponse, Request, Response, SnapshotRequest, SnapshotResponse,
};

/// An ABCI server which listens for connections and forwards requests to four
/// component ABCI [`Service`]s.
pub struct Server<C, M, I, S> {
    consensus: C,
    mempool: M,
    info: I,
    snapshot: S,
}

pub struct ServerBuilder<C, M, I, S> {
    consensus: Option<C>,
    mempool: Option<M>,
    info: Option<I>,
    snapshot: Option<S>,
}

impl<C, M, I, S> Default for ServerBuilder<C, M, I, S> {
    fn default() -> Self {
        Self {
            consensus: None,
            mempool: None,
            info: None,
            snapshot: None,
        }
    }
}

impl<C, M, I, S> ServerBuilder<C, M, I, S>
where
    C: Service<ConsensusRequest, Response = ConsensusResponse, Error = BoxError>
        + Send
        + Clone
        + 'static,
    C::Future: Send + 'static,
    M: Service<MempoolRequest, Response = MempoolResponse, Error = BoxError>
        + Send
        + Clone
        + 'static,
    M::Future: Send + 'static,
    I: Service<InfoRequest, Response = InfoResponse, Error = BoxError> + Send + Clone + 'static,
    I::Future: Send + 'static,
    S: Service<SnapshotRequest, Response = SnapshotResponse, Error = BoxError>
        + Send
        + Clone
        + 'static,
    S::Future: Send + 'static,
{
    pub fn consensus(mut self, consensus: C) -> Self {
        self.consensus = Some(consensus);
        self
    }

    pub fn mempool(mut self, mempool: M) -> Self {
        self.mempool = Some(mempool);
        self
    }

    pub fn info(mut self, info: I) -> Self {
        self.info = Some(info);
        self
    }

    pub fn snapshot(mut self, snapshot: S) -> Self {
        self.snapshot = Some(snapshot);
        self
    }

    pub fn finish(self) -> Option<Server<C, M, I, S>> {
        let consensus = self.consensus?;
        let mempool = self.mempool?;
        let info = self.info?;
        let snapshot = self.snapshot?;

        Some(Server {
            consensus,
            mempool,
            info,
            snapshot,
        })
    }
}

impl<C, M, I, S> Server<C, M, I, S>
where
    C: Service<ConsensusRequest, Response = ConsensusResponse, Error = BoxError>
        + Send
        + Clone
        + 'static,
    C::Future: Send + 'static,
    M: Service<MempoolRequest, Response = MempoolResponse, Error = BoxError>
        + Send
        + Clone
        + 'static,
    M::Future: Send + 'static,
    I: Service<InfoRequest, Response = InfoResponse, Error = BoxError> + Send + Clone + 'static,
    I::Future: Send + 'static,
    S: Service<SnapshotRequest, Response = SnapshotResponse, Error = BoxError>
        + Send
        + Clone
        + 'static,
    S::Future: Send + 'static,
{
    pub fn builder() -> ServerBuilder<C, M, I, S> {
        ServerBuilder::default()
    }

    #[cfg(target_family = "unix")]
    pub async fn listen_unix(self, path: impl AsRef<std::path::Path>) -> Result<(), BoxError> {
        let listener = tokio::net::UnixListener::bind(path)?;
        let addr = listener.local_addr()?;
        tracing::info!(?addr, "ABCI server starting on uds");

        loop {
            match listener.accept().await {
                Ok((socket, _addr)) => {
                    tracing::debug!(?_addr, "accepted new connection");
                    let conn = Connection {
                        consensus: self.consensus.clone(),
                        mempool: self.mempool.clone(),
                        info: self.info.clone(),
                        snapshot: self.snapshot.clone(),
                    };
                    let (read, write) = socket.into_split();
                    // symbiote patch: a connection that ends in error is logged, never unwrapped (a panic
                    // here took the task down with no word of why).
                    tokio::spawn(async move {
                        if let Err(e) = conn.run(read, write).await {
                            tracing::error!(error = %e, "ABCI connection closed on error");
                        }
                    });
                }
                Err(e) => {
                    tracing::error!({ %e }, "error accepting new connection");
                }
            }
        }
    }

    pub async fn listen_tcp<A: ToSocketAddrs + std::fmt::Debug>(
        self,
        addr: A,
    ) -> Result<(), BoxError> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        tracing::info!(?addr, "ABCI server starting on tcp socket");

        loop {
            match listener.accept().await {
                Ok((socket, _addr)) => {
                    tracing::debug!(?_addr, "accepted new connection");
                    let conn = Connection {
                        consensus: self.consensus.clone(),
                        mempool: self.mempool.clone(),
                        info: self.info.clone(),
                        snapshot: self.snapshot.clone(),
                    };
                    let (read, write) = socket.into_split();
                    // symbiote patch: a connection that ends in error is logged, never unwrapped (a panic
                    // here took the task down with no word of why).
                    tokio::spawn(async move {
                        if let Err(e) = conn.run(read, write).await {
                            tracing::error!(error = %e, "ABCI connection closed on error");
                        }
                    });
                }
                Err(e) => {
                    tracing::error!({ %e }, "error accepting new connection");
                }
            }
        }
    }
}

struct Connection<C, M, I, S> {
    consensus: C,
    mempool: M,
    info: I,
    snapshot: S,
}

impl<C, M, I, S> Connection<C, M, I, S>
where
    C: Service<ConsensusRequest, Response = ConsensusResponse, Error = BoxError> + Send + 'static,
    C::Future: Send + 'static,
    M: Service<MempoolRequest, Response = MempoolResponse, Error = BoxError> + Send + 'static,
    M::Future: Send + 'static,
    I: Service<InfoRequest, Response = InfoResponse, Error = BoxError> + Send + 'static,
    I::Future: Send + 'static,
    S: Service<SnapshotRequest, Response = SnapshotResponse, Error = BoxError> + Send + 'static,
    S::Future: Send + 'static,
{
    // XXX handle errors gracefully
    // figure out how / if to return errors to tendermint
    async fn run(
        mut self,
        read: impl AsyncReadExt + std::marker::Unpin,
        write: impl AsyncWriteExt + std::marker::Unpin,
    ) -> Result<(), BoxError> {
        tracing::info!("listening for requests");

        use tendermint_proto::v0_38::abci as pb;

        let (mut request_stream, mut response_sink) = {
            use crate::v038::codec::{DecodeOrReport, Encode};
            (
                FramedRead::new(read, DecodeOrReport::<pb::Request>::default()),
                FramedWrite::new(write, Encode::<pb::Response>::default()),
            )
        };

        let mut responses = FuturesOrdered::new();

        loop {
            select! {
                req = request_stream.next() => {
                    let proto = match req.transpose()? {
                        Some(Ok(proto)) => proto,
                        // symbiote patch: a frame that is not a valid protobuf Request; a Query
                        // or CheckTx (first field 6 or 8) is answered in kind, as below.
                        Some(Err(undecodable)) => match undecodable.first_field.and_then(invalid_kind_of_field) {
                            Some(kind) => {
                                tracing::warn!(error = %undecodable.error, "answering an undecodable request with an error");
                                let response = invalid_request_response(kind, &undecodable.error);
                                responses.push_back(futures::future::ready(Ok(response)).boxed());
                                continue;
                            }
                            None => return Err(format!("undecodable ABCI request: {}", undecodable.error).into()),
                        },
                        None => return Ok(()),
                    };
                    // symbiote patch: a request whose fields do not convert (a negative query
                    // height, an unknown CheckTx type) comes from the network through CometBFT's
                    // RPC; it gets a coded error response in kind instead of closing the
                    // connection, which made CometBFT stop. Others come from CometBFT itself and
                    // still close the connection (with the error logged).
                    let kind = invalid_response_kind(&proto);
                    let request = match Request::try_from(proto) {
                        Ok(request) => request,
                        Err(e) => match kind {
                            Some(kind) => {
                                tracing::warn!(error = %e, "answering an invalid request with an error");
                                let response = invalid_request_response(kind, &e.to_string());
                                responses.push_back(futures::future::ready(Ok(response)).boxed());
                                continue;
                            }
                            None => return Err(e.into()),
                        },
                    };
                    tracing::debug!(?request, "new request");
                    match request.kind() {
                        MethodKind::Consensus => {
                            let request = request.try_into().expect("checked kind");
                            let response = self.consensus.ready().await?.call(request);
                            // Need to box here for type erasure
                            responses.push_back(response.map_ok(Response::from).boxed());
                        }
                        MethodKind::Mempool => {
                            let request = request.try_into().expect("checked kind");
                            let response = self.mempool.ready().await?.call(request);
                            responses.push_back(response.map_ok(Response::from).boxed());
                        }
                        MethodKind::Snapshot => {
                            let request = request.try_into().expect("checked kind");
                            let response = self.snapshot.ready().await?.call(request);
                            responses.push_back(response.map_ok(Response::from).boxed());
                        }
                        MethodKind::Info => {
                            let request = request.try_into().expect("checked kind");
                            let response = self.info.ready().await?.call(request);
                            responses.push_back(response.map_ok(Response::from).boxed());
                        }
                        MethodKind::Flush => {
                            // Instead of propagating Flush requests to the application,
                            // handle them here by awaiting all pending responses.
                            tracing::debug!(responses.len = responses.len(), "flushing responses");
                            while let Some(response) = responses.next().await {
                                // XXX: sometimes we might want to send errors to tendermint
                                // https://docs.tendermint.com/v0.32/spec/abci/abci.html#errors
                                tracing::debug!(?response, "flushing response");
                                response_sink.send(response?.into()).await?;
                            }
                            // Now we need to tell Tendermint we've flushed responses
                            response_sink.send(Response::Flush.into()).await?;
                        }
                    }
                }
                rsp = responses.next(), if !responses.is_empty() => {
                    let response = rsp.expect("didn't poll when responses was empty");
                    // XXX: sometimes we might want to send errors to tendermint
                    // https://docs.tendermint.com/v0.32/spec/abci/abci.html#errors
                    tracing::debug!(?response, "sending response");
                    response_sink.send(response?.into()).await?;
                }
            }
        }
    }
}

/// symbiote patch: the requests that can answer a malformed request in kind.
#[derive(Clone, Copy)]
enum InvalidResponseKind {
    Query,
    CheckTx,
}

/// The request kind answered in kind, from the field number of `Request.value` (query = 6,
/// check_tx = 8 in tendermint/abci/types.proto).
fn invalid_kind_of_field(field: u64) -> Option<InvalidResponseKind> {
    match field {
        6 => Some(InvalidResponseKind::Query),
        8 => Some(InvalidResponseKind::CheckTx),
        _ => None,
    }
}

fn invalid_response_kind(proto: &tendermint_proto::v0_38::abci::Request) -> Option<InvalidResponseKind> {
    use tendermint_proto::v0_38::abci::request::Value;
    match proto.value {
        Some(Value::Query(_)) => Some(InvalidResponseKind::Query),
        Some(Value::CheckTx(_)) => Some(InvalidResponseKind::CheckTx),
        _ => None,
    }
}

/// The Cosmos SDK's answer to an invalid request: codespace `sdk`, code 18 (`ErrInvalidRequest`).
fn invalid_request_response(kind: InvalidResponseKind, error: &str) -> Response {
    const CODE: u32 = 18;
    const CODESPACE: &str = "sdk";
    let log = format!("{error}: invalid request");
    match kind {
        InvalidResponseKind::Query => Response::Query(tendermint::abci::response::Query {
            code: CODE.into(),
            log,
            codespace: CODESPACE.into(),
            ..Default::default()
        }),
        InvalidResponseKind::CheckTx => Response::CheckTx(tendermint::abci::response::CheckTx {
            code: CODE.into(),
            log,
            codespace: CODESPACE.into(),
            ..Default::default()
        }),
    }
}
