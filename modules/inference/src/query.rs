//! `symbiote.inference.v1.Query`, read from the snapshot the request's height header selects.

use symbiote_core::query::{reply, status, Snapshots};
use symbiote_core::{GrpcService, ServiceContext};
use symbiote_proto::symbiote::inference::v1 as pb;
use symbiote_proto::symbiote::inference::v1::query_server::{Query, QueryServer};
use tonic::{Request, Response, Status};

use crate::state::InferenceRead;

pub(crate) fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
    vec![GrpcService::new(QueryServer::new(InferenceQuery::new(ctx.snapshots.clone())))]
}

#[derive(Clone)]
pub struct InferenceQuery {
    snapshots: Snapshots,
}

impl InferenceQuery {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

#[tonic::async_trait]
impl Query for InferenceQuery {
    async fn params(
        &self,
        request: Request<pb::QueryParamsRequest>,
    ) -> Result<Response<pb::QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.inference_params().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryParamsResponse { params: Some(params.to_proto()) }))
    }

    async fn trace(&self, request: Request<pb::QueryTraceRequest>) -> Result<Response<pb::QueryTraceResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let id = &request.get_ref().id;
        let bytes = hex::decode(id)
            .ok()
            .filter(|b| b.len() == 32)
            .ok_or_else(|| Status::invalid_argument("a trace id is 64 hex digits"))?;
        let trace =
            snapshot.trace(&bytes).await.map_err(status)?.ok_or_else(|| Status::not_found(format!("no trace {id}")))?;
        Ok(reply(&snapshot, pb::QueryTraceResponse { trace: Some(trace) }))
    }
}
