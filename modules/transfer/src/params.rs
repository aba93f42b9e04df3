//! ICS-20 params (ibc-go's transfer `Params`): whether this chain sends and receives tokens over
//! IBC at all.

use ibc_proto::ibc::applications::transfer::v1 as pb;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub send_enabled: bool,
    pub receive_enabled: bool,
}

impl Default for Params {
    fn default() -> Self {
        Self { send_enabled: true, receive_enabled: true }
    }
}

impl Params {
    pub fn to_proto(&self) -> pb::Params {
        pb::Params { send_enabled: self.send_enabled, receive_enabled: self.receive_enabled }
    }

    pub fn from_proto(p: &pb::Params) -> Self {
        Self { send_enabled: p.send_enabled, receive_enabled: p.receive_enabled }
    }
}
