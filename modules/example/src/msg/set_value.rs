//! `MsgSetValue`: stateless (key is 1–64 printable ASCII bytes without '/') → stateful (value no
//! longer than the params allow, code 18) → execute (store; the response tells the previous length).

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::error::Code;
use symbiote_core::{Address, MsgContext, MsgHandler, SdkError, SdkResult};
use symbiote_proto::symbiote::example::v1 as pb;

use crate::state::{put_value, ExampleRead};
use crate::{events, Params};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsgSetValue {
    pub signer: Address,
    pub key: String,
    pub value: String,
}

fn check_key(key: &str) -> SdkResult<()> {
    let ok = (1..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic() && b != b'/');
    if ok {
        Ok(())
    } else {
        Err(SdkError::new(Code::InvalidRequest, format!("invalid key {key:?}: 1-64 printable ASCII bytes, no '/'")))
    }
}

/// What a stored entry must satisfy, in a message or in genesis.
pub(crate) fn check_entry(key: &str, value: &str, params: &Params) -> SdkResult<()> {
    check_key(key)?;
    if value.len() as u64 > params.max_value_bytes {
        return Err(SdkError::new(
            Code::InvalidRequest,
            format!("value of {} bytes exceeds max_value_bytes {}", value.len(), params.max_value_bytes),
        ));
    }
    Ok(())
}

#[async_trait]
impl MsgHandler for MsgSetValue {
    const TYPE_URL: &'static str = "/symbiote.example.v1.MsgSetValue";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.example.v1.MsgSetValueResponse";
    type Proto = pb::MsgSetValue;
    type Response = pb::MsgSetValueResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { signer: p.signer.parse()?, key: p.key, value: p.value })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgSetValue { signer: self.signer.to_string(), key: self.key.clone(), value: self.value.clone() }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.signer]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        check_key(&self.key)
    }

    async fn check_stateful<S: StateRead>(&self, state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        check_entry(&self.key, &self.value, &state.example_params().await?)
    }

    async fn execute<S: StateWrite>(&self, state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        let previous = state.example_value(&self.key).await?.map_or(0, |v| v.len() as u64);
        put_value(state, &self.key, &self.value)?;
        state.record(events::value_set(&self.signer, &self.key));
        Ok(pb::MsgSetValueResponse { previous_length: previous })
    }
}
