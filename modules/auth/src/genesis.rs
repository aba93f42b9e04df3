//! `app_state.auth` in genesis: params and accounts, in the Cosmos SDK's JSON shape. Every module
//! account the chain declares is created at genesis (after the listed accounts, in name order)
//! unless the file already lists an account at its address, as an exported genesis does.

use cnidarium::{StateRead, StateWrite};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use symbiote_core::error::Code;
use symbiote_core::store::WriteExt;
use symbiote_core::{Address, GenesisContext, SdkError, SdkResult};

use crate::state::{create_account, put_params, store_new, AuthRead};
use crate::{keys, Account, Params, BASE_ACCOUNT_TYPE_URL, SECP256K1_PUBKEY_TYPE_URL};

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
    /// and account numbers. Returns the accounts, parsed.
    pub fn accounts(&self) -> SdkResult<Vec<Account>> {
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
            let address: Address = a.address.parse()?;
            let pubkey = match &a.pub_key {
                None | Some(serde_json::Value::Null) => None,
                Some(v) => Some(pubkey_from_json(v, &address).map_err(|e| bad(e.log))?),
            };
            if !seen_addr.insert(address) {
                return Err(bad("duplicate address".into()));
            }
            if !seen_num.insert(a.account_number) {
                return Err(bad(format!("duplicate account number {}", a.account_number)));
            }
            // The next account is numbered after the largest: that number must exist.
            if a.account_number == u64::MAX {
                return Err(bad("account number out of range".into()));
            }
            out.push(Account { address, pubkey, account_number: a.account_number, sequence: a.sequence });
        }
        Ok(out)
    }

    pub async fn init<S: StateWrite>(&self, state: &mut S, ctx: &GenesisContext) -> SdkResult<()> {
        let accounts = self.accounts()?;
        put_params(state, &self.params)?;
        let mut next = 0u64;
        for account in &accounts {
            store_new(state, account)?;
            next = next.max(account.account_number + 1); // < u64::MAX, checked above
        }
        state.put_u64(keys::next_account_number(), next)?;
        for (_, address) in ctx.accounts.iter() {
            if !state.has_account(address).await? {
                create_account(state, address).await?;
            }
        }
        Ok(())
    }

    /// The state as genesis: params and every account, ordered by address.
    pub async fn export<S: StateRead>(state: &S) -> SdkResult<Self> {
        let params = state.auth_params().await?;
        let mut accounts = Vec::new();
        let mut stream = std::pin::pin!(state.prefix_raw(&keys::accounts_prefix()));
        while let Some(item) = stream.next().await {
            let (key, bytes) = item?;
            let proto = prost::Message::decode(bytes.as_slice())
                .map_err(|e| SdkError::internal(format!("corrupt account at {key}: {e}")))?;
            let account = Account::from_proto(&proto).map_err(|e| SdkError::internal(e.log))?;
            accounts.push(GenesisAccount {
                sequence: account.sequence,
                pub_key: account.pubkey.as_deref().map(pubkey_json),
                ..GenesisAccount::new(&account.address, account.account_number)
            });
        }
        Ok(Self { params, accounts })
    }
}

/// `{"@type": "/cosmos.crypto.secp256k1.PubKey", "key": "<base64>"}`, the SDK's JSON of a key.
fn pubkey_json(compressed: &[u8]) -> serde_json::Value {
    use base64::Engine;
    serde_json::json!({
        "@type": SECP256K1_PUBKEY_TYPE_URL,
        "key": base64::engine::general_purpose::STANDARD.encode(compressed),
    })
}

/// The key in a genesis account's `pub_key`, which must be secp256k1 and belong to the address.
fn pubkey_from_json(value: &serde_json::Value, address: &Address) -> SdkResult<Vec<u8>> {
    use base64::Engine;
    let invalid = |why: &str| SdkError::new(Code::InvalidPubKey, why.to_string());
    if value.get("@type").and_then(|t| t.as_str()) != Some(SECP256K1_PUBKEY_TYPE_URL) {
        return Err(invalid("pub_key must be a /cosmos.crypto.secp256k1.PubKey"));
    }
    let key = value
        .get("key")
        .and_then(|k| k.as_str())
        .and_then(|k| base64::engine::general_purpose::STANDARD.decode(k).ok())
        .ok_or_else(|| invalid("pub_key.key must be base64"))?;
    let any = crate::pubkey_any(&key);
    let key = crate::secp256k1_key_from_any(&any)?;
    if Address::from_secp256k1_pubkey(&key) != *address {
        return Err(invalid("pub_key does not belong to the address"));
    }
    Ok(key)
}
