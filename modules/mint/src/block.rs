//! Mint's begin-block hook (`x/mint/abci.go`, v0.50): every block, move the inflation rate toward
//! the bonded goal, recompute the annual provisions from the staking token supply, store the
//! minter, mint one block's provision into the mint module account and pass it to the fee
//! collector (`AddCollectedFees`), where distribution picks it up with the block's fees.

use cnidarium::StateWrite;
use symbiote_auth::{fee_collector_address, Auth};
use symbiote_bank::{BankRead, BankWrite};
use symbiote_core::module_account::{ModuleAccount, MINT};
use symbiote_core::{BlockInfo, Coins, Module, SdkError, SdkResult};
use symbiote_staking::state::bonded_pool;
use symbiote_staking::StakingRead;

use crate::events;
use crate::minter::bonded_ratio;
use crate::state::{put_minter, MintRead};

/// The mint module account as auth declares it (with the minter permission).
fn mint_account() -> SdkResult<&'static ModuleAccount> {
    Auth::ACCOUNTS
        .iter()
        .find(|a| a.name == MINT)
        .ok_or_else(|| SdkError::internal("auth declares no mint module account"))
}

pub async fn begin_block<S: StateWrite>(state: &mut S, _block: &BlockInfo) -> SdkResult<()> {
    let mut minter = state.minter().await?;
    let params = state.mint_params().await?;

    // Staking's StakingTokenSupply and BondedRatio: the bond denom's supply, and the bonded
    // pool's share of it.
    let bond_denom = state.staking_params().await?.bond_denom;
    let supply = state.supply_of(&bond_denom).await?;
    let bonded = state.balance(&bonded_pool(), &bond_denom).await?;
    let ratio = bonded_ratio(bonded, supply)?;

    minter.inflation = minter.next_inflation_rate(&params, ratio)?;
    minter.annual_provisions = minter.next_annual_provisions(supply)?;
    put_minter(state, &minter)?;

    let minted = minter.block_provision(&params)?;
    // `sdk.NewCoins` drops a zero coin, and the SDK's keeper skips minting nothing.
    let mut coins = Coins::new();
    coins.add(&minted)?;
    if !coins.is_empty() {
        let account = mint_account()?;
        state.mint_coins(account, &coins).await?;
        state.send(&account.address(), &fee_collector_address(), &coins).await?;
    }

    state.record(events::mint(ratio, minter.inflation, minter.annual_provisions, minted.amount));
    Ok(())
}
