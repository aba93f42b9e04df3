//! Every IBC core message: ibc-rs' `dispatch` (validate against state, then execute) over the
//! tx's state, with the applications bound to ports as its router.

use cnidarium::StateWrite;
use ibc::core::entrypoint::dispatch;
use ibc::core::handler::types::events::IbcEvent;
use ibc::core::handler::types::msgs::MsgEnvelope;
use ibc_proto::ibc::core::channel::v1 as channel;
use prost::Message;
use symbiote_core::{Any, MsgContext, SdkResult};

use super::IbcMsg;
use crate::errors::handler_error;
use crate::exec::with_ibc;

pub async fn execute<S: StateWrite>(msg: &IbcMsg, state: &mut S, ctx: &MsgContext) -> SdkResult<Any> {
    let envelope = msg.envelope.clone();
    let is_packet = matches!(envelope, MsgEnvelope::Packet(_));
    let acted = with_ibc(state, ctx, |_, ibc, router| {
        dispatch(ibc, router, envelope).map_err(handler_error)?;
        // A packet another relayer delivered first changes nothing and emits nothing: ibc-go
        // answers NOOP rather than failing the late relayer's tx.
        Ok(ibc.events().iter().any(|e| !matches!(e, IbcEvent::Message(_))))
    })
    .await?;
    let value = if is_packet {
        let result = if acted { channel::ResponseResultType::Success } else { channel::ResponseResultType::Noop };
        // The three packet responses share one shape: `result` in field 1.
        channel::MsgRecvPacketResponse { result: result as i32 }.encode_to_vec()
    } else {
        // ibc-go's other responses are empty or carry ids the events already name.
        Vec::new()
    };
    Ok(Any { type_url: msg.response_type_url().to_string(), value })
}
