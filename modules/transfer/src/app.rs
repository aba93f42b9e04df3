//! The ICS-20 application bound to port `transfer`: ibc-rs' callbacks for channel handshakes and
//! packets, forwarded to ibc-rs' own ICS-20 logic (`ibc::apps::transfer::module`) over
//! [`TokenCtx`]. Registered with the IBC core as an [`IbcApp`] hook.

use ibc::apps::transfer::module as ics20;
use ibc::apps::transfer::types::error::TokenTransferError;
use ibc::apps::transfer::types::MODULE_ID_STR;
use ibc::core::channel::types::acknowledgement::Acknowledgement;
use ibc::core::channel::types::channel::{Counterparty, Order};
use ibc::core::channel::types::error::ChannelError;
use ibc::core::channel::types::packet::Packet;
use ibc::core::channel::types::Version;
use ibc::core::host::types::identifiers::{ChannelId, ConnectionId, PortId};
use ibc::core::router::module::Module;
use ibc::core::router::types::module::{ModuleExtras, ModuleId};
use ibc::primitives::Signer;
use symbiote_core::erased::Erased;
use symbiote_core::MsgContext;
use symbiote_ibc::apps::IbcApp;
use symbiote_ibc::ctx::Shared;

use crate::token::TokenCtx;

/// The hook the IBC core builds its router from.
pub struct TransferApp;

impl IbcApp for TransferApp {
    fn port(&self) -> PortId {
        PortId::transfer()
    }

    fn module_id(&self) -> ModuleId {
        ModuleId::new(MODULE_ID_STR.to_string())
    }

    fn bind<'a, 'b: 'a>(&self, state: &'a Shared<Erased<'b>>, ctx: &MsgContext) -> Box<dyn Module + 'a> {
        Box::new(TransferModule { token: TokenCtx::new(state, ctx.accounts) })
    }
}

/// ICS-20 over one message's state.
pub struct TransferModule<'a, 'b> {
    token: TokenCtx<'a, 'b>,
}

impl std::fmt::Debug for TransferModule<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TransferModule")
    }
}

fn app_error(e: TokenTransferError) -> ChannelError {
    ChannelError::AppSpecific { description: e.to_string() }
}

impl Module for TransferModule<'_, '_> {
    fn on_chan_open_init_validate(
        &self,
        order: Order,
        connection_hops: &[ConnectionId],
        port_id: &PortId,
        channel_id: &ChannelId,
        counterparty: &Counterparty,
        version: &Version,
    ) -> Result<Version, ChannelError> {
        ics20::on_chan_open_init_validate(
            &self.token,
            order,
            connection_hops,
            port_id,
            channel_id,
            counterparty,
            version,
        )
        .map_err(app_error)?;
        Ok(Version::new(ibc::apps::transfer::types::VERSION.to_string()))
    }

    fn on_chan_open_init_execute(
        &mut self,
        order: Order,
        connection_hops: &[ConnectionId],
        port_id: &PortId,
        channel_id: &ChannelId,
        counterparty: &Counterparty,
        version: &Version,
    ) -> Result<(ModuleExtras, Version), ChannelError> {
        ics20::on_chan_open_init_execute(
            &mut self.token,
            order,
            connection_hops,
            port_id,
            channel_id,
            counterparty,
            version,
        )
        .map_err(app_error)
    }

    fn on_chan_open_try_validate(
        &self,
        order: Order,
        connection_hops: &[ConnectionId],
        port_id: &PortId,
        channel_id: &ChannelId,
        counterparty: &Counterparty,
        counterparty_version: &Version,
    ) -> Result<Version, ChannelError> {
        ics20::on_chan_open_try_validate(
            &self.token,
            order,
            connection_hops,
            port_id,
            channel_id,
            counterparty,
            counterparty_version,
        )
        .map_err(app_error)?;
        Ok(Version::new(ibc::apps::transfer::types::VERSION.to_string()))
    }

    fn on_chan_open_try_execute(
        &mut self,
        order: Order,
        connection_hops: &[ConnectionId],
        port_id: &PortId,
        channel_id: &ChannelId,
        counterparty: &Counterparty,
        counterparty_version: &Version,
    ) -> Result<(ModuleExtras, Version), ChannelError> {
        ics20::on_chan_open_try_execute(
            &mut self.token,
            order,
            connection_hops,
            port_id,
            channel_id,
            counterparty,
            counterparty_version,
        )
        .map_err(app_error)
    }

    fn on_chan_open_ack_validate(
        &self,
        port_id: &PortId,
        channel_id: &ChannelId,
        counterparty_version: &Version,
    ) -> Result<(), ChannelError> {
        ics20::on_chan_open_ack_validate(&self.token, port_id, channel_id, counterparty_version).map_err(app_error)
    }

    fn on_chan_open_ack_execute(
        &mut self,
        port_id: &PortId,
        channel_id: &ChannelId,
        counterparty_version: &Version,
    ) -> Result<ModuleExtras, ChannelError> {
        ics20::on_chan_open_ack_execute(&mut self.token, port_id, channel_id, counterparty_version).map_err(app_error)
    }

    fn on_chan_open_confirm_validate(&self, port_id: &PortId, channel_id: &ChannelId) -> Result<(), ChannelError> {
        ics20::on_chan_open_confirm_validate(&self.token, port_id, channel_id).map_err(app_error)
    }

    fn on_chan_open_confirm_execute(
        &mut self,
        port_id: &PortId,
        channel_id: &ChannelId,
    ) -> Result<ModuleExtras, ChannelError> {
        ics20::on_chan_open_confirm_execute(&mut self.token, port_id, channel_id).map_err(app_error)
    }

    /// ICS-20 channels are never closed by a user (ibc-go refuses too).
    fn on_chan_close_init_validate(&self, port_id: &PortId, channel_id: &ChannelId) -> Result<(), ChannelError> {
        ics20::on_chan_close_init_validate(&self.token, port_id, channel_id).map_err(app_error)
    }

    fn on_chan_close_init_execute(
        &mut self,
        port_id: &PortId,
        channel_id: &ChannelId,
    ) -> Result<ModuleExtras, ChannelError> {
        ics20::on_chan_close_init_execute(&mut self.token, port_id, channel_id).map_err(app_error)
    }

    fn on_chan_close_confirm_validate(&self, port_id: &PortId, channel_id: &ChannelId) -> Result<(), ChannelError> {
        ics20::on_chan_close_confirm_validate(&self.token, port_id, channel_id).map_err(app_error)
    }

    fn on_chan_close_confirm_execute(
        &mut self,
        port_id: &PortId,
        channel_id: &ChannelId,
    ) -> Result<ModuleExtras, ChannelError> {
        ics20::on_chan_close_confirm_execute(&mut self.token, port_id, channel_id).map_err(app_error)
    }

    /// A refused packet (bad data, disabled receiving, blocked receiver) is answered with an error
    /// acknowledgement, which refunds the sender on the other chain.
    fn on_recv_packet_execute(
        &mut self,
        packet: &Packet,
        _relayer: &Signer,
    ) -> (ModuleExtras, Option<Acknowledgement>) {
        let (extras, ack) = ics20::on_recv_packet_execute(&mut self.token, packet);
        (extras, Some(ack))
    }

    fn on_acknowledgement_packet_validate(
        &self,
        packet: &Packet,
        acknowledgement: &Acknowledgement,
        relayer: &Signer,
    ) -> Result<(), ChannelError> {
        ics20::on_acknowledgement_packet_validate(&self.token, packet, acknowledgement, relayer).map_err(app_error)
    }

    fn on_acknowledgement_packet_execute(
        &mut self,
        packet: &Packet,
        acknowledgement: &Acknowledgement,
        relayer: &Signer,
    ) -> (ModuleExtras, Result<(), ChannelError>) {
        let (extras, result) =
            ics20::on_acknowledgement_packet_execute(&mut self.token, packet, acknowledgement, relayer);
        (extras, result.map_err(app_error))
    }

    fn on_timeout_packet_validate(&self, packet: &Packet, relayer: &Signer) -> Result<(), ChannelError> {
        ics20::on_timeout_packet_validate(&self.token, packet, relayer).map_err(app_error)
    }

    fn on_timeout_packet_execute(
        &mut self,
        packet: &Packet,
        relayer: &Signer,
    ) -> (ModuleExtras, Result<(), ChannelError>) {
        let (extras, result) = ics20::on_timeout_packet_execute(&mut self.token, packet, relayer);
        (extras, result.map_err(app_error))
    }
}
