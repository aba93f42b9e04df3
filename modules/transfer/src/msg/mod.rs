//! One handler per ICS-20 message.

mod transfer;

pub use transfer::MsgTransfer;

symbiote_core::msg_set! {
    /// Every message of the transfer module.
    pub enum TransferMsg for crate::MODULE {
        Transfer(MsgTransfer),
    }
}
