//! `cosmos.bank.v1beta1.Query`, read from the snapshot the request's height header selects.
//! There are no vesting accounts, so spendable balances equal balances. Every list is one page
//! read from the store (`symbiote_core::pagination`).

use cnidarium::Snapshot;
use cosmos_sdk_proto::cosmos::bank::v1beta1::query_server::Query;
use cosmos_sdk_proto::cosmos::bank::v1beta1::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use symbiote_core::coin::validate_denom;
use symbiote_core::pagination::{paginate, paginate_keys};
use symbiote_core::query::{parse_address, reply, status, Snapshots};
use symbiote_core::{Address, Amount, Coin};
use tonic::{Request, Response, Status};

use crate::keys;
use crate::state::{decode_amount, decode_flag, BankRead};

#[derive(Clone)]
pub struct BankQuery {
    snapshots: Snapshots,
}

impl BankQuery {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

fn check_denom(denom: &str) -> Result<(), Status> {
    validate_denom(denom).map_err(|e| Status::invalid_argument(e.log))
}

fn coin(denom: &str, amount: Amount) -> ProtoCoin {
    Coin::new(denom, amount).to_proto()
}

/// One page of coins stored as `<prefix><denom>` → amount (an account's balances, the supply).
async fn coin_page(
    snapshot: &Snapshot,
    prefix: &str,
    page: Option<&PageRequest>,
) -> Result<(Vec<ProtoCoin>, PageResponse), Status> {
    let (items, response) = paginate(snapshot, prefix, page).await?;
    let coins = items
        .into_iter()
        .map(|(denom, bytes)| {
            let amount = decode_amount(&format!("{prefix}{denom}"), &bytes).map_err(status)?;
            Ok(coin(&denom, amount))
        })
        .collect::<Result<_, Status>>()?;
    Ok((coins, response))
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
        let (balances, page) =
            coin_page(&snapshot, &keys::balances_of(&address), request.get_ref().pagination.as_ref()).await?;
        Ok(reply(&snapshot, QueryAllBalancesResponse { balances, pagination: Some(page) }))
    }

    async fn spendable_balances(
        &self,
        request: Request<QuerySpendableBalancesRequest>,
    ) -> Result<Response<QuerySpendableBalancesResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let address = parse_address(&request.get_ref().address)?;
        let (balances, page) =
            coin_page(&snapshot, &keys::balances_of(&address), request.get_ref().pagination.as_ref()).await?;
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
        let (supply, page) =
            coin_page(&snapshot, &keys::supply_prefix(), request.get_ref().pagination.as_ref()).await?;
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
        let prefix = keys::denom_owners(denom);
        let (owners, page) = paginate_keys(&snapshot, &prefix, request.get_ref().pagination.as_ref()).await?;
        let mut denom_owners = Vec::with_capacity(owners.len());
        for hex in owners {
            let address =
                Address::from_hex(&hex).ok_or_else(|| Status::internal(format!("corrupt index key {prefix}{hex}")))?;
            let amount = snapshot.balance(&address, denom).await.map_err(status)?;
            denom_owners.push(DenomOwner { address: address.to_string(), balance: Some(coin(denom, amount)) });
        }
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

    /// The denoms asked for (each with its flag or the default), or every denom with a flag of its
    /// own, one page at a time.
    async fn send_enabled(
        &self,
        request: Request<QuerySendEnabledRequest>,
    ) -> Result<Response<QuerySendEnabledResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        if !req.denoms.is_empty() {
            let mut send_enabled = Vec::with_capacity(req.denoms.len());
            for denom in &req.denoms {
                check_denom(denom)?;
                if let Some(enabled) = snapshot.send_enabled_flag(denom).await.map_err(status)? {
                    send_enabled.push(SendEnabled { denom: denom.clone(), enabled });
                }
            }
            return Ok(reply(&snapshot, QuerySendEnabledResponse { send_enabled, pagination: None }));
        }
        let (items, page) = paginate(&snapshot, &keys::send_enabled_prefix(), req.pagination.as_ref()).await?;
        let send_enabled = items
            .into_iter()
            .map(|(denom, bytes)| {
                let enabled = decode_flag(&denom, &bytes).map_err(status)?;
                Ok(SendEnabled { denom, enabled })
            })
            .collect::<Result<_, Status>>()?;
        Ok(reply(&snapshot, QuerySendEnabledResponse { send_enabled, pagination: Some(page) }))
    }
}
