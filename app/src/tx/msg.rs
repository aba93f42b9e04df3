//! Routing: every message type the chain accepts, decoded from its `Any` and dispatched to its
//! module's handler. Adding a message = one variant here plus its handler in the module's `msg/`.

use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::bank::v1beta1::MsgSend as ProtoMsgSend;
use cosmos_sdk_proto::Any;
use prost::Message;
use symbiote_bank::MsgSend;
use symbiote_core::error::Code;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkError, SdkResult};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    BankSend(MsgSend),
}

impl Msg {
    pub fn decode(any: &Any) -> SdkResult<Msg> {
        let malformed =
            |e: prost::DecodeError| SdkError::new(Code::TxDecode, format!("malformed {}: {e}", any.type_url));
        match any.type_url.as_str() {
            MsgSend::TYPE_URL => {
                let proto = ProtoMsgSend::decode(any.value.as_slice()).map_err(malformed)?;
                Ok(Msg::BankSend(MsgSend::try_from(&proto)?))
            }
            other => Err(SdkError::new(Code::TxDecode, format!("unable to resolve type URL {other}"))),
        }
    }

    pub fn to_any(&self) -> Any {
        match self {
            Msg::BankSend(m) => Any { type_url: MsgSend::TYPE_URL.into(), value: m.to_proto().encode_to_vec() },
        }
    }

    pub fn type_url(&self) -> &'static str {
        match self {
            Msg::BankSend(_) => MsgSend::TYPE_URL,
        }
    }

    /// The module name in the `message.module` event attribute.
    pub fn module(&self) -> &'static str {
        match self {
            Msg::BankSend(_) => symbiote_bank::MODULE,
        }
    }

    /// The `Any` type URL of the message's (empty) response, reported in the tx result data.
    pub fn response_type_url(&self) -> &'static str {
        match self {
            Msg::BankSend(_) => "/cosmos.bank.v1beta1.MsgSendResponse",
        }
    }

    /// Store keys the message will read, prefetched before a block executes.
    pub fn keys_read(&self) -> Vec<String> {
        match self {
            Msg::BankSend(m) => m.keys_read(),
        }
    }

    pub fn signers(&self) -> Vec<Address> {
        match self {
            Msg::BankSend(m) => m.signers(),
        }
    }

    pub fn check_stateless(&self) -> SdkResult<()> {
        match self {
            Msg::BankSend(m) => m.check_stateless(),
        }
    }

    pub async fn check_stateful<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<()> {
        match self {
            Msg::BankSend(m) => m.check_stateful(state, ctx).await,
        }
    }

    pub async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<()> {
        match self {
            Msg::BankSend(m) => m.execute(state, ctx).await,
        }
    }
}
