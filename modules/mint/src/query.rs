//! `cosmos.mint.v1beta1.Query` (`keeper/grpc_query.go`), read from the snapshot the request's
//! height header selects.
//!
//! Inflation and AnnualProvisions are `bytes` fields holding a `LegacyDec` customtype, which the
//! SDK marshals as the ASCII digits of the atoms (0.13 → `b"130000000000000000"`); cosmjs'
//! `MintExtension` reads them back with `Decimal.fromAtomics(text, 18)`.

use cosmos_sdk_proto::cosmos::mint::v1beta1::query_server::Query;
use cosmos_sdk_proto::cosmos::mint::v1beta1::*;
use symbiote_core::query::{reply, status, Snapshots};
use tonic::{Request, Response, Status};

use crate::state::MintRead;

#[derive(Clone)]
pub struct MintQuery {
    snapshots: Snapshots,
}

impl MintQuery {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

#[tonic::async_trait]
impl Query for MintQuery {
    async fn params(&self, request: Request<QueryParamsRequest>) -> Result<Response<QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.mint_params().await.map_err(status)?;
        Ok(reply(&snapshot, QueryParamsResponse { params: Some(params.to_proto()) }))
    }

    async fn inflation(
        &self,
        request: Request<QueryInflationRequest>,
    ) -> Result<Response<QueryInflationResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let minter = snapshot.minter().await.map_err(status)?;
        Ok(reply(&snapshot, QueryInflationResponse { inflation: minter.inflation.to_proto_string().into_bytes() }))
    }

    async fn annual_provisions(
        &self,
        request: Request<QueryAnnualProvisionsRequest>,
    ) -> Result<Response<QueryAnnualProvisionsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let minter = snapshot.minter().await.map_err(status)?;
        Ok(reply(
            &snapshot,
            QueryAnnualProvisionsResponse {
                annual_provisions: minter.annual_provisions.to_proto_string().into_bytes(),
            },
        ))
    }
}
