//! `app_state.auth` in genesis: params and accounts, in the Cosmos SDK's JSON shape.

use cnidarium::StateWrite;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::store::WriteExt;
use symbiote_core::{Address, SdkError, SdkResult};

use crate::state::AuthWrite;
use crate::{keys, Account, Params, BASE_ACCOUNT_TYPE_URL};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub accounts: Vec<GenesisAccount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisAccount {
    #[serde(rename = "@type", default = "base_account_type")]
    pub type_url: String,
    pub address: String,
    #[serde(default)]
    pub pub_key: Option<serde_json::Value>,
    #[serde(with = "symbiote_core::serde_str")]
    pub account_number: u64,
    #[serde(with = "symbiote_core::serde_str", default)]
    pub sequence: u64,
}

fn base_account_type() -> String {
    BASE_ACCOUNT_TYPE_URL.to_string()
}

impl GenesisAccount {
    pub fn new(address: &Address, account_number: u64) -> Self {
        Self { type_url: base_account_type(), address: address.to_string(), pub_key: None, account_number, sequence: 0 }
    }
}

impl GenesisState {
    /// Checks everything that can be checked without state: params, addresses, unique addresses
    /// and account numbers.
    pub fn validate(&self) -> SdkResult<Vec<Account>> {
        self.params.validate()?;
        let mut seen_addr = std::collections::BTreeSet::new();
        let mut seen_num = std::collections::BTreeSet::new();
        let mut out = Vec::with_capacity(self.accounts.len());
        for a in &self.accounts {
            let bad =
                |why: String| SdkError::new(Code::InvalidRequest, format!("genesis account {}: {why}", a.address));
            if a.type_url != BASE_ACCOUNT_TYPE_URL {
                return Err(bad(format!("unsupported account type {}", a.type_url)));
            }
            if a.pub_key.as_ref().is_some_and(|v| !v.is_null()) {
                return Err(bad("genesis accounts get their public key from their first tx".into()));
            }
            let address: Address = a.address.parse()?;
            if !seen_addr.insert(address) {
                return Err(bad("duplicate address".into()));
            }
            if !seen_num.insert(a.account_number) {
                return Err(bad(format!("duplicate account number {}", a.account_number)));
            }
            out.push(Account { address, pubkey: None, account_number: a.account_number, sequence: a.sequence });
        }
        Ok(out)
    }

    pub fn apply<S: StateWrite>(&self, state: &mut S) -> SdkResult<()> {
        let accounts = self.validate()?;
        state.put_auth_params(&self.params);
        let mut next = 0;
        for account in &accounts {
            state.put_account(account);
            next = next.max(account.account_number + 1);
        }
        state.put_u64(keys::next_account_number(), next);
        Ok(())
    }
}
