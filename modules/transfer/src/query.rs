//! `ibc.applications.transfer.v1.Query`, read from the snapshot the request's height header
//! selects.

use ibc::core::host::types::identifiers::{ChannelId, PortId};
use ibc_proto::ibc::applications::transfer::v1::query_server::Query;
use ibc_proto::ibc::applications::transfer::v1::*;
use prost::Message;
use symbiote_core::pagination::paginate;
use symbiote_core::query::{reply, status, Snapshots};
use tonic::{Request, Response, Status};

use crate::denom::{full_trace, hash, voucher_hash};
use crate::keys;
use crate::state::TransferRead;
use crate::token::escrow_address;

#[derive(Clone)]
pub struct TransferQuery {
    snapshots: Snapshots,
}

impl TransferQuery {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

/// `HASH` or `ibc/HASH`, as ibc-go accepts either.
fn hash_arg(s: &str) -> Result<&str, Status> {
    let hash = voucher_hash(s).or_else(|| voucher_hash(&format!("ibc/{s}")).map(|_| s));
    hash.ok_or_else(|| Status::invalid_argument(format!("invalid denom trace hash {s:?}")))
}

#[tonic::async_trait]
impl Query for TransferQuery {
    async fn denom_traces(
        &self,
        request: Request<QueryDenomTracesRequest>,
    ) -> Result<Response<QueryDenomTracesResponse>, Status> {
        let state = self.snapshots.for_request(&request)?;
        let (items, pagination) =
            paginate(&state, &keys::denom_traces(), request.get_ref().pagination.as_ref()).await?;
        let denom_traces = items
            .into_iter()
            .map(|(key, value)| {
                DenomTrace::decode(value.as_slice()).map_err(|e| Status::internal(format!("corrupt trace {key}: {e}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(reply(&state, QueryDenomTracesResponse { denom_traces, pagination: Some(pagination) }))
    }

    async fn denom_trace(
        &self,
        request: Request<QueryDenomTraceRequest>,
    ) -> Result<Response<QueryDenomTraceResponse>, Status> {
        let state = self.snapshots.for_request(&request)?;
        let hash = hash_arg(&request.get_ref().hash)?;
        let trace = state
            .denom_trace(hash)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("denomination trace not found: {hash}")))?;
        Ok(reply(&state, QueryDenomTraceResponse { denom_trace: Some(trace) }))
    }

    async fn params(&self, request: Request<QueryParamsRequest>) -> Result<Response<QueryParamsResponse>, Status> {
        let state = self.snapshots.for_request(&request)?;
        let params = state.transfer_params().await.map_err(status)?;
        Ok(reply(&state, QueryParamsResponse { params: Some(params.to_proto()) }))
    }

    /// The hash of a full trace (`transfer/channel-0/usym`), whether or not it has arrived yet.
    async fn denom_hash(
        &self,
        request: Request<QueryDenomHashRequest>,
    ) -> Result<Response<QueryDenomHashResponse>, Status> {
        let state = self.snapshots.for_request(&request)?;
        let trace: ibc::apps::transfer::types::PrefixedDenom =
            request.get_ref().trace.parse().map_err(|e| Status::invalid_argument(format!("invalid trace: {e}")))?;
        let full = full_trace(&crate::denom::trace_of(&trace));
        Ok(reply(&state, QueryDenomHashResponse { hash: hash(&full) }))
    }

    async fn escrow_address(
        &self,
        request: Request<QueryEscrowAddressRequest>,
    ) -> Result<Response<QueryEscrowAddressResponse>, Status> {
        let state = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let port: PortId =
            req.port_id.parse().map_err(|e| Status::invalid_argument(format!("invalid port id: {e}")))?;
        let channel: ChannelId =
            req.channel_id.parse().map_err(|e| Status::invalid_argument(format!("invalid channel id: {e}")))?;
        Ok(reply(&state, QueryEscrowAddressResponse { escrow_address: escrow_address(&port, &channel).to_string() }))
    }

    async fn total_escrow_for_denom(
        &self,
        request: Request<QueryTotalEscrowForDenomRequest>,
    ) -> Result<Response<QueryTotalEscrowForDenomResponse>, Status> {
        let state = self.snapshots.for_request(&request)?;
        let denom = &request.get_ref().denom;
        let amount = state.total_escrow(denom).await.map_err(status)?;
        let coin = cosmos_sdk_proto::cosmos::base::v1beta1::Coin { denom: denom.clone(), amount: amount.to_string() };
        Ok(reply(&state, QueryTotalEscrowForDenomResponse { amount: Some(coin) }))
    }
}
