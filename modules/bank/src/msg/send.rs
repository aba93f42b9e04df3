//! `MsgSend`: stateless (non-empty amount; sending to oneself is allowed, as in the SDK)
//! → stateful (sending enabled for each denom, recipient not a blocked module account)
//! → execute (move coins).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use cosmos_sdk_proto::cosmos::bank::v1beta1 as pb;
use symbiote_core::error::Code;
use symbiote_core::{Address, Coins, MsgContext, MsgHandler, SdkError, SdkResult};

use crate::keys;
use crate::state::{BankRead, BankWrite};

/// A transfer of coins between two accounts, signed by the sender.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsgSend {
    pub from: Address,
    pub to: Address,
    pub amount: Coins,
}

#[async_trait]
impl MsgHandler for MsgSend {
    const TYPE_URL: &'static str = "/cosmos.bank.v1beta1.MsgSend";
    const RESPONSE_TYPE_URL: &'static str = "/cosmos.bank.v1beta1.MsgSendResponse";
    type Proto = pb::MsgSend;
    type Response = pb::MsgSendResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(MsgSend {
            from: p.from_address.parse()?,
            to: p.to_address.parse()?,
            amount: Coins::from_proto_strict(&p.amount)?,
        })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgSend {
            from_address: self.from.to_string(),
            to_address: self.to.to_string(),
            amount: self.amount.to_proto(),
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.from]
    }

    /// The params are left out: every send reads them, so the block's first read caches them.
    fn keys_read(&self) -> Vec<String> {
        let mut keys = vec![symbiote_auth::signer_keys(&self.to)[0].clone()];
        for coin in self.amount.iter() {
            keys.push(keys::balance(&self.from, &coin.denom));
            keys.push(keys::balance(&self.to, &coin.denom));
        }
        keys
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.amount.is_empty() {
            return Err(SdkError::new(Code::InvalidCoins, "amount must be positive"));
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, ctx: &MsgContext) -> SdkResult<()> {
        for coin in self.amount.iter() {
            if !state.is_send_enabled(&coin.denom).await? {
                // bank's ErrSendDisabled.
                return Err(SdkError::coded(
                    crate::MODULE,
                    5,
                    "send transactions are disabled",
                    format!("{} transfers are currently disabled", coin.denom),
                ));
            }
        }
        // Module accounts hold funds on behalf of protocol logic; a user send would strand them.
        if ctx.accounts.is_blocked(&self.to) {
            return Err(SdkError::new(Code::Unauthorized, format!("{} is not allowed to receive funds", self.to)));
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        state.send(&self.from, &self.to, &self.amount).await?;
        Ok(pb::MsgSendResponse {})
    }
}
