//! `symbiote query bank balances ADDR`, `query auth account ADDR`, `query staking ...`
//! (`staking.rs`), `query distribution|slashing|mint ...` (`rewards.rs`), `query gov ...`
//! (`gov.rs`), `query tx HASH`, and
//! `status`.

use anyhow::{anyhow, Result};
use cosmos_sdk_proto::cosmos::auth::v1beta1::BaseAccount;
use cosmos_sdk_proto::cosmos::bank::v1beta1::{QueryAllBalancesRequest, QueryAllBalancesResponse};
use cosmos_sdk_proto::cosmos::mint::v1beta1::{QueryAnnualProvisionsResponse, QueryInflationResponse};
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
    #[command(subcommand)]
    Distribution(super::rewards::DistributionQuery),
    #[command(subcommand)]
    Slashing(super::rewards::SlashingQuery),
    #[command(subcommand)]
    Mint(super::rewards::MintQuery),
    #[command(subcommand)]
    Gov(super::gov::GovQuery),
    #[command(subcommand)]
    Registry(super::registry::RegistryQuery),
    #[command(subcommand)]
    Consent(super::consent::ConsentQuery),
    #[command(subcommand)]
    Inference(super::inference::InferenceQuery),
    #[command(subcommand)]
    Ibc(super::ibc::IbcQuery),
    #[command(subcommand, name = "ibc-transfer")]
    IbcTransfer(super::ibc::IbcTransferQuery),
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
        QueryCmd::Distribution(q) => module_query(&node, super::rewards::distribution_request(q)?, args.height).await,
        QueryCmd::Slashing(q) => module_query(&node, super::rewards::slashing_request(q)?, args.height).await,
        QueryCmd::Mint(q) => module_query(&node, super::rewards::mint_request(q), args.height).await,
        QueryCmd::Gov(q @ super::gov::GovQuery::Audit { .. }) => {
            let (v, _) = module_query(&node, super::gov::request(q)?, args.height).await?;
            let text = super::gov::audit_table(&v);
            Ok((v, text))
        }
        QueryCmd::Gov(q) => module_query(&node, super::gov::request(q)?, args.height).await,
        QueryCmd::Registry(super::registry::RegistryQuery::Download { reference, out }) => {
            super::registry::download(&node, reference, out, args.height).await
        }
        QueryCmd::Registry(q) => module_query(&node, super::registry::request(q)?, args.height).await,
        QueryCmd::Consent(q) => module_query(&node, super::consent::request(q)?, args.height).await,
        QueryCmd::Inference(super::inference::InferenceQuery::Trace { id }) => {
            super::inference::trace(&node, id, args.height).await
        }
        QueryCmd::Inference(q) => module_query(&node, super::inference::request(q)?, args.height).await,
        QueryCmd::Ibc(q) => module_query(&node, super::ibc::ibc_request(q), args.height).await,
        QueryCmd::IbcTransfer(q) => module_query(&node, super::ibc::transfer_request(q), args.height).await,
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

/// `(package, method, request bytes, response message)` of a module query.
pub type Call = (&'static str, &'static str, Vec<u8>, &'static str);

/// Runs a query and prints the reply as the SDK's JSON. Mint's inflation and annual provisions
/// are `bytes` holding a decimal's digits: shown as the decimal, as the SDK's CLI does.
pub async fn module_query(node: &Node, call: Call, height: u64) -> Result<(Value, String)> {
    let (package, method, req, resp) = call;
    let bytes = node.query_raw(&format!("/{package}.Query/{method}"), req, height).await?;
    let v = match (package, method) {
        ("cosmos.mint.v1beta1", "Inflation") => {
            decimal_bytes(&QueryInflationResponse::decode(bytes.as_slice())?.inflation, "inflation")?
        }
        ("cosmos.mint.v1beta1", "AnnualProvisions") => decimal_bytes(
            &QueryAnnualProvisionsResponse::decode(bytes.as_slice())?.annual_provisions,
            "annual_provisions",
        )?,
        _ => symbiote_app::tx::json::message_to_json(&format!("{package}.{resp}"), &bytes).map_err(|e| anyhow!(e))?,
    };
    let text = serde_json::to_string_pretty(&v)?;
    Ok((v, text))
}

fn decimal_bytes(bytes: &[u8], field: &str) -> Result<Value> {
    let digits = std::str::from_utf8(bytes).map_err(|_| anyhow!("{field} is not a decimal"))?;
    let dec = symbiote_core::LegacyDec::from_proto_string(digits)
        .map_err(|e| anyhow!("{field} is not a decimal: {e:?}"))?
        .unwrap_or(symbiote_core::LegacyDec::ZERO);
    Ok(serde_json::json!({ field: dec.to_string() }))
}
