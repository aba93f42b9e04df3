//! `symbiote.example.v1.Query`, read from the snapshot the request's height header selects.

use symbiote_core::pagination::paginate;
use symbiote_core::query::{reply, status, Snapshots};
use symbiote_core::{GrpcService, ServiceContext};
use symbiote_proto::symbiote::example::v1 as pb;
use symbiote_proto::symbiote::example::v1::query_server::{Query, QueryServer};
use tonic::{Request, Response, Status};

use crate::keys;
use crate::state::ExampleRead;

pub(crate) fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
    vec![GrpcService::new(QueryServer::new(ExampleQuery { snapshots: ctx.snapshots.clone() }))]
}

#[derive(Clone)]
pub struct ExampleQuery {
    snapshots: Snapshots,
}

#[tonic::async_trait]
impl Query for ExampleQuery {
    async fn params(
        &self,
        request: Request<pb::QueryParamsRequest>,
    ) -> Result<Response<pb::QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.example_params().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryParamsResponse { params: Some(params.to_proto()) }))
    }

    async fn value(&self, request: Request<pb::QueryValueRequest>) -> Result<Response<pb::QueryValueResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let key = &request.get_ref().key;
        let value = snapshot
            .example_value(key)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("no value for key {key:?}")))?;
        Ok(reply(&snapshot, pb::QueryValueResponse { value }))
    }

    async fn values(
        &self,
        request: Request<pb::QueryValuesRequest>,
    ) -> Result<Response<pb::QueryValuesResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let (items, page) = paginate(&snapshot, &keys::values_prefix(), request.get_ref().pagination.as_ref()).await?;
        let entries = items
            .into_iter()
            .map(|(key, bytes)| {
                prost::Message::decode(bytes.as_slice())
                    .map_err(|_| Status::internal(format!("corrupt value at {key}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(reply(&snapshot, pb::QueryValuesResponse { entries, pagination: Some(page) }))
    }

    async fn block_counters(
        &self,
        request: Request<pb::QueryBlockCountersRequest>,
    ) -> Result<Response<pb::QueryBlockCountersResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let counters = snapshot.block_counters().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryBlockCountersResponse { counters: Some(counters) }))
    }
}
