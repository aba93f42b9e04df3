//! `cosmos.base.tendermint.v1beta1.Service`: node, block and validator-set information, read from
//! the CometBFT node this app runs behind (its RPC), as a Cosmos SDK node does.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageResponse;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::service_server::Service;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::*;
use cosmos_sdk_proto::Any;
use prost::Message;
use tendermint_proto::p2p::{DefaultNodeInfo, DefaultNodeInfoOther, ProtocolVersion};
use tendermint_rpc::{Client, HttpClient, Paging};
use tonic::{Request, Response, Status};

/// Versions reported by GetNodeInfo: the crates that define this node's behaviour.
///
/// The first three are not Go modules this binary links but the APIs it implements, under the Go
/// module paths relayers look for, with `+symbiote` build metadata saying so: Hermes' health check
/// wants a CometBFT, a Cosmos SDK in [0.45, 0.51) and an ibc-go in [4.1.1, 9) to know which queries
/// and encodings to expect (SDK v0.50's, ibc-go v8's, CometBFT v0.38's).
pub const BUILD_DEPS: &[(&str, &str)] = &[
    ("github.com/cometbft/cometbft", "v0.38.0+symbiote"),
    ("github.com/cosmos/cosmos-sdk", "v0.50.0+symbiote"),
    ("github.com/cosmos/ibc-go/v8", "v8.0.0+symbiote"),
    ("tendermint", "0.40.4"),
    ("tower-abci", "0.19.1"),
    ("cnidarium", "0.84.0"),
    ("cosmos-sdk-proto", "0.26.1"),
    ("ibc", "0.57.0"),
];

#[derive(Clone)]
pub struct NodeService {
    rpc: Option<HttpClient>,
}

impl NodeService {
    pub fn new(rpc: Option<HttpClient>) -> Self {
        Self { rpc }
    }

    fn rpc(&self) -> Result<&HttpClient, Status> {
        self.rpc.as_ref().ok_or_else(|| Status::unavailable("this node runs without a CometBFT RPC endpoint"))
    }
}

/// CometBFT RPC failures as clients see them: the error's own message only. (Its `Display` adds a
/// trace with source locations, and a backtrace when RUST_BACKTRACE is set.)
pub fn rpc_error(e: tendermint_rpc::Error) -> Status {
    tracing::debug!(error = %e, "CometBFT RPC error");
    Status::unavailable(format!("CometBFT RPC: {}", e.detail()))
}

pub fn version_info() -> VersionInfo {
    VersionInfo {
        name: "symbiote".into(),
        app_name: "symbiote".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        git_commit: option_env!("SYMBIOTE_GIT_COMMIT").unwrap_or_default().into(),
        build_tags: String::new(),
        go_version: format!("rust (no Go); CometBFT {}", option_env!("SYMBIOTE_COMETBFT_VERSION").unwrap_or("v0.38")),
        build_deps: BUILD_DEPS
            .iter()
            .map(|(p, v)| Module { path: (*p).into(), version: (*v).into(), sum: String::new() })
            .collect(),
        cosmos_sdk_version: String::new(),
    }
}

fn validators_proto(list: Vec<tendermint::validator::Info>) -> Vec<Validator> {
    list.into_iter()
        .map(|v| {
            let (type_url, key) = match v.pub_key {
                tendermint::PublicKey::Ed25519(k) => ("/cosmos.crypto.ed25519.PubKey", k.as_bytes().to_vec()),
                other => ("/cosmos.crypto.secp256k1.PubKey", other.to_bytes()),
            };
            // Both key types encode as `{ bytes key = 1; }`.
            let value = cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey { key }.encode_to_vec();
            Validator {
                address: v.address.to_string(),
                pub_key: Some(Any { type_url: type_url.into(), value }),
                voting_power: v.power.value() as i64,
                proposer_priority: v.proposer_priority.value(),
            }
        })
        .collect()
}

#[tonic::async_trait]
impl Service for NodeService {
    async fn get_node_info(&self, _r: Request<GetNodeInfoRequest>) -> Result<Response<GetNodeInfoResponse>, Status> {
        let status = self.rpc()?.status().await.map_err(rpc_error)?;
        let n = status.node_info;
        let default_node_info = DefaultNodeInfo {
            protocol_version: Some(ProtocolVersion {
                p2p: n.protocol_version.p2p,
                block: n.protocol_version.block,
                app: n.protocol_version.app,
            }),
            default_node_id: n.id.to_string(),
            listen_addr: n.listen_addr.as_str().to_string(),
            network: n.network.to_string(),
            version: n.version.to_string(),
            channels: n.channels.to_string().into_bytes(),
            moniker: n.moniker.to_string(),
            other: Some(DefaultNodeInfoOther {
                tx_index: if matches!(n.other.tx_index, tendermint::node::info::TxIndexStatus::On) {
                    "on"
                } else {
                    "off"
                }
                .into(),
                rpc_address: n.other.rpc_address,
            }),
        };
        Ok(Response::new(GetNodeInfoResponse {
            default_node_info: Some(default_node_info),
            application_version: Some(version_info()),
        }))
    }

    async fn get_syncing(&self, _r: Request<GetSyncingRequest>) -> Result<Response<GetSyncingResponse>, Status> {
        let status = self.rpc()?.status().await.map_err(rpc_error)?;
        Ok(Response::new(GetSyncingResponse { syncing: status.sync_info.catching_up }))
    }

    async fn get_latest_block(
        &self,
        _r: Request<GetLatestBlockRequest>,
    ) -> Result<Response<GetLatestBlockResponse>, Status> {
        let b = self.rpc()?.latest_block().await.map_err(rpc_error)?;
        Ok(Response::new(GetLatestBlockResponse {
            block_id: Some(b.block_id.into()),
            block: Some(b.block.into()),
            sdk_block: None,
        }))
    }

    async fn get_block_by_height(
        &self,
        r: Request<GetBlockByHeightRequest>,
    ) -> Result<Response<GetBlockByHeightResponse>, Status> {
        let height = tendermint::block::Height::try_from(r.get_ref().height)
            .map_err(|e| Status::invalid_argument(e.detail().to_string()))?;
        let b = self.rpc()?.block(height).await.map_err(rpc_error)?;
        Ok(Response::new(GetBlockByHeightResponse {
            block_id: Some(b.block_id.into()),
            block: Some(b.block.into()),
            sdk_block: None,
        }))
    }

    async fn get_latest_validator_set(
        &self,
        _r: Request<GetLatestValidatorSetRequest>,
    ) -> Result<Response<GetLatestValidatorSetResponse>, Status> {
        let rpc = self.rpc()?;
        let height = rpc.status().await.map_err(rpc_error)?.sync_info.latest_block_height;
        let v = rpc.validators(height, Paging::All).await.map_err(rpc_error)?;
        let total = v.total as u64;
        Ok(Response::new(GetLatestValidatorSetResponse {
            block_height: v.block_height.value() as i64,
            validators: validators_proto(v.validators),
            pagination: Some(PageResponse { next_key: vec![], total }),
        }))
    }

    async fn get_validator_set_by_height(
        &self,
        r: Request<GetValidatorSetByHeightRequest>,
    ) -> Result<Response<GetValidatorSetByHeightResponse>, Status> {
        let height = tendermint::block::Height::try_from(r.get_ref().height)
            .map_err(|e| Status::invalid_argument(e.detail().to_string()))?;
        let v = self.rpc()?.validators(height, Paging::All).await.map_err(rpc_error)?;
        let total = v.total as u64;
        Ok(Response::new(GetValidatorSetByHeightResponse {
            block_height: v.block_height.value() as i64,
            validators: validators_proto(v.validators),
            pagination: Some(PageResponse { next_key: vec![], total }),
        }))
    }

    async fn abci_query(&self, r: Request<AbciQueryRequest>) -> Result<Response<AbciQueryResponse>, Status> {
        let req = r.into_inner();
        let height = if req.height > 0 {
            Some(
                tendermint::block::Height::try_from(req.height)
                    .map_err(|e| Status::invalid_argument(e.detail().to_string()))?,
            )
        } else {
            None
        };
        let q = self.rpc()?.abci_query(Some(req.path), req.data, height, req.prove).await.map_err(rpc_error)?;
        Ok(Response::new(AbciQueryResponse {
            code: q.code.value(),
            log: q.log,
            info: q.info,
            index: q.index,
            key: q.key,
            value: q.value,
            proof_ops: q.proof.map(|p| ProofOps {
                ops: p.ops.into_iter().map(|o| ProofOp { r#type: o.field_type, key: o.key, data: o.data }).collect(),
            }),
            height: q.height.value() as i64,
            codespace: q.codespace,
        }))
    }
}
