//! Store wrappers ([`crate::metered::Metered`], [`crate::read_cache::ReadCache`]) change how
//! verifiable keys are read and written and pass everything else to the store they wrap, in a field
//! named `inner`. These macros write that pass-through once.

/// `StateRead` methods for object-store and nonverifiable-range access, passed to `self.inner`.
/// The wrapper's `NonconsensusPrefixRawStream` / `NonconsensusRangeRawStream` must be the inner ones.
macro_rules! delegate_other_reads {
    () => {
        fn object_get<T: ::std::any::Any + Send + Sync + Clone>(&self, key: &'static str) -> Option<T> {
            self.inner.object_get(key)
        }

        fn object_type(&self, key: &'static str) -> Option<::std::any::TypeId> {
            self.inner.object_type(key)
        }

        fn nonverifiable_prefix_raw(&self, prefix: &[u8]) -> Self::NonconsensusPrefixRawStream {
            self.inner.nonverifiable_prefix_raw(prefix)
        }

        fn nonverifiable_range_raw(
            &self,
            prefix: Option<&[u8]>,
            range: impl ::std::ops::RangeBounds<Vec<u8>>,
        ) -> ::anyhow::Result<Self::NonconsensusRangeRawStream> {
            self.inner.nonverifiable_range_raw(prefix, range)
        }
    };
}

/// `StateWrite` methods for nonverifiable keys and the object store, passed to `self.inner`.
macro_rules! delegate_other_writes {
    () => {
        fn nonverifiable_put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) {
            self.inner.nonverifiable_put_raw(key, value);
        }

        fn nonverifiable_delete(&mut self, key: Vec<u8>) {
            self.inner.nonverifiable_delete(key);
        }

        fn object_put<T: Clone + ::std::any::Any + Send + Sync>(&mut self, key: &'static str, value: T) {
            self.inner.object_put(key, value);
        }

        fn object_delete(&mut self, key: &'static str) {
            self.inner.object_delete(key);
        }

        fn object_merge(
            &mut self,
            objects: ::std::collections::BTreeMap<&'static str, Option<Box<dyn ::std::any::Any + Send + Sync>>>,
        ) {
            self.inner.object_merge(objects);
        }
    };
}

pub(crate) use {delegate_other_reads, delegate_other_writes};
