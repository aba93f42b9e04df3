//! `cosmos.tx.v1beta1.Service`: Simulate runs the tx against the latest state without signature
//! checks and reports the gas it used; BroadcastTx, GetTx and GetTxsEvent go through CometBFT.

use cnidarium::StateDelta;
use cosmos_sdk_proto::cosmos::base::abci::v1beta1::{GasInfo, Result as AbciResult, TxResponse};
use cosmos_sdk_proto::cosmos::tx::v1beta1::service_server::Service;
use cosmos_sdk_proto::cosmos::tx::v1beta1::*;
use cosmos_sdk_proto::Any;
use prost::Message;
use symbiote_core::query::Snapshots;
use tendermint_rpc::query::Query;
use tendermint_rpc::{Client, HttpClient, Order};
use tonic::{Request, Response, Status};

use crate::env::{Mode, TxEnv};
use crate::exec::execute_tx;
use crate::grpc::node::rpc_error;
use crate::module_set::ModuleSet;

pub struct TxService<M> {
    snapshots: Snapshots,
    rpc: Option<HttpClient>,
    modules: std::marker::PhantomData<M>,
}

impl<M> Clone for TxService<M> {
    fn clone(&self) -> Self {
        Self { snapshots: self.snapshots.clone(), rpc: self.rpc.clone(), modules: std::marker::PhantomData }
    }
}

impl<M> TxService<M> {
    pub fn new(snapshots: Snapshots, rpc: Option<HttpClient>) -> Self {
        Self { snapshots, rpc, modules: std::marker::PhantomData }
    }

    fn rpc(&self) -> Result<&HttpClient, Status> {
        self.rpc.as_ref().ok_or_else(|| Status::unavailable("this node runs without a CometBFT RPC endpoint"))
    }
}

/// `TxRaw` bytes → `Tx` (the decoded form clients display).
pub fn raw_to_tx(bytes: &[u8]) -> Result<Tx, Status> {
    let raw = TxRaw::decode(bytes).map_err(|e| Status::invalid_argument(format!("tx parse error: {e}")))?;
    Ok(Tx {
        body: Some(
            TxBody::decode(raw.body_bytes.as_slice())
                .map_err(|e| Status::invalid_argument(format!("tx parse error: {e}")))?,
        ),
        auth_info: Some(
            AuthInfo::decode(raw.auth_info_bytes.as_slice())
                .map_err(|e| Status::invalid_argument(format!("tx parse error: {e}")))?,
        ),
        signatures: raw.signatures,
    })
}

fn tx_to_raw(tx: &Tx) -> Vec<u8> {
    TxRaw {
        body_bytes: tx.body.as_ref().map(Message::encode_to_vec).unwrap_or_default(),
        auth_info_bytes: tx.auth_info.as_ref().map(Message::encode_to_vec).unwrap_or_default(),
        signatures: tx.signatures.clone(),
    }
    .encode_to_vec()
}

fn events_proto(events: Vec<tendermint::abci::Event>) -> Vec<tendermint_proto::abci::Event> {
    events.into_iter().map(Into::into).collect()
}

/// A committed tx as CometBFT reports it → the SDK's `TxResponse`.
fn tx_response(r: tendermint_rpc::endpoint::tx::Response, timestamp: String) -> Result<(Tx, TxResponse), Status> {
    let tx = raw_to_tx(&r.tx)?;
    let res = r.tx_result;
    let response = TxResponse {
        height: r.height.value() as i64,
        txhash: r.hash.to_string(),
        codespace: res.codespace,
        code: res.code.value(),
        data: hex::encode_upper(&res.data),
        raw_log: res.log,
        logs: vec![],
        info: res.info,
        gas_wanted: res.gas_wanted,
        gas_used: res.gas_used,
        tx: Some(Any { type_url: "/cosmos.tx.v1beta1.Tx".into(), value: tx.encode_to_vec() }),
        timestamp,
        events: events_proto(res.events),
    };
    Ok((tx, response))
}

impl<M> TxService<M> {
    async fn block_time(&self, height: tendermint::block::Height) -> String {
        match self.rpc().ok() {
            Some(rpc) => rpc.header(height).await.map(|h| h.header.time.to_rfc3339()).unwrap_or_default(),
            None => String::new(),
        }
    }
}

#[tonic::async_trait]
impl<M: ModuleSet> Service for TxService<M> {
    async fn simulate(&self, request: Request<SimulateRequest>) -> Result<Response<SimulateResponse>, Status> {
        let req = request.into_inner();
        #[allow(deprecated)]
        let bytes = if !req.tx_bytes.is_empty() {
            req.tx_bytes
        } else {
            req.tx.as_ref().map(tx_to_raw).ok_or_else(|| Status::invalid_argument("empty txBytes is not allowed"))?
        };
        let snapshot = self.snapshots.latest();
        if snapshot.is_pre_genesis() {
            return Err(Status::unavailable("the chain has not started yet"));
        }
        // As if in the next block, at the latest block's time (the next block's is not known yet).
        let height = snapshot.height() + 1;
        let time = crate::keys::read_last_block_time(&snapshot).await.map_err(|e| Status::internal(e.log))?;
        let env = TxEnv::load::<M, _>(&snapshot, height, time).await.map_err(|e| Status::internal(e.log))?;
        let mut state = StateDelta::new(snapshot);
        let outcome = execute_tx::<_, M::Msg>(&mut state, &env, &bytes, Mode::Simulate)
            .await
            .map_err(|e| Status::internal(e.log))?;
        if !outcome.is_ok() {
            return Err(Status::invalid_argument(outcome.log));
        }
        let msg_responses = cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData::decode(outcome.data.as_slice())
            .map(|d| d.msg_responses)
            .unwrap_or_default();
        #[allow(deprecated)]
        let result =
            AbciResult { data: vec![], log: String::new(), events: events_proto(outcome.events), msg_responses };
        Ok(Response::new(SimulateResponse {
            gas_info: Some(GasInfo { gas_wanted: outcome.gas_wanted, gas_used: outcome.gas_used }),
            result: Some(result),
        }))
    }

    async fn get_tx(&self, request: Request<GetTxRequest>) -> Result<Response<GetTxResponse>, Status> {
        let hash: tendermint::Hash = request
            .get_ref()
            .hash
            .parse()
            .map_err(|_| Status::invalid_argument(format!("invalid tx hash {:?}", request.get_ref().hash)))?;
        let r = self
            .rpc()?
            .tx(hash, false)
            .await
            .map_err(|e| Status::not_found(format!("tx not found: {hash}: {}", e.detail())))?;
        let time = self.block_time(r.height).await;
        let (tx, tx_response) = tx_response(r, time)?;
        Ok(Response::new(GetTxResponse { tx: Some(tx), tx_response: Some(tx_response) }))
    }

    async fn broadcast_tx(
        &self,
        request: Request<BroadcastTxRequest>,
    ) -> Result<Response<BroadcastTxResponse>, Status> {
        let req = request.into_inner();
        let rpc = self.rpc()?;
        let mode = BroadcastMode::try_from(req.mode).unwrap_or(BroadcastMode::Unspecified);
        let (code, codespace, log, hash) = match mode {
            BroadcastMode::Sync => {
                let r = rpc.broadcast_tx_sync(req.tx_bytes).await.map_err(rpc_error)?;
                (r.code.value(), r.codespace, r.log, r.hash)
            }
            BroadcastMode::Async => {
                let r = rpc.broadcast_tx_async(req.tx_bytes).await.map_err(rpc_error)?;
                (r.code.value(), r.codespace, r.log, r.hash)
            }
            other => {
                return Err(Status::invalid_argument(format!(
                    "unsupported broadcast mode {other:?}; use BROADCAST_MODE_SYNC or BROADCAST_MODE_ASYNC"
                )))
            }
        };
        Ok(Response::new(BroadcastTxResponse {
            tx_response: Some(TxResponse {
                txhash: hash.to_string(),
                code,
                codespace,
                raw_log: log,
                ..Default::default()
            }),
        }))
    }

    async fn get_txs_event(
        &self,
        request: Request<GetTxsEventRequest>,
    ) -> Result<Response<GetTxsEventResponse>, Status> {
        let req = request.into_inner();
        #[allow(deprecated)]
        let query_text = if !req.query.is_empty() { req.query.clone() } else { req.events.join(" AND ") };
        if query_text.is_empty() {
            return Err(Status::invalid_argument("query cannot be empty"));
        }
        let query: Query = query_text
            .parse()
            .map_err(|e: tendermint_rpc::Error| Status::invalid_argument(format!("invalid query: {}", e.detail())))?;
        let page = u32::try_from(req.page.max(1)).unwrap_or(1);
        let limit = u8::try_from(if req.limit == 0 { 100 } else { req.limit.min(100) }).unwrap_or(100);
        let order = if req.order_by == OrderBy::Desc as i32 { Order::Descending } else { Order::Ascending };
        let found = self.rpc()?.tx_search(query, false, page, limit, order).await.map_err(rpc_error)?;
        let (mut txs, mut tx_responses) = (vec![], vec![]);
        for r in found.txs {
            let time = self.block_time(r.height).await;
            let (tx, resp) = tx_response(r, time)?;
            txs.push(tx);
            tx_responses.push(resp);
        }
        #[allow(deprecated)]
        Ok(Response::new(GetTxsEventResponse { txs, tx_responses, pagination: None, total: found.total_count as u64 }))
    }

    async fn get_block_with_txs(
        &self,
        request: Request<GetBlockWithTxsRequest>,
    ) -> Result<Response<GetBlockWithTxsResponse>, Status> {
        let height = tendermint::block::Height::try_from(request.get_ref().height)
            .map_err(|e| Status::invalid_argument(e.detail().to_string()))?;
        let b = self.rpc()?.block(height).await.map_err(rpc_error)?;
        let txs = b.block.data.iter().map(|raw| raw_to_tx(raw)).collect::<Result<Vec<_>, _>>()?;
        Ok(Response::new(GetBlockWithTxsResponse {
            txs,
            block_id: Some(b.block_id.into()),
            block: Some(b.block.into()),
            pagination: None,
        }))
    }

    async fn tx_decode(&self, request: Request<TxDecodeRequest>) -> Result<Response<TxDecodeResponse>, Status> {
        Ok(Response::new(TxDecodeResponse { tx: Some(raw_to_tx(&request.get_ref().tx_bytes)?) }))
    }

    async fn tx_encode(&self, request: Request<TxEncodeRequest>) -> Result<Response<TxEncodeResponse>, Status> {
        let tx = request.get_ref().tx.as_ref().ok_or_else(|| Status::invalid_argument("invalid empty tx"))?;
        Ok(Response::new(TxEncodeResponse { tx_bytes: tx_to_raw(tx) }))
    }

    async fn tx_encode_amino(
        &self,
        _r: Request<TxEncodeAminoRequest>,
    ) -> Result<Response<TxEncodeAminoResponse>, Status> {
        Err(Status::unimplemented("amino JSON encoding is not supported: symbiote accepts SIGN_MODE_DIRECT only"))
    }

    async fn tx_decode_amino(
        &self,
        _r: Request<TxDecodeAminoRequest>,
    ) -> Result<Response<TxDecodeAminoResponse>, Status> {
        Err(Status::unimplemented("amino JSON decoding is not supported: symbiote accepts SIGN_MODE_DIRECT only"))
    }
}
