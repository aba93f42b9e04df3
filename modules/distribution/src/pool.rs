//! The community pool's one public writer: other modules fund it (the inference module sends its
//! share of inference fees) exactly as `MsgFundCommunityPool` does.

use cnidarium::StateWrite;
use symbiote_bank::BankWrite;
use symbiote_core::{Address, Coins, DecCoins, SdkResult};

use crate::rewards::module_address;
use crate::state::{self, DistributionRead};

/// Moves `amount` from `from` into the distribution account and credits the community pool
/// (bank's code 5 if `from` is short).
pub async fn fund_community_pool<S: StateWrite + ?Sized>(
    state: &mut S,
    from: &Address,
    amount: &Coins,
) -> SdkResult<()> {
    state.send(from, &module_address(), amount).await?;
    let pool = state.community_pool().await?.checked_add(&DecCoins::from_coins(amount))?;
    state::put_community_pool(state, &pool)
}
