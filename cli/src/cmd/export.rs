//! `symbiote export`: the state of a stopped node as a genesis file (the Cosmos SDK's `export`),
//! each module's section written by the module itself. The result starts a new chain from that
//! state: it keeps the home's genesis file (chain id, validators, consensus params) and replaces
//! its `app_state`, with `initial_height` 1 (store versions equal heights).

use std::path::Path;

use anyhow::{anyhow, Context, Result};
use serde_json::Value;
use symbiote_app::{ModuleSet, Modules};
use symbiote_core::query::PRE_GENESIS;

use crate::config::genesis_path;

pub async fn run(home: &Path) -> Result<Value> {
    let path = genesis_path(home);
    let mut genesis: Value =
        serde_json::from_slice(&std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?)
            .with_context(|| format!("parsing {}", path.display()))?;
    let storage = symbiote_app::server::open_storage::<Modules>(home)
        .await
        .context("opening the node's store (is the node still running?)")?;
    let snapshot = storage.latest_snapshot();
    if snapshot.version() == PRE_GENESIS {
        return Err(anyhow!("the node has no state yet: nothing to export"));
    }
    let state = Modules::export_genesis(&snapshot).await.map_err(|e| anyhow!(e.log))?;
    Modules::validate_genesis(&state).map_err(|e| anyhow!("exported state does not validate: {}", e.log))?;
    genesis["app_state"] = serde_json::to_value(&state)?;
    genesis["initial_height"] = Value::String("1".into());
    Ok(genesis)
}
