//! `symbiote genesis ...`: edit the genesis file before the chain starts.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};
use symbiote_app::{AppGenesis, ModuleSet, Modules};
use symbiote_auth::genesis::GenesisAccount;
use symbiote_bank::genesis::{GenesisBalance, GenesisCoin};
use symbiote_core::{Address, Coins};

use crate::config::genesis_path;
use crate::keys::{Backend, Keyring};

#[derive(clap::Subcommand, Debug)]
pub enum GenesisCmd {
    /// Fund an account (address, or key name in the keyring) in genesis.
    AddAccount {
        address_or_key: String,
        /// e.g. 1000000usym
        coins: String,
        #[arg(long, value_enum, default_value = "test")]
        keyring_backend: Backend,
    },
    /// Add the validator of another node home (its config/priv_validator_key.json) with a power.
    AddValidator {
        validator_home: PathBuf,
        #[arg(long, default_value_t = 10)]
        power: u64,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Check every section of the genesis file's app_state.
    Validate,
}

fn load(home: &Path) -> Result<Value> {
    let path = genesis_path(home);
    serde_json::from_slice(
        &std::fs::read(&path).with_context(|| format!("reading {} (run `symbiote init`)", path.display()))?,
    )
    .with_context(|| format!("parsing {}", path.display()))
}

fn save(home: &Path, genesis: &Value) -> Result<()> {
    std::fs::write(genesis_path(home), serde_json::to_vec_pretty(genesis)?)?;
    Ok(())
}

/// The genesis file's `app_state`, parsed and checked section by section.
fn app_state(genesis: &Value) -> Result<AppGenesis> {
    let bytes = match &genesis["app_state"] {
        Value::Null => vec![],
        state => serde_json::to_vec(state)?,
    };
    symbiote_app::genesis::parse::<Modules>(&bytes).map_err(|e| anyhow!(e.log))
}

pub fn run(home: &Path, cmd: &GenesisCmd) -> Result<Value> {
    let mut genesis = load(home)?;
    match cmd {
        GenesisCmd::AddAccount { address_or_key, coins, keyring_backend } => {
            let address: Address = match address_or_key.parse() {
                Ok(a) => a,
                Err(_) => Keyring::new(home, *keyring_backend)
                    .show(address_or_key)?
                    .address
                    .parse()
                    .map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?,
            };
            let coins: Coins = coins.parse().map_err(|e: symbiote_core::SdkError| anyhow!(e.log))?;
            let mut state = app_state(&genesis)?;
            if state.bank.balances.iter().any(|b| b.address == address.to_string()) {
                bail!("{address} already has a genesis balance");
            }
            if !state.auth.accounts.iter().any(|a| a.address == address.to_string()) {
                let next = state.auth.accounts.iter().map(|a| a.account_number + 1).max().unwrap_or(0);
                state.auth.accounts.push(GenesisAccount::new(&address, next));
            }
            state.bank.balances.push(GenesisBalance {
                address: address.to_string(),
                coins: coins.iter().map(|c| GenesisCoin::from(&c)).collect(),
            });
            state.bank.supply.clear(); // derived from balances at InitChain
            genesis["app_state"] = serde_json::to_value(&state)?;
            save(home, &genesis)?;
            Ok(json!({ "address": address.to_string(), "coins": coins.to_string() }))
        }
        GenesisCmd::AddValidator { validator_home, power, name } => {
            let key_path = validator_home.join("config").join("priv_validator_key.json");
            let key: Value = serde_json::from_slice(
                &std::fs::read(&key_path).with_context(|| format!("reading {}", key_path.display()))?,
            )?;
            let entry = json!({
                "address": key["address"],
                "pub_key": key["pub_key"],
                "power": power.to_string(),
                "name": name,
            });
            let validators =
                genesis["validators"].as_array_mut().ok_or_else(|| anyhow!("genesis has no validators list"))?;
            if validators.iter().any(|v| v["address"] == key["address"]) {
                bail!("validator {} is already in genesis", key["address"]);
            }
            validators.push(entry.clone());
            save(home, &genesis)?;
            Ok(entry)
        }
        GenesisCmd::Validate => {
            let state = app_state(&genesis)?;
            let supply = state.bank.parse().map_err(|e| anyhow!(e.log))?.supply;
            Ok(json!({
                "chain_id": genesis["chain_id"],
                "sections": Modules::names(),
                "accounts": state.auth.accounts.len(),
                "supply": supply.to_string(),
            }))
        }
    }
}
