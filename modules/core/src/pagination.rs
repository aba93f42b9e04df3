//! Cosmos `PageRequest` over the store: one page of the keys under a prefix, read by iterating the
//! store's keys, so a list query costs its page (plus a key scan to its start), never the whole
//! list in memory.
//!
//! `key` resumes at a `next_key` (the key suffix after the prefix, as the SDK returns it), or
//! `offset` skips that many items; `limit` defaults to [`DEFAULT_LIMIT`] and is capped at
//! [`MAX_LIMIT`]; `count_total` counts the remaining keys (keys only, no values); `reverse` walks
//! from the end.

use cnidarium::StateRead;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use futures::StreamExt;
use tonic::Status;

pub const DEFAULT_LIMIT: u64 = 100;
/// The largest page a query returns, whatever it asks for (it can continue from `next_key`).
pub const MAX_LIMIT: u64 = 1_000;

/// One page: each item's key suffix (after the prefix) and value, in page order.
pub type Page = Vec<(String, Vec<u8>)>;

fn internal(e: anyhow::Error) -> Status {
    Status::internal(crate::SdkError::from(e).log)
}

/// Reads one page of the keys under `prefix`, with their values.
pub async fn paginate<S: StateRead>(
    state: &S,
    prefix: &str,
    request: Option<&PageRequest>,
) -> Result<(Page, PageResponse), Status> {
    let (suffixes, response) = paginate_keys(state, prefix, request).await?;
    let mut page = Vec::with_capacity(suffixes.len());
    for suffix in suffixes {
        let value = state.get_raw(&format!("{prefix}{suffix}")).await.map_err(internal)?.unwrap_or_default();
        page.push((suffix, value));
    }
    Ok((page, response))
}

/// Reads one page of the key suffixes under `prefix` (for indexes, whose values say nothing).
pub async fn paginate_keys<S: StateRead>(
    state: &S,
    prefix: &str,
    request: Option<&PageRequest>,
) -> Result<(Vec<String>, PageResponse), Status> {
    let default = PageRequest::default();
    let req = request.unwrap_or(&default);
    if !req.key.is_empty() && req.offset > 0 {
        return Err(Status::invalid_argument("paginate: invalid request, either offset or key is expected, got both"));
    }
    let limit =
        usize::try_from(if req.limit == 0 { DEFAULT_LIMIT } else { req.limit.min(MAX_LIMIT) }).unwrap_or(usize::MAX);
    let (suffixes, next, total) = if req.reverse {
        reverse_page(state, prefix, req, limit).await?
    } else {
        forward_page(state, prefix, req, limit).await?
    };
    let response = PageResponse {
        next_key: next.map(String::into_bytes).unwrap_or_default(),
        total: if req.count_total { total } else { 0 },
    };
    Ok((suffixes, response))
}

/// The key suffixes of the page, the suffix after it (next_key), and how many keys there are in all
/// (counted only when asked).
type Selection = (Vec<String>, Option<String>, u64);

async fn forward_page<S: StateRead>(
    state: &S,
    prefix: &str,
    req: &PageRequest,
    limit: usize,
) -> Result<Selection, Status> {
    let start = String::from_utf8_lossy(&req.key).into_owned();
    let mut keys = std::pin::pin!(state.prefix_keys(prefix));
    let (mut page, mut next, mut seen) = (Vec::new(), None, 0u64);
    while let Some(key) = keys.next().await {
        let key = key.map_err(internal)?;
        let suffix = key[prefix.len()..].to_string();
        seen += 1;
        if (!start.is_empty() && suffix < start) || seen <= req.offset {
            continue;
        }
        if page.len() < limit {
            page.push(suffix);
        } else if next.is_none() {
            next = Some(suffix);
            if !req.count_total {
                break;
            }
        }
    }
    Ok((page, next, seen))
}

/// Walking from the end with a forward-only scan: count the keys in range first, then take the
/// page's window on a second pass, so memory stays one page whatever the offset.
async fn reverse_page<S: StateRead>(
    state: &S,
    prefix: &str,
    req: &PageRequest,
    limit: usize,
) -> Result<Selection, Status> {
    let end = String::from_utf8_lossy(&req.key).into_owned();
    let in_range = |suffix: &str| end.is_empty() || suffix <= end.as_str();
    let mut total = 0u64;
    let mut in_range_count = 0u64;
    {
        let mut keys = std::pin::pin!(state.prefix_keys(prefix));
        while let Some(key) = keys.next().await {
            let key = key.map_err(internal)?;
            total += 1;
            if in_range(&key[prefix.len()..]) {
                in_range_count += 1;
            }
        }
    }
    // Items in descending order are in_range_count-1 … 0; the page is positions [offset, offset+limit)
    // of that order, i.e. ascending indexes [hi - limit, hi) with hi = in_range_count - offset.
    let hi = in_range_count.saturating_sub(req.offset);
    let lo = hi.saturating_sub(limit as u64);
    let mut page = Vec::new();
    let mut next = None;
    let mut index = 0u64;
    let mut keys = std::pin::pin!(state.prefix_keys(prefix));
    while let Some(key) = keys.next().await {
        let key = key.map_err(internal)?;
        let suffix = &key[prefix.len()..];
        if !in_range(suffix) {
            continue;
        }
        if lo > 0 && index == lo - 1 {
            next = Some(suffix.to_string());
        } else if (lo..hi).contains(&index) {
            page.push(suffix.to_string());
        }
        index += 1;
        if index >= hi {
            break;
        }
    }
    page.reverse();
    Ok((page, next, total))
}

#[cfg(test)]
mod tests {
    use cnidarium::{StateDelta, StateWrite, TempStorage};

    use super::*;

    async fn store(n: u8) -> (TempStorage, cnidarium::Snapshot) {
        let storage = TempStorage::new().await.unwrap();
        let mut delta = StateDelta::new(storage.latest_snapshot());
        for i in 0..n {
            delta.put_raw(format!("p/{i:02}"), vec![i]);
        }
        delta.put_raw("q/00".into(), vec![99]);
        storage.commit(delta).await.unwrap();
        let snapshot = storage.latest_snapshot();
        (storage, snapshot)
    }

    fn values(page: &Page) -> Vec<u8> {
        page.iter().map(|(_, v)| v[0]).collect()
    }

    #[tokio::test]
    async fn limit_offset_key_count_and_reverse() {
        let (_storage, s) = store(5).await;
        let req = PageRequest { limit: 2, count_total: true, ..Default::default() };
        let (page, resp) = paginate(&s, "p/", Some(&req)).await.unwrap();
        assert_eq!(values(&page), vec![0, 1]);
        assert_eq!(page[0].0, "00");
        assert_eq!((resp.next_key.as_slice(), resp.total), (b"02".as_slice(), 5));

        let req = PageRequest { key: resp.next_key, limit: 2, ..Default::default() };
        let (page, resp) = paginate(&s, "p/", Some(&req)).await.unwrap();
        assert_eq!(values(&page), vec![2, 3]);
        assert_eq!(resp.total, 0, "total only when asked");

        let req = PageRequest { offset: 4, limit: 2, ..Default::default() };
        let (page, resp) = paginate(&s, "p/", Some(&req)).await.unwrap();
        assert_eq!((values(&page), resp.next_key), (vec![4], vec![]));

        let req = PageRequest { reverse: true, limit: 2, count_total: true, ..Default::default() };
        let (page, resp) = paginate(&s, "p/", Some(&req)).await.unwrap();
        assert_eq!(values(&page), vec![4, 3]);
        assert_eq!((resp.next_key.as_slice(), resp.total), (b"02".as_slice(), 5));
        let req = PageRequest { reverse: true, key: resp.next_key, limit: 2, ..Default::default() };
        let (page, resp) = paginate(&s, "p/", Some(&req)).await.unwrap();
        assert_eq!((values(&page), resp.next_key.as_slice()), (vec![2, 1], b"00".as_slice()));
        let req = PageRequest { reverse: true, offset: 3, limit: 5, ..Default::default() };
        assert_eq!(values(&paginate(&s, "p/", Some(&req)).await.unwrap().0), vec![1, 0]);

        let req = PageRequest { key: b"01".to_vec(), offset: 1, ..Default::default() };
        assert!(paginate(&s, "p/", Some(&req)).await.is_err());
    }

    #[tokio::test]
    async fn default_and_maximum_limits() {
        let storage = TempStorage::new().await.unwrap();
        let mut delta = StateDelta::new(storage.latest_snapshot());
        for i in 0..1_100u32 {
            delta.put_raw(format!("p/{i:05}"), vec![1]);
        }
        storage.commit(delta).await.unwrap();
        let s = storage.latest_snapshot();
        let (page, resp) = paginate(&s, "p/", None).await.unwrap();
        assert_eq!(page.len() as u64, DEFAULT_LIMIT);
        assert_eq!(resp.next_key, b"00100".to_vec());
        let req = PageRequest { limit: u64::MAX, ..Default::default() };
        let (page, resp) = paginate(&s, "p/", Some(&req)).await.unwrap();
        assert_eq!(page.len() as u64, MAX_LIMIT);
        assert_eq!(resp.next_key, b"01000".to_vec());
    }
}
