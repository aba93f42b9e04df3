//! `symbiote.inference.v1.Query`, read from the snapshot the request's height header selects.

use cnidarium::StateRead;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use symbiote_core::pagination::paginate_keys;
use symbiote_core::query::{reply, status, Snapshots};
use symbiote_core::{GrpcService, ServiceContext};
use symbiote_proto::symbiote::inference::v1 as pb;
use symbiote_proto::symbiote::inference::v1::query_server::{Query, QueryServer};
use tonic::{Request, Response, Status};

use crate::keys;
use crate::state::InferenceRead;

/// A page of traces from an index whose entries end in `<height>/<id hex>`.
async fn page_traces<S: StateRead>(
    state: &S,
    prefix: &str,
    page: Option<&PageRequest>,
) -> Result<(Vec<pb::Trace>, PageResponse), Status> {
    let (suffixes, response) = paginate_keys(state, prefix, page).await?;
    let mut traces = Vec::with_capacity(suffixes.len());
    for s in suffixes {
        let id = s
            .rsplit('/')
            .next()
            .and_then(|h| hex::decode(h).ok())
            .ok_or_else(|| Status::internal(format!("corrupt index entry {s}")))?;
        traces.push(
            state
                .trace(&id)
                .await
                .map_err(status)?
                .ok_or_else(|| Status::internal(format!("trace {s} indexed but missing")))?,
        );
    }
    Ok((traces, response))
}

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

    async fn traces_by_model(
        &self,
        request: Request<pb::QueryTracesByModelRequest>,
    ) -> Result<Response<pb::QueryTracesResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        symbiote_registry::refs::check_name(&r.name).map_err(|e| Status::invalid_argument(e.log))?;
        let prefix = keys::by_model(&r.name, (r.version != 0).then_some(r.version));
        let (traces, pagination) = page_traces(&snapshot, &prefix, r.pagination.as_ref()).await?;
        Ok(reply(&snapshot, pb::QueryTracesResponse { traces, pagination: Some(pagination) }))
    }

    async fn traces_by_requester(
        &self,
        request: Request<pb::QueryTracesByRequesterRequest>,
    ) -> Result<Response<pb::QueryTracesResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let requester = symbiote_core::query::parse_address(&r.requester)?;
        let (traces, pagination) =
            page_traces(&snapshot, &keys::by_requester(&requester.to_string()), r.pagination.as_ref()).await?;
        Ok(reply(&snapshot, pb::QueryTracesResponse { traces, pagination: Some(pagination) }))
    }

    async fn rewards(
        &self,
        request: Request<pb::QueryRewardsRequest>,
    ) -> Result<Response<pb::QueryRewardsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let address = symbiote_core::query::parse_address(&request.get_ref().address)?;
        let rewards = snapshot.rewards(&address).await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryRewardsResponse { rewards: rewards.to_proto() }))
    }
}
