//! `MsgBreakInvariant`: fault injection for tests. Its handler fails the way a corrupt store or a
//! broken invariant makes a real handler fail: with an internal error, which must halt the node
//! rather than become a tx result.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};
use symbiote_core::{Address, MsgContext, MsgHandler, SdkError, SdkResult};
use symbiote_proto::symbiote::example::v1 as pb;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsgBreakInvariant {
    pub signer: Address,
}

#[async_trait]
impl MsgHandler for MsgBreakInvariant {
    const TYPE_URL: &'static str = "/symbiote.example.v1.MsgBreakInvariant";
    const RESPONSE_TYPE_URL: &'static str = "/symbiote.example.v1.MsgBreakInvariantResponse";
    type Proto = pb::MsgBreakInvariant;
    type Response = pb::MsgBreakInvariantResponse;

    fn from_proto(p: Self::Proto) -> SdkResult<Self> {
        Ok(Self { signer: p.signer.parse()? })
    }

    fn to_proto(&self) -> Self::Proto {
        pb::MsgBreakInvariant { signer: self.signer.to_string() }
    }

    fn signers(&self) -> Vec<Address> {
        vec![self.signer]
    }

    fn check_stateless(&self) -> SdkResult<()> {
        Ok(())
    }

    async fn check_stateful<S: StateRead>(&self, _state: &S, _ctx: &MsgContext) -> SdkResult<()> {
        Ok(())
    }

    async fn execute<S: StateWrite>(&self, _state: &mut S, _ctx: &MsgContext) -> SdkResult<Self::Response> {
        Err(SdkError::internal("example: invariant broken on purpose (MsgBreakInvariant)"))
    }
}
