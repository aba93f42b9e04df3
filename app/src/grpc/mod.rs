//! The gRPC server (default 127.0.0.1:9090): every module's query services, the tx service, the
//! node services (CometBFT's view, and the node's config and status), built once into tonic routes that ABCI Query calls too, and server reflection.

pub mod config;
pub mod node;
pub mod tx;

use std::net::SocketAddr;

use cosmos_sdk_proto::cosmos::base::node::v1beta1::service_server::ServiceServer as ConfigServer;
use cosmos_sdk_proto::cosmos::base::tendermint::v1beta1::service_server::ServiceServer as NodeServer;
use cosmos_sdk_proto::cosmos::tx::v1beta1::service_server::ServiceServer as TxServer;
use symbiote_core::query::Snapshots;
use symbiote_core::{GrpcService, ServiceContext};
use tendermint_rpc::HttpClient;
use tonic::service::{Routes, RoutesBuilder};

use crate::module_set::ModuleSet;
use crate::query::QueryRouter;

/// Everything that answers queries, built once and shared by gRPC and ABCI Query.
#[derive(Clone)]
pub struct QueryServices {
    snapshots: Snapshots,
    routes: Routes,
    stores: Vec<String>,
    /// The gRPC services served, by full name (what reflection lists).
    pub service_names: Vec<&'static str>,
}

impl QueryServices {
    pub fn new<M: ModuleSet>(snapshots: Snapshots, rpc: Option<HttpClient>) -> Self {
        let ctx = ServiceContext { snapshots: snapshots.clone(), accounts: M::accounts() };
        let mut services = M::services(&ctx);
        services.push(GrpcService::new(TxServer::new(tx::TxService::<M>::new(snapshots.clone(), rpc.clone()))));
        services.push(GrpcService::new(NodeServer::new(node::NodeService::new(rpc))));
        services.push(GrpcService::new(ConfigServer::new(config::ConfigService::new(snapshots.clone()))));
        let service_names: Vec<&'static str> = services.iter().map(|s| s.name).collect();
        let mut sorted = service_names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), service_names.len(), "a gRPC service is registered twice: {service_names:?}");
        let mut builder = RoutesBuilder::default();
        for service in services {
            service.mount(&mut builder);
        }
        Self {
            snapshots,
            routes: builder.routes().prepare(),
            stores: crate::keys::substore_prefixes::<M>(),
            service_names,
        }
    }

    pub fn router(&self) -> QueryRouter {
        QueryRouter::new(self.snapshots.clone(), self.routes.clone(), self.stores.clone())
    }

    pub async fn serve(self, addr: SocketAddr, shutdown: impl std::future::Future<Output = ()>) -> anyhow::Result<()> {
        tracing::info!(%addr, "gRPC server listening");
        // Server reflection (grpcurl list/describe) over the schema in proto/, listing the
        // services served here.
        let mut v1 = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(symbiote_proto::FILE_DESCRIPTOR_SET.as_slice());
        let mut v1alpha = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(symbiote_proto::FILE_DESCRIPTOR_SET.as_slice());
        for name in &self.service_names {
            v1 = v1.with_service_name(*name);
            v1alpha = v1alpha.with_service_name(*name);
        }
        tonic::transport::Server::builder()
            .add_routes(self.routes)
            .add_service(v1.build_v1()?)
            .add_service(v1alpha.build_v1alpha()?)
            .serve_with_shutdown(addr, shutdown)
            .await?;
        Ok(())
    }
}
