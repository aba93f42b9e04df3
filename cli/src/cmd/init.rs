//! `symbiote init MONIKER --chain-id ID`: a new node home with CometBFT's keys and config, a genesis
//! for a symbiote chain, and app.toml.

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use symbiote_app::AppGenesis;

use super::CometArg;
use crate::config::{cometbft_config_path, genesis_path, set_cometbft_config, AppToml};

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// The node's name, shown to peers.
    pub moniker: String,
    #[arg(long)]
    pub chain_id: String,
    /// Replace an existing genesis and config (keys are kept).
    #[arg(long)]
    pub overwrite: bool,
    /// Block gas limit written to genesis (-1 = unlimited).
    #[arg(long, default_value_t = 100_000_000, allow_hyphen_values = true)]
    pub max_block_gas: i64,
    #[arg(long, default_value = "tcp://127.0.0.1:26657")]
    pub rpc_laddr: String,
    #[arg(long, default_value = "tcp://127.0.0.1:26656")]
    pub p2p_laddr: String,
    #[arg(long, default_value = "127.0.0.1:26658")]
    pub abci_addr: String,
    #[arg(long, default_value = "127.0.0.1:9090")]
    pub grpc_addr: String,
    #[command(flatten)]
    pub comet: CometArg,
}

pub fn run(home: &Path, args: &InitArgs) -> Result<Value> {
    if genesis_path(home).exists() && !args.overwrite {
        bail!("{} already exists; pass --overwrite to replace it", genesis_path(home).display());
    }
    if args.overwrite {
        let _ = std::fs::remove_file(genesis_path(home));
        let _ = std::fs::remove_file(cometbft_config_path(home));
    }
    let status = std::process::Command::new(&args.comet.cometbft)
        .arg("init")
        .arg("--home")
        .arg(home)
        .stdout(std::process::Stdio::null())
        .status()
        .with_context(|| {
            format!("running {} (install it with localnet/install-cometbft.sh)", args.comet.cometbft.display())
        })?;
    if !status.success() {
        bail!("cometbft init failed ({status})");
    }

    let path = genesis_path(home);
    let mut genesis: Value = serde_json::from_slice(&std::fs::read(&path)?)?;
    genesis["chain_id"] = json!(args.chain_id);
    genesis["initial_height"] = json!("1");
    genesis["app_state"] = serde_json::to_value(AppGenesis::default())?;
    genesis["consensus_params"]["block"]["max_gas"] = json!(args.max_block_gas.to_string());
    std::fs::write(&path, serde_json::to_vec_pretty(&genesis)?)?;

    let abci = format!("tcp://{}", args.abci_addr);
    for (key, value) in [
        ("moniker", args.moniker.as_str()),
        ("proxy_app", abci.as_str()),
        ("rpc.laddr", args.rpc_laddr.as_str()),
        ("p2p.laddr", args.p2p_laddr.as_str()),
        ("tx_index.indexer", "kv"),
    ] {
        set_cometbft_config(home, key, value)?;
    }
    let rpc_http = args.rpc_laddr.replacen("tcp://", "http://", 1);
    AppToml::new(&args.abci_addr, &args.grpc_addr, &rpc_http).save(home)?;
    Ok(json!({ "home": home, "chain_id": args.chain_id, "moniker": args.moniker }))
}
