//! One handler per gov message.

mod cancel_proposal;
mod deposit;
mod submit_proposal;
mod update_params;
mod vote;

pub use cancel_proposal::MsgCancelProposal;
pub use deposit::MsgDeposit;
pub use submit_proposal::{MsgSubmitProposal, MAX_METADATA_LEN, MAX_SUMMARY_LEN};
pub use update_params::MsgUpdateParams;
pub use vote::{MsgVote, MsgVoteWeighted};

symbiote_core::msg_set! {
    /// Every message of the gov module.
    pub enum GovMsg for crate::MODULE {
        SubmitProposal(MsgSubmitProposal),
        Deposit(MsgDeposit),
        Vote(MsgVote),
        VoteWeighted(MsgVoteWeighted),
        CancelProposal(MsgCancelProposal),
        UpdateParams(MsgUpdateParams),
    }
}
