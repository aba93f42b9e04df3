//! A store wrapper that charges gas for every verifiable read and write.
//!
//! Handlers and extension traits take any `StateRead`/`StateWrite`, so wrapping the transaction's
//! overlay in [`Metered`] meters every module uniformly, with no gas bookkeeping in module code.
//! A read past the limit fails at once (as an `SdkError` inside the `anyhow::Error`). Writes cannot
//! fail in cnidarium's API, so their charge is recorded and the tx executor calls
//! [`GasMeter::check`] after each message.
//!
//! Events recorded through the wrapper stay in it ([`Metered::take_events`]) rather than going to
//! the overlay below: the executor needs each message's events apart (to tag their message index),
//! and collecting them here saves it an overlay per message.

use anyhow::Result;
use cnidarium::{StateRead, StateWrite};
use futures::future::BoxFuture;
use futures::stream::BoxStream;
use futures::{FutureExt, StreamExt};
use tendermint::abci;

use crate::gas::{cost, GasMeter};

pub struct Metered<S> {
    inner: S,
    gas: GasMeter,
    events: Vec<abci::Event>,
}

impl<S> Metered<S> {
    pub fn new(inner: S, gas: GasMeter) -> Self {
        Self { inner, gas, events: Vec::new() }
    }

    /// The events recorded since the last call, in order.
    pub fn take_events(&mut self) -> Vec<abci::Event> {
        std::mem::take(&mut self.events)
    }
}

fn charge(gas: &GasMeter, amount: u64, what: &str) -> Result<()> {
    gas.consume(amount, what).map_err(anyhow::Error::new)
}

impl<S: StateRead> StateRead for Metered<S> {
    type GetRawFut = BoxFuture<'static, Result<Option<Vec<u8>>>>;
    type PrefixRawStream = BoxStream<'static, Result<(String, Vec<u8>)>>;
    type PrefixKeysStream = BoxStream<'static, Result<String>>;
    type NonconsensusPrefixRawStream = S::NonconsensusPrefixRawStream;
    type NonconsensusRangeRawStream = S::NonconsensusRangeRawStream;

    fn get_raw(&self, key: &str) -> Self::GetRawFut {
        let gas = self.gas.clone();
        if let Err(e) = charge(&gas, cost::READ_FLAT, "ReadFlat") {
            return futures::future::ready(Err(e)).boxed();
        }
        self.inner
            .get_raw(key)
            .map(move |res| {
                let value = res?;
                let len = value.as_ref().map_or(0, |v| v.len()) as u64;
                charge(&gas, cost::READ_PER_BYTE.saturating_mul(len), "ReadPerByte")?;
                Ok(value)
            })
            .boxed()
    }

    crate::delegate::delegate_other_reads!();

    fn nonverifiable_get_raw(&self, key: &[u8]) -> Self::GetRawFut {
        self.inner.nonverifiable_get_raw(key).boxed()
    }

    fn prefix_raw(&self, prefix: &str) -> Self::PrefixRawStream {
        let gas = self.gas.clone();
        self.inner
            .prefix_raw(prefix)
            .map(move |item| {
                let (k, v) = item?;
                let bytes = (k.len() + v.len()) as u64;
                charge(&gas, cost::ITER_NEXT_FLAT, "IterNextFlat")?;
                charge(&gas, cost::READ_PER_BYTE.saturating_mul(bytes), "ReadPerByte")?;
                Ok((k, v))
            })
            .boxed()
    }

    fn prefix_keys(&self, prefix: &str) -> Self::PrefixKeysStream {
        let gas = self.gas.clone();
        self.inner
            .prefix_keys(prefix)
            .map(move |item| {
                let k = item?;
                charge(&gas, cost::ITER_NEXT_FLAT, "IterNextFlat")?;
                Ok(k)
            })
            .boxed()
    }
}

impl<S: StateWrite> StateWrite for Metered<S> {
    crate::delegate::delegate_other_writes!();

    fn put_raw(&mut self, key: String, value: Vec<u8>) {
        let bytes = (key.len() + value.len()) as u64;
        let amount = cost::WRITE_FLAT.saturating_add(cost::WRITE_PER_BYTE.saturating_mul(bytes));
        // Over the limit is recorded in the meter and reported by `GasMeter::check`.
        let _ = self.gas.consume(amount, "WriteFlat");
        self.inner.put_raw(key, value);
    }

    fn delete(&mut self, key: String) {
        let _ = self.gas.consume(cost::DELETE, "Delete");
        self.inner.delete(key);
    }

    fn record(&mut self, event: abci::Event) {
        self.events.push(event);
    }
}
