//! Durations as the Cosmos SDK writes them: `google.protobuf.Duration` on the wire, and protobuf
//! JSON (`"1814400s"`, up to 9 fractional digits) in genesis files.

use std::time::Duration;

use cosmos_sdk_proto::tendermint::google::protobuf::Duration as ProtoDuration;

pub fn to_proto(d: Duration) -> ProtoDuration {
    ProtoDuration { seconds: d.as_secs() as i64, nanos: d.subsec_nanos() as i32 }
}

/// `None` for a negative duration or out-of-range nanos.
pub fn from_proto(d: ProtoDuration) -> Option<Duration> {
    let seconds = u64::try_from(d.seconds).ok()?;
    let nanos = u32::try_from(d.nanos).ok().filter(|n| *n < 1_000_000_000)?;
    Some(Duration::new(seconds, nanos))
}

/// protobuf JSON for a Duration: seconds with an `s` suffix and up to 9 fractional digits.
pub mod json {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        if d.subsec_nanos() == 0 {
            s.collect_str(&format_args!("{}s", d.as_secs()))
        } else {
            let frac = format!("{:09}", d.subsec_nanos());
            s.collect_str(&format_args!("{}.{}s", d.as_secs(), frac.trim_end_matches('0')))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).ok_or_else(|| serde::de::Error::custom(format!("invalid duration {s:?}")))
    }

    pub fn parse(s: &str) -> Option<Duration> {
        let body = s.strip_suffix('s')?;
        let (secs, frac) = body.split_once('.').unwrap_or((body, ""));
        if secs.is_empty() || !secs.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 9 {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let nanos = if frac.is_empty() { 0 } else { format!("{frac:0<9}").parse().ok()? };
        Some(Duration::new(secs.parse().ok()?, nanos))
    }
}
