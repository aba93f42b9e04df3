//! `app_state.bank` in genesis: params, balances, optional supply (checked against the balances).

use cnidarium::StateWrite;
use serde::{Deserialize, Serialize};
use symbiote_auth::AuthWrite;
use symbiote_core::error::Code;
use symbiote_core::{Address, Coin, Coins, SdkError, SdkResult};

use crate::state::BankWrite;
use crate::Params;

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

impl GenesisState {
    /// Balances by address (duplicates rejected) and the supply they add up to.
    pub fn validate(&self) -> SdkResult<(Vec<(Address, Coins)>, Coins)> {
        let mut seen = std::collections::BTreeSet::new();
        let mut supply = Coins::new();
        let mut out = Vec::with_capacity(self.balances.len());
        for b in &self.balances {
            let address: Address = b.address.parse()?;
            if !seen.insert(address) {
                return Err(SdkError::new(Code::InvalidRequest, format!("genesis: duplicate balance for {address}")));
            }
            let coins = coins_of(&b.coins)?;
            for c in coins.iter() {
                supply.add(&c)?;
            }
            out.push((address, coins));
        }
        let declared = coins_of(&self.supply)?;
        if !declared.is_empty() && declared != supply {
            return Err(SdkError::new(
                Code::InvalidCoins,
                format!("genesis supply is incorrect, expected {supply}, got {declared}"),
            ));
        }
        Ok((out, supply))
    }

    pub async fn apply<S: StateWrite>(&self, state: &mut S) -> SdkResult<()> {
        let (balances, supply) = self.validate()?;
        state.put_bank_params(&self.params);
        for (address, coins) in &balances {
            for c in coins.iter() {
                state.set_balance(address, &c.denom, c.amount);
            }
            state.ensure_account(address).await?;
        }
        for c in supply.iter() {
            state.set_supply(&c.denom, c.amount);
        }
        Ok(())
    }
}
