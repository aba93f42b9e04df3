//! The gRPC server (default 127.0.0.1:9090): Cosmos SDK query services, the tx service and the node
//! service (the same implementations ABCI Query routes to), and server reflection.

pub mod node;
pub mod tx;

use std::net::SocketAddr;

use cosmos_sdk_proto::cosmos::auth::v1beta1::query_server::QueryServer as AuthServer;
use cosmos_sdk_proto::cosmos::bank::v1beta1::query_server::QueryServer as BankServer;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::service_server::ServiceServer as NodeServer;
use cosmos_sdk_proto::cosmos::tx::v1beta1::service_server::ServiceServer as TxServer;
use symbiote_auth::query::AuthQuery;
use symbiote_bank::query::BankQuery;
use symbiote_core::query::Snapshots;
use tendermint_rpc::HttpClient;

use crate::query::QueryRouter;

/// Everything that answers queries, built once and shared by gRPC and ABCI Query.
#[derive(Clone)]
pub struct QueryServices {
    pub snapshots: Snapshots,
    pub tx: tx::TxService,
    pub node: node::NodeService,
}

impl QueryServices {
    pub fn new(snapshots: Snapshots, rpc: Option<HttpClient>) -> Self {
        Self { tx: tx::TxService::new(snapshots.clone(), rpc.clone()), node: node::NodeService::new(rpc), snapshots }
    }

    pub fn router(&self) -> QueryRouter {
        QueryRouter::new(self.snapshots.clone(), self.tx.clone(), self.node.clone())
    }

    pub async fn serve(self, addr: SocketAddr, shutdown: impl std::future::Future<Output = ()>) -> anyhow::Result<()> {
        tracing::info!(%addr, "gRPC server listening");
        // Server reflection (grpcurl list/describe) from the restated Cosmos schema in proto/.
        let reflection = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(symbiote_proto::FILE_DESCRIPTOR_SET)
            .build_v1()?;
        let reflection_alpha = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(symbiote_proto::FILE_DESCRIPTOR_SET)
            .build_v1alpha()?;
        tonic::transport::Server::builder()
            .add_service(reflection)
            .add_service(reflection_alpha)
            .add_service(AuthServer::new(AuthQuery::new(self.snapshots.clone())))
            .add_service(BankServer::new(BankQuery::new(self.snapshots.clone())))
            .add_service(TxServer::new(self.tx))
            .add_service(NodeServer::new(self.node))
            .serve_with_shutdown(addr, shutdown)
            .await?;
        Ok(())
    }
}
