//! Chain facts the app keeps in its own substore (`app`) that modules' queries also need: the
//! last committed block's time (a dry-run query checks expiries against it).

use cnidarium::StateRead;
use tendermint::Time;

use crate::store::ReadExt;
use crate::SdkResult;

/// The chain id, written at genesis (IBC reads its revision number from it).
pub fn chain_id_key() -> String {
    "app/chain_id".to_string()
}

/// The chain id ("" before genesis).
pub async fn chain_id<S: StateRead + ?Sized>(state: &S) -> SdkResult<String> {
    let bytes = state.get_raw(&chain_id_key()).await?.unwrap_or_default();
    String::from_utf8(bytes).map_err(|_| crate::SdkError::internal("corrupt chain id"))
}

/// Nanoseconds since the epoch of the last block (genesis time before block 1), big-endian.
pub fn last_block_time_key() -> String {
    "app/last_block_time".to_string()
}

/// The time of the last committed block (genesis time before the first).
pub async fn last_block_time<S: StateRead + ?Sized>(state: &S) -> SdkResult<Time> {
    let nanos = state.get_u64(&last_block_time_key()).await?.unwrap_or(0);
    Ok(Time::from_unix_timestamp(0, 0)
        .ok()
        .and_then(|epoch| (epoch + std::time::Duration::from_nanos(nanos)).ok())
        .unwrap_or_else(Time::unix_epoch))
}

pub fn nanos_since_epoch(t: Time) -> u64 {
    t.duration_since(Time::unix_epoch()).map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)).unwrap_or(0)
}
