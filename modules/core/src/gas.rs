//! Gas: the price of a transaction's work, charged as it happens and capped by the gas limit the
//! signer chose. The store costs are the Cosmos SDK's `KVGasConfig` defaults, so gas estimates carry
//! over from SDK chains.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::error::{Code, SdkError, SdkResult};

/// Costs of store access (Cosmos SDK `storetypes.KVGasConfig()`).
pub mod cost {
    pub const READ_FLAT: u64 = 1_000;
    pub const READ_PER_BYTE: u64 = 3;
    pub const WRITE_FLAT: u64 = 2_000;
    pub const WRITE_PER_BYTE: u64 = 30;
    pub const DELETE: u64 = 1_000;
    pub const ITER_NEXT_FLAT: u64 = 30;
}

/// A shared gas meter. Cloning shares the count, so the meter can ride along with store wrappers that
/// are themselves cloned into futures.
#[derive(Clone, Debug)]
pub struct GasMeter(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    limit: u64,
    consumed: AtomicU64,
}

impl GasMeter {
    pub fn new(limit: u64) -> Self {
        Self(Arc::new(Inner { limit, consumed: AtomicU64::new(0) }))
    }

    /// For work no signer pays for: genesis, queries.
    pub fn infinite() -> Self {
        Self::new(u64::MAX)
    }

    pub fn limit(&self) -> u64 {
        self.0.limit
    }

    pub fn consumed(&self) -> u64 {
        self.0.consumed.load(Ordering::Relaxed)
    }

    pub fn is_out_of_gas(&self) -> bool {
        self.consumed() > self.limit()
    }

    /// Adds `amount` to the count (saturating) and fails once the count exceeds the limit. The count
    /// keeps growing past the limit so `gas_used` reports what the work would have cost.
    pub fn consume(&self, amount: u64, what: &str) -> SdkResult<()> {
        let previous = self
            .0
            .consumed
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |c| Some(c.saturating_add(amount)))
            .expect("closure always returns Some");
        let now = previous.saturating_add(amount);
        if now > self.limit() {
            return Err(self.out_of_gas(what));
        }
        Ok(())
    }

    /// Fails if an earlier charge (one that could not fail in place, such as a write) went over.
    pub fn check(&self, what: &str) -> SdkResult<()> {
        if self.is_out_of_gas() {
            return Err(self.out_of_gas(what));
        }
        Ok(())
    }

    fn out_of_gas(&self, what: &str) -> SdkError {
        SdkError::new(
            Code::OutOfGas,
            format!("out of gas in location: {what}; gasWanted: {}, gasUsed: {}", self.limit(), self.consumed()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_only_past_the_limit() {
        let m = GasMeter::new(10);
        m.consume(10, "a").unwrap();
        assert!(!m.is_out_of_gas());
        let e = m.consume(1, "b").unwrap_err();
        assert!(e.is(Code::OutOfGas));
        assert_eq!(m.consumed(), 11);
        assert!(m.check("c").is_err());
    }

    #[test]
    fn saturates_instead_of_wrapping() {
        let m = GasMeter::infinite();
        m.consume(u64::MAX, "a").unwrap();
        m.consume(5, "b").unwrap();
        assert_eq!(m.consumed(), u64::MAX);
    }
}
