//! The IBC core messages (ICS-02 clients, ICS-03 connections, ICS-04 channels and packets), as
//! relayers send them in ordinary Cosmos txs. ibc-rs owns each message's checks and effects
//! (`dispatch`: validate, then execute), so one handler serves them all ([`core`]); this set
//! decodes them, names their signer for the ante, and answers with ibc-go's responses.

mod core;

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use ibc::core::channel::types::msgs::{ChannelMsg, PacketMsg};
use ibc::core::client::types::msgs::ClientMsg;
use ibc::core::connection::types::msgs::ConnectionMsg;
use ibc::core::handler::types::msgs::MsgEnvelope;
use ibc::primitives::Signer;
use symbiote_core::error::Code;
use symbiote_core::{Address, Any, MsgContext, MsgSet, SdkError, SdkResult};

/// Every IBC core message type URL, with its response's.
const TYPE_URLS: [(&str, &str); 18] = [
    ("/ibc.core.client.v1.MsgCreateClient", "/ibc.core.client.v1.MsgCreateClientResponse"),
    ("/ibc.core.client.v1.MsgUpdateClient", "/ibc.core.client.v1.MsgUpdateClientResponse"),
    ("/ibc.core.client.v1.MsgUpgradeClient", "/ibc.core.client.v1.MsgUpgradeClientResponse"),
    ("/ibc.core.client.v1.MsgSubmitMisbehaviour", "/ibc.core.client.v1.MsgSubmitMisbehaviourResponse"),
    ("/ibc.core.connection.v1.MsgConnectionOpenInit", "/ibc.core.connection.v1.MsgConnectionOpenInitResponse"),
    ("/ibc.core.connection.v1.MsgConnectionOpenTry", "/ibc.core.connection.v1.MsgConnectionOpenTryResponse"),
    ("/ibc.core.connection.v1.MsgConnectionOpenAck", "/ibc.core.connection.v1.MsgConnectionOpenAckResponse"),
    ("/ibc.core.connection.v1.MsgConnectionOpenConfirm", "/ibc.core.connection.v1.MsgConnectionOpenConfirmResponse"),
    ("/ibc.core.channel.v1.MsgChannelOpenInit", "/ibc.core.channel.v1.MsgChannelOpenInitResponse"),
    ("/ibc.core.channel.v1.MsgChannelOpenTry", "/ibc.core.channel.v1.MsgChannelOpenTryResponse"),
    ("/ibc.core.channel.v1.MsgChannelOpenAck", "/ibc.core.channel.v1.MsgChannelOpenAckResponse"),
    ("/ibc.core.channel.v1.MsgChannelOpenConfirm", "/ibc.core.channel.v1.MsgChannelOpenConfirmResponse"),
    ("/ibc.core.channel.v1.MsgChannelCloseInit", "/ibc.core.channel.v1.MsgChannelCloseInitResponse"),
    ("/ibc.core.channel.v1.MsgChannelCloseConfirm", "/ibc.core.channel.v1.MsgChannelCloseConfirmResponse"),
    ("/ibc.core.channel.v1.MsgRecvPacket", "/ibc.core.channel.v1.MsgRecvPacketResponse"),
    ("/ibc.core.channel.v1.MsgAcknowledgement", "/ibc.core.channel.v1.MsgAcknowledgementResponse"),
    ("/ibc.core.channel.v1.MsgTimeout", "/ibc.core.channel.v1.MsgTimeoutResponse"),
    ("/ibc.core.channel.v1.MsgTimeoutOnClose", "/ibc.core.channel.v1.MsgTimeoutOnCloseResponse"),
];

/// One IBC core message, decoded by ibc-rs, with its signer parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct IbcMsg {
    /// Index into [`TYPE_URLS`].
    kind: usize,
    pub envelope: MsgEnvelope,
    pub signer: Address,
}

impl IbcMsg {
    /// Decodes a core message (`None` if `any` is not one).
    pub fn from_any(any: &Any) -> Option<SdkResult<Self>> {
        let kind = TYPE_URLS.iter().position(|(url, _)| *url == any.type_url)?;
        let decoded = MsgEnvelope::try_from(any.clone())
            .map_err(|e| SdkError::new(Code::TxDecode, format!("malformed {}: {e}", any.type_url)))
            .and_then(|envelope| {
                let signer = signer_of(&envelope).as_ref().parse()?;
                Ok(Self { kind, envelope, signer })
            });
        Some(decoded)
    }

    pub fn response_type_url(&self) -> &'static str {
        TYPE_URLS[self.kind].1
    }
}

fn signer_of(envelope: &MsgEnvelope) -> &Signer {
    match envelope {
        MsgEnvelope::Client(m) => match m {
            ClientMsg::CreateClient(m) => &m.signer,
            ClientMsg::UpdateClient(m) => &m.signer,
            // Deprecated in ibc-go (misbehaviour goes through MsgUpdateClient) but still routed.
            #[allow(deprecated)]
            ClientMsg::Misbehaviour(m) => &m.signer,
            ClientMsg::UpgradeClient(m) => &m.signer,
            ClientMsg::RecoverClient(m) => &m.signer,
        },
        MsgEnvelope::Connection(m) => match m {
            ConnectionMsg::OpenInit(m) => &m.signer,
            ConnectionMsg::OpenTry(m) => &m.signer,
            ConnectionMsg::OpenAck(m) => &m.signer,
            ConnectionMsg::OpenConfirm(m) => &m.signer,
        },
        MsgEnvelope::Channel(m) => match m {
            ChannelMsg::OpenInit(m) => &m.signer,
            ChannelMsg::OpenTry(m) => &m.signer,
            ChannelMsg::OpenAck(m) => &m.signer,
            ChannelMsg::OpenConfirm(m) => &m.signer,
            ChannelMsg::CloseInit(m) => &m.signer,
            ChannelMsg::CloseConfirm(m) => &m.signer,
        },
        MsgEnvelope::Packet(m) => match m {
            PacketMsg::Recv(m) => &m.signer,
            PacketMsg::Ack(m) => &m.signer,
            PacketMsg::Timeout(m) => &m.signer,
            PacketMsg::TimeoutOnClose(m) => &m.signer,
        },
    }
}

#[async_trait]
impl MsgSet for IbcMsg {
    fn type_urls() -> Vec<&'static str> {
        TYPE_URLS.iter().map(|(url, _)| *url).collect()
    }

    fn decode(any: &Any) -> Option<SdkResult<Self>> {
        Self::from_any(any)
    }

    fn type_url(&self) -> &'static str {
        TYPE_URLS[self.kind].0
    }

    fn module(&self) -> &'static str {
        crate::MODULE
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.signer]
    }

    fn keys_read(&self) -> Vec<String> {
        Vec::new()
    }

    /// ibc-rs checked the message's form while decoding it (identifiers, heights, proofs present).
    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    /// ibc-rs validates against state and executes in one call (`dispatch`), in `execute`.
    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Any> {
        core::execute(self, state, ctx).await
    }
}
