//! `symbiote.registry.v1.Query`, read from the snapshot the request's height header selects.
//! Model bytes come one chunk per call (each within gRPC's default 4 MiB message limit); the
//! chunk hashes are in the version record, itself in verifiable state.

use cnidarium::StateRead;
use symbiote_core::pagination::paginate;
use symbiote_core::query::{reply, status, Snapshots};
use symbiote_core::{GrpcService, ServiceContext};
use symbiote_proto::symbiote::registry::v1 as pb;
use symbiote_proto::symbiote::registry::v1::query_server::{Query, QueryServer};
use tonic::{Request, Response, Status};

use crate::keys;
use crate::state::RegistryRead;

pub(crate) fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
    vec![GrpcService::new(QueryServer::new(RegistryQuery::new(ctx.snapshots.clone())))]
}

#[derive(Clone)]
pub struct RegistryQuery {
    snapshots: Snapshots,
}

impl RegistryQuery {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

/// Coded errors (unknown model, bad reference) are the caller's: not found / invalid argument.
fn coded(e: symbiote_core::SdkError) -> Status {
    if e.is_internal() {
        return status(e);
    }
    match e.code {
        2 => Status::invalid_argument(e.log),
        _ => Status::not_found(e.log),
    }
}

async fn version_of<S: StateRead>(state: &S, name: &str, version: u32) -> Result<pb::ModelVersion, Status> {
    state.existing_model(name).await.map_err(coded)?;
    state.existing_version(name, version).await.map_err(coded)
}

#[tonic::async_trait]
impl Query for RegistryQuery {
    async fn params(
        &self,
        request: Request<pb::QueryParamsRequest>,
    ) -> Result<Response<pb::QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.registry_params().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryParamsResponse { params: Some(params.to_proto()) }))
    }

    async fn model(&self, request: Request<pb::QueryModelRequest>) -> Result<Response<pb::QueryModelResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let name = &request.get_ref().name;
        let model = snapshot.existing_model(name).await.map_err(coded)?;
        let aliases = snapshot.aliases(name).await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryModelResponse { model: Some(model), aliases }))
    }

    async fn models(
        &self,
        request: Request<pb::QueryModelsRequest>,
    ) -> Result<Response<pb::QueryModelsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let (page, pagination) = paginate(&snapshot, &keys::models(), request.get_ref().pagination.as_ref()).await?;
        let models = page
            .into_iter()
            .map(|(name, bytes)| {
                prost::Message::decode(bytes.as_slice()).map_err(|_| Status::internal(format!("corrupt model {name}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(reply(&snapshot, pb::QueryModelsResponse { models, pagination: Some(pagination) }))
    }

    async fn version(
        &self,
        request: Request<pb::QueryVersionRequest>,
    ) -> Result<Response<pb::QueryVersionResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let version = version_of(&snapshot, &r.name, r.version).await?;
        Ok(reply(&snapshot, pb::QueryVersionResponse { version: Some(version) }))
    }

    async fn resolve(
        &self,
        request: Request<pb::QueryResolveRequest>,
    ) -> Result<Response<pb::QueryResolveResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let resolved = snapshot.resolve(&request.get_ref().reference).await.map_err(coded)?;
        Ok(reply(
            &snapshot,
            pb::QueryResolveResponse { version: Some(resolved.version), alias: resolved.alias.unwrap_or_default() },
        ))
    }

    async fn model_bytes(
        &self,
        request: Request<pb::QueryModelBytesRequest>,
    ) -> Result<Response<pb::QueryModelBytesResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let version = snapshot.resolve(&r.reference).await.map_err(coded)?.version;
        let sha = version.chunks.get(r.index as usize).ok_or_else(|| {
            Status::out_of_range(format!(
                "chunk {} of {} (the version has {} chunks)",
                r.index,
                r.reference,
                version.chunks.len()
            ))
        })?;
        let data = snapshot
            .chunk(sha)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::internal(format!("chunk {} of a version is missing", hex::encode(sha))))?;
        Ok(reply(
            &snapshot,
            pb::QueryModelBytesResponse {
                model_id: version.model_id.clone(),
                index: r.index,
                chunk_count: version.chunks.len() as u32,
                sha256: sha.clone(),
                data,
            },
        ))
    }

    async fn lineage(
        &self,
        request: Request<pb::QueryLineageRequest>,
    ) -> Result<Response<pb::QueryLineageResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let mut ancestry = vec![version_of(&snapshot, &r.name, r.version).await?];
        loop {
            let parent = ancestry.last().and_then(|v| v.lineage.as_ref()).map_or(0, |l| l.parent_version);
            // Parents are older versions (checked at registration), so this ends.
            if parent == 0 || ancestry.len() > 10_000 {
                break;
            }
            ancestry.push(version_of(&snapshot, &r.name, parent).await?);
        }
        Ok(reply(&snapshot, pb::QueryLineageResponse { ancestry }))
    }

    async fn aliases(
        &self,
        request: Request<pb::QueryAliasesRequest>,
    ) -> Result<Response<pb::QueryAliasesResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let name = &request.get_ref().name;
        snapshot.existing_model(name).await.map_err(coded)?;
        let aliases = snapshot.aliases(name).await.map_err(status)?;
        let history = snapshot.alias_history(name).await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryAliasesResponse { aliases, history }))
    }

    async fn pending_chunk(
        &self,
        request: Request<pb::QueryPendingChunkRequest>,
    ) -> Result<Response<pb::QueryPendingChunkResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let sha = &request.get_ref().sha256;
        let chunk = snapshot
            .pending_chunk(sha)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("no pending chunk {}", hex::encode(sha))))?;
        Ok(reply(&snapshot, pb::QueryPendingChunkResponse { chunk: Some(chunk) }))
    }
}
