//! App-level store keys (the `app` substore): chain facts every module's tx checks depend on.

use cnidarium::StateRead;
use symbiote_core::store::ReadExt;
use symbiote_core::SdkResult;
use tendermint::Time;

use crate::module_set::ModuleSet;

pub const PREFIX: &str = "app";

pub fn chain_id() -> String {
    format!("{PREFIX}/chain_id")
}

/// The block gas limit from consensus params; absent means unlimited (CometBFT's -1).
pub fn max_block_gas() -> String {
    format!("{PREFIX}/max_block_gas")
}

/// Nanoseconds since the epoch of the last block (genesis time before block 1), big-endian.
pub fn last_block_time() -> String {
    format!("{PREFIX}/last_block_time")
}

/// Every substore prefix, in the order handed to cnidarium: the app's, then each module's.
pub fn substore_prefixes<M: ModuleSet>() -> Vec<String> {
    std::iter::once(PREFIX).chain(M::names()).map(str::to_string).collect()
}

/// The time of the last committed block (genesis time before the first).
pub async fn read_last_block_time<S: StateRead>(state: &S) -> SdkResult<Time> {
    let nanos = state.get_u64(&last_block_time()).await?.unwrap_or(0);
    Ok(Time::from_unix_timestamp(0, 0)
        .ok()
        .and_then(|epoch| (epoch + std::time::Duration::from_nanos(nanos)).ok())
        .unwrap_or_else(Time::unix_epoch))
}

pub fn nanos_since_epoch(t: Time) -> u64 {
    t.duration_since(Time::unix_epoch()).map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are consensus: this test fails on any change of their bytes.
    #[test]
    fn keys_should_not_change() {
        assert_eq!(chain_id(), "app/chain_id");
        assert_eq!(max_block_gas(), "app/max_block_gas");
        assert_eq!(last_block_time(), "app/last_block_time");
    }
}
