//! ABCI Query: every gRPC query method is also answered here at its full method path
//! (`/cosmos.bank.v1beta1.Query/Balance`), as the Cosmos SDK does — cosmjs and Hermes query through
//! CometBFT's `abci_query` this way. `store/<module>/key` reads one raw key from a module's substore,
//! with an ICS23 proof (module tree, then main tree) when `prove` is set.

use cosmos_sdk_proto::cosmos::auth::v1beta1::query_server::Query as _;
use cosmos_sdk_proto::cosmos::bank::v1beta1::query_server::Query as _;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::service_server::Service as _;
use cosmos_sdk_proto::cosmos::tx::v1beta1::service_server::Service as _;
use prost::Message;
use symbiote_auth::query::AuthQuery;
use symbiote_bank::query::BankQuery;
use symbiote_core::error::{Code, CODESPACE};
use symbiote_core::query::{Snapshots, HEIGHT_HEADER, PRE_GENESIS};
use tendermint::abci::{request, response};
use tendermint::merkle::proof::{ProofOp, ProofOps};
use tonic::Status;

use crate::grpc::node::NodeService;
use crate::grpc::tx::TxService;

#[derive(Clone)]
pub struct QueryRouter {
    snapshots: Snapshots,
    auth: AuthQuery,
    bank: BankQuery,
    tx: TxService,
    node: NodeService,
}

/// Decodes the request, calls the service method with the height header set, encodes the reply.
macro_rules! call {
    ($svc:expr, $method:ident, $data:expr, $height:expr) => {{
        let req = Message::decode($data).map_err(|e| Status::invalid_argument(format!("invalid request: {e}")))?;
        let mut req = tonic::Request::new(req);
        if $height > 0 {
            if let Ok(v) = $height.to_string().parse() {
                req.metadata_mut().insert(HEIGHT_HEADER, v);
            }
        }
        $svc.$method(req).await.map(|r| r.into_inner().encode_to_vec())
    }};
}

/// The gRPC methods ABCI Query serves, by full path.
pub const GRPC_PATHS: &[&str] = &[
    "/cosmos.auth.v1beta1.Query/Accounts",
    "/cosmos.auth.v1beta1.Query/Account",
    "/cosmos.auth.v1beta1.Query/AccountAddressByID",
    "/cosmos.auth.v1beta1.Query/Params",
    "/cosmos.auth.v1beta1.Query/ModuleAccounts",
    "/cosmos.auth.v1beta1.Query/ModuleAccountByName",
    "/cosmos.auth.v1beta1.Query/Bech32Prefix",
    "/cosmos.auth.v1beta1.Query/AddressBytesToString",
    "/cosmos.auth.v1beta1.Query/AddressStringToBytes",
    "/cosmos.auth.v1beta1.Query/AccountInfo",
    "/cosmos.bank.v1beta1.Query/Balance",
    "/cosmos.bank.v1beta1.Query/AllBalances",
    "/cosmos.bank.v1beta1.Query/SpendableBalances",
    "/cosmos.bank.v1beta1.Query/SpendableBalanceByDenom",
    "/cosmos.bank.v1beta1.Query/TotalSupply",
    "/cosmos.bank.v1beta1.Query/SupplyOf",
    "/cosmos.bank.v1beta1.Query/Params",
    "/cosmos.bank.v1beta1.Query/DenomMetadata",
    "/cosmos.bank.v1beta1.Query/DenomMetadataByQueryString",
    "/cosmos.bank.v1beta1.Query/DenomsMetadata",
    "/cosmos.bank.v1beta1.Query/DenomOwners",
    "/cosmos.bank.v1beta1.Query/DenomOwnersByQuery",
    "/cosmos.bank.v1beta1.Query/SendEnabled",
    "/cosmos.tx.v1beta1.Service/Simulate",
    "/cosmos.tx.v1beta1.Service/GetTx",
    "/cosmos.tx.v1beta1.Service/GetTxsEvent",
    "/cosmos.tx.v1beta1.Service/GetBlockWithTxs",
    "/cosmos.tx.v1beta1.Service/TxDecode",
    "/cosmos.tx.v1beta1.Service/TxEncode",
    "/cosmos.base.tendermint.v1beta1.Service/GetNodeInfo",
    "/cosmos.base.tendermint.v1beta1.Service/GetSyncing",
    "/cosmos.base.tendermint.v1beta1.Service/GetLatestBlock",
    "/cosmos.base.tendermint.v1beta1.Service/GetBlockByHeight",
    "/cosmos.base.tendermint.v1beta1.Service/GetLatestValidatorSet",
    "/cosmos.base.tendermint.v1beta1.Service/GetValidatorSetByHeight",
];

impl QueryRouter {
    pub fn new(snapshots: Snapshots, tx: TxService, node: NodeService) -> Self {
        Self { auth: AuthQuery::new(snapshots.clone()), bank: BankQuery::new(snapshots.clone()), snapshots, tx, node }
    }

    pub async fn abci_query(&self, q: request::Query) -> response::Query {
        let height = q.height.value();
        let result = if let Some(rest) = q.path.strip_prefix("store/") {
            self.store(rest, &q.data, height, q.prove).await
        } else {
            self.grpc(&q.path, &q.data, height).await.map(|value| (value, None, self.answered_height(height)))
        };
        match result {
            Ok((value, proof, height)) => response::Query {
                key: q.data,
                value: value.into(),
                proof,
                height: height.try_into().unwrap_or_default(),
                ..Default::default()
            },
            Err(status) => {
                let (code, desc) = sdk_code(&status);
                response::Query {
                    code: code.into(),
                    codespace: CODESPACE.into(),
                    log: format!("{}: {desc}", status.message()),
                    height: q.height,
                    ..Default::default()
                }
            }
        }
    }

    fn answered_height(&self, requested: u64) -> u64 {
        if requested > 0 {
            return requested;
        }
        let v = self.snapshots.latest().version();
        if v == PRE_GENESIS {
            0
        } else {
            v
        }
    }

    pub async fn grpc(&self, path: &str, data: &[u8], height: u64) -> Result<Vec<u8>, Status> {
        match path {
            "/cosmos.auth.v1beta1.Query/Accounts" => call!(self.auth, accounts, data, height),
            "/cosmos.auth.v1beta1.Query/Account" => call!(self.auth, account, data, height),
            "/cosmos.auth.v1beta1.Query/AccountAddressByID" => call!(self.auth, account_address_by_id, data, height),
            "/cosmos.auth.v1beta1.Query/Params" => call!(self.auth, params, data, height),
            "/cosmos.auth.v1beta1.Query/ModuleAccounts" => call!(self.auth, module_accounts, data, height),
            "/cosmos.auth.v1beta1.Query/ModuleAccountByName" => call!(self.auth, module_account_by_name, data, height),
            "/cosmos.auth.v1beta1.Query/Bech32Prefix" => call!(self.auth, bech32_prefix, data, height),
            "/cosmos.auth.v1beta1.Query/AddressBytesToString" => {
                call!(self.auth, address_bytes_to_string, data, height)
            }
            "/cosmos.auth.v1beta1.Query/AddressStringToBytes" => {
                call!(self.auth, address_string_to_bytes, data, height)
            }
            "/cosmos.auth.v1beta1.Query/AccountInfo" => call!(self.auth, account_info, data, height),
            "/cosmos.bank.v1beta1.Query/Balance" => call!(self.bank, balance, data, height),
            "/cosmos.bank.v1beta1.Query/AllBalances" => call!(self.bank, all_balances, data, height),
            "/cosmos.bank.v1beta1.Query/SpendableBalances" => call!(self.bank, spendable_balances, data, height),
            "/cosmos.bank.v1beta1.Query/SpendableBalanceByDenom" => {
                call!(self.bank, spendable_balance_by_denom, data, height)
            }
            "/cosmos.bank.v1beta1.Query/TotalSupply" => call!(self.bank, total_supply, data, height),
            "/cosmos.bank.v1beta1.Query/SupplyOf" => call!(self.bank, supply_of, data, height),
            "/cosmos.bank.v1beta1.Query/Params" => call!(self.bank, params, data, height),
            "/cosmos.bank.v1beta1.Query/DenomMetadata" => call!(self.bank, denom_metadata, data, height),
            "/cosmos.bank.v1beta1.Query/DenomMetadataByQueryString" => {
                call!(self.bank, denom_metadata_by_query_string, data, height)
            }
            "/cosmos.bank.v1beta1.Query/DenomsMetadata" => call!(self.bank, denoms_metadata, data, height),
            "/cosmos.bank.v1beta1.Query/DenomOwners" => call!(self.bank, denom_owners, data, height),
            "/cosmos.bank.v1beta1.Query/DenomOwnersByQuery" => call!(self.bank, denom_owners_by_query, data, height),
            "/cosmos.bank.v1beta1.Query/SendEnabled" => call!(self.bank, send_enabled, data, height),
            "/cosmos.tx.v1beta1.Service/Simulate" => call!(self.tx, simulate, data, height),
            "/cosmos.tx.v1beta1.Service/GetTx" => call!(self.tx, get_tx, data, height),
            "/cosmos.tx.v1beta1.Service/GetTxsEvent" => call!(self.tx, get_txs_event, data, height),
            "/cosmos.tx.v1beta1.Service/GetBlockWithTxs" => call!(self.tx, get_block_with_txs, data, height),
            "/cosmos.tx.v1beta1.Service/TxDecode" => call!(self.tx, tx_decode, data, height),
            "/cosmos.tx.v1beta1.Service/TxEncode" => call!(self.tx, tx_encode, data, height),
            "/cosmos.base.tendermint.v1beta1.Service/GetNodeInfo" => call!(self.node, get_node_info, data, height),
            "/cosmos.base.tendermint.v1beta1.Service/GetSyncing" => call!(self.node, get_syncing, data, height),
            "/cosmos.base.tendermint.v1beta1.Service/GetLatestBlock" => {
                call!(self.node, get_latest_block, data, height)
            }
            "/cosmos.base.tendermint.v1beta1.Service/GetBlockByHeight" => {
                call!(self.node, get_block_by_height, data, height)
            }
            "/cosmos.base.tendermint.v1beta1.Service/GetLatestValidatorSet" => {
                call!(self.node, get_latest_validator_set, data, height)
            }
            "/cosmos.base.tendermint.v1beta1.Service/GetValidatorSetByHeight" => {
                call!(self.node, get_validator_set_by_height, data, height)
            }
            other => Err(Status::unimplemented(format!("unknown query path {other}"))),
        }
    }

    /// `store/<module>/key`: `data` is the key inside the module's substore.
    async fn store(
        &self,
        rest: &str,
        key: &[u8],
        height: u64,
        prove: bool,
    ) -> Result<(Vec<u8>, Option<ProofOps>, u64), Status> {
        let Some(module) = rest.strip_suffix("/key") else {
            return Err(Status::unimplemented(format!("unsupported store query store/{rest}; use store/<module>/key")));
        };
        if !crate::keys::substore_prefixes().iter().any(|p| p == module) {
            return Err(Status::not_found(format!("no store named {module}")));
        }
        if key.is_empty() {
            return Err(Status::invalid_argument("empty key"));
        }
        let snapshot = self.snapshots.at(height)?;
        if snapshot.version() == PRE_GENESIS {
            return Err(Status::not_found("no committed state yet"));
        }
        let mut full = format!("{module}/").into_bytes();
        full.extend_from_slice(key);
        let version = snapshot.version();
        if !prove {
            let key_str = String::from_utf8(full).map_err(|_| Status::invalid_argument("store keys are UTF-8"))?;
            let value = cnidarium::StateRead::get_raw(&snapshot, &key_str)
                .await
                .map_err(|e| Status::internal(e.to_string()))?;
            return Ok((value.unwrap_or_default(), None, version));
        }
        let (value, proof) = snapshot.get_with_proof(full).await.map_err(|e| Status::internal(e.to_string()))?;
        // Inner proof first (key in the module tree), then the module root in the main tree.
        let names = [key.to_vec(), module.as_bytes().to_vec()];
        let ops = proof
            .proofs
            .iter()
            .zip(names)
            .map(|(p, name)| ProofOp { field_type: "ics23:jmt".into(), key: name, data: p.encode_to_vec() })
            .collect();
        Ok((value.unwrap_or_default(), Some(ProofOps { ops }), version))
    }
}

/// gRPC status → the SDK code a Cosmos node returns for the same failure over ABCI.
fn sdk_code(status: &Status) -> (u32, &'static str) {
    let code = match status.code() {
        tonic::Code::InvalidArgument => Code::InvalidRequest,
        tonic::Code::NotFound => return (22, "key not found"),
        tonic::Code::Unimplemented => Code::UnknownRequest,
        tonic::Code::Unavailable => Code::Io,
        _ => Code::Logic,
    };
    (code as u32, code.description())
}
