//! Talking to a node through CometBFT RPC. Queries use `abci_query` on the gRPC method paths the
//! app serves there (as the Cosmos SDK CLI does), so the CLI needs only the RPC address.

use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use cosmos_sdk_proto::cosmos::auth::v1beta1::{BaseAccount, QueryAccountRequest, QueryAccountResponse};
use cosmos_sdk_proto::cosmos::tx::v1beta1::{SimulateRequest, SimulateResponse};
use prost::Message;
use tendermint_rpc::{Client, HttpClient};

pub struct Node {
    rpc: HttpClient,
}

impl Node {
    pub fn new(url: &str) -> Result<Self> {
        Ok(Self { rpc: HttpClient::new(url).with_context(|| format!("CometBFT RPC address {url}"))? })
    }

    pub fn rpc(&self) -> &HttpClient {
        &self.rpc
    }

    /// Calls a query method by its gRPC path. A non-zero code is an error carrying the node's log.
    pub async fn query<Req: Message, Resp: Message + Default>(
        &self,
        path: &str,
        req: &Req,
        height: u64,
    ) -> Result<Resp> {
        let value = self.query_raw(path, req.encode_to_vec(), height).await?;
        Resp::decode(value.as_slice()).with_context(|| format!("decoding the reply to {path}"))
    }

    /// [`Node::query`] on encoded request bytes, returning the reply's bytes.
    pub async fn query_raw(&self, path: &str, req: Vec<u8>, height: u64) -> Result<Vec<u8>> {
        let height = if height == 0 { None } else { Some(tendermint::block::Height::try_from(height)?) };
        let r = self
            .rpc
            .abci_query(Some(path.to_string()), req, height, false)
            .await
            .with_context(|| format!("querying {path}"))?;
        if r.code.is_err() {
            bail!("{} (code {})", r.log, r.code.value());
        }
        Ok(r.value)
    }

    pub async fn chain_id(&self) -> Result<String> {
        Ok(self.rpc.status().await.context("CometBFT status")?.node_info.network.to_string())
    }

    /// The account, or None if the chain has never seen the address.
    pub async fn account(&self, address: &str) -> Result<Option<BaseAccount>> {
        let req = QueryAccountRequest { address: address.into() };
        match self.query::<_, QueryAccountResponse>("/cosmos.auth.v1beta1.Query/Account", &req, 0).await {
            Ok(resp) => {
                let any = resp.account.ok_or_else(|| anyhow!("empty account reply"))?;
                Ok(Some(BaseAccount::decode(any.value.as_slice())?))
            }
            Err(e) if e.to_string().contains("not found") => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn simulate(&self, tx_bytes: Vec<u8>) -> Result<u64> {
        #[allow(deprecated)]
        let req = SimulateRequest { tx: None, tx_bytes };
        let resp: SimulateResponse =
            self.query("/cosmos.tx.v1beta1.Service/Simulate", &req, 0).await.context("simulating the tx")?;
        Ok(resp.gas_info.map(|g| g.gas_used).unwrap_or_default())
    }

    /// Polls until the tx is in a committed block, or `timeout` passes.
    pub async fn wait_for_tx(
        &self,
        hash: tendermint::Hash,
        timeout: Duration,
    ) -> Result<tendermint_rpc::endpoint::tx::Response> {
        let start = Instant::now();
        loop {
            if let Ok(r) = self.rpc.tx(hash, false).await {
                return Ok(r);
            }
            if start.elapsed() > timeout {
                bail!("tx {hash} was not included in a block within {}s", timeout.as_secs());
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }
}
