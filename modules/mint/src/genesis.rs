//! `app_state.mint` in genesis, in the SDK v0.50 shape: the minter and the params.
//!
//! ```json
//! "mint": {
//!   "minter": {"inflation": "0.130000000000000000", "annual_provisions": "0.000000000000000000"},
//!   "params": {"mint_denom": "usym", "inflation_rate_change": "0.130000000000000000", ...,
//!              "blocks_per_year": "6311520"}
//! }
//! ```
//!
//! The mint module account is one of the standard accounts auth creates at genesis, so
//! `InitGenesis`'s `GetModuleAccount` has nothing left to do here.

use cnidarium::{StateRead, StateWrite};
use serde::{Deserialize, Serialize};
use symbiote_core::SdkResult;

use crate::state::{put_minter, put_params, MintRead};
use crate::{Minter, Params};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub minter: Minter,
    #[serde(default)]
    pub params: Params,
}

impl GenesisState {
    /// `ValidateGenesis`: the params, then the minter.
    pub fn validate(&self) -> SdkResult<()> {
        self.params.validate()?;
        self.minter.validate()
    }

    pub async fn init<S: StateWrite>(&self, state: &mut S) -> SdkResult<()> {
        self.validate()?;
        put_minter(state, &self.minter)?;
        put_params(state, &self.params)
    }

    pub async fn export<S: StateRead>(state: &S) -> SdkResult<Self> {
        Ok(Self { minter: state.minter().await?, params: state.mint_params().await? })
    }
}

#[cfg(test)]
mod tests {
    use cnidarium::{StateDelta, TempStorage};

    use super::*;

    #[test]
    fn the_sdks_json_reads_and_writes_back_the_same() {
        let json = serde_json::json!({
            "minter": {"inflation": "0.150000000000000000", "annual_provisions": "12.500000000000000000"},
            "params": {
                "mint_denom": "stake",
                "inflation_rate_change": "0.130000000000000000",
                "inflation_max": "0.200000000000000000",
                "inflation_min": "0.070000000000000000",
                "goal_bonded": "0.670000000000000000",
                "blocks_per_year": "6311520"
            }
        });
        let g: GenesisState = serde_json::from_value(json.clone()).unwrap();
        g.validate().unwrap();
        assert_eq!(g.params.mint_denom, "stake");
        assert_eq!(g.minter.annual_provisions, "12.5".parse().unwrap());
        assert_eq!(serde_json::to_value(&g).unwrap(), json);
        let empty: GenesisState = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, GenesisState::default());
        assert!(serde_json::from_value::<GenesisState>(serde_json::json!({"minter": {}, "extra": 1})).is_err());
    }

    #[test]
    fn validation_covers_params_and_minter() {
        let mut g = GenesisState::default();
        g.validate().unwrap();
        g.minter.inflation = "-0.1".parse().unwrap();
        assert!(g.validate().unwrap_err().log.contains("Inflation should be positive"));
        let mut g = GenesisState::default();
        g.params.blocks_per_year = 0;
        assert!(g.validate().unwrap_err().log.contains("blocks per year"));
    }

    #[tokio::test]
    async fn export_of_init_is_the_same_state() {
        let storage = TempStorage::new().await.unwrap();
        let mut state = StateDelta::new(storage.latest_snapshot());
        let g = GenesisState {
            minter: Minter { inflation: "0.1234".parse().unwrap(), annual_provisions: "987654.321".parse().unwrap() },
            params: Params { mint_denom: "uother".into(), blocks_per_year: 42, ..Params::default() },
        };
        g.init(&mut state).await.unwrap();
        assert_eq!(GenesisState::export(&state).await.unwrap(), g);
    }
}
