//! Typed helpers over the raw key-value store, used by every module's `state.rs`.
//!
//! Writes go through [`WriteExt`], which fails as soon as the transaction's gas runs out:
//! cnidarium's `put_raw` cannot return an error, so after each write the helper asks the store
//! for the gas meter ([`GAS_METER`], answered by [`crate::Metered`]) and stops the handler there
//! rather than letting it run on past its limit.

use async_trait::async_trait;
use cnidarium::{StateRead, StateWrite};

use crate::error::{SdkError, SdkResult};
use crate::gas::GasMeter;

/// Object-store key under which [`crate::Metered`] exposes its gas meter to the layers above.
pub const GAS_METER: &str = "symbiote/gas_meter";

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
            Some(bytes) => decode_u64(key, &bytes).map(Some),
        }
    }
}

impl<S: StateRead + ?Sized> ReadExt for S {}

/// A big-endian u64 value (the SDK's collections encoding of sequences and counters).
pub fn decode_u64(key: &str, bytes: &[u8]) -> SdkResult<u64> {
    let arr: [u8; 8] = bytes.try_into().map_err(|_| SdkError::internal(format!("corrupt u64 at {key}")))?;
    Ok(u64::from_be_bytes(arr))
}

pub trait WriteExt: StateWrite {
    fn put_bytes(&mut self, key: String, value: Vec<u8>) -> SdkResult<()> {
        self.put_raw(key, value);
        self.check_gas("WriteFlat")
    }

    fn put_proto<T: prost::Message>(&mut self, key: String, value: &T) -> SdkResult<()> {
        self.put_bytes(key, value.encode_to_vec())
    }

    fn put_u64(&mut self, key: String, value: u64) -> SdkResult<()> {
        self.put_bytes(key, value.to_be_bytes().to_vec())
    }

    fn remove(&mut self, key: String) -> SdkResult<()> {
        self.delete(key);
        self.check_gas("Delete")
    }

    /// Charges `amount` gas for work that is not a store access (e.g. validating a model); a
    /// no-op on unmetered state.
    fn consume_gas(&self, amount: u64, what: &str) -> SdkResult<()> {
        match self.object_get::<GasMeter>(GAS_METER) {
            Some(meter) => meter.consume(amount, what),
            None => Ok(()),
        }
    }

    /// Out of gas if the metered layer below has gone past its limit (no-op on unmetered state,
    /// such as genesis; block hooks run under an unlimited meter).
    fn check_gas(&self, what: &str) -> SdkResult<()> {
        match self.object_get::<GasMeter>(GAS_METER) {
            Some(meter) => meter.check(what),
            None => Ok(()),
        }
    }
}

impl<S: StateWrite + ?Sized> WriteExt for S {}
