//! `symbiote.inference.v1.Query`, read from the snapshot the request's height header selects.

use cnidarium::StateRead;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use symbiote_core::pagination::paginate_keys;
use symbiote_core::query::{reply, status, Snapshots};
use symbiote_core::{GrpcService, ServiceContext};
use symbiote_proto::symbiote::consent::v1 as consent_pb;
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
        let r = request.get_ref();
        let id = hex::decode(&r.id)
            .ok()
            .filter(|b| b.len() == 32)
            .ok_or_else(|| Status::invalid_argument("a trace id is 64 hex digits"))?;
        let not_found = || Status::not_found(format!("no trace {}", r.id));
        let trace = snapshot.trace(&id).await.map_err(status)?.ok_or_else(not_found)?;
        let proof = if r.prove {
            let key = keys::trace_in_substore(&id);
            let (value, proof) = symbiote_core::query::get_with_proof(&snapshot, keys::PREFIX, key.as_bytes())
                .await
                .map_err(|e| Status::internal(e.to_string()))?;
            if value.is_none() {
                return Err(not_found());
            }
            Some(proof.into())
        } else {
            None
        };
        let height = snapshot.height();
        Ok(reply(&snapshot, pb::QueryTraceResponse { trace: Some(trace), proof, height }))
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

    async fn use_log(
        &self,
        request: Request<pb::QueryUseLogRequest>,
    ) -> Result<Response<pb::QueryUseLogResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        if r.owner.is_empty() == (r.consent_id == 0) {
            return Err(Status::invalid_argument("give exactly one of owner or consent_id"));
        }
        let receipts_request = consent_pb::QueryReceiptsRequest {
            owner: r.owner.clone(),
            consent_id: r.consent_id,
            requester: String::new(),
            pagination: r.pagination.clone(),
        };
        let page = symbiote_consent::query::receipts_page(&snapshot, &receipts_request).await?;
        let mut entries = Vec::with_capacity(page.receipts.len());
        for receipt in page.receipts {
            let trace = match hex::decode(&receipt.trace_id) {
                Ok(id) if !id.is_empty() => Some(snapshot.trace(&id).await.map_err(status)?.ok_or_else(|| {
                    Status::internal(format!("receipt {} names a missing trace {}", receipt.id, receipt.trace_id))
                })?),
                _ => None,
            };
            entries.push(pb::UseLogEntry { receipt: Some(receipt), trace });
        }
        Ok(reply(&snapshot, pb::QueryUseLogResponse { entries, pagination: page.pagination }))
    }
}
