//! `symbiote query bank balances ADDR`, `query auth account ADDR`, `query staking ...`
//! (`staking.rs`), `query tx HASH`, and `status`.

use anyhow::{anyhow, Result};
use cosmos_sdk_proto::cosmos::auth::v1beta1::BaseAccount;
use cosmos_sdk_proto::cosmos::bank::v1beta1::{QueryAllBalancesRequest, QueryAllBalancesResponse};
use prost::Message;
use serde_json::{json, Value};
use symbiote_auth::secp256k1_key_from_any;
use tendermint_rpc::Client;

use super::NodeArg;
use crate::client::Node;

#[derive(clap::Args, Debug)]
pub struct QueryArgs {
    #[command(subcommand)]
    pub cmd: QueryCmd,
    #[command(flatten)]
    pub node: NodeArg,
    /// Read state at this height (0 = latest).
    #[arg(long, default_value_t = 0, global = true)]
    pub height: u64,
}

#[derive(clap::Subcommand, Debug)]
pub enum QueryCmd {
    #[command(subcommand)]
    Bank(BankQuery),
    #[command(subcommand)]
    Auth(AuthQuery),
    #[command(subcommand)]
    Staking(super::staking::StakingQuery),
    /// A committed tx by hash.
    Tx { hash: String },
}

#[derive(clap::Subcommand, Debug)]
pub enum BankQuery {
    Balances { address: String },
}

#[derive(clap::Subcommand, Debug)]
pub enum AuthQuery {
    Account { address: String },
}

pub async fn run(args: &QueryArgs) -> Result<(Value, String)> {
    let node = Node::new(&args.node.node)?;
    match &args.cmd {
        QueryCmd::Bank(BankQuery::Balances { address }) => {
            let req = QueryAllBalancesRequest { address: address.clone(), pagination: None, resolve_denom: false };
            let resp: QueryAllBalancesResponse =
                node.query("/cosmos.bank.v1beta1.Query/AllBalances", &req, args.height).await?;
            let list: Vec<Value> =
                resp.balances.iter().map(|c| json!({ "denom": c.denom, "amount": c.amount })).collect();
            let text = if list.is_empty() {
                "no balances".to_string()
            } else {
                resp.balances.iter().map(|c| format!("{}{}", c.amount, c.denom)).collect::<Vec<_>>().join("\n")
            };
            Ok((json!({ "balances": list }), text))
        }
        QueryCmd::Auth(AuthQuery::Account { address }) => {
            let account: BaseAccount =
                node.account(address).await?.ok_or_else(|| anyhow!("account {address} not found"))?;
            let pubkey = account.pub_key.as_ref().and_then(|k| secp256k1_key_from_any(k).ok()).map(hex::encode);
            let v = json!({
                "address": account.address,
                "account_number": account.account_number.to_string(),
                "sequence": account.sequence.to_string(),
                "pub_key": pubkey,
            });
            let text = format!(
                "address: {}\naccount_number: {}\nsequence: {}\npub_key: {}",
                account.address,
                account.account_number,
                account.sequence,
                pubkey.as_deref().unwrap_or("(not set)")
            );
            Ok((v, text))
        }
        QueryCmd::Staking(q) => super::staking::query(&node, q, args.height).await,
        QueryCmd::Tx { hash } => {
            let h: tendermint::Hash = hash.parse().map_err(|_| anyhow!("invalid tx hash {hash}"))?;
            let r = node.rpc().tx(h, false).await.map_err(|e| anyhow!("tx {hash} not found: {e}"))?;
            let tx = symbiote_app::grpc::tx::raw_to_tx(&r.tx).map_err(|s| anyhow!(s.message().to_string()))?;
            let msgs: Vec<String> =
                tx.body.as_ref().map(|b| b.messages.iter().map(|m| m.type_url.clone()).collect()).unwrap_or_default();
            let res = &r.tx_result;
            let v = json!({
                "txhash": r.hash.to_string(),
                "height": r.height.value(),
                "code": res.code.value(),
                "codespace": res.codespace,
                "raw_log": res.log,
                "gas_wanted": res.gas_wanted,
                "gas_used": res.gas_used,
                "messages": msgs,
                "memo": tx.body.as_ref().map(|b| b.memo.clone()).unwrap_or_default(),
                "tx_bytes": hex::encode(tx.encode_to_vec()),
            });
            let text = format!(
                "txhash: {}\nheight: {}\ncode: {}\nraw_log: {}\ngas: {} used / {} wanted\nmessages: {}",
                r.hash,
                r.height,
                res.code.value(),
                res.log,
                res.gas_used,
                res.gas_wanted,
                msgs.join(", ")
            );
            Ok((v, text))
        }
    }
}

pub async fn status(node: &NodeArg) -> Result<(Value, String)> {
    let node = Node::new(&node.node)?;
    let s = node.rpc().status().await.map_err(|e| anyhow!("CometBFT status: {e}"))?;
    let v = json!({
        "node_id": s.node_info.id.to_string(),
        "moniker": s.node_info.moniker.to_string(),
        "chain_id": s.node_info.network.to_string(),
        "cometbft_version": s.node_info.version.to_string(),
        "latest_block_height": s.sync_info.latest_block_height.value(),
        "latest_block_time": s.sync_info.latest_block_time.to_rfc3339(),
        "latest_app_hash": s.sync_info.latest_app_hash.to_string(),
        "catching_up": s.sync_info.catching_up,
    });
    let text = format!(
        "chain: {}\nnode: {} ({})\ncometbft: {}\nheight: {} at {}\napp hash: {}\ncatching up: {}",
        s.node_info.network,
        s.node_info.moniker,
        s.node_info.id,
        s.node_info.version,
        s.sync_info.latest_block_height,
        s.sync_info.latest_block_time.to_rfc3339(),
        s.sync_info.latest_app_hash,
        s.sync_info.catching_up
    );
    Ok((v, text))
}
