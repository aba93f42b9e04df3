//! Which past heights a node keeps for queries and proofs (`pruning*` in app.toml, the Cosmos
//! SDK's settings), and the background pass that deletes the rest.
//!
//! The store can open any height it still holds (`Storage::snapshot_at`, vendor/cnidarium): a
//! query at height H reads the state after block H, with proofs against that block's app hash.
//! Every `interval` blocks the app deletes the tree nodes and values that no kept height reads:
//! the latest `keep_recent` heights before the current one are kept, and every `keep_every`-th
//! height forever (0: none). A height no longer kept answers queries with "not retained".
//! Pruning never touches consensus state: the app hash is the same whatever is pruned.

use anyhow::{bail, Result};
use cnidarium::Retention;

/// `pruning`, `pruning-keep-recent`, `pruning-keep-every`, `pruning-interval` (app.toml).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PruningConfig {
    /// Heights kept before the latest (the latest is always kept).
    pub keep_recent: u64,
    /// Also keep every height that is a multiple of this (0: none).
    pub keep_every: u64,
    /// Prune after every this many blocks (0: never).
    pub interval: u64,
}

impl PruningConfig {
    /// The SDK's `default`: three weeks of 5 s blocks, pruned every 10 blocks.
    pub const DEFAULT: Self = Self { keep_recent: 362_880, keep_every: 0, interval: 10 };
    /// `nothing`: every height is kept.
    pub const NOTHING: Self = Self { keep_recent: 0, keep_every: 0, interval: 0 };
    /// `everything`: only the last two heights.
    pub const EVERYTHING: Self = Self { keep_recent: 2, keep_every: 0, interval: 10 };

    /// The strategy named in app.toml, with the custom numbers for `custom`.
    pub fn from_strategy(strategy: &str, keep_recent: u64, keep_every: u64, interval: u64) -> Result<Self> {
        Ok(match strategy {
            "default" => Self::DEFAULT,
            "nothing" => Self::NOTHING,
            "everything" => Self::EVERYTHING,
            "custom" => {
                if interval == 0 {
                    bail!("pruning = \"custom\" needs pruning-interval > 0 (or use pruning = \"nothing\")");
                }
                Self { keep_recent, keep_every, interval }
            }
            other => bail!("unknown pruning strategy {other:?} (default, nothing, everything or custom)"),
        })
    }

    /// Whether a pass is due after committing `height`.
    pub fn due(&self, height: u64) -> bool {
        self.interval > 0 && height.is_multiple_of(self.interval)
    }

    /// Whether `height` is kept while `latest` is the latest height.
    pub fn keeps(&self, height: u64, latest: u64) -> bool {
        height + self.keep_recent >= latest || (self.keep_every > 0 && height.is_multiple_of(self.keep_every))
    }

    /// The rule in store versions, for a store whose version 0 holds height `base`.
    pub fn retention(&self, base: u64) -> HeightRetention {
        HeightRetention { config: *self, base }
    }
}

/// [`PruningConfig`] over store versions (height = version + base).
pub struct HeightRetention {
    config: PruningConfig,
    base: u64,
}

impl Retention for HeightRetention {
    fn first_recent(&self, latest: u64) -> u64 {
        latest.saturating_sub(self.config.keep_recent)
    }

    fn keeps_any(&self, from: u64, to: u64) -> bool {
        let every = self.config.keep_every;
        if every == 0 || from >= to {
            return false;
        }
        // The first multiple of `every` at or after height `from + base`, if below `to + base`.
        let first = (from + self.base).div_ceil(every) * every;
        first < to + self.base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategies_are_the_sdks() {
        assert_eq!(PruningConfig::from_strategy("default", 1, 2, 3).unwrap(), PruningConfig::DEFAULT);
        assert_eq!(PruningConfig::from_strategy("nothing", 1, 2, 3).unwrap(), PruningConfig::NOTHING);
        assert_eq!(PruningConfig::from_strategy("everything", 1, 2, 3).unwrap(), PruningConfig::EVERYTHING);
        let custom = PruningConfig::from_strategy("custom", 5, 100, 7).unwrap();
        assert_eq!(custom, PruningConfig { keep_recent: 5, keep_every: 100, interval: 7 });
        assert!(PruningConfig::from_strategy("custom", 5, 0, 0).is_err());
        assert!(PruningConfig::from_strategy("sometimes", 5, 0, 1).is_err());
        assert!(!PruningConfig::NOTHING.due(10));
        assert!(PruningConfig::DEFAULT.due(20) && !PruningConfig::DEFAULT.due(21));
    }

    #[test]
    fn retention_in_versions_matches_heights() {
        let config = PruningConfig { keep_recent: 3, keep_every: 10, interval: 1 };
        for base in [0, 7] {
            let r = config.retention(base);
            let latest_version = 40;
            let latest = latest_version + base;
            assert_eq!(r.first_recent(latest_version) + base, latest - 3);
            assert!(config.keeps(latest - 3, latest) && !config.keeps(latest - 4, latest));
            assert!(config.keeps(10, latest) && !config.keeps(11, latest));
            // keeps_any over [from, to) is "some height in it is a multiple of keep_every".
            for from in 0..45 {
                for to in from..46 {
                    let by_height = (from..to).any(|v| (v + base).is_multiple_of(10));
                    assert_eq!(r.keeps_any(from, to), by_height, "base {base} [{from},{to})");
                }
            }
        }
        assert!(!PruningConfig::EVERYTHING.retention(0).keeps_any(0, 1_000));
    }
}
