//! Typed helpers over the raw key-value store, used by every module's `state.rs`.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};

use crate::error::{SdkError, SdkResult};

#[async_trait]
pub trait ReadExt: StateRead {
    /// Reads and decodes a protobuf value. A stored value that does not decode is a corrupt store,
    /// reported as an internal error.
    async fn get_proto<T: prost::Message + Default>(&self, key: &str) -> SdkResult<Option<T>> {
        match self.get_raw(key).await? {
            None => Ok(None),
            Some(bytes) => T::decode(bytes.as_slice())
                .map(Some)
                .map_err(|e| SdkError::internal(format!("corrupt value at {key}: {e}"))),
        }
    }

    async fn get_u64(&self, key: &str) -> SdkResult<Option<u64>> {
        match self.get_raw(key).await? {
            None => Ok(None),
            Some(bytes) => {
                let arr: [u8; 8] =
                    bytes.as_slice().try_into().map_err(|_| SdkError::internal(format!("corrupt u64 at {key}")))?;
                Ok(Some(u64::from_be_bytes(arr)))
            }
        }
    }
}

impl<S: StateRead + ?Sized> ReadExt for S {}

pub trait WriteExt: StateWrite {
    fn put_proto<T: prost::Message>(&mut self, key: String, value: &T) {
        self.put_raw(key, value.encode_to_vec());
    }

    fn put_u64(&mut self, key: String, value: u64) {
        self.put_raw(key, value.to_be_bytes().to_vec());
    }
}

impl<S: StateWrite + ?Sized> WriteExt for S {}
