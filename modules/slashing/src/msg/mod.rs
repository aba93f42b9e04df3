//! One handler per slashing message: stateless → stateful check → execute
//! (`x/slashing/keeper/msg_server.go`, `keeper/unjail.go`).

mod unjail;
mod update_params;

pub use unjail::MsgUnjail;
pub use update_params::MsgUpdateParams;

symbiote_core::msg_set! {
    /// Every message of the slashing module.
    pub enum SlashingMsg for crate::MODULE {
        Unjail(MsgUnjail),
        UpdateParams(MsgUpdateParams),
    }
}
