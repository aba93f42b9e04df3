//! `MsgSend`: stateless (non-empty amount; sending to oneself is allowed, as in the SDK)
//! → stateful (sending enabled for each denom, recipient may receive) → execute (move coins).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_auth::fee_collector_address;
use symbiote_core::error::Code;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkError, SdkResult};

use crate::state::{BankRead, BankWrite};
use crate::{keys, MsgSend};

impl MsgSend {
    /// The store keys this message reads, for the block prefetch (a hint: missing one only costs
    /// time). The params are left out: every send reads them, so the block's first read caches them.
    pub fn keys_read(&self) -> Vec<String> {
        let mut keys = vec![symbiote_auth::keys::account(&self.to)];
        for coin in self.amount.iter() {
            keys.push(keys::balance(&self.from, &coin.denom));
            keys.push(keys::balance(&self.to, &coin.denom));
        }
        keys
    }
}

#[async_trait]
impl MsgHandler for MsgSend {
    fn signers(&self) -> Vec<Address> {
        vec![self.from]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.amount.is_empty() {
            return Err(SdkError::new(Code::InvalidCoins, "amount must be positive"));
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        let params = state.bank_params().await?;
        for coin in self.amount.iter() {
            if !params.is_send_enabled(&coin.denom) {
                return Err(SdkError::new(
                    Code::InvalidRequest,
                    format!("{} transfers are currently disabled", coin.denom),
                ));
            }
        }
        // Module accounts hold funds on behalf of protocol logic; a user send would strand them.
        if self.to == fee_collector_address() {
            return Err(SdkError::new(Code::Unauthorized, format!("{} is not allowed to receive funds", self.to)));
        }
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<()> {
        state.send(&self.from, &self.to, &self.amount).await
    }
}
