//! Balances and transfers (`x/bank`). Total supply per denom is tracked and changes only at genesis
//! (there is no minting yet), so the sum of all balances always equals it; the tests check that.

pub mod events;
pub mod genesis;
pub mod keys;
pub mod msg;
pub mod params;
pub mod query;
pub mod state;

use cosmos_sdk_proto::cosmos::bank::v1beta1::MsgSend as ProtoMsgSend;
use symbiote_core::{Address, Coins, SdkError};

pub use params::Params;
pub use state::{BankRead, BankWrite};

pub const MODULE: &str = "bank";

/// A transfer of coins between two accounts, signed by the sender.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsgSend {
    pub from: Address,
    pub to: Address,
    pub amount: Coins,
}

impl MsgSend {
    pub const TYPE_URL: &'static str = "/cosmos.bank.v1beta1.MsgSend";

    pub fn to_proto(&self) -> ProtoMsgSend {
        ProtoMsgSend {
            from_address: self.from.to_string(),
            to_address: self.to.to_string(),
            amount: self.amount.to_proto(),
        }
    }
}

impl TryFrom<&ProtoMsgSend> for MsgSend {
    type Error = SdkError;
    fn try_from(p: &ProtoMsgSend) -> Result<Self, SdkError> {
        Ok(MsgSend {
            from: p.from_address.parse()?,
            to: p.to_address.parse()?,
            amount: Coins::from_proto_strict(&p.amount)?,
        })
    }
}
