//! `MsgTransfer`: send tokens to an account on another chain over a channel bound to `transfer`.
//!
//! stateless (sender address, a positive amount of a valid denom, a receiver, ibc-rs' own form
//! checks: port, channel, timeouts) → stateful (sending enabled, the channel open, a voucher's
//! trace known, the balance covers it) → execute (ibc-rs' `send_transfer`: escrow a native token or burn a voucher
//! going home, commit the packet; the response carries its sequence).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use ibc::apps::transfer::handler::send_transfer;
use ibc::apps::transfer::types::error::TokenTransferError;
use ibc::apps::transfer::types::msgs::transfer::MsgTransfer as IbcMsgTransfer;
use ibc::core::handler::types::error::HandlerError;
use ibc::core::host::types::path::SeqSendPath;
use ibc::core::host::ValidationContext;
use ibc_proto::ibc::applications::transfer::v1 as pb;
use symbiote_bank::state::BankRead;
use symbiote_core::error::Code;
use symbiote_core::{Address, Amount, MsgContext, MsgHandler, SdkError, SdkResult};
use symbiote_ibc::errors::{channel_not_open, handler_error};
use symbiote_ibc::exec::with_ibc;
use symbiote_ibc::state::IbcRead;

use crate::denom::{full_trace, voucher_hash};
use crate::errors;
use crate::state::TransferRead;
use crate::token::TokenCtx;

/// ibc-go's limits on the free-text fields.
const MAX_RECEIVER_LEN: usize = 2048;
const MAX_MEMO_LEN: usize = 32_768;

#[derive(Clone, Debug, PartialEq)]
pub struct MsgTransfer {
    pub raw: pb::MsgTransfer,
    pub sender: Address,
    pub denom: String,
    pub amount: Amount,
}

#[async_trait]
impl MsgHandler for MsgTransfer {
    const TYPE_URL: &'static str = "/ibc.applications.transfer.v1.MsgTransfer";
    const RESPONSE_TYPE_URL: &'static str = "/ibc.applications.transfer.v1.MsgTransferResponse";
    type Proto = pb::MsgTransfer;
    type Response = pb::MsgTransferResponse;

    fn from_proto(raw: Self::Proto) -> SdkResult<Self> {
        let sender: Address = raw.sender.parse()?;
        let token = raw.token.clone().ok_or_else(|| SdkError::new(Code::InvalidCoins, "token must be supplied"))?;
        symbiote_core::coin::validate_denom(&token.denom)?;
        let amount = symbiote_core::coin::parse_amount(&token.amount)?;
        // ibc-rs' own checks of the form (identifiers, timeouts, amount).
        IbcMsgTransfer::try_from(raw.clone())
            .map_err(|e| SdkError::new(Code::InvalidRequest, format!("invalid MsgTransfer: {e}")))?;
        Ok(Self { raw, sender, denom: token.denom, amount })
    }

    fn to_proto(&self) -> Self::Proto {
        self.raw.clone()
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.sender]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.amount.is_zero() {
            return Err(errors::invalid_amount("amount must be positive"));
        }
        if self.denom.starts_with("ibc/") && voucher_hash(&self.denom).is_none() {
            return Err(errors::invalid_denom(format!(
                "{} is not a voucher denom (ibc/ and 64 upper-case hex digits)",
                self.denom
            )));
        }
        if self.raw.receiver.trim().is_empty() || self.raw.receiver.len() > MAX_RECEIVER_LEN {
            return Err(SdkError::new(
                Code::InvalidAddress,
                format!("receiver must be 1 to {MAX_RECEIVER_LEN} characters"),
            ));
        }
        if self.raw.memo.len() > MAX_MEMO_LEN {
            return Err(errors::invalid_memo(format!("memo must be at most {MAX_MEMO_LEN} bytes")));
        }
        if self.raw.timeout_timestamp == 0 && self.raw.timeout_height.as_ref().is_none_or(|h| h.revision_height == 0) {
            return Err(errors::invalid_timeout("a packet needs a timeout height or a timeout timestamp"));
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        if !state.transfer_params().await?.send_enabled {
            return Err(errors::send_disabled());
        }
        let (port, channel) = (&self.raw.source_port, &self.raw.source_channel);
        match state.channel_end(port, channel).await? {
            Some(end) if end.state == ibc_proto::ibc::core::channel::v1::State::Open as i32 => {}
            end => return Err(channel_not_open(port, channel, end.map(|e| e.state))),
        }
        if let Some(hash) = voucher_hash(&self.denom) {
            if state.denom_trace(hash).await?.is_none() {
                return Err(errors::trace_not_found(hash));
            }
        }
        let have = state.balance(&self.sender, &self.denom).await?;
        if have < self.amount {
            return Err(SdkError::new(
                Code::InsufficientFunds,
                format!("spendable balance {have}{} is smaller than {}{}", self.denom, self.amount, self.denom),
            ));
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, ctx: &MsgContext) -> SdkResult<Self::Response> {
        // A voucher travels under its full trace: ibc-rs decides from it whether this chain is the
        // token's source (escrow) or not (burn), and the packet carries it.
        let mut raw = self.raw.clone();
        if let (Some(hash), Some(token)) = (voucher_hash(&self.denom), raw.token.as_mut()) {
            let trace = state.denom_trace(hash).await?.ok_or_else(|| errors::trace_not_found(hash))?;
            token.denom = full_trace(&trace);
        }
        let msg = IbcMsgTransfer::try_from(raw)
            .map_err(|e| SdkError::new(Code::InvalidRequest, format!("invalid MsgTransfer: {e}")))?;
        let sequence = with_ibc(state, ctx, |shared, ibc, _apps| {
            let path = SeqSendPath::new(&msg.port_id_on_a, &msg.chan_id_on_a);
            let sequence = ibc.get_next_sequence_send(&path).map(u64::from).unwrap_or_default();
            let mut token = TokenCtx::new(shared, ctx.accounts);
            send_transfer(ibc, &mut token, msg).map_err(transfer_error)?;
            Ok(sequence)
        })
        .await?;
        Ok(pb::MsgTransferResponse { sequence })
    }
}

/// ibc-rs' refusals: channel-side ones (including state the channel needs that is missing: its
/// connection, the client) are the channel's code; the rest are the request's.
fn transfer_error(e: TokenTransferError) -> SdkError {
    match e {
        TokenTransferError::Channel(e) => handler_error(HandlerError::Channel(e)),
        TokenTransferError::Host(e) => handler_error(HandlerError::Channel(e.into())),
        other => SdkError::new(Code::InvalidRequest, format!("transfer refused: {other}")),
    }
}
