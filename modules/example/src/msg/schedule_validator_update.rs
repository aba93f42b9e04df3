//! `MsgScheduleValidatorUpdate`: stateless (32-byte ed25519 key, power 0 to 2^60) → execute
//! (queued for this block's end-block hook, which hands it to CometBFT).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::error::Code;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkError, SdkResult};
use symbiote_proto::symbiote::example::v1 as pb;

use crate::state::{put_pending, ExampleRead};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsgScheduleValidatorUpdate {
    pub signer: Address,
    pub ed25519_pub_key: Vec<u8>,
    pub power: i64,
}

#[async_trait]
impl MsgHandler for MsgScheduleValidatorUpdate {
    const TYPE_URL: &'static str = "/symbiote.example.v1.MsgScheduleValidatorUpdate";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.example.v1.MsgScheduleValidatorUpdateResponse";
    type Proto = pb::MsgScheduleValidatorUpdate;
    type Response = pb::MsgScheduleValidatorUpdateResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { signer: p.signer.parse()?, ed25519_pub_key: p.ed25519_pub_key, power: p.power })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgScheduleValidatorUpdate {
            signer: self.signer.to_string(),
            ed25519_pub_key: self.ed25519_pub_key.clone(),
            power: self.power,
        }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.signer]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        if tendermint::PublicKey::from_raw_ed25519(&self.ed25519_pub_key).is_none() {
            return Err(SdkError::new(Code::InvalidPubKey, "expected a 32-byte ed25519 key"));
        }
        // CometBFT's MaxTotalVotingPower is 2^60 / 8; one validator may not exceed it.
        if !(0..=(1i64 << 60) / 8).contains(&self.power) {
            return Err(SdkError::new(Code::InvalidRequest, format!("power {} out of range", self.power)));
        }
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        let mut pending = state.pending_validator_updates().await?;
        pending.push(pb::PendingValidatorUpdate { ed25519_pub_key: self.ed25519_pub_key.clone(), power: self.power });
        put_pending(state, pending)?;
        Ok(pb::MsgScheduleValidatorUpdateResponse {})
    }
}
