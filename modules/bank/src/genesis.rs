//! `app_state.bank` in genesis, in the Cosmos SDK v0.50 shape: params, balances, supply (optional;
//! checked against the balances), denom metadata (none supported yet) and per-denom send flags.

use cnidarium::{StateRead, StateWrite};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use symbiote_auth::AuthWrite;
use symbiote_core::error::Code;
use symbiote_core::{Address, Amount, Coin, Coins, SdkError, SdkResult};

use crate::params::SendEnabledEntry;
use crate::state::{decode_flag, put_params, set_send_enabled, write_balance, write_supply, BankRead};
use crate::{keys, Params};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub balances: Vec<GenesisBalance>,
    /// If non-empty, must equal the sum of `balances`.
    #[serde(default)]
    pub supply: Vec<GenesisCoin>,
    /// Display metadata of denoms; not supported yet, so it must be empty.
    #[serde(default)]
    pub denom_metadata: Vec<serde_json::Value>,
    #[serde(default)]
    pub send_enabled: Vec<SendEnabledEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisBalance {
    pub address: String,
    pub coins: Vec<GenesisCoin>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisCoin {
    pub denom: String,
    pub amount: String,
}

impl From<&Coin> for GenesisCoin {
    fn from(c: &Coin) -> Self {
        Self { denom: c.denom.clone(), amount: c.amount.to_string() }
    }
}

fn coins_of(list: &[GenesisCoin]) -> SdkResult<Coins> {
    let proto: Vec<_> = list
        .iter()
        .map(|c| cosmos_sdk_proto::cosmos::base::v1beta1::Coin { denom: c.denom.clone(), amount: c.amount.clone() })
        .collect();
    Coins::from_proto_strict(&proto)
}

/// What a valid genesis section holds, parsed.
pub struct Parsed {
    pub balances: Vec<(Address, Coins)>,
    pub supply: Coins,
    pub send_enabled: Vec<SendEnabledEntry>,
}

impl GenesisState {
    /// Balances by address (duplicates rejected), the supply they add up to, and the send flags
    /// (the deprecated `params.send_enabled` moved to the top-level list, as the SDK migrates it).
    pub fn parse(&self) -> SdkResult<Parsed> {
        let invalid = |why: String| SdkError::new(Code::InvalidRequest, format!("bank genesis: {why}"));
        if !self.denom_metadata.is_empty() {
            return Err(invalid("denom metadata is not supported".into()));
        }
        if !self.params.send_enabled.is_empty() && !self.send_enabled.is_empty() {
            return Err(invalid(
                "send_enabled defined in both the send_enabled field and in params (deprecated)".into(),
            ));
        }
        let send_enabled =
            if self.send_enabled.is_empty() { self.params.send_enabled.clone() } else { self.send_enabled.clone() };
        let mut denoms = std::collections::BTreeSet::new();
        for entry in &send_enabled {
            symbiote_core::coin::validate_denom(&entry.denom)?;
            if !denoms.insert(entry.denom.as_str()) {
                return Err(invalid(format!("duplicate send enabled found: '{}'", entry.denom)));
            }
        }

        let mut seen = std::collections::BTreeSet::new();
        let mut supply = Coins::new();
        let mut balances = Vec::with_capacity(self.balances.len());
        for b in &self.balances {
            let address: Address = b.address.parse()?;
            if !seen.insert(address) {
                return Err(invalid(format!("duplicate balance for {address}")));
            }
            let coins = coins_of(&b.coins)?;
            for c in coins.iter() {
                supply.add(&c)?;
            }
            balances.push((address, coins));
        }
        let declared = coins_of(&self.supply)?;
        if !declared.is_empty() && declared != supply {
            return Err(SdkError::new(
                Code::InvalidCoins,
                format!("genesis supply is incorrect, expected {supply}, got {declared}"),
            ));
        }
        Ok(Parsed { balances, supply, send_enabled })
    }

    pub async fn init<S: StateWrite>(&self, state: &mut S) -> SdkResult<()> {
        let parsed = self.parse()?;
        put_params(state, &Params { send_enabled: vec![], ..self.params.clone() })?;
        for entry in &parsed.send_enabled {
            set_send_enabled(state, &entry.denom, Some(entry.enabled))?;
        }
        for (address, coins) in &parsed.balances {
            for c in coins.iter() {
                write_balance(state, address, &c.denom, Amount::ZERO, c.amount)?;
            }
            state.ensure_account(address).await?;
        }
        for c in parsed.supply.iter() {
            write_supply(state, &c.denom, c.amount)?;
        }
        Ok(())
    }

    /// The state as genesis: params, non-zero balances by address, supply, send flags.
    pub async fn export<S: StateRead>(state: &S) -> SdkResult<Self> {
        let params = state.bank_params().await?;
        let mut balances: Vec<GenesisBalance> = Vec::new();
        let all = keys::balances_of_all();
        let mut stream = std::pin::pin!(state.prefix_raw(&all));
        while let Some(item) = stream.next().await {
            let (key, bytes) = item?;
            let (hex, denom) = key[all.len()..]
                .split_once('/')
                .ok_or_else(|| SdkError::internal(format!("corrupt balance key {key}")))?;
            let address =
                Address::from_hex(hex).ok_or_else(|| SdkError::internal(format!("corrupt balance key {key}")))?;
            let amount =
                String::from_utf8(bytes).map_err(|_| SdkError::internal(format!("corrupt amount at {key}")))?;
            let coin = GenesisCoin { denom: denom.to_string(), amount };
            match balances.last_mut() {
                Some(last) if last.address == address.to_string() => last.coins.push(coin),
                _ => balances.push(GenesisBalance { address: address.to_string(), coins: vec![coin] }),
            }
        }
        let mut supply = Vec::new();
        let prefix = keys::supply_prefix();
        let mut stream = std::pin::pin!(state.prefix_raw(&prefix));
        while let Some(item) = stream.next().await {
            let (key, bytes) = item?;
            let amount =
                String::from_utf8(bytes).map_err(|_| SdkError::internal(format!("corrupt amount at {key}")))?;
            supply.push(GenesisCoin { denom: key[prefix.len()..].to_string(), amount });
        }
        let mut send_enabled = Vec::new();
        let prefix = keys::send_enabled_prefix();
        let mut stream = std::pin::pin!(state.prefix_raw(&prefix));
        while let Some(item) = stream.next().await {
            let (key, bytes) = item?;
            let denom = key[prefix.len()..].to_string();
            send_enabled.push(SendEnabledEntry { enabled: decode_flag(&denom, &bytes)?, denom });
        }
        Ok(Self { params, balances, supply, denom_metadata: vec![], send_enabled })
    }
}
