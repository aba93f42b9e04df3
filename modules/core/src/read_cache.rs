//! A read-through cache over the block's state.
//!
//! cnidarium answers every read that misses the write overlays from the JMT on tokio's blocking
//! pool: a thread hand-off per read, several per transaction. Within one block a key's value only
//! changes through writes that pass through this layer, so each key needs fetching at most once;
//! [`ReadCache::prefetch`] fetches the keys a block will touch concurrently, up front. Results are
//! unaffected: the cache only changes when reads happen, never what they return.
//!
//! Across blocks (the Cosmos SDK's "inter-block cache"): when every write of a block went through
//! this layer, its entries after the block are exactly the values of those keys in the state the
//! block commits. [`ReadCache::into_parts`] hands them out so the next block can start from
//! them ([`ReadCache::with_entries`]) instead of reading hot accounts from the store again.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use anyhow::Result;
use cnidarium::{StateRead, StateWrite};
use futures::future::{BoxFuture, Either, Ready};
use futures::FutureExt;
use tendermint::abci;

/// Key → value (`None`: absent) as of the state below plus every write made through the cache.
pub type Entries = BTreeMap<String, Option<Vec<u8>>>;

type Cache = Arc<RwLock<Entries>>;

pub struct ReadCache<S> {
    inner: S,
    cache: Cache,
}

impl<S: StateRead> ReadCache<S> {
    pub fn new(inner: S) -> Self {
        Self::with_entries(inner, Entries::new())
    }

    /// A cache that already knows `entries`. They must be the values those keys have in `inner`
    /// (for example, what [`ReadCache::into_parts`] returned for the block `inner` builds on).
    pub fn with_entries(inner: S, entries: Entries) -> Self {
        Self { inner, cache: Arc::new(RwLock::new(entries)) }
    }

    /// The state below (with every write made through the cache) and everything the cache knows:
    /// values read from that state and values written through it.
    pub fn into_parts(self) -> (S, Entries) {
        let entries = std::mem::take(&mut *self.cache.write().expect("cache lock"));
        (self.inner, entries)
    }

    /// Reads `keys` concurrently (at most `PARALLEL` in flight) into the cache.
    pub async fn prefetch(&self, keys: impl IntoIterator<Item = String>) -> Result<()> {
        const PARALLEL: usize = 256;
        let keys: Vec<String> = {
            let cache = self.cache.read().expect("cache lock");
            let mut ks: Vec<String> = keys.into_iter().filter(|k| !cache.contains_key(k)).collect();
            ks.sort();
            ks.dedup();
            ks
        };
        for chunk in keys.chunks(PARALLEL) {
            let values = futures::future::try_join_all(chunk.iter().map(|k| self.inner.get_raw(k))).await?;
            let mut cache = self.cache.write().expect("cache lock");
            for (k, v) in chunk.iter().zip(values) {
                cache.entry(k.clone()).or_insert(v);
            }
        }
        Ok(())
    }
}

impl<S: StateRead> StateRead for ReadCache<S> {
    /// A hit (nearly every read of a block) is answered without allocating a future.
    type GetRawFut = Either<Ready<Result<Option<Vec<u8>>>>, BoxFuture<'static, Result<Option<Vec<u8>>>>>;
    type PrefixRawStream = S::PrefixRawStream;
    type PrefixKeysStream = S::PrefixKeysStream;
    type NonconsensusPrefixRawStream = S::NonconsensusPrefixRawStream;
    type NonconsensusRangeRawStream = S::NonconsensusRangeRawStream;

    fn get_raw(&self, key: &str) -> Self::GetRawFut {
        if let Some(v) = self.cache.read().expect("cache lock").get(key) {
            return Either::Left(futures::future::ready(Ok(v.clone())));
        }
        let cache = self.cache.clone();
        let key = key.to_string();
        let fut = self.inner.get_raw(&key);
        Either::Right(
            async move {
                let v = fut.await?;
                // A write that landed meanwhile is newer than this read: keep it.
                cache.write().expect("cache lock").entry(key).or_insert_with(|| v.clone());
                Ok(v)
            }
            .boxed(),
        )
    }

    fn object_get<T: std::any::Any + Send + Sync + Clone>(&self, key: &'static str) -> Option<T> {
        self.inner.object_get(key)
    }

    fn object_type(&self, key: &'static str) -> Option<std::any::TypeId> {
        self.inner.object_type(key)
    }

    fn nonverifiable_prefix_raw(&self, prefix: &[u8]) -> Self::NonconsensusPrefixRawStream {
        self.inner.nonverifiable_prefix_raw(prefix)
    }

    fn nonverifiable_range_raw(
        &self,
        prefix: Option<&[u8]>,
        range: impl std::ops::RangeBounds<Vec<u8>>,
    ) -> Result<Self::NonconsensusRangeRawStream> {
        self.inner.nonverifiable_range_raw(prefix, range)
    }

    fn nonverifiable_get_raw(&self, key: &[u8]) -> Self::GetRawFut {
        Either::Right(self.inner.nonverifiable_get_raw(key).boxed())
    }

    /// Scans go to the layer below, which holds every write made through this cache.
    fn prefix_raw(&self, prefix: &str) -> Self::PrefixRawStream {
        self.inner.prefix_raw(prefix)
    }

    fn prefix_keys(&self, prefix: &str) -> Self::PrefixKeysStream {
        self.inner.prefix_keys(prefix)
    }
}

impl<S: StateWrite> StateWrite for ReadCache<S> {
    fn nonverifiable_put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.inner.nonverifiable_put_raw(key, value);
    }

    fn nonverifiable_delete(&mut self, key: Vec<u8>) {
        self.inner.nonverifiable_delete(key);
    }

    fn object_put<T: Clone + std::any::Any + Send + Sync>(&mut self, key: &'static str, value: T) {
        self.inner.object_put(key, value);
    }

    fn object_delete(&mut self, key: &'static str) {
        self.inner.object_delete(key);
    }

    fn object_merge(&mut self, objects: BTreeMap<&'static str, Option<Box<dyn std::any::Any + Send + Sync>>>) {
        self.inner.object_merge(objects);
    }

    fn put_raw(&mut self, key: String, value: Vec<u8>) {
        self.cache.write().expect("cache lock").insert(key.clone(), Some(value.clone()));
        self.inner.put_raw(key, value);
    }

    fn delete(&mut self, key: String) {
        self.cache.write().expect("cache lock").insert(key.clone(), None);
        self.inner.delete(key);
    }

    fn record(&mut self, event: abci::Event) {
        self.inner.record(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cnidarium::{StateDelta, TempStorage};

    #[tokio::test]
    async fn reads_see_writes_and_prefetched_values() {
        let storage = TempStorage::new().await.unwrap();
        let mut delta = StateDelta::new(storage.latest_snapshot());
        delta.put_raw("a".into(), b"1".to_vec());
        storage.commit(delta).await.unwrap();

        let mut block = StateDelta::new(storage.latest_snapshot());
        let mut cache = ReadCache::new(&mut block);
        cache.prefetch(["a".to_string(), "b".to_string()]).await.unwrap();
        assert_eq!(cache.get_raw("a").await.unwrap(), Some(b"1".to_vec()));
        assert_eq!(cache.get_raw("b").await.unwrap(), None);
        cache.put_raw("a".into(), b"2".to_vec());
        cache.delete("c".into());
        {
            let mut tx = StateDelta::new(&mut cache);
            tx.put_raw("b".into(), b"3".to_vec());
            tx.apply();
        }
        assert_eq!(cache.get_raw("a").await.unwrap(), Some(b"2".to_vec()));
        assert_eq!(
            cache.get_raw("b").await.unwrap(),
            Some(b"3".to_vec()),
            "writes from overlays above update the cache"
        );
        drop(cache);
        assert_eq!(block.get_raw("b").await.unwrap(), Some(b"3".to_vec()), "and reach the layer below");
    }

    #[tokio::test]
    async fn entries_after_a_block_are_the_committed_values() {
        let storage = TempStorage::new().await.unwrap();
        let mut genesis = StateDelta::new(storage.latest_snapshot());
        genesis.put_raw("a".into(), b"1".to_vec());
        genesis.put_raw("c".into(), b"5".to_vec());
        storage.commit(genesis).await.unwrap();

        let mut cache = ReadCache::new(StateDelta::new(storage.latest_snapshot()));
        cache.prefetch(["a".to_string(), "z".to_string()]).await.unwrap();
        cache.put_raw("b".into(), b"2".to_vec());
        cache.delete("c".into());
        let (block, entries) = cache.into_parts();
        storage.commit(block).await.unwrap();

        let committed = storage.latest_snapshot();
        assert_eq!(entries.keys().collect::<Vec<_>>(), ["a", "b", "c", "z"]);
        for (key, value) in &entries {
            assert_eq!(&committed.get_raw(key).await.unwrap(), value, "entry {key}");
        }

        // The next block answers from the carried entries (a planted value shows it does).
        let mut planted = entries.clone();
        planted.insert("a".into(), Some(b"planted".to_vec()));
        let next = ReadCache::with_entries(StateDelta::new(committed), planted);
        assert_eq!(next.get_raw("a").await.unwrap(), Some(b"planted".to_vec()));
        assert_eq!(next.get_raw("c").await.unwrap(), None);
    }
}
