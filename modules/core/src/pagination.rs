//! Cosmos `PageRequest` over an in-memory ordered list: `key` (resume after a `next_key`) or
//! `offset`, then `limit` (default 100), optional `count_total` and `reverse`.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use tonic::Status;

pub const DEFAULT_LIMIT: u64 = 100;

/// `items` must be sorted by key. Returns the page and the response with `next_key` set to the
/// first key after the page.
pub fn paginate<T>(mut items: Vec<(Vec<u8>, T)>, page: Option<&PageRequest>) -> Result<(Vec<T>, PageResponse), Status> {
    let default = PageRequest::default();
    let page = page.unwrap_or(&default);
    if !page.key.is_empty() && page.offset > 0 {
        return Err(Status::invalid_argument("paginate: invalid request, either offset or key is expected, got both"));
    }
    let total = items.len() as u64;
    if page.reverse {
        items.reverse();
    }
    let start = if !page.key.is_empty() {
        items
            .iter()
            .position(|(k, _)| {
                if page.reverse {
                    k.as_slice() <= page.key.as_slice()
                } else {
                    k.as_slice() >= page.key.as_slice()
                }
            })
            .unwrap_or(items.len())
    } else {
        usize::try_from(page.offset).unwrap_or(usize::MAX).min(items.len())
    };
    let limit = if page.limit == 0 { DEFAULT_LIMIT } else { page.limit };
    let end = start.saturating_add(usize::try_from(limit).unwrap_or(usize::MAX)).min(items.len());
    let next_key = items.get(end).map(|(k, _)| k.clone()).unwrap_or_default();
    let page_items = items.drain(start..end).map(|(_, v)| v).collect();
    let total = if page.count_total { total } else { 0 };
    Ok((page_items, PageResponse { next_key, total }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: u8) -> Vec<(Vec<u8>, u8)> {
        (0..n).map(|i| (vec![i], i)).collect()
    }

    #[test]
    fn limit_offset_key_and_reverse() {
        let req = PageRequest { limit: 2, count_total: true, ..Default::default() };
        let (page, resp) = paginate(items(5), Some(&req)).unwrap();
        assert_eq!(page, vec![0, 1]);
        assert_eq!(resp.next_key, vec![2]);
        assert_eq!(resp.total, 5);
        let req = PageRequest { key: resp.next_key, limit: 2, ..Default::default() };
        assert_eq!(paginate(items(5), Some(&req)).unwrap().0, vec![2, 3]);
        let req = PageRequest { offset: 4, limit: 2, ..Default::default() };
        let (page, resp) = paginate(items(5), Some(&req)).unwrap();
        assert_eq!((page, resp.next_key), (vec![4], vec![]));
        let req = PageRequest { reverse: true, limit: 2, ..Default::default() };
        assert_eq!(paginate(items(5), Some(&req)).unwrap().0, vec![4, 3]);
        let req = PageRequest { key: vec![1], offset: 1, ..Default::default() };
        assert!(paginate(items(5), Some(&req)).is_err());
    }
}
