//! The message router of the whole chain, for modules that carry other modules' messages (gov's
//! proposals): they cannot name the app's message type (it is built from every module, theirs
//! included), so the app registers its router as a hook ([`crate::hooks`]) and they reach it through
//! their context's `hooks`, as the SDK's gov keeper holds `baseapp.MsgServiceRouter`.
//!
//! A routed message is given as its `Any`: [`MsgRouter::check`] decodes it and runs its stateless
//! checks (at submission), [`MsgRouter::execute`] decodes it again and runs the stateful check and
//! the handler on a state the caller chose (an overlay, so a failure leaves nothing behind).

use std::marker::PhantomData;

use futures::future::BoxFuture;

use crate::erased::Erased;
use crate::msg::{MsgContext, MsgSet};
use crate::{Address, Any, Hooks, SdkError, SdkResult};

/// What routing a message found out about it without state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Routed {
    pub type_url: &'static str,
    /// The module that handles it (`message.module`).
    pub module: &'static str,
    pub signers: Vec<Address>,
    /// The outcome of the message's own stateless checks (kept apart so the caller can check the
    /// signers first, as the SDK's gov does).
    pub stateless: SdkResult<()>,
}

/// The chain's message router (object-safe, so it can live in [`Hooks`]).
pub trait MsgRouter: Send + Sync {
    /// `None` if no module handles the type URL; otherwise the decoded message's facts and its
    /// stateless checks' outcome, or the coded error of decoding it.
    fn check(&self, any: &Any) -> Option<SdkResult<Routed>>;

    /// Decodes, checks (stateless, then stateful) and executes `any` on `state`, returning the
    /// handler's response. The events it records go to `state` (without the `message` event a
    /// tx's messages get: the SDK's router adds none either).
    fn execute<'a>(
        &'a self,
        any: &'a Any,
        state: &'a mut Erased<'_>,
        ctx: &'a MsgContext,
    ) -> BoxFuture<'a, SdkResult<Any>>;
}

/// The router of a message set (the app registers the one of its module list).
pub struct SetRouter<M>(PhantomData<fn() -> M>);

impl<M> SetRouter<M> {
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<M> Default for SetRouter<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M: MsgSet> MsgRouter for SetRouter<M> {
    fn check(&self, any: &Any) -> Option<SdkResult<Routed>> {
        Some(M::decode(any)?.map(|msg| Routed {
            type_url: msg.type_url(),
            module: msg.module(),
            signers: msg.signers(),
            stateless: msg.check_stateless(),
        }))
    }

    fn execute<'a>(
        &'a self,
        any: &'a Any,
        state: &'a mut Erased<'_>,
        ctx: &'a MsgContext,
    ) -> BoxFuture<'a, SdkResult<Any>> {
        Box::pin(async move {
            let msg = M::decode(any).unwrap_or_else(|| Err(unroutable(&any.type_url)))?;
            msg.check_stateless()?;
            msg.check_stateful(&*state, ctx).await?;
            msg.execute(state, ctx).await
        })
    }
}

/// The error for a message no module handles (the SDK's gov code 10 wording).
pub fn unroutable(type_url: &str) -> SdkError {
    SdkError::coded("gov", 10, "proposal message not recognized by router", type_url)
}

/// The chain's router, registered by the app ([`SetRouter`] of its message set).
pub fn router(hooks: &Hooks) -> SdkResult<&dyn MsgRouter> {
    hooks
        .get::<dyn MsgRouter>()
        .first()
        .map(|r| r.as_ref())
        .ok_or_else(|| SdkError::internal("no message router registered"))
}
