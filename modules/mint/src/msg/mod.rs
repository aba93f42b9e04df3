//! One handler per mint message.

mod update_params;

pub use update_params::MsgUpdateParams;

symbiote_core::msg_set! {
    /// Every message of the mint module.
    pub enum MintMsg for crate::MODULE {
        UpdateParams(MsgUpdateParams),
    }
}
