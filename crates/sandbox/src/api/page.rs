//! Pagination as the OFB specs and the "Paginação" guideline say: `page` (1-based) and
//! `page-size` (default 25, at most 1,000, more is a 422; some APIs treat less than 25 as 25),
//! `links` (`self` always; `first`/`prev` when not on the first page; `next`/`last` when not on
//! the last) and `meta` (totals) — except transaction lists, whose links have no `last` and
//! whose meta has only `requestDateTime`. `pagination-key` is carried in `next` links so that
//! following pages are not counted against operational limits.

use super::error::{OfbError, OfbResult, request_date_time};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use url::Url;

pub const MAX_PAGE_SIZE: u32 = 1000;

/// How an API treats small page sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MinPageSize {
    /// Accounts, cards, credit operations: any size from 1.
    One,
    /// Consents and resources: "if less than 25 is asked, treat it as 25".
    TwentyFive,
}

/// The list's flavour: with totals and `last`, or a transaction list without them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    Totals,
    Transactions,
    /// Links as usual, but `meta` with only `requestDateTime` (customers' identifications).
    WithoutTotals,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub size: u32,
    pub pagination_key: Option<String>,
}

impl PageRequest {
    pub fn parse(query: &HashMap<String, String>, min: MinPageSize) -> OfbResult<PageRequest> {
        let number = |name: &str, default: u32| -> OfbResult<u32> {
            match query.get(name) {
                None => Ok(default),
                Some(raw) => raw
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1 && *n <= i32::MAX as u32)
                    .ok_or_else(|| OfbError::bad_request(format!("{name} must be a whole number from 1"))),
            }
        };
        let page = number("page", 1)?;
        let mut size = number("page-size", 25)?;
        if size > MAX_PAGE_SIZE {
            return Err(OfbError::unprocessable(
                "PAGE_SIZE_EXCEDIDO",
                format!("page-size {size} is more than the maximum of {MAX_PAGE_SIZE}"),
            ));
        }
        if min == MinPageSize::TwentyFive {
            size = size.max(25);
        }
        let pagination_key = query.get("pagination-key").cloned();
        if pagination_key.as_ref().is_some_and(|k| k.len() > 2048 || k.is_empty()) {
            return Err(OfbError::bad_request("pagination-key must have 1 to 2,048 characters"));
        }
        Ok(PageRequest { page, size, pagination_key })
    }

    /// The slice of `items` this page shows; a page past the end is empty.
    pub fn slice<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start = (self.page as usize - 1).saturating_mul(self.size as usize).min(items.len());
        let end = start.saturating_add(self.size as usize).min(items.len());
        &items[start..end]
    }

    pub fn total_pages(&self, total: usize) -> u32 {
        u32::try_from(total.div_ceil(self.size as usize)).unwrap_or(u32::MAX)
    }
}

/// A page body, serialised straight to bytes (no intermediate `serde_json::Value`).
#[derive(Serialize)]
pub struct PageBody<'a, T> {
    pub data: &'a [T],
    pub links: Value,
    pub meta: Value,
}

/// Builds a page body: `{"data": [...], "links": {...}, "meta": {...}}`.
///
/// `self_url` is the URL the client called (scheme, host, path and query); the other links keep
/// it and change only `page` (and carry `pagination_key` on `next`).
pub fn page_body<'a, T: Serialize>(
    items: &'a [T],
    request: &PageRequest,
    self_url: &Url,
    kind: ListKind,
    pagination_key: &str,
    now: time::OffsetDateTime,
) -> OfbResult<PageBody<'a, T>> {
    let shown = request.slice(items);
    let total_pages = request.total_pages(items.len()).max(1);
    let link = |page: u32, key: Option<&str>| {
        let mut url = self_url.clone();
        let kept: Vec<(String, String)> = self_url
            .query_pairs()
            .filter(|(k, _)| k != "page" && k != "page-size" && k != "pagination-key")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        {
            let mut query = url.query_pairs_mut();
            query.clear();
            query.extend_pairs(kept);
            query.append_pair("page", &page.to_string());
            query.append_pair("page-size", &request.size.to_string());
            if let Some(key) = key {
                query.append_pair("pagination-key", key);
            }
        }
        url.to_string()
    };
    let mut links = serde_json::Map::new();
    links.insert("self".into(), json!(self_url.as_str()));
    if request.page > 1 {
        links.insert("first".into(), json!(link(1, None)));
        links.insert("prev".into(), json!(link((request.page - 1).min(total_pages), None)));
    }
    if request.page < total_pages {
        links.insert("next".into(), json!(link(request.page + 1, Some(pagination_key))));
        if kind != ListKind::Transactions {
            links.insert("last".into(), json!(link(total_pages, None)));
        }
    }
    let meta = match kind {
        ListKind::Totals => json!({
            "totalRecords": items.len(),
            "totalPages": total_pages,
            "requestDateTime": request_date_time(now),
        }),
        ListKind::Transactions | ListKind::WithoutTotals => {
            json!({ "requestDateTime": request_date_time(now) })
        }
    };
    Ok(PageBody { data: shown, links: Value::Object(links), meta })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn sizes_are_checked_as_the_guideline_says() {
        let parsed = PageRequest::parse(&query(&[]), MinPageSize::One).unwrap();
        assert_eq!((parsed.page, parsed.size), (1, 25));
        let small = PageRequest::parse(&query(&[("page-size", "5")]), MinPageSize::TwentyFive).unwrap();
        assert_eq!(small.size, 25, "consents and resources treat less than 25 as 25");
        let err = PageRequest::parse(&query(&[("page-size", "1001")]), MinPageSize::One).unwrap_err();
        assert_eq!(err.status.as_u16(), 422);
        for bad in ["0", "-1", "x", "2147483648"] {
            assert_eq!(
                PageRequest::parse(&query(&[("page", bad)]), MinPageSize::One).unwrap_err().status,
                400
            );
        }
    }

    #[test]
    fn links_and_meta_follow_the_rules() {
        let items: Vec<u32> = (0..60).collect();
        let url =
            Url::parse("https://bank.test/open-banking/accounts/v2/accounts?page=2&page-size=25").unwrap();
        let request = PageRequest { page: 2, size: 25, pagination_key: None };
        let now = time::OffsetDateTime::UNIX_EPOCH;
        let body =
            serde_json::to_value(page_body(&items, &request, &url, ListKind::Totals, "k1", now).unwrap())
                .unwrap();
        assert_eq!(body["data"].as_array().unwrap().len(), 25);
        assert_eq!(body["data"][0], 25);
        let links = body["links"].as_object().unwrap();
        assert!(links["first"].as_str().unwrap().ends_with("page=1&page-size=25"));
        assert!(links["next"].as_str().unwrap().ends_with("page=3&page-size=25&pagination-key=k1"));
        assert!(links["last"].as_str().unwrap().ends_with("page=3&page-size=25"));
        assert_eq!(body["meta"]["totalRecords"], 60);
        assert_eq!(body["meta"]["totalPages"], 3);

        let body = serde_json::to_value(
            page_body(&items, &request, &url, ListKind::Transactions, "k1", now).unwrap(),
        )
        .unwrap();
        assert!(body["links"].get("last").is_none(), "transaction lists have no last link");
        assert!(body["meta"].get("totalRecords").is_none(), "nor totals");

        let first = PageRequest { page: 1, size: 100, pagination_key: None };
        let body =
            serde_json::to_value(page_body(&items, &first, &url, ListKind::Totals, "k1", now).unwrap())
                .unwrap();
        assert_eq!(body["links"].as_object().unwrap().len(), 1, "one page: only self");
        assert_eq!(body["meta"]["totalPages"], 1);
    }

    proptest! {
        /// Walking the pages returns every record exactly once, in order.
        #[test]
        fn a_walk_returns_every_record_once(total in 0usize..500, size in 1u32..120) {
            let items: Vec<usize> = (0..total).collect();
            let mut seen = Vec::new();
            let pages = PageRequest { page: 1, size, pagination_key: None }.total_pages(total).max(1);
            for page in 1..=pages {
                seen.extend_from_slice(PageRequest { page, size, pagination_key: None }.slice(&items));
            }
            prop_assert_eq!(seen, items);
        }
    }
}
