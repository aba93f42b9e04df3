//! The four ABCI connections CometBFT opens, as tower services for tower-abci's v0.38 server.
//! Consensus calls run one at a time under the app lock; CheckTx runs under the mempool lock;
//! Info/Query read committed snapshots and never wait for block execution.
//!
//! A consensus call that fails has hit an internal error (a store failure, a broken invariant):
//! the service reports it on the halt channel and returns the error, which closes the consensus
//! connection. Nothing is committed; the node stops (`server::run` exits, and CometBFT stops when
//! it loses the connection), and a restart replays the block from the last committed state.

use std::sync::Arc;

use bytes::Bytes;
use futures::future::BoxFuture;
use futures::FutureExt;
use tendermint::abci::response;
use tendermint::v0_38::abci::{
    ConsensusRequest, ConsensusResponse, InfoRequest, InfoResponse, MempoolRequest, MempoolResponse, SnapshotRequest,
    SnapshotResponse,
};
use tokio::sync::Mutex;
use tower::BoxError;

use crate::app::App;
use crate::module_set::ModuleSet;
use crate::query::QueryRouter;

/// Where the consensus service reports the internal error it stopped on.
pub type HaltSender = tokio::sync::mpsc::UnboundedSender<String>;

type Svc<Req, Resp> = tower::util::BoxCloneService<Req, Resp, BoxError>;

pub struct Services {
    pub consensus: Svc<ConsensusRequest, ConsensusResponse>,
    pub mempool: Svc<MempoolRequest, MempoolResponse>,
    pub info: Svc<InfoRequest, InfoResponse>,
    pub snapshot: Svc<SnapshotRequest, SnapshotResponse>,
}

async fn consensus_call<M: ModuleSet>(app: &mut App<M>, req: ConsensusRequest) -> anyhow::Result<ConsensusResponse> {
    Ok(match req {
        ConsensusRequest::InitChain(r) => ConsensusResponse::InitChain(app.init_chain(r).await?),
        ConsensusRequest::PrepareProposal(r) => ConsensusResponse::PrepareProposal(app.prepare_proposal(r).await?),
        ConsensusRequest::ProcessProposal(r) => ConsensusResponse::ProcessProposal(app.process_proposal(r).await?),
        ConsensusRequest::FinalizeBlock(r) => ConsensusResponse::FinalizeBlock(app.finalize_block(r).await?),
        ConsensusRequest::Commit => ConsensusResponse::Commit(app.commit().await?),
        // Vote extensions are unused for now: empty, and every one is accepted.
        ConsensusRequest::ExtendVote(_) => {
            ConsensusResponse::ExtendVote(response::ExtendVote { vote_extension: Bytes::new() })
        }
        ConsensusRequest::VerifyVoteExtension(_) => {
            ConsensusResponse::VerifyVoteExtension(response::VerifyVoteExtension::Accept)
        }
    })
}

fn service<Req, Resp, F>(f: F) -> Svc<Req, Resp>
where
    Req: Send + 'static,
    Resp: 'static,
    F: Fn(Req) -> BoxFuture<'static, Result<Resp, BoxError>> + Clone + Send + 'static,
{
    tower::util::BoxCloneService::new(tower::service_fn(f))
}

pub fn services<M: ModuleSet>(app: App<M>, router: QueryRouter, halt: HaltSender) -> Services {
    let snapshots = app.snapshots().clone();
    let files = app.snapshot_files();
    let mempool = app.mempool();
    let app = Arc::new(Mutex::new(app));
    let restoring = app.clone();

    let consensus = service(move |req: ConsensusRequest| {
        let app = app.clone();
        let halt = halt.clone();
        async move {
            let mut app = app.lock().await;
            let resp = consensus_call(&mut app, req).await;
            if let Err(e) = &resp {
                let reason = format!("{e:#}");
                tracing::error!(error = %reason, "internal error in a consensus call: halting without committing");
                let _ = halt.send(reason);
            }
            Ok(resp?)
        }
        .boxed()
    });

    let mempool = service(move |req: MempoolRequest| {
        let mempool = mempool.clone();
        async move {
            let MempoolRequest::CheckTx(req) = req;
            let outcome = mempool.lock().await.check_tx(&req.tx).await;
            Ok(MempoolResponse::CheckTx(response::CheckTx {
                code: outcome.code.into(),
                data: outcome.data.into(),
                log: outcome.log,
                gas_wanted: outcome.gas_wanted.min(i64::MAX as u64) as i64,
                gas_used: outcome.gas_used.min(i64::MAX as u64) as i64,
                events: outcome.events,
                codespace: outcome.codespace,
                ..Default::default()
            }))
        }
        .boxed()
    });

    let info = service(move |req: InfoRequest| {
        let snapshots = snapshots.clone();
        let router = router.clone();
        async move {
            Ok(match req {
                InfoRequest::Info(_) => InfoResponse::Info(crate::app::info(&snapshots).await?),
                InfoRequest::Query(q) => InfoResponse::Query(router.abci_query(q).await),
                InfoRequest::Echo(e) => InfoResponse::Echo(response::Echo { message: e.message }),
            })
        }
        .boxed()
    });

    // State sync: this node's snapshots are served from disk without the app lock; a snapshot
    // being restored goes through the app (CometBFT makes no consensus calls meanwhile).
    let snapshot = service(move |req: SnapshotRequest| {
        let (files, app) = (files.clone(), restoring.clone());
        async move {
            Ok(match req {
                SnapshotRequest::ListSnapshots => SnapshotResponse::ListSnapshots(response::ListSnapshots {
                    snapshots: match files.as_ref().map(|f| f.list()).transpose() {
                        Ok(list) => list.unwrap_or_default(),
                        Err(e) => {
                            tracing::error!(error = %e, "cannot list snapshots");
                            vec![]
                        }
                    },
                }),
                SnapshotRequest::LoadSnapshotChunk(r) => {
                    SnapshotResponse::LoadSnapshotChunk(response::LoadSnapshotChunk {
                        chunk: files
                            .as_ref()
                            .map(|f| f.load_chunk(r.height.value(), r.format, r.chunk))
                            .unwrap_or_default()
                            .into(),
                    })
                }
                SnapshotRequest::OfferSnapshot(r) => {
                    SnapshotResponse::OfferSnapshot(app.lock().await.offer_snapshot(r))
                }
                SnapshotRequest::ApplySnapshotChunk(r) => {
                    SnapshotResponse::ApplySnapshotChunk(app.lock().await.apply_snapshot_chunk(r).await?)
                }
            })
        }
        .boxed()
    });

    Services { consensus, mempool, info, snapshot }
}
