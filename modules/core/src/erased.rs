//! A state whose concrete type is hidden, so that one module can call another's hooks
//! ([`crate::hooks`]) through trait objects: a hook trait cannot have generic methods and stay
//! object-safe, so hooks take an [`Erased`] state instead of an `S: StateWrite`.
//!
//! [`Erased`] is itself a `StateRead + StateWrite`, so a hook uses every typed reader and writer
//! (`BankWrite::send`, `WriteExt`, ...) as usual. Reads and writes pass straight to the caller's
//! state (gas is charged by its meter, events go where the caller's go); each read costs one boxed
//! future more.
//!
//! The cnidarium object store is not carried across, except the gas meter ([`GAS_METER`]) that
//! `WriteExt` asks for: symbiote modules keep no other ephemeral objects.

use std::any::Any;
use std::collections::BTreeMap;
use std::ops::Bound;

use anyhow::Result;
use cnidarium::{StateRead, StateWrite};
use futures::future::BoxFuture;
use futures::stream::BoxStream;
use futures::{FutureExt, StreamExt};
use tendermint::{abci, Time};

use crate::gas::GasMeter;
use crate::store::GAS_METER;

type Objects = BTreeMap<&'static str, Option<Box<dyn Any + Send + Sync>>>;
type RangeStream = BoxStream<'static, Result<(Vec<u8>, Vec<u8>)>>;

/// The object-safe face of a `StateWrite`: the same methods without generic parameters.
pub trait DynState: Send + Sync {
    fn get_raw(&self, key: &str) -> BoxFuture<'static, Result<Option<Vec<u8>>>>;
    fn nonverifiable_get_raw(&self, key: &[u8]) -> BoxFuture<'static, Result<Option<Vec<u8>>>>;
    fn prefix_raw(&self, prefix: &str) -> BoxStream<'static, Result<(String, Vec<u8>)>>;
    fn prefix_keys(&self, prefix: &str) -> BoxStream<'static, Result<String>>;
    fn nonverifiable_prefix_raw(&self, prefix: &[u8]) -> RangeStream;
    fn nonverifiable_range_raw(
        &self,
        prefix: Option<&[u8]>,
        range: (Bound<Vec<u8>>, Bound<Vec<u8>>),
    ) -> Result<RangeStream>;
    fn gas_meter(&self) -> Option<GasMeter>;
    fn object_type(&self, key: &'static str) -> Option<std::any::TypeId>;
    fn put_raw(&mut self, key: String, value: Vec<u8>);
    fn delete(&mut self, key: String);
    fn nonverifiable_put_raw(&mut self, key: Vec<u8>, value: Vec<u8>);
    fn nonverifiable_delete(&mut self, key: Vec<u8>);
    fn object_delete(&mut self, key: &'static str);
    fn object_merge(&mut self, objects: Objects);
    fn record(&mut self, event: abci::Event);
}

impl<S: StateWrite> DynState for S {
    fn get_raw(&self, key: &str) -> BoxFuture<'static, Result<Option<Vec<u8>>>> {
        StateRead::get_raw(self, key).boxed()
    }
    fn nonverifiable_get_raw(&self, key: &[u8]) -> BoxFuture<'static, Result<Option<Vec<u8>>>> {
        StateRead::nonverifiable_get_raw(self, key).boxed()
    }
    fn prefix_raw(&self, prefix: &str) -> BoxStream<'static, Result<(String, Vec<u8>)>> {
        StateRead::prefix_raw(self, prefix).boxed()
    }
    fn prefix_keys(&self, prefix: &str) -> BoxStream<'static, Result<String>> {
        StateRead::prefix_keys(self, prefix).boxed()
    }
    fn nonverifiable_prefix_raw(&self, prefix: &[u8]) -> RangeStream {
        StateRead::nonverifiable_prefix_raw(self, prefix).boxed()
    }
    fn nonverifiable_range_raw(
        &self,
        prefix: Option<&[u8]>,
        range: (Bound<Vec<u8>>, Bound<Vec<u8>>),
    ) -> Result<RangeStream> {
        Ok(StateRead::nonverifiable_range_raw(self, prefix, range)?.boxed())
    }
    fn gas_meter(&self) -> Option<GasMeter> {
        StateRead::object_get::<GasMeter>(self, GAS_METER)
    }
    fn object_type(&self, key: &'static str) -> Option<std::any::TypeId> {
        StateRead::object_type(self, key)
    }
    fn put_raw(&mut self, key: String, value: Vec<u8>) {
        StateWrite::put_raw(self, key, value)
    }
    fn delete(&mut self, key: String) {
        StateWrite::delete(self, key)
    }
    fn nonverifiable_put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) {
        StateWrite::nonverifiable_put_raw(self, key, value)
    }
    fn nonverifiable_delete(&mut self, key: Vec<u8>) {
        StateWrite::nonverifiable_delete(self, key)
    }
    fn object_delete(&mut self, key: &'static str) {
        StateWrite::object_delete(self, key)
    }
    fn object_merge(&mut self, objects: Objects) {
        StateWrite::object_merge(self, objects)
    }
    fn record(&mut self, event: abci::Event) {
        StateWrite::record(self, event)
    }
}

/// A borrowed state of any type, usable wherever a `StateWrite` is, and the block it is being
/// changed in (hooks such as distribution's record the height a delegation started at, as the
/// SDK's hooks read it from their context).
pub struct Erased<'a> {
    state: &'a mut dyn DynState,
    height: u64,
    time: Time,
}

impl<'a> Erased<'a> {
    /// The state as changed at block `height` (time `time`).
    pub fn at_block<S: StateWrite>(state: &'a mut S, height: u64, time: Time) -> Self {
        Self { state, height, time }
    }

    /// The height of the block the change is made in (0 at genesis).
    pub fn height(&self) -> u64 {
        self.height
    }

    /// The time of that block (the genesis time at genesis).
    pub fn time(&self) -> Time {
        self.time
    }
}

impl StateRead for Erased<'_> {
    type GetRawFut = BoxFuture<'static, Result<Option<Vec<u8>>>>;
    type PrefixRawStream = BoxStream<'static, Result<(String, Vec<u8>)>>;
    type PrefixKeysStream = BoxStream<'static, Result<String>>;
    type NonconsensusPrefixRawStream = RangeStream;
    type NonconsensusRangeRawStream = RangeStream;

    fn get_raw(&self, key: &str) -> Self::GetRawFut {
        self.state.get_raw(key)
    }
    fn nonverifiable_get_raw(&self, key: &[u8]) -> Self::GetRawFut {
        self.state.nonverifiable_get_raw(key)
    }
    /// Only the gas meter crosses (see the module docs).
    fn object_get<T: Any + Send + Sync + Clone>(&self, key: &'static str) -> Option<T> {
        if key != GAS_METER {
            return None;
        }
        let meter = self.state.gas_meter()?;
        (&meter as &dyn Any).downcast_ref::<T>().cloned()
    }
    fn object_type(&self, key: &'static str) -> Option<std::any::TypeId> {
        if key != GAS_METER {
            return None;
        }
        self.state.object_type(key)
    }
    fn prefix_raw(&self, prefix: &str) -> Self::PrefixRawStream {
        self.state.prefix_raw(prefix)
    }
    fn prefix_keys(&self, prefix: &str) -> Self::PrefixKeysStream {
        self.state.prefix_keys(prefix)
    }
    fn nonverifiable_prefix_raw(&self, prefix: &[u8]) -> Self::NonconsensusPrefixRawStream {
        self.state.nonverifiable_prefix_raw(prefix)
    }
    fn nonverifiable_range_raw(
        &self,
        prefix: Option<&[u8]>,
        range: impl std::ops::RangeBounds<Vec<u8>>,
    ) -> Result<Self::NonconsensusRangeRawStream> {
        self.state.nonverifiable_range_raw(prefix, (range.start_bound().cloned(), range.end_bound().cloned()))
    }
}

impl StateWrite for Erased<'_> {
    fn put_raw(&mut self, key: String, value: Vec<u8>) {
        self.state.put_raw(key, value)
    }
    fn delete(&mut self, key: String) {
        self.state.delete(key)
    }
    fn nonverifiable_put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.state.nonverifiable_put_raw(key, value)
    }
    fn nonverifiable_delete(&mut self, key: Vec<u8>) {
        self.state.nonverifiable_delete(key)
    }
    fn object_put<T: Clone + Any + Send + Sync>(&mut self, key: &'static str, value: T) {
        let mut one = Objects::new();
        one.insert(key, Some(Box::new(value)));
        self.state.object_merge(one)
    }
    fn object_delete(&mut self, key: &'static str) {
        self.state.object_delete(key)
    }
    fn object_merge(&mut self, objects: Objects) {
        self.state.object_merge(objects)
    }
    fn record(&mut self, event: abci::Event) {
        self.state.record(event)
    }
}

#[cfg(test)]
mod tests {
    use cnidarium::{StateDelta, TempStorage};
    use futures::TryStreamExt;

    use cnidarium::{StateRead, StateWrite};
    use tendermint::{abci, Time};

    use super::Erased;
    use crate::gas::GasMeter;
    use crate::store::{ReadExt, WriteExt, GAS_METER};
    use crate::Metered;

    #[tokio::test]
    async fn reads_writes_events_and_gas_pass_through() {
        let storage = TempStorage::new().await.unwrap();
        let mut delta = StateDelta::new(storage.latest_snapshot());
        delta.put_raw("a/1".into(), b"one".to_vec());
        let meter = GasMeter::new(1_000_000);
        let mut metered = Metered::new(&mut delta, meter.clone());
        {
            let mut erased = Erased::at_block(&mut metered, 1, Time::unix_epoch());
            assert_eq!(erased.get_raw("a/1").await.unwrap(), Some(b"one".to_vec()));
            erased.put_bytes("a/2".into(), b"two".to_vec()).unwrap();
            let keys: Vec<String> = erased.prefix_keys("a/").try_collect().await.unwrap();
            assert_eq!(keys, vec!["a/1".to_string(), "a/2".to_string()]);
            erased.record(abci::Event::new("hooked", Vec::<abci::EventAttribute>::new()));
            assert!(erased.object_get::<GasMeter>(GAS_METER).is_some(), "WriteExt finds the meter");
            assert_eq!(erased.object_get::<u64>("anything else"), None);
        }
        assert!(meter.consumed() > 0, "reads and writes through the erased state are charged");
        assert_eq!(metered.take_events().len(), 1, "events go where the caller's go");
        assert_eq!(metered.get_u64("missing").await.unwrap(), None);
        drop(metered);
        assert_eq!(delta.get_raw("a/2").await.unwrap(), Some(b"two".to_vec()));
    }

    #[tokio::test]
    async fn writes_past_the_gas_limit_fail_at_the_write() {
        let storage = TempStorage::new().await.unwrap();
        let mut delta = StateDelta::new(storage.latest_snapshot());
        let mut metered = Metered::new(&mut delta, GasMeter::new(10));
        let mut erased = Erased::at_block(&mut metered, 1, Time::unix_epoch());
        let e = erased.put_bytes("k".into(), vec![0; 100]).unwrap_err();
        assert!(e.is(crate::error::Code::OutOfGas), "{e}");
    }
}
