//! One handler per distribution message, each: stateless → stateful check → execute, with the
//! SDK's checks in the SDK's order (`x/distribution/keeper/msg_server.go`, `types/msg.go`).

mod community_pool_spend;
mod fund_community_pool;
mod set_withdraw_address;
mod update_params;
mod withdraw_delegator_reward;
mod withdraw_validator_commission;

pub use community_pool_spend::MsgCommunityPoolSpend;
pub use fund_community_pool::MsgFundCommunityPool;
pub use set_withdraw_address::MsgSetWithdrawAddress;
pub use update_params::MsgUpdateParams;
pub use withdraw_delegator_reward::MsgWithdrawDelegatorReward;
pub use withdraw_validator_commission::MsgWithdrawValidatorCommission;

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use symbiote_core::error::Code;
use symbiote_core::{Coins, SdkError, SdkResult};

symbiote_core::msg_set! {
    /// Every message of the distribution module.
    pub enum DistributionMsg for crate::MODULE {
        SetWithdrawAddress(MsgSetWithdrawAddress),
        WithdrawDelegatorReward(MsgWithdrawDelegatorReward),
        WithdrawValidatorCommission(MsgWithdrawValidatorCommission),
        FundCommunityPool(MsgFundCommunityPool),
        CommunityPoolSpend(MsgCommunityPoolSpend),
        UpdateParams(MsgUpdateParams),
    }
}

/// `validateAmount`: a non-empty, valid coin list (code 10).
pub(crate) fn amount(list: &[ProtoCoin]) -> SdkResult<Coins> {
    if list.is_empty() {
        return Err(SdkError::new(Code::InvalidCoins, "amount cannot be nil"));
    }
    Coins::from_proto_strict(list)
}
