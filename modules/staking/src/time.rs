//! Block times in staking records: protobuf `Timestamp`s in state, nanoseconds in queue keys.

use std::time::Duration;

use cosmos_sdk_proto::Timestamp;
use symbiote_core::{SdkError, SdkResult};
use tendermint::Time;

/// Nanoseconds since 1970 (block times are never earlier), for queue keys.
pub fn nanos(t: Time) -> u64 {
    t.duration_since(Time::unix_epoch()).map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)).unwrap_or(0)
}

pub fn to_timestamp(t: Time) -> Timestamp {
    let nanos = nanos(t);
    Timestamp { seconds: (nanos / 1_000_000_000) as i64, nanos: (nanos % 1_000_000_000) as i32 }
}

/// A stored or submitted timestamp; out-of-range values are refused.
pub fn from_timestamp(ts: &Timestamp) -> SdkResult<Time> {
    let invalid = || SdkError::internal(format!("timestamp out of range: {}s {}ns", ts.seconds, ts.nanos));
    if ts.seconds < 0 || !(0..1_000_000_000).contains(&ts.nanos) {
        return Err(invalid());
    }
    Time::unix_epoch().checked_add(Duration::new(ts.seconds as u64, ts.nanos as u32)).ok_or_else(invalid)
}

/// `t + d`; the parameters bound `d` so that this cannot overflow for any block time before the
/// year 9000, so an overflow is a broken invariant.
pub fn add(t: Time, d: Duration) -> SdkResult<Time> {
    t.checked_add(d).ok_or_else(|| SdkError::internal(format!("time overflow: {t} + {d:?}")))
}

/// `a` is not after `b`.
pub fn not_after(a: Time, b: Time) -> bool {
    nanos(a) <= nanos(b)
}

/// Go's `time.RFC3339` (whole seconds, UTC `Z`), as the SDK writes completion times in events.
pub fn rfc3339(t: Time) -> String {
    let full = t.to_rfc3339();
    match full.split_once('.') {
        Some((whole, _)) => format!("{whole}Z"),
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_and_order() {
        let t = Time::from_unix_timestamp(1_700_000_000, 123).unwrap();
        assert_eq!(from_timestamp(&to_timestamp(t)).unwrap(), t);
        assert_eq!(nanos(t), 1_700_000_000_000_000_123);
        let later = add(t, Duration::from_secs(1)).unwrap();
        assert!(not_after(t, later) && !not_after(later, t) && not_after(t, t));
        assert!(from_timestamp(&Timestamp { seconds: -1, nanos: 0 }).is_err());
        assert_eq!(rfc3339(t), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(Time::from_unix_timestamp(1_700_000_000, 0).unwrap()), "2023-11-14T22:13:20Z");
        assert!(from_timestamp(&Timestamp { seconds: 0, nanos: 1_000_000_000 }).is_err());
    }
}
