//! One handler per gov message.

mod add_audit_rows;
mod apply_bias_correction;
mod cancel_proposal;
mod deposit;
mod register_audit_dataset;
mod submit_bias_correction;
mod submit_proposal;
mod update_audit_params;
mod update_params;
mod vote;

pub use add_audit_rows::{MsgAddAuditRows, MAX_ROWS_PER_MSG};
pub use apply_bias_correction::{reason as bias_correction_reason, MsgApplyBiasCorrection};
pub use register_audit_dataset::{MsgRegisterAuditDataset, MAX_COLUMNS};
pub use submit_bias_correction::MsgSubmitBiasCorrection;
pub use update_audit_params::MsgUpdateParams as MsgUpdateAuditParams;

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
        RegisterAuditDataset(MsgRegisterAuditDataset),
        AddAuditRows(MsgAddAuditRows),
        SubmitBiasCorrection(MsgSubmitBiasCorrection),
        ApplyBiasCorrection(MsgApplyBiasCorrection),
        UpdateAuditParams(MsgUpdateAuditParams),
    }
}
