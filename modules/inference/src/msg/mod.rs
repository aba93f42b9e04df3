//! One handler per inference message: stateless → stateful check → execute.

mod infer;
mod update_params;
mod withdraw_rewards;

pub use infer::{MsgInfer, MAX_RECORDS};
pub use update_params::MsgUpdateParams;
pub use withdraw_rewards::MsgWithdrawRewards;

symbiote_core::msg_set! {
    /// Every message of the inference module.
    pub enum InferenceMsg for crate::MODULE {
        Infer(MsgInfer),
        UpdateParams(MsgUpdateParams),
        WithdrawRewards(MsgWithdrawRewards),
    }
}
