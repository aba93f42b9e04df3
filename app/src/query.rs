//! ABCI Query: every gRPC method is also answered here at its full method path
//! (`/cosmos.bank.v1beta1.Query/Balance`), as the Cosmos SDK's GRPCQueryRouter does — cosmjs and
//! Hermes query through CometBFT's `abci_query` this way. The query is sent, in process, through
//! the same tonic routes the gRPC server serves, so there is no second list of paths to drift.
//!
//! `store/<module>/key` (also with a leading slash, as cosmjs and ts-relayer send it) reads one raw
//! key from a module's substore, with an ICS23 proof (module tree, then main tree) when `prove`
//! is set.

use bytes::{Buf, BufMut, Bytes, BytesMut};
use http_body_util::BodyExt;
use symbiote_core::error::{Code, CODESPACE};
use symbiote_core::query::{Snapshots, HEIGHT_HEADER};
use tendermint::abci::{request, response};
use tendermint::merkle::proof::ProofOps;
use tonic::codegen::http;
use tonic::service::Routes;
use tonic::Status;
use tower::ServiceExt;

/// `cosmos.base.tendermint.v1beta1.Service/ABCIQuery`, which ABCI Query does not route.
const NODE_ABCI_QUERY: &str = "/cosmos.base.tendermint.v1beta1.Service/ABCIQuery";

#[derive(Clone)]
pub struct QueryRouter {
    snapshots: Snapshots,
    routes: Routes,
    /// Substores `store/<name>/key` may read.
    stores: Vec<String>,
}

impl QueryRouter {
    pub fn new(snapshots: Snapshots, routes: Routes, stores: Vec<String>) -> Self {
        Self { snapshots, routes, stores }
    }

    pub async fn abci_query(&self, q: request::Query) -> response::Query {
        let height = q.height.value();
        let store_path = q.path.strip_prefix("/store/").or_else(|| q.path.strip_prefix("store/"));
        let result = match store_path {
            Some(rest) => self.store(rest, &q.data, height, q.prove).await,
            None => self.grpc(&q.path, &q.data, height).await.map(|(value, at)| (value, None, at)),
        };
        match result {
            Ok((value, proof, height)) => response::Query {
                key: q.data,
                value: value.into(),
                proof,
                height: height.try_into().unwrap_or_default(),
                ..Default::default()
            },
            Err(status) => {
                let (code, desc) = sdk_code(&status);
                response::Query {
                    code: code.into(),
                    codespace: CODESPACE.into(),
                    log: format!("{}: {desc}", client_message(&status)),
                    height: q.height,
                    ..Default::default()
                }
            }
        }
    }

    fn latest_height(&self) -> u64 {
        self.snapshots.latest().height()
    }

    /// Calls the gRPC method at `path` with the encoded request `data`, at `height` (0: latest).
    /// Returns the encoded response and the height it was answered at.
    pub async fn grpc(&self, path: &str, data: &[u8], height: u64) -> Result<(Vec<u8>, u64), Status> {
        let unknown = || Status::unimplemented(format!("unknown query path {path}"));
        // Served over gRPC only: it answers by calling CometBFT's abci_query, which would come back
        // here on the same ABCI connection, behind the query waiting for it.
        if path == NODE_ABCI_QUERY {
            return Err(Status::unimplemented(format!("{path} is served over gRPC only; use abci_query itself")));
        }
        let uri: http::Uri = path.parse().map_err(|_| unknown())?;
        if !path.starts_with('/') {
            return Err(unknown());
        }
        let mut frame = BytesMut::with_capacity(5 + data.len());
        frame.put_u8(0); // not compressed
        frame.put_u32(u32::try_from(data.len()).map_err(|_| Status::invalid_argument("request too large"))?);
        frame.put_slice(data);
        let body = http_body_util::Full::new(frame.freeze());
        let mut request = http::Request::post(uri)
            .header(http::header::CONTENT_TYPE, "application/grpc")
            .header("te", "trailers")
            .body(tonic::body::boxed(body))
            .map_err(|_| unknown())?;
        if height > 0 {
            request.headers_mut().insert(HEIGHT_HEADER, height.into());
        }
        let response = self.routes.clone().oneshot(request).await.map_err(|e| Status::internal(e.to_string()))?;
        let (parts, body) = response.into_parts();
        let answered = parts
            .headers
            .get(HEIGHT_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| if height > 0 { height } else { self.latest_height() });
        // A failure may come as headers only (no body) or in the trailers.
        if let Some(status) = Status::from_header_map(&parts.headers).filter(|s| s.code() != tonic::Code::Ok) {
            // The router's answer for a path no service serves: no message of its own.
            if status.code() == tonic::Code::Unimplemented && status.message().is_empty() {
                return Err(unknown());
            }
            return Err(request_decode_is_invalid_argument(status));
        }
        let collected = body.collect().await.map_err(|e| Status::internal(e.to_string()))?;
        if let Some(status) = collected.trailers().and_then(Status::from_header_map) {
            if status.code() != tonic::Code::Ok {
                return Err(request_decode_is_invalid_argument(status));
            }
        }
        let mut bytes: Bytes = collected.to_bytes();
        if bytes.len() < 5 {
            return Err(Status::internal("empty gRPC response"));
        }
        let _compressed = bytes.get_u8();
        let len = bytes.get_u32() as usize;
        if bytes.len() != len {
            return Err(Status::internal("malformed gRPC response frame"));
        }
        Ok((bytes.to_vec(), answered))
    }

    /// `store/<module>/key`: `data` is the key inside the module's substore.
    async fn store(
        &self,
        rest: &str,
        key: &[u8],
        height: u64,
        prove: bool,
    ) -> Result<(Vec<u8>, Option<ProofOps>, u64), Status> {
        let Some(module) = rest.strip_suffix("/key") else {
            return Err(Status::unimplemented(format!("unsupported store query store/{rest}; use store/<module>/key")));
        };
        if !self.stores.iter().any(|p| p == module) {
            return Err(Status::not_found(format!("no store named {module}")));
        }
        if key.is_empty() {
            return Err(Status::invalid_argument("empty key"));
        }
        let snapshot = self.snapshots.at(height)?;
        if snapshot.is_pre_genesis() {
            return Err(Status::not_found("no committed state yet"));
        }
        let height = snapshot.height();
        if !prove {
            let mut full = format!("{module}/").into_bytes();
            full.extend_from_slice(key);
            let key_str = String::from_utf8(full).map_err(|_| Status::invalid_argument("store keys are UTF-8"))?;
            let value = cnidarium::StateRead::get_raw(&snapshot, &key_str).await.map_err(store_error)?;
            return Ok((value.unwrap_or_default(), None, height));
        }
        let (value, proof) = symbiote_core::query::get_with_proof(&snapshot, module, key).await.map_err(store_error)?;
        Ok((value.unwrap_or_default(), Some(proof), height))
    }
}

/// tonic reports a request body that does not decode as an internal error; to a client it is an
/// invalid request (code 18), like any other malformed input.
fn request_decode_is_invalid_argument(status: Status) -> Status {
    if status.code() == tonic::Code::Internal && status.message().starts_with("failed to decode Protobuf message") {
        return Status::invalid_argument(format!("invalid request: {}", status.message()));
    }
    status
}

/// A store failure is logged here in full; the client gets its one-line message only.
fn store_error(e: anyhow::Error) -> Status {
    tracing::warn!(error = %format!("{e:#}"), "store error answering a query");
    Status::internal(e.to_string())
}

/// What a client sees of a failed query: the status's first line, never a trace or a location.
pub fn client_message(status: &Status) -> &str {
    status.message().lines().next().unwrap_or_default()
}

/// gRPC status → the SDK code a Cosmos node returns for the same failure over ABCI.
fn sdk_code(status: &Status) -> (u32, &'static str) {
    let code = match status.code() {
        tonic::Code::InvalidArgument => Code::InvalidRequest,
        tonic::Code::NotFound => return (22, "key not found"),
        tonic::Code::Unimplemented => Code::UnknownRequest,
        tonic::Code::Unavailable => Code::Io,
        _ => Code::Logic,
    };
    (code as u32, code.description())
}
