//! `symbiote.gov.v1.Query`: the audit params, audit datasets, and the audit report a
//! bias-correction proposal carries — read from the snapshot the request's height header selects.

use symbiote_core::pagination::paginate;
use symbiote_core::query::{reply, status, Snapshots};
use symbiote_proto::symbiote::gov::v1 as pb;
use symbiote_proto::symbiote::gov::v1::query_server::Query;
use tonic::{Request, Response, Status};

use crate::keys;
use crate::state::GovRead;

#[derive(Clone)]
pub struct AuditQuery {
    snapshots: Snapshots,
}

impl AuditQuery {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

#[tonic::async_trait]
impl Query for AuditQuery {
    async fn audit_params(
        &self,
        request: Request<pb::QueryAuditParamsRequest>,
    ) -> Result<Response<pb::QueryAuditParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.audit_params().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryAuditParamsResponse { params: Some(params.to_proto()) }))
    }

    async fn audit_dataset(
        &self,
        request: Request<pb::QueryAuditDatasetRequest>,
    ) -> Result<Response<pb::QueryAuditDatasetResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let id = request.get_ref().id;
        let dataset = snapshot
            .audit_dataset(id)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("no audit dataset {id}")))?;
        Ok(reply(&snapshot, pb::QueryAuditDatasetResponse { dataset: Some(dataset) }))
    }

    async fn audit_datasets(
        &self,
        request: Request<pb::QueryAuditDatasetsRequest>,
    ) -> Result<Response<pb::QueryAuditDatasetsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let (page, pagination) =
            paginate(&snapshot, &keys::audit_datasets(), request.get_ref().pagination.as_ref()).await?;
        let datasets = page
            .into_iter()
            .map(|(key, bytes)| {
                prost::Message::decode(bytes.as_slice())
                    .map_err(|_| Status::internal(format!("corrupt audit dataset {key}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(reply(&snapshot, pb::QueryAuditDatasetsResponse { datasets, pagination: Some(pagination) }))
    }

    async fn audit(&self, request: Request<pb::QueryAuditRequest>) -> Result<Response<pb::QueryAuditResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let id = request.get_ref().proposal_id;
        let report = snapshot
            .audit_report(id)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("proposal {id} carries no audit")))?;
        Ok(reply(&snapshot, pb::QueryAuditResponse { report: Some(report) }))
    }
}
