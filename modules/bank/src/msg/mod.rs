//! One handler per bank message.

mod send;
mod set_send_enabled;
mod update_params;

pub use send::MsgSend;
pub use set_send_enabled::MsgSetSendEnabled;
pub use update_params::MsgUpdateParams;

symbiote_core::msg_set! {
    /// Every message of the bank module.
    pub enum BankMsg for crate::MODULE {
        Send(MsgSend),
        UpdateParams(MsgUpdateParams),
        SetSendEnabled(MsgSetSendEnabled),
    }
}
