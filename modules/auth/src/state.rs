//! Typed reads and writes of account state. Reads are public ([`AuthRead`]); writes are private to
//! the module except the two the rest of the chain needs ([`AuthWrite`]): creating an account for
//! a first-time recipient, and recording a signature's use of an account (pubkey, sequence).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::error::Code;
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{Address, SdkError, SdkResult};
use symbiote_proto::symbiote::auth::v1::Params as ProtoParams;

use crate::{keys, Account, Params};

fn account_not_found(address: &Address) -> SdkError {
    SdkError::new(Code::UnknownAddress, format!("account {address} not found"))
}

#[async_trait]
pub trait AuthRead: StateRead {
    async fn account(&self, address: &Address) -> SdkResult<Option<Account>> {
        match self.get_proto(&keys::account(address)).await? {
            None => Ok(None),
            Some(proto) => Ok(Some(Account::from_proto(&proto).map_err(|e| SdkError::internal(e.log))?)),
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

    /// The address that holds account number `number`, if any.
    async fn address_by_number(&self, number: u64) -> SdkResult<Option<Address>> {
        match self.get_raw(&keys::account_by_number(number)).await? {
            None => Ok(None),
            Some(bytes) => Address::from_bytes_slice(&bytes)
                .map(Some)
                .map_err(|_| SdkError::internal(format!("corrupt address for account number {number}"))),
        }
    }

    async fn auth_params(&self) -> SdkResult<Params> {
        let proto: ProtoParams = self
            .get_proto(&keys::params())
            .await?
            .ok_or_else(|| SdkError::internal("auth params missing from state"))?;
        Params::from_proto(&proto).map_err(|e| SdkError::internal(format!("corrupt auth params: {}", e.log)))
    }

    async fn next_account_number(&self) -> SdkResult<u64> {
        Ok(self.get_u64(&keys::next_account_number()).await?.unwrap_or(0))
    }
}

impl<S: StateRead + ?Sized> AuthRead for S {}

#[async_trait]
pub trait AuthWrite: StateWrite {
    /// Creates `address`'s account with the next account number (no pubkey) unless it exists, as
    /// the SDK's bank does for a first-time recipient.
    async fn ensure_account(&mut self, address: &Address) -> SdkResult<()> {
        if self.has_account(address).await? {
            return Ok(());
        }
        create_account(self, address).await.map(|_| ())
    }

    /// Records that `account` signed a tx: sets its key (on first use; `None` keeps what is stored)
    /// and moves the sequence on by one, so the signature cannot be replayed.
    fn record_signature(&mut self, account: &Account, pubkey: Option<Vec<u8>>) -> SdkResult<()> {
        let sequence = account.sequence.checked_add(1).ok_or_else(|| {
            SdkError::new(Code::InvalidSequence, format!("sequence of {} overflows", account.address))
        })?;
        let pubkey = pubkey.or_else(|| account.pubkey.clone());
        put_account(self, &Account { pubkey, sequence, ..account.clone() })
    }
}

impl<S: StateWrite + ?Sized> AuthWrite for S {}

pub(crate) fn put_account<S: StateWrite + ?Sized>(state: &mut S, account: &Account) -> SdkResult<()> {
    state.put_proto(keys::account(&account.address), &account.to_proto())
}

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}

/// Stores a new account under the next number and indexes the number.
pub(crate) async fn create_account<S: StateWrite + ?Sized>(state: &mut S, address: &Address) -> SdkResult<Account> {
    let number = state.next_account_number().await?;
    let next = number.checked_add(1).ok_or_else(|| SdkError::internal("account numbers exhausted"))?;
    state.put_u64(keys::next_account_number(), next)?;
    let account = Account::new(*address, number);
    store_new(state, &account)?;
    Ok(account)
}

/// Stores an account that does not exist yet, with its number index.
pub(crate) fn store_new<S: StateWrite + ?Sized>(state: &mut S, account: &Account) -> SdkResult<()> {
    put_account(state, account)?;
    state.put_bytes(keys::account_by_number(account.account_number), account.address.as_bytes().to_vec())
}
