//! One fetch's conversation with the institution: every GET goes through here, so that the
//! FAPI headers, the in-flight bound, retries, pagination, the audit copy of each page, the
//! call count and the record of what could not be fetched live in one place.

use super::retry::GiveUp;
use super::{FetchControl, FetchError, FetchTarget, Progress, RetryPolicy};
use crate::error::sanitize;
use crate::fapi::http::{self, INTERACTION_ID, MAX_BODY_BYTES};
use crate::{FapiClient, OfbError};
use ponte_domain::finance::MissingPart;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Semaphore;
use url::Url;

/// Requests in flight at once for one consent: enough to overlap the bank's latency, few
/// enough not to look like a burst to its rate limiter.
const IN_FLIGHT: usize = 4;
/// Pages followed per endpoint and resource; a list longer than this is a bank misbehaving.
pub(crate) const MAX_PAGES: usize = 500;
/// Links longer than this are refused (OFB caps `links` at 2,000 characters, 4,048 in
/// accounts 2.5).
const MAX_LINK_CHARS: usize = 4096;
/// The first page asks for the most OFB allows.
const PAGE_SIZE: &str = "1000";

/// One endpoint to read for one resource.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    pub area: &'static str,
    pub template: &'static str,
    /// The path below the API's root, one segment each (ids are percent-encoded if need be).
    pub segments: Vec<String>,
    pub resource_id: Option<String>,
    pub query: Vec<(&'static str, String)>,
    /// A list: asks `page-size=1000` (single-object endpoints take no paging parameters).
    pub paged: bool,
}

impl Call {
    pub fn new(area: &'static str, template: &'static str, segments: &[&str]) -> Call {
        Call {
            area,
            template,
            segments: segments.iter().map(|s| (*s).to_owned()).collect(),
            resource_id: None,
            query: Vec::new(),
            paged: false,
        }
    }

    pub fn of(mut self, resource_id: &str) -> Call {
        self.resource_id = Some(resource_id.to_owned());
        self
    }

    pub fn paged(mut self) -> Call {
        self.paged = true;
        self
    }

    pub fn with(mut self, name: &'static str, value: String) -> Call {
        self.query.push((name, value));
        self
    }

    /// `"<area> <path>"`: the audit key of this endpoint's pages.
    fn audit_key(&self) -> String {
        format!("{} /{}", self.area, self.segments.join("/"))
    }
}

/// Why an endpoint could not be read.
#[derive(Clone, Debug)]
pub(crate) struct Failure {
    pub reason: String,
    /// The HTTP status the institution answered, when it answered one.
    pub status: Option<u16>,
}

impl Failure {
    fn new(reason: impl Into<String>) -> Failure {
        Failure { reason: reason.into(), status: None }
    }

    fn of(error: &OfbError, attempts: u32) -> Failure {
        let tries = if attempts > 1 { format!(" after {attempts} attempts") } else { String::new() };
        match error {
            OfbError::Status { status, code, .. } => {
                let what = match status {
                    401 => "refused the access token",
                    403 => "refused access (permission or resource not granted)",
                    404 => "does not know this resource",
                    429 | 529 => "is limiting Ponte's calls",
                    500..=599 => "failed",
                    _ => "refused the call",
                };
                let code = code.as_deref().map(|c| format!(", {}", sanitize(c, 64))).unwrap_or_default();
                Failure {
                    reason: format!("the institution {what} (HTTP {status}{code}){tries}"),
                    status: Some(*status),
                }
            }
            OfbError::Transport { .. } => {
                Failure::new(format!("the institution could not be reached or did not answer in time{tries}"))
            }
            OfbError::Protocol(message) => {
                Failure::new(format!("the institution's answer is unusable: {message}"))
            }
            other => Failure::new(other.to_string()),
        }
    }
}

/// Everything a fetch leaves behind besides the normalised data.
#[derive(Debug, Default)]
pub(crate) struct Log {
    /// Page bodies by `"<area> <path>"`, in the order they came.
    pub raw: BTreeMap<String, Vec<Arc<Value>>>,
    /// HTTP requests sent (pages and retries included).
    pub calls: u32,
    /// The `x-fapi-interaction-id` of every request, failed ones included.
    pub interaction_ids: Vec<String>,
    pub missing: Vec<MissingPart>,
}

pub(crate) struct Session<'a> {
    client: &'a FapiClient,
    control: &'a dyn FetchControl,
    retry: &'a RetryPolicy,
    /// Authorization, Accept and the customer-present headers, checked once.
    headers: HeaderMap,
    in_flight: Semaphore,
    /// Set by a 401: the token is dead, and every further call would be refused too.
    token_refused: AtomicBool,
    log: Mutex<Log>,
}

impl<'a> Session<'a> {
    pub fn new(
        client: &'a FapiClient,
        target: &FetchTarget<'_>,
        control: &'a dyn FetchControl,
        retry: &'a RetryPolicy,
    ) -> Result<Session<'a>, FetchError> {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, header_value(&format!("Bearer {}", target.access_token), 16 * 1024)?);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let user = &target.user;
        let optional = [
            ("x-fapi-auth-date", &user.auth_date),
            ("x-fapi-customer-ip-address", &user.customer_ip_address),
            ("x-customer-user-agent", &user.customer_user_agent),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                headers.insert(HeaderName::from_static(name), header_value(value, 512)?);
            }
        }
        Ok(Session {
            client,
            control,
            retry,
            headers,
            in_flight: Semaphore::new(IN_FLIGHT),
            token_refused: AtomicBool::new(false),
            log: Mutex::new(Log::default()),
        })
    }

    pub fn into_log(self) -> Log {
        self.log.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn log(&self) -> MutexGuard<'_, Log> {
        // Nothing panics while holding the lock; if something did, the log is still usable.
        self.log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records a part of the data that could not be fetched.
    pub fn missing(&self, area: &str, template: &str, resource_id: Option<&str>, reason: impl Into<String>) {
        let part = MissingPart {
            area: area.to_owned(),
            endpoint: template.to_owned(),
            resource_id: resource_id.map(str::to_owned),
            reason: reason.into(),
        };
        tracing::info!(area, endpoint = template, reason = part.reason.as_str(), "OFB data missing");
        self.log().missing.push(part);
    }

    pub fn progress(&self, area: &'static str, done: usize, total: usize) {
        self.control.progress(&Progress { area, done, total });
    }

    /// Every page of an endpoint, or `None` when not even the first could be read (the
    /// reason is recorded).
    pub async fn fetch(&self, root: &Url, call: &Call) -> Option<Vec<Arc<Value>>> {
        match self.pages(root, call).await {
            Ok(pages) => Some(pages),
            Err(failure) => {
                self.missing(call.area, call.template, call.resource_id.as_deref(), failure.reason);
                None
            }
        }
    }

    /// Every page of an endpoint: the first one asked with the call's query, the others
    /// through `links.next` on the API's own origin, at most [`MAX_PAGES`]. A page after the
    /// first that fails ends the list early, recorded as missing; the pages before it stand.
    pub async fn pages(&self, root: &Url, call: &Call) -> Result<Vec<Arc<Value>>, Failure> {
        if self.token_refused.load(Ordering::Relaxed) {
            return Err(Failure::new(
                "not called: the institution refused the access token earlier in this fetch",
            ));
        }
        if !self.control.may_call(call.template, call.area, call.resource_id.as_deref()).await {
            return Err(Failure::new("not called: the operational limit for the month is reached"));
        }
        let first = first_url(root, call)?;
        let key = call.audit_key();
        let resource_id = call.resource_id.as_deref();
        let mut pages = Vec::new();
        let mut visited = HashSet::new();
        let mut next = Some(first);
        while let Some(url) = next.take() {
            if pages.len() >= MAX_PAGES {
                let reason = format!("more than {MAX_PAGES} pages: the rest was not fetched");
                self.missing(call.area, call.template, resource_id, reason);
                break;
            }
            let body = match self.get(&url, call.template).await {
                Ok(body) => Arc::new(body),
                Err(failure) if pages.is_empty() => return Err(failure),
                Err(failure) => {
                    let reason = format!("page {} and later: {}", pages.len() + 1, failure.reason);
                    self.missing(call.area, call.template, resource_id, reason);
                    break;
                }
            };
            self.log().raw.entry(key.clone()).or_default().push(body.clone());
            visited.insert(url.as_str().to_owned());
            match next_link(&body, &url, root) {
                Next::End => {}
                Next::Follow(link) if visited.contains(link.as_str()) => {
                    let reason =
                        "the institution's next link points back to a page already read: stopped there";
                    self.missing(call.area, call.template, resource_id, reason);
                }
                Next::Follow(link) => next = Some(link),
                Next::Refused(why) => {
                    let reason =
                        format!("the institution's next link {why}: the pages after it were not fetched");
                    self.missing(call.area, call.template, resource_id, reason);
                }
            }
            pages.push(body);
        }
        Ok(pages)
    }

    /// One GET, retried as the policy says on 429/529, 5xx and transport failures.
    async fn get(&self, url: &Url, template: &'static str) -> Result<Value, Failure> {
        let mut failed = 0;
        loop {
            let error = match self.get_once(url, template).await {
                Ok(body) => return Ok(body),
                Err(error) => error,
            };
            failed += 1;
            if matches!(error, OfbError::Status { status: 401, .. }) {
                self.token_refused.store(true, Ordering::Relaxed);
            }
            if !error.is_retryable() {
                return Err(Failure::of(&error, failed));
            }
            let wait = match self.retry.wait(failed, error.retry_after(), rand::random::<f64>()) {
                Ok(wait) => wait,
                Err(GiveUp::Exhausted) => return Err(Failure::of(&error, failed)),
                Err(GiveUp::RetryAfterTooLong(asked)) => {
                    let mut failure = Failure::of(&error, failed);
                    failure.reason = format!(
                        "{} and asked to wait {} s, more than the {} s Ponte waits",
                        failure.reason,
                        asked.as_secs(),
                        self.retry.max_retry_after.as_secs()
                    );
                    return Err(failure);
                }
            };
            tracing::debug!(
                endpoint = template,
                attempt = failed,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying OFB call"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// One GET with the FAPI headers and a fresh `x-fapi-interaction-id`, kept for support
    /// whatever the outcome.
    async fn get_once(&self, url: &Url, template: &'static str) -> Result<Value, OfbError> {
        // The semaphore is never closed, so acquiring cannot fail; if it did, go unbounded.
        let _slot = self.in_flight.acquire().await.ok();
        let interaction_id = uuid::Uuid::new_v4().to_string();
        {
            let mut log = self.log();
            log.calls = log.calls.saturating_add(1);
            log.interaction_ids.push(interaction_id.clone());
        }
        tracing::debug!(endpoint = template, interaction_id = interaction_id.as_str(), "OFB data call");
        let request = self
            .client
            .http()
            .get(url.clone())
            .headers(self.headers.clone())
            .header(INTERACTION_ID, &interaction_id);
        let response = request.send().await.map_err(|e| OfbError::transport("resource", e))?;
        let body = http::read(response, "resource", MAX_BODY_BYTES).await?.json(&[200], "resource", false)?;
        // Every OFB data answer is `{"data": …, "links": …, "meta": …}`.
        if body.get("data").is_none_or(Value::is_null) {
            return Err(OfbError::protocol("the answer has no data"));
        }
        Ok(body)
    }
}

/// A header value from the caller that cannot break the request: printable ASCII, bounded.
fn header_value(value: &str, max: usize) -> Result<HeaderValue, FetchError> {
    let printable =
        !value.is_empty() && value.len() <= max && value.bytes().all(|b| (0x20..0x7f).contains(&b));
    let refused =
        || FetchError::Config("the access token or a customer header is not printable ASCII".into());
    if !printable {
        return Err(refused());
    }
    HeaderValue::from_str(value).map_err(|_| refused())
}

/// The first page's URL: the root, the call's path and query, and `page-size` for lists.
fn first_url(root: &Url, call: &Call) -> Result<Url, Failure> {
    let mut url = root.clone();
    url.set_query(None);
    url.set_fragment(None);
    if !call.segments.is_empty() {
        let Ok(mut path) = url.path_segments_mut() else {
            return Err(Failure::new("the institution's API URL cannot take a path"));
        };
        path.pop_if_empty().extend(&call.segments);
    }
    let mut query: Vec<(&str, &str)> = call.query.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if call.paged {
        query.push(("page-size", PAGE_SIZE));
    }
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    Ok(url)
}

/// Where a page says the list goes on.
#[derive(Debug, PartialEq)]
pub(crate) enum Next {
    End,
    Follow(Url),
    /// Why the link is not followed.
    Refused(&'static str),
}

/// `links.next` of a page, followed only on the API's own scheme, host and port: a hostile
/// bank must not make Ponte send its token and certificate elsewhere.
pub(crate) fn next_link(page: &Value, current: &Url, root: &Url) -> Next {
    let Some(link) = page.pointer("/links/next").and_then(Value::as_str).filter(|l| !l.trim().is_empty())
    else {
        return Next::End;
    };
    if link.len() > MAX_LINK_CHARS {
        return Next::Refused("is too long");
    }
    let Ok(url) = current.join(link) else { return Next::Refused("is not a URL") };
    let same_origin = url.scheme() == root.scheme()
        && url.host_str() == root.host_str()
        && url.port_or_known_default() == root.port_or_known_default();
    if same_origin { Next::Follow(url) } else { Next::Refused("leaves the institution's API host") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn next_links_stay_on_the_api_origin() {
        let root = Url::parse("https://api.bank.test/open-banking/accounts/v2").unwrap();
        let current =
            Url::parse("https://api.bank.test/open-banking/accounts/v2/accounts?page-size=1000").unwrap();
        let page = |next: Value| json!({"data": [], "links": {"self": current.as_str(), "next": next}});
        assert_eq!(next_link(&json!({"links": {}}), &current, &root), Next::End);
        assert_eq!(next_link(&page(json!("")), &current, &root), Next::End);
        let same = "https://api.bank.test/open-banking/accounts/v2/accounts?page=2&pagination-key=k";
        assert_eq!(next_link(&page(json!(same)), &current, &root), Next::Follow(Url::parse(same).unwrap()));
        let relative = next_link(&page(json!("accounts?page=2")), &current, &root);
        assert!(matches!(relative, Next::Follow(u) if u.host_str() == Some("api.bank.test")));
        for hostile in [
            "https://evil.test/open-banking/accounts/v2/accounts?page=2",
            "http://api.bank.test/open-banking/accounts/v2/accounts?page=2",
            "https://api.bank.test:8443/open-banking/accounts/v2/accounts?page=2",
            "https://api.bank.test.evil.test/x",
            "//evil.test/x",
        ] {
            assert_eq!(
                next_link(&page(json!(hostile)), &current, &root),
                Next::Refused("leaves the institution's API host"),
                "{hostile}"
            );
        }
        let long = format!("{same}&x={}", "a".repeat(5000));
        assert_eq!(next_link(&page(json!(long)), &current, &root), Next::Refused("is too long"));
        assert_eq!(next_link(&page(json!(7)), &current, &root), Next::End);
    }

    #[test]
    fn first_urls_carry_the_path_query_and_page_size() {
        let root = Url::parse("https://api.bank.test/p/open-banking/accounts/v2?stray=1").unwrap();
        let call = Call::new(
            "accounts",
            super::super::plan::template::ACCOUNT_TRANSACTIONS,
            &["accounts", "a 1", "transactions"],
        )
        .of("a 1")
        .paged()
        .with("fromBookingDate", "2025-01-01".into());
        assert_eq!(
            first_url(&root, &call).unwrap().as_str(),
            "https://api.bank.test/p/open-banking/accounts/v2/accounts/a%201/transactions?fromBookingDate=2025-01-01&page-size=1000"
        );
        assert_eq!(call.audit_key(), "accounts /accounts/a 1/transactions");
        let detail = Call::new("accounts", "/accounts/{accountId}", &["accounts", "x"]);
        assert_eq!(
            first_url(&root, &detail).unwrap().as_str(),
            "https://api.bank.test/p/open-banking/accounts/v2/accounts/x"
        );
    }

    #[test]
    fn failures_say_what_happened() {
        let status = |status, code: Option<&str>| OfbError::Status {
            status,
            endpoint: "resource",
            code: code.map(str::to_owned),
            body_snippet: "personal data".into(),
            retry_after: None,
        };
        let failure = Failure::of(&status(503, Some("ERRO_INTERNO")), 4);
        assert_eq!(failure.reason, "the institution failed (HTTP 503, ERRO_INTERNO) after 4 attempts");
        assert_eq!(failure.status, Some(503));
        assert!(!Failure::of(&status(403, None), 1).reason.contains("personal data"));
        assert!(Failure::of(&OfbError::Protocol("x".into()), 1).reason.contains("unusable"));
        assert!(header_value("Bearer a\r\nb", 100).is_err());
        assert!(header_value("", 100).is_err());
        assert!(header_value(&"a".repeat(101), 100).is_err());
    }
}
