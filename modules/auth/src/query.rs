//! `cosmos.auth.v1beta1.Query` and `symbiote.auth.v1.Query`, read from the snapshot the request's
//! height header selects.

use cosmos_sdk_proto::cosmos::auth::v1beta1::query_server::{Query, QueryServer};
use cosmos_sdk_proto::cosmos::auth::v1beta1::*;
use cosmos_sdk_proto::traits::Message;
use cosmos_sdk_proto::Any;
use symbiote_core::module_account::{ModuleAccount as ModuleAccountDecl, ModuleAccounts};
use symbiote_core::pagination::paginate;
use symbiote_core::query::{parse_address, reply, status, Snapshots};
use symbiote_core::{Address, GrpcService, ServiceContext, ACCOUNT_PREFIX};
use symbiote_proto::symbiote::auth::v1 as pb;
use tonic::{Request, Response, Status};

use crate::state::AuthRead;
use crate::{keys, Account};

pub(crate) fn services(ctx: &ServiceContext) -> Vec<GrpcService> {
    let query = AuthQuery { snapshots: ctx.snapshots.clone(), accounts: ctx.accounts };
    vec![GrpcService::new(QueryServer::new(query.clone())), GrpcService::new(pb::query_server::QueryServer::new(query))]
}

#[derive(Clone)]
pub struct AuthQuery {
    snapshots: Snapshots,
    accounts: &'static ModuleAccounts,
}

/// A module account as the SDK reports it: its stored base account (created at genesis) wrapped
/// with its name and permissions.
async fn module_account<S: AuthRead>(state: &S, decl: &ModuleAccountDecl, address: &Address) -> Result<Any, Status> {
    let base = state.account(address).await.map_err(status)?.unwrap_or_else(|| Account::new(*address, 0));
    Ok(wrap_module(&base, decl))
}

fn wrap_module(base: &Account, decl: &ModuleAccountDecl) -> Any {
    let module = ModuleAccount {
        base_account: Some(base.to_proto()),
        name: decl.name.into(),
        permissions: decl.permissions.iter().map(|p| p.as_str().to_string()).collect(),
    };
    Any { type_url: "/cosmos.auth.v1beta1.ModuleAccount".into(), value: module.encode_to_vec() }
}

impl AuthQuery {
    /// An account as the Account(s) queries return it: `ModuleAccount` for module accounts (as the
    /// SDK stores them), `BaseAccount` for the rest.
    fn account_any(&self, account: &Account) -> Any {
        match self.accounts.by_address(&account.address) {
            Some(decl) => wrap_module(account, decl),
            None => account.to_any(),
        }
    }
}

fn decode_account(key: &str, bytes: &[u8]) -> Result<Account, Status> {
    BaseAccount::decode(bytes)
        .ok()
        .and_then(|p| Account::from_proto(&p).ok())
        .ok_or_else(|| Status::internal(format!("corrupt account at {key}")))
}

#[tonic::async_trait]
impl Query for AuthQuery {
    async fn accounts(
        &self,
        request: Request<QueryAccountsRequest>,
    ) -> Result<Response<QueryAccountsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let (page, pagination) =
            paginate(&snapshot, &keys::accounts_prefix(), request.get_ref().pagination.as_ref()).await?;
        let accounts = page
            .iter()
            .map(|(key, bytes)| decode_account(key, bytes).map(|a| self.account_any(&a)))
            .collect::<Result<_, _>>()?;
        Ok(reply(&snapshot, QueryAccountsResponse { accounts, pagination: Some(pagination) }))
    }

    async fn account(&self, request: Request<QueryAccountRequest>) -> Result<Response<QueryAccountResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let address = parse_address(&request.get_ref().address)?;
        let account = snapshot
            .account(&address)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("account {address} not found")))?;
        Ok(reply(&snapshot, QueryAccountResponse { account: Some(self.account_any(&account)) }))
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
        let address = snapshot
            .address_by_number(id)
            .await
            .map_err(status)?
            .ok_or_else(|| Status::not_found(format!("account address not found for account number {id}")))?;
        Ok(reply(&snapshot, QueryAccountAddressByIdResponse { account_address: address.to_string() }))
    }

    async fn params(&self, request: Request<QueryParamsRequest>) -> Result<Response<QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.auth_params().await.map_err(status)?;
        Ok(reply(&snapshot, QueryParamsResponse { params: Some(params.sdk()) }))
    }

    async fn module_accounts(
        &self,
        request: Request<QueryModuleAccountsRequest>,
    ) -> Result<Response<QueryModuleAccountsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let mut accounts = Vec::new();
        for (decl, address) in self.accounts.iter() {
            accounts.push(module_account(&snapshot, decl, address).await?);
        }
        Ok(reply(&snapshot, QueryModuleAccountsResponse { accounts }))
    }

    async fn module_account_by_name(
        &self,
        request: Request<QueryModuleAccountByNameRequest>,
    ) -> Result<Response<QueryModuleAccountByNameResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let name = &request.get_ref().name;
        let (decl, address) =
            self.accounts.by_name(name).ok_or_else(|| Status::not_found(format!("account {name} not found")))?;
        let account = module_account(&snapshot, decl, address).await?;
        Ok(reply(&snapshot, QueryModuleAccountByNameResponse { account: Some(account) }))
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

#[tonic::async_trait]
impl pb::query_server::Query for AuthQuery {
    async fn params(
        &self,
        request: Request<pb::QueryParamsRequest>,
    ) -> Result<Response<pb::QueryParamsResponse>, Status> {
        let snapshot = self.snapshots.for_request(&request)?;
        let params = snapshot.auth_params().await.map_err(status)?;
        Ok(reply(&snapshot, pb::QueryParamsResponse { params: Some(params.to_proto()) }))
    }
}
