//! Typed reads and writes of account state.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use futures::StreamExt as _;
use symbiote_core::error::Code;
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{Address, SdkError, SdkResult};

use crate::{keys, Account, Params};

fn account_not_found(address: &Address) -> SdkError {
    SdkError::new(Code::UnknownAddress, format!("account {address} not found"))
}

#[async_trait]
pub trait AuthRead: StateRead {
    async fn account(&self, address: &Address) -> SdkResult<Option<Account>> {
        match self.get_proto(&keys::account(address)).await? {
            None => Ok(None),
            Some(proto) => Ok(Some(Account::from_proto(&proto)?)),
        }
    }

    /// The account, or code 9 ("unknown address") naming it.
    async fn existing_account(&self, address: &Address) -> SdkResult<Account> {
        self.account(address).await?.ok_or_else(|| account_not_found(address))
    }

    /// Whether `address` has an account. Reads the raw bytes (the same read, and gas, as
    /// [`AuthRead::account`]) without decoding them, for callers that do not need the account.
    async fn has_account(&self, address: &Address) -> SdkResult<bool> {
        Ok(self.get_raw(&keys::account(address)).await?.is_some())
    }

    /// Code 9 unless `address` has an account (see [`AuthRead::has_account`]).
    async fn require_account(&self, address: &Address) -> SdkResult<()> {
        if self.has_account(address).await? {
            Ok(())
        } else {
            Err(account_not_found(address))
        }
    }

    async fn auth_params(&self) -> SdkResult<Params> {
        let bytes =
            self.get_raw(&keys::params()).await?.ok_or_else(|| SdkError::internal("auth params missing from state"))?;
        serde_json::from_slice(&bytes).map_err(|e| SdkError::internal(format!("corrupt auth params: {e}")))
    }

    async fn next_account_number(&self) -> SdkResult<u64> {
        Ok(self.get_u64(&keys::next_account_number()).await?.unwrap_or(0))
    }

    /// Every account, ordered by address (genesis export, the Accounts query).
    async fn all_accounts(&self) -> SdkResult<Vec<Account>> {
        let mut out = Vec::new();
        let mut stream = std::pin::pin!(self.prefix_raw(&keys::accounts_prefix()));
        while let Some(item) = stream.next().await {
            let (key, bytes) = item?;
            let proto = prost::Message::decode(bytes.as_slice())
                .map_err(|e| SdkError::internal(format!("corrupt account at {key}: {e}")))?;
            out.push(Account::from_proto(&proto)?);
        }
        Ok(out)
    }
}

impl<S: StateRead + ?Sized> AuthRead for S {}

#[async_trait]
pub trait AuthWrite: StateWrite {
    fn put_account(&mut self, account: &Account) {
        self.put_proto(keys::account(&account.address), &account.to_proto());
    }

    fn put_auth_params(&mut self, params: &Params) {
        let json = serde_json::to_vec(params).expect("params serialize");
        self.put_raw(keys::params(), json);
    }

    /// Creates `address`'s account with the next account number (no pubkey) unless it exists, as
    /// the SDK's bank does for a first-time recipient.
    async fn ensure_account(&mut self, address: &Address) -> SdkResult<()> {
        if self.has_account(address).await? {
            return Ok(());
        }
        let number = self.next_account_number().await?;
        self.put_u64(keys::next_account_number(), number + 1);
        self.put_account(&Account::new(*address, number));
        Ok(())
    }
}

impl<S: StateWrite + ?Sized> AuthWrite for S {}
