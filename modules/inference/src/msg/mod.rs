//! One handler per inference message: stateless → stateful check → execute.

mod infer;
mod update_params;

pub use infer::MsgInfer;
pub use update_params::MsgUpdateParams;

symbiote_core::msg_set! {
    /// Every message of the inference module.
    pub enum InferenceMsg for crate::MODULE {
        Infer(MsgInfer),
        UpdateParams(MsgUpdateParams),
    }
}
