//! `symbiote tx bank send FROM TO AMOUNT`, `symbiote tx staking ... --from KEY` (`staking.rs`) and
//! `tx distribution|slashing ... --from KEY` (`rewards.rs`), `tx gov ...` (`gov.rs`),
//! `tx ibc-transfer transfer ...` (`ibc.rs`):
//! simulate for gas, sign (SIGN_MODE_DIRECT), broadcast through CometBFT, wait for the block,
//! report hash, height and code ([`broadcast`], shared by every tx command).

use std::path::Path;
use std::time::Duration;

use anyhow::{anyhow, Context, Result};
use serde_json::{json, Value};
use symbiote_app::tx::build::{Signer, Signing, UnsignedTx};
use symbiote_bank::MsgSend;
use symbiote_core::{Address, Any, Coin, Coins, Dec, BASE_DENOM};
use tendermint_rpc::Client;

use super::NodeArg;
use crate::client::Node;
use crate::keys::{Backend, Keyring};

#[derive(clap::Args, Debug)]
pub struct TxArgs {
    #[command(subcommand)]
    pub cmd: TxCmd,
    #[command(flatten)]
    pub opts: TxOpts,
}

#[derive(clap::Subcommand, Debug)]
pub enum TxCmd {
    #[command(subcommand)]
    Bank(BankTx),
    #[command(subcommand)]
    Staking(super::staking::StakingTx),
    #[command(subcommand)]
    Distribution(super::rewards::DistributionTx),
    #[command(subcommand)]
    Slashing(super::rewards::SlashingTx),
    #[command(subcommand)]
    Gov(super::gov::GovTx),
    #[command(subcommand)]
    Registry(super::registry::RegistryTx),
    #[command(subcommand)]
    Consent(super::consent::ConsentTx),
    #[command(subcommand)]
    Inference(super::inference::InferenceTx),
    #[command(subcommand, name = "ibc-transfer")]
    IbcTransfer(super::ibc::IbcTransferTx),
}

#[derive(clap::Subcommand, Debug)]
pub enum BankTx {
    /// Send coins: FROM is a key name or address in the keyring; AMOUNT like 1000usym.
    Send { from: String, to: String, amount: String },
}

#[derive(clap::Args, Debug)]
pub struct TxOpts {
    #[command(flatten)]
    pub node: NodeArg,
    #[arg(long, value_enum, default_value = "file", global = true)]
    pub keyring_backend: Backend,
    /// The signing key (name or address in the keyring); `bank send` takes it as FROM instead.
    #[arg(long, global = true)]
    pub from: Option<String>,
    /// Gas limit, or `auto` to simulate and multiply by --gas-adjustment.
    #[arg(long, default_value = "auto", global = true)]
    pub gas: String,
    #[arg(long, default_value = "1.3", global = true)]
    pub gas_adjustment: String,
    /// Price per unit of gas, paid in usym; the fee is ceil(gas × price).
    #[arg(long, default_value = "0.025usym", global = true)]
    pub gas_prices: String,
    /// Exact fee (overrides --gas-prices).
    #[arg(long, global = true)]
    pub fees: Option<String>,
    #[arg(long, default_value = "", global = true)]
    pub memo: String,
    /// Seconds to wait for the tx to be included in a block.
    #[arg(long, default_value_t = 30, global = true)]
    pub timeout: u64,
}

fn dec_of(text: &str) -> Result<Dec> {
    text.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))
}

pub async fn run(home: &Path, args: &TxArgs) -> Result<(Value, String, bool)> {
    let opts = &args.opts;
    let keyring = Keyring::new(home, opts.keyring_backend);
    let from_key = || -> Result<Signer> {
        let from = opts.from.as_deref().ok_or_else(|| anyhow!("--from is required (the key that signs)"))?;
        keyring.signer(from)
    };
    let (signer, msgs) = match &args.cmd {
        TxCmd::Bank(BankTx::Send { from, to, amount }) => {
            let signer = keyring.signer(from)?;
            let to: Address = to.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
            let amount: Coins = amount.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
            let msg = symbiote_app::tx::build::any(&MsgSend { from: signer.address(), to, amount });
            (signer, vec![msg])
        }
        TxCmd::Staking(cmd) => {
            let signer = from_key()?;
            let msg = super::staking::build_msg(cmd, signer.address(), home)?;
            (signer, vec![msg])
        }
        TxCmd::Distribution(cmd) => {
            let signer = from_key()?;
            let node = Node::new(&opts.node.node)?;
            let msgs = super::rewards::build_distribution_msgs(cmd, signer.address(), &node).await?;
            (signer, msgs)
        }
        TxCmd::Slashing(cmd) => {
            let signer = from_key()?;
            let msgs = super::rewards::build_slashing_msgs(cmd, signer.address());
            (signer, msgs)
        }
        TxCmd::Gov(cmd) => {
            let signer = from_key()?;
            let txs = super::gov::build_txs(cmd, signer.address())?;
            return broadcast_in_order(&signer, txs, opts).await;
        }
        TxCmd::Consent(cmd) => {
            let signer = from_key()?;
            let msgs = super::consent::build_msgs(cmd, signer.address())?;
            (signer, msgs)
        }
        TxCmd::Inference(cmd) => {
            let signer = from_key()?;
            let msgs = super::inference::build_msgs(cmd, signer.address())?;
            let (mut v, mut text, ok) = broadcast(&signer, msgs, opts).await?;
            if ok && matches!(cmd, super::inference::InferenceTx::Infer { .. }) {
                // The decision itself: the trace the tx wrote, with its attribution bars.
                let node = Node::new(&opts.node.node)?;
                let data = hex::decode(v["data"].as_str().unwrap_or_default())?;
                let (trace, labels) = super::inference::decided(&node, &data).await?;
                text = format!("{text}\n{}", super::inference::render(&trace, &labels));
                v["trace_id"] = json!(hex::encode(symbiote_engine::trace::trace_id(&trace)));
                v["label"] = json!(trace.label);
            }
            return Ok((v, text, ok));
        }
        TxCmd::IbcTransfer(cmd) => {
            let signer = from_key()?;
            let node = Node::new(&opts.node.node)?;
            let msgs = super::ibc::build_msgs(cmd, signer.address(), &node).await?;
            (signer, msgs)
        }
        TxCmd::Registry(cmd) => {
            let signer = from_key()?;
            let node = Node::new(&opts.node.node)?;
            let txs = super::registry::build_txs(cmd, signer.address(), &node).await?;
            return broadcast_in_order(&signer, txs, opts).await;
        }
    };
    broadcast(&signer, msgs, opts).await
}

/// A tx result's data as the app returned it. tendermint-rpc 0.40 keeps the `/tx` endpoint's
/// `data` as the base64 text CometBFT 0.38 sends (its `Bytes` field takes the JSON string as is),
/// so that text is decoded here; bytes that are not base64 are taken as they are.
fn result_data(data: &[u8]) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(data).unwrap_or_else(|_| data.to_vec())
}

/// Broadcasts several txs one after the other, each waiting for its block (a model's chunk
/// uploads, then its registration); stops at the first failure. Reports every tx.
async fn broadcast_in_order(signer: &Signer, txs: Vec<Vec<Any>>, opts: &TxOpts) -> Result<(Value, String, bool)> {
    if txs.len() == 1 {
        return broadcast(signer, txs.into_iter().next().unwrap_or_default(), opts).await;
    }
    let total = txs.len();
    let (mut values, mut texts) = (Vec::new(), Vec::new());
    for (i, msgs) in txs.into_iter().enumerate() {
        let (v, text, ok) = broadcast(signer, msgs, opts).await?;
        values.push(v);
        texts.push(format!("tx {}/{total}:\n{text}", i + 1));
        if !ok {
            return Ok((json!({ "txs": values }), texts.join("\n"), false));
        }
    }
    Ok((json!({ "txs": values }), texts.join("\n"), true))
}

/// Simulates `msgs` from `signer` for gas (unless `--gas` is a number), prices the fee, signs,
/// broadcasts, and waits for the block. The bool is false when the tx failed (CheckTx or block).
pub async fn broadcast(signer: &Signer, msgs: Vec<Any>, opts: &TxOpts) -> Result<(Value, String, bool)> {
    let node = Node::new(&opts.node.node)?;
    let chain_id = node.chain_id().await?;
    let account = node
        .account(&signer.address().to_string())
        .await?
        .ok_or_else(|| anyhow!("account {} does not exist on chain {chain_id} yet; fund it first", signer.address()))?;
    let signing = [Signing { signer, account_number: account.account_number, sequence: account.sequence }];

    let mut tx = UnsignedTx::new(msgs, Coins::new(), 0);
    tx.memo = opts.memo.clone();
    let gas = if opts.gas == "auto" {
        // Simulate with a token fee so the fee-deduction path is metered too.
        let mut sim = tx.clone();
        sim.fee = "1usym".parse().expect("static coin");
        let used = node.simulate(sim.for_simulation(&signing)).await?;
        dec_of(&opts.gas_adjustment)?
            .mul_ceil(u128::from(used))
            .and_then(|g| g.to_u64())
            .ok_or_else(|| anyhow!("gas overflow"))?
    } else {
        opts.gas.parse().context("--gas must be a number or auto")?
    };
    tx.gas_limit = gas;
    tx.fee = match &opts.fees {
        Some(f) => f.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?,
        None => {
            let price = opts
                .gas_prices
                .strip_suffix(BASE_DENOM)
                .ok_or_else(|| anyhow!("--gas-prices must be in {BASE_DENOM}"))?;
            let fee = dec_of(price)?.mul_ceil(u128::from(gas)).ok_or_else(|| anyhow!("fee overflow"))?;
            [Coin::new(BASE_DENOM, fee)]
                .into_iter()
                .collect::<symbiote_core::SdkResult<Coins>>()
                .map_err(|e| anyhow!(e.log))?
        }
    };

    let bytes = tx.sign(&chain_id, &signing);
    let check = node.rpc().broadcast_tx_sync(bytes).await.context("broadcasting")?;
    let hash = check.hash;
    if check.code.is_err() {
        let v = json!({ "txhash": hash.to_string(), "code": check.code.value(), "codespace": check.codespace, "raw_log": check.log });
        let text = format!(
            "rejected by CheckTx: code {} ({}): {}\ntxhash: {hash}",
            check.code.value(),
            check.codespace,
            check.log
        );
        return Ok((v, text, false));
    }
    let included = node.wait_for_tx(hash, Duration::from_secs(opts.timeout)).await?;
    let r = included.tx_result;
    let ok = r.code.is_ok();
    let v = json!({
        "txhash": hash.to_string(),
        "height": included.height.value(),
        "code": r.code.value(),
        "codespace": r.codespace,
        "raw_log": r.log,
        "gas_wanted": r.gas_wanted,
        "gas_used": r.gas_used,
        "data": hex::encode_upper(result_data(&r.data)),
    });
    let text = format!(
        "txhash: {hash}\nheight: {}\ncode: {}{}\ngas: {} used / {} wanted",
        included.height,
        r.code.value(),
        if ok { String::new() } else { format!(" ({}): {}", r.codespace, r.log) },
        r.gas_used,
        r.gas_wanted
    );
    Ok((v, text, ok))
}
