//! `symbiote.consent.v1.Query`, read from the snapshot the request's height header selects.
//! Lists page through the id-ordered indexes (`keys`), oldest first.

use cnidarium::StateRead;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use symbiote_core::pagination::paginate_keys;
use symbiote_core::query::{reply, status, Snapshots};
use symbiote_core::{Address, GrpcService, SdkError, ServiceContext};
use symbiote_proto::symbiote::consent::v1 as pb;
use symbiote_proto::symbiote::consent::v1::query_server::{Query, QueryServer};
use tonic::{Request, Response, Status};

use crate::keys;
use crate::msg::model_named;
use crate::permission::{check_use, UseRequest};
use crate::state::ConsentRead;
use crate::terms::Use;

pub(crate) fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
    vec![GrpcService::new(QueryServer::new(ConsentQuery { snapshots: ctx.snapshots.clone() }))]
}

#[derive(Clone)]
pub struct ConsentQuery {
    snapshots: Snapshots,
}

fn address(s: &str) -> Result<Address, Status> {
    s.parse().map_err(|e: SdkError| Status::invalid_argument(e.log))
}

/// A page of ids from an index whose keys end in zero-padded ids.
async fn page_ids<S: StateRead>(
    state: &S,
    prefix: &str,
    page: Option<&PageRequest>,
) -> Result<(Vec<u64>, PageResponse), Status> {
    let (suffixes, response) = paginate_keys(state, prefix, page).await?;
    let ids = suffixes
        .iter()
        .map(|s| s.parse().map_err(|_| Status::internal(format!("corrupt index entry {prefix}{s}"))))
        .collect::<Result<_, _>>()?;
    Ok((ids, response))
}

/// A page of receipts by data owner, consent or requester (exactly one given), oldest first: what
/// `Receipts` answers, and what the inference module joins with its traces (its use log).
pub async fn receipts_page<S: StateRead>(
    snapshot: &S,
    r: &pb::QueryReceiptsRequest,
) -> Result<pb::QueryReceiptsResponse, Status> {
    let given = [!r.owner.is_empty(), r.consent_id != 0, !r.requester.is_empty()];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(Status::invalid_argument("give exactly one of owner, consent_id or requester"));
    }
    let prefix = if !r.owner.is_empty() {
        keys::receipts_of_owner(&address(&r.owner)?.to_string())
    } else if r.consent_id != 0 {
        keys::receipts_of_consent(r.consent_id)
    } else {
        keys::receipts_of_requester(&address(&r.requester)?)
    };
    let (ids, pagination) = page_ids(snapshot, &prefix, r.pagination.as_ref()).await?;
    let mut receipts = Vec::with_capacity(ids.len());
    for id in ids {
        receipts.push(
            snapshot
                .receipt(id)
                .await
                .map_err(status)?
                .ok_or_else(|| Status::internal(format!("receipt {id} indexed but missing")))?,
        );
    }
    Ok(pb::QueryReceiptsResponse { receipts, pagination: Some(pagination) })
}

#[tonic::async_trait]
impl Query for ConsentQuery {
    async fn params(
        &self,
        request: Request<pb::QueryParamsRequest>,
    ) -> Result<Response<pb::QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.consent_params().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryParamsResponse { params: Some(params.to_proto()) }))
    }

    async fn dataset(
        &self,
        request: Request<pb::QueryDatasetRequest>,
    ) -> Result<Response<pb::QueryDatasetResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let id = request.get_ref().dataset_id;
        let dataset = snapshot
            .dataset(id)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("dataset {id} not found")))?;
        Ok(reply(&snapshot, pb::QueryDatasetResponse { dataset: Some(dataset) }))
    }

    async fn datasets(
        &self,
        request: Request<pb::QueryDatasetsRequest>,
    ) -> Result<Response<pb::QueryDatasetsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let (ids, pagination) = if r.owner.is_empty() {
            let (suffixes, p) = paginate_keys(&snapshot, &keys::datasets(), r.pagination.as_ref()).await?;
            let ids = suffixes
                .iter()
                .map(|s| s.parse().map_err(|_| Status::internal("corrupt dataset key")))
                .collect::<Result<Vec<u64>, _>>()?;
            (ids, p)
        } else {
            page_ids(&snapshot, &keys::datasets_of(&address(&r.owner)?), r.pagination.as_ref()).await?
        };
        let mut datasets = Vec::with_capacity(ids.len());
        for id in ids {
            datasets.push(snapshot.existing_dataset(id).await.map_err(status)?);
        }
        Ok(reply(&snapshot, pb::QueryDatasetsResponse { datasets, pagination: Some(pagination) }))
    }

    async fn consent(
        &self,
        request: Request<pb::QueryConsentRequest>,
    ) -> Result<Response<pb::QueryConsentResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let id = request.get_ref().consent_id;
        let consent = snapshot
            .consent(id)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("consent {id} not found")))?;
        let history = snapshot.consent_history(id).await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryConsentResponse { consent: Some(consent), history }))
    }

    async fn consents(
        &self,
        request: Request<pb::QueryConsentsRequest>,
    ) -> Result<Response<pb::QueryConsentsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let (ids, pagination) = page_ids(&snapshot, &keys::consents_of(r.dataset_id), r.pagination.as_ref()).await?;
        let mut consents = Vec::with_capacity(ids.len());
        for id in ids {
            consents.push(snapshot.existing_consent(id).await.map_err(status)?);
        }
        Ok(reply(&snapshot, pb::QueryConsentsResponse { consents, pagination: Some(pagination) }))
    }

    async fn check_permission(
        &self,
        request: Request<pb::QueryCheckPermissionRequest>,
    ) -> Result<Response<pb::QueryCheckPermissionResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let r = request.get_ref();
        let time = symbiote_core::chain::last_block_time(&snapshot).await.map_err(status)?;
        let parsed = Use::parse(&r.r#use).map(|use_| UseRequest {
            requester: Address::from_bytes([0; 20]),
            consent_id: r.consent_id,
            use_,
            purpose: r.purpose.clone().unwrap_or_default(),
            model: model_named(&r.model),
            disclosure: r.disclosure.clone(),
        });
        let requester = address(&r.requester)?;
        let outcome = match parsed {
            Ok(req) => check_use(&snapshot, &UseRequest { requester, ..req }, time).await.map(|_| ()),
            Err(e) => Err(e),
        };
        let response = match outcome {
            Ok(()) => pb::QueryCheckPermissionResponse { permitted: true, code: 0, reason: String::new() },
            Err(e) if e.is_internal() => return Err(status(e)),
            Err(e) => pb::QueryCheckPermissionResponse { permitted: false, code: e.code, reason: e.log },
        };
        Ok(reply(&snapshot, response))
    }

    async fn receipt(
        &self,
        request: Request<pb::QueryReceiptRequest>,
    ) -> Result<Response<pb::QueryReceiptResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let id = request.get_ref().receipt_id;
        let receipt = snapshot
            .receipt(id)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("receipt {id} not found")))?;
        Ok(reply(&snapshot, pb::QueryReceiptResponse { receipt: Some(receipt) }))
    }

    async fn receipts(
        &self,
        request: Request<pb::QueryReceiptsRequest>,
    ) -> Result<Response<pb::QueryReceiptsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let page = receipts_page(&snapshot, request.get_ref()).await?;
        Ok(reply(&snapshot, page))
    }
}
