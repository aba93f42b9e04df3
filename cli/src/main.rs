//! `symbiote`: the command-line interface of a symbiote node.

mod client;
mod cmd;
mod config;
mod keys;
mod output;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use cmd::genesis::GenesisCmd;
use output::Output;

#[derive(Parser, Debug)]
#[command(name = "symbiote", version, about = "symbiote: a Cosmos-style chain for accountable AI")]
struct Cli {
    /// Node home: config/, data/ and the keyrings.
    #[arg(long, global = true, env = "SYMBIOTE_HOME", default_value_os_t = default_home())]
    home: PathBuf,
    #[arg(long, global = true, value_enum, default_value = "text")]
    output: Output,
    #[command(subcommand)]
    cmd: Cmd,
}

fn default_home() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default().join(".symbiote")
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Create a node home: CometBFT keys and config, genesis, app.toml.
    Init(cmd::init::InitArgs),
    /// Edit genesis before the chain starts.
    #[command(subcommand)]
    Genesis(GenesisCmd),
    /// This node's CometBFT identity: consensus key, node id, consensus address.
    #[command(subcommand)]
    Comet(cmd::staking::CometCmd),
    /// Set a CometBFT config.toml value (`section.key value`), or an app.toml one (`app.section.key value`).
    Config { key: String, value: String },
    /// Run the node.
    Start(cmd::start::StartArgs),
    /// Print the state of this (stopped) node as a genesis file.
    Export,
    /// Manage keys.
    Keys(cmd::keys::KeysArgs),
    /// Sign and broadcast transactions.
    Tx(Box<cmd::tx::TxArgs>),
    /// Query chain state.
    Query(cmd::query::QueryArgs),
    /// Node status: chain id, height, app hash.
    Status(cmd::NodeArg),
    /// Load a running chain (symbiote, or CometBFT's kvstore app) and report committed tx/s,
    /// latency, rejected and lost txs, from block data.
    Load(cmd::load::LoadArgs),
    /// ONNX models: validation report.
    #[command(subcommand)]
    Model(ModelCmd),
    /// Run a model deterministically and explain the result; prints the trace.
    Infer(cmd::model::InferArgs),
    /// Explainability traces.
    #[command(subcommand)]
    Trace(TraceCmd),
    /// A data owner's records, offline: commit to a CSV, disclose fields with proofs.
    #[command(subcommand)]
    Data(cmd::data::DataCmd),
}

#[derive(Subcommand, Debug)]
enum ModelCmd {
    /// Validate a model and print what the chain would record about it.
    Inspect { file: PathBuf },
}

#[derive(Subcommand, Debug)]
enum TraceCmd {
    /// Re-execute a trace against its model; non-zero exit on any mismatch. Offline: TRACE is a
    /// file (canonical bytes or hex) and --model the ONNX file. With --node: TRACE is a trace id on
    /// chain, fetched with its proof, checked against a signed header, re-executed.
    Verify {
        trace: String,
        #[arg(long, required_unless_present = "node", conflicts_with = "node")]
        model: Option<PathBuf>,
        /// A node's CometBFT RPC address.
        #[arg(long)]
        node: Option<String>,
    },
}

fn main() {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        Err(e) => {
            eprintln!("Error: {e:#}");
            std::process::exit(1);
        }
    }
}

/// Runs the command; `Ok(false)` means it ran but the outcome was a failure (e.g. a tx error code).
async fn run(cli: Cli) -> Result<bool> {
    let out = cli.output;
    let home = &cli.home;
    match &cli.cmd {
        Cmd::Init(args) => {
            let v = cmd::init::run(home, args)?;
            out.print(&v, || format!("initialized {} for chain {} at {}", args.moniker, args.chain_id, home.display()));
        }
        Cmd::Genesis(g) => {
            let (v, text) = cmd::genesis::run(home, g)?;
            out.print(&v, || text);
        }
        Cmd::Comet(c) => {
            let (v, text) = cmd::staking::comet(home, c)?;
            out.print(&v, || text);
        }
        Cmd::Config { key, value } => {
            config::set_cometbft_config(home, key, value)?;
        }
        Cmd::Start(args) => cmd::start::start(home, args).await?,
        Cmd::Export => {
            let v = cmd::export::run(home).await?;
            out.print(&v, || serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        Cmd::Keys(args) => {
            let (v, text) = cmd::keys::run(home, args)?;
            out.print(&v, || text);
        }
        Cmd::Tx(args) => {
            let (v, text, ok) = cmd::tx::run(home, args).await?;
            out.print(&v, || text);
            return Ok(ok);
        }
        Cmd::Query(args) => {
            let (v, text) = cmd::query::run(args).await?;
            out.print(&v, || text);
        }
        Cmd::Model(ModelCmd::Inspect { file }) => {
            let (v, text) = cmd::model::inspect(file)?;
            out.print(&v, || text);
        }
        Cmd::Infer(args) => {
            let (v, text) = cmd::model::infer(args)?;
            out.print(&v, || text);
        }
        Cmd::Trace(TraceCmd::Verify { trace, model, node }) => {
            let (v, text, ok) = match (node, model) {
                (Some(node), _) => cmd::trace::verify_on_chain(node, trace).await?,
                (None, Some(model)) => cmd::model::verify(std::path::Path::new(trace), model)?,
                (None, None) => anyhow::bail!("give --model FILE, or --node URL"),
            };
            out.print(&v, || text);
            return Ok(ok);
        }
        Cmd::Data(c) => {
            let (v, text) = cmd::data::run(c)?;
            out.print(&v, || text);
        }
        Cmd::Status(node) => {
            let (v, text) = cmd::query::status(node).await?;
            out.print(&v, || text);
        }
        Cmd::Load(args) => {
            let (v, text) = cmd::load::run(home, args).await?;
            out.print(&v, || text);
        }
    }
    Ok(true)
}
