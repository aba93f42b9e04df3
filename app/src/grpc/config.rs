//! `cosmos.base.node.v1beta1.Service`: the node's configuration and status as relayers ask for
//! them (Hermes' health check reads `Config.minimum_gas_price`).
//!
//! symbiote's minimum gas price is a chain param (auth's `min_gas_price`, enforced in FinalizeBlock
//! too), so `Config` reports it from state; the pruning fields and halt height are node settings
//! this service is not handed, and stay empty and 0. `Status` reports the last committed block
//! (height, time, app hash) and the earliest height the store serves.

use cosmos_sdk_proto::cosmos::base::node::v1beta1::service_server::Service;
use cosmos_sdk_proto::cosmos::base::node::v1beta1::{ConfigRequest, ConfigResponse, StatusRequest, StatusResponse};
use symbiote_auth::state::AuthRead;
use symbiote_core::query::{reply, status, Snapshots};
use tonic::{Request, Response, Status};

#[derive(Clone)]
pub struct ConfigService {
    snapshots: Snapshots,
}

impl ConfigService {
    pub fn new(snapshots: Snapshots) -> Self {
        Self { snapshots }
    }
}

#[tonic::async_trait]
impl Service for ConfigService {
    async fn config(&self, request: Request<ConfigRequest>) -> Result<Response<ConfigResponse>, Status> {
        let state = self.snapshots.for_request(&request)?;
        let params = state.auth_params().await.map_err(status)?;
        let price = params.min_gas_price_dec().map_err(status)?;
        let response = ConfigResponse {
            minimum_gas_price: format!("{price}{}", symbiote_core::BASE_DENOM),
            pruning_keep_recent: String::new(),
            pruning_interval: String::new(),
            halt_height: 0,
        };
        Ok(reply(&state, response))
    }

    async fn status(&self, request: Request<StatusRequest>) -> Result<Response<StatusResponse>, Status> {
        let state = self.snapshots.for_request(&request)?;
        let time = symbiote_core::chain::last_block_time(&state).await.map_err(status)?;
        let app_hash = state.root_hash().await.map_err(|e| Status::internal(e.to_string()))?;
        let response = StatusResponse {
            earliest_store_height: self.snapshots.base().max(1),
            height: state.height(),
            timestamp: Some(time.into()),
            app_hash: app_hash.0.to_vec(),
            validator_hash: Vec::new(),
        };
        Ok(reply(&state, response))
    }
}
