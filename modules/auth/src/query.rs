//! `cosmos.auth.v1beta1.Query`, read from the snapshot the request's height header selects.

use cosmos_sdk_proto::cosmos::auth::v1beta1::query_server::Query;
use cosmos_sdk_proto::cosmos::auth::v1beta1::*;
use cosmos_sdk_proto::traits::Message;
use cosmos_sdk_proto::Any;
use symbiote_core::pagination::paginate;
use symbiote_core::query::{reply, status, Snapshots};
use symbiote_core::{Address, ACCOUNT_PREFIX};
use tonic::{Request, Response, Status};

use crate::state::AuthRead;
use crate::{fee_collector_address, Account, FEE_COLLECTOR};

#[derive(Clone)]
pub struct AuthQuery {
    snapshots: Snapshots,
}

impl AuthQuery {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

fn parse_address(s: &str) -> Result<Address, Status> {
    s.parse::<Address>().map_err(|e| Status::invalid_argument(e.log))
}

fn module_account(account: Option<Account>) -> Any {
    let address = fee_collector_address();
    let base = account.unwrap_or_else(|| Account::new(address, 0));
    let module = ModuleAccount { base_account: Some(base.to_proto()), name: FEE_COLLECTOR.into(), permissions: vec![] };
    Any { type_url: "/cosmos.auth.v1beta1.ModuleAccount".into(), value: module.encode_to_vec() }
}

#[tonic::async_trait]
impl Query for AuthQuery {
    async fn accounts(
        &self,
        request: Request<QueryAccountsRequest>,
    ) -> Result<Response<QueryAccountsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let all = snapshot.all_accounts().await.map_err(status)?;
        let keyed = all.into_iter().map(|a| (a.address.as_bytes().to_vec(), a.to_any())).collect();
        let (accounts, page) = paginate(keyed, request.get_ref().pagination.as_ref())?;
        Ok(reply(&snapshot, QueryAccountsResponse { accounts, pagination: Some(page) }))
    }

    async fn account(&self, request: Request<QueryAccountRequest>) -> Result<Response<QueryAccountResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let address = parse_address(&request.get_ref().address)?;
        let account = snapshot
            .account(&address)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("account {address} not found")))?;
        Ok(reply(&snapshot, QueryAccountResponse { account: Some(account.to_any()) }))
    }

    async fn account_address_by_id(
        &self,
        request: Request<QueryAccountAddressByIdRequest>,
    ) -> Result<Response<QueryAccountAddressByIdResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let req = request.get_ref();
        // `id` is the deprecated signed field; newer clients send `account_id`.
        #[allow(deprecated)]
        let id = if req.account_id != 0 {
            req.account_id
        } else {
            u64::try_from(req.id).map_err(|_| Status::invalid_argument("negative account id"))?
        };
        let found = snapshot.all_accounts().await.map_err(status)?.into_iter().find(|a| a.account_number == id);
        let account =
            found.ok_or_else(|| Status::not_found(format!("account address not found for account number {id}")))?;
        Ok(reply(&snapshot, QueryAccountAddressByIdResponse { account_address: account.address.to_string() }))
    }

    async fn params(&self, request: Request<QueryParamsRequest>) -> Result<Response<QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.auth_params().await.map_err(status)?;
        Ok(reply(&snapshot, QueryParamsResponse { params: Some(params.to_proto()) }))
    }

    async fn module_accounts(
        &self,
        request: Request<QueryModuleAccountsRequest>,
    ) -> Result<Response<QueryModuleAccountsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let account = snapshot.account(&fee_collector_address()).await.map_err(status)?;
        Ok(reply(&snapshot, QueryModuleAccountsResponse { accounts: vec![module_account(account)] }))
    }

    async fn module_account_by_name(
        &self,
        request: Request<QueryModuleAccountByNameRequest>,
    ) -> Result<Response<QueryModuleAccountByNameResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        if request.get_ref().name != FEE_COLLECTOR {
            return Err(Status::not_found(format!("account {} not found", request.get_ref().name)));
        }
        let account = snapshot.account(&fee_collector_address()).await.map_err(status)?;
        Ok(reply(&snapshot, QueryModuleAccountByNameResponse { account: Some(module_account(account)) }))
    }

    async fn bech32_prefix(
        &self,
        _request: Request<Bech32PrefixRequest>,
    ) -> Result<Response<Bech32PrefixResponse>, Status> {
        Ok(Response::new(Bech32PrefixResponse { bech32_prefix: ACCOUNT_PREFIX.into() }))
    }

    async fn address_bytes_to_string(
        &self,
        request: Request<AddressBytesToStringRequest>,
    ) -> Result<Response<AddressBytesToStringResponse>, Status> {
        let address =
            Address::from_bytes_slice(&request.get_ref().address_bytes).map_err(|e| Status::invalid_argument(e.log))?;
        Ok(Response::new(AddressBytesToStringResponse { address_string: address.to_string() }))
    }

    async fn address_string_to_bytes(
        &self,
        request: Request<AddressStringToBytesRequest>,
    ) -> Result<Response<AddressStringToBytesResponse>, Status> {
        let address = parse_address(&request.get_ref().address_string)?;
        Ok(Response::new(AddressStringToBytesResponse { address_bytes: address.as_bytes().to_vec() }))
    }

    async fn account_info(
        &self,
        request: Request<QueryAccountInfoRequest>,
    ) -> Result<Response<QueryAccountInfoResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let address = parse_address(&request.get_ref().address)?;
        let account = snapshot
            .account(&address)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("account {address} not found")))?;
        Ok(reply(&snapshot, QueryAccountInfoResponse { info: Some(account.to_proto()) }))
    }
}
