//! Typed reads and writes of balances and supply. Amounts are stored as decimal strings (as the
//! SDK stores `math.Int`), so a proven value reads the same in any client.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use futures::StreamExt as _;
use symbiote_auth::AuthWrite;
use symbiote_core::coin::{format_amount, parse_amount};
use symbiote_core::error::Code;
use symbiote_core::{Address, Coin, Coins, SdkError, SdkResult};

use crate::{events, keys, Params};

fn decode_amount(key: &str, bytes: &[u8]) -> SdkResult<u128> {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|s| parse_amount(s).ok())
        .ok_or_else(|| SdkError::internal(format!("corrupt amount at {key}")))
}

/// Every send reads the params (and pays gas for the read); they rarely change, so the JSON is
/// parsed again only when the stored bytes differ from the last ones parsed on this thread.
fn parse_params(bytes: &[u8]) -> SdkResult<Params> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(Vec<u8>, Params)>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((seen, params)) = last.as_ref() {
            if seen.as_slice() == bytes {
                return Ok(params.clone());
            }
        }
        let params: Params =
            serde_json::from_slice(bytes).map_err(|e| SdkError::internal(format!("corrupt bank params: {e}")))?;
        *last = Some((bytes.to_vec(), params.clone()));
        Ok(params)
    })
}

#[async_trait]
pub trait BankRead: StateRead {
    async fn balance(&self, address: &Address, denom: &str) -> SdkResult<u128> {
        let key = keys::balance(address, denom);
        match self.get_raw(&key).await? {
            None => Ok(0),
            Some(bytes) => decode_amount(&key, &bytes),
        }
    }

    async fn all_balances(&self, address: &Address) -> SdkResult<Coins> {
        let prefix = keys::balances_of(address);
        let mut out = Coins::new();
        let mut stream = std::pin::pin!(self.prefix_raw(&prefix));
        while let Some(item) = stream.next().await {
            let (key, bytes) = item?;
            let denom = key.strip_prefix(&prefix).unwrap_or_default().to_string();
            out.add(&Coin::new(denom, decode_amount(&key, &bytes)?))?;
        }
        Ok(out)
    }

    /// Every non-zero balance of `denom`, ordered by address (DenomOwners).
    async fn denom_owners(&self, denom: &str) -> SdkResult<Vec<(Address, u128)>> {
        let mut out = Vec::new();
        let mut stream = std::pin::pin!(self.prefix_raw(&keys::all_balances()));
        while let Some(item) = stream.next().await {
            let (key, bytes) = item?;
            let Some((addr_hex, key_denom)) = keys::parse_balance_key(&key) else { continue };
            if key_denom != denom {
                continue;
            }
            let raw =
                Address::from_hex(addr_hex).ok_or_else(|| SdkError::internal(format!("corrupt balance key {key}")))?;
            out.push((raw, decode_amount(&key, &bytes)?));
        }
        Ok(out)
    }

    async fn supply_of(&self, denom: &str) -> SdkResult<u128> {
        let key = keys::supply(denom);
        match self.get_raw(&key).await? {
            None => Ok(0),
            Some(bytes) => decode_amount(&key, &bytes),
        }
    }

    async fn total_supply(&self) -> SdkResult<Coins> {
        let prefix = keys::supply_prefix();
        let mut out = Coins::new();
        let mut stream = std::pin::pin!(self.prefix_raw(&prefix));
        while let Some(item) = stream.next().await {
            let (key, bytes) = item?;
            let denom = key.strip_prefix(&prefix).unwrap_or_default().to_string();
            out.add(&Coin::new(denom, decode_amount(&key, &bytes)?))?;
        }
        Ok(out)
    }

    async fn bank_params(&self) -> SdkResult<Params> {
        let bytes =
            self.get_raw(&keys::params()).await?.ok_or_else(|| SdkError::internal("bank params missing from state"))?;
        parse_params(&bytes)
    }
}

impl<S: StateRead + ?Sized> BankRead for S {}

#[async_trait]
pub trait BankWrite: StateWrite {
    /// Sets a balance; zero deletes the key so state holds only non-zero balances.
    fn set_balance(&mut self, address: &Address, denom: &str, amount: u128) {
        let key = keys::balance(address, denom);
        if amount == 0 {
            self.delete(key);
        } else {
            self.put_raw(key, format_amount(amount).into_bytes());
        }
    }

    fn set_supply(&mut self, denom: &str, amount: u128) {
        let key = keys::supply(denom);
        if amount == 0 {
            self.delete(key);
        } else {
            self.put_raw(key, format_amount(amount).into_bytes());
        }
    }

    fn put_bank_params(&mut self, params: &Params) {
        self.put_raw(keys::params(), serde_json::to_vec(params).expect("params serialize"));
    }

    /// Moves `amount` from `from` to `to`, creating the recipient's account if it is new, and
    /// records the transfer events. Fails with code 5 naming the first short denom; on failure the
    /// caller discards the overlay, so a partial move never lands.
    async fn send(&mut self, from: &Address, to: &Address, amount: &Coins) -> SdkResult<()> {
        for coin in amount.iter() {
            let have = self.balance(from, &coin.denom).await?;
            let Some(left) = have.checked_sub(coin.amount) else {
                return Err(SdkError::new(
                    Code::InsufficientFunds,
                    format!("spendable balance {have}{} is smaller than {coin}", coin.denom),
                ));
            };
            self.set_balance(from, &coin.denom, left);
            let theirs = self.balance(to, &coin.denom).await?;
            let sum = theirs
                .checked_add(coin.amount)
                .ok_or_else(|| SdkError::new(Code::InvalidCoins, format!("balance overflow receiving {coin}")))?;
            self.set_balance(to, &coin.denom, sum);
        }
        self.ensure_account(to).await?;
        for e in events::transfer(from, to, amount) {
            self.record(e);
        }
        Ok(())
    }
}

impl<S: StateWrite + ?Sized> BankWrite for S {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_reparsed_when_their_bytes_change() {
        let on = serde_json::to_vec(&Params::default()).unwrap();
        let off = serde_json::to_vec(&Params { default_send_enabled: false, ..Params::default() }).unwrap();
        assert!(parse_params(&on).unwrap().default_send_enabled);
        assert!(!parse_params(&off).unwrap().default_send_enabled);
        assert!(parse_params(&on).unwrap().default_send_enabled);
        assert!(parse_params(b"{").unwrap_err().log.contains("corrupt bank params"));
    }
}
