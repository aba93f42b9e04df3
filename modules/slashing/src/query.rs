//! `cosmos.slashing.v1beta1.Query` (`keeper/grpc_query.go`), read from the snapshot the
//! request's height header selects.

use cosmos_sdk_proto::cosmos::slashing::v1beta1 as pb;
use cosmos_sdk_proto::cosmos::slashing::v1beta1::query_server::Query;
use symbiote_core::pagination::paginate;
use symbiote_core::query::{reply, status, Snapshots};
use symbiote_core::{ConsAddress, SdkError};
use tonic::{Request, Response, Status};

use crate::keys;
use crate::state::{SigningInfo, SlashingRead};

#[derive(Clone)]
pub struct SlashingQuery {
    snapshots: Snapshots,
}

impl SlashingQuery {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

#[tonic::async_trait]
impl Query for SlashingQuery {
    async fn params(
        &self,
        request: Request<pb::QueryParamsRequest>,
    ) -> Result<Response<pb::QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.slashing_params().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryParamsResponse { params: Some(params.to_proto()) }))
    }

    async fn signing_info(
        &self,
        request: Request<pb::QuerySigningInfoRequest>,
    ) -> Result<Response<pb::QuerySigningInfoResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let address = &request.get_ref().cons_address;
        if address.is_empty() {
            return Err(Status::invalid_argument("invalid request"));
        }
        let cons: ConsAddress = address.parse().map_err(|e: SdkError| Status::invalid_argument(e.log))?;
        let info = snapshot
            .signing_info(&cons)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("SigningInfo not found for validator {cons}")))?;
        Ok(reply(&snapshot, pb::QuerySigningInfoResponse { val_signing_info: Some(info.to_proto()) }))
    }

    async fn signing_infos(
        &self,
        request: Request<pb::QuerySigningInfosRequest>,
    ) -> Result<Response<pb::QuerySigningInfosResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let (page, pagination) =
            paginate(&snapshot, &keys::signing_infos(), request.get_ref().pagination.as_ref()).await?;
        let mut info = Vec::with_capacity(page.len());
        for (suffix, value) in page {
            let p: pb::ValidatorSigningInfo = prost::Message::decode(value.as_slice())
                .map_err(|_| Status::internal(format!("corrupt signing info {suffix}")))?;
            // Decoded and re-encoded so that a corrupt record is an error rather than a reply.
            info.push(SigningInfo::from_proto(&p).map_err(status)?.to_proto());
        }
        Ok(reply(&snapshot, pb::QuerySigningInfosResponse { info, pagination: Some(pagination) }))
    }
}
