//! One handler per registry message: stateless → stateful check → execute.

mod deprecate;
mod hand_to_community;
mod register_model;
mod set_alias;
mod update_params;
mod upload_chunk;

pub use deprecate::MsgDeprecateVersion;
pub use hand_to_community::MsgHandToCommunity;
pub use register_model::MsgRegisterModel;
pub use set_alias::MsgSetAlias;
pub use update_params::MsgUpdateParams;
pub use upload_chunk::MsgUploadChunk;

symbiote_core::msg_set! {
    /// Every message of the registry module.
    pub enum RegistryMsg for crate::MODULE {
        UploadChunk(MsgUploadChunk),
        RegisterModel(MsgRegisterModel),
        SetAlias(MsgSetAlias),
        DeprecateVersion(MsgDeprecateVersion),
        HandToCommunity(MsgHandToCommunity),
        UpdateParams(MsgUpdateParams),
    }
}

use symbiote_core::module_account::authority;
use symbiote_core::{Address, SdkResult};
use symbiote_proto::symbiote::registry::v1 as pb;

use crate::errors;

/// Owner-governed models are steered (aliases, deprecation) by their owner; community-governed
/// ones by the governance authority alone.
pub const OWNER: &str = "owner";
pub const COMMUNITY: &str = "community";

fn check_governor(model: &pb::Model, sender: &Address) -> SdkResult<()> {
    let allowed = match model.governance.as_str() {
        COMMUNITY => *sender == authority(),
        _ => model.owner == sender.to_string(),
    };
    if allowed {
        return Ok(());
    }
    Err(errors::unauthorized(if model.governance == COMMUNITY {
        format!("model {:?} is community-governed: only governance moves it", model.name)
    } else {
        format!("only its owner {} steers model {:?}", model.owner, model.name)
    }))
}

fn check_reason(reason: &str) -> SdkResult<()> {
    if reason.len() > 1024 {
        return Err(errors::invalid_metadata("a reason is at most 1024 bytes"));
    }
    Ok(())
}
