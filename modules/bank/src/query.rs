//! `cosmos.bank.v1beta1.Query`, read from the snapshot the request's height header selects.
//! There are no vesting accounts, so spendable balances equal balances.

use cosmos_sdk_proto::cosmos::bank::v1beta1::query_server::Query;
use cosmos_sdk_proto::cosmos::bank::v1beta1::*;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use symbiote_core::coin::validate_denom;
use symbiote_core::pagination::paginate;
use symbiote_core::query::{reply, status, Snapshots};
use symbiote_core::{Address, Coin};
use tonic::{Request, Response, Status};

use crate::state::BankRead;

#[derive(Clone)]
pub struct BankQuery {
    snapshots: Snapshots,
}

impl BankQuery {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

fn parse_address(s: &str) -> Result<Address, Status> {
    s.parse::<Address>().map_err(|e| Status::invalid_argument(e.log))
}

fn check_denom(denom: &str) -> Result<(), Status> {
    validate_denom(denom).map_err(|e| Status::invalid_argument(e.log))
}

fn coin(denom: &str, amount: u128) -> ProtoCoin {
    Coin::new(denom, amount).to_proto()
}

#[tonic::async_trait]
impl Query for BankQuery {
    async fn balance(&self, request: Request<QueryBalanceRequest>) -> Result<Response<QueryBalanceResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let address = parse_address(&req.address)?;
        check_denom(&req.denom)?;
        let amount = snapshot.balance(&address, &req.denom).await.map_err(status)?;
        Ok(reply(&snapshot, QueryBalanceResponse { balance: Some(coin(&req.denom, amount)) }))
    }

    async fn all_balances(
        &self,
        request: Request<QueryAllBalancesRequest>,
    ) -> Result<Response<QueryAllBalancesResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let address = parse_address(&request.get_ref().address)?;
        let coins = snapshot.all_balances(&address).await.map_err(status)?;
        let keyed = coins.iter().map(|c| (c.denom.clone().into_bytes(), c.to_proto())).collect();
        let (balances, page) = paginate(keyed, request.get_ref().pagination.as_ref())?;
        Ok(reply(&snapshot, QueryAllBalancesResponse { balances, pagination: Some(page) }))
    }

    async fn spendable_balances(
        &self,
        request: Request<QuerySpendableBalancesRequest>,
    ) -> Result<Response<QuerySpendableBalancesResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let address = parse_address(&request.get_ref().address)?;
        let coins = snapshot.all_balances(&address).await.map_err(status)?;
        let keyed = coins.iter().map(|c| (c.denom.clone().into_bytes(), c.to_proto())).collect();
        let (balances, page) = paginate(keyed, request.get_ref().pagination.as_ref())?;
        Ok(reply(&snapshot, QuerySpendableBalancesResponse { balances, pagination: Some(page) }))
    }

    async fn spendable_balance_by_denom(
        &self,
        request: Request<QuerySpendableBalanceByDenomRequest>,
    ) -> Result<Response<QuerySpendableBalanceByDenomResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        let address = parse_address(&req.address)?;
        check_denom(&req.denom)?;
        let amount = snapshot.balance(&address, &req.denom).await.map_err(status)?;
        Ok(reply(&snapshot, QuerySpendableBalanceByDenomResponse { balance: Some(coin(&req.denom, amount)) }))
    }

    async fn total_supply(
        &self,
        request: Request<QueryTotalSupplyRequest>,
    ) -> Result<Response<QueryTotalSupplyResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let coins = snapshot.total_supply().await.map_err(status)?;
        let keyed = coins.iter().map(|c| (c.denom.clone().into_bytes(), c.to_proto())).collect();
        let (supply, page) = paginate(keyed, request.get_ref().pagination.as_ref())?;
        Ok(reply(&snapshot, QueryTotalSupplyResponse { supply, pagination: Some(page) }))
    }

    async fn supply_of(
        &self,
        request: Request<QuerySupplyOfRequest>,
    ) -> Result<Response<QuerySupplyOfResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let denom = &request.get_ref().denom;
        check_denom(denom)?;
        let amount = snapshot.supply_of(denom).await.map_err(status)?;
        Ok(reply(&snapshot, QuerySupplyOfResponse { amount: Some(coin(denom, amount)) }))
    }

    async fn params(&self, request: Request<QueryParamsRequest>) -> Result<Response<QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.bank_params().await.map_err(status)?;
        Ok(reply(&snapshot, QueryParamsResponse { params: Some(params.to_proto()) }))
    }

    /// No denom carries metadata on this chain yet.
    async fn denom_metadata(
        &self,
        request: Request<QueryDenomMetadataRequest>,
    ) -> Result<Response<QueryDenomMetadataResponse>, Status> {
        Err(Status::not_found(format!("client metadata for denom {} not found", request.get_ref().denom)))
    }

    async fn denom_metadata_by_query_string(
        &self,
        request: Request<QueryDenomMetadataByQueryStringRequest>,
    ) -> Result<Response<QueryDenomMetadataByQueryStringResponse>, Status> {
        Err(Status::not_found(format!("client metadata for denom {} not found", request.get_ref().denom)))
    }

    async fn denoms_metadata(
        &self,
        request: Request<QueryDenomsMetadataRequest>,
    ) -> Result<Response<QueryDenomsMetadataResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        Ok(reply(&snapshot, QueryDenomsMetadataResponse { metadatas: vec![], pagination: Some(Default::default()) }))
    }

    async fn denom_owners(
        &self,
        request: Request<QueryDenomOwnersRequest>,
    ) -> Result<Response<QueryDenomOwnersResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let denom = &request.get_ref().denom;
        check_denom(denom)?;
        let owners = snapshot.denom_owners(denom).await.map_err(status)?;
        let keyed = owners
            .into_iter()
            .map(|(a, amount)| {
                (a.as_bytes().to_vec(), DenomOwner { address: a.to_string(), balance: Some(coin(denom, amount)) })
            })
            .collect();
        let (denom_owners, page) = paginate(keyed, request.get_ref().pagination.as_ref())?;
        Ok(reply(&snapshot, QueryDenomOwnersResponse { denom_owners, pagination: Some(page) }))
    }

    async fn denom_owners_by_query(
        &self,
        request: Request<QueryDenomOwnersByQueryRequest>,
    ) -> Result<Response<QueryDenomOwnersByQueryResponse>, Status> {
        let (metadata, extensions, req) = request.into_parts();
        let inner = QueryDenomOwnersRequest { denom: req.denom, pagination: req.pagination };
        let resp = self.denom_owners(Request::from_parts(metadata, extensions, inner)).await?;
        let (metadata, resp, extensions) = resp.into_parts();
        let out = QueryDenomOwnersByQueryResponse { denom_owners: resp.denom_owners, pagination: resp.pagination };
        Ok(Response::from_parts(metadata, out, extensions))
    }

    async fn send_enabled(
        &self,
        request: Request<QuerySendEnabledRequest>,
    ) -> Result<Response<QuerySendEnabledResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.bank_params().await.map_err(status)?;
        let send_enabled = if request.get_ref().denoms.is_empty() {
            params.send_enabled_proto()
        } else {
            request
                .get_ref()
                .denoms
                .iter()
                .map(|d| SendEnabled { denom: d.clone(), enabled: params.is_send_enabled(d) })
                .collect()
        };
        Ok(reply(&snapshot, QuerySendEnabledResponse { send_enabled, pagination: None }))
    }
}
