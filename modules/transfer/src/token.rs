//! ICS-20's token moves (ibc-rs' `TokenTransferValidationContext` / `ExecutionContext`) as bank
//! operations on the message's state, which the IBC core context shares:
//!
//! - a native token leaving is escrowed in the channel's escrow account (ibc-go's ADR-028
//!   address) and released when it comes back or its packet fails;
//! - a token arriving from elsewhere is minted as its voucher `ibc/{HASH}` by the `transfer` module
//!   account (minter) and handed to the receiver; a voucher going home is burned.
//!
//! Each `*_validate` checks everything its `*_execute` needs (balances, limits, blocked
//! receivers), so an execute that still fails met a broken store, or a bug: it is remembered as
//! the message's failure, which fails the tx (or halts, if internal) rather than commit half a move.

use ibc::apps::transfer::types::{Memo, PrefixedCoin, PrefixedDenom};
use ibc::core::host::types::error::HostError;
use ibc::core::host::types::identifiers::{ChannelId, PortId};
use ibc::primitives::Signer;
use symbiote_bank::state::{BankRead, BankWrite};
use symbiote_core::erased::Erased;
use symbiote_core::module_account::ModuleAccounts;
use symbiote_core::{Address, Amount, Coin, Coins, SdkError, SdkResult};
use symbiote_ibc::ctx::Shared;

use crate::denom::{bank_denom, hash, trace_of, voucher_hash};
use crate::state::{put_denom_trace, put_total_escrow, TransferRead};

/// ICS-20's view of one message's state.
pub struct TokenCtx<'a, 'b> {
    shared: &'a Shared<Erased<'b>>,
    accounts: &'static ModuleAccounts,
}

/// The escrow account of a channel end, as ibc-go derives it.
pub fn escrow_address(port: &PortId, channel: &ChannelId) -> Address {
    let bytes = ibc::cosmos_host::utils::cosmos_adr028_escrow_address(port, channel);
    Address::from_bytes_slice(&bytes).expect("ADR-028 addresses are 20 bytes")
}

fn refuse(reason: impl ToString) -> HostError {
    HostError::invalid_state(reason)
}

fn amount_of(coin: &PrefixedCoin) -> Result<Amount, HostError> {
    let amount: Amount =
        coin.amount.to_string().parse().map_err(|_| refuse(format!("invalid amount {}", coin.amount)))?;
    if amount.is_zero() {
        return Err(refuse("amount must be positive"));
    }
    Ok(amount)
}

fn coins(denom: &str, amount: Amount) -> SdkResult<Coins> {
    let mut all = Coins::new();
    all.add(&Coin::new(denom, amount))?;
    Ok(all)
}

impl<'a, 'b> TokenCtx<'a, 'b> {
    pub fn new(shared: &'a Shared<Erased<'b>>, accounts: &'static ModuleAccounts) -> Self {
        Self { shared, accounts }
    }

    /// A read; its failure is the store's (remembered, outranking ibc-rs' verdict).
    // The borrow is held across the await inside `Shared::block_on`, which drives the future to
    // completion within this one synchronous call: nothing else can touch the cell meanwhile.
    #[allow(clippy::await_holding_refcell_ref)]
    fn read<T: 'static>(
        &self,
        read: impl for<'s> FnOnce(&'s Erased<'b>) -> futures::future::BoxFuture<'s, SdkResult<T>>,
    ) -> Result<T, HostError> {
        self.shared
            .block_on(|cell| Box::pin(async move { read(&cell.borrow()).await }))
            .map_err(|e| HostError::failed_to_retrieve(e.log))
    }

    /// A write that validation said would succeed; a failure is remembered as the message's.
    #[allow(clippy::await_holding_refcell_ref)]
    fn write(
        &self,
        write: impl for<'s> FnOnce(&'s mut Erased<'b>) -> futures::future::BoxFuture<'s, SdkResult<()>>,
    ) -> Result<(), HostError> {
        self.shared
            .block_on(|cell| Box::pin(async move { write(&mut cell.borrow_mut()).await }))
            .map_err(|e| HostError::failed_to_store(e.log))
    }

    fn balance(&self, address: Address, denom: String) -> Result<Amount, HostError> {
        self.read(move |s| Box::pin(async move { s.balance(&address, &denom).await }))
    }

    fn params(&self) -> Result<crate::Params, HostError> {
        self.read(|s| Box::pin(async move { s.transfer_params().await }))
    }

    fn account(&self, signer: &Signer, role: &str) -> Result<Address, HostError> {
        signer.as_ref().parse::<Address>().map_err(|e| refuse(format!("invalid {role} address: {}", e.log)))
    }

    fn has_at_least(&self, holder: Address, denom: &str, amount: Amount) -> Result<(), HostError> {
        let have = self.balance(holder, denom.to_string())?;
        if have < amount {
            return Err(refuse(format!("insufficient funds: {holder} has {have}{denom}, needs {amount}{denom}")));
        }
        Ok(())
    }

    fn move_coins(&self, from: Address, to: Address, denom: String, amount: Amount) -> Result<(), HostError> {
        self.write(move |s| {
            Box::pin(async move {
                let moved = coins(&denom, amount)?;
                s.send(&from, &to, &moved).await
            })
        })
    }

    fn change_escrow_total(&self, denom: String, amount: Amount, up: bool) -> Result<(), HostError> {
        self.write(move |s| {
            Box::pin(async move {
                let total = s.total_escrow(&denom).await?;
                let next = if up { total.checked_add(amount) } else { total.checked_sub(amount) };
                let next = next.ok_or_else(|| SdkError::internal(format!("escrow total of {denom} out of range")))?;
                put_total_escrow(s, &denom, next)
            })
        })
    }
}

impl ibc::apps::transfer::context::TokenTransferValidationContext for TokenCtx<'_, '_> {
    type AccountId = Address;

    fn sender_account(&self, sender: &Signer) -> Result<Address, HostError> {
        self.account(sender, "sender")
    }

    /// Module accounts do not receive tokens over IBC, as they may not through a bank send.
    fn receiver_account(&self, receiver: &Signer) -> Result<Address, HostError> {
        let address = self.account(receiver, "receiver")?;
        if self.accounts.is_blocked(&address) {
            return Err(refuse(format!("{address} is not allowed to receive funds")));
        }
        Ok(address)
    }

    fn get_port(&self) -> Result<PortId, HostError> {
        Ok(PortId::transfer())
    }

    fn can_send_coins(&self) -> Result<(), HostError> {
        if !self.params()?.send_enabled {
            return Err(refuse("fungible token transfers from this chain are disabled"));
        }
        Ok(())
    }

    fn can_receive_coins(&self) -> Result<(), HostError> {
        if !self.params()?.receive_enabled {
            return Err(refuse("fungible token transfers to this chain are disabled"));
        }
        Ok(())
    }

    fn escrow_coins_validate(
        &self,
        from: &Address,
        _port: &PortId,
        _channel: &ChannelId,
        coin: &PrefixedCoin,
        _memo: &Memo,
    ) -> Result<(), HostError> {
        let (denom, amount) = (bank_denom(&coin.denom), amount_of(coin)?);
        let check = denom.clone();
        if !self.read(move |s| Box::pin(async move { s.is_send_enabled(&check).await }))? {
            return Err(refuse(format!("{denom} transfers are currently disabled")));
        }
        self.has_at_least(*from, &denom, amount)
    }

    fn unescrow_coins_validate(
        &self,
        _to: &Address,
        port: &PortId,
        channel: &ChannelId,
        coin: &PrefixedCoin,
    ) -> Result<(), HostError> {
        self.has_at_least(escrow_address(port, channel), &bank_denom(&coin.denom), amount_of(coin)?)
    }

    fn mint_coins_validate(&self, _account: &Address, coin: &PrefixedCoin) -> Result<(), HostError> {
        let denom = bank_denom(&coin.denom);
        let amount = amount_of(coin)?;
        let check = denom.clone();
        let supply = self.read(move |s| Box::pin(async move { s.supply_of(&check).await }))?;
        if supply.checked_add(amount).is_none() {
            return Err(refuse(format!("minting {amount}{denom} would overflow its supply")));
        }
        Ok(())
    }

    fn burn_coins_validate(&self, account: &Address, coin: &PrefixedCoin, _memo: &Memo) -> Result<(), HostError> {
        self.has_at_least(*account, &bank_denom(&coin.denom), amount_of(coin)?)
    }

    fn denom_hash_string(&self, denom: &PrefixedDenom) -> Option<String> {
        let voucher = bank_denom(denom);
        voucher_hash(&voucher).map(str::to_string)
    }
}

impl ibc::apps::transfer::context::TokenTransferExecutionContext for TokenCtx<'_, '_> {
    fn escrow_coins_execute(
        &mut self,
        from: &Address,
        port: &PortId,
        channel: &ChannelId,
        coin: &PrefixedCoin,
        _memo: &Memo,
    ) -> Result<(), HostError> {
        let (denom, amount) = (bank_denom(&coin.denom), amount_of(coin)?);
        self.move_coins(*from, escrow_address(port, channel), denom.clone(), amount)?;
        self.change_escrow_total(denom, amount, true)
    }

    fn unescrow_coins_execute(
        &mut self,
        to: &Address,
        port: &PortId,
        channel: &ChannelId,
        coin: &PrefixedCoin,
    ) -> Result<(), HostError> {
        let (denom, amount) = (bank_denom(&coin.denom), amount_of(coin)?);
        self.move_coins(escrow_address(port, channel), *to, denom.clone(), amount)?;
        self.change_escrow_total(denom, amount, false)
    }

    /// Records the voucher's trace (first arrival), mints it to the module account and hands it on.
    fn mint_coins_execute(&mut self, account: &Address, coin: &PrefixedCoin) -> Result<(), HostError> {
        let (denom, amount) = (bank_denom(&coin.denom), amount_of(coin)?);
        let trace = trace_of(&coin.denom);
        let trace_hash = hash(&coin.denom.to_string());
        let to = *account;
        self.write(move |s| {
            Box::pin(async move {
                if s.denom_trace(&trace_hash).await?.is_none() {
                    put_denom_trace(s, &trace_hash, &trace)?;
                }
                let minted = coins(&denom, amount)?;
                s.mint_coins(&crate::ACCOUNT, &minted).await?;
                s.send(&crate::ACCOUNT.address(), &to, &minted).await
            })
        })
    }

    fn burn_coins_execute(&mut self, account: &Address, coin: &PrefixedCoin, _memo: &Memo) -> Result<(), HostError> {
        let (denom, amount) = (bank_denom(&coin.denom), amount_of(coin)?);
        let from = *account;
        self.write(move |s| {
            Box::pin(async move {
                let burned = coins(&denom, amount)?;
                s.send(&from, &crate::ACCOUNT.address(), &burned).await?;
                s.burn_coins(&crate::ACCOUNT, &burned).await
            })
        })
    }
}
