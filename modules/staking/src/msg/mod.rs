//! One handler per staking message, each: stateless → stateful check → execute, with the SDK's
//! checks in the SDK's order (`x/staking/keeper/msg_server.go`, `types/msg.go`).

mod begin_redelegate;
mod cancel_unbonding;
mod create_validator;
mod delegate;
mod edit_validator;
mod undelegate;
mod update_params;

pub use begin_redelegate::MsgBeginRedelegate;
pub use cancel_unbonding::MsgCancelUnbondingDelegation;
pub use create_validator::MsgCreateValidator;
pub use delegate::MsgDelegate;
pub use edit_validator::MsgEditValidator;
pub use undelegate::MsgUndelegate;
pub use update_params::MsgUpdateParams;

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use symbiote_core::coin::validate_denom;
use symbiote_core::error::Code;
use symbiote_core::{Coin, MsgContext, SdkError, SdkResult};

use crate::bonding::Env;

symbiote_core::msg_set! {
    /// Every message of the staking module.
    pub enum StakingMsg for crate::MODULE {
        CreateValidator(MsgCreateValidator),
        EditValidator(MsgEditValidator),
        Delegate(MsgDelegate),
        BeginRedelegate(MsgBeginRedelegate),
        Undelegate(MsgUndelegate),
        CancelUnbondingDelegation(MsgCancelUnbondingDelegation),
        UpdateParams(MsgUpdateParams),
    }
}

pub(crate) fn env(ctx: &MsgContext) -> Env<'_> {
    Env { height: ctx.height, time: ctx.time, hooks: ctx.hooks }
}

/// A message's coin: `!coin.IsValid() || !coin.Amount.IsPositive()` is code 18 with `what`
/// ("invalid delegation amount", "invalid shares amount", "invalid amount").
pub(crate) fn positive_coin(coin: &Option<ProtoCoin>, what: &str) -> SdkResult<Coin> {
    let invalid = || SdkError::new(Code::InvalidRequest, what);
    let coin = coin.as_ref().ok_or_else(invalid)?;
    validate_denom(&coin.denom).map_err(|_| invalid())?;
    let amount: symbiote_core::Amount = coin.amount.parse().map_err(|_| invalid())?;
    let coin = Coin::new(coin.denom.clone(), amount);
    if coin.amount.is_zero() {
        return Err(invalid());
    }
    Ok(coin)
}

/// The bond denom check every message with an amount makes (code 18).
pub(crate) fn check_bond_denom(coin: &Coin, bond_denom: &str) -> SdkResult<()> {
    if coin.denom != bond_denom {
        return Err(SdkError::new(
            Code::InvalidRequest,
            format!("invalid coin denomination: got {}, expected {bond_denom}", coin.denom),
        ));
    }
    Ok(())
}
