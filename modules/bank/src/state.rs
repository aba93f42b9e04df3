//! Typed reads and writes of balances, supply and send flags. Amounts are stored as decimal
//! strings (as the SDK stores `math.Int`), so a proven value reads the same in any client.
//!
//! Reads are public ([`BankRead`]). The public writes are [`BankWrite`]'s: moves conserve supply,
//! and only a module account holding the `minter` (`burner`) permission can create (destroy)
//! coins, so no other path changes the supply; the raw balance and supply writers are private to
//! the module.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::bank::v1beta1::Params as ProtoParams;
use symbiote_auth::AuthWrite;
use symbiote_core::coin::{format_amount, parse_amount};
use symbiote_core::error::Code;
use symbiote_core::module_account::{ModuleAccount, Permission};
use symbiote_core::store::{ReadExt, WriteExt};
use symbiote_core::{Address, Amount, Coins, SdkError, SdkResult};

use crate::{events, keys, Params};

pub(crate) fn decode_amount(key: &str, bytes: &[u8]) -> SdkResult<Amount> {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|s| parse_amount(s).ok())
        .ok_or_else(|| SdkError::internal(format!("corrupt amount at {key}")))
}

async fn read_amount<S: StateRead + ?Sized>(state: &S, key: &str) -> SdkResult<Amount> {
    match state.get_raw(key).await? {
        None => Ok(Amount::ZERO),
        Some(bytes) => decode_amount(key, &bytes),
    }
}

#[async_trait]
pub trait BankRead: StateRead {
    async fn balance(&self, address: &Address, denom: &str) -> SdkResult<Amount> {
        read_amount(self, &keys::balance(address, denom)).await
    }

    /// Every balance of `address`, by denom (`GetAllBalances`).
    async fn all_balances(&self, address: &Address) -> SdkResult<Coins> {
        let prefix = keys::balances_of(address);
        let mut stream = std::pin::pin!(self.prefix_raw(&prefix));
        let mut out = Coins::new();
        while let Some(item) = futures::StreamExt::next(&mut stream).await {
            let (key, value) = item?;
            let amount = decode_amount(&key, &value)?;
            out.add(&symbiote_core::Coin::new(key[prefix.len()..].to_string(), amount))?;
        }
        Ok(out)
    }

    async fn supply_of(&self, denom: &str) -> SdkResult<Amount> {
        read_amount(self, &keys::supply(denom)).await
    }

    async fn bank_params(&self) -> SdkResult<Params> {
        let proto: ProtoParams = self
            .get_proto(&keys::params())
            .await?
            .ok_or_else(|| SdkError::internal("bank params missing from state"))?;
        Params::from_proto(&proto).map_err(|e| SdkError::internal(format!("corrupt bank params: {}", e.log)))
    }

    /// The denom's own flag if one is set, else the params' default.
    async fn is_send_enabled(&self, denom: &str) -> SdkResult<bool> {
        match self.get_raw(&keys::send_enabled(denom)).await? {
            Some(bytes) => decode_flag(denom, &bytes),
            None => Ok(self.bank_params().await?.default_send_enabled),
        }
    }

    /// The denom's own flag, if one is set.
    async fn send_enabled_flag(&self, denom: &str) -> SdkResult<Option<bool>> {
        match self.get_raw(&keys::send_enabled(denom)).await? {
            Some(bytes) => decode_flag(denom, &bytes).map(Some),
            None => Ok(None),
        }
    }
}

impl<S: StateRead + ?Sized> BankRead for S {}

pub(crate) fn decode_flag(denom: &str, bytes: &[u8]) -> SdkResult<bool> {
    match bytes {
        [0] => Ok(false),
        [1] => Ok(true),
        _ => Err(SdkError::internal(format!("corrupt send_enabled flag for {denom}"))),
    }
}

#[async_trait]
pub trait BankWrite: StateWrite {
    /// Moves `amount` from `from` to `to`, creating the recipient's account if it is new, and
    /// records the transfer events. Fails with code 5 naming the first short denom; on failure the
    /// caller discards the overlay, so a partial move never lands.
    async fn send(&mut self, from: &Address, to: &Address, amount: &Coins) -> SdkResult<()> {
        move_coins(self, from, to, amount, "spendable balance").await?;
        for e in events::transfer(from, to, amount) {
            self.record(e);
        }
        Ok(())
    }

    /// Bonds coins: from a delegator's account into a staking pool (`DelegateCoins`). Events are
    /// `coin_spent` and `coin_received`, with no `transfer`, as the SDK records a delegation.
    async fn delegate_coins(&mut self, delegator: &Address, pool: &Address, amount: &Coins) -> SdkResult<()> {
        move_coins(self, delegator, pool, amount, "failed to delegate;").await?;
        for e in events::spent_received(delegator, pool, amount) {
            self.record(e);
        }
        Ok(())
    }

    /// Pays unbonded coins from a staking pool back to a delegator (`UndelegateCoins`).
    async fn undelegate_coins(&mut self, pool: &Address, delegator: &Address, amount: &Coins) -> SdkResult<()> {
        move_coins(self, pool, delegator, amount, "spendable balance").await?;
        for e in events::spent_received(pool, delegator, amount) {
            self.record(e);
        }
        Ok(())
    }

    /// Creates coins in a module account with the `minter` permission (`MintCoins`): the supply
    /// grows by the same amount. A module without the permission is a wiring bug (internal error).
    async fn mint_coins(&mut self, module: &ModuleAccount, amount: &Coins) -> SdkResult<()> {
        require(module, Permission::Minter)?;
        let to = module.address();
        for coin in amount.iter() {
            let supply = self.supply_of(&coin.denom).await?;
            let grown = supply
                .checked_add(coin.amount)
                .ok_or_else(|| SdkError::internal(format!("supply overflow minting {coin}")))?;
            write_supply(self, &coin.denom, grown)?;
            let have = self.balance(&to, &coin.denom).await?;
            let sum = have.checked_add(coin.amount).ok_or_else(|| SdkError::internal("balance overflow minting"))?;
            write_balance(self, &to, &coin.denom, have, sum)?;
        }
        self.ensure_account(&to).await?;
        if !amount.is_empty() {
            for e in events::minted(&to, amount) {
                self.record(e);
            }
        }
        Ok(())
    }

    /// Destroys coins held by a module account with the `burner` permission (`BurnCoins`): the
    /// supply shrinks by the same amount. Fails with code 5 if the account holds less.
    async fn burn_coins(&mut self, module: &ModuleAccount, amount: &Coins) -> SdkResult<()> {
        require(module, Permission::Burner)?;
        let from = module.address();
        for coin in amount.iter() {
            let have = self.balance(&from, &coin.denom).await?;
            let Some(left) = have.checked_sub(coin.amount) else {
                return Err(SdkError::new(
                    Code::InsufficientFunds,
                    format!("spendable balance {have}{} is smaller than {coin}", coin.denom),
                ));
            };
            write_balance(self, &from, &coin.denom, have, left)?;
            let supply = self.supply_of(&coin.denom).await?;
            let shrunk = supply
                .checked_sub(coin.amount)
                .ok_or_else(|| SdkError::internal(format!("supply of {} below a module balance", coin.denom)))?;
            write_supply(self, &coin.denom, shrunk)?;
        }
        if !amount.is_empty() {
            for e in events::burned(&from, amount) {
                self.record(e);
            }
        }
        Ok(())
    }
}

fn require(module: &ModuleAccount, permission: Permission) -> SdkResult<()> {
    if module.permissions.contains(&permission) {
        Ok(())
    } else {
        Err(SdkError::internal(format!(
            "module account {} does not have permission {}",
            module.name,
            permission.as_str()
        )))
    }
}

/// Moves coins (no events), creating the recipient's account if it is new. Fails with code 5
/// naming the first short denom; the caller's overlay is discarded on failure.
async fn move_coins<S: StateWrite + ?Sized>(
    state: &mut S,
    from: &Address,
    to: &Address,
    amount: &Coins,
    short_prefix: &str,
) -> SdkResult<()> {
    for coin in amount.iter() {
        let have = state.balance(from, &coin.denom).await?;
        let Some(left) = have.checked_sub(coin.amount) else {
            return Err(SdkError::new(
                Code::InsufficientFunds,
                format!("{short_prefix} {have}{} is smaller than {coin}", coin.denom),
            ));
        };
        write_balance(state, from, &coin.denom, have, left)?;
        let theirs = state.balance(to, &coin.denom).await?;
        let sum = theirs
            .checked_add(coin.amount)
            .ok_or_else(|| SdkError::new(Code::InvalidCoins, format!("balance overflow receiving {coin}")))?;
        write_balance(state, to, &coin.denom, theirs, sum)?;
    }
    state.ensure_account(to).await
}

impl<S: StateWrite + ?Sized> BankWrite for S {}

/// Sets a balance from `old` to `new`. State holds only non-zero balances, and the denom index
/// changes only when a balance appears or disappears.
pub(crate) fn write_balance<S: StateWrite + ?Sized>(
    state: &mut S,
    address: &Address,
    denom: &str,
    old: Amount,
    new: Amount,
) -> SdkResult<()> {
    let key = keys::balance(address, denom);
    if new.is_zero() {
        state.remove(key)?;
        if !old.is_zero() {
            state.remove(keys::denom_owner(denom, address))?;
        }
    } else {
        state.put_bytes(key, format_amount(new).into_bytes())?;
        if old.is_zero() {
            state.put_bytes(keys::denom_owner(denom, address), vec![1])?;
        }
    }
    Ok(())
}

pub(crate) fn write_supply<S: StateWrite + ?Sized>(state: &mut S, denom: &str, amount: Amount) -> SdkResult<()> {
    let key = keys::supply(denom);
    if amount.is_zero() {
        state.remove(key)
    } else {
        state.put_bytes(key, format_amount(amount).into_bytes())
    }
}

pub(crate) fn put_params<S: StateWrite + ?Sized>(state: &mut S, params: &Params) -> SdkResult<()> {
    state.put_proto(keys::params(), &params.to_proto())
}

/// Sets a denom's own send flag, or (`None`) makes it follow the default again.
pub(crate) fn set_send_enabled<S: StateWrite + ?Sized>(
    state: &mut S,
    denom: &str,
    enabled: Option<bool>,
) -> SdkResult<()> {
    match enabled {
        Some(flag) => state.put_bytes(keys::send_enabled(denom), vec![u8::from(flag)]),
        None => state.remove(keys::send_enabled(denom)),
    }
}
