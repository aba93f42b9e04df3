//! `MsgScheduleBlockGas`: stateless (max_gas ≥ -1, where -1 means unlimited, as CometBFT's) →
//! execute (queued for this block's end-block hook, which hands CometBFT a consensus-param update).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::error::Code;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkError, SdkResult};
use symbiote_proto::symbiote::example::v1 as pb;

use crate::state::put_pending_block_gas;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsgScheduleBlockGas {
    pub signer: Address,
    pub max_gas: i64,
}

#[async_trait]
impl MsgHandler for MsgScheduleBlockGas {
    const TYPE_URL: &'static str = "/symbiote.example.v1.MsgScheduleBlockGas";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.example.v1.MsgScheduleBlockGasResponse";
    type Proto = pb::MsgScheduleBlockGas;
    type Response = pb::MsgScheduleBlockGasResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { signer: p.signer.parse()?, max_gas: p.max_gas })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgScheduleBlockGas { signer: self.signer.to_string(), max_gas: self.max_gas }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.signer]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if self.max_gas < -1 {
            return Err(SdkError::new(Code::InvalidRequest, format!("max_gas {} below -1", self.max_gas)));
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        put_pending_block_gas(state, Some(self.max_gas))?;
        Ok(pb::MsgScheduleBlockGasResponse {})
    }
}
