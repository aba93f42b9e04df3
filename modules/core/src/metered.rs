//! A store wrapper that charges gas for every store access a handler can make.
//!
//! Handlers and extension traits take any `StateRead`/`StateWrite`, so wrapping the transaction's
//! overlay in [`Metered`] meters every module uniformly, with no gas bookkeeping in module code.
//! A read past the limit fails at once (as an `SdkError` inside the `anyhow::Error`). Writes cannot
//! fail in cnidarium's API: their charge is recorded, and the typed writers every module uses
//! ([`crate::store::WriteExt`]) ask for the meter through the object store ([`GAS_METER`]) right
//! after each write and fail there, so a handler stops at the write that ran out of gas.
//!
//! Events recorded through the wrapper stay in it ([`Metered::take_events`]) rather than going to
//! the overlay below: the executor needs each message's events apart (to tag their message index),
//! and collecting them here saves it an overlay per message.

use std::any::Any;

use anyhow::Result;
use cnidarium::{StateRead, StateWrite};
use futures::future::BoxFuture;
use futures::stream::BoxStream;
use futures::{FutureExt, StreamExt};
use tendermint::abci;

use crate::gas::{cost, GasMeter};
use crate::store::GAS_METER;

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

fn read_cost(len: usize) -> u64 {
    cost::READ_PER_BYTE.saturating_mul(len as u64)
}

fn write_cost(key_len: usize, value_len: usize) -> u64 {
    cost::WRITE_FLAT.saturating_add(cost::WRITE_PER_BYTE.saturating_mul((key_len + value_len) as u64))
}

/// A read of one value: flat cost and the key's bytes first (a read past the limit does not even
/// start), then the value's bytes, as the SDK's gas KV store charges.
fn metered_get(
    gas: GasMeter,
    key_len: usize,
    fut: impl std::future::Future<Output = Result<Option<Vec<u8>>>> + Send + 'static,
) -> BoxFuture<'static, Result<Option<Vec<u8>>>> {
    let upfront =
        charge(&gas, cost::READ_FLAT, "ReadFlat").and_then(|()| charge(&gas, read_cost(key_len), "ReadPerByte"));
    if let Err(e) = upfront {
        return futures::future::ready(Err(e)).boxed();
    }
    fut.map(move |res| {
        let value = res?;
        charge(&gas, read_cost(value.as_ref().map_or(0, |v| v.len())), "ReadPerByte")?;
        Ok(value)
    })
    .boxed()
}

/// Each item of a scan: the SDK's iterator costs (flat per step, per byte of key and value).
fn charge_item(gas: &GasMeter, key_len: usize, value_len: usize) -> Result<()> {
    charge(gas, cost::ITER_NEXT_FLAT, "IterNextFlat")?;
    charge(gas, read_cost(key_len + value_len), "ReadPerByte")
}

impl<S: StateRead> StateRead for Metered<S> {
    type GetRawFut = BoxFuture<'static, Result<Option<Vec<u8>>>>;
    type PrefixRawStream = BoxStream<'static, Result<(String, Vec<u8>)>>;
    type PrefixKeysStream = BoxStream<'static, Result<String>>;
    type NonconsensusPrefixRawStream = BoxStream<'static, Result<(Vec<u8>, Vec<u8>)>>;
    type NonconsensusRangeRawStream = BoxStream<'static, Result<(Vec<u8>, Vec<u8>)>>;

    fn get_raw(&self, key: &str) -> Self::GetRawFut {
        metered_get(self.gas.clone(), key.len(), self.inner.get_raw(key))
    }

    fn nonverifiable_get_raw(&self, key: &[u8]) -> Self::GetRawFut {
        metered_get(self.gas.clone(), key.len(), self.inner.nonverifiable_get_raw(key))
    }

    /// The gas meter itself is exposed under [`GAS_METER`]; everything else passes through.
    fn object_get<T: Any + Send + Sync + Clone>(&self, key: &'static str) -> Option<T> {
        if key == GAS_METER {
            return (&self.gas as &dyn Any).downcast_ref::<T>().cloned();
        }
        self.inner.object_get(key)
    }

    fn object_type(&self, key: &'static str) -> Option<std::any::TypeId> {
        if key == GAS_METER {
            return Some(std::any::TypeId::of::<GasMeter>());
        }
        self.inner.object_type(key)
    }

    fn prefix_raw(&self, prefix: &str) -> Self::PrefixRawStream {
        let gas = self.gas.clone();
        self.inner
            .prefix_raw(prefix)
            .map(move |item| {
                let (k, v) = item?;
                charge_item(&gas, k.len(), v.len())?;
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
                charge_item(&gas, k.len(), 0)?;
                Ok(k)
            })
            .boxed()
    }

    fn nonverifiable_prefix_raw(&self, prefix: &[u8]) -> Self::NonconsensusPrefixRawStream {
        let gas = self.gas.clone();
        self.inner
            .nonverifiable_prefix_raw(prefix)
            .map(move |item| {
                let (k, v) = item?;
                charge_item(&gas, k.len(), v.len())?;
                Ok((k, v))
            })
            .boxed()
    }

    fn nonverifiable_range_raw(
        &self,
        prefix: Option<&[u8]>,
        range: impl std::ops::RangeBounds<Vec<u8>>,
    ) -> Result<Self::NonconsensusRangeRawStream> {
        let gas = self.gas.clone();
        Ok(self
            .inner
            .nonverifiable_range_raw(prefix, range)?
            .map(move |item| {
                let (k, v) = item?;
                charge_item(&gas, k.len(), v.len())?;
                Ok((k, v))
            })
            .boxed())
    }
}

impl<S: StateWrite> StateWrite for Metered<S> {
    // Over the limit is recorded in the meter; `WriteExt` reports it right after the write.
    fn put_raw(&mut self, key: String, value: Vec<u8>) {
        let _ = self.gas.consume(write_cost(key.len(), value.len()), "WriteFlat");
        self.inner.put_raw(key, value);
    }

    fn delete(&mut self, key: String) {
        let _ = self.gas.consume(cost::DELETE, "Delete");
        self.inner.delete(key);
    }

    fn nonverifiable_put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) {
        let _ = self.gas.consume(write_cost(key.len(), value.len()), "WriteFlat");
        self.inner.nonverifiable_put_raw(key, value);
    }

    fn nonverifiable_delete(&mut self, key: Vec<u8>) {
        let _ = self.gas.consume(cost::DELETE, "Delete");
        self.inner.nonverifiable_delete(key);
    }

    fn object_put<T: Clone + Any + Send + Sync>(&mut self, key: &'static str, value: T) {
        self.inner.object_put(key, value);
    }

    fn object_delete(&mut self, key: &'static str) {
        self.inner.object_delete(key);
    }

    fn object_merge(&mut self, objects: std::collections::BTreeMap<&'static str, Option<Box<dyn Any + Send + Sync>>>) {
        self.inner.object_merge(objects);
    }

    fn record(&mut self, event: abci::Event) {
        self.events.push(event);
    }
}

#[cfg(test)]
mod tests {
    use cnidarium::{StateDelta, TempStorage};

    use super::*;
    use crate::error::Code;
    use crate::store::WriteExt;

    #[tokio::test]
    async fn a_write_past_the_limit_fails_at_that_write() {
        let storage = TempStorage::new().await.unwrap();
        let mut delta = StateDelta::new(storage.latest_snapshot());
        let gas = GasMeter::new(write_cost(1, 1) + 10);
        let mut metered = Metered::new(&mut delta, gas.clone());
        metered.put_bytes("a".into(), b"1".to_vec()).unwrap();
        let e = metered.put_bytes("b".into(), b"2".to_vec()).unwrap_err();
        assert!(e.is(Code::OutOfGas), "{e}");
        let gas = GasMeter::new(cost::DELETE - 1);
        let mut metered = Metered::new(&mut delta, gas);
        assert!(metered.remove("a".into()).unwrap_err().is(Code::OutOfGas));
    }

    #[tokio::test]
    async fn every_kind_of_access_is_charged() {
        let storage = TempStorage::new().await.unwrap();
        let mut delta = StateDelta::new(storage.latest_snapshot());
        delta.put_raw("k".into(), b"v".to_vec());
        delta.nonverifiable_put_raw(b"n".to_vec(), b"v".to_vec());
        let gas = GasMeter::infinite();
        let mut metered = Metered::new(&mut delta, gas.clone());
        let mut last = 0;
        let mut grew = |what: &str| {
            let now = gas.consumed();
            assert!(now > last, "{what} was not charged");
            last = now;
        };
        metered.get_raw("k").await.unwrap();
        grew("get_raw");
        metered.nonverifiable_get_raw(b"n").await.unwrap();
        grew("nonverifiable_get_raw");
        let _: Vec<_> = metered.prefix_raw("k").collect().await;
        grew("prefix_raw");
        let _: Vec<_> = metered.prefix_keys("k").collect().await;
        grew("prefix_keys");
        let _: Vec<_> = metered.nonverifiable_prefix_raw(b"n").collect().await;
        grew("nonverifiable_prefix_raw");
        let _: Vec<_> = metered.nonverifiable_range_raw(None, b"a".to_vec()..b"z".to_vec()).unwrap().collect().await;
        grew("nonverifiable_range_raw");
        metered.put_raw("k2".into(), vec![1]);
        grew("put_raw");
        metered.delete("k2".into());
        grew("delete");
        metered.nonverifiable_put_raw(b"n2".to_vec(), vec![1]);
        grew("nonverifiable_put_raw");
        metered.nonverifiable_delete(b"n2".to_vec());
        grew("nonverifiable_delete");
    }
}
