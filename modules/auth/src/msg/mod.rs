//! auth's messages: both governance-only parameter updates.

mod update_params;

pub use update_params::{MsgUpdateParams, MsgUpdateSdkParams};

symbiote_core::msg_set! {
    /// Every message of the auth module.
    pub enum AuthMsg for crate::MODULE {
        UpdateSdkParams(MsgUpdateSdkParams),
        UpdateParams(MsgUpdateParams),
    }
}
