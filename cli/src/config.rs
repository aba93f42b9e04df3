//! Node home layout and config files.
//!
//! One home holds both processes' files, as on a Cosmos SDK node: `config/config.toml` and
//! `config/genesis.json` (CometBFT), `config/app.toml` (symbiote), `data/` (both stores).

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppToml {
    /// Which past heights queries and proofs can read (the Cosmos SDK's keys and strategies:
    /// default, nothing, everything, custom; the numbers apply to custom).
    #[serde(default = "default_strategy")]
    pub pruning: String,
    #[serde(default, rename = "pruning-keep-recent")]
    pub pruning_keep_recent: u64,
    #[serde(default, rename = "pruning-keep-every")]
    pub pruning_keep_every: u64,
    #[serde(default, rename = "pruning-interval")]
    pub pruning_interval: u64,
    pub abci: Section,
    pub grpc: Section,
    /// CometBFT RPC, used by the tx and node gRPC services.
    pub rpc: Section,
    /// Snapshots this node takes for others to state-sync from (the Cosmos SDK's names).
    #[serde(default, rename = "state-sync")]
    pub state_sync: StateSyncSection,
}

fn default_strategy() -> String {
    "default".into()
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StateSyncSection {
    /// A snapshot every this many blocks (0: none).
    pub snapshot_interval: u64,
    /// Snapshots kept on disk.
    pub snapshot_keep_recent: u32,
    /// Most bytes per chunk.
    pub snapshot_chunk_bytes: u64,
}

impl Default for StateSyncSection {
    fn default() -> Self {
        use symbiote_app::state_sync::SnapshotConfig;
        Self {
            snapshot_interval: 0,
            snapshot_keep_recent: SnapshotConfig::DEFAULT_KEEP_RECENT,
            snapshot_chunk_bytes: SnapshotConfig::DEFAULT_CHUNK_BYTES as u64,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub address: String,
}

impl AppToml {
    pub fn new(abci: &str, grpc: &str, rpc: &str) -> Self {
        Self {
            pruning: default_strategy(),
            pruning_keep_recent: 0,
            pruning_keep_every: 0,
            pruning_interval: 0,
            abci: Section { address: abci.into() },
            grpc: Section { address: grpc.into() },
            rpc: Section { address: rpc.into() },
            state_sync: StateSyncSection::default(),
        }
    }

    /// The pruning settings, checked.
    pub fn pruning(&self) -> Result<symbiote_app::pruning::PruningConfig> {
        symbiote_app::pruning::PruningConfig::from_strategy(
            &self.pruning,
            self.pruning_keep_recent,
            self.pruning_keep_every,
            self.pruning_interval,
        )
        .context("app.toml pruning")
    }

    pub fn path(home: &Path) -> PathBuf {
        home.join("config").join("app.toml")
    }

    pub fn load(home: &Path) -> Result<Self> {
        let p = Self::path(home);
        let text = std::fs::read_to_string(&p)
            .with_context(|| format!("reading {} (run `symbiote init` first)", p.display()))?;
        toml::from_str(&text).with_context(|| format!("parsing {}", p.display()))
    }

    pub fn save(&self, home: &Path) -> Result<()> {
        let text = format!("# symbiote application settings\n{}", toml::to_string(self)?);
        std::fs::write(Self::path(home), text)?;
        Ok(())
    }
}

pub fn genesis_path(home: &Path) -> PathBuf {
    home.join("config").join("genesis.json")
}

pub fn cometbft_config_path(home: &Path) -> PathBuf {
    home.join("config").join("config.toml")
}

/// Sets `key = value` inside `[section]` of a TOML text (`section` "" = top level), keeping every
/// comment and every other line, so CometBFT's documented config.toml stays readable.
/// `value` is a TOML literal (`"tcp://..."`, `true`, `10`).
pub fn set_toml_value(text: &str, section: &str, key: &str, value: &str) -> Result<String> {
    let mut current = String::new();
    let mut found = false;
    let mut out = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            current = trimmed.trim_matches(|c| c == '[' || c == ']').to_string();
        }
        let is_key = trimmed.split_once('=').is_some_and(|(k, _)| k.trim() == key && !trimmed.starts_with('#'));
        if current == section && is_key && !found {
            out.push(format!("{key} = {value}"));
            found = true;
        } else {
            out.push(line.to_string());
        }
    }
    if !found {
        bail!("no key {key} in section [{section}]");
    }
    Ok(out.join("\n") + "\n")
}

/// `section.key` (or `key` at top level) → edits config/config.toml in place.
/// `section.key value` in CometBFT's config.toml, or, for `app.section.key`, in app.toml.
pub fn set_cometbft_config(home: &Path, dotted: &str, value: &str) -> Result<()> {
    let (path, dotted) = match dotted.strip_prefix("app.") {
        Some(rest) => (AppToml::path(home), rest),
        None => (cometbft_config_path(home), dotted),
    };
    let (section, key) = dotted.rsplit_once('.').unwrap_or(("", dotted));
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let literal = toml_literal(value);
    let new = set_toml_value(&text, section, key, &literal).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    std::fs::write(&path, new)?;
    Ok(())
}

/// Numbers and booleans stay bare; everything else becomes a quoted string.
fn toml_literal(value: &str) -> String {
    if value == "true" || value == "false" || value.parse::<i64>().is_ok() {
        value.to_string()
    } else {
        toml::Value::String(value.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_only_the_named_section() {
        let text = "moniker = \"a\"\n[rpc]\n# comment\nladdr = \"tcp://127.0.0.1:26657\"\n[p2p]\nladdr = \"tcp://0.0.0.0:26656\"\n";
        let out = set_toml_value(text, "p2p", "laddr", "\"tcp://127.0.0.1:1\"").unwrap();
        assert!(out.contains("[rpc]\n# comment\nladdr = \"tcp://127.0.0.1:26657\""));
        assert!(out.contains("[p2p]\nladdr = \"tcp://127.0.0.1:1\""));
        let out = set_toml_value(&out, "", "moniker", "\"b\"").unwrap();
        assert!(out.starts_with("moniker = \"b\""));
        assert!(set_toml_value(text, "rpc", "nope", "1").is_err());
        assert_eq!(toml_literal("10"), "10");
        assert_eq!(toml_literal("kv"), "\"kv\"");
    }
}
